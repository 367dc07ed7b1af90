# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Bad input catalogue: every module refuses bad input through fail_json, naming the option or object.

Table-driven, across every module of the three products: wrong types, empty names,
unknown choices, values the server rejects, mutually exclusive options, missing
required options, unreachable URLs and URLs of something that is not the product.
One ansible-playbook run per product (every case a task with ignore_errors), so the
whole catalogue costs three runs. Each case must: fail, with a message holding every
expected phrase, without a traceback, without module_stderr, and without a secret.
"""

from __future__ import annotations


from fixtures_printix import CARD_SECRET, USER_SECRET, px_defaults
from fixtures_savapage import SAVAPAGE_SECRETS, savapage_defaults
from pc_helpers import defaults as pc_defaults

from ansible_collections.printops.print_management.tests.simulators.papercut import DEFAULT_TOKEN

NS = "printops.print_management."
UNREACHABLE = "http://127.0.0.1:9"  # discard port: nothing listens there
# what YAML makes of an unquoted 01234567: the int 342391 (from the environment, see the cases)
CARD_AS_NUMBER = "{{ lookup('ansible.builtin.env', 'TEST_CARD_AS_NUMBER') | int }}"

# (case id, module, args, phrases the message must hold)
PAPERCUT = [
    ("pc-user-no-name", "papercut_user", {}, ["one of the following is required", "username", "users"]),
    ("pc-user-empty-name", "papercut_user", {"username": ""}, ["username"]),
    ("pc-user-balance-and-adjust", "papercut_user", {"username": "u", "balance": 1, "adjust_balance": 2},
     ["mutually exclusive", "balance", "adjust_balance"]),
    ("pc-user-balance-not-a-number", "papercut_user", {"username": "u", "balance": "lots"}, ["balance", "float"]),
    ("pc-user-pin-rejected", "papercut_user",
     {"username": "u", "card_pin": "{{ lookup('ansible.builtin.env', 'TEST_PIN') }}", "update_pin": "always"},
     ["'u'", "PIN is invalid"]),
    ("pc-user-unknown-choice", "papercut_user", {"username": "u", "state": "gone"}, ["state", "present", "gone"]),
    ("pc-user-timeout-zero", "papercut_user", {"username": "u", "timeout": 0}, ["timeout must be a positive"]),
    ("pc-user-timeout-type", "papercut_user", {"username": "u", "timeout": "soon"}, ["timeout", "int"]),
    ("pc-user-bulk-item-without-name", "papercut_user", {"users": [{"username": "a"}, {"notes": "x"}]},
     ["username"]),
    ("pc-user-unknown-option", "papercut_user", {"username": "u", "colour": "blue"}, ["colour"]),
    ("pc-user-unreachable-url", "papercut_user", {"username": "u", "papercut_url": UNREACHABLE},
     ["Cannot connect", "127.0.0.1"]),
    ("pc-user-not-papercut-url", "papercut_user", {"username": "u", "papercut_url": "{{ pc_url }}/web"},
     ["does not look like a PaperCut XML-RPC API", "papercut_url"]),
    ("pc-user-not-an-http-url", "papercut_user", {"username": "u", "papercut_url": "papercut.example.edu:9192"},
     ["papercut_url must be an http(s) URL"]),
    ("pc-group-unknown-state", "papercut_group", {"name": "Staff", "state": "gone"}, ["state", "gone"]),
    ("pc-group-empty-name", "papercut_group", {"name": ""}, ["name"]),
    ("pc-group-quota-type", "papercut_group", {"name": "Staff", "quota": {"amount": "lots"}}, ["amount", "float"]),
    ("pc-printer-printer-without-server", "papercut_printer", {"printer": "lib-1"}, ["server", "printer"]),
    ("pc-printer-printer-and-device", "papercut_printer", {"server": "s", "printer": "p", "device": "d"},
     ["mutually exclusive", "device"]),
    ("pc-printer-unknown-cost-model", "papercut_printer", {"server": "srv", "printer": "lib-1", "cost_model": "WEIRD"},
     ["cost_model must be one of", "WEIRD"]),
    ("pc-printer-unknown-printer", "papercut_printer", {"server": "srv", "printer": "nowhere", "enabled": False},
     ["nowhere"]),
    ("pc-task-unknown-task", "papercut_task", {"task": "defragment"}, ["task", "defragment"]),
    ("pc-task-zero-timeout", "papercut_task", {"task": "group_sync", "wait_timeout": 0},
     ["wait_timeout", "positive"]),
    ("pc-config-empty-name", "papercut_config", {"name": " ", "value": "x"}, ["name must not be empty"]),
    ("pc-printer-group-bad-state-field", "printer_group",
     {"server": "srv", "printer": "lib-1", "groups": ["A"], "state_field": "custom-field-99"},
     ["state_field must be one of", "custom-field-99"]),
    ("pc-printer-group-nothing-to-manage", "printer_group", {"server": "srv", "printer": "lib-1"},
     ["groups", "access_groups"]),
    ("pc-shared-name-and-accounts", "shared_account", {"name": "A", "accounts": [{"name": "B"}]},
     ["mutually exclusive", "name", "accounts"]),
    ("pc-shared-balance-type", "shared_account", {"name": "A", "balance": "ten"}, ["balance", "float"]),
    ("pc-user-info-secret-property", "papercut_user_info", {"username": "u", "properties": ["card-pin"]},
     ["card-pin", "never returned"]),
    ("pc-user-info-unknown-field", "papercut_user_info", {"fields": ["shoe_size"]}, ["fields", "shoe_size"]),
    ("pc-printer-info-printer-without-server", "papercut_printer_info", {"printer": "lib-1"}, ["server", "printer"]),
    ("pc-shared-info-pin", "shared_account_info", {"properties": ["pin"]}, ["PIN is never returned"]),
    ("pc-group-info-unknown-option", "papercut_group_info", {"name": "Staff", "members": True}, ["members"]),
    # issue 15 "silently wrong" and issue 18 "errors that say where" (the in-process catalogue,
    # tests/unit/plugins/modules/test_bad_input.py, holds every case; these prove the same through ansible-playbook)
    ("pc-user-balance-true", "papercut_user", {"username": "u", "balance": True}, ["balance", "boolean"]),
    ("pc-user-balance-nan", "papercut_user", {"username": "u", "balance": float("nan")}, ["balance", "finite"]),
    ("pc-user-balance-1e308", "papercut_user", {"username": "u", "balance": 1e308}, ["balance", "between"]),
    ("pc-user-property-null", "papercut_user", {"username": "u", "properties": {"home": None}},
     ["properties.home", "null"]),
    ("pc-user-property-list", "papercut_user", {"username": "u", "properties": {"home": [1, 2]}},
     ["properties.home", "list"]),
    ("pc-user-name-no", "papercut_user", {"username": False}, ["username", "boolean", "quote"]),
    ("pc-user-name-newline", "papercut_user", {"username": "jo\nsmith"}, ["username", "U+000A"]),
    ("pc-user-name-rlo", "papercut_user", {"username": "invoice\u202efdp.exe"}, ["username", "U+202E"]),
    ("pc-user-name-100000", "papercut_user", {"username": "x" * 100000}, ["username", "255"]),
    # a card number is a credential: never a playbook literal (ansible-playbook quotes the lines of a failed task)
    ("pc-user-card-octal", "papercut_user", {"username": "u", "primary_card_number": CARD_AS_NUMBER},
     ["primary_card_number", "Quote it"]),
    ("pc-user-concurrency-100000", "papercut_user", {"users": [{"username": "u"}], "concurrency": 100000},
     ["concurrency", "between 1 and 64"]),
    ("pc-user-bulk-typo", "papercut_user", {"users": [{"username": "a"}, {"username": "b", "balence": 1}]},
     ["users[1]", "username 'b'", "balence", "did you mean 'balance'"]),
    ("pc-user-bulk-not-a-number", "papercut_user", {"users": [{"username": "a", "balance": "12,50"}]},
     ["users[0]", "username 'a'", "'12,50'"]),
    ("pc-shared-trailing-backslash", "shared_account", {"name": "Dept\\"}, ["empty part"]),
    ("pc-group-member-balance-true", "papercut_group", {"name": "Staff", "member_balance": True},
     ["member_balance", "boolean"]),
    ("pc-group-name-nul", "papercut_group", {"name": "Staff\u0000"}, ["name", "U+0000"]),
    ("pc-config-name-newline", "papercut_config", {"name": "a\nb", "value": "x"}, ["name", "U+000A"]),
    ("pc-printer-disable-minutes-2-40", "papercut_printer",
     {"server": "srv", "printer": "lib-1", "enabled": False, "disable_minutes": 1099511627776},
     ["disable_minutes", "at most"]),
    ("pc-task-poll-nan", "papercut_task", {"task": "group_sync", "poll_interval": float("nan")},
     ["poll_interval", "positive"]),
]

PRINTIX = [
    ("px-card-no-number", "printix_card", {}, ["one of the following is required", "card_number", "cards"]),
    ("px-card-number-and-cards", "printix_card", {"card_number": "0412", "cards": [{"card_number": "1"}]},
     ["mutually exclusive", "card_number", "cards"]),
    ("px-card-unknown-encoding", "printix_card", {"card_number": "0412", "card_encoding": "hex", "user": "a@x.edu"},
     ["card_encoding", "hex"]),
    ("px-card-unknown-user", "printix_card", {"card_number": "0412", "user": "nobody@example.edu"},
     ["nobody@example.edu"]),
    ("px-card-info-nothing", "printix_card_info", {}, ["one of the following is required", "user", "card_number"]),
    ("px-user-empty-email", "printix_user", {"email": ""}, ["email"]),
    ("px-user-short-pin", "printix_user", {"email": "g@partner.example", "full_name": "G", "pin": "12"},
     ["4 digits"]),
    ("px-user-info-query-and-email", "printix_user_info", {"query": "a", "email": "b@x.edu"},
     ["mutually exclusive", "query", "email"]),
    ("px-user-info-unknown-role", "printix_user_info", {"roles": ["ADMIN"]}, ["roles", "ADMIN"]),
    ("px-group-without-external-id", "printix_group", {"name": "Lab"}, ["'Lab'", "external_id is required"]),
    ("px-group-unknown-state", "printix_group", {"name": "Lab", "state": "gone"}, ["state", "gone"]),
    ("px-print-unknown-duplex", "printix_print", {"path": "/etc/hostname", "printer_id": "p", "queue_id": "q",
                                                  "duplex": "SIDEWAYS"}, ["duplex", "SIDEWAYS"]),
    ("px-print-copies-type", "printix_print", {"path": "/etc/hostname", "printer_id": "p", "queue_id": "q",
                                               "copies": "many"}, ["copies", "int"]),
    ("px-group-info-negative-rate-limit", "printix_group_info", {"rate_limit_timeout": -1},
     ["rate_limit_timeout must be zero or a positive"]),
    ("px-group-info-unreachable", "printix_group_info",
     {"printix_api_url": UNREACHABLE + "/cloudprint", "printix_token_url": UNREACHABLE + "/oauth/token"},
     ["Cannot connect", "token"]),
    ("px-group-info-not-printix-url", "printix_group_info", {"printix_api_url": "{{ px_url }}/not-printix"},
     ["printix_api_url"]),
    ("px-group-info-wrong-secret", "printix_group_info",
     {"printix_client_secret": "{{ lookup('ansible.builtin.env', 'TEST_PRINTIX_WRONG') }}"},
     ["refused the client credentials", "printix_client_secret"]),
    ("px-card-info-wrong-area", "printix_card_info",
     {"card_number": "{{ lookup('ansible.builtin.env', 'TEST_CARD') }}"}, ["Card Manager", "denied"]),
    ("px-printer-info-timeout-type", "printix_printer_info", {"timeout": "soon"}, ["timeout", "int"]),
    ("px-group-empty-name", "printix_group", {"name": ""}, ["name must not be empty"]),
    ("px-card-octal", "printix_card", {"card_number": CARD_AS_NUMBER, "user": "a@x.edu"},
     ["card_number", "Quote it"]),
    ("px-card-bulk-typo", "printix_card", {"cards": [{"card_number": "1", "usr": "a@x.edu"}]},
     ["cards[0]", "usr", "did you mean 'user'"]),
]

SAVAPAGE = [
    ("sp-balance-no-name", "savapage_balance", {}, ["one of the following is required", "name", "accounts"]),
    ("sp-balance-and-adjust", "savapage_balance", {"name": "rijk", "balance": 1, "adjust": 2},
     ["mutually exclusive", "balance", "adjust"]),
    ("sp-unknown-account-type", "savapage_balance", {"name": "rijk", "account_type": "PERSONAL", "balance": 1},
     ["account_type", "PERSONAL"]),
    ("sp-balance-not-a-number", "savapage_balance", {"name": "rijk", "balance": "ten"}, ["balance", "float"]),
    ("sp-unknown-account", "savapage_balance", {"name": "nobody", "balance": 1}, ["'nobody'", "no such account", "nothing was changed"]),
    ("sp-empty-name", "savapage_balance", {"name": "", "balance": 1}, ["name"]),
    ("sp-bulk-item-without-name", "savapage_balance", {"accounts": [{"balance": 1}]}, ["name"]),
    ("sp-info-user-without-password", "savapage_info", {"auth_username": "john"},
     ["auth_username", "auth_password"]),
    ("sp-balance-info-no-name", "savapage_balance_info", {}, ["name"]),
    ("sp-token-no-username", "savapage_login_token", {"ttp_api_key": "{{ lookup('ansible.builtin.env', 'TEST_TTP') }}"},
     ["username"]),
    ("sp-report-unknown-media-type", "savapage_report", {"dest": "/tmp/never-written.xls", "media_type": "XLS"},
     ["media_type", "XLS"]),
    ("sp-report-unknown-trx-type", "savapage_report", {"dest": "/tmp/never-written.csv", "trx_type": "REFUND"},
     ["trx_type", "REFUND"]),
    ("sp-unreachable-url", "savapage_balance", {"name": "rijk", "balance": 1, "savapage_url": "https://127.0.0.1:9"},
     ["Cannot connect"]),
    ("sp-not-savapage-url", "savapage_balance", {"name": "rijk", "balance": 1, "savapage_url": "{{ pc_url }}",
                                                 "ca_path": None},
     ["does not look like a SavaPage server", "savapage_url"]),
    ("sp-url-without-scheme", "savapage_balance", {"name": "rijk", "balance": 1,
                                                   "savapage_url": "savapage.example.edu:8632"}, ["savapage_url"]),
    ("sp-balance-true", "savapage_balance", {"name": "rijk", "balance": True}, ["balance", "boolean"]),
    ("sp-balance-inf", "savapage_balance", {"name": "rijk", "adjust": float("inf")}, ["adjust", "finite"]),
    ("sp-bulk-balance-true", "savapage_balance", {"accounts": [{"name": "rijk", "balance": True}]},
     ["accounts[0]", "name 'rijk'", "boolean"]),
    ("sp-report-dest-empty", "savapage_report", {"dest": ""}, ["dest", "empty"]),
]


def _tasks(cases):
    return [{"name": case_id, NS + module: args, "ignore_errors": True} for case_id, module, args, _p in cases]


def _check(run, cases, secrets):
    output = run.stdout + run.stderr
    assert "Traceback" not in output, output
    assert "An exception occurred" not in output, output
    outcomes = {}
    for case_id, module, _args, phrases in cases:
        result = run.task(case_id)
        problems = []
        if not result.failed:
            problems.append("did not fail")
        msg = result.get("msg") or ""
        problems += ["message lacks %r" % p for p in phrases if p not in msg]
        # ansible-core 2.19 always adds exception="(traceback unavailable)" to a failure
        if "module_stderr" in result or "Traceback" in str(result.get("exception") or ""):
            problems.append("traceback in the result")
        problems += ["secret in the message" for s in secrets if s in msg]
        outcomes[case_id] = (module, problems, msg)
    bad = dict((k, v) for k, v in outcomes.items() if v[1])
    assert not bad, "\n".join("%s (%s): %s\n    msg: %s" % (k, v[0], "; ".join(v[1]), v[2]) for k, v in bad.items())
    return outcomes


def test_catalogue_has_at_least_40_cases_covering_every_module():
    cases = PAPERCUT + PRINTIX + SAVAPAGE
    assert len(cases) >= 40
    assert len(set(c[0] for c in cases)) == len(cases)
    import os
    modules = set(name[:-3] for name in os.listdir(os.path.join(os.path.dirname(__file__), "..", "..",
                                                                "plugins", "modules")) if name.endswith(".py"))
    modules.discard("__init__")
    assert modules - set(c[1] for c in cases) == set()


def test_papercut_modules_refuse_bad_input_cleanly(ansible, papercut):
    papercut.seed({"users": [{"username": "u"}, {"username": "other", "card-pin": "1234"}], "groups": ["Staff"],
                   "printers": [{"server": "srv", "printer": "lib-1"}]})
    # a secret never as a playbook literal: ansible-playbook quotes playbook lines around a failed task
    run = ansible.run_tasks(_tasks(PAPERCUT), module_defaults=pc_defaults(papercut),
                            env={"TEST_PIN": "12ab", "TEST_CARD_AS_NUMBER": "342391"},
                            extra_vars={"pc_url": papercut.sim.url})
    _check(run, PAPERCUT, [DEFAULT_TOKEN])
    # the server refused the one write it was sent (the PIN), nothing was applied
    assert [c["method"] for c in papercut.writes() if c["ok"]] == []


def test_printix_modules_refuse_bad_input_cleanly(ansible, printix):
    # a tenant has users: a card lookup's 403 is checked against one of them (Card Manager credentials or not)
    printix.seed({"users": [{"email": "someone@example.edu", "role": "USER"}]})
    run = ansible.run_tasks(_tasks(PRINTIX), module_defaults=px_defaults(printix, client_id="sim-usermanager"),
                            env={"TEST_PRINTIX_SECRET": USER_SECRET, "TEST_PRINTIX_WRONG": "Wr0ng-Printix-Secret",
                                 "TEST_CARD": "04A1B2C3D4", "TEST_CARD_AS_NUMBER": "342391"},
                            extra_vars={"px_url": printix.sim.url})
    _check(run, PRINTIX, [USER_SECRET, CARD_SECRET, "Wr0ng-Printix-Secret"])
    assert [c for c in printix.writes() if c["ok"]] == []


def test_savapage_modules_refuse_bad_input_cleanly(ansible, savapage, papercut, tmp_path):
    savapage.seed({"accounts": [{"type": "USER", "name": "rijk", "balance": 5}]})
    run = ansible.run_tasks(_tasks(SAVAPAGE), module_defaults=savapage_defaults(savapage),
                            extra_vars={"pc_url": papercut.sim.url}, env={"TEST_TTP": SAVAPAGE_SECRETS[2]})
    _check(run, SAVAPAGE, SAVAPAGE_SECRETS)
    assert [c for c in savapage.writes() if c["ok"]] == []


# What YAML itself does to unquoted values, written as a user writes them (not through yaml.safe_dump).
RAW_TASKS = """
    - name: yaml-octal-card
      printops.print_management.papercut_user: {username: u, primary_card_number: 01234567}
      ignore_errors: true
    - name: yaml-lost-zeros-card
      printops.print_management.papercut_user: {username: u, primary_card_number: 00123456}
      ignore_errors: true
    - name: yaml-no-username
      printops.print_management.papercut_user: {username: no}
      ignore_errors: true
    - name: yaml-true-balance
      printops.print_management.papercut_user: {username: u, balance: true}
      ignore_errors: true
    - name: yaml-nan-balance
      printops.print_management.papercut_user: {username: u, balance: .nan}
      ignore_errors: true
    - name: yaml-null-property
      printops.print_management.papercut_user: {username: u, properties: {home: }}
      ignore_errors: true
    - name: yaml-bulk-typo
      printops.print_management.papercut_user:
        users:
          - {username: a}
          - {username: b, balence: 1}
      ignore_errors: true
    - name: yaml-zero-adjustment
      printops.print_management.papercut_user: {username: u, adjust_balance: 0}
