# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The onboarding role end to end against all three simulators.

Server state is checked through the simulators' inspection APIs, never through the modules.
"""

from __future__ import annotations

import pytest

from fixtures_roles import all_defaults, all_writes, assert_rejected_before_any_call, card_secret, changed_tasks, \
    clear_calls, people, role_task, seed_people

from ansible_collections.printops.print_management.tests.simulators.fixtures import SAVAPAGE_RELEASES

CSV_HEADER = "username,full_name,email,department,office,card_number,card_pin,initial_balance,shared_accounts,groups\n"


def csv_text(persons):
    lines = [CSV_HEADER]
    for p in persons:
        lines.append(",".join([p["username"], p["full_name"], p["email"], p["department"], p["office"],
                               p["card_number"], p["card_pin"], str(p["initial_balance"]),
                               ";".join(p.get("shared_accounts", [])), ";".join(p["groups"])]) + "\n")
    return "".join(lines)


def onboard(ansible, systems, check=False, **role_vars):
    role_vars.setdefault("onboarding_printix", True)
    role_vars.setdefault("onboarding_savapage", True)
    return ansible.run_tasks([role_task("onboarding", **role_vars)], check=check,
                             module_defaults=all_defaults(systems))


def test_onboarding_check_apply_and_reapply(systems, ansible, tmp_path):
    pc, px, sp = systems
    listed, from_csv = people(12, "l"), people(12, "c")
    seed_people(systems, listed + from_csv)
    csv_file = tmp_path / "people.csv"
    csv_file.write_text(csv_text(from_csv))
    role_vars = dict(onboarding_people=listed, onboarding_people_csv=str(csv_file))

    check = onboard(ansible, systems, check=True, **role_vars)
    check.assert_ok()
    assert len(changed_tasks(check)) >= 3, changed_tasks(check)
    assert all_writes(systems) == {"papercut": [], "printix": [], "savapage": []}
    assert pc.state()["users"] == {}

    applied = onboard(ansible, systems, **role_vars)
    applied.assert_ok()
    users = pc.state()["users"]
    assert sorted(users) == sorted(p["username"] for p in listed + from_csv)
    for p in listed + from_csv:
        user = users[p["username"]]
        assert user["balance"] == p["initial_balance"]
        assert user["properties"]["primary-card-number"] == p["card_number"]
        assert user["properties"]["department"] == p["department"]
        assert user["properties"]["card-pin"] == p["card_pin"]
        assert user["groups"] == ["Students"]
    lab = pc.state()["shared_accounts"]["Physics\\Lab"]
    assert sorted(lab["access_users"]) == sorted(p["username"] for p in listed + from_csv if "shared_accounts" in p)
    cards = dict((c["secret"], c["owner_email"]) for c in px.state()["cards"])
    assert cards == dict((card_secret(p["card_number"]), p["email"]) for p in listed + from_csv)
    balances = sp.state()["accounts"]["USER"]
    assert dict((n, a["balance"]) for n, a in balances.items()) == \
        dict((p["username"], p["initial_balance"]) for p in listed + from_csv)

    # people spend money: a re-run must not give it back (initial balance on creation only)
    pc.sim.users["l000"]["balance"] = 1.25
    clear_calls(systems)
    again = onboard(ansible, systems, **role_vars)
    again.assert_ok()
    assert changed_tasks(again) == []
    assert all_writes(systems) == {"papercut": [], "printix": [], "savapage": []}
    assert pc.state()["users"]["l000"]["balance"] == 1.25


@pytest.mark.parametrize("savapage", SAVAPAGE_RELEASES, indirect=True)
def test_onboarding_savapage_part_on_both_releases(systems, ansible):
    """SavaPage 1.5 answers a set without ``result``: the role must still report the change, with the right
    before and after, and change nothing on the second run. The role only sets, so no adjust is ever sent."""
    sp = systems[2]
    persons = people(4, "s")
    seed_people(systems, persons)
    # s001 was given its initial balance by an earlier run and spent part of it: on_create leaves it alone
    onboard(ansible, systems, onboarding_people=persons[1:2], onboarding_printix=False).assert_ok()
    sp.sim.accounts[("USER", "s001")]["balance"] = 3
    clear_calls(systems)
    applied = onboard(ansible, systems, onboarding_people=persons, onboarding_printix=False)
    applied.assert_ok()
    funded = applied.task("printops.print_management.onboarding : Give the people their initial SavaPage balance")
    assert funded.changed, "a set on SavaPage %s was reported unchanged" % sp.sim.release
    results = dict((a["name"], a) for batch in funded["results"] for a in batch["accounts"])
    assert sorted(results) == ["s000", "s002", "s003"]
    for p in persons:
        if p["username"] in results:
            result = results[p["username"]]
            assert result["changed"] and result["operation"] == "set", result
            assert (result["balance_before"], result["balance_after"]) == (0.0, p["initial_balance"]), result
    balances = dict((n, a["balance"]) for n, a in sp.state()["accounts"]["USER"].items())
    assert balances == {"s000": 5.0, "s001": 3.0, "s002": 7.0, "s003": 5.0}
    sp_calls = sp.calls()
    # one version read: the role's, to know which transaction comment marks an initial balance (1.5 records none)
    assert [c for c in sp_calls if "adjust" in c["args"]] == []
    assert [c["method"] for c in sp_calls].count("system.version") == 1
    assert sorted(c["args"]["name"] for c in sp_calls if c["write"]) == ["s000", "s002", "s003"]

    clear_calls(systems)
    again = onboard(ansible, systems, onboarding_people=persons, onboarding_printix=False)
    again.assert_ok()
    assert changed_tasks(again) == [] and all_writes(systems)["savapage"] == []


def test_onboarding_always_sets_the_exact_balance(systems, ansible):
    pc = systems[0]
    persons = people(3)
    seed_people(systems, persons)
    onboard(ansible, systems, onboarding_people=persons, onboarding_printix=False,
            onboarding_savapage=False).assert_ok()
    pc.sim.users["p000"]["balance"] = 0.5
    run = onboard(ansible, systems, onboarding_people=persons, onboarding_printix=False,
                  onboarding_savapage=False, onboarding_balance_update="always")
    run.assert_ok()
    assert pc.state()["users"]["p000"]["balance"] == 5.0


def test_onboarding_internal_users_with_the_default_password(systems, ansible):
    pc = systems[0]
    persons = [{"username": "visitor1", "full_name": "Visitor One", "email": "v1@example.edu"},
               {"username": "visitor2", "password": "Own-Passw0rd-2"}]
    run = onboard(ansible, systems, onboarding_people=persons, onboarding_printix=False, onboarding_savapage=False,
                  onboarding_internal_users=True, onboarding_default_password="Default-Passw0rd-1",
                  onboarding_initial_balance=2.5)
    run.assert_ok()
    users = pc.state()["users"]
    assert users["visitor1"]["internal"] and users["visitor1"]["password"] == "Default-Passw0rd-1"
    assert users["visitor2"]["password"] == "Own-Passw0rd-2"
    assert users["visitor1"]["balance"] == 2.5
    assert "Default-Passw0rd-1" not in run.stdout + run.stderr


BAD_PEOPLE = [
    pytest.param([{"full_name": "No Name", "email": "x@example.edu"}], ["username"], id="missing-username"),
    pytest.param([{"username": "jdoe", "email": "not-an-email"}], ["not a valid email", "jdoe"], id="bad-email"),
    pytest.param([{"username": "jdoe", "initial_balance": "lots"}], ["initial_balance", "float"],
                 id="non-numeric-balance"),
    pytest.param([{"username": "jdoe"}, {"username": "jdoe"}], ["more than once", "jdoe"], id="duplicate"),
]


@pytest.mark.parametrize("persons, phrases", BAD_PEOPLE)
def test_onboarding_rejects_a_malformed_person_before_any_api_call(systems, ansible, persons, phrases):
    seed_people(systems, people(2))
    run = onboard(ansible, systems, onboarding_people=persons)
    assert_rejected_before_any_call(run, systems, *phrases)


def test_onboarding_rejects_a_malformed_csv_row_before_any_api_call(systems, ansible, tmp_path):
    seed_people(systems, people(2))
    csv_file = tmp_path / "people.csv"
    csv_file.write_text("username,email,initial_balance\njdoe,jdoe@example.edu,12,50\n")
    run = onboard(ansible, systems, onboarding_people_csv=str(csv_file))
    assert_rejected_before_any_call(run, systems, "row 2")
    csv_file.write_text("username,email,initial_balance\njdoe,jdoe@example.edu,twelve\n")
    run = onboard(ansible, systems, onboarding_people_csv=str(csv_file))
    assert_rejected_before_any_call(run, systems, "row 2", "jdoe", "initial_balance", "'twelve'")


def test_onboarding_refuses_unknown_shared_accounts_before_any_write(systems, ansible):
    persons = people(2)
    persons[0]["shared_accounts"] = ["No Such Account"]
    seed_people(systems, persons)
    run = onboard(ansible, systems, onboarding_people=persons)
    assert not run.ok
    assert "No Such Account" in [r for r in run.results if r.failed][-1]["msg"]
    assert all_writes(systems) == {"papercut": [], "printix": [], "savapage": []}
