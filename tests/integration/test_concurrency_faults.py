# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Bulk forms under injected faults: every item's outcome is reported, none silently skipped.

Each product's bulk form runs with several workers while the simulator answers some
calls with transient failures (retried, converge) and loses the answer to one
non-idempotent write (that item fails, says the write may have been applied, and is not
re-sent). The result lists every item, in input order, and the server state matches it.
"""

from __future__ import annotations

from fixtures_printix import px_defaults, px_env
from fixtures_savapage import savapage_defaults
from pc_helpers import defaults as pc_defaults

NS = "printops.print_management."


def outcome_of(items):
    return ["failed" if i.get("failed") else ("changed" if i.get("changed") else "ok") for i in items]


def test_papercut_bulk_users_under_faults_reports_every_user(ansible, papercut):
    names = ["u%02d" % i for i in range(24)]
    papercut.seed({"users": [{"username": n, "balance": 1.0} for n in names]})
    papercut.fault("http_status", count=6, method="getUserProperties", status=503)   # reads: retried
    papercut.fault("drop", count=3, method="setUserProperties")                       # idempotent: retried
    papercut.fault("drop_after", count=1, method="adjustUserAccountBalance")          # lost answer: one item fails
    users = [dict({"username": n, "notes": "bulk"}, **({"adjust_balance": 2.0} if i % 6 == 0 else {}))
             for i, n in enumerate(names)]
    run = ansible.run_tasks([{"name": "bulk", NS + "papercut_user": {"users": users, "concurrency": 8},
                              "ignore_errors": True}], module_defaults=pc_defaults(papercut))
    result = run.task("bulk")
    assert result.failed and "1 of 24 users failed" in result["msg"], result
    assert [u["username"] for u in result["users"]] == names, "every item reported, in input order"
    outcomes = outcome_of(result["users"])
    assert outcomes.count("failed") == 1 and outcomes.count("changed") == 23, outcomes
    failed = result["users"][outcomes.index("failed")]
    assert "may or may not have applied" in failed["msg"] and "not re-sent" in failed["msg"]
    # the lost adjustment may have moved money: the item and the task say so
    assert failed["changed"] is True and failed["uncertain"] is True and result["summary"]["uncertain"] == 1
    assert "nothing was changed" not in failed["msg"] and "may have been applied" in result["msg"]
    assert failed["username"] in names[::6]
    state = papercut.state()
    assert all(state["users"][n]["properties"]["notes"] == "bulk" for n in names)
    # every adjustment applied exactly once, the lost one included, none re-sent
    adjusted = [t["account"] for t in state["transactions"] if t["kind"] == "adjust"]
    assert sorted(adjusted) == names[::6]
    assert len([c for c in papercut.calls() if c["method"] == "adjustUserAccountBalance"]) == 4


def test_savapage_bulk_balances_under_faults_reports_every_account(ansible, savapage):
    names = ["s%02d" % i for i in range(12)]
    savapage.seed({"accounts": [{"type": "USER", "name": n, "balance": 1} for n in names]})
    savapage.fault("http_status", count=4, method="balance.set", status=502)   # exact value: retried
    savapage.fault("drop", count=2, method="balance.get")                      # reads: retried
    savapage.fault("drop_after", count=1, method="balance.adjust")             # lost answer: one item fails
    items = [{"name": n, "adjust": 1.5} if i % 4 == 0 else {"name": n, "balance": 9.0} for i, n in enumerate(names)]
    run = ansible.run_tasks([{"name": "bulk", NS + "savapage_balance": {"accounts": items, "concurrency": 6},
                              "ignore_errors": True}], module_defaults=savapage_defaults(savapage))
    result = run.task("bulk")
    assert result.failed and "1 of 12 accounts failed" in result["msg"], result
    assert [a["name"] for a in result["accounts"]] == names
    outcomes = outcome_of(result["accounts"])
    assert outcomes.count("failed") == 1 and outcomes.count("changed") == 11, outcomes
    failed = result["accounts"][outcomes.index("failed")]
    assert "may have been applied" in failed["msg"] and failed["name"] in names[::4]
    assert failed["changed"] is True and failed["uncertain"] is True and result["summary"]["uncertain"] == 1
    state = savapage.state()
    assert all(state["accounts"]["USER"][n]["balance"] == 9.0 for i, n in enumerate(names) if i % 4)
    assert all(state["accounts"]["USER"][n]["balance"] == 2.5 for n in names[::4]), "each adjusted exactly once"


def test_printix_bulk_cards_under_faults_reports_every_card(ansible, printix):
    users = [{"email": "p%02d@example.com" % i, "fullName": "P %d" % i, "role": "USER"} for i in range(10)]
    printix.seed({"users": users})
    printix.fault("expire_token", method="get_card")
    printix.fault("throttle", count=4, method="register_card", retry_after=0.2)   # 429: retried
    printix.fault("http_status", count=3, method="list_users", status=500)        # reads: retried
    printix.fault("drop", count=1, method="register_card")                        # ambiguous: one item fails
    cards = [{"user": u["email"], "card_number": "K%04d" % i} for i, u in enumerate(users)]
    run = ansible.run_tasks([{"name": "bulk", NS + "printix_card": {"cards": "{{ cards }}", "concurrency": 4},
                              "ignore_errors": True}], module_defaults=px_defaults(printix), env=px_env(),
                            extra_vars={"cards": cards})
    result = run.task("bulk")
    assert result.failed and "1 of 10" in result["msg"], result
    assert [c["user"] for c in result["cards"]] == [u["email"] for u in users], "every card reported, in order"
    outcomes = outcome_of(result["cards"])
    assert outcomes.count("failed") == 1 and outcomes.count("changed") == 9, outcomes
    assert "not re-sent" in result["cards"][outcomes.index("failed")]["msg"]
    assert len(printix.state()["cards"]) == 9
    assert "K0001" not in run.stdout + run.stderr


def test_papercut_bulk_against_a_dead_server_stops_early_and_says_what_was_not_attempted(ansible, papercut):
    names = ["d%03d" % i for i in range(200)]
    papercut.seed({"users": [{"username": n} for n in names]})
    # the listing answers, then the server accepts connections and answers nothing
    papercut.fault("drop", count=100000, method="getUserProperties")
    run = ansible.run_tasks([{"name": "bulk", NS + "papercut_user": {
        "users": [{"username": n, "notes": "x"} for n in names], "concurrency": 8}, "ignore_errors": True}],
        module_defaults=pc_defaults(papercut))
    result = run.task("bulk")
    summary = result["summary"]
    assert result.failed and not result["changed"], result
    # a run of 5 unreachable items stops the run; the other workers' items under way finish
    assert 5 <= summary["failed"] <= 12 and summary["not_attempted"] == 200 - summary["failed"], summary
    assert "were not attempted" in result["msg"] and "could not be reached for 5 items in a row" in result["msg"]
    assert [u["username"] for u in result["users"]] == names
    assert sum(1 for u in result["users"] if u.get("not_attempted")) == summary["not_attempted"]
    # each attempted item's read and its 3 retries reached the server, nothing more: counted by the
    # dropped calls the fault consumed (the call log does not list a dropped call)
    dropped = 100000 - papercut._req("GET", "faults")["faults"][0]["count"]  # pylint: disable=protected-access
    assert dropped == 4 * summary["failed"], dropped
    assert papercut.writes() == []
