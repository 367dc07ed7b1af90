# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The offboarding role end to end against all three simulators."""

from __future__ import annotations

import pytest

from fixtures_roles import all_defaults, all_writes, assert_rejected_before_any_call, card_secret, changed_tasks, \
    clear_calls, role_task

NO_WRITES = {"papercut": [], "printix": [], "savapage": []}
LEAVERS = [{"username": "old%02d" % i, "email": "old%02d@example.edu" % i, "card_number": "77%04d" % i}
           for i in range(8)] + [{"username": "never-here"}]


def seed(systems):
    pc, px, sp = systems
    pc.seed({"users": [{"username": "old%02d" % i, "balance": 4.0, "primary-card-number": "77%04d" % i}
                       for i in range(8)] + [{"username": "stays", "balance": 4.0}],
             "shared_accounts": [{"name": "Lab", "access_users": ["old00", "old01", "stays"]},
                                 {"name": "Library", "access_users": ["stays"]}]})
    px.seed({"users": [{"email": "old%02d@example.edu" % i, "name": "Old %d" % i} for i in range(8)]
             + [{"email": "stays@example.edu", "name": "Stays"}],
             "cards": [{"owner": "old%02d@example.edu" % i, "secret": card_secret("77%04d" % i)} for i in range(8)]
             + [{"owner": "stays@example.edu", "secret": card_secret("123456")}]})
    sp.seed({"accounts": [{"type": "USER", "name": "old%02d" % i, "balance": 3.5} for i in range(8)]
             + [{"type": "USER", "name": "stays", "balance": 3.5}]})
    clear_calls(systems)


def offboard(ansible, systems, check=False, **role_vars):
    role_vars.setdefault("offboarding_people", LEAVERS)
    role_vars.setdefault("offboarding_printix", True)
    role_vars.setdefault("offboarding_savapage", True)
    return ansible.run_tasks([role_task("offboarding", **role_vars)], check=check,
                             module_defaults=all_defaults(systems))


@pytest.mark.parametrize("action", ["disable", "delete"])
def test_offboarding_check_apply_and_reapply(systems, ansible, action):
    pc, px, sp = systems
    seed(systems)
    check = offboard(ansible, systems, check=True, offboarding_user_action=action)
    check.assert_ok()
    assert len(changed_tasks(check)) == 4, changed_tasks(check)
    assert all_writes(systems) == NO_WRITES

    offboard(ansible, systems, offboarding_user_action=action).assert_ok()
    state = pc.state()
    assert state["shared_accounts"]["Lab"]["access_users"] == ["stays"]
    assert "stays" in state["users"]
    if action == "delete":
        assert sorted(state["users"]) == ["stays"]
    else:
        for i in range(8):
            props = state["users"]["old%02d" % i]["properties"]
            assert props["disabled-print"] == "true" and props["primary-card-number"] == ""
    assert [c["owner_email"] for c in px.state()["cards"]] == ["stays@example.edu"]
    balances = dict((n, a["balance"]) for n, a in sp.state()["accounts"]["USER"].items())
    assert balances == dict([("old%02d" % i, 0.0) for i in range(8)] + [("stays", 3.5)])

    clear_calls(systems)
    again = offboard(ansible, systems, offboarding_user_action=action)
    again.assert_ok()
    assert changed_tasks(again) == []
    assert all_writes(systems) == NO_WRITES


def test_offboarding_keeps_savapage_balances_when_told(systems, ansible):
    sp = systems[2]
    seed(systems)
    offboard(ansible, systems, offboarding_savapage_balance_action="keep").assert_ok()
    assert sp.state()["accounts"]["USER"]["old00"]["balance"] == 3.5


@pytest.mark.parametrize("role_vars, phrases", [
    pytest.param({"offboarding_people": [{"email": "x@example.edu"}]}, ["username"], id="missing-username"),
    pytest.param({"offboarding_people": [{"username": "old00", "email": "old00-at-example"}]},
                 ["not a valid email", "old00"], id="bad-email"),
    pytest.param({"offboarding_user_action": "archive"}, ["offboarding_user_action"], id="bad-action"),
])
def test_offboarding_rejects_bad_input_before_any_api_call(systems, ansible, role_vars, phrases):
    seed(systems)
    run = offboard(ansible, systems, **role_vars)
    assert_rejected_before_any_call(run, systems, *phrases)
