#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: shared_account_info
short_description: Read PaperCut MF/NG shared accounts
version_added: 1.0.0
description:
  - Return one shared account, or every shared account (read page by page), with the properties you choose.
author:
  - printops contributors (@printops)
extends_documentation_fragment:
  - printops.print_management.papercut
  - printops.print_management.connection
  - printops.print_management.attributes
  - printops.print_management.attributes.INFO_MODULE
  - printops.print_management.attributes.ACTIONGROUP_PAPERCUT
options:
  name:
    description: The account to read (C(parent\sub) for a sub-account). When omitted, all accounts are read.
    type: str
  fields:
    description:
      - Which common properties to return, by their option names in M(printops.print_management.shared_account).
      - The PIN is never returned.
    type: list
    elements: str
    choices: [restricted, disabled, notes, comment_option, invoice_option, overdraft_amount]
    default: [restricted, disabled, notes, comment_option, invoice_option, overdraft_amount]
  properties:
    description: Further shared account properties to return by their PaperCut names, under C(properties) of each account.
    type: list
    elements: str
    default: []
  include_balance:
    description: Also return each account's balance (one more call per account).
    type: bool
    default: true
  include_access:
    description: Also return the users and groups allowed to charge to each account.
    type: bool
    default: true
  concurrency:
    description: How many accounts are read at once when reading all accounts.
    type: int
    default: 8
seealso:
  - module: printops.print_management.shared_account
"""

EXAMPLES = r"""
- name: Read one account
  printops.print_management.shared_account_info:
    name: 'Physics\Project Neutrino'
  register: neutrino

- name: Read every account's balance only
  printops.print_management.shared_account_info:
    fields: []
    include_access: false
  register: all_accounts
"""

RETURN = r"""
exists:
  description: Whether the account exists.
  returned: when O(name) is given
  type: bool
  sample: true
accounts:
  description: The accounts read; one item (or none) when O(name) is given.
  returned: always
  type: list
  elements: dict
  sample:
    - {name: Physics, account_id: "1001", balance: 120.0, restricted: true, access_users: [jsmith], access_groups: []}
"""

from ansible_collections.printops.print_management.plugins.module_utils._module import new_module, run
from ansible_collections.printops.print_management.plugins.module_utils._papercut import PaperCutClient
from ansible_collections.printops.print_management.plugins.module_utils._papercut_accounts import ACCESS, read_account
from ansible_collections.printops.print_management.plugins.module_utils._reconcile import read_all

FIELDS = ["restricted", "disabled", "notes", "comment_option", "invoice_option", "overdraft_amount"]


def main():
    module = new_module("papercut", dict(
        name=dict(type="str"),
        fields=dict(type="list", elements="str", default=list(FIELDS), choices=FIELDS),
        properties=dict(type="list", elements="str", default=[]),
        include_balance=dict(type="bool", default=True),
        include_access=dict(type="bool", default=True),
        concurrency=dict(type="int", default=8),
    ))
    client = PaperCutClient.from_module(module)
    params = module.params
    if "pin" in params["properties"]:
        module.fail_json(msg="the PIN is never returned; remove 'pin' from properties")

    def read(name):
        return read_account(client, name, params["fields"], params["properties"], params["include_balance"],
                            list(ACCESS) if params["include_access"] else [])

    def one():
        account = read(params["name"])
        return {"changed": False, "exists": account is not None, "accounts": [account] if account else []}

    def everyone():
        accounts = read_all(client.list_shared_accounts(), read, params["concurrency"], "accounts")
        return {"changed": False, "accounts": accounts}

    run(module, one if params["name"] else everyone, client.redact)


if __name__ == "__main__":
    main()
