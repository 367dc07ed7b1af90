# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""papercut_group's main() in-process against the PaperCut simulator (no ansible-playbook)."""

from __future__ import annotations

import pytest

from ansible_collections.printops.print_management.tests.simulators.papercut import DEFAULT_TOKEN

QUOTA = {"amount": 10.0, "period": "WEEKLY", "max_accumulation": 40.0}


def args(papercut, **extra):
    return dict(papercut_url=papercut.sim.url, papercut_auth_token=DEFAULT_TOKEN, **extra)


def writes(papercut):
    return [(c["method"], c["args"]) for c in papercut.writes()]


def test_check_mode_sends_no_write_then_create_then_rerun_is_unchanged(run_module, papercut):
    papercut.seed({"directory_groups": ["Students"]})
    check = run_module("papercut_group", args(papercut, name="Students", _ansible_check_mode=True))
    assert check.result["changed"] and check.result["action"] == "create" and writes(papercut) == []
    create = run_module("papercut_group", args(papercut, name="Students"))
    assert create.result["changed"] and writes(papercut) == [("addNewGroup", ["Students"])]
    again = run_module("papercut_group", args(papercut, name="Students"))
    assert not again.result["changed"] and again.result["action"] == "none"
    assert writes(papercut) == [("addNewGroup", ["Students"])]


def test_quota_diff_shows_before_and_after(run_module, papercut):
    papercut.seed({"groups": ["Staff"]})
    run = run_module("papercut_group", args(papercut, name="Staff", quota=QUOTA, _ansible_diff=True))
    assert run.result["changed"] and run.result["group"] == {"name": "Staff", "quota": QUOTA}
    assert run.result["diff"]["after"]["quota"] == QUOTA
    assert run.result["diff"]["before"]["quota"]["period"] == "NONE"
    assert writes(papercut) == [("setGroupQuota", ["Staff", 10.0, "WEEKLY", 40.0])]
    again = run_module("papercut_group", args(papercut, name="Staff", quota=QUOTA, _ansible_diff=True))
    assert not again.result["changed"] and again.result["diff"]["before"] == again.result["diff"]["after"]


@pytest.mark.parametrize("check_mode", [False, True], ids=["run", "check"])
@pytest.mark.parametrize("extra", [{"member_balance": 10.0}, {"quota": QUOTA}], ids=["member_balance", "quota"])
def test_funding_or_limiting_a_missing_group_fails_without_a_write(run_module, papercut, extra, check_mode):
    # issue 18: term_start_group_balances: [{group: Studnts, balance: 10.0}] must not add "Studnts"
    papercut.seed({"groups": ["Students"], "directory_groups": ["Studnts"]})
    run = run_module("papercut_group", args(papercut, name="Studnts", _ansible_check_mode=check_mode, **extra))
    assert run.failed and "group 'Studnts'" in run.result["msg"] and "state: present" in run.result["msg"]
    assert writes(papercut) == [] and papercut.state()["groups"] == ["Students"]


def test_member_balance_writes_only_members_that_differ(run_module, papercut):
    papercut.seed({"users": [{"username": "a", "groups": ["G"], "balance": 5.0},
                             {"username": "b", "groups": ["G"], "balance": 1.0}]})
    check = run_module("papercut_group", args(papercut, name="G", member_balance=5.0, _ansible_check_mode=True))
    assert check.result["changed"] and check.result["member_balance"]["changed_members"] == ["b"]
    assert writes(papercut) == []
    run = run_module("papercut_group", args(papercut, name="G", member_balance=5.0))
    assert run.result["member_balance"] == {"total": 2, "updated": 1, "unchanged": 1, "changed_members": ["b"]}
    assert [w[0] for w in writes(papercut)] == ["setUserAccountBalance"]
