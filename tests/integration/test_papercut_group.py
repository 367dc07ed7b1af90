# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""papercut_group and papercut_group_info end to end against the PaperCut simulator."""

from __future__ import annotations

import pytest
from pc_helpers import defaults, task, writes

QUOTA = {"amount": 10.0, "period": "WEEKLY", "max_accumulation": 40.0}


def grp(args, name="t", **extra):
    return task("papercut_group", args, name, **extra)


def test_full_sequence_with_quota(ansible, papercut_group_adding):
    # a directory group PaperCut does not have yet: addNewGroup adds it in the background
    # (../shared/reference/papercut-xmlrpc.md); the quota is its own task (issue 18)
    papercut = papercut_group_adding
    papercut.seed({"directory_groups": ["Students"]})
    md = defaults(papercut)
    add = {"name": "Students"}
    want = {"name": "Students", "quota": QUOTA}
    run = ansible.run_tasks([grp(add)], check=True, module_defaults=md).assert_ok()
    assert run.task("t").changed and writes(papercut) == [] and papercut.state()["groups"] == []

    run = ansible.run_tasks([grp(add, "create"), grp(want, "quota"), grp(want, "check", check_mode=True),
                             grp(want, "again"),
                             grp({"name": "Students", "quota": {"period": "monthly"}}, "update"),
                             task("papercut_group_info", {"name": "Students"}, "info"),
                             grp({"name": "Students", "state": "absent"}, "delete"),
                             grp({"name": "Students", "state": "absent"}, "delete again")],
                            module_defaults=md, diff=True).assert_ok()
    assert run.task("create").changed and run.task("quota")["group"]["quota"] == QUOTA
    assert not run.task("check").changed and not run.task("again").changed
    assert run.task("update").changed and run.task("update")["diff"]["after"]["quota"]["period"] == "MONTHLY"
    assert run.task("info")["group"]["quota"] == dict(QUOTA, period="MONTHLY")
    assert run.task("delete").changed and not run.task("delete again").changed
    assert writes(papercut) == [
        ("addNewGroup", ["Students"]), ("setGroupQuota", ["Students", 10.0, "WEEKLY", 40.0]),
        ("setGroupQuota", ["Students", 10.0, "MONTHLY", 40.0]), ("removeGroup", ["Students"])]
    assert papercut.state()["groups"] == []


@pytest.mark.parametrize("args, asked", [
    ({"name": "Studnts", "member_balance": 10.0}, "member balances"),
    ({"name": "Studnts", "quota": QUOTA}, "a quota"),
], ids=["member_balance", "quota"])
def test_a_typo_in_a_funded_or_limited_group_fails_and_creates_nothing(ansible, papercut, args, asked):
    # issue 18: "term_start_group_balances: [{group: Studnts, balance: 10.0}] adds a group Studnts and
    # reports success with nobody funded"; the directory has the typo too, so only the module can refuse
    papercut.seed({"groups": ["Students"], "directory_groups": ["Studnts"],
                   "users": [{"username": "s1", "groups": ["Students"], "balance": 1.0}]})
    run = ansible.run_tasks([grp(args, "check", check_mode=True, ignore_errors=True),
                             grp(args, "real", ignore_errors=True)], module_defaults=defaults(papercut))
    for name in ("check", "real"):
        result = run.task(name)
        assert result.failed and "group 'Studnts'" in result["msg"] and asked in result["msg"], result
        assert "state: present" in result["msg"] and "nothing was changed" in result["msg"]
    assert writes(papercut) == [] and papercut.state()["groups"] == ["Students"]
    assert "Traceback" not in run.stdout + run.stderr


def test_member_balance_on_500_members_sets_only_those_that_differ_in_one_task(ansible, papercut):
    users = [{"username": "s%03d" % i, "groups": ["Students"], "balance": 25.0 if i % 10 else 3.0}
             for i in range(500)]
    users.append({"username": "staff1", "groups": ["Staff"], "balance": 1.0})
    papercut.seed({"users": users})
    args = {"name": "Students", "member_balance": 25.0, "balance_comment": "term start", "concurrency": 16}
    run = ansible.run_tasks([grp(args, "check", check_mode=True), grp(args, "set"), grp(args, "again"),
                             task("papercut_group_info", {"name": "Students"}, "info")],
                            module_defaults=defaults(papercut)).assert_ok()
    assert run.task("check")["member_balance"]["updated"] == 50
    assert run.task("set").changed and run.task("set")["member_balance"]["updated"] == 50
    assert not run.task("again").changed and run.task("again")["member_balance"]["unchanged"] == 500
    sets = [c for c in papercut.calls() if c["write"]]
    assert len(sets) == 50 and all(c["method"] == "setUserAccountBalance" and c["args"][1] == 25.0 for c in sets)
    state = papercut.state()["users"]
    assert all(state["s%03d" % i]["balance"] == 25.0 for i in range(500)) and state["staff1"]["balance"] == 1.0
    assert len(run.task("info")["group"]["members"]) == 500
    pages = [c["args"] for c in papercut.calls() if c["method"] == "getGroupMembers"]
    assert pages[0] == ["Students", 0, 1000]


