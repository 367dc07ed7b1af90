#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: printix_user
short_description: Create and delete Printix guest users
version_added: 1.0.0
description:
  - Creates or deletes a guest user (role C(GUEST_USER)) of a Printix tenant through the Printix Cloud Print API.
    The user is matched by email address.
  - Needs credentials of the B(User Manager) API area.
  - Only guest users can be created or deleted through the API. An email that belongs to a regular user
    (role C(USER), from the identity provider) makes the task fail without touching that user.
  - The API cannot change an existing user. When O(full_name) or O(expiration) differ from an existing guest
    user, the module warns and leaves the user as it is; delete and recreate it to change them.
  - On creation Printix generates the ID code, and the PIN and password unless given. They are shown once, in
    the answer to the create call, and can never be read again. The module returns them in RV(credentials)
    only when the task sets C(no_log=true), so that they never reach logs, the console or AWX job events;
    otherwise it warns that they were not returned.
author:
  - printops contributors (@printops)
extends_documentation_fragment:
  - printops.print_management.printix
  - printops.print_management.connection
  - printops.print_management.attributes
  - printops.print_management.attributes.ACTIONGROUP_PRINTIX
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
    details:
      - The diff shows email, full name, role and expiration; never the PIN, ID code or password.
  idempotent:
    support: full
    details:
      - O(pin), O(password), O(send_welcome_email) and O(send_expiration_email) apply only when the user is
        created; they cannot be read back or changed afterwards.
options:
  email:
    description:
      - Email address of the guest user; the user's natural key, matched whatever its case.
      - Required unless O(users) is given.
    type: str
  full_name:
    description: Full name of the user, set when it is created.
    type: str
  pin:
    description:
      - The 4-digit PIN for signing in at printers, set when the user is created. Printix generates one if not given.
      - Quote it in YAML (V("0421")); unquoted, a leading zero is lost and the task fails.
    type: str
  password:
    description:
      - The user's password, set when the user is created. Printix generates one if not given.
      - If the email already had a Printix account elsewhere and only gains access to this tenant, Printix keeps
        that account's password.
    type: str
  expiration:
    description:
      - End of the user's validity period, as C(YYYY.MM.DD HH:MM) (the API's format) or C(YYYY-MM-DD HH:MM).
        Printix deletes the user within 24 hours after it.
      - Set when the user is created.
    type: str
  send_welcome_email:
    description:
      - Whether Printix sends its default welcome email on creation. Not set, Printix decides.
    type: bool
  send_expiration_email:
    description:
      - Whether Printix sends an email when the user expires. Not set, Printix decides.
    type: bool
  state:
    description:
      - V(present) creates the guest user if no user has the email; V(absent) deletes it.
      - Deleting a guest user also removes its cards.
    type: str
    choices: [present, absent]
    default: present
  users:
    description:
      - Bulk form. A list of guest users, each a dictionary of O(email), O(full_name), O(pin), O(password),
        O(expiration), O(send_welcome_email), O(send_expiration_email) and O(state). Top-level options act as
        defaults for every item.
      - The emails are found once per task at the fewest API calls - the first page of 1,000 users of each role,
        the rest of the role only when listing it costs fewer calls than looking the remaining emails up one by
        one (done otherwise). A new guest user then costs one call (its creation), an unchanged one none.
      - One failed item does not stop the others; the task fails after all have been reported.
      - Each created user's generated sign-in details are in its item's C(credentials) under the same rule as
        RV(credentials) (only when the task sets C(no_log=true)).
    type: list
    elements: dict
    suboptions:
      email:
        description: As O(email).
        type: str
        required: true
      full_name:
        description: As O(full_name).
        type: str
      pin:
        description: As O(pin).
        type: str
      password:
        description: As O(password).
        type: str
      expiration:
        description: As O(expiration).
        type: str
      send_welcome_email:
        description: As O(send_welcome_email).
        type: bool
      send_expiration_email:
        description: As O(send_expiration_email).
        type: bool
      state:
        description: As O(state).
        type: str
        choices: [present, absent]
  concurrency:
    description: With O(users), how many users are processed at once, from 1 to 64.
    type: int
    default: 8
