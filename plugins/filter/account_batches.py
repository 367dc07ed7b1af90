# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: account_batches
short_description: Batches of a shared-account list that never split a parent from its sub-accounts
version_added: 1.1.0
description:
  - Cuts a list of shared-account items (or names) into batches of at most O(size) items, as index lists, for a
    role that feeds a bulk task one batch at a time.
  - An account and its sub-accounts (C(parent\sub)) always share a batch, so the bulk task plans them together
    (parents first), in check mode too, where a parent created by an earlier batch would not exist yet.
  - A family larger than O(size) is one batch of its own. Families keep the order of their first item; items keep
    their order within a family.
author:
  - printops contributors (@printops)
options:
  _input:
    description: Shared-account items (dicts with C(name)) or names.
    type: list
    elements: raw
    required: true
  size:
    description: Items per batch; V(0) puts every item in one batch.
    type: int
    required: true
"""

EXAMPLES = r"""
- name: Create the accounts, 50 at a time
  printops.print_management.shared_account:
    accounts: "{{ item | map('extract', accounts) | list }}"
  loop: "{{ accounts | printops.print_management.account_batches(50) }}"
"""

RETURN = r"""
_value:
  description: The batches, each a list of indices into the input.
  type: list
  elements: list
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.printops.print_management.plugins.plugin_utils._people import require_list


def _family(item):
    name = item.get("name") if isinstance(item, dict) else item
    return str(name).split("\\", 1)[0]


def account_batches(items, size):
    items = require_list("items", items)
    try:
        size = int(size)
    except (TypeError, ValueError):
        raise AnsibleFilterError("account_batches: size must be a whole number, not %r" % (size,))
    families = {}
    for index, item in enumerate(items):
        families.setdefault(_family(item), []).append(index)
    if size <= 0:
        return [list(range(len(items)))] if items else []
    batches, current = [], []
    for family in families.values():
        if current and len(current) + len(family) > size:
            batches.append(current)
            current = []
        current = current + family
    if current:
        batches.append(current)
    return batches


class FilterModule(object):
    def filters(self):
        return {"account_batches": account_batches}
