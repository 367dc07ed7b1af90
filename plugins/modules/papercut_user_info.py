#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: papercut_user_info
short_description: Read PaperCut MF/NG users
version_added: 1.0.0
description:
  - Return one user, or every user (read page by page), with the properties you choose.
author:
  - printops contributors (@printops)
extends_documentation_fragment:
  - printops.print_management.papercut
  - printops.print_management.connection
  - printops.print_management.attributes
  - printops.print_management.attributes.INFO_MODULE
  - printops.print_management.attributes.ACTIONGROUP_PAPERCUT
options:
  username:
    description:
      - The user to read. When omitted (and O(usernames) too), all users are read.
    type: str
    aliases: [name]
  usernames:
    description:
      - Read only these users (one read per name, whatever the number of users on the server); users that do
        not exist are left out of RV(users).
      - Mutually exclusive with O(username).
    type: list
    elements: str
    version_added: 1.1.0
  fields:
    description:
      - Which of the common user properties to return, by their option names in M(printops.print_management.papercut_user).
      - The card PIN is never returned. Card numbers are returned masked, as C(****) and their last four
        characters (never more than half of the number), so a site sees which card a user has without the
        number leaking into logs; see the collection's SECURITY.md.
    type: list
    elements: str
    choices: [full_name, email, department, office, notes, primary_card_number, secondary_card_number,
              restricted, disabled_print]
    default: [full_name, email, department, office, primary_card_number, restricted, disabled_print]
  properties:
    description:
      - Further PaperCut user properties to return by their PaperCut names, for example C(home) or
        C(print-stats.page-count). Returned under C(properties) of each user in RV(users).
      - C(card-pin) and C(password) hold secrets and are refused. Card numbers (C(primary-card-number),
        C(secondary-card-number), C(card-number)) are returned masked, as under O(fields).
    type: list
    elements: str
    default: []
  count_only:
    description:
      - Only count the users on the server (RV(count)), reading no user (one C(listUserAccounts) call per 1,000
        users). RV(users) is then empty.
      - Mutually exclusive with O(username) and O(usernames).
    type: bool
    default: false
    version_added: 1.1.0
  include_balance:
    description: Also return each user's personal account balance (one more call per user).
    type: bool
    default: true
  include_groups:
    description: Also return the groups each user belongs to (one more call per user).
    type: bool
    default: false
  concurrency:
    description: How many users are read at once when reading all users.
    type: int
    default: 8
seealso:
  - module: printops.print_management.papercut_user
"""

EXAMPLES = r"""
- name: Read one user
  printops.print_management.papercut_user_info:
    papercut_url: https://papercut.example.edu:9192
    papercut_auth_token: "{{ papercut_token }}"
    username: jsmith
  register: jsmith

- name: How many users the server has (no user is read)
  printops.print_management.papercut_user_info:
    count_only: true
  register: user_count

- name: Read every user's email and page count
  printops.print_management.papercut_user_info:
    fields: [email]
    properties: [print-stats.page-count]
    include_balance: false
  register: everyone
"""

RETURN = r"""
exists:
  description: Whether the user exists.
  returned: when O(username) is given
  type: bool
  sample: true
count:
  description: How many users the server has.
  returned: when O(count_only=true)
  type: int
  sample: 1500
users:
  description: The users read; one item (or none) when O(username) is given; none with O(count_only).
  returned: always
  type: list
  elements: dict
  sample:
    - username: jsmith
      internal: false
      full_name: Jane Smith
      email: jsmith@example.edu
      primary_card_number: "****B3C4"
      restricted: false
      balance: 12.5
      properties: {home: /home/jsmith}
"""

from ansible_collections.printops.print_management.plugins.module_utils._badges import mask_user
from ansible_collections.printops.print_management.plugins.module_utils._module import (
    new_module,
    run,
)
from ansible_collections.printops.print_management.plugins.module_utils._papercut import PaperCutClient
from ansible_collections.printops.print_management.plugins.module_utils._papercut_users import (
    SECRET_PROPERTIES,
    read_user,
)
from ansible_collections.printops.print_management.plugins.module_utils._reconcile import read_all


def main():
    module = new_module("papercut", dict(
        username=dict(type="str", aliases=["name"]),
        usernames=dict(type="list", elements="str"),
        fields=dict(type="list", elements="str", default=[
            "full_name", "email", "department", "office", "primary_card_number", "restricted", "disabled_print"],
            choices=["full_name", "email", "department", "office", "notes", "primary_card_number",
                     "secondary_card_number", "restricted", "disabled_print"]),
        properties=dict(type="list", elements="str", default=[]),
        include_balance=dict(type="bool", default=True),
        include_groups=dict(type="bool", default=False),
        count_only=dict(type="bool", default=False),
        concurrency=dict(type="int", default=8),
    ), mutually_exclusive=[("username", "usernames", "count_only")])
    params = module.params
    secret = sorted(SECRET_PROPERTIES & set(params["properties"]))
    if secret:
        module.fail_json(msg="properties %s hold secrets and are never returned" % secret)
    client = PaperCutClient.from_module(module)

    def read(username):
        return mask_user(read_user(client, username, params["fields"], params["properties"],
                                   params["include_balance"], params["include_groups"]))

    def one():
        user = read(params["username"])
        return {"changed": False, "exists": user is not None, "users": [user] if user else []}

    def everyone():
        names = client.list_users() if params["usernames"] is None else params["usernames"]
        return {"changed": False, "users": read_all(names, read, params["concurrency"], "users")}

    def count():
        return {"changed": False, "count": sum(1 for _name in client.list_users()), "users": []}

    run(module, one if params["username"] else count if params["count_only"] else everyone, client.redact)


if __name__ == "__main__":
    main()