seealso:
  - module: printops.print_management.printix_user_info
  - module: printops.print_management.printix_card
"""

EXAMPLES = r"""
- name: Give a visitor print access until Friday evening
  printops.print_management.printix_user:
    printix_client_id: "{{ user_manager_id }}"
    printix_client_secret: "{{ user_manager_secret }}"
    email: visitor@partner.example
    full_name: Vera Visitor
    expiration: "2025-03-07 18:00"
    send_welcome_email: true
  no_log: true  # needed to receive the generated PIN, ID code and password
  register: guest

- name: Hand the generated sign-in details to the next step without logging them
  ansible.builtin.set_fact:
    visitor_pin: "{{ guest.credentials.pin | default(omit) }}"
  no_log: true

- name: Remove the visitor again
  printops.print_management.printix_user:
    email: visitor@partner.example
    state: absent

- name: A conference's guests in one task
  printops.print_management.printix_user:
    # guests: [{email: a@partner.example, full_name: A}, ...]
    users: "{{ guests }}"
    expiration: "2025-03-07 18:00"
  no_log: true
  register: conference
"""

RETURN = r"""
action:
  description: What was done, or would be done in check mode.
  returned: when O(email) is given
  type: str
  sample: create
users:
  description:
    - With O(users), one result per item in input order (index, email, changed, action, user, credentials,
      failed, msg).
  returned: when O(users) is given
  type: list
  elements: dict
summary:
  description: With O(users), how many users were created, deleted, unchanged or failed (as in M(printops.print_management.printix_card)).
  returned: when O(users) is given
  type: dict
  sample: {total: 200, created: 190, updated: 0, deleted: 0, unchanged: 10, failed: 0, uncertain: 0, not_attempted: 0}
api_calls:
  description: The API calls the task made by kind, as for M(printops.print_management.printix_card).
  returned: always
  type: dict
  sample: {lookups: 2, reads: 0, writes: 190, total: 192}
user:
  description:
    - The guest user after the task (id, email, full_name, role, expiration); in check mode, as it would be
      (without an id for a new user).
  returned: when O(email) is given and O(state=present)
  type: dict
  sample: {id: 4d2f67e3-b097-48f4-9ea5-55808f3bb7eb, email: visitor@partner.example, full_name: Vera Visitor,
           role: GUEST_USER, expiration: "2025.03.07 18:00"}
rate_limit:
  description: How the API's rate limit affected the task, as for M(printops.print_management.printix_card).
  returned: always
  type: dict
  sample: {throttled_responses: 0, waited_seconds: 0.0, paced_seconds: 0.0}
credentials:
  description:
    - B(Secret.) The sign-in details Printix generated when it created the user - C(id_code), and C(pin) and
      C(password) unless they were given as options. Printix shows them only this once.
    - Returned only when the user was created by this task, not in check mode, and the task sets C(no_log=true).
  returned: when the user was created and the task sets no_log
  type: dict
  sample: {id_code: "034645", pin: "8364", password: EeGahqu7}
"""

from ansible_collections.printops.print_management.plugins.module_utils._module import bulk_spec, new_module, reconcile
from ansible_collections.printops.print_management.plugins.module_utils._printix import PrintixClient
from ansible_collections.printops.print_management.plugins.module_utils._printix_users import GuestUsers


def main():
    spec = bulk_spec(dict(
        email=dict(type="str"),
        full_name=dict(type="str"),
        pin=dict(type="str", no_log=True),
        password=dict(type="str", no_log=True),
        expiration=dict(type="str"),
        send_welcome_email=dict(type="bool"),
        send_expiration_email=dict(type="bool"),
        state=dict(type="str", choices=["present", "absent"]),
    ), "email", "users", dict(state="present"))
    module = new_module("printix", spec, mutually_exclusive=[("email", "users")],
                        required_one_of=[("email", "users")])
    reconcile(module, PrintixClient.from_module(module), GuestUsers, warn=module.warn,
              may_return_credentials=module.no_log)


if __name__ == "__main__":
    main()