def test_bad_input_fails_cleanly(ansible, papercut):
    papercut.seed({"groups": ["Staff"]})
    cases = [
        ({"name": "Staff", "quota": {"amount": 5.0, "period": "YEARLY"}}, ["'Staff'", "period 'YEARLY' is not valid"]),
        ({"name": "!!All Users!!", "state": "absent"}, ["'!!All Users!!'", "built in"]),
        ({"name": "!!All Users!!", "quota": QUOTA}, ["built in"]),
    ]
    tasks = [grp(args, "case%d" % i, ignore_errors=True) for i, (args, _p) in enumerate(cases)]
    tasks.append(task("papercut_group_info", {"name": "Nobody"}, "unknown"))
    run = ansible.run_tasks(tasks, module_defaults=defaults(papercut))
    for i, (_args, phrases) in enumerate(cases):
        result = run.task("case%d" % i)
        assert result.failed and all(p in result["msg"] for p in phrases), result
    assert run.task("unknown")["exists"] is False
    assert "Traceback" not in run.stdout + run.stderr and writes(papercut) == []


def test_a_new_group_waits_for_the_background_add_and_its_timeout_fails_clearly(ansible, papercut):
    papercut.seed({"directory_groups": ["Students"]})
    md = defaults(papercut)
    papercut.configure(task_polls=4)
    run = ansible.run_tasks([grp({"name": "Students"}, "create"), grp({"name": "Students", "quota": QUOTA}, "quota")],
                            module_defaults=md).assert_ok()
    assert run.task("create").changed and papercut.state()["quotas"]["Students"] == QUOTA
    methods = [c["method"] for c in papercut.calls()]
    assert methods.index("addNewGroup") < methods.index("setGroupQuota")
    assert methods.count("getTaskStatus") == 4

    papercut.reset({"directory_groups": ["Staff"]})
    papercut.configure(task_polls=100000)
    run = ansible.run_tasks([grp({"name": "Staff", "wait_timeout": 1}, "slow")], module_defaults=md)
    result = run.task("slow")
    assert result.failed and "'Staff'" in result["msg"] and "after 1 seconds" in result["msg"], result
    assert "wait_timeout" in result["msg"] and "Traceback" not in run.stdout + run.stderr
    assert result["changed"] is True, "addNewGroup was sent: the result must not hide it"
    assert writes(papercut) == [("addNewGroup", ["Staff"])]

    papercut.reset()
    papercut.configure(task_polls=2)
    run = ansible.run_tasks([grp({"name": "Nowhere"}, "missing")], module_defaults=md)
    result = run.task("missing")
    assert result.failed and "did not add it" in result["msg"] and "user directory" in result["msg"], result
    assert papercut.state()["groups"] == []


def test_member_balance_failing_part_way_reports_changed_and_the_members_set(ansible, papercut):
    papercut.seed({"users": [{"username": "m%d" % i, "groups": ["Staff"], "balance": 1.0} for i in range(4)]})
    # the third write fails for good (a PaperCut fault is not retried); the others are set
    papercut.fault("delay", count=2, method="setUserAccountBalance", seconds=0)
    papercut.fault("fault", method="setUserAccountBalance", code=285, string="refused")
    run = ansible.run_tasks([grp({"name": "Staff", "member_balance": 9.0, "concurrency": 1}, "t")],
                            module_defaults=defaults(papercut))
    result = run.task("t")
    assert result.failed and result["changed"] is True, result
    assert "1 of 4 members could not be set (3 were set: m0, m1, m3)" in result["msg"], result["msg"]
    balances = dict((n, u["balance"]) for n, u in papercut.state()["users"].items())
    assert balances == {"m0": 9.0, "m1": 9.0, "m2": 1.0, "m3": 9.0}
