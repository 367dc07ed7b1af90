# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: onboarding_papercut_users
short_description: The items of M(printops.print_management.papercut_user) that onboard a list of people
version_added: 1.1.0
description:
  - Turns the people of the P(printops.print_management.onboarding#role) role into the O(printops.print_management.papercut_user#module:users)
    items of one bulk task. Used by the role; a play can use it to preview what the role sends.
  - "The initial balance follows O(balance_update): with V(always) every person's balance is set to it; with
    V(on_create) it is given to people who are not yet PaperCut users, and to users whose C(notes) still hold
    O(marker) (the role created them in an earlier run whose balance write did not complete)."
  - A person who is not yet a user gets O(marker) added to their notes together with the balance; the role removes
    it once the balance write succeeded (see P(printops.print_management.onboarding_balance_settled#filter)).
author:
  - printops contributors (@printops)
options:
  _input:
    description: The people (the role's C(onboarding_people) items).
    type: list
    elements: dict
    required: true
  existing:
    description: The PaperCut users that exist, as RV(printops.print_management.papercut_user_info#module:users) returns them (C(username), C(notes)).
    type: list
    elements: dict
    default: []
  initial_balance:
    description: Balance of people without their own C(initial_balance); none means no balance.
    type: float
  balance_update:
    description: V(on_create) or V(always).
    type: str
    default: on_create
  internal:
    description: Whether the people are PaperCut internal users (they then carry a C(password)).
    type: bool
    default: false
  default_password:
    description: Password of internal users without their own.
    type: str
    default: ""
  marker:
    description: Text kept in a user's notes while the initial balance is owed.
    type: str
    default: "[printops: initial balance pending]"
"""

EXAMPLES = r"""
- name: Show what the onboarding role would send to PaperCut
  ansible.builtin.debug:
    msg: "{{ people | printops.print_management.onboarding_papercut_users(existing=[], initial_balance=5.0) }}"
  vars:
    people:
      - {username: jsmith, email: jsmith@example.edu, groups: [Students]}
# gives:
#   - {username: jsmith, email: jsmith@example.edu, groups: [Students], balance: 5.0,
#      notes: "[printops: initial balance pending]", full_name: null, ...}
"""

RETURN = r"""
_value:
  description: One O(printops.print_management.papercut_user#module:users) item per person, in input order.
  type: list
  elements: dict
"""

from ansible_collections.printops.print_management.plugins.plugin_utils._people import balance_of, require_list, text

MARKER = "[printops: initial balance pending]"


def onboarding_papercut_users(people, existing=None, initial_balance=None, balance_update="on_create",
                              internal=False, default_password="", marker=MARKER):
    notes = dict((str(u["username"]), u.get("notes") or "") for u in require_list("existing", existing))
    items = []
    for person in require_list("people", people):
        username = str(person["username"])
        balance = balance_of(person, initial_balance)
        item = {
            "username": username,
            "full_name": person.get("full_name"),
            "email": person.get("email"),
            "department": person.get("department"),
            "office": person.get("office"),
            "primary_card_number": text(person.get("card_number")),
            "card_pin": text(person.get("card_pin")),
            "groups": person.get("groups"),
            "password": (person.get("password") or default_password or None) if internal else None,
            "balance": None,
        }
        if balance is not None:
            if balance_update == "always":
                item["balance"] = balance
            elif username not in notes:
                # the marker is written with the user, before the balance: a failed balance write leaves it
                item["balance"] = balance
                item["notes"] = marker
            elif marker in notes[username]:
                item["balance"] = balance
                item["notes"] = notes[username]
        items.append(item)
    return items


class FilterModule(object):
    def filters(self):
        return {"onboarding_papercut_users": onboarding_papercut_users}
