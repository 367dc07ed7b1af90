#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: printix_card
short_description: Register and remove Printix user cards
version_added: 1.0.0
description:
  - Registers an ID card with a Printix user, or removes it, through the Printix Cloud Print API.
  - Needs credentials of the B(Card Manager) API area. Resolving O(user) by email also lists users, which
    Card Manager credentials may do.
  - Printix stores card numbers hashed; a card is found by its encoded number, so the number is needed to
    remove it too. Card numbers are never returned or shown.
  - The card is looked up as C(GET /cards/{secret}). The base64 secret is percent-encoded whole in that path
    (C(/) as C(%2F), C(+) as C(%2B), C(=) as C(%3D)), so a secret such as the API document's own example
    C(yMu/wpVckd6/Ti5hH8nZmQ==) stays one path segment and a server that reads C(+) as a space still finds it.
  - Printix answers an unknown card with HTTP 403 (its API document) or 404 (as some live clients report); both
    mean "no such card" for this lookup only. A card that is already gone is therefore unchanged with
    O(state=absent). Before it says so, the module checks once per task that the credentials are Card Manager
    ones (credentials of another area get 403 on card calls too), by reading the cards of O(user) or of the
    first user listed.
  - Manage one card with O(card_number), or thousands in one task with O(cards); requests are paced to the
    API's rate limit (100 per minute), so on Printix the number of API calls is the run time.
  - What a card costs. An unchanged card is one call (the lookup of its number); a new card two (the lookup that
    says it is absent, and the registration). With O(cards), once 20 cards of the task have shown that at least
    three in four are new, the cards still to register are registered without the lookup (one call each; a card
    Printix answers is registered already, HTTP 409, is then looked up and handled as usual, so a card of another
    user still fails naming its owner unless O(reassign)); never in check mode. The users are found once per task
    whatever the number of their cards. With O(cards), the module first reads the first page of 1,000 users of
    each role, and lists the rest of the role only when that costs fewer calls than looking up the emails still
    unknown one by one (which it does otherwise); one email alone is looked up directly. So 1,000 new cards for
    1,000 people on a tenant of 5,000 users cost about 1,030 calls (about 10 minutes at 100 per minute), and the
    unchanged re-run about 1,006. RV(api_calls) says what a run cost.
author:
  - printops contributors (@printops)
extends_documentation_fragment:
  - printops.print_management.printix
  - printops.print_management.connection
  - printops.print_management.attributes
  - printops.print_management.attributes.ACTIONGROUP_PRINTIX
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
    details:
      - The diff shows the card's owner (user id) before and after; never the card number.
  idempotent:
    support: full
options:
  user:
    description:
      - The user the card belongs to, by email address or Printix user id.
      - An email is looked up among users of the roles C(USER) and C(GUEST_USER).
      - Required with O(state=present). With O(state=absent) it is optional; when given, a card registered to
        another user is not removed and the task fails.
    type: str
  card_number:
    description:
      - The card number. Required unless O(cards) is given.
      - Give it as text (quoted in YAML). A number is refused, because YAML has already dropped its leading
        zeros (C(00123456) is 123456) or read it as octal (C(01234567) is 342391).
    type: str
  card_encoding:
    description:
      - How O(card_number) is given.
      - V(raw) is the number as text; it is registered as the base64 encoding of its UTF-8 bytes, the common case.
      - V(base64) is a secret already converted and base64 encoded for readers that need bytes, reversed hex and
        similar conversions. It is validated, never guessed.
    type: str
    choices: [raw, base64]
    default: raw
  state:
    description:
      - V(present) registers the card with O(user); V(absent) removes it.
    type: str
    choices: [present, absent]
    default: present
  reassign:
    description:
      - When the card is registered to another user, move it to O(user). Without it the task fails and names the owner.
    type: bool
    default: false
  cards:
    description:
      - Bulk form. A list of cards, each a dictionary of O(user), O(card_number), O(card_encoding), O(state) and
        O(reassign). Top-level options act as defaults for every item.
      - One failed card does not stop the others; the task fails after all have been reported.
    type: list
    elements: dict
    suboptions:
      user:
        description: As O(user).
        type: str
      card_number:
        description: As O(card_number).
        type: str
        required: true
      card_encoding:
        description: As O(card_encoding).
        type: str
        choices: [raw, base64]
      state:
        description: As O(state).
        type: str
        choices: [present, absent]
      reassign:
        description: As O(reassign).
        type: bool
  concurrency:
    description: With O(cards), how many cards are processed at once, from 1 to 64.
    type: int
    default: 8
