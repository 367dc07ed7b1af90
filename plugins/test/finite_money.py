# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: finite_money
short_description: Whether a value is an amount of money an API can take
version_added: 1.1.0
description:
  - True for a number, or the text of one, that is finite (not NaN, not infinity, not so large that it becomes
    infinity such as C(1e309)) and at most 1e9 in size (the bound the onboarding role's validation uses); false for anything else, including C(12,50).
  - Used by the roles to check every balance before their first write.
author:
  - printops contributors (@printops)
options:
  _input:
    description: The value to test.
    type: raw
    required: true
"""

EXAMPLES = r"""
- name: Refuse balances that are not money
  ansible.builtin.assert:
    that: item is printops.print_management.finite_money
  loop: [5.0, "12.50"]
"""

RETURN = r"""
_value:
  description: Whether the value is a finite amount.
  type: bool
"""

import math

LIMIT = 1e9


def finite_money(value):
    if isinstance(value, bool):
        return False
    try:
        amount = float(value)
    except (TypeError, ValueError):
        return False
    return not math.isnan(amount) and not math.isinf(amount) and abs(amount) <= LIMIT


class TestModule(object):
    def tests(self):
        return {"finite_money": finite_money}
