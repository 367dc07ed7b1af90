# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""printix_card_info over many users (issue 20): one read of cards per user, the emails found together."""

from __future__ import annotations

import base64

from ansible_collections.printops.print_management.tests.unit.plugins.modules.conftest import (
    PRINTIX_CARD_ID,
    connection,
)
from ansible_collections.printops.print_management.tests.unit.plugins.modules.test_printix_call_budget import (
    by_kind,
    tenant,
)


def secret(number):
    return base64.b64encode(number.encode()).decode()


def test_the_cards_of_many_users_cost_one_read_each_and_the_listing(run_module, printix):
    seed = tenant(2000, 200)
    seed["cards"] = [{"owner": "person%05d@campus.example" % n, "secret": secret("H%04d" % n)} for n in range(0, 300, 3)]
    printix.seed(seed)
    wanted = ["Person%05d@Campus.example" % n for n in range(150)] + ["guest0001@visit.example"]
    wanted.append(wanted[0])  # named twice: read once
    printix.clear_calls()
    run = run_module("printix_card_info", dict(connection("printix", printix, PRINTIX_CARD_ID), users=wanted))
    assert not run.failed, run.result.get("msg")
    found = run.result["users_cards"]
    assert [entry["user"] for entry in found] == wanted
    assert [len(entry["cards"]) for entry in found[:4]] == [1, 0, 0, 1] and found[-2]["cards"] == []
    # the API root, the two pages of regular users (the second costs what a query for the one email left
    # would), one query among guests for that email, and one read per distinct user
    assert by_kind(printix) == {"lookups": 4, "reads": 151, "writes": 0}
    assert run.result["api_calls"]["total"] == 155 and secret("H0000") not in run.stdout


def test_an_unknown_user_fails_the_task_naming_it(run_module, printix):
    printix.seed(tenant(20, 0))
    run = run_module("printix_card_info", dict(connection("printix", printix, PRINTIX_CARD_ID),
                                               users=["person00001@campus.example", "ghost@campus.example"]))
    assert run.failed and "ghost@campus.example" in run.result["msg"]
