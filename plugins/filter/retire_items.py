# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: retire_items
short_description: The bulk items that disable or delete a list of named objects
version_added: 1.1.0
description:
  - "Turns names into O(printops.print_management.shared_account#module:accounts) items (or any bulk list keyed by C(name)):
    C({name, disabled=true}) with O(mode=disable), C({name, state=absent}) with O(mode=delete)."
  - O(among) limits the names to those that exist (so re-runs after a delete do nothing).
author:
  - printops contributors (@printops)
options:
  _input:
    description: The names to retire.
    type: list
    elements: str
    required: true
  mode:
    description: V(disable) or V(delete).
    type: str
    default: disable
  among:
    description: Names that exist; none means all of the input.
    type: list
    elements: str
"""

EXAMPLES = r"""
- name: Retire last term's course accounts
  printops.print_management.shared_account:
    accounts: "{{ ['Courses\\PHY101-2025'] | printops.print_management.retire_items(mode='disable') }}"
"""

RETURN = r"""
_value:
  description: One item per name, in input order.
  type: list
  elements: dict
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.printops.print_management.plugins.plugin_utils._people import require_list


def retire_items(names, mode="disable", among=None):
    if mode not in ("disable", "delete"):
        raise AnsibleFilterError("retire_items: mode must be disable or delete, not %r" % (mode,))
    exists = None if among is None else set(among)
    return [{"name": n, "state": "absent"} if mode == "delete" else {"name": n, "disabled": True}
            for n in require_list("names", names) if exists is None or n in exists]


class FilterModule(object):
    def filters(self):
        return {"retire_items": retire_items}
