#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: papercut_user
short_description: Manage PaperCut MF/NG users, their properties, balance and groups
version_added: 1.0.0
description:
  - Create, update and delete users of a PaperCut MF/NG server through its XML-RPC web services API.
  - Only the options you set are compared and changed; everything else about the user is left alone.
  - Manage one user with O(username), or thousands in one task with O(users).
author:
  - printops contributors (@printops)
extends_documentation_fragment:
  - printops.print_management.papercut
  - printops.print_management.connection
  - printops.print_management.attributes
  - printops.print_management.attributes.ACTIONGROUP_PAPERCUT
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
    details:
      - O(password) and O(card_pin) are never shown. Card numbers are shown masked (C(****) and their last four
        characters).
  idempotent:
    support: partial
    details:
      - Idempotent, except O(adjust_balance), which adds an amount on every run, and O(password) with
        O(update_password=always) and O(card_pin) with O(update_pin=always), which are sent on every run because
        PaperCut cannot read them back.
options:
  username:
    description:
      - The user's login name. Required unless O(users) is given.
      - Names with control characters (newline, NUL), bidirectional overrides or more than 255 characters are
        refused, and so is an unquoted C(no)/C(yes) that YAML made a boolean.
      - In O(users), an error in an item names the item by its index and username, for example
        C(users[3] (username 'jdoe')), and then what is wrong (an unsupported option such as C(balence) comes
        with the option meant).
    type: str
    aliases: [name]
  state:
    description:
      - V(present) creates or updates the user, V(absent) deletes it.
      - Deleting removes the user from the user list; print and transaction history remain.
    type: str
    choices: [present, absent]
    default: present
  internal:
    description:
      - Create the user as a PaperCut internal user (with O(password)), instead of importing it from the user
        directory PaperCut synchronises with.
      - When V(false) (the default on creation), the user must exist in the directory; if it does not, the
        task fails and nothing is created.
      - PaperCut cannot convert an existing user between internal and directory; setting this option for an
        existing user of the other kind fails.
    type: bool
  password:
    description:
      - Password of an internal user. Required to create an internal user. Directory users have no PaperCut password.
    type: str
  update_password:
    description:
      - V(on_create) sets O(password) only when the user is created.
      - V(always) sends it on every run and so always reports a change, because PaperCut cannot read a password back.
    type: str
    choices: [on_create, always]
    default: on_create
  full_name:
    description: Full name (property C(full-name)).
    type: str
  email:
    description: Email address (property C(email)).
    type: str
  department:
    description: Department (property C(department)).
    type: str
  office:
    description: Office (property C(office)).
    type: str
  notes:
    description: Notes (property C(notes)).
    type: str
  primary_card_number:
    description:
      - Primary card/identity number (property C(primary-card-number)). An empty string removes the card.
      - Give it as text (quoted in YAML). A number is refused, because YAML has already dropped its leading
        zeros (C(00123456) is 123456) or read it as octal (C(01234567) is 342391).
      - A card number is a credential (it releases print jobs, often opens doors); it is never echoed or logged,
        and results and diffs show it masked, as C(****) and its last four characters (never more than half of
        it). See the collection's SECURITY.md.
    type: str
  secondary_card_number:
    description:
      - Secondary card/identity number (property C(secondary-card-number)); shown masked, as O(primary_card_number).
    type: str
  card_pin:
    description:
      - PIN used with the card (property C(card-pin)). The server may reject PINs that are too short or not unique.
      - Write-only, like O(password) - the newest PaperCut web services proxy does not offer C(card-pin) for
        reading, so the module never reads it and cannot compare it; see O(update_pin).
    type: str
  update_pin:
    description:
      - V(on_create) sets O(card_pin) only when the user is created; an existing user's PIN is left alone.
      - V(always) sends O(card_pin) on every run and so always reports a change.
    type: str
    choices: [on_create, always]
    default: on_create
  restricted:
    description: Whether the user may not print once the balance is used up (property C(restricted)).
    type: bool
  disabled_print:
    description: Whether printing is disabled for the user (property C(disabled-print)).
    type: bool
  balance:
    description:
      - The exact balance of the user's personal account (of O(account) when given).
      - Set with a transaction (C(setUserAccountBalance)) only when the current balance differs by at least 0.005.
      - V(true)/V(false), NaN, infinity and amounts beyond ±1,000,000,000 are refused.
      - Without O(account), on a server with several personal accounts per user, PaperCut reads the total of them
        and sets only the default account, so the two never agree. The module reads the total back after setting it,
        and fails, saying so, when it differs (and on fault 274); name the account with O(account) there.
      - Mutually exclusive with O(adjust_balance).
    type: float
  account:
    description:
      - The personal account whose balance O(balance) or O(adjust_balance) manage, by name, for servers with
        multiple personal accounts enabled. It is passed as C(accountName) to both the read
        (C(getUserAccountBalance)) and the write, so like is compared with like.
      - Leave it out on a server with one personal account per user.
    type: str
  balance_comment:
    description: Comment recorded with the balance transaction.
    type: str
    default: Set by Ansible
  adjust_balance:
    description:
      - Add this amount (negative to subtract) to the user's personal account balance.
      - B(Not idempotent by nature:) every run adds the amount again and reports a change. Prefer O(balance).
      - An adjustment is never re-sent after an ambiguous failure (lost connection, timeout, server error after
        sending); the task then fails and says the adjustment may have been applied. Check the user's
        transaction log before running again.
      - An amount that rounds to 0.00 changes nothing and writes no transaction.
      - Mutually exclusive with O(balance).
    type: float
  groups:
    description:
      - Groups the user belongs to. The groups must exist in PaperCut.
      - Every group the task names (in every item of O(users)) is checked before the first write, with one
        listing of the server's groups. A group that does not exist fails the task before any user is created
        or changed, naming the group and the users that need it (see RV(missing)); check mode fails the same way.
      - With O(append=false) (the default) the user is removed from groups not listed; the built-in groups
        C(!!All Users!!) and C(!!Internal Users!!) are never touched.
    type: list
    elements: str
  append:
    description: With V(true), O(groups) are only added; the user stays in any other group.
    type: bool
    default: false
  properties:
    description:
      - Any other PaperCut user property, by its PaperCut name (for example C(home), C(username-alias),
        C(overdraft-amount), C(printer-cost-adjustment-rate-percent)).
      - Booleans are sent as C(true)/C(false); numbers are compared numerically.
      - Values must be strings, numbers or booleans; C(null), lists and dictionaries are refused (the server would
        store their Python text, such as C(None)). Use an empty string to clear a property.
      - Properties that have an option of their own (such as C(full-name)) must be set with that option.
    type: dict
  redact_user_data:
    description: When deleting, also redact the user's personal data from print and transaction history.
    type: bool
    default: false
  users:
    description:
      - Bulk form. A list of users, each a dictionary of the per-user options above (O(username) required).
      - Options given at the top level act as defaults for every item.
      - Each user is reconciled independently; one failed user does not stop the others, but fails the task
        after all have been reported. A failed user's message starts with its place and key in the list,
        C(users[3] (username 'jdoe'\)).
      - Plan, then write. Every item's options, and every group the items name, are checked before the first
        write; an invalid item or a missing group fails the task with nothing written.
      - The task first lists the server's usernames (one call per 1,000 users on the server). A user already
        as wanted then costs one property read (plus a balance read when O(balance) is managed and a group
        read when O(groups) is); a user the listing does not show is created without being read.
      - With thousands of users, raise O(concurrency) as far as the server allows; the result stays one short
        entry per user, with each user's state only under C(--diff).
    type: list
    elements: dict
    suboptions:
      username:
        description:
          - The user's login name.
        type: str
        required: true
        aliases:
          - name
      state:
        description:
          - Per-user O(state); falls back to the top-level O(state).
        type: str
        choices:
          - present
          - absent
      internal:
        description:
          - Per-user O(internal); falls back to the top-level O(internal).
        type: bool
      password:
        description:
          - Per-user O(password); falls back to the top-level O(password).
        type: str
      update_password:
        description:
          - Per-user O(update_password); falls back to the top-level O(update_password).
        type: str
        choices:
          - on_create
          - always
      update_pin:
        description:
          - Per-user O(update_pin); falls back to the top-level O(update_pin).
        type: str
        choices:
          - on_create
          - always
      balance:
        description:
          - Per-user O(balance); falls back to the top-level O(balance).
        type: float
      account:
        description:
          - Per-user O(account); falls back to the top-level O(account).
        type: str
      balance_comment:
        description:
          - Per-user O(balance_comment); falls back to the top-level O(balance_comment).
        type: str
      adjust_balance:
        description:
          - Per-user O(adjust_balance); falls back to the top-level O(adjust_balance).
        type: float
      groups:
        description:
          - Per-user O(groups); falls back to the top-level O(groups).
        type: list
        elements: str
      append:
        description:
          - Per-user O(append); falls back to the top-level O(append).
        type: bool
      properties:
        description:
          - Per-user O(properties); falls back to the top-level O(properties).
        type: dict
      redact_user_data:
        description:
          - Per-user O(redact_user_data); falls back to the top-level O(redact_user_data).
        type: bool
      card_pin:
        description:
          - Per-user O(card_pin); falls back to the top-level O(card_pin).
        type: str
      full_name:
        description:
          - Per-user O(full_name); falls back to the top-level O(full_name).
        type: str
      email:
        description:
          - Per-user O(email); falls back to the top-level O(email).
        type: str
      department:
        description:
          - Per-user O(department); falls back to the top-level O(department).
        type: str
      office:
        description:
          - Per-user O(office); falls back to the top-level O(office).
        type: str
      notes:
        description:
          - Per-user O(notes); falls back to the top-level O(notes).
        type: str
      primary_card_number:
        description:
          - Per-user O(primary_card_number); falls back to the top-level O(primary_card_number).
        type: str
      secondary_card_number:
        description:
          - Per-user O(secondary_card_number); falls back to the top-level O(secondary_card_number).
        type: str
      restricted:
        description:
          - Per-user O(restricted); falls back to the top-level O(restricted).
        type: bool
      disabled_print:
        description:
          - Per-user O(disabled_print); falls back to the top-level O(disabled_print).
        type: bool

  concurrency:
    description: With O(users), how many users are processed at once, from 1 to 64.
    type: int
    default: 8
