# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""No secret reaches output: the harness's scan, and secret-heavy playbooks at -vvv with diff.

Every ansible-playbook run of the integration suite is scanned by the harness
(``_ansible.run_playbook``) for every secret it was given: the simulators' credentials
(known_secrets.py), environment variables with secret-looking names, and secret-looking
options written into the tasks or extra vars. With ``PRINTOPS_TEST_VERBOSITY=3`` every run
is made at -vvv. This file proves the scan catches a leak, then runs, per product, the
operations that handle the most secrets, at -vvv with --diff, including failures where
the server echoes a credential back in its error page.
"""

from __future__ import annotations

import pytest

from _ansible import SecretLeak, scan_for_secrets, secrets_for_run
from fixtures_printix import ALL_SECRETS, USER_SECRET, px_defaults
from fixtures_savapage import SAVAPAGE_SECRETS, savapage_defaults
from pc_helpers import defaults as pc_defaults

from ansible_collections.printops.print_management.tests.simulators.papercut import DEFAULT_TOKEN

NS = "printops.print_management."
ENV = "{{ lookup('ansible.builtin.env', '%s') }}"


def env(name):
    return ENV % name


# -- the scan itself ------------------------------------------------------------------------
def test_the_scan_fails_a_run_that_prints_a_secret(ansible):
    with pytest.raises(SecretLeak) as err:
        ansible.run_tasks([{"name": "leak", "ansible.builtin.debug": {"msg": "token is " + env("TEST_LEAKY_TOKEN")}}],
                          env={"TEST_LEAKY_TOKEN": "Leaky-Token-0123456"})
    assert "environment variable TEST_LEAKY_TOKEN appeared in stdout" in str(err.value)
    assert "Leaky-Token-0123456" not in str(err.value), "the report masks the secret it found"


def test_the_scan_knows_the_simulators_credentials_and_secret_options():
    found = secrets_for_run({"TEST_X_PASSWORD": "pw-from-env", "PAPERCUT_URL": "http://h"},
                            tasks=[{"m": {"password": "Literal-Passw0rd", "update_password": "always",
                                          "users": [{"card_pin": "8642", "primary_card_number": "04A2B3C4"}],
                                          "name": "alice"}}],
                            extra_vars={"onboarding_default_password": "Default-1"})
    for secret in (DEFAULT_TOKEN, USER_SECRET, SAVAPAGE_SECRETS[0], "pw-from-env", "Literal-Passw0rd", "8642",
                   "Default-1", "04A2B3C4"):
        assert secret in found, secret
    for harmless in ("always", "alice", "http://h"):
        assert harmless not in found, harmless


def test_short_secrets_match_only_as_whole_words():
    scan_for_secrets({"8642": "pin"}, {"stdout": "port 38642 and 0x86421"})
    with pytest.raises(SecretLeak):
        scan_for_secrets({"8642": "pin"}, {"stdout": "card-pin: 8642\n"})
    # a process id in Ansible's temporary directory name is not the PIN
    scan_for_secrets({"8642": "pin"}, {"stdout": "mkdir ansible-tmp-1795383745.9494996-8642-94997972333198"})
    with pytest.raises(SecretLeak):
        scan_for_secrets({"8642": "pin"}, {"stdout": "ansible-tmp-1795383745.9-1234-5678 pin 8642"})


# -- secret-heavy playbooks at -vvv with diff -------------------------------------------------
def test_papercut_secrets_stay_hidden_at_vvv_with_diff_and_server_echoes(ansible, papercut):
    papercut.seed({"users": [{"username": "other", "card-pin": "1357"}]})
    user = {"username": "alice", "internal": True, "password": env("TEST_USER_PASSWORD"),
            "card_pin": env("TEST_CARD_PIN"), "full_name": "Alice",
            # badge numbers: one from the environment, one written in the task (both scanned for)
            "primary_card_number": env("TEST_CARD_NUMBER"), "secondary_card_number": "88001234"}
    tasks = [
        {"name": "check", NS + "papercut_user": user, "check_mode": True},
        {"name": "create", NS + "papercut_user": user},
        {"name": "secret config", NS + "papercut_config": {
            "name": "notify.smtp.password", "value": env("TEST_SMTP_PASSWORD"), "no_log": True}},
        {"name": "new card", NS + "papercut_user": dict(user, primary_card_number=env("TEST_NEW_CARD_NUMBER"))},
        {"name": "new pin", NS + "papercut_user": dict(user, primary_card_number=env("TEST_NEW_CARD_NUMBER"),
                                                       card_pin=env("TEST_NEW_PIN"), update_password="always",
                                                       update_pin="always")},
        {"name": "cards", NS + "papercut_user_info": {
            "username": "alice", "include_balance": False, "fields": ["primary_card_number", "secondary_card_number"],
            "properties": ["primary-card-number"]}},
        {"name": "echoed", NS + "papercut_user_info": {"username": "alice"}, "ignore_errors": True},
        {"name": "wrong token", NS + "papercut_user_info": {
            "username": "alice", "papercut_auth_token": env("TEST_WRONG_TOKEN")},
         "ignore_errors": True},
    ]
    # a server (or proxy) that echoes the request, token and all, in its error page
    papercut.fault("http_status", count=30, method="getUserAccountBalance", status=500,
                   body="<methodCall><param>%s</param></methodCall> Authorization: %s" % (DEFAULT_TOKEN, DEFAULT_TOKEN))
    run = ansible.run_tasks(tasks, module_defaults=pc_defaults(papercut), diff=True, verbosity=3, env={
        "TEST_USER_PASSWORD": "Int3rnal-Passw0rd-9", "TEST_CARD_PIN": "80417", "TEST_NEW_PIN": "91573",
        "TEST_SMTP_PASSWORD": "Smtp-Secret-77", "TEST_WRONG_TOKEN": "Wrong-Token-31337",
        "TEST_CARD_NUMBER": "04A2B3C4D5", "TEST_NEW_CARD_NUMBER": "04A2B3C4E6"})
    assert run.task("create").changed and run.task("new pin").changed
    # badge numbers: masked in results and diffs, the change still visible
    assert run.task("create")["user"]["primary_card_number"] == "****C4D5"
    assert run.task("new card")["diff"]["before"]["primary_card_number"] == "****C4D5"
    assert run.task("new card")["diff"]["after"]["primary_card_number"] == "****C4E6"
    cards = run.task("cards")["users"][0]
    assert (cards["primary_card_number"], cards["secondary_card_number"]) == ("****C4E6", "****1234")
    assert cards["properties"] == {"primary-card-number": "****C4E6"}
    assert papercut.state()["users"]["alice"]["properties"]["primary-card-number"] == "04A2B3C4E6"
    assert run.task("echoed").failed and "********" in run.task("echoed")["msg"]
    assert run.task("wrong token").failed
    assert papercut.state()["users"]["alice"]["properties"]["card-pin"] == "91573"
    # the harness scanned stdout, stderr, results and diffs for all of the above; say so explicitly too
    assert DEFAULT_TOKEN not in run.stdout + run.stderr and "-vvv" in " ".join(run.command)


def test_printix_secrets_stay_hidden_at_vvv_with_diff_and_server_echoes(ansible, printix):
    printix.seed({"users": [{"email": "jane@example.com", "fullName": "Jane", "role": "USER"}]})
    card = {"user": "jane@example.com", "card_number": env("TEST_CARD_SECRET")}
    guest = {"email": "vera@partner.example", "full_name": "Vera", "pin": env("TEST_GUEST_PIN"),
             "password": env("TEST_GUEST_PASSWORD")}
    tasks = [
        # first: the echoing fault answers exactly its 4 attempts (1 + 3 retries)
        {"name": "echoed", NS + "printix_card_info": {"user": "jane@example.com"}, "ignore_errors": True},
        {"name": "card check", NS + "printix_card": card, "check_mode": True},
        {"name": "card", NS + "printix_card": card},
        {"name": "card info", NS + "printix_card_info": {"card_number": env("TEST_CARD_SECRET")}},
        {"name": "guest", NS + "printix_user": guest,
         "module_defaults": px_defaults(printix, client_id="sim-usermanager",
                                        printix_client_secret=env("TEST_USER_SECRET"))},
    ]
    printix.fault("http_status", count=4, method="list_users", status=500,
                  body="client_secret=%s&grant_type=client_credentials Bearer abc.def" % ALL_SECRETS[0])
    run = ansible.run_tasks(tasks, module_defaults=px_defaults(printix), diff=True, verbosity=3, env={
        "TEST_PRINTIX_SECRET": ALL_SECRETS[0], "TEST_USER_SECRET": USER_SECRET, "TEST_CARD_SECRET": "04AABBCCDD1122",
        "TEST_GUEST_PIN": "4826", "TEST_GUEST_PASSWORD": "Guest-Passw0rd-5"})
    assert run.task("card").changed and run.task("guest").changed, run.describe()
    assert run.task("echoed").failed


def test_savapage_secrets_stay_hidden_at_vvv_with_diff_and_server_echoes(ansible, savapage):
    savapage.seed({"accounts": [{"type": "USER", "name": "rijk", "balance": 1}], "user_source": {"john": "Ldap-Pw-123"}})
    tasks = [
        # first: the echoing fault answers exactly its 4 attempts (1 + 3 retries)
        {"name": "echoed", NS + "savapage_balance_info": {"name": ["rijk"]}, "ignore_errors": True},
        {"name": "balance", NS + "savapage_balance": {"name": "rijk", "balance": 4}},
        {"name": "token", NS + "savapage_login_token": {"username": "rijk", "ttp_api_key": env("TEST_TTP_KEY")}},
        {"name": "auth", NS + "savapage_info": {"auth_username": "john", "auth_password": env("TEST_LDAP_PASSWORD")}},
        {"name": "wrong password", NS + "savapage_balance_info": {
            "name": ["rijk"], "savapage_password": env("TEST_WRONG_PASSWORD")}, "ignore_errors": True},
    ]
    savapage.fault("http_status", count=4, method="balance.get", status=500,
                   body="Authorization: Basic YWRtaW46c2ltLWFkbWluLVBhc3N3MHJk password=%s" % SAVAPAGE_SECRETS[0])
    run = ansible.run_tasks(tasks, module_defaults=savapage_defaults(savapage), diff=True, verbosity=3, env={
        "TEST_TTP_KEY": SAVAPAGE_SECRETS[2], "TEST_LDAP_PASSWORD": "Ldap-Pw-123", "TEST_WRONG_PASSWORD": "Wr0ng-Pw-9"})
    assert run.task("balance").changed and run.task("token")["token"]
    assert run.task("echoed").failed and run.task("wrong password").failed
    assert "YWRtaW46c2ltLWFkbWluLVBhc3N3MHJk" not in run.stdout + run.stderr
