# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: savapage_balance_items
short_description: The M(printops.print_management.savapage_balance) items that set people's balances
version_added: 1.1.0
description:
  - "With O(balance_update=on_create), an account is funded until its transaction log shows the initial balance:
    accounts named in O(funded) (the accounts with a transaction whose comment holds the role's balance comment)
    are left alone, whatever their balance. A person who spent their initial balance is never funded again."
  - With O(balance_update=always), every account's balance is set to the person's initial balance (the
    P(printops.print_management.offboarding#role) role zeroes leavers' balances this way, with O(initial_balance=0)).
  - Accounts that do not exist, and people without a balance, get no item.
author:
  - printops contributors (@printops)
options:
  _input:
    description: The people.
    type: list
    elements: dict
    required: true
  accounts:
    description: The accounts as RV(printops.print_management.savapage_balance_info#module:accounts) returns them.
    type: list
    elements: dict
    default: []
  funded:
    description: Names of the accounts that were given their initial balance already.
    type: list
    elements: str
    default: []
  initial_balance:
    description: Balance of people without their own C(initial_balance).
    type: float
  balance_update:
    description: V(on_create) or V(always).
    type: str
    default: on_create
"""

EXAMPLES = r"""
- name: Give the initial SavaPage balances not given yet
  printops.print_management.savapage_balance:
    accounts: "{{ people | printops.print_management.savapage_balance_items(accounts=read.accounts, funded=['jsmith']) }}"
    details: Initial balance
"""

RETURN = r"""
_value:
  description: Items C({account_type=USER, name, balance}), in input order.
  type: list
  elements: dict
"""

from ansible_collections.printops.print_management.plugins.plugin_utils._people import balance_of, require_list


def savapage_balance_items(people, accounts=None, funded=None, initial_balance=None, balance_update="on_create"):
    existing = set(str(a["name"]) for a in require_list("accounts", accounts) if a.get("exists", True))
    given = set(str(n) for n in require_list("funded", funded))
    out = []
    for person in require_list("people", people):
        username = str(person["username"])
        balance = balance_of(person, initial_balance)
        if balance is None or username not in existing:
            continue
        if balance_update == "always" or username not in given:
            out.append({"account_type": "USER", "name": username, "balance": balance})
    return out


class FilterModule(object):
    def filters(self):
        return {"savapage_balance_items": savapage_balance_items}