seealso:
  - module: printops.print_management.papercut_user_info
"""

EXAMPLES = r"""
- name: Import a directory user and set their details
  printops.print_management.papercut_user:
    papercut_url: https://papercut.example.edu:9192
    papercut_auth_token: "{{ papercut_token }}"
    username: jsmith
    full_name: Jane Smith
    email: jsmith@example.edu
    department: Physics
    primary_card_number: "04A2B3C4"
    groups: [Students, Physics]

- name: Create an internal (guest) user with a starting balance
  printops.print_management.papercut_user:
    username: guest-42
    internal: true
    password: "{{ guest_password }}"
    full_name: Visiting Lecturer
    balance: 10.00
    balance_comment: Guest allowance
    restricted: true

- name: Reconcile a whole term's students in one task, 16 at a time
  printops.print_management.papercut_user:
    # students: [{username: a123, full_name: ..., email: ...}, ...]
    users: "{{ students }}"
    groups: [Students]
    append: true
    balance: 25.00
    concurrency: 16

- name: Give a new badge PIN to an existing user (a PIN cannot be read back, so this reports changed)
  printops.print_management.papercut_user:
    username: jsmith
    card_pin: "{{ new_pin }}"
    update_pin: always

- name: On a server with several personal accounts, set the one named "Print Quota"
  printops.print_management.papercut_user:
    username: jsmith
    account: Print Quota
    balance: 20.00

