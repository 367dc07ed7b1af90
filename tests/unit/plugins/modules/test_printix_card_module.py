# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""printix_card's main() in-process against the Printix simulator: check mode, register, re-run, diff, reassign."""

from __future__ import annotations

from ansible_collections.printops.print_management.tests.unit.plugins.modules.conftest import (
    PRINTIX_CARD_ID,
    connection,
)

CARD = "04A2B3C4D5"
USERS = [{"email": "carol@example.edu", "name": "Carol"}, {"email": "dave@example.edu", "name": "Dave"}]


def writes(printix):
    return [c["method"] for c in printix.writes()]


def args(printix, **extra):
    return dict(connection("printix", printix, PRINTIX_CARD_ID), card_number=CARD, **extra)


def test_check_mode_then_register_then_rerun_unchanged_with_diff(run_module, printix):
    printix.seed({"users": USERS})
    check = run_module("printix_card", args(printix, user="carol@example.edu", _ansible_check_mode=True,
                                            _ansible_diff=True))
    assert check.result["changed"] and check.result["action"] == "create" and check.result["diff"]["before"] == {}
    assert writes(printix) == []
    run = run_module("printix_card", args(printix, user="carol@example.edu"))
    assert run.result["changed"] and writes(printix) == ["register_card"] and "rate_limit" in run.result
    again = run_module("printix_card", args(printix, user="carol@example.edu", _ansible_diff=True))
    assert not again.result["changed"] and again.result["diff"]["before"] == again.result["diff"]["after"]
    assert writes(printix) == ["register_card"] and CARD not in again.everything


def test_a_card_of_another_user_moves_only_with_reassign(run_module, printix):
    printix.seed({"users": USERS})
    run_module("printix_card", args(printix, user="carol@example.edu"))
    refused = run_module("printix_card", args(printix, user="dave@example.edu"))
    assert refused.failed and "reassign: true" in refused.result["msg"] and writes(printix) == ["register_card"]
    moved = run_module("printix_card", args(printix, user="dave@example.edu", reassign=True))
    assert moved.result["changed"] and moved.result["action"] == "update"
    assert writes(printix) == ["register_card", "delete_card", "register_card"]
