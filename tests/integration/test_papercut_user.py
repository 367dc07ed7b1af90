# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""papercut_user and papercut_user_info end to end: real ansible-playbook against the PaperCut simulator.

Server state is always checked through the simulator's inspection API, never through the module under test.
"""

from __future__ import annotations

import pytest

from ansible_collections.printops.print_management.tests.simulators.papercut import DEFAULT_TOKEN

M = "printops.print_management.papercut_user"
INFO = "printops.print_management.papercut_user_info"
SECRETS = [DEFAULT_TOKEN, "Int3rnal-Passw0rd", "8642"]


# Secrets reach the play as a site's would (vault, AWX credential): never as literals in the
# playbook, whose source lines ansible-playbook itself quotes when a task fails.
TOKEN_FROM_ENV = "{{ lookup('ansible.builtin.env', 'TEST_PAPERCUT_TOKEN') }}"


def defaults(sim):
    return {"group/printops.print_management.papercut": {
        "papercut_url": sim.sim.url, "papercut_auth_token": TOKEN_FROM_ENV}}


def task(args, name="t", module=M, **extra):
    t = {"name": name, module: args}
    t.update(extra)
    return t


def writes(sim):
    return [(c["method"], c["args"]) for c in sim.writes()]


def by_method(calls):
    counts = {}
    for call in calls:
        counts[call["method"]] = counts.get(call["method"], 0) + 1
    return counts


def assert_clean_failure(run, *phrases):
    run.assert_clean_failure(*phrases, secrets=SECRETS)


ALICE = {"username": "alice", "internal": True, "password": "Int3rnal-Passw0rd", "full_name": "Alice Able",
         "email": "alice@example.edu", "department": "Physics", "card_pin": "8642", "restricted": True,
         "balance": 12.5, "balance_comment": "start", "groups": ["Students"], "properties": {"home": "/h/alice"}}


def test_full_lifecycle_check_create_rerun_update_delete(ansible, papercut):
    papercut.seed({"groups": ["Students", "Staff"]})
    md = defaults(papercut)

    papercut.clear_calls()
    run = ansible.run_tasks([task(ALICE)], check=True, module_defaults=md).assert_ok()
    assert run.task("t").changed and run.task("t")["action"] == "create"
    assert writes(papercut) == [], "check mode must send no write"
    assert papercut.state()["users"] == {}

    run = ansible.run_tasks([task(ALICE)], module_defaults=md, diff=True).assert_ok()
    assert run.task("t").changed
    user = papercut.state()["users"]["alice"]
    assert user["internal"] is True and user["password"] == "Int3rnal-Passw0rd"
    assert user["properties"]["full-name"] == "Alice Able" and user["properties"]["card-pin"] == "8642"
    assert user["properties"]["restricted"] == "true" and user["properties"]["home"] == "/h/alice"
    assert user["balance"] == 12.5 and user["groups"] == ["Students"]
    assert "card_pin" not in run.task("t")["user"] and "password" not in run.task("t")["user"]

    for check in (True, False):
        papercut.clear_calls()
        run = ansible.run_tasks([task(ALICE)], check=check, module_defaults=md).assert_ok()
        assert not run.task("t").changed, run.task("t")
        assert writes(papercut) == [], "an unchanged run must send no write"

    before = papercut.state()["users"]["alice"]
    papercut.clear_calls()
    run = ansible.run_tasks([task(dict(ALICE, department="Chemistry"))], module_defaults=md, diff=True).assert_ok()
    assert run.task("t").changed
    diff = run.task("t")["diff"]
    assert (diff["before"]["department"], diff["after"]["department"]) == ("Physics", "Chemistry")
    assert writes(papercut) == [("setUserProperties", ["alice", [["department", "Chemistry"]]])]
    after = papercut.state()["users"]["alice"]
    before["properties"]["department"] = "Chemistry"
    assert after == before, "only the department may change"

    run = ansible.run_tasks([task({"username": "alice", "state": "absent"})], module_defaults=md).assert_ok()
    assert run.task("t").changed and "alice" not in papercut.state()["users"]

    papercut.clear_calls()
    run = ansible.run_tasks([task({"username": "alice", "state": "absent"})], module_defaults=md).assert_ok()
    assert not run.task("t").changed and writes(papercut) == []


def test_directory_user_is_imported_and_user_not_in_directory_fails_clearly(ansible, papercut):
    papercut.seed({"directory": [{"username": "dee", "full-name": "Dee Dir", "groups": ["Staff"]}],
                   "groups": ["Staff", "Students"]})
    run = ansible.run_tasks([task({"username": "dee", "office": "B12", "groups": ["Students"], "append": True})],
                            module_defaults=defaults(papercut)).assert_ok()
    dee = papercut.state()["users"]["dee"]
    assert dee["internal"] is False and dee["properties"]["office"] == "B12"
    assert dee["groups"] == ["Staff", "Students"]

    run = ansible.run_tasks([task({"username": "ghost", "full_name": "G"})], module_defaults=defaults(papercut))
    assert_clean_failure(run, "'ghost'", "user directory", "internal: true", "Nothing was created")
    assert "ghost" not in papercut.state()["users"]


def test_groups_are_exact_by_default_and_additive_with_append(ansible, papercut):
    papercut.seed({"users": [{"username": "u", "groups": ["A", "B"]}], "groups": ["A", "B", "C"]})
    md = defaults(papercut)
    ansible.run_tasks([task({"username": "u", "groups": ["C"], "append": True})], module_defaults=md).assert_ok()
    assert papercut.state()["users"]["u"]["groups"] == ["A", "B", "C"]
    ansible.run_tasks([task({"username": "u", "groups": ["A"]})], module_defaults=md).assert_ok()
    assert papercut.state()["users"]["u"]["groups"] == ["A"]
    papercut.clear_calls()
    run = ansible.run_tasks([task({"username": "u", "groups": ["A"]})], module_defaults=md).assert_ok()
    assert not run.task("t").changed and writes(papercut) == []


def test_adjust_balance_always_adds_and_reports_changed(ansible, papercut):
    papercut.seed({"users": [{"username": "u", "balance": 10.0}]})
    md = defaults(papercut)
    for expected in (12.5, 15.0):
        run = ansible.run_tasks([task({"username": "u", "adjust_balance": 2.5})], module_defaults=md).assert_ok()
        assert run.task("t").changed and run.task("t")["user"]["balance"] == expected
    assert papercut.state()["users"]["u"]["balance"] == 15.0
    assert [t["kind"] for t in papercut.state()["transactions"]] == ["adjust", "adjust"]


def test_lost_answer_to_an_adjustment_fails_without_resending(ansible, papercut):
    papercut.seed({"users": [{"username": "u", "balance": 10.0}]})
    papercut.fault("drop_after", method="adjustUserAccountBalance")
    run = ansible.run_tasks([task({"username": "u", "adjust_balance": 5.0})], module_defaults=defaults(papercut))
    assert_clean_failure(run, "may or may not have applied", "not re-sent", "transaction log",
                         "the balance adjustment may have been applied")
    # the money may have moved: the result says so in changed, never "nothing was changed"
    result = run.task("t")
    assert result["changed"] is True and result["uncertain"] is True, result
    assert "nothing was changed" not in result["msg"].lower()
    assert papercut.state()["users"]["u"]["balance"] == 15.0
    assert len([c for c in papercut.calls() if c["method"] == "adjustUserAccountBalance"]) == 1
    # the safe way to converge: an exact balance
    run = ansible.run_tasks([task({"username": "u", "balance": 15.0})], module_defaults=defaults(papercut))
    assert not run.assert_ok().task("t").changed


def test_bulk_form_creates_200_users_in_one_task_and_rerun_is_unchanged(ansible, papercut):
    papercut.seed({"groups": ["Students"]})
    users = [{"username": "s%03d" % i, "full_name": "Student %d" % i, "email": "s%03d@example.edu" % i}
             for i in range(200)]
    args = {"users": users, "internal": True, "password": "Int3rnal-Passw0rd", "groups": ["Students"],
            "balance": 5.0, "concurrency": 8}
    papercut.clear_calls()
    run = ansible.run_tasks([task(args)], module_defaults=defaults(papercut)).assert_ok()
    result = run.task("t")
    assert result.changed and result["summary"] == {"total": 200, "created": 200, "updated": 0, "deleted": 0,
                                                    "unchanged": 0, "failed": 0, "uncertain": 0,
                                                    "not_attempted": 0}
    # a new user is not read: one listing for the run (and one of the groups, checked before the
    # first write), then its create (which carries the full name and email of an internal user, so
    # no property is left to set) and its writes
    assert by_method(papercut.calls()) == {"listUserGroups": 1, "listUserAccounts": 1, "addNewInternalUser": 200,
                                           "setUserAccountBalance": 200, "addUserToGroup": 200}
    state = papercut.state()["users"]
    assert len(state) == 200
    assert state["s123"]["properties"]["full-name"] == "Student 123" and state["s123"]["balance"] == 5.0
    assert all(u["groups"] == ["Students"] for u in state.values())

    papercut.clear_calls()
    run = ansible.run_tasks([task(args)], module_defaults=defaults(papercut)).assert_ok()
    result = run.task("t")
    assert not result.changed and result["summary"]["unchanged"] == 200
    assert all(not u["changed"] for u in result["users"])
    assert writes(papercut) == []
    # one property read, one balance read, one group read per user, after the run's two listings
    assert by_method(papercut.calls()) == {"listUserGroups": 1, "listUserAccounts": 1, "getUserProperties": 200,
                                           "getUserAccountBalance": 200, "getUserGroups": 200}


def test_bulk_failure_of_one_item_reports_all_and_fails_the_task(ansible, papercut):
    papercut.seed({"users": [{"username": "a"}, {"username": "b"}]})
    run = ansible.run_tasks([task({"users": [{"username": "a", "notes": "x"}, {"username": "b", "card_pin": "987", "update_pin": "always"},
                                             {"username": "a", "notes": "x"}]})],
                            module_defaults=defaults(papercut))
    result = run.task("t")
    assert result.failed and "1 of 3 users failed" in result["msg"] and "fault 273" in result["msg"]
    assert [u.get("failed", False) for u in result["users"]] == [False, True, False]
    assert papercut.state()["users"]["a"]["properties"]["notes"] == "x"


@pytest.mark.parametrize("args, phrases", [
    ({"username": "u", "properties": {"no-such-property": "x"}}, ["'u'", "no-such-property", "fault 261"]),
    ({"username": "u", "card_pin": "12ab", "update_pin": "always"}, ["'u'", "PIN is invalid", "fault 271"]),
    ({"username": "u", "email": "not-an-email"}, ["'u'", "not valid", "fault 269"]),
    ({"username": "u", "password": "Int3rnal-Passw0rd"}, ["'u'", "password can only be set on internal users"]),
    ({"username": "u", "properties": {"full-name": "x"}}, ["full-name", "full_name"]),
    ({"username": "new", "internal": True}, ["'new'", "password is required"]),
    ({"username": "u", "internal": True}, ["'u'", "cannot convert"]),
    ({"username": "u", "balance": 1.0, "adjust_balance": 1.0}, ["mutually exclusive", "balance"]),
    ({"username": ""}, ["username must not be empty"]),
])
def test_bad_input_fails_cleanly(ansible, papercut, args, phrases):
    papercut.seed({"users": [{"username": "u"}, {"username": "other", "card-pin": "1234"}]})
    papercut.clear_calls()
    run = ansible.run_tasks([task(args)], module_defaults=defaults(papercut))
    assert_clean_failure(run, *phrases)
    assert writes(papercut) == [] or args.get("card_pin") or args.get("email")


@pytest.mark.parametrize("connection, phrases", [
    ({"papercut_auth_token": "Wr0ng-T0ken-value"}, ["authentication token", "papercut_auth_token"]),
    ({"papercut_url": "http://127.0.0.1:9"}, ["Cannot connect"]),
    ({"papercut_url": "not a url"}, ["papercut_url must be an http(s) URL"]),
])
def test_connection_problems_fail_cleanly(ansible, papercut, connection, phrases):
    options = {"papercut_url": papercut.sim.url, "papercut_auth_token": TOKEN_FROM_ENV}
    token = connection.pop("papercut_auth_token", DEFAULT_TOKEN)
    options.update(connection)
    run = ansible.run_tasks([task(dict(options, username="u", full_name="x"))], verbosity=3,
                            env={"TEST_PAPERCUT_TOKEN": token})
    assert_clean_failure(run, *phrases)
    assert "Wr0ng-T0ken-value" not in run.stdout + run.stderr


def test_a_url_that_is_not_papercut_fails_cleanly(ansible, papercut):
    run = ansible.run_tasks([task({"papercut_url": papercut.sim.url + "/admin", "papercut_auth_token": TOKEN_FROM_ENV,
                                   "username": "u"})])
    assert_clean_failure(run, "does not look like a PaperCut XML-RPC API", "HTTP 404")


def test_connection_options_come_from_the_environment(ansible, papercut):
    papercut.seed({"users": [{"username": "u"}]})
    run = ansible.run_tasks([task({"username": "u", "notes": "from env"})],
                            env={"PAPERCUT_URL": papercut.sim.url, "PAPERCUT_AUTH_TOKEN": DEFAULT_TOKEN})
    run.assert_ok()
    assert papercut.state()["users"]["u"]["properties"]["notes"] == "from env"


def test_no_secret_reaches_output_even_at_vvv_with_diff(ansible, papercut):
    papercut.seed({"groups": ["Students"]})
    tasks = [task(ALICE, name="create"), task(dict(ALICE, card_pin="9753", update_pin="always"), name="change pin"),
             task({"username": "alice", "password": "Int3rnal-Passw0rd", "update_password": "always"}, name="pw"),
             task({"username": "alice", "fields": ["full_name", "email"]}, module=INFO, name="info")]
    run = ansible.run_tasks(tasks, module_defaults=defaults(papercut), diff=True, verbosity=3)
    output = run.stdout + run.stderr
    assert run.rc == 0, [(r.name, r.status, r.get("msg")) for r in run.results]
    for secret in SECRETS + ["9753"]:
        assert secret not in output, "secret %r leaked" % secret
    assert run.task("pw").changed, "update_password=always always sends the password"
    assert run.task("info")["users"][0]["full_name"] == "Alice Able"
    # asking for the PIN by name is refused rather than answered
    run = ansible.run_tasks([task({"username": "alice", "properties": ["card-pin"]}, module=INFO)],
                            module_defaults=defaults(papercut), verbosity=3)
    assert_clean_failure(run, "never returned")
    assert "9753" not in run.stdout + run.stderr
    assert papercut.state()["users"]["alice"]["properties"]["card-pin"] == "9753"


def test_info_returns_one_user_or_every_user_across_pages(ansible, papercut):
    papercut.seed({"users": [{"username": "u%04d" % i, "email": "u%d@x.org" % i, "balance": float(i)}
                             for i in range(1005)]})
    run = ansible.run_tasks([task({"username": "u0007"}, module=INFO, name="one"),
                             task({"username": "nobody"}, module=INFO, name="none"),
                             task({"fields": ["email"], "include_balance": False}, module=INFO, name="all")],
                            module_defaults=defaults(papercut)).assert_ok()
    assert run.task("one")["exists"] is True and run.task("one")["users"][0]["balance"] == 7.0
    assert run.task("none")["exists"] is False and run.task("none")["users"] == []
    everyone = run.task("all")["users"]
    assert len(everyone) == 1005
    assert everyone[1004] == {"username": "u1004", "internal": False, "email": "u1004@x.org"}
    pages = [c["args"] for c in papercut.calls() if c["method"] == "listUserAccounts"]
    assert pages == [[0, 1000], [1000, 1000]]


def test_lost_answer_after_other_writes_says_what_was_applied_and_changed(ansible, papercut):
    papercut.seed({"users": [{"username": "u", "balance": 10.0}], "groups": ["Staff"]})
    papercut.fault("drop_after", method="adjustUserAccountBalance")
    run = ansible.run_tasks([task({"username": "u", "notes": "n", "adjust_balance": 5.0, "groups": ["Staff"]},
                                  ignore_errors=True)], module_defaults=defaults(papercut))
    result = run.task("t")
    assert result.failed and result["changed"] is True, result
    assert "already applied: properties" in result["msg"]
    assert "the balance adjustment may have been applied" in result["msg"]
    state = papercut.state()
    assert state["users"]["u"]["properties"]["notes"] == "n" and state["users"]["u"]["balance"] == 15.0
    assert state["users"]["u"]["groups"] == [], "nothing written after the lost answer"
    assert len([c for c in papercut.calls() if c["method"] == "adjustUserAccountBalance"]) == 1
