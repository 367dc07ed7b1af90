# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Badge (card) numbers in output: one rule for the whole collection.

Internal to the collection; may change in any release.

A badge number is a credential: the card reader sends it to release print jobs (and often
to open doors), and knowing it is enough to clone the card. So, in every module:

- an option holding a badge number is ``no_log`` (never echoed in the invocation, never in
  the node's syslog/journal line, and masked by Ansible wherever it would appear in output);
- results and diffs show a badge number only as ``mask_card_number()`` makes it: a fixed
  ``****`` and its last four characters, never more than half of it, so that a site sees
  which card a user has, or which card changed, without learning the number. An empty
  number (no card) stays empty;
- Printix stores a card only hashed and its modules show no number at all: a Printix card
  is identified by its id and owner.
"""

from __future__ import annotations

MASK = "****"
SHOWN = 4

# PaperCut user fields (option names) and properties (PaperCut names) holding badge numbers
CARD_FIELDS = ("primary_card_number", "secondary_card_number")
CARD_PROPERTIES = frozenset(["primary-card-number", "secondary-card-number", "card-number"])


def mask_card_number(value):
    """``'04A2B3C4D5'`` -> ``'****C4D5'``; None and '' are returned as they are."""
    if value is None:
        return None
    text = "%s" % (value,)
    if not text:
        return text
    shown = min(SHOWN, len(text) // 2)
    return MASK + (text[-shown:] if shown else "")


def mask_user(user):
    """A copy of a user dict (fields, and ``properties`` by PaperCut name) with badge numbers masked."""
    if not isinstance(user, dict):
        return user
    masked = dict(user)
    for field in CARD_FIELDS:
        if field in masked:
            masked[field] = mask_card_number(masked[field])
    properties = masked.get("properties")
    if isinstance(properties, dict) and CARD_PROPERTIES & set(properties):
        masked["properties"] = dict((name, mask_card_number(value) if name in CARD_PROPERTIES else value)
                                    for name, value in properties.items())
    return masked


def mask_user_result(result):
    """A module's per-user result with the badge numbers of ``user`` and of the diff masked."""
    if "user" in result:
        result["user"] = mask_user(result["user"])
    diff = result.get("diff")
    if isinstance(diff, dict):
        result["diff"] = dict((side, mask_user(state)) for side, state in diff.items())
    return result
