#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: printix_card_info
short_description: List a Printix user's cards, or find who owns a card
version_added: 1.0.0
description:
  - With O(user), lists the cards registered to that user.
  - With O(card_number), looks the card up and returns its owner; an unknown card (Printix answers 403 or 404)
    returns RV(card) as null, not an error, once the credentials are confirmed to be Card Manager ones (see
    M(printops.print_management.printix_card)). The secret travels percent-encoded, as described in
    M(printops.print_management.printix_card).
  - With O(users), lists the cards of many users in one task - one call per user for the cards, and the emails
    found together at the fewest calls (the first page of 1,000 users of each role, the rest of a role only when
    listing it is cheaper than looking the remaining emails up one by one).
  - Needs credentials of the B(Card Manager) API area. Card numbers are never returned.
author:
  - printops contributors (@printops)
extends_documentation_fragment:
  - printops.print_management.printix
  - printops.print_management.connection
  - printops.print_management.attributes
  - printops.print_management.attributes.INFO_MODULE
  - printops.print_management.attributes.ACTIONGROUP_PRINTIX
options:
  user:
    description: The user, by email address (among roles C(USER) and C(GUEST_USER)) or Printix user id.
    type: str
  card_number:
    description: A card number to look up.
    type: str
  card_encoding:
    description: How O(card_number) is given; see M(printops.print_management.printix_card).
    type: str
    choices: [raw, base64]
    default: raw
  users:
    description:
      - Many users at once, each by email address or Printix user id; their cards are returned in RV(users_cards).
      - The task fails, naming them, when any of them cannot be found or read.
    type: list
    elements: str
  concurrency:
    description: With O(users), how many users' cards are read at once, from 1 to 64.
    type: int
    default: 8
seealso:
  - module: printops.print_management.printix_card
"""

EXAMPLES = r"""
- name: Who owns this badge?
  printops.print_management.printix_card_info:
    card_number: "04A2B3C4D5"
  register: found

- name: List a user's cards
  printops.print_management.printix_card_info:
    user: jane.doe@example.com
  register: jane_cards

- name: Which of this term's students have a card?
  printops.print_management.printix_card_info:
    users: "{{ students | map(attribute='email') | list }}"
  register: student_cards
"""

RETURN = r"""
card:
  description: With O(card_number), the card and its owner (C(id), C(email)); null when no such card is registered.
  returned: when O(card_number) is given
  type: dict
  sample: {id: 21957dcd-c4cd-42d2-beed-744b3e37f38f, owner: {id: b37965e6-1e2b-49e2-baf8-47a346b74a09, email: jane@example.com}}
cards:
  description: With O(user), the user's cards (id, created, modified, pincodeRequired).
  returned: when O(user) is given without O(card_number)
  type: list
  elements: dict
user:
  description: The resolved user (C(id), C(email)).
  returned: when O(user) is given
  type: dict
users_cards:
  description: With O(users), one entry per user in the order given - C(user) (as given), C(id), C(email) and C(cards).
  returned: when O(users) is given
  type: list
  elements: dict
  sample: [{user: jane@example.com, id: b37965e6-1e2b-49e2-baf8-47a346b74a09, email: jane@example.com, cards: []}]
api_calls:
  description: The API calls the task made by kind, as for M(printops.print_management.printix_card).
  returned: always
  type: dict
  sample: {lookups: 3, reads: 500, writes: 0, total: 503}
rate_limit:
  description: How the API's rate limit affected the task, as for M(printops.print_management.printix_card).
  returned: always
  type: dict
"""

from ansible_collections.printops.print_management.plugins.module_utils._module import BULK_SPEC, new_module, run
from ansible_collections.printops.print_management.plugins.module_utils._printix import PrintixClient
from ansible_collections.printops.print_management.plugins.module_utils._reconcile import read_all
from ansible_collections.printops.print_management.plugins.module_utils._printix_cards import (
    UserResolver,
    card_secret,
)

KEEP = ("id", "created", "modified", "pincodeRequired")


def main():
    spec = dict(
        user=dict(type="str"),
        card_number=dict(type="str", no_log=True),
        card_encoding=dict(type="str", choices=["raw", "base64"], default="raw"),
        users=dict(type="list", elements="str"),
    )
    spec.update(BULK_SPEC)
    module = new_module("printix", spec, required_one_of=[("user", "card_number", "users")],
                        mutually_exclusive=[("users", "user"), ("users", "card_number")])
    client = PrintixClient.from_module(module)
    params = module.params

    def many():
        refs = [str(r).strip() for r in params["users"]]
        users = UserResolver(client)
        users.plan(refs)
        client.expect_calls(2 * len(refs))

        def read(ref):
            user = users.resolve(ref)
            cards = [dict((k, c.get(k)) for k in KEEP) for c in client.user_cards(user["id"])]
            return {"user": ref, "id": user["id"], "email": user.get("email"), "cards": cards}

        unique = list(dict.fromkeys(refs))  # a user named twice is read once
        found = dict(zip(unique, read_all(unique, read, params["concurrency"], "users' cards")))
        return {"changed": False, "users_cards": [dict(found[ref], user=ref) for ref in refs]}

    def body():
        if params["users"] is not None:
            result = many()
        else:
            result = one()
        result["api_calls"] = client.calls_report()
        result["rate_limit"] = client.rate_limit_report()
        return result

    def one():
        result = {"changed": False}
        users = UserResolver(client)
        if params["user"]:
            result["user"] = users.resolve(params["user"])
        if params["card_number"]:
            found = client.get_card(card_secret(params["card_number"], params["card_encoding"]))
            if found is None:
                # 403 is "no such card" only for Card Manager credentials
                client.confirm_card_area(result["user"]["id"] if result.get("user") else None)
            else:
                owner = client.get_user(found["owner_id"]) or {}
                card = dict((k, found.get(k)) for k in KEEP)
                card["owner"] = {"id": found["owner_id"], "email": owner.get("email")}
                found = card
            result["card"] = found
        else:
            result["cards"] = [dict((k, c.get(k)) for k in KEEP) for c in client.user_cards(result["user"]["id"])]
        return result

    run(module, body, client.redact)


if __name__ == "__main__":
    main()
