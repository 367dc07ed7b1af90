# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: printix_card_items
short_description: The M(printops.print_management.printix_card) items for the cards of a list of people
version_added: 1.1.0
description:
  - One O(printops.print_management.printix_card#module:cards) item per person with a C(card_number), the card as text and the person's
    C(email) as the card's user. People without a card are left out.
author:
  - printops contributors (@printops)
options:
  _input:
    description: The people.
    type: list
    elements: dict
    required: true
  state:
    description: V(present) registers the cards, V(absent) removes them.
    type: str
    default: present
"""

EXAMPLES = r"""
- name: Register the people's cards
  printops.print_management.printix_card:
    cards: "{{ people | printops.print_management.printix_card_items }}"
"""

RETURN = r"""
_value:
  description: Items C({card_number, user}) (plus C(state=absent) with O(state=absent)).
  type: list
  elements: dict
"""

from ansible_collections.printops.print_management.plugins.plugin_utils._people import require_list


def printix_card_items(people, state="present"):
    out = []
    for person in require_list("people", people):
        if person.get("card_number") is None:
            continue
        item = {"card_number": str(person["card_number"]), "user": person.get("email")}
        if state == "absent":
            item["state"] = "absent"
        out.append(item)
    return out


class FilterModule(object):
    def filters(self):
        return {"printix_card_items": printix_card_items}