- name: Add a one-off credit (not idempotent - runs every time)
  printops.print_management.papercut_user:
    username: jsmith
    adjust_balance: 5.00
    balance_comment: Refund for jammed printer

- name: Delete a user and redact their personal data
  printops.print_management.papercut_user:
    username: leaver
    state: absent
    redact_user_data: true
"""

RETURN = r"""
user:
  description:
    - The user as it is after the task (in check mode, as it would be). Secrets are never returned; card numbers
      are masked (C(****) and their last four characters).
  returned: when O(username) is given and O(state=present)
  type: dict
  sample:
    username: jsmith
    internal: false
    full_name: Jane Smith
    email: jsmith@example.edu
    primary_card_number: "****B3C4"
    balance: 25.0
    groups: [Physics, Students]
action:
  description: What was done (or would be done in check mode) to the single user.
  returned: when O(username) is given
  type: str
  sample: update
users:
  description: With O(users), one result per item, in input order.
  returned: when O(users) is given
  type: list
  elements: dict
  sample:
    - {username: jsmith, changed: true, action: create, failed: false}
    - {username: bad, changed: false, failed: true, msg: "users[1] (username 'bad'): ..."}
diff:
  description:
    - With O(users) and C(--diff), one entry per user that changes (or would in check mode), with
      C(before_header) and C(after_header) naming it (C(user jsmith)); Ansible prints each as a diff of its own.
      Unchanged users add nothing. With O(username), the user's C(before) and C(after).
  returned: with C(--diff)
  type: raw
  sample: [{before_header: user jsmith, after_header: user jsmith, before: {department: History},
            after: {department: Physics}}]