"""
RAW_EXPECTED = {
    "yaml-octal-card": ["primary_card_number", "Quote it"],
    "yaml-lost-zeros-card": ["primary_card_number", "Quote it"],
    "yaml-no-username": ["username", "boolean", "quote"],
    "yaml-true-balance": ["balance", "boolean"],
    "yaml-nan-balance": ["balance", "finite"],
    "yaml-null-property": ["properties.home", "null"],
    "yaml-bulk-typo": ["users[1]", "username 'b'", "balence"],
}


def test_values_yaml_changed_are_refused_as_the_user_wrote_them(ansible, papercut, tmp_path):
    import yaml

    papercut.seed({"users": [{"username": "u", "balance": 5.0}]})
    head = yaml.safe_dump([{"name": "raw", "hosts": "localhost", "gather_facts": False,
                            "module_defaults": pc_defaults(papercut)}], sort_keys=False)
    playbook = tmp_path / "raw.yml"
    playbook.write_text(head + "  tasks:" + RAW_TASKS)
    run = ansible.run_playbook(str(playbook))
    cases = [(name, "papercut_user", {}, phrases) for name, phrases in RAW_EXPECTED.items()]
    _check(run, cases, [DEFAULT_TOKEN])
    zero = run.task("yaml-zero-adjustment")
    assert not zero.failed and not zero.changed, zero
    assert papercut.writes() == [], "nothing may be written, not even a zero transaction"
    assert papercut.state()["users"]["u"]["balance"] == 5.0


def test_onboarding_refuses_what_yaml_changed_before_any_call(ansible, papercut, printix, savapage, tmp_path):
    import yaml
    from fixtures_roles import ROLE_ENV, all_calls, all_defaults

    printix.configure(burst=0)
    ansible.env.update(ROLE_ENV)
    systems = (papercut, printix, savapage)
    head = yaml.safe_dump([{"name": "raw", "hosts": "localhost", "gather_facts": False,
                            "module_defaults": all_defaults(systems)}], sort_keys=False)
    cases = {
        "initial-balance-true": ("{username: jo, initial_balance: true}", ["jo: True", "balances must be amounts"]),
        "initial-balance-nan": ("{username: jo, initial_balance: .nan}", ["jo: nan", "balances must be amounts"]),
        "initial-balance-1e309": ("{username: jo, initial_balance: 1e309}", ["balances must be amounts"]),
        "username-no": ("{username: no, email: n@example.edu}", ["username False", "quote"]),
        "card-octal": ("{username: jo, email: jo@example.edu, card_number: 01234567}", ["card_number of jo", "quote"]),
    }
    for case, (person, phrases) in sorted(cases.items()):
        playbook = tmp_path / ("%s.yml" % case)
        playbook.write_text(head + "  tasks:\n    - include_role: {name: printops.print_management.onboarding}\n"
                            "      vars:\n        onboarding_people:\n          - %s\n" % person)
        run = ansible.run_playbook(str(playbook))
        assert not run.ok, (case, run.stdout)
        failed = [r for r in run.results if r.failed][-1]
        message = str(failed.get("msg")) + str(failed.get("argument_errors", ""))
        for phrase in phrases:
            assert phrase in message, (case, message)
        assert "Traceback" not in run.stdout + run.stderr
        assert all_calls(systems) == {"papercut": [], "printix": [], "savapage": []}, case


def test_term_start_refuses_a_boolean_balance_or_quota_before_any_write(ansible, papercut, tmp_path):
    import yaml

    papercut.seed({"groups": ["Staff"], "users": [{"username": "u", "balance": 5.0, "groups": ["Staff"]}]})
    head = yaml.safe_dump([{"name": "raw", "hosts": "localhost", "gather_facts": False,
                            "module_defaults": pc_defaults(papercut)}], sort_keys=False)
    for case, role_vars, phrase in (
            ("balance-true", "term_start_group_balances: [{group: Staff, balance: true}]", "term_start_group_balances for ['Staff']"),
            ("quota-true", "term_start_quotas: [{group: Staff, amount: yes}]", "term_start_quotas for ['Staff']")):
        playbook = tmp_path / ("%s.yml" % case)
        playbook.write_text(head + "  tasks:\n    - include_role: {name: printops.print_management.term_start}\n"
                            "      vars: {%s}\n" % role_vars)
        run = ansible.run_playbook(str(playbook))
        assert not run.ok, (case, run.stdout)
        failed = [r for r in run.results if r.failed][-1]
        messages = " ".join(str(item.get("msg")) for item in failed.get("results") or [failed])
        assert phrase in messages and "boolean" in messages, (case, failed)
        assert "Traceback" not in run.stdout + run.stderr
        assert papercut.writes() == [], case
    assert papercut.state()["users"]["u"]["balance"] == 5.0
