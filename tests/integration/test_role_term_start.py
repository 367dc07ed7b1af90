# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The term_start role end to end against the PaperCut and SavaPage simulators."""

from __future__ import annotations

import pytest

from fixtures_roles import all_defaults, all_writes, assert_rejected_before_any_call, changed_tasks, clear_calls, \
    role_task

NO_WRITES = {"papercut": [], "printix": [], "savapage": []}

TERM = dict(
    term_start_sync=True,
    term_start_group_balances=[{"group": "Students", "balance": 10.0}],
    term_start_quotas=[{"group": "Students", "amount": 2.5, "period": "WEEKLY", "max_accumulation": 20.0}],
    term_start_shared_accounts=[{"name": "Courses", "restricted": True},
                                {"name": "Courses\\PHY101-2026", "access_groups": ["Students"], "balance": 50.0}],
    term_start_retire_shared_accounts=["Courses\\PHY101-2025", "Courses\\Gone-2024"],
    term_start_retire_mode="disable",
    term_start_printer_groups=[{"server": "srv1", "printer": "lab-1", "groups": ["Labs", "Colour"]}],
    term_start_savapage_balances=[{"account_type": "GROUP", "name": "Students", "balance": 3.0},
                                  {"name": "rijk", "balance": 1.5}],
)


def seed(systems):
    pc, _px, sp = systems
    pc.seed({"groups": ["Students"],
             "users": [{"username": "s%02d" % i, "balance": 1.0, "groups": ["Students"]} for i in range(6)],
             "shared_accounts": [{"name": "Courses"}, {"name": "Courses\\PHY101-2025", "access_groups": ["Students"]}],
             "printers": [{"server": "srv1", "printer": "lab-1", "groups": ["Office"]}]})
    sp.seed({"accounts": [{"type": "GROUP", "name": "Students"}, {"type": "USER", "name": "rijk", "balance": 9.26}]})
    clear_calls(systems)


def term_start(ansible, systems, check=False, **role_vars):
    return ansible.run_tasks([role_task("term_start", **role_vars)], check=check,
                             module_defaults=all_defaults(systems))


def test_term_start_check_apply_and_reapply(systems, ansible):
    pc, _px, sp = systems
    seed(systems)
    check = term_start(ansible, systems, check=True, **TERM)
    check.assert_ok()
    assert len(changed_tasks(check)) >= 5, changed_tasks(check)
    assert all_writes(systems) == NO_WRITES

    term_start(ansible, systems, **TERM).assert_ok()
    state = pc.state()
    assert all(state["users"]["s%02d" % i]["balance"] == 10.0 for i in range(6))
    accounts = state["shared_accounts"]
    assert accounts["Courses\\PHY101-2026"]["balance"] == 50.0
    assert accounts["Courses\\PHY101-2026"]["access_groups"] == ["Students"]
    assert accounts["Courses\\PHY101-2025"]["properties"]["disabled"] == "true"
    assert "Courses\\Gone-2024" not in accounts
    assert sorted(state["printers"]["srv1\\lab-1"]["groups"]
                  if "srv1\\lab-1" in state["printers"] else state["printers"]["srv1/lab-1"]["groups"]) == \
        ["Colour", "Labs"]
    assert sp.state()["accounts"]["GROUP"]["Students"]["balance"] == 3.0
    assert sp.state()["accounts"]["USER"]["rijk"]["balance"] == 1.5
    assert any("performUserAndGroupSync" in c["method"] for c in pc.calls())

    clear_calls(systems)
    same_term = dict(TERM)
    same_term["term_start_sync"] = False
    again = term_start(ansible, systems, **same_term)
    again.assert_ok()
    assert changed_tasks(again) == []
    assert all_writes(systems) == NO_WRITES


def test_term_start_deletes_retired_accounts_when_told(systems, ansible):
    pc = systems[0]
    seed(systems)
    run = term_start(ansible, systems, term_start_retire_shared_accounts=["Courses\\PHY101-2025"],
                     term_start_retire_mode="delete")
    run.assert_ok()
    assert "Courses\\PHY101-2025" not in pc.state()["shared_accounts"]
    clear_calls(systems)
    term_start(ansible, systems, term_start_retire_shared_accounts=["Courses\\PHY101-2025"],
               term_start_retire_mode="delete").assert_ok()
    assert all_writes(systems) == NO_WRITES


@pytest.mark.parametrize("role_vars, phrases", [
    pytest.param({"term_start_group_balances": [{"group": "Students", "balance": "plenty"}]}, ["balance", "float"],
                 id="non-numeric-balance"),
    pytest.param({"term_start_quotas": [{"amount": 2.0}]}, ["group"], id="quota-without-group"),
    pytest.param({"term_start_retire_mode": "shred"}, ["term_start_retire_mode"], id="bad-retire-mode"),
])
def test_term_start_rejects_bad_input_before_any_api_call(systems, ansible, role_vars, phrases):
    seed(systems)
    role_vars = dict(role_vars)
    role_vars["term_start_sync"] = True
    run = term_start(ansible, systems, **role_vars)
    assert_rejected_before_any_call(run, systems, *phrases)
