# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Issue 18, the roles' side: guards a site can set, runs that finish what an earlier run left half-done,
money never credited twice, offboarding at the cost of the leavers, and readable summaries.

Each test feeds the exact failing input of the issue and checks the servers through the simulators'
inspection APIs and call logs, never through the modules.
"""

from __future__ import annotations

import pytest

from fixtures_roles import all_calls, all_defaults, all_writes, assert_rejected_before_any_call, changed_tasks, \
    clear_calls, people, role_task, seed_people

NO_WRITES = {"papercut": [], "printix": [], "savapage": []}
MARKER = "[printops: initial balance pending]"


def run_role(ansible, systems, role, check=False, **role_vars):
    return ansible.run_tasks([role_task(role, **role_vars)], check=check, module_defaults=all_defaults(systems))


def onboard(ansible, systems, **role_vars):
    role_vars.setdefault("onboarding_printix", False)
    role_vars.setdefault("onboarding_savapage", True)
    return run_role(ansible, systems, "onboarding", **role_vars)


def summary(run, role):
    return run.task("printops.print_management.%s : Summary of the %s" % (role, role.replace("_", " ")))["msg"]


# -- empty input --------------------------------------------------------------------------

@pytest.mark.parametrize("csv_text", ["", "username,full_name,email,initial_balance\n"], ids=["empty", "header-only"])
def test_onboarding_refuses_an_empty_or_header_only_csv(systems, ansible, tmp_path, csv_text):
    seed_people(systems, people(2))
    csv_file = tmp_path / "people.csv"
    csv_file.write_text(csv_text)
    run = onboard(ansible, systems, onboarding_people_csv=str(csv_file))
    assert_rejected_before_any_call(run, systems, "No people to onboard", "onboarding_allow_empty")


def test_onboarding_refuses_a_mistyped_people_variable(systems, ansible):
    seed_people(systems, people(2))
    run = onboard(ansible, systems, onboarding_poeple=people(2))
    assert_rejected_before_any_call(run, systems, "No people to onboard")


def test_onboarding_may_be_empty_when_the_play_says_so(systems, ansible):
    seed_people(systems, people(2))
    run = onboard(ansible, systems, onboarding_allow_empty=True)
    run.assert_ok()
    assert all_calls(systems) == {"papercut": [], "printix": [], "savapage": []}


def test_offboarding_refuses_an_empty_list_unless_allowed(systems, ansible):
    run = run_role(ansible, systems, "offboarding")
    assert_rejected_before_any_call(run, systems, "No leavers", "offboarding_allow_empty")
    run_role(ansible, systems, "offboarding", offboarding_allow_empty=True).assert_ok()
    assert all_calls(systems) == {"papercut": [], "printix": [], "savapage": []}


# -- a truncated HR export ----------------------------------------------------------------

def test_offboarding_stops_above_the_maximum_number_of_leavers(systems, ansible):
    pc = systems[0]
    pc.seed({"users": [{"username": "u%03d" % i} for i in range(120)]})
    clear_calls(systems)
    leavers = [{"username": "u%03d" % i} for i in range(60)]
    run = run_role(ansible, systems, "offboarding", offboarding_people=leavers)
    assert_rejected_before_any_call(run, systems, "60 leavers", "offboarding_max_leavers (50)")
    run = run_role(ansible, systems, "offboarding", offboarding_people=leavers, offboarding_max_leavers=60)
    run.assert_ok()
    assert pc.state()["users"]["u059"]["properties"]["disabled-print"] == "true"


# -- every value checked before the first write -------------------------------------------

@pytest.mark.parametrize("balance", ["NaN", "inf", "1e309"])
def test_onboarding_refuses_a_balance_that_is_not_finite_before_any_call(systems, ansible, balance):
    persons = people(2)
    seed_people(systems, persons)
    persons[1]["initial_balance"] = balance
    run = onboard(ansible, systems, onboarding_people=persons)
    assert_rejected_before_any_call(run, systems, "balances must be amounts", persons[1]["username"])


def test_onboarding_refuses_a_default_balance_that_is_not_finite(systems, ansible):
    persons = [{"username": "p000"}]
    seed_people(systems, [dict(people(1)[0])])
    run = onboard(ansible, systems, onboarding_people=persons, onboarding_initial_balance="inf")
    assert_rejected_before_any_call(run, systems, "balances must be amounts", "onboarding_initial_balance")


def test_term_start_refuses_a_mistyped_group_before_any_write(systems, ansible):
    pc = systems[0]
    pc.seed({"groups": ["Students", "Staff"], "users": [{"username": "s1", "groups": ["Students"]}]})
    clear_calls(systems)
    run = run_role(ansible, systems, "term_start", term_start_group_balances=[{"group": "Studnts", "balance": 10.0}],
                   term_start_quotas=[{"group": "Staff", "amount": 5.0}])
    assert not run.ok
    assert "Studnts" in [r for r in run.results if r.failed][-1]["msg"]
    assert all_writes(systems) == NO_WRITES
    assert "Studnts" not in pc.state()["groups"]


def test_term_start_refuses_a_balance_that_is_not_finite_before_any_call(systems, ansible):
    run = run_role(ansible, systems, "term_start", term_start_group_balances=[{"group": "Students", "balance": "nan"}])
    assert_rejected_before_any_call(run, systems, "finite", "Students")


# -- a half-done onboarding finishes ------------------------------------------------------

def test_on_create_gives_the_balance_on_the_next_run_after_a_failed_balance_write(systems, ansible):
    pc = systems[0]
    persons = people(3)
    seed_people(systems, persons)
    pc.fault("fault", count=1, method="setUserAccountBalance", code=257, string="transient failure")
    first = onboard(ansible, systems, onboarding_people=persons, onboarding_savapage=False)
    assert not first.ok
    users = pc.state()["users"]
    assert sorted(users) == ["p000", "p001", "p002"]
    unfunded = [name for name, user in users.items() if user["balance"] == 0]
    assert len(unfunded) == 1 and users[unfunded[0]]["properties"]["notes"] == MARKER
    assert all(users[n]["properties"].get("notes", "") == "" for n in users if n not in unfunded)
    assert "1 failed (failed: %s)" % unfunded[0] in " ".join(summary(first, "onboarding"))

    clear_calls(systems)
    second = onboard(ansible, systems, onboarding_people=persons, onboarding_savapage=False)
    second.assert_ok()
    users = pc.state()["users"]
    for p in persons:
        assert users[p["username"]]["balance"] == p["initial_balance"]
        assert users[p["username"]]["properties"].get("notes", "") == ""
    writes = all_writes(systems)["papercut"]
    assert [c["args"][0] for c in writes if c["method"] == "setUserAccountBalance"] == [unfunded[0]]

    clear_calls(systems)
    third = onboard(ansible, systems, onboarding_people=persons, onboarding_savapage=False)
    third.assert_ok()
    assert all_writes(systems) == NO_WRITES


# -- money never credited twice -----------------------------------------------------------

def test_a_person_who_spent_the_initial_balance_does_not_get_it_again(systems, ansible):
    pc, _px, sp = systems
    persons = people(2)
    seed_people(systems, persons)
    onboard(ansible, systems, onboarding_people=persons).assert_ok()
    assert sp.state()["accounts"]["USER"]["p000"]["balance"] == 5.0
    # p000 spends all of it, in both systems
    sp.sim.accounts[("USER", "p000")]["balance"] = 0
    pc.sim.users["p000"]["balance"] = 0.0
    clear_calls(systems)
    again = onboard(ansible, systems, onboarding_people=persons)
    again.assert_ok()
    assert all_writes(systems) == NO_WRITES
    assert sp.state()["accounts"]["USER"]["p000"]["balance"] == 0.0
    assert pc.state()["users"]["p000"]["balance"] == 0.0


def test_a_user_that_existed_before_the_role_gets_no_initial_balance(systems, ansible):
    pc = systems[0]
    persons = people(1)
    seed_people(systems, persons)
    pc.seed({"users": [{"username": "p000", "balance": 0.0}]})
    clear_calls(systems)
    onboard(ansible, systems, onboarding_people=persons, onboarding_savapage=False).assert_ok()
    assert pc.state()["users"]["p000"]["balance"] == 0.0


# -- offboarding at the cost of the leavers -----------------------------------------------

def test_offboarding_one_person_on_a_server_of_1500_users_makes_few_calls(systems, ansible):
    pc = systems[0]
    pc.seed({"users": [{"username": "u%04d" % i, "balance": 2.0} for i in range(1500)],
             "groups": ["Students"],
             "shared_accounts": [{"name": "Lab", "access_users": ["u0007", "u0008"]}, {"name": "Library"}]})
    clear_calls(systems)
    run = run_role(ansible, systems, "offboarding", offboarding_people=[{"username": "u0007"}])
    run.assert_ok()
    calls = pc.calls()
    assert len(calls) < 40, [c["method"] for c in calls]
    assert pc.state()["shared_accounts"]["Lab"]["access_users"] == ["u0008"]
    assert pc.state()["users"]["u0007"]["properties"]["disabled-print"] == "true"


def test_offboarding_zeroes_balances_removes_groups_and_reports_before_and_after(systems, ansible):
    pc = systems[0]
    pc.seed({"groups": ["Students"],
             "users": [{"username": "old1", "balance": 4.0, "groups": ["Students"]},
                       {"username": "stays", "balance": 4.0, "groups": ["Students"]}]})
    clear_calls(systems)
    run = run_role(ansible, systems, "offboarding", offboarding_people=[{"username": "old1"}],
                   offboarding_papercut_balance_action="zero", offboarding_balance_comment="Left: refund at desk")
    run.assert_ok()
    state = pc.state()["users"]
    assert state["old1"]["balance"] == 0.0 and state["stays"]["balance"] == 4.0
    assert state["old1"]["groups"] == [] and state["stays"]["groups"] == ["Students"]
    comments = [c["args"][2] for c in pc.calls() if c["method"] == "setUserAccountBalance"]
    assert comments == ["Left: refund at desk"]
    assert "PaperCut balance of old1: 4.00 before, 0.00 after" in summary(run, "offboarding")


def test_offboarding_reports_balances_by_default_and_keeps_them(systems, ansible):
    pc = systems[0]
    pc.seed({"users": [{"username": "old1", "balance": 4.0}]})
    clear_calls(systems)
    run = run_role(ansible, systems, "offboarding", offboarding_people=[{"username": "old1"}])
    run.assert_ok()
    assert pc.state()["users"]["old1"]["balance"] == 4.0
    assert "PaperCut balance of old1: 4.00 before, 4.00 after" in summary(run, "offboarding")


# -- readable results and progress --------------------------------------------------------

def test_onboarding_prints_a_line_per_batch_and_a_summary(systems, ansible):
    persons = people(7)
    seed_people(systems, persons)
    run = onboard(ansible, systems, onboarding_people=persons, onboarding_batch_size=3)
    run.assert_ok()
    for label in ("PaperCut users 1-3 of 7", "PaperCut users 4-6 of 7", "PaperCut users 7-7 of 7",
                  "SavaPage balances from number 4, 3 per batch"):
        assert label in run.stdout, run.stdout
    lines = summary(run, "onboarding")
    assert "PaperCut users: 7 created, 0 updated, 0 deleted, 0 unchanged, 0 failed" in lines
    assert "SavaPage balances: 0 created, 7 updated, 0 deleted, 0 unchanged, 0 failed" in lines
    assert "Summary of the onboarding" in run.stdout
    assert changed_tasks(run)
