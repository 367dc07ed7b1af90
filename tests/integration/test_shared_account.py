# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""shared_account and shared_account_info end to end against the PaperCut simulator.

Server state is always checked through the simulator's inspection API, never through the module under test.
"""

from __future__ import annotations

from pc_helpers import defaults, task, writes

PIN = "97531"
ACC = {"name": "Physics\\Neutrino", "create_parent": True, "pin": PIN, "balance": 50.0, "balance_comment": "grant",
       "restricted": True, "notes": "n", "comment_option": "NO_COMMENT", "overdraft_amount": 5.0,
       "access_users": ["alice"], "access_groups": ["Staff"]}
WORLD = {"users": [{"username": "alice"}, {"username": "bob"}], "groups": ["Staff", "Students"]}


def sa(args, name="t"):
    return task("shared_account", args, name)


def test_full_lifecycle_check_create_rerun_update_delete(ansible, papercut):
    papercut.seed(WORLD)
    md = defaults(papercut)
    run = ansible.run_tasks([sa(ACC)], check=True, module_defaults=md).assert_ok()
    assert run.task("t").changed and run.task("t")["action"] == "create"
    assert writes(papercut) == [] and papercut.state()["shared_accounts"] == {}

    run = ansible.run_tasks([sa(ACC)], module_defaults=md, diff=True).assert_ok()
    assert run.task("t").changed and "pin" not in run.task("t")["account"]
    assert PIN not in run.stdout
    accounts = papercut.state()["shared_accounts"]
    assert sorted(accounts) == ["Physics", "Physics\\Neutrino"]
    acc = accounts["Physics\\Neutrino"]
    assert acc["balance"] == 50.0 and acc["properties"]["pin"] == PIN and acc["properties"]["restricted"] == "true"
    assert acc["properties"]["comment-option"] == "NO_COMMENT" and acc["properties"]["overdraft-amount"] == "5.00"
    assert acc["access_users"] == ["alice"] and acc["access_groups"] == ["Staff"]

    for check in (True, False):
        papercut.clear_calls()
        run = ansible.run_tasks([sa(ACC)], check=check, module_defaults=md).assert_ok()
        assert not run.task("t").changed, run.task("t")
        assert writes(papercut) == []

    papercut.clear_calls()
    update = dict(ACC, balance=60.0, access_users=["bob"], notes="m")
    run = ansible.run_tasks([sa(update)], module_defaults=md, diff=True).assert_ok()
    diff = run.task("t")["diff"]
    assert (diff["before"]["balance"], diff["after"]["balance"]) == (50.0, 60.0)
    assert writes(papercut) == [
        ("setSharedAccountProperties", ["Physics\\Neutrino", [["notes", "m"]]]),
        ("setSharedAccountAccountBalance", ["Physics\\Neutrino", 60.0, "grant"]),
        ("addSharedAccountAccessUser", ["Physics\\Neutrino", "bob"]),
        ("removeSharedAccountAccessUser", ["Physics\\Neutrino", "alice"])]

    papercut.clear_calls()
    ansible.run_tasks([sa({"name": "Physics\\Neutrino", "access_users": ["alice"], "append": True})],
                      module_defaults=md).assert_ok()
    assert writes(papercut) == [("addSharedAccountAccessUser", ["Physics\\Neutrino", "alice"])]

    gone = {"name": "Physics\\Neutrino", "state": "absent"}
    run = ansible.run_tasks([sa(gone, "del"), sa(gone, "again")], module_defaults=md).assert_ok()
    assert run.task("del").changed and not run.task("again").changed
    assert sorted(papercut.state()["shared_accounts"]) == ["Physics"]


def test_bulk_form_and_info(ansible, papercut):
    papercut.seed(WORLD)
    items = [{"name": "CC-%03d" % i, "notes": "cost centre %d" % i} for i in range(30)]
    tasks = [sa({"accounts": items, "comment_option": "COMMENT_REQUIRED"}, "bulk"),
             sa({"accounts": items, "comment_option": "COMMENT_REQUIRED"}, "again"),
             task("shared_account_info", {"name": "CC-007", "properties": ["comment-option"]}, "one"),
             task("shared_account_info", {}, "all")]
    run = ansible.run_tasks(tasks, module_defaults=defaults(papercut)).assert_ok()
    assert run.task("bulk")["summary"]["created"] == 30
    assert run.task("again")["summary"]["unchanged"] == 30 and not run.task("again").changed
    assert papercut.state()["shared_accounts"]["CC-029"]["properties"]["comment-option"] == "COMMENT_REQUIRED"
    one = run.task("one")
    assert one["exists"] and one["accounts"][0]["properties"] == {"comment-option": "COMMENT_REQUIRED"}
    assert one["accounts"][0]["notes"] == "cost centre 7" and "pin" not in one["accounts"][0]
    assert len(run.task("all")["accounts"]) == 30


BAD = [
    ({"name": "Nope\\Sub"}, ["'Nope\\\\Sub'", "parent account 'Nope', which does not exist", "create_parent",
                             "nothing was written"]),
    ({"name": "A", "access_users": ["ghost"]}, ["'A'", "access user 'ghost', which does not exist"]),
    ({"name": "A", "access_groups": ["Nobody"]}, ["'A'", "access group 'Nobody', which does not exist"]),
    # PINs through the environment: ansible-playbook quotes playbook lines around a failed task
    ({"name": "A", "pin": "{{ lookup('ansible.builtin.env', 'TEST_PIN_INVALID') }}"}, ["'A'", "PIN is invalid", "fault 271"]),
    ({"name": "A", "pin": "{{ lookup('ansible.builtin.env', 'TEST_PIN_TAKEN') }}"}, ["'A'", "PIN is not unique", "fault 272"]),
    ({"name": "A", "comment_option": "SOMETIMES"}, ["'A'", "comment_option must be one of"]),
    ({"name": "A", "properties": {"no-such": "x"}}, ["'A'", "no-such"]),
]


def test_bad_input_fails_cleanly_naming_the_object(ansible, papercut):
    papercut.seed(dict(WORLD, shared_accounts=[{"name": "A"}, {"name": "B", "pin": "1234"}]))
    papercut.clear_calls()
    tasks = [sa(args, "case%d" % i) for i, (args, _p) in enumerate(BAD)]
    for t in tasks:
        t["ignore_errors"] = True
    run = ansible.run_tasks(tasks, module_defaults=defaults(papercut),
                            env={"TEST_PIN_INVALID": "12ab", "TEST_PIN_TAKEN": "1234"})
    for i, (_args, phrases) in enumerate(BAD):
        result = run.task("case%d" % i)
        assert result.failed and all(p in result["msg"] for p in phrases), (phrases, result)
    assert "Traceback" not in run.stdout + run.stderr
    assert all(c["method"] == "setSharedAccountProperties" for c in papercut.writes())  # rejected PINs only


def test_a_failure_after_a_write_reports_changed_and_what_was_applied(ansible, papercut):
    papercut.seed({"shared_accounts": [{"name": "Physics", "balance": 5.0}]})
    papercut.fault("fault", method="setSharedAccountAccountBalance", code=285, string="balance refused")
    run = ansible.run_tasks([sa({"name": "Physics", "notes": "grant", "balance": 50.0}, name="t")],
                            module_defaults=defaults(papercut))
    result = run.task("t")
    assert result.failed and result["changed"] is True, result
    assert "already applied: properties" in result["msg"] and "nothing was changed" not in result["msg"]
    account = papercut.state()["shared_accounts"]["Physics"]
    assert account["properties"]["notes"] == "grant" and account["balance"] == 5.0
