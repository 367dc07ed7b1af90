# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: shared_account_access
short_description: The shared-account access items that add people to, or take leavers off, their shared accounts
version_added: 1.1.0
description:
  - With O(mode=grant), turns people with C(shared_accounts) into one O(printops.print_management.shared_account#module:accounts)
    item per account, listing the people who may charge to it (for C(append=true)). O(only) limits the people to
    those names (in check mode the role checks only people who exist already).
  - With O(mode=revoke), the input is the accounts as RV(printops.print_management.shared_account_info#module:accounts) returns them
    (with C(access_users)), and the items remove O(leavers) from every account that lists one.
author:
  - printops contributors (@printops)
options:
  _input:
    description: The people (grant) or the shared accounts read (revoke).
    type: list
    elements: dict
    required: true
  mode:
    description: V(grant) or V(revoke).
    type: str
    default: grant
  only:
    description: With V(grant), only these usernames are listed; none means everyone.
    type: list
    elements: str
  leavers:
    description: With V(revoke), the usernames to remove.
    type: list
    elements: str
    default: []
"""

EXAMPLES = r"""
- name: Give people access to their shared accounts
  printops.print_management.shared_account:
    accounts: "{{ people | printops.print_management.shared_account_access }}"
    append: true

- name: Take leavers off every shared account
  printops.print_management.shared_account:
    accounts: "{{ accounts_read.accounts | printops.print_management.shared_account_access(mode='revoke', leavers=['jdoe']) }}"
"""

RETURN = r"""
_value:
  description: Items C({name, access_users}), one per account, accounts in first-seen order.
  type: list
  elements: dict
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.printops.print_management.plugins.plugin_utils._people import require_list


def shared_account_access(data, mode="grant", only=None, leavers=None):
    if mode == "grant":
        allowed = None if only is None else set(str(u) for u in only)
        access = {}
        for person in require_list("people", data):
            username = str(person["username"])
            if allowed is not None and username not in allowed:
                continue
            for account in person.get("shared_accounts") or []:
                access.setdefault(account, [])
                if username not in access[account]:
                    access[account].append(username)
        return [{"name": name, "access_users": who} for name, who in access.items() if who]
    if mode == "revoke":
        gone = set(str(u) for u in require_list("leavers", leavers))
        out = []
        for account in require_list("accounts", data):
            users = account.get("access_users") or []
            if gone.intersection(users):
                out.append({"name": account["name"], "access_users": [u for u in users if u not in gone]})
        return out
    raise AnsibleFilterError("shared_account_access: mode must be grant or revoke, not %r" % (mode,))


class FilterModule(object):
    def filters(self):
        return {"shared_account_access": shared_account_access}
