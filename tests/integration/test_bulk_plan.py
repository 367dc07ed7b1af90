# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Issue 18, the module side: plan, then write. Real ansible-playbook runs against the simulators.

- parents before their sub-accounts in one bulk list, at any concurrency, in check mode too;
- every reference (groups, parents, access users and groups) checked before the first write:
  a task that refers to something missing writes nothing, and says what is missing and who needs it;
- --diff of a bulk task: one diff per changed item, under a header;
- per-item failures name the item by index and key.

Server state and "nothing was written" are always read from the simulators' call logs and
inspection APIs, never from the module under test.
"""

from __future__ import annotations

from fixtures_roles import (
    all_defaults,
    all_writes,
    clear_calls,
    people,
    role_task,
    seed_people,
)
from pc_helpers import assert_clean_failure, defaults, task, writes

CHEMISTRY = ["Chemistry"] + ["Chemistry\\Lab %d" % n for n in range(1, 7)]


def accounts_task(names, name="t", **extra):
    args = {"accounts": [{"name": n, "notes": "term 2026"} for n in names], "concurrency": 8}
    args.update(extra)
    return task("shared_account", args, name)


def added_accounts(sim):
    return [c["args"][0] for c in sim.calls() if c["method"] == "addNewSharedAccount"]


# -- 1. parents before sub-accounts -------------------------------------------------------------------


def test_parent_and_six_sub_accounts_in_one_list_succeed_at_concurrency_8_every_time(ansible, papercut):
    # each call answers 30 ms after it arrived: the sub-accounts' reads and creates overlap the
    # parent's, which is how the race showed in about half the runs without latency at all
    papercut.sim.latency_ms = 30
    rounds = 10
    tasks = []
    for n in range(rounds):
        # the parent first (as in the issue) and, every other round, in the middle of its sub-accounts
        names = CHEMISTRY if n % 2 == 0 else CHEMISTRY[1:4] + CHEMISTRY[:1] + CHEMISTRY[4:]
        tasks.append(accounts_task(names, "create %d" % n))
        tasks.append(task("shared_account", {"name": "Chemistry", "state": "absent"}, "delete %d" % n))
    run = ansible.run_tasks(tasks, module_defaults=defaults(papercut)).assert_ok()
    for n in range(rounds):
        created = run.task("create %d" % n)
        assert created["summary"]["created"] == 7 and created["summary"]["failed"] == 0, created
        names = [r["name"] for r in created["accounts"]]
        assert names == (CHEMISTRY if n % 2 == 0 else CHEMISTRY[1:4] + CHEMISTRY[:1] + CHEMISTRY[4:])
    # from the call log: in every round the parent was created before any of its sub-accounts
    added = added_accounts(papercut)
    assert len(added) == 7 * rounds
    for n in range(rounds):
        one_round = added[7 * n:7 * n + 7]
        assert one_round[0] == "Chemistry" and sorted(one_round[1:]) == CHEMISTRY[1:], one_round


def test_check_mode_plans_sub_accounts_whose_parent_the_same_list_creates(ansible, papercut):
    papercut.sim.latency_ms = 10
    run = ansible.run_tasks([accounts_task(CHEMISTRY, "plan")], check=True, diff=True,
                            module_defaults=defaults(papercut)).assert_ok()
    plan = run.task("plan")
    assert plan.changed and plan["summary"]["created"] == 7 and plan["summary"]["failed"] == 0, plan
    assert [r["action"] for r in plan["accounts"]] == ["create"] * 7
    assert writes(papercut) == [] and papercut.state()["shared_accounts"] == {}
    # the plan, item by item
    assert [d["before_header"] for d in plan["diff"]] == ["shared account %s" % n for n in CHEMISTRY]


def test_term_start_readme_tree_from_nothing_plans_and_applies_at_concurrency_8(systems, ansible):
    """The term_start README's own example, ``Courses`` and ``Courses\\PHY101-2026`` in one list, on a
    server that has neither: check mode plans both, the real run creates the parent first."""
    pc, _px, _sp = systems
    pc.seed({"groups": ["Physics"]})
    pc.sim.latency_ms = 20
    clear_calls(systems)
    accounts = [{"name": "Courses", "restricted": True}] + [
        {"name": "Courses\\PHY%d-2026" % n, "access_groups": ["Physics"], "balance": 200.0} for n in range(101, 107)]
    role = role_task("term_start", term_start_shared_accounts=accounts, term_start_concurrency=8)
    check = ansible.run_tasks([role], check=True, module_defaults=all_defaults(systems)).assert_ok()
    assert any(r.changed for r in check.results)
    assert all_writes(systems) == {"papercut": [], "printix": [], "savapage": []}
    ansible.run_tasks([role], module_defaults=all_defaults(systems)).assert_ok()
    created = pc.state()["shared_accounts"]
    assert sorted(created) == sorted(a["name"] for a in accounts)
    assert all(created[a["name"]]["balance"] == 200.0 for a in accounts[1:])
    assert added_accounts(pc)[0] == "Courses"


def test_check_mode_across_two_tasks_says_the_sub_account_would_need_its_parent(ansible, papercut):
    """Check mode judges a task against the server as it is: an earlier task's create is not done in check
    mode, so a sub-account in a later task would need a parent that does not exist. The task fails as its
    real run would if the earlier task had not run, and says so; one list plans them together."""
    tasks = [task("shared_account", {"name": "Chemistry"}, "parent"),
             task("shared_account", {"accounts": [{"name": "Chemistry\\Lab 1"}]}, "subs")]
    run = ansible.run_tasks(tasks, check=True, module_defaults=defaults(papercut))
    assert run.task("parent").changed
    assert_clean_failure(run, "parent account 'Chemistry', which does not exist, would be needed by "
                         "accounts[0] (name 'Chemistry\\\\Lab 1')", "same accounts list", "create_parent: true")
    assert writes(papercut) == []
    # the real run of the same two tasks succeeds
    run = ansible.run_tasks(tasks, module_defaults=defaults(papercut)).assert_ok()
    assert sorted(papercut.state()["shared_accounts"]) == ["Chemistry", "Chemistry\\Lab 1"]


def test_a_missing_parent_fails_the_bulk_task_before_any_account_is_written(ansible, papercut):
    papercut.seed({"groups": ["Staff"]})
    papercut.clear_calls()
    items = ["Physics", "Chemistry\\Lab 1", "Chemistry\\Lab 2", "Biology\\Lab"]
    for check in (True, False):
        run = ansible.run_tasks([accounts_task(items)], check=check, module_defaults=defaults(papercut))
        assert_clean_failure(run, "2 objects the task refers to do not exist, so nothing was written",
                             "parent account 'Chemistry', which does not exist",
                             "accounts[1] (name 'Chemistry\\\\Lab 1'), accounts[2] (name 'Chemistry\\\\Lab 2')",
                             "parent account 'Biology'", "accounts[3] (name 'Biology\\\\Lab')")
        result = run.task("t")
        assert [m["object"] for m in result["missing"]] == ["parent account 'Chemistry'", "parent account 'Biology'"]
        assert writes(papercut) == [] and papercut.state()["shared_accounts"] == {}


def test_missing_access_groups_and_users_fail_the_bulk_task_before_any_write(ansible, papercut):
    papercut.seed({"users": [{"username": "alice"}], "groups": ["Staff"]})
    papercut.clear_calls()
    args = {"accounts": [{"name": "A", "access_groups": ["Staff"]}, {"name": "B", "access_groups": ["Staf"]},
                         {"name": "C", "access_users": ["alice", "bobb"]}]}
    run = ansible.run_tasks([task("shared_account", args)], module_defaults=defaults(papercut))
    assert_clean_failure(run, "access group 'Staf', which does not exist, is needed by accounts[1] (name 'B')",
                         "access user 'bobb', which does not exist, is needed by accounts[2] (name 'C')")
    assert writes(papercut) == []
    # the group list is read once for the task, not per item
    assert [c["method"] for c in papercut.calls()].count("listUserGroups") == 1


# -- 2. groups checked before a user is imported ------------------------------------------------------


def user_task(args, name="t"):
    return task("papercut_user", args, name)


def test_single_user_with_a_missing_group_fails_before_the_user_is_imported(ansible, papercut):
    papercut.seed({"directory": [{"username": "jdoe"}], "groups": ["Students"]})
    papercut.clear_calls()
    args = {"username": "jdoe", "groups": ["Students", "Physiks"], "balance": 5.0, "department": "Physics"}
    for check in (True, False):
        run = ansible.run_tasks([user_task(args)], check=check, module_defaults=defaults(papercut))
        assert_clean_failure(run, "group 'Physiks', which does not exist, %s needed by user 'jdoe'"
                             % ("would be" if check else "is"), "nothing was written")
        assert writes(papercut) == [] and papercut.state()["users"] == {}


def test_bulk_users_with_a_missing_group_fail_before_any_user_is_imported(ansible, papercut):
    papercut.seed({"directory": [{"username": u} for u in ("a1", "a2", "a3")], "groups": ["Students"]})
    papercut.clear_calls()
    args = {"users": [{"username": "a1", "groups": ["Students"]}, {"username": "a2", "groups": ["Students", "Physiks"]},
                      {"username": "a3", "groups": ["Physiks"]}], "balance": 5.0}
    for check in (True, False):
        run = ansible.run_tasks([user_task(args)], check=check, module_defaults=defaults(papercut))
        assert_clean_failure(run, "group 'Physiks', which does not exist, %s needed by users[1] (username 'a2'), "
                             "users[2] (username 'a3')" % ("would be" if check else "is"))
        assert run.task("t")["missing"] == [{"object": "group 'Physiks'",
                                             "needed_by": ["users[1] (username 'a2')", "users[2] (username 'a3')"]}]
        assert writes(papercut) == [] and papercut.state()["users"] == {}
    assert [c["method"] for c in papercut.calls()].count("listUserGroups") == 2  # once per task run


def test_onboarding_csv_with_a_group_papercut_does_not_have_writes_nothing(systems, ansible, tmp_path):
    """The exact input of issue 18: a person whose groups are ``Students;Physiks``."""
    pc, _px, _sp = systems
    persons = people(3, "g")
    seed_people(systems, persons)
    header = "username,full_name,email,department,office,card_number,card_pin,initial_balance,shared_accounts,groups\n"
    rows = ["%s,%s,%s,%s,%s,%s,%s,%s,,%s\n" % (p["username"], p["full_name"], p["email"], p["department"], p["office"],
                                               p["card_number"], p["card_pin"], p["initial_balance"],
                                               "Students;Physiks" if i == 1 else "Students")
            for i, p in enumerate(persons)]
    csv_file = tmp_path / "people.csv"
    csv_file.write_text(header + "".join(rows))
    role_vars = dict(onboarding_people_csv=str(csv_file), onboarding_printix=True, onboarding_savapage=True)
    for check in (True, False):
        run = ansible.run_tasks([role_task("onboarding", **role_vars)], check=check,
                                module_defaults=all_defaults(systems))
        assert not run.ok
        failed = [r for r in run.results if r.failed]
        assert "group 'Physiks', which does not exist" in failed[-1]["msg"], failed[-1]
        assert "(username 'g001')" in failed[-1]["msg"]
        assert all_writes(systems) == {"papercut": [], "printix": [], "savapage": []}
        assert pc.state()["users"] == {}


# -- 3. readable plans ---------------------------------------------------------------------------------


def test_bulk_diff_is_one_entry_per_changed_item_with_a_header_printed_by_the_default_callback(ansible, papercut):
    papercut.seed({"directory": [{"username": "new1"}, {"username": "new2"}],
                   "users": [{"username": "same", "department": "Physics"},
                             {"username": "moved", "department": "Physics"}]})
    args = {"users": [{"username": "new1"}, {"username": "same"}, {"username": "moved", "department": "History"},
                      {"username": "new2"}], "department": "Physics"}
    run = ansible.run_tasks([user_task(args)], check=True, diff=True, module_defaults=defaults(papercut)).assert_ok()
    result = run.task("t")
    assert [r["username"] for r in result["users"]] == ["new1", "same", "moved", "new2"]  # input order
    assert [d["before_header"] for d in result["diff"]] == ["user new1", "user moved", "user new2"]
    moved = result["diff"][1]
    assert (moved["before"]["department"], moved["after"]["department"]) == ("Physics", "History")
    assert all("diff" not in r for r in result["users"])  # moved to the task's diff, not repeated per item
    # what ansible-playbook --check --diff prints: each item's diff under its own header
    assert "--- before: user moved" in run.stdout and "+++ after: user moved" in run.stdout, run.stdout
    assert "--- before: user same" not in run.stdout
    assert writes(papercut) == []


def test_no_diff_key_without_diff_mode(ansible, papercut):
    papercut.seed({"directory": [{"username": "new1"}]})
    run = ansible.run_tasks([user_task({"users": [{"username": "new1"}]})], check=True,
                            module_defaults=defaults(papercut)).assert_ok()
    assert "diff" not in run.task("t")


# -- 4. errors that say where --------------------------------------------------------------------------


def test_a_failed_item_is_named_by_its_index_and_key(ansible, papercut):
    papercut.seed({"directory": [{"username": "ok1"}], "groups": ["Students"]})
    args = {"users": [{"username": "ok1"}, {"username": "ghost"}]}
    run = ansible.run_tasks([user_task(args)], module_defaults=defaults(papercut))
    assert_clean_failure(run, "users[1] (username 'ghost'): PaperCut could not import 'ghost'")
    assert sorted(papercut.state()["users"]) == ["ok1"]


def test_an_invalid_item_fails_the_bulk_task_before_any_write_naming_it(ansible, papercut):
    papercut.seed({"directory": [{"username": "ok1"}]})
    papercut.clear_calls()
    args = {"users": [{"username": "ok1"}, {"username": "x2", "balance": 1.0, "adjust_balance": 2.0}]}
    run = ansible.run_tasks([user_task(args)], module_defaults=defaults(papercut))
    assert_clean_failure(run, "users[1] (username 'x2'): balance and adjust_balance are mutually exclusive",
                         "nothing was written")
    assert writes(papercut) == []
