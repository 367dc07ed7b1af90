#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: savapage_balance_info
short_description: Read the balance of SavaPage user, group and shared accounts
version_added: 1.0.0
description:
  - Return the balance of one or more SavaPage accounts, read through the RESTful admin services.
  - An account that does not exist is reported with C(exists=false), not as a failure.
author:
  - printops contributors (@printops)
extends_documentation_fragment:
  - printops.print_management.savapage
  - printops.print_management.connection
  - printops.print_management.attributes
  - printops.print_management.attributes.INFO_MODULE
  - printops.print_management.attributes.ACTIONGROUP_SAVAPAGE
options:
  account_type:
    description: The kind of account.
    type: str
    choices: [USER, GROUP, SHARED]
    default: USER
  name:
    description: The names of the accounts to read (one name or a list).
    type: list
    elements: str
    required: true
  concurrency:
    description: How many accounts are read at once.
    type: int
    default: 8
seealso:
  - module: printops.print_management.savapage_balance
"""

EXAMPLES = r"""
- name: Read a user's balance
  printops.print_management.savapage_balance_info:
    savapage_url: https://savapage.example.edu:8632
    savapage_username: admin
    savapage_password: "{{ savapage_admin_password }}"
    name: rijk
  register: rijk

- name: Show it
  ansible.builtin.debug:
    msg: "{{ rijk.balance }}"

- name: Read several shared accounts
  printops.print_management.savapage_balance_info:
    account_type: SHARED
    name: [Physics, Chemistry]
"""

RETURN = r"""
balance:
  description: The balance of the account, when exactly one name is given and it exists.
  returned: when one name is given and the account exists
  type: float
  sample: 9.26
exists:
  description: Whether the account exists, when exactly one name is given.
  returned: when one name is given
  type: bool
  sample: true
accounts:
  description: One entry per name, in the order given.
  returned: always
  type: list
  elements: dict
  sample:
    - {account_type: USER, name: rijk, exists: true, balance: 9.26}
    - {account_type: USER, name: ghost, exists: false, balance: null}
"""

from ansible_collections.printops.print_management.plugins.module_utils._http import ClientError
from ansible_collections.printops.print_management.plugins.module_utils._module import (
    BULK_SPEC,
    new_module,
    run,
)
from ansible_collections.printops.print_management.plugins.module_utils._reconcile import run_bulk
from ansible_collections.printops.print_management.plugins.module_utils._savapage import AccountNotFound, SavaPageClient


def main():
    spec = dict(
        account_type=dict(type="str", choices=["USER", "GROUP", "SHARED"], default="USER"),
        name=dict(type="list", elements="str", required=True),
    )
    spec.update(BULK_SPEC)
    module = new_module("savapage", spec)
    client = SavaPageClient.from_module(module)
    account_type = module.params["account_type"]

    def read(name):
        try:
            balance = float(client.get_balance(account_type, name))
        except AccountNotFound:
            return {"account_type": account_type, "name": name, "exists": False, "balance": None}
        return {"account_type": account_type, "name": name, "exists": True, "balance": balance}

    def body():
        names = module.params["name"]
        results, summary = run_bulk(names, read, module.params["concurrency"])
        if summary["failed"] or summary["not_attempted"]:
            failures = ["%s account %r: %s" % (account_type, name, r["msg"])
                        for name, r in zip(names, results) if r.get("failed") and not r.get("not_attempted")]
            if summary["not_attempted"]:
                failures.append("%d accounts not attempted: %s" % (summary["not_attempted"], next(
                    r["msg"] for r in results if r.get("not_attempted"))))
            raise ClientError("; ".join(failures))
        result = {"changed": False, "accounts": results}
        if len(names) == 1:
            result["exists"] = results[0]["exists"]
            if results[0]["exists"]:
                result["balance"] = results[0]["balance"]
        return result

    run(module, body, client.redact)


if __name__ == "__main__":
    main()
