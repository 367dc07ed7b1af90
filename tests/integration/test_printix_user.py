# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""printix_user and printix_user_info end to end: real ansible-playbook against the Printix simulator.

Server state is always checked through the simulator's inspection API, never through the module under test.
"""

from __future__ import annotations

import json

from fixtures_printix import (
    ALL_SECRETS,
    PRINT_SECRET,
    USER_ID,
    USER_SECRET,
    px_defaults,
    px_env,
    px_task,
    px_writes,
)

EMAIL = "visitor@partner.example"
GUEST = {"email": EMAIL, "full_name": "Vera Visitor", "expiration": "2025-03-07 18:00", "send_welcome_email": True}
STAFF = {"email": "staff@example.com", "fullName": "Staff Member", "role": "USER"}


def user(args, name="t", **extra):
    return px_task("printix_user", args, name, **extra)


def guests(sim):
    return dict((u["email"], u) for u in sim.state()["users"] if u["role"] == "GUEST_USER")


def writes(sim):
    return [op for op, _path in px_writes(sim)]


def test_guest_user_lifecycle_check_create_rerun_update_delete(ansible, printix, tmp_path):
    printix.seed({"users": [STAFF]})
    md, env = px_defaults(printix, client_id=USER_ID), px_env(USER_SECRET)

    printix.clear_calls()
    run = ansible.run_tasks([user(GUEST)], check=True, module_defaults=md, env=env).assert_ok()
    assert run.task("t").changed and run.task("t")["action"] == "create"
    assert writes(printix) == [] and guests(printix) == {}

    saved = tmp_path / "credentials.json"
    tasks = [user(GUEST, no_log=True, register="created"),
             # only a no_log task ever holds the generated secrets; hand them to the test through a file
             {"name": "save", "ansible.builtin.copy": {"content": "{{ created.credentials | to_json }}",
                                                       "dest": str(saved), "mode": "0600"}, "no_log": True},
             user(GUEST, "again"),
             user(GUEST, "check", check_mode=True),
             user({"email": "plain@partner.example"}, "without no_log"),
             px_task("printix_user_info", {"query": "partner.example", "roles": ["GUEST_USER"]}, "info")]
    printix.clear_calls()
    run = ansible.run_tasks(tasks, module_defaults=md, env=env, diff=True).assert_ok()
    stored = guests(printix)[EMAIL]
    assert (stored["fullName"], stored["expirationTimestamp"], stored["sendWelcomeEmail"]) == (
        "Vera Visitor", "2025.03.07 18:00", True)
    assert json.loads(saved.read_text()) == {"pin": stored["pin"], "id_code": stored["idCode"],
                                             "password": stored["password"]}
    # one create per new user: the re-run and the check-mode run sent no write
    assert writes(printix) == ["create_user", "create_user"]
    assert not run.task("again").changed and not run.task("check").changed
    assert run.task("again")["user"]["id"] == stored["id"]
    plain = run.task("without no_log")
    assert plain.changed and "credentials" not in plain and "no_log: true" in " ".join(plain["warnings"])
    assert sorted(u["email"] for u in run.task("info")["users"]) == ["plain@partner.example", EMAIL]
    for secret in (stored["password"], stored["idCode"], guests(printix)["plain@partner.example"]["password"]):
        assert secret not in run.stdout + run.stderr

    # the API cannot change a user: a different name is reported, never written
    printix.clear_calls()
    gone = {"email": EMAIL, "state": "absent"}
    tasks = [user(dict(GUEST, full_name="Vera V. Visitor"), "update"), user(gone, "delete"), user(gone, "delete again"),
             px_task("printix_user_info", {"email": EMAIL}, "info")]
    run = ansible.run_tasks(tasks, module_defaults=md, env=env, diff=True).assert_ok()
    update = run.task("update")
    assert not update.changed and "cannot change a user" in " ".join(update["warnings"])
    assert run.task("delete").changed and run.task("delete")["diff"]["after"] == {}
    assert not run.task("delete again").changed and run.task("info")["users"] == []
    ((op, path),) = px_writes(printix)
    assert op == "delete_user" and path.endswith("/users/%s/delete" % stored["id"])
    assert EMAIL not in guests(printix) and "staff@example.com" in dict(
        (u["email"], u) for u in printix.state()["users"])


def test_bad_input_fails_clearly_without_secrets(ansible, printix):
    printix.seed({"users": [STAFF]})
    md = px_defaults(printix, client_id=USER_ID)
    env = dict(px_env(USER_SECRET), TEST_PRINTIX_OTHER=PRINT_SECRET, TEST_PRINTIX_WRONG="wrong-secret-value",
               TEST_PIN="98765")
    other = {"printix_client_id": "sim-cloudprint",
             "printix_client_secret": "{{ lookup('ansible.builtin.env', 'TEST_PRINTIX_OTHER') }}"}
    wrong = {"printix_client_secret": "{{ lookup('ansible.builtin.env', 'TEST_PRINTIX_WRONG') }}"}
    cases = {
        "wrong area": (dict(GUEST, **other), ["User Manager area", "sim-cloudprint", EMAIL]),
        "wrong secret": (dict(GUEST, **wrong), ["refused the client credentials", "sim-usermanager"]),
        "empty email": ({"email": ""}, ["email must not be empty"]),
        "not an email": ({"email": "visitor"}, ["not an email address"]),
        "regular user": ({"email": "staff@example.com", "state": "absent"}, ["role USER", "only guest users"]),
        "bad pin": (dict(GUEST, pin="{{ lookup('ansible.builtin.env', 'TEST_PIN') }}"), ["4 digits"]),
        "bad expiration": (dict(GUEST, expiration="next friday"), ["expiration 'next friday'"]),
    }
    tasks = [user(args, name, ignore_errors=True) for name, (args, _phrases) in cases.items()]
    tasks += [user({"email": "nobody@example.com", "state": "absent"}, "unknown user"),
              px_task("printix_user_info", {"email": "nobody@example.com"}, "unknown info")]
    printix.clear_calls()
    run = ansible.run_tasks(tasks, module_defaults=md, env=env).assert_ok()
    for name, (_args, phrases) in cases.items():
        result = run.task(name)
        assert result.failed, (name, result)
        for phrase in phrases:
            assert phrase in result["msg"], (name, result["msg"])
        assert "module_stderr" not in result and "Traceback" not in str(result.get("exception")), (name, result)
    assert not run.task("unknown user").changed and run.task("unknown info")["users"] == []
    output = run.stdout + run.stderr
    assert "Traceback" not in output
    for secret in ALL_SECRETS + ["wrong-secret-value", "98765"]:
        assert secret not in output, secret
    assert writes(printix) == [] and guests(printix) == {}
