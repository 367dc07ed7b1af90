# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One rule for badge (card) numbers in every module: never echoed or logged, masked in results and diffs.

PaperCut shows a card as ``****`` and its last four characters; Printix shows no number at all.
Server state is checked through the simulators' inspection API.
"""

from __future__ import annotations

import base64

import pytest

from ansible_collections.printops.print_management.plugins.module_utils._badges import mask_card_number, mask_user
from ansible_collections.printops.print_management.tests.unit.plugins.modules.conftest import PRINTIX_CARD_ID, connection

CARD, NEW_CARD, SECOND = "04A2B3C4D5", "04A2B3C4E6", "77001234"


@pytest.mark.parametrize("number, shown", [
    ("04A2B3C4D5", "****C4D5"), ("12345678", "****5678"), ("1234567", "****567"), ("123456", "****456"),
    ("1234", "****34"), ("7", "****"), ("", ""), (None, None), (12345678, "****5678"),
])
def test_a_badge_number_is_shown_as_its_last_four_characters_and_never_more_than_half(number, shown):
    assert mask_card_number(number) == shown


def test_users_are_masked_by_field_and_by_property_name():
    user = {"username": "u", "primary_card_number": CARD, "secondary_card_number": "", "email": "u@x",
            "properties": {"card-number": SECOND, "home": "/h"}}
    assert mask_user(user) == {"username": "u", "primary_card_number": "****C4D5", "secondary_card_number": "",
                               "email": "u@x", "properties": {"card-number": "****1234", "home": "/h"}}
    assert user["primary_card_number"] == CARD  # a copy: the engine's own state is untouched


def pc_args(papercut, **extra):
    return dict(connection("papercut", papercut), **extra)


def assert_nowhere(run, *numbers):
    for number in numbers:
        assert number not in run.everything, "a card number leaked: %s" % run.everything


def test_papercut_user_masks_cards_in_its_result_diff_invocation_and_log(run_module, papercut):
    papercut.seed({"directory": [{"username": "alice"}]})
    run = run_module("papercut_user", pc_args(papercut, username="alice", primary_card_number=CARD,
                                              secondary_card_number=SECOND, _ansible_diff=True))
    assert run.result["changed"], run.result
    props = papercut.state()["users"]["alice"]["properties"]
    assert (props["primary-card-number"], props["secondary-card-number"]) == (CARD, SECOND)
    assert run.result["user"]["primary_card_number"] == "****C4D5"
    assert run.result["diff"]["after"]["secondary_card_number"] == "****1234"
    assert "NOT_LOGGING_PARAMETER" in run.logged[0]
    assert_nowhere(run, CARD, SECOND)

    run = run_module("papercut_user", pc_args(papercut, username="alice", primary_card_number=NEW_CARD,
                                              _ansible_diff=True))
    assert run.result["diff"]["before"]["primary_card_number"] == "****C4D5"
    assert run.result["diff"]["after"]["primary_card_number"] == "****C4E6"  # which card changed is visible
    assert papercut.state()["users"]["alice"]["properties"]["primary-card-number"] == NEW_CARD
    assert_nowhere(run, CARD, NEW_CARD)


def test_papercut_user_bulk_masks_every_item(run_module, papercut):
    papercut.seed({"directory": [{"username": "u%d" % i} for i in range(3)]})
    cards = ["55%06d" % i for i in range(3)]
    users = [{"username": "u%d" % i, "primary_card_number": cards[i]} for i in range(3)]
    run = run_module("papercut_user", pc_args(papercut, users=users, _ansible_diff=True))
    assert run.result["summary"]["created"] == 3, run.result
    assert [u["user"]["primary_card_number"] for u in run.result["users"]] == ["****%04d" % i for i in range(3)]
    assert [papercut.state()["users"]["u%d" % i]["properties"]["primary-card-number"] for i in range(3)] == cards
    assert_nowhere(run, *cards)


def test_papercut_user_info_returns_masked_cards_by_field_and_property(run_module, papercut):
    papercut.seed({"users": [{"username": "bob", "primary-card-number": CARD, "secondary-card-number": SECOND}]})
    run = run_module("papercut_user_info", pc_args(papercut, username="bob",
                                                   fields=["primary_card_number", "secondary_card_number"],
                                                   properties=["primary-card-number", "card-number"]))
    user = run.result["users"][0]
    assert (user["primary_card_number"], user["secondary_card_number"]) == ("****C4D5", "****1234")
    assert user["properties"] == {"primary-card-number": "****C4D5", "card-number": "****C4D5"}
    assert_nowhere(run, CARD, SECOND)


@pytest.fixture
def printix(printix):
    """The simulator (conftest.py) with Carol."""
    printix.seed({"users": [{"email": "carol@example.edu", "name": "Carol"}]})
    return printix


def px_args(printix, **extra):
    return dict(connection("printix", printix, PRINTIX_CARD_ID), **extra)


def test_printix_modules_show_no_card_number_at_all(run_module, printix):
    run = run_module("printix_card", px_args(printix, user="carol@example.edu", card_number=CARD, _ansible_diff=True))
    assert run.result["changed"], run.result
    secret = base64.b64encode(CARD.encode()).decode()
    assert [c["secret"] for c in printix.state()["cards"]] == [secret]
    assert_nowhere(run, CARD, secret)
    run = run_module("printix_card_info", px_args(printix, card_number=CARD))
    assert run.result["card"]["owner"]["email"] == "carol@example.edu", run.result
    assert_nowhere(run, CARD, secret)
