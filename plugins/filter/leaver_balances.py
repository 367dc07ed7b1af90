# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: leaver_balances
short_description: Each leaver's PaperCut balance before and after offboarding, one line each
version_added: 1.1.0
description:
  - Given the leavers' users read before offboarding (with their C(balance)) and the per-item results of the
    M(printops.print_management.papercut_user) task, says for each leaver what their balance was and is.
  - A balance that was zeroed is C(0.00) after, a kept one is unchanged, a deleted user's is C(deleted); an item
    that failed keeps its balance and says so.
author:
  - printops contributors (@printops)
options:
  _input:
    description: The leavers' users as RV(printops.print_management.papercut_user_info#module:users) returns them (with C(balance)).
    type: list
    elements: dict
    required: true
  results:
    description: RV(printops.print_management.papercut_user#module:users) of the offboarding task.
    type: list
    elements: dict
    default: []
  action:
    description: V(disable) or V(delete).
    type: str
    default: disable
  balance:
    description: V(keep), V(zero) or V(report).
    type: str
    default: keep
"""

EXAMPLES = r"""
- name: Report the leavers' balances
  ansible.builtin.debug:
    msg: "{{ read.users | printops.print_management.leaver_balances(done.users, balance='zero') }}"
# - "PaperCut balance of old01: 4.00 before, 0.00 after"
"""

RETURN = r"""
_value:
  description: One line per leaver, in input order.
  type: list
  elements: str
"""

from ansible_collections.printops.print_management.plugins.plugin_utils._people import require_list


def _money(value):
    return "unknown" if value is None else "%.2f" % float(value)


def leaver_balances(users, results=None, action="disable", balance="keep"):
    failed = set(str(r.get("username")) for r in require_list("results", results) if r.get("failed"))
    lines = []
    for user in require_list("users", users):
        username = str(user["username"])
        before = user.get("balance")
        if username in failed:
            after = "%s (the user's offboarding failed)" % _money(before)
        elif action == "delete":
            after = "deleted"
        elif balance == "zero":
            after = "0.00"
        else:
            after = _money(before)
        lines.append("PaperCut balance of %s: %s before, %s after" % (username, _money(before), after))
    return lines


class FilterModule(object):
    def filters(self):
        return {"leaver_balances": leaver_balances}