seealso:
  - module: printops.print_management.printix_card_info
"""

EXAMPLES = r"""
- name: Register a badge for a user
  printops.print_management.printix_card:
    printix_client_id: "{{ card_manager_id }}"
    printix_client_secret: "{{ card_manager_secret }}"
    user: jane.doe@example.com
    card_number: "04A2B3C4D5"

- name: Register a secret a reader needs converted (already base64)
  printops.print_management.printix_card:
    user: jane.doe@example.com
    card_number: "yMu/wpVckd6/Ti5hH8nZmQ=="
    card_encoding: base64

- name: Register a term's badges in one task
  printops.print_management.printix_card:
    # badges: [{user: a@example.com, card_number: "123"}, ...]
    cards: "{{ badges }}"
    rate_limit_timeout: 1800

- name: Remove a lost card
  printops.print_management.printix_card:
    card_number: "04A2B3C4D5"
    state: absent
"""

RETURN = r"""
action:
  description: What was done (or would be done in check mode) to the single card.
  returned: when O(card_number) is given
  type: str
  sample: create
user_id:
  description: Printix id of the card's user.
  returned: when O(card_number) is given
  type: str
card:
  description: The registered card (id, owner_id, created, modified, pincodeRequired); never its number.
  returned: when O(card_number) is given, O(state=present), and not in check mode for a new card
  type: dict
cards:
  description: With O(cards), one result per item in input order (index, user, changed, action, user_id, failed, msg).
  returned: when O(cards) is given
  type: list
  elements: dict
summary:
  description:
    - With O(cards), how many cards were created, updated (reassigned), deleted, unchanged or failed.
    - C(uncertain) counts the failed items whose write may have been applied although it failed (its answer was lost);
      check those before running the task again.
    - C(not_attempted) counts the items not tried because the server could not be reached for several items in a row
      (connection refused, unreachable, no answer); the task stops early instead of spending every item's retries on a
      dead server. Run it again once the server answers.
  returned: when O(cards) is given
  type: dict
  sample: {total: 1000, created: 990, updated: 0, deleted: 0, unchanged: 10, failed: 0, uncertain: 0, not_attempted: 0}
rate_limit:
  description:
    - How the API's rate limit affected the task - C(throttled_responses) (429 answers), C(waited_seconds) (time
      all workers were paused by them), C(paced_seconds) (time spent waiting for the rate limit to allow the
      next request; all workers share one pace, so this is at most the task's duration) and C(timeout_seconds)
      (the budget for C(waited_seconds) in force, O(rate_limit_timeout) or the one sized from the work).
    - The seconds spent waiting on the rate limit are C(waited_seconds) plus C(paced_seconds).
  returned: always
  type: dict
  sample: {throttled_responses: 3, waited_seconds: 1.8, paced_seconds: 12.4, timeout_seconds: 1800.0}
api_calls:
  description:
    - The API calls the task made, 429 answers and token requests aside, by kind - C(lookups) (listing or
      searching users, and the API root when the tenant is discovered), C(reads) (a card, a user, a user's
      cards), C(writes) (registrations and deletions) and their C(total). At 100 requests per minute, the
      C(total) is the least time the task can take.
  returned: always
  type: dict
  sample: {lookups: 4, reads: 300, writes: 300, total: 604}
"""

from ansible_collections.printops.print_management.plugins.module_utils import _validate as check
from ansible_collections.printops.print_management.plugins.module_utils._module import bulk_spec, new_module, reconcile
from ansible_collections.printops.print_management.plugins.module_utils._printix import PrintixClient
from ansible_collections.printops.print_management.plugins.module_utils._printix_cards import CardReconciler


def main():
    spec = bulk_spec(dict(
        user=dict(type="str"),
        card_number=dict(type="str", no_log=True),
        card_encoding=dict(type="str", choices=["raw", "base64"]),
        state=dict(type="str", choices=["present", "absent"]),
        reassign=dict(type="bool"),
    ), "card_number", "cards", dict(card_encoding="raw", state="present", reassign=False))
    module = new_module("printix", spec, mutually_exclusive=[("card_number", "cards")],
                        required_one_of=[("card_number", "cards")])
    check.refuse(module, dict(card_number=check.card_number), items="cards")
    reconcile(module, PrintixClient.from_module(module), CardReconciler)


if __name__ == "__main__":
    main()
