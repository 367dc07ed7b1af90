# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""PaperCut behaviours from the documents, end to end with ansible-playbook (issue 14; issue 15's lost creates).

Sources: ../shared/reference/papercut-xmlrpc.md and seed 000_a08b0e506c90fe56.txt. Server state and the
calls sent are checked through the simulator's inspection API, never through the module under test.
"""

from __future__ import annotations

from pc_helpers import defaults, task, writes


def sent(papercut, method):
    return [c for c in papercut.calls() if c["method"] == method]


def test_lost_answers_to_creates_are_not_resent_and_the_task_succeeds(ansible, papercut):
    papercut.seed({"groups": ["Staff"], "directory": [{"username": "dir1"}]})
    papercut.fault("drop_after", method="addNewInternalUser")
    papercut.fault("drop_after", method="addNewUser")
    papercut.fault("drop_after", method="addNewSharedAccount")
    md = defaults(papercut)
    run = ansible.run_tasks([
        task("papercut_user", {"username": "guest1", "internal": True, "password": "Gu3st-Passw0rd",
                               "full_name": "Guest", "balance": 3.0, "groups": ["Staff"]}, "internal"),
        task("papercut_user", {"username": "dir1", "notes": "imported"}, "directory"),
        task("shared_account", {"name": "Physics", "notes": "n", "access_groups": ["Staff"]}, "account"),
    ], module_defaults=md).assert_ok()
    for name in ("internal", "directory", "account"):
        assert run.task(name).changed and run.task(name)["action"] == "create"
    assert len(sent(papercut, "addNewInternalUser")) == 1
    assert len(sent(papercut, "addNewUser")) == 1
    assert len(sent(papercut, "addNewSharedAccount")) == 1
    state = papercut.state()
    guest = state["users"]["guest1"]
    assert guest["balance"] == 3.0 and guest["groups"] == ["Staff"] and guest["properties"]["full-name"] == "Guest"
    assert state["users"]["dir1"]["properties"]["notes"] == "imported"
    assert state["shared_accounts"]["Physics"]["access_groups"] == ["Staff"]


def test_pin_is_set_on_create_never_read_and_update_pin_always_resends_it(ansible, papercut_pin_reading):
    papercut = papercut_pin_reading
    papercut.seed({"directory": [{"username": "d"}]})
    md = defaults(papercut)
    user = {"username": "d", "card_pin": "{{ lookup('ansible.builtin.env', 'TEST_PIN') }}"}
    env = {"TEST_PIN": "24680"}
    run = ansible.run_tasks([task("papercut_user", user, "check", check_mode=True),
                             task("papercut_user", user, "create"),
                             task("papercut_user", user, "again"),
                             task("papercut_user", dict(user, update_pin="always"), "always", check_mode=True)],
                            module_defaults=md, env=env, diff=True).assert_ok()
    assert run.task("check").changed and run.task("create").changed
    assert not run.task("again").changed and run.task("always").changed
    assert papercut.state()["users"]["d"]["properties"]["card-pin"] == "24680"
    assert writes(papercut) == [("addNewUser", ["d"]), ("setUserProperties", ["d", [["card-pin", "24680"]]])]
    assert not any("card-pin" in c["args"][1] for c in sent(papercut, "getUserProperties"))
    assert "24680" not in run.stdout + run.stderr

    papercut.clear_calls()
    run = ansible.run_tasks([task("papercut_user", dict(user, update_pin="always"), "always")],
                            module_defaults=md, env={"TEST_PIN": "13579"}).assert_ok()
    assert run.task("always").changed
    assert writes(papercut) == [("setUserProperties", ["d", [["card-pin", "13579"]]])]


def test_balance_on_a_server_with_several_personal_accounts(ansible, papercut):
    papercut.configure(multiple_personal_accounts=True)
    papercut.seed({"users": [{"username": "u", "balance": 5.0, "personal_accounts": {"Print Quota": 3.0}}]})
    md = defaults(papercut)
    run = ansible.run_tasks([task("papercut_user", {"username": "u", "balance": 5.0}, "total")], module_defaults=md)
    result = run.task("total")
    assert result.failed and "several personal accounts" in result["msg"] and "account option" in result["msg"]
    assert "Traceback" not in run.stdout + run.stderr

    papercut.clear_calls()
    named = {"username": "u", "balance": 7.5, "account": "Print Quota"}
    run = ansible.run_tasks([task("papercut_user", named, "set"), task("papercut_user", named, "again")],
                            module_defaults=md).assert_ok()
    assert run.task("set").changed and not run.task("again").changed
    assert writes(papercut) == [("setUserAccountBalance", ["u", 7.5, "Set by Ansible", "Print Quota"])]
    assert papercut.state()["users"]["u"]["personal_accounts"] == {"Print Quota": 7.5}


def test_user_and_group_work_against_both_fault_styles(ansible, papercut_fault_codes):
    papercut = papercut_fault_codes
    papercut.seed({"users": [{"username": "u"}], "directory": [{"username": "d"}], "directory_groups": ["Staff"]})
    md = defaults(papercut)
    run = ansible.run_tasks([task("papercut_group", {"name": "Staff"}, "group"),
                             task("papercut_user", {"username": "d", "groups": ["Staff"]}, "create"),
                             task("papercut_user", {"username": "ghost", "state": "absent"}, "absent"),
                             task("papercut_user_info", {"username": "ghost"}, "info"),
                             task("papercut_user", {"username": "u", "groups": ["Nope"]}, "bad", ignore_errors=True)],
                            module_defaults=md)
    assert run.task("group").changed and run.task("create").changed
    assert not run.task("absent").changed and run.task("info")["exists"] is False
    bad = run.task("bad")
    # plan, then write (issue 18): the missing group is found before the user is written
    assert bad.failed and "group 'Nope', which does not exist" in bad["msg"]
    assert "does not offer this call" not in bad["msg"]
    assert papercut.state()["users"]["d"]["groups"] == ["Staff"]
