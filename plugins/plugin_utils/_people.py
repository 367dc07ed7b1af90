# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the roles' filter plugins share: reading a person's values. Private to the collection."""

from __future__ import annotations

import math

from ansible.errors import AnsibleFilterError


def text(value):
    """A value as the text an API receives, or None when unset."""
    return None if value is None else str(value)


def usernames(people):
    return [str(p["username"]) for p in people or []]


def balance_of(person, default=None):
    """The person's initial balance (theirs, else ``default``) as a finite float, or None when none applies."""
    value = person.get("initial_balance")
    if value is None or value == "":
        value = default
    if value is None or value == "":
        return None
    try:
        amount = float(value)
    except (TypeError, ValueError):
        raise AnsibleFilterError("initial balance %r of %r is not a number" % (value, person.get("username")))
    if math.isnan(amount) or math.isinf(amount):
        raise AnsibleFilterError("initial balance %r of %r is not a finite number" % (value, person.get("username")))
    return amount


def require_list(name, value):
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        raise AnsibleFilterError("%s: expected a list, got %s" % (name, type(value).__name__))
    return list(value)