missing:
  description:
    - When the task names groups that do not exist, each of them and the users that need it. The task then
      failed before writing anything.
  returned: on that failure
  type: list
  elements: dict
  sample: [{object: "group 'Physiks'", needed_by: ["users[1] (username 'jdoe')"]}]
summary:
  description:
    - With O(users), how many users were created, updated, deleted, left unchanged or failed.
    - C(uncertain) counts the failed items whose write may have been applied although it failed (its answer was lost);
      check those before running the task again.
    - C(not_attempted) counts the items not tried because the server could not be reached for several items in a row
      (connection refused, unreachable, no answer); the task stops early instead of spending every item's retries on a
      dead server. Run it again once the server answers.
  returned: when O(users) is given
  type: dict
  sample: {total: 200, created: 3, updated: 1, deleted: 0, unchanged: 196, failed: 0, uncertain: 0, not_attempted: 0}
"""

from ansible_collections.printops.print_management.plugins.module_utils import _validate as check
from ansible_collections.printops.print_management.plugins.module_utils._module import bulk_spec, new_module, reconcile
from ansible_collections.printops.print_management.plugins.module_utils._papercut import PaperCutClient
from ansible_collections.printops.print_management.plugins.module_utils._papercut_users import (
    USER_FIELDS,
    UserReconciler,
)


def user_options():
    """The options of one user; the items of O(users) take the same (see bulk_spec)."""
    spec = dict(
        username=dict(type="str", aliases=["name"]),
        state=dict(type="str", choices=["present", "absent"]),
        internal=dict(type="bool"),
        password=dict(type="str", no_log=True),
        update_password=dict(type="str", choices=["on_create", "always"], no_log=False),
        update_pin=dict(type="str", choices=["on_create", "always"], no_log=False),
        balance=dict(type="float"),
        account=dict(type="str"),
        balance_comment=dict(type="str"),
        adjust_balance=dict(type="float"),
        groups=dict(type="list", elements="str"),
        append=dict(type="bool"),
        properties=dict(type="dict"),
        redact_user_data=dict(type="bool"),
        card_pin=dict(type="str", no_log=True),
        # badge numbers are credentials (see _badges.py): never echoed or logged, masked in output
        primary_card_number=dict(type="str", no_log=True),
        secondary_card_number=dict(type="str", no_log=True),
    )
    for field, kind in USER_FIELDS.items():
        spec.setdefault(field, dict(type=kind))
    return spec


def main():
    spec = bulk_spec(user_options(), "username", "users", dict(
        state="present", update_password="on_create", update_pin="on_create", append=False,
        redact_user_data=False, balance_comment="Set by Ansible"))
    module = new_module(
        "papercut", spec,
        mutually_exclusive=[("username", "users"), ("balance", "adjust_balance")],
        required_one_of=[("username", "users")],
    )
    check.refuse(module, dict(username=check.name, groups=check.names, balance=check.money,
                              adjust_balance=check.money, properties=check.properties,
                              primary_card_number=check.card_number, secondary_card_number=check.card_number),
                 items="users")
    reconcile(module, PaperCutClient.from_module(module), UserReconciler)


if __name__ == "__main__":
    main()
