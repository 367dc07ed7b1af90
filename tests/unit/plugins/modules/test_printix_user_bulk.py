# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""printix_user's bulk form (issue 20): many guest users in one task at the fewest calls.

A guest user is found by email; one at a time that is a query per email and role (two
for a new guest: neither role has it). The bulk form finds every email of the task
together: whole roles listed at 1,000 users a page where that is cheaper, so a new guest
costs its creation and little more, an unchanged one nothing of its own.
"""

from __future__ import annotations

from ansible_collections.printops.print_management.tests.unit.plugins.modules.conftest import connection
from ansible_collections.printops.print_management.tests.unit.plugins.modules.test_printix_call_budget import (
    by_kind,
    tenant,
)


def guests(count=60, known=10):
    """``count`` guests, the first ``known`` of them already on the tenant of :func:`tenant`."""
    items = [{"email": "guest%04d@visit.example" % n, "full_name": "Guest %d" % n} for n in range(known)]
    items += [{"email": "Visitor%04d@Partner.example" % n, "full_name": "Visitor %d" % n} for n in range(count - known)]
    return items


def task(printix, items, **extra):
    return dict(connection("printix", printix), users=items, expiration="2030-03-07 18:00", **extra)


def test_new_guests_cost_their_creation_and_the_rerun_only_the_listing(run_module, printix):
    printix.seed(tenant(2000, 100))
    items = guests()
    printix.clear_calls()
    run = run_module("printix_user", task(printix, items))
    assert not run.failed, run.result.get("msg")
    assert run.result["summary"]["created"] == 50 and run.result["summary"]["unchanged"] == 10
    # the API root, the one page of guests and the two of regular users (cheaper than 50 queries)
    assert by_kind(printix) == {"lookups": 4, "reads": 0, "writes": 50}
    assert run.result["api_calls"] == {"lookups": 4, "reads": 0, "writes": 50, "total": 54}
    assert "rate_limit" in run.result and all("rate_limit" not in r for r in run.result["users"])
    created = [u for u in printix.state()["users"] if u["email"].startswith("Visitor")]
    assert len(created) == 50 and all(u["expirationTimestamp"] == "2030.03.07 18:00" for u in created)

    printix.clear_calls()
    again = run_module("printix_user", task(printix, [dict(i, email=i["email"].upper()) for i in items]))
    assert not again.failed, again.result.get("msg")
    assert again.result["summary"]["unchanged"] == 60
    # every email is a guest's now: the one page of guests finds them all, the regular users are not listed
    assert by_kind(printix) == {"lookups": 2, "reads": 0, "writes": 0}


def test_check_mode_sends_no_write(run_module, printix):
    printix.seed(tenant(50, 10))
    printix.clear_calls()
    run = run_module("printix_user", task(printix, guests(20, 5), _ansible_check_mode=True))
    assert not run.failed and run.result["summary"]["created"] == 15
    assert printix.writes() == []


def test_an_email_of_a_regular_user_fails_its_item_only(run_module, printix):
    printix.seed(tenant(50, 10))
    items = guests(5, 2) + [{"email": "person00003@campus.example"}]
    run = run_module("printix_user", task(printix, items))
    assert run.failed and run.result["summary"]["failed"] == 1 and run.result["summary"]["created"] == 3
    failed = [r for r in run.result["users"] if r.get("failed")]
    assert "role USER" in failed[0]["msg"] and "person00003@campus.example" in failed[0]["msg"]


def test_generated_credentials_come_back_per_item_only_under_no_log(run_module, printix):
    printix.seed(tenant(5, 0))
    run = run_module("printix_user", task(printix, guests(2, 0), _ansible_no_log=True))
    assert not run.failed
    assert all(set(r["credentials"]) == {"pin", "id_code", "password"} for r in run.result["users"])
    shown = run_module("printix_user", task(printix, guests(3, 0)))
    assert not shown.failed and shown.result["summary"]["created"] == 1
    assert all("credentials" not in r for r in shown.result["users"])


def test_deleting_guests_in_bulk(run_module, printix):
    printix.seed(tenant(20, 30))
    items = [{"email": "guest%04d@visit.example" % n, "state": "absent"} for n in range(12)]
    printix.clear_calls()
    run = run_module("printix_user", dict(connection("printix", printix), users=items))
    assert not run.failed and run.result["summary"]["deleted"] == 12
    assert by_kind(printix)["writes"] == 12 and by_kind(printix)["lookups"] <= 3
    assert not [u for u in printix.state()["users"] if u["email"] in set(i["email"] for i in items)]
