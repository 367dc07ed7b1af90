# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Issue 18, dry-running a term start: in check mode, the shared accounts that term_start plans to create
count as present for onboarding's reference check in the same run (term_start_planned_shared_accounts);
a misspelt account that nobody plans still fails before any write, and a real run always reads the server.

The servers are checked through the simulators' inspection APIs and call logs, never through the modules.
"""

from __future__ import annotations

from fixtures_roles import *  # noqa: F401,F403  pylint: disable=wildcard-import,unused-wildcard-import
from fixtures_roles import all_defaults, all_writes, clear_calls, people, role_task, seed_people

NO_WRITES = {"papercut": [], "printix": [], "savapage": []}
NEW_ACCOUNT = "Physics\\Lab-2026"
TERM = dict(term_start_shared_accounts=[{"name": NEW_ACCOUNT, "access_groups": ["Students"], "balance": 20.0}])


def persons_charged_to(account, count=4):
    persons = people(count)
    for person in persons:
        person["shared_accounts"] = [account]
    return persons


def term_and_onboarding(ansible, systems, persons, check=False, diff=False):
    """term_start, then onboarding, in one play (what playbooks/demo.yml does in two plays of one run)."""
    tasks = [role_task("term_start", **TERM), role_task("onboarding", onboarding_people=persons)]
    return ansible.run_tasks(tasks, check=check, diff=diff, module_defaults=all_defaults(systems))


def test_check_run_counts_the_accounts_term_start_plans_to_create(systems, ansible):
    pc = systems[0]
    persons = persons_charged_to(NEW_ACCOUNT)
    seed_people(systems, persons)
    run = term_and_onboarding(ansible, systems, persons, check=True, diff=True)
    run.assert_ok()
    assert all_writes(systems) == NO_WRITES
    assert NEW_ACCOUNT not in pc.state()["shared_accounts"]
    # onboarding says that it counted an account this run only plans to create
    assert "planned by this run" in run.stdout and "Physics\\\\Lab-2026" in run.stdout, run.stdout
    # and the plan is shown per person and per account
    assert "+++ after: user p000" in run.stdout and "+++ after: shared account Physics\\Lab-2026" in run.stdout

    # the real run does what the dry run planned
    clear_calls(systems)
    term_and_onboarding(ansible, systems, persons).assert_ok()
    state = pc.state()
    assert sorted(state["shared_accounts"][NEW_ACCOUNT]["access_users"]) == [p["username"] for p in persons]
    assert sorted(p["username"] for p in persons) == sorted(u for u in state["users"] if u.startswith("p"))


def test_check_run_still_fails_on_an_account_nobody_plans(systems, ansible):
    """A misspelt account (O for 0) that term_start does not create fails the dry run before any write."""
    pc = systems[0]
    persons = persons_charged_to(NEW_ACCOUNT)
    persons[2]["shared_accounts"] = ["Physics\\Lab-2O26"]
    seed_people(systems, persons)
    run = term_and_onboarding(ansible, systems, persons, check=True)
    assert not run.ok, run.stdout
    message = str([r for r in run.results if r.failed][-1].get("msg"))
    assert "These shared accounts do not exist in PaperCut" in message and "Lab-2O26" in message, message
    assert "Lab-2026" not in message, message
    assert all_writes(systems) == NO_WRITES
    assert pc.state()["users"] == {}


def test_a_real_run_reads_the_server_whatever_the_planned_accounts_say(systems, ansible):
    """Outside check mode the planned names count for nothing: an account missing on the server fails
    onboarding before its first write, even when term_start_planned_shared_accounts names it."""
    pc = systems[0]
    persons = persons_charged_to("Physics\\Nowhere")
    seed_people(systems, persons)
    stale_plan = {"term_start_planned_shared_accounts": ["Physics\\Nowhere"]}
    tasks = [{"name": "a stale plan", "ansible.builtin.set_fact": stale_plan},
             role_task("onboarding", onboarding_people=persons)]
    run = ansible.run_tasks(tasks, module_defaults=all_defaults(systems))
    assert not run.ok, run.stdout
    message = str([r for r in run.results if r.failed][-1].get("msg"))
    assert "These shared accounts do not exist in PaperCut" in message and "Nowhere" in message, message
    assert all_writes(systems) == NO_WRITES
    assert pc.state()["users"] == {}
