# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""printix_card and printix_card_info end to end: real ansible-playbook against the Printix simulator.

Server state is always checked through the simulator's inspection API, never through the module under test.
"""

from __future__ import annotations

import base64

import pytest
from fixtures_printix import CARD_SECRET, USER_SECRET, assert_clean_failure, px_defaults, \
    px_env, px_task, px_writes

from ansible_collections.printops.print_management.tests.simulators.fixtures import UNKNOWN_CARD_READINGS

NUMBER = "04A2B3C4D5"
SECRET = base64.b64encode(NUMBER.encode()).decode()
USERS = [{"email": "jane@example.com", "fullName": "Jane Doe", "role": "USER"},
         {"email": "guest@example.com", "fullName": "Guest One", "role": "GUEST_USER"}]


def card(args, name="t"):
    return px_task("printix_card", args, name)


def cards_of(sim):
    return dict((c["secret"], c["owner_email"]) for c in sim.state()["cards"])


@pytest.mark.parametrize("printix", UNKNOWN_CARD_READINGS, indirect=True)
def test_card_lifecycle_check_create_rerun_reassign_delete(ansible, printix):
    printix.seed({"users": USERS})
    md, env = px_defaults(printix), px_env()
    jane = {"user": "jane@example.com", "card_number": NUMBER}

    printix.clear_calls()
    run = ansible.run_tasks([card(jane)], check=True, module_defaults=md, env=env).assert_ok()
    assert run.task("t").changed and run.task("t")["action"] == "create"
    assert px_writes(printix) == [] and cards_of(printix) == {}

    run = ansible.run_tasks([card(jane), card(jane, "again"), card(jane, "check")], module_defaults=md, env=env,
                            diff=True).assert_ok()
    assert run.task("t").changed and cards_of(printix) == {SECRET: "jane@example.com"}
    assert not run.task("again").changed and not run.task("check").changed
    assert NUMBER not in run.stdout and SECRET not in run.stdout

    printix.clear_calls()
    run = ansible.run_tasks([card(jane)], check=True, module_defaults=md, env=env).assert_ok()
    assert not run.task("t").changed and px_writes(printix) == []

    guest = {"user": "guest@example.com", "card_number": NUMBER}
    run = ansible.run_tasks([card(guest)], module_defaults=md, env=env)
    assert_clean_failure(run, "already registered to jane@example.com", "reassign: true", secrets=[NUMBER, SECRET])
    assert cards_of(printix) == {SECRET: "jane@example.com"}

    run = ansible.run_tasks([card(dict(guest, reassign=True))], module_defaults=md, env=env).assert_ok()
    assert run.task("t")["action"] == "update" and cards_of(printix) == {SECRET: "guest@example.com"}

    gone = {"card_number": NUMBER, "state": "absent"}
    run = ansible.run_tasks([card(gone), card(gone, "again"), card(dict(gone, user="guest@example.com"), "owned"),
                             px_task("printix_card_info", {"card_number": NUMBER}, "info")],
                            module_defaults=md, env=env).assert_ok()
    assert run.task("t").changed and not run.task("again").changed and cards_of(printix) == {}
    assert not run.task("owned").changed
    # an unknown card (403 or 404 from Printix) is "no such card": null, not an error
    assert run.task("info")["card"] is None
    unknown = printix.state()["unknown_card_status"]
    assert [c["status"] for c in printix.calls() if c["method"] == "get_card"][-3:] == [unknown] * 3


@pytest.mark.parametrize("printix", UNKNOWN_CARD_READINGS, indirect=True)
def test_base64_encoding_registers_the_secret_as_given_and_info_finds_owner(ansible, printix):
    printix.seed({"users": USERS})
    md, env = px_defaults(printix), px_env()
    given = "yMu/wpVckd6/Ti5hH8nZmQ=="
    tasks = [card({"user": "guest@example.com", "card_number": given, "card_encoding": "base64"}),
             px_task("printix_card_info", {"card_number": given, "card_encoding": "base64"}, "lookup"),
             px_task("printix_card_info", {"user": "guest@example.com"}, "list")]
    run = ansible.run_tasks(tasks, module_defaults=md, env=env).assert_ok()
    assert cards_of(printix) == {given: "guest@example.com"}
    assert run.task("lookup")["card"]["owner"]["email"] == "guest@example.com"
    assert len(run.task("list")["cards"]) == 1


@pytest.mark.parametrize("printix", UNKNOWN_CARD_READINGS, indirect=True)
def test_bulk_cards_at_a_tight_rate_limit_finish_without_failing_on_429(ansible, printix):
    users = [{"email": "u%02d@example.com" % i, "fullName": "U %d" % i, "role": "USER"} for i in range(20)]
    printix.seed({"users": users})
    # a bucket of 10 refilled at 3000/min: the ~140 requests must be paced and throttled, quickly
    printix.configure(rate_per_minute=3000, burst=10)
    items = [{"user": "u%02d@example.com" % (i % 20), "card_number": "C%04d" % i} for i in range(60)]
    run = ansible.run_tasks([card({"cards": items, "concurrency": 8})], module_defaults=px_defaults(printix),
                            env=px_env()).assert_ok()
    result = run.task("t")
    assert result["summary"]["created"] == 60 and result["summary"]["failed"] == 0
    assert len(printix.state()["cards"]) == 60
    assert "C0001" not in run.stdout
    assert result["rate_limit"]["throttled_responses"] + result["rate_limit"]["paced_seconds"] > 0
    assert result["rate_limit"]["throttled_responses"] == printix.state()["rate_limit"]["throttled"]
    printix.clear_calls()
    run = ansible.run_tasks([card({"cards": items, "concurrency": 8})], module_defaults=px_defaults(printix),
                            env=px_env()).assert_ok()
    assert run.task("t")["summary"]["unchanged"] == 60 and px_writes(printix) == []


def test_expired_token_429_storm_and_500_still_converge(ansible, printix):
    printix.seed({"users": USERS})
    printix.fault("expire_token", method="get_card")
    printix.fault("throttle", count=3, method="register_card", retry_after=0.2)
    printix.fault("http_status", status=500, method="list_users")
    run = ansible.run_tasks([card({"user": "jane@example.com", "card_number": NUMBER})],
                            module_defaults=px_defaults(printix), env=px_env()).assert_ok()
    assert run.task("t").changed and cards_of(printix) == {SECRET: "jane@example.com"}
    state = printix.state()
    assert state["tokens_issued"] == 2 and state["rate_limit"]["throttled"] == 3
    assert run.task("t")["rate_limit"]["throttled_responses"] == 3
    assert run.task("t")["rate_limit"]["waited_seconds"] >= 0.5


def test_bad_input_fails_clearly_without_secrets(ansible, printix):
    printix.seed({"users": USERS})
    md, env = px_defaults(printix), px_env()
    run = ansible.run_tasks([card({"user": "jane@example.com", "card_number": "not base64!", "card_encoding": "base64"})],
                            module_defaults=md, env=env)
    assert_clean_failure(run, "not valid base64", secrets=["not base64!"])

    run = ansible.run_tasks([card({"user": "nobody@example.com", "card_number": NUMBER})], module_defaults=md, env=env)
    assert_clean_failure(run, "nobody@example.com", "no Printix user", secrets=[NUMBER])

    run = ansible.run_tasks([card({"user": "jane@example.com", "card_number": NUMBER})], module_defaults=md,
                            env=px_env("wrong-secret-value"))
    assert_clean_failure(run, "refused the client credentials", "sim-cardmanager", secrets=["wrong-secret-value"])

    run = ansible.run_tasks([card({"user": "jane@example.com", "card_number": NUMBER})],
                            module_defaults=px_defaults(printix, client_id="sim-usermanager"), env=px_env(USER_SECRET))
    assert_clean_failure(run, "Card Manager area", "sim-usermanager", secrets=[NUMBER])
    assert cards_of(printix) == {}
    assert CARD_SECRET


def test_failed_reassign_restores_the_card_to_its_old_owner(ansible, printix):
    printix.seed({"users": USERS, "cards": [{"owner": "jane@example.com", "secret": SECRET}]})
    # the registration with the new owner fails for good (a 400 is not retried)
    printix.fault("http_status", method="register_card", status=400, content_type="application/json",
                  body='{"success": false, "message": "Invalid card"}')
    run = ansible.run_tasks([card({"user": "guest@example.com", "card_number": NUMBER, "reassign": True})],
                            module_defaults=px_defaults(printix), env=px_env())
    assert_clean_failure(run, "removed from jane@example.com", "Invalid card", "was registered to jane@example.com",
                         "again (restored", secrets=[NUMBER, SECRET])
    assert run.task("t")["changed"] is True
    # the simulator's state: the card is back with its old owner
    assert cards_of(printix) == {SECRET: "jane@example.com"}
    registrations = [c["path"] for c in printix.calls() if c["method"] == "register_card"]
    assert len(registrations) == 2 and registrations[1] != registrations[0]


def test_failed_reassign_whose_restore_fails_too_says_the_card_is_registered_to_nobody(ansible, printix):
    printix.seed({"users": USERS, "cards": [{"owner": "jane@example.com", "secret": SECRET}]})
    printix.fault("http_status", count=2, method="register_card", status=400, content_type="application/json",
                  body='{"success": false, "message": "Invalid card"}')
    run = ansible.run_tasks([card({"user": "guest@example.com", "card_number": NUMBER, "reassign": True})],
                            module_defaults=px_defaults(printix), env=px_env())
    assert_clean_failure(run, "removed from jane@example.com", "registered to nobody",
                         "restoring it to jane@example.com", "failed too", secrets=[NUMBER, SECRET])
    assert run.task("t")["changed"] is True
    assert cards_of(printix) == {}
