# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: onboarding_balance_settled
short_description: The users whose initial balance was given, with the pending marker taken out of their notes
version_added: 1.1.0
description:
  - Given the items the P(printops.print_management.onboarding_papercut_users#filter) filter made and the per-item results of the
    M(printops.print_management.papercut_user) task that sent them, returns the O(printops.print_management.papercut_user#module:users)
    items that remove the marker from the notes of each user whose item succeeded.
  - Users whose item failed keep the marker, so the next run gives their balance.
author:
  - printops contributors (@printops)
options:
  _input:
    description: The items sent to M(printops.print_management.papercut_user).
    type: list
    elements: dict
    required: true
  results:
    description: RV(printops.print_management.papercut_user#module:users) of that task (one result per item).
    type: list
    elements: dict
    required: true
  marker:
    description: The marker text.
    type: str
    default: "[printops: initial balance pending]"
"""

EXAMPLES = r"""
- name: Mark the initial balances as given
  printops.print_management.papercut_user:
    users: "{{ sent | printops.print_management.onboarding_balance_settled(result.users) }}"
"""

RETURN = r"""
_value:
  description: One item C({username, notes}) per user whose balance was given.
  type: list
  elements: dict
"""

from ansible_collections.printops.print_management.plugins.plugin_utils._people import require_list

MARKER = "[printops: initial balance pending]"


def onboarding_balance_settled(items, results, marker=MARKER):
    failed = set(str(r.get("username")) for r in require_list("results", results) if r.get("failed"))
    done = set(str(r.get("username")) for r in require_list("results", results) if not r.get("failed"))
    out = []
    for item in require_list("items", items):
        username = str(item["username"])
        notes = item.get("notes")
        if item.get("balance") is None or not notes or marker not in notes:
            continue
        if username in done and username not in failed:
            out.append({"username": username, "notes": notes.replace(marker, "").strip()})
    return out


class FilterModule(object):
    def filters(self):
        return {"onboarding_balance_settled": onboarding_balance_settled}
