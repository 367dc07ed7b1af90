# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Issue 18, the roles' side, continued: the share guard of offboarding, progress lines with counts per
batch, and every reference checked before the first write (printers, access groups and users, parents,
SavaPage accounts, Printix users).

Each test feeds the failing input and checks the servers through the simulators' inspection APIs and
call logs, never through the modules.
"""

from __future__ import annotations

import re

import pytest

from fixtures_roles import ALL_SECRETS, all_defaults, all_writes, card_secret, changed_tasks, clear_calls, people, \
    role_task, seed_people

NO_WRITES = {"papercut": [], "printix": [], "savapage": []}


def run_role(ansible, systems, role, check=False, **role_vars):
    return ansible.run_tasks([role_task(role, **role_vars)], check=check, module_defaults=all_defaults(systems))


def failure(run):
    assert not run.ok, run.stdout
    failed = [r for r in run.results if r.failed]
    assert failed, run.stdout
    output = run.stdout + run.stderr
    assert "Traceback" not in output, output
    for secret in ALL_SECRETS:
        assert secret not in output
    return str(failed[-1].get("msg"))


# -- the deletion guard as a share ------------------------------------------------------------

def test_offboarding_stops_when_a_truncated_export_would_offboard_too_large_a_share(systems, ansible):
    """40 users; a truncated HR export makes 12 of them leavers (30 %): under the count guard (50),
    over a share of 20 %. The role stops before any write, having only listed the users."""
    pc = systems[0]
    pc.seed({"users": [{"username": "u%03d" % i, "balance": 1.0} for i in range(40)],
             "shared_accounts": [{"name": "Lab", "access_users": ["u000"]}]})
    clear_calls(systems)
    leavers = [{"username": "u%03d" % i} for i in range(12)]
    run = run_role(ansible, systems, "offboarding", offboarding_people=leavers, offboarding_max_leavers_percent=20)
    message = failure(run)
    assert "12 leavers are 30.0 % of the 40 users" in message and "offboarding_max_leavers_percent (20" in message
    assert all_writes(systems) == NO_WRITES
    assert set(c["method"] for c in pc.calls()) == {"listUserAccounts"}
    assert pc.state()["users"]["u000"]["properties"].get("disabled-print", "false") == "false"

    clear_calls(systems)
    run = run_role(ansible, systems, "offboarding", offboarding_people=leavers, offboarding_max_leavers_percent=30)
    run.assert_ok()
    assert pc.state()["users"]["u011"]["properties"]["disabled-print"] == "true"


def test_the_share_guard_is_off_by_default_and_costs_one_listing_when_on(systems, ansible):
    pc = systems[0]
    pc.seed({"users": [{"username": "u%d" % i} for i in range(4)]})
    clear_calls(systems)
    run_role(ansible, systems, "offboarding", offboarding_people=[{"username": "u0"}]).assert_ok()
    off = [c["method"] for c in pc.calls()]
    clear_calls(systems)
    run_role(ansible, systems, "offboarding", offboarding_people=[{"username": "u1"}],
             offboarding_max_leavers_percent=50).assert_ok()
    on = [c["method"] for c in pc.calls()]
    assert len(on) == len(off) + 1 and on.count("listUserAccounts") == off.count("listUserAccounts") + 1


# -- progress: one line per batch, with its counts ---------------------------------------------

def test_offboarding_prints_a_line_per_batch_with_counts(systems, ansible):
    pc, _px, sp = systems
    pc.seed({"users": [{"username": "old%02d" % i, "balance": 1.0} for i in range(7)]})
    sp.seed({"accounts": [{"type": "USER", "name": "old%02d" % i, "balance": 2.0} for i in range(7)]})
    clear_calls(systems)
    run = run_role(ansible, systems, "offboarding", offboarding_people=[{"username": "old%02d" % i} for i in range(7)],
                   offboarding_savapage=True, offboarding_batch_size=3)
    run.assert_ok()
    for line in ("PaperCut users 1-3 of 7: 0 created, 3 updated, 0 deleted, 0 unchanged, 0 failed",
                 "PaperCut users 7-7 of 7: 0 created, 1 updated, 0 deleted, 0 unchanged, 0 failed",
                 "SavaPage balances 4-6 of 7: 0 created, 3 updated, 0 deleted, 0 unchanged, 0 failed"):
        assert "(item=%s)" % line in run.stdout, run.stdout
    summary = run.task("printops.print_management.offboarding : Summary of the offboarding")["msg"]
    assert "PaperCut users: 0 created, 7 updated, 0 deleted, 0 unchanged, 0 failed" in summary
    assert "PaperCut balance of old06: 1.00 before, 1.00 after" in summary
    assert all(u["properties"]["disabled-print"] == "true" for u in pc.state()["users"].values())


def test_onboarding_batch_lines_carry_counts(systems, ansible):
    persons = people(5)
    seed_people(systems, persons)
    run = run_role(ansible, systems, "onboarding", onboarding_people=persons, onboarding_batch_size=2,
                   onboarding_savapage=True)
    run.assert_ok()
    assert "(item=PaperCut users 1-2 of 5: 2 created, 0 updated, 0 deleted, 0 unchanged, 0 failed)" in run.stdout
    assert "(item=PaperCut users 5-5 of 5: 1 created" in run.stdout


TREE = [{"name": "Chemistry"}, {"name": "Physics"}] + [{"name": "Chemistry\\Lab %d" % i} for i in range(1, 7)] \
    + [{"name": "Physics\\PHY101"}]


@pytest.mark.parametrize("check", [True, False], ids=["check", "apply"])
def test_term_start_batches_keep_parents_with_their_sub_accounts(systems, ansible, check):
    """A parent and six sub-accounts with batches of 2: never split, so check mode plans them together too."""
    pc = systems[0]
    run = run_role(ansible, systems, "term_start", check=check, term_start_shared_accounts=TREE,
                   term_start_batch_size=2, term_start_concurrency=8)
    run.assert_ok()
    assert "(item=PaperCut shared accounts, batch 1 (7 accounts): 7 created, 0 updated" in run.stdout, run.stdout
    assert "(item=PaperCut shared accounts, batch 2 (2 accounts): 2 created, 0 updated" in run.stdout
    if check:
        assert all_writes(systems) == NO_WRITES
    else:
        assert sorted(pc.state()["shared_accounts"]) == sorted(a["name"] for a in TREE)


# -- every reference checked before the first write --------------------------------------------

def seed_term(systems):
    pc, _px, sp = systems
    pc.seed({"groups": ["Students", "Staff"],
             "users": [{"username": "s%02d" % i, "balance": 1.0, "groups": ["Students"]} for i in range(3)]
             + [{"username": "tutor"}],
             "shared_accounts": [{"name": "Courses"}],
             "printers": [{"server": "srv1", "printer": "lab-1"}, {"server": "srv1", "printer": "lab-2"}]})
    sp.seed({"accounts": [{"type": "USER", "name": "rijk", "balance": 1.0}, {"type": "GROUP", "name": "Students"}]})
    clear_calls(systems)


GOOD_TERM = dict(
    term_start_quotas=[{"group": "Staff", "amount": 5.0}],
    term_start_group_balances=[{"group": "Students", "balance": 10.0}],
    term_start_shared_accounts=[{"name": "Courses\\PHY101-2026", "access_groups": ["Students"],
                                 "access_users": ["tutor"]}],
    term_start_printer_groups=[{"server": "srv1", "printer": "lab-1", "groups": ["Labs"]},
                               {"server": "srv1", "printer": "lab-2", "groups": ["Labs"]}],
    term_start_savapage_balances=[{"name": "rijk", "balance": 2.0},
                                  {"account_type": "GROUP", "name": "Students", "balance": 3.0}],
)


@pytest.mark.parametrize("option, index, key, bad, named", [
    ("term_start_printer_groups", 1, "printer", "lab-22", "term_start_printer_groups[1]: printer 'lab-22' on server 'srv1'"),
    ("term_start_shared_accounts", 0, "access_groups", ["Studnts"],
     "term_start_shared_accounts[0] (name 'Courses\\PHY101-2026'): access group 'Studnts'"),
    ("term_start_shared_accounts", 0, "access_users", ["tutr"],
     "term_start_shared_accounts[0] (name 'Courses\\PHY101-2026'): access user 'tutr'"),
    ("term_start_shared_accounts", 0, "name", "Cuorses\\PHY101-2026",
     "term_start_shared_accounts[0] (name 'Cuorses\\PHY101-2026'): parent account 'Cuorses'"),
    ("term_start_savapage_balances", 1, "name", "Studnts", "term_start_savapage_balances[1]: GROUP account 'Studnts'"),
    ("term_start_quotas", 0, "group", "Stafff", "term_start_quotas[0]: group 'Stafff'"),
], ids=["printer", "access-group", "access-user", "parent", "savapage-account", "quota-group"])
@pytest.mark.parametrize("check", [False, True], ids=["apply", "check"])
def test_term_start_refuses_a_misspelt_reference_before_any_write(systems, ansible, option, index, key, bad, named,
                                                                  check):
    seed_term(systems)
    term = dict((k, [dict(item) for item in v]) for k, v in GOOD_TERM.items())
    term[option][index][key] = bad
    run = run_role(ansible, systems, "term_start", check=check, **term)
    message = failure(run)
    assert named in message, message
    assert "nothing was changed" in message
    assert all_writes(systems) == NO_WRITES


def test_term_start_with_good_references_writes(systems, ansible):
    pc, _px, sp = systems
    seed_term(systems)
    run = run_role(ansible, systems, "term_start", **GOOD_TERM)
    run.assert_ok()
    assert "(item=Students: 3 of 3 members set, 0 unchanged)" in run.stdout, run.stdout
    assert pc.state()["shared_accounts"]["Courses\\PHY101-2026"]["access_users"] == ["tutor"]
    assert sp.state()["accounts"]["USER"]["rijk"]["balance"] == 2.0
    clear_calls(systems)
    again = run_role(ansible, systems, "term_start", **GOOD_TERM)
    again.assert_ok()
    assert all_writes(systems) == NO_WRITES, changed_tasks(again)


def test_onboarding_refuses_a_card_whose_printix_user_is_misspelt_before_any_write(systems, ansible):
    persons = people(3)
    seed_people(systems, persons)
    persons[1]["email"] = "p0O1@example.edu"
    run = run_role(ansible, systems, "onboarding", onboarding_people=persons, onboarding_printix=True,
                   onboarding_savapage=True)
    message = failure(run)
    assert "person 'p001': email 'p0O1@example.edu'" in message, message
    assert "nothing was changed" in message
    assert all_writes(systems) == NO_WRITES
    assert systems[0].state()["users"] == {}


def test_onboarding_matches_printix_emails_case_insensitively(systems, ansible):
    _pc, px, _sp = systems
    persons = people(2)
    seed_people(systems, persons)
    persons[0]["email"] = persons[0]["email"].upper()
    run = run_role(ansible, systems, "onboarding", onboarding_people=persons, onboarding_printix=True)
    run.assert_ok()
    owners = sorted(c["owner_email"] for c in px.state()["cards"])
    assert owners == ["p000@example.edu", "p001@example.edu"]
    assert re.search(r"Printix cards from number 1, 200 per batch: 2 created", run.stdout), run.stdout
    assert card_secret(persons[0]["card_number"]) not in run.stdout


def test_onboarding_refuses_a_misspelt_group_in_a_later_batch_before_any_write(systems, ansible):
    """The users task checks groups per batch; the role checks every person's groups before the first batch."""
    persons = people(5)
    seed_people(systems, persons)
    persons[3]["groups"] = ["Students", "Physiks"]
    run = run_role(ansible, systems, "onboarding", onboarding_people=persons, onboarding_batch_size=2)
    message = failure(run)
    assert "group 'Physiks', which does not exist, is needed by (username 'p003')" in message, message
    assert all_writes(systems) == NO_WRITES
    assert systems[0].state()["users"] == {}


def test_onboarding_refuses_a_person_without_a_savapage_account_before_any_write(systems, ansible):
    _pc, _px, sp = systems
    persons = people(3)
    seed_people(systems, persons)
    sp.reset({"accounts": [{"type": "USER", "name": "p000", "balance": 0}, {"type": "USER", "name": "p002", "balance": 0}]})
    clear_calls(systems)
    run = run_role(ansible, systems, "onboarding", onboarding_people=persons, onboarding_savapage=True)
    message = failure(run)
    assert "SavaPage has no account for 1 people: ['p001']" in message, message
    assert all_writes(systems) == NO_WRITES
    assert systems[0].state()["users"] == {}
