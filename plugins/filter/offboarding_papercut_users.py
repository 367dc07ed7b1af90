# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: offboarding_papercut_users
short_description: The M(printops.print_management.papercut_user) items that disable or delete leavers
version_added: 1.1.0
description:
  - Only users that exist get an item (M(printops.print_management.papercut_user) would import a missing one).
  - With O(action=disable), printing is disabled and the card number and PIN are cleared; O(balance=zero) sets the
    balance to zero (the task's C(balance_comment) is recorded); O(remove_groups=true) takes the user out of every
    group, so a group's C(member_balance) no longer reaches them.
  - With O(action=delete), the users are deleted (their balance goes with them).
author:
  - printops contributors (@printops)
options:
  _input:
    description: The leavers' users as RV(printops.print_management.papercut_user_info#module:users) returns them.
    type: list
    elements: dict
    required: true
  action:
    description: V(disable) or V(delete).
    type: str
    default: disable
  balance:
    description: V(keep), V(zero) or V(report) (V(report) is V(keep); the role reports the balances).
    type: str
    default: keep
  remove_groups:
    description: Take disabled users out of all their groups.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Disable the leavers and zero their balances
  printops.print_management.papercut_user:
    users: "{{ read.users | printops.print_management.offboarding_papercut_users(balance='zero', remove_groups=true) }}"
    balance_comment: Left the organisation
"""

RETURN = r"""
_value:
  description: One item per existing user, in input order.
  type: list
  elements: dict
"""

from ansible_collections.printops.print_management.plugins.plugin_utils._people import require_list


def offboarding_papercut_users(users, action="disable", balance="keep", remove_groups=False):
    out = []
    for user in require_list("users", users):
        username = str(user["username"])
        if action == "delete":
            out.append({"username": username, "state": "absent"})
            continue
        item = {"username": username, "disabled_print": True, "primary_card_number": "", "card_pin": ""}
        if balance == "zero":
            item["balance"] = 0.0
        if remove_groups:
            item["groups"] = []
            item["append"] = False
        out.append(item)
    return out


class FilterModule(object):
    def filters(self):
        return {"offboarding_papercut_users": offboarding_papercut_users}
