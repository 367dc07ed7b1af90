# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""savapage_balance, savapage_balance_info, savapage_info and savapage_report end to end: real
ansible-playbook against the HTTPS SavaPage simulator (self-signed certificate passed as ca_path).

Server state is always checked through the simulator's inspection API, never through the module under test.
"""

from __future__ import annotations

import csv
import io

import pytest

from fixtures_savapage import SAVAPAGE_SECRETS, savapage_defaults

from ansible_collections.printops.print_management.tests.simulators.fixtures import SAVAPAGE_RELEASES

# the balance tests run against both readings of the balance POST (tests/simulators/README.md):
# "1.6" (seed 002 C.2.3.2.8: adjust, details, result) and "1.5" (the 1.5.0 server source: always sets, no result)
BOTH = pytest.mark.parametrize("savapage", SAVAPAGE_RELEASES, indirect=True)

M = "printops.print_management.savapage_balance"
INFO = "printops.print_management.savapage_balance_info"
SYS = "printops.print_management.savapage_info"
REPORT = "printops.print_management.savapage_report"
WRONG = "Wr0ng-Secret-value"
LDAP_PASSWORD = "Ldap-Passw0rd-42"


def task(args, name="t", module=M, **extra):
    t = {"name": name, module: args}
    t.update(extra)
    return t


def balance(sim, name, kind="USER"):
    return sim.state()["accounts"][kind][name]["balance"]


def writes(sim):
    return [(c["method"], c["args"]) for c in sim.writes()]


def adjust_requests(sim):
    """Every balance POST that carried adjust, whatever the server made of it."""
    return [c for c in sim.calls() if c["method"].startswith("balance.") and "adjust" in c["args"]]


def is_15(sim):
    return sim.sim.release == "1.5"


def assert_clean_failure(run, *phrases, secrets=(), result=None):
    run.assert_clean_failure(*phrases, secrets=list(SAVAPAGE_SECRETS) + list(secrets), result=result)


@BOTH
def test_set_then_unchanged_then_adjust_applied_exactly_once(ansible, savapage):
    savapage.seed({"accounts": [{"type": "USER", "name": "rijk", "balance": 9.26}]})
    wanted = {"name": "rijk", "balance": 10.0, "details": "term credit"}
    adjust = {"name": "rijk", "adjust": 2.5, "details": "refund"}
    old = is_15(savapage)
    savapage.clear_calls()
    # one playbook, tasks in DESIGN's order; the call log proves which of them wrote
    adjusting = dict(ignore_errors=True) if old else {}
    run = ansible.run_tasks([task(wanted, name="check", check_mode=True), task(wanted, name="set"),
                             task(wanted, name="again"), task(wanted, name="check again", check_mode=True),
                             task(adjust, name="check adjust", check_mode=True, **adjusting),
                             task(adjust, name="adjust", **adjusting),
                             task(dict(adjust, adjust=-1.25), name="adjust down", **adjusting)],
                            module_defaults=savapage_defaults(savapage), diff=True)
    if not old:
        run.assert_ok()
    check = run.task("check")
    assert check.changed and (check["balance_before"], check["balance_after"]) == (9.26, 10.0)
    result = run.task("set")
    assert result.changed and result["operation"] == "set", "check mode must not have written"
    assert (result["balance_before"], result["balance_after"]) == (9.26, 10.0)
    assert result["diff"] == {"before": {"balance": 9.26}, "after": {"balance": 10.0}}
    for name in ("again", "check again"):
        assert not run.task(name).changed and run.task(name)["operation"] == "none", run.task(name)
    if old:
        # SavaPage 1.5 would SET the balance to 2.50: refused before anything was sent, in check mode too
        for name in ("check adjust", "adjust", "adjust down"):
            assert_clean_failure(run, "USER account 'rijk'", "SavaPage 1.5.0", "does not honour adjust",
                                 "balance option", result=run.task(name))
        assert adjust_requests(savapage) == []
        assert writes(savapage) == [("balance.set", {"type": "USER", "name": "rijk", "amount": "10.00",
                                                     "details": "term credit"})]
        assert balance(savapage, "rijk") == 10.0
        return
    assert run.task("check adjust").changed and run.task("check adjust")["balance_after"] == 12.5
    assert run.task("adjust").changed and run.task("adjust")["operation"] == "adjust"
    assert (run.task("adjust")["balance_before"], run.task("adjust")["balance_after"]) == (10.0, 12.5)
    assert run.task("adjust down")["balance_after"] == 11.25
    assert writes(savapage) == [
        ("balance.set", {"type": "USER", "name": "rijk", "amount": "10.00", "details": "term credit"}),
        ("balance.adjust", {"type": "USER", "name": "rijk", "amount": "2.50", "details": "refund", "adjust": "true"}),
        ("balance.adjust", {"type": "USER", "name": "rijk", "amount": "-1.25", "details": "refund", "adjust": "true"}),
    ], "one set, then each adjustment exactly once; check mode and the unchanged re-run wrote nothing"
    assert balance(savapage, "rijk") == 11.25
    trx = [(t["trx_type"], t["amount"], t["comment"]) for t in savapage.state()["transactions"]]
    assert trx[-2:] == [("ADJUST", 2.5, "refund"), ("ADJUST", -1.25, "refund")]


@BOTH
def test_server_answer_amount_identical_counts_as_unchanged(ansible, savapage):
    savapage.seed({"accounts": [{"type": "SHARED", "name": "Physics", "balance": 5.0}]})
    # a server whose rounding differs from ours still answers "identical": that is no change, not a failure
    savapage.fault("succes_false", method="balance.set", error="amount identical to current balance.")
    run = ansible.run_tasks([task({"account_type": "SHARED", "name": "Physics", "balance": 6.0})],
                            module_defaults=savapage_defaults(savapage)).assert_ok()
    assert not run.task("t").changed and run.task("t")["balance_after"] == 5.0
    assert balance(savapage, "Physics", "SHARED") == 5.0


def test_lost_answer_to_an_adjustment_fails_without_resending(ansible, savapage):
    savapage.seed({"accounts": [{"type": "USER", "name": "rijk", "balance": 10.0}]})
    savapage.fault("drop_after", method="balance.adjust")
    run = ansible.run_tasks([task({"name": "rijk", "adjust": 5.0}, name="adjust", ignore_errors=True),
                             # the safe way to converge: an exact balance
                             task({"name": "rijk", "balance": 15.0}, name="converge")],
                            module_defaults=savapage_defaults(savapage))
    assert_clean_failure(run, "USER account 'rijk'", "may or may not have applied", "not re-sent",
                         "may have been applied", "savapage_report", result=run.task("adjust"))
    # the money may have moved: the result says so in changed
    assert run.task("adjust")["changed"] is True and run.task("adjust")["uncertain"] is True
    assert "nothing was changed" not in run.task("adjust")["msg"].lower()
    assert not run.task("converge").failed and not run.task("converge").changed
    assert balance(savapage, "rijk") == 15.0
    assert len([c for c in savapage.calls() if c["method"] == "balance.adjust"]) == 1


@BOTH
def test_default_validate_certs_without_ca_fails_clearly(ansible, savapage):
    savapage.seed({"accounts": [{"type": "USER", "name": "rijk", "balance": 1.0}]})
    run = ansible.run_tasks([task({"name": "rijk", "balance": 2.0}, name="no ca", ignore_errors=True),
                             # validate_certs=false is the documented (riskier) way out
                             task({"name": "rijk", "balance": 3.0, "validate_certs": False}, name="no check")],
                            module_defaults=savapage_defaults(savapage, ca=False))
    assert_clean_failure(run, "TLS verification failed", "ca_path", "self-signed", result=run.task("no ca"))
    assert not run.task("no check").failed
    assert writes(savapage) == [("balance.set", {"type": "USER", "name": "rijk", "amount": "3.00"})]


def test_report_writes_a_csv_of_the_transactions_and_is_unchanged_when_nothing_happened(ansible, savapage, tmp_path):
    savapage.seed({"accounts": [{"type": "USER", "name": "rijk", "balance": 0}, {"type": "USER", "name": "other"}]})
    dest = tmp_path / "rijk.csv"
    report = {"account_name": "rijk", "dest": str(dest)}
    run = ansible.run_tasks([task({"name": "rijk", "balance": 20.0, "details": "start"}, name="set"),
                             task({"name": "rijk", "adjust": -3.5, "details": "jammed printer"}, name="adjust"),
                             task({"name": "other", "adjust": 1.0, "details": "not rijk"}, name="other"),
                             task(dict(report, dest=str(tmp_path / "check.csv")), module=REPORT, name="check",
                                  check_mode=True),
                             task(report, module=REPORT, name="report"),
                             task(report, module=REPORT, name="again"),
                             task({"name": "rijk", "adjust": 1.0, "details": "new"}, name="adjust again"),
                             task(report, module=REPORT, name="after new"),
                             task(dict(report, media_type="PDF", dest=str(tmp_path)), module=REPORT, name="pdf")],
                            module_defaults=savapage_defaults(savapage)).assert_ok()
    assert run.task("check").changed and not (tmp_path / "check.csv").exists(), "check mode writes nothing"
    assert run.task("report").changed and not run.task("again").changed and run.task("after new").changed
    rows = list(csv.DictReader(io.StringIO(dest.read_text())))
    assert [(r["Account"], r["Transaction"], r["Amount"], r["Balance"], r["Comment"]) for r in rows] == [
        ("rijk", "ADJUST", "20.000000", "20.000000", "start"),
        ("rijk", "ADJUST", "-3.500000", "16.500000", "jammed printer"),
        ("rijk", "ADJUST", "1.000000", "17.500000", "new")]
    assert run.task("after new")["size"] == len(dest.read_bytes())
    assert (tmp_path / "AccountTrxList.pdf").read_bytes().startswith(b"%PDF")
    assert writes(savapage) and all(m.startswith("balance.") for m, _args in writes(savapage)), "reports never write"


@BOTH
def test_bulk_form_reports_every_account_and_fails_after_processing_the_others(ansible, savapage):
    savapage.seed({"accounts": [{"type": "USER", "name": "u%d" % i, "balance": 1.0} for i in range(5)]
                   + [{"type": "GROUP", "name": "Staff", "balance": 0}]})
    items = [{"name": "u%d" % i} for i in range(5)]
    items += [{"name": "ghost"}, {"name": "Staff", "account_type": "GROUP", "adjust": 4.0}]
    if is_15(savapage):
        # an adjustment in the list: the whole task is refused before any account is written
        run = ansible.run_tasks([task({"accounts": items, "balance": 7.5}, name="bulk", ignore_errors=True),
                                 task({"accounts": items[:6] + [{"name": "Staff", "account_type": "GROUP",
                                                                 "balance": 4.0}], "balance": 7.5}, name="sets",
                                      ignore_errors=True)],
                                module_defaults=savapage_defaults(savapage))
        assert_clean_failure(run, "adjust (for 1 of 7 accounts: 'Staff') was refused before anything was sent",
                             "SavaPage 1.5.0", result=run.task("bulk"))
        sets = run.task("sets")
        assert sets.failed and "1 of 7 accounts failed" in sets["msg"] and sets["summary"]["updated"] == 6
        assert [a["changed"] for a in sets["accounts"]] == [True] * 5 + [False, True]
        assert [a["balance_after"] for a in sets["accounts"] if not a.get("failed")] == [7.5] * 5 + [4.0]
        assert adjust_requests(savapage) == [] and len(writes(savapage)) == 6
        state = savapage.state()["accounts"]
        assert all(state["USER"]["u%d" % i]["balance"] == 7.5 for i in range(5))
        assert state["GROUP"]["Staff"]["balance"] == 4.0
        return
    run = ansible.run_tasks([task({"accounts": items, "balance": 7.5, "details": "bulk"}, name="bulk",
                                  ignore_errors=True),
                             task({"accounts": items[:5], "balance": 7.5}, name="again")],
                            module_defaults=savapage_defaults(savapage))
    result = run.task("bulk")
    assert result.failed and "1 of 7 accounts failed" in result["msg"] and "'ghost'" in result["msg"]
    assert [a.get("failed", False) for a in result["accounts"]] == [False] * 5 + [True, False]
    assert result["summary"]["updated"] == 6
    state = savapage.state()["accounts"]
    assert all(state["USER"]["u%d" % i]["balance"] == 7.5 for i in range(5))
    assert state["GROUP"]["Staff"]["balance"] == 4.0
    again = run.task("again")
    assert not again.failed and not again.changed and again["summary"]["unchanged"] == 5
    assert len(writes(savapage)) == 6, "the re-run wrote nothing"


@BOTH
def test_balance_info_reads_existing_and_missing_accounts(ansible, savapage):
    savapage.seed({"accounts": [{"type": "SHARED", "name": "Physics", "balance": 3.333333}]})
    run = ansible.run_tasks([task({"account_type": "SHARED", "name": "Physics"}, module=INFO, name="one"),
                             task({"account_type": "SHARED", "name": ["Physics", "Nope"]}, module=INFO, name="two")],
                            module_defaults=savapage_defaults(savapage)).assert_ok()
    assert run.task("one")["exists"] and run.task("one")["balance"] == 3.333333
    assert [(a["name"], a["exists"]) for a in run.task("two")["accounts"]] == [("Physics", True), ("Nope", False)]
    assert writes(savapage) == []


def test_info_returns_version_status_and_user_source_check(ansible, savapage):
    savapage.seed({"user_source": {"john": LDAP_PASSWORD}})
    savapage.configure(system_status="MAINTENANCE")
    run = ansible.run_tasks([
        task({"auth_username": "john", "auth_password": "{{ lookup('ansible.builtin.env', 'TEST_LDAP') }}"},
             module=SYS, name="good"),
        task({"auth_username": "john", "auth_password": "not-it"}, module=SYS, name="bad"),
        task({"savapage_api_key": None}, module=SYS, name="no key")],
        module_defaults=savapage_defaults(savapage), env={"TEST_LDAP": LDAP_PASSWORD}, verbosity=3).assert_ok()
    good = run.task("good")
    assert good["version"].startswith("SavaPage") and good["system_status"] == "MAINTENANCE" and not good["ready"]
    assert good["authenticated"] is True and run.task("bad")["authenticated"] is False
    assert "system_status" not in run.task("no key")
    assert LDAP_PASSWORD not in run.stdout + run.stderr


def test_connection_options_come_from_the_environment(ansible, savapage):
    savapage.seed({"accounts": [{"type": "USER", "name": "rijk", "balance": 1.0}]})
    run = ansible.run_tasks([task({"name": "rijk", "balance": 4.0})], env={
        "SAVAPAGE_URL": savapage.sim.url, "SAVAPAGE_USERNAME": "admin", "SAVAPAGE_PASSWORD": SAVAPAGE_SECRETS[0],
        "SAVAPAGE_CA_PATH": savapage.sim.ca_path})
    run.assert_ok()
    assert balance(savapage, "rijk") == 4.0


BAD_BALANCE_INPUT = [
    ({"name": "ghost", "balance": 1.0}, ["USER account 'ghost'", "no such account", "nothing was changed"]),
    ({"name": "rijk", "balance": "1,5o"}, ["balance", "float"]),
    ({"name": "rijk", "adjust": "nan"}, ["adjust must be a finite number"]),
    ({"name": "rijk", "balance": 1.0, "adjust": 1.0}, ["mutually exclusive", "balance", "adjust"]),
    ({"name": "rijk"}, ["one of balance or adjust is required"]),
    ({"account_type": "SHARED", "name": "rijk", "adjust": 1.0}, ["SHARED account 'rijk'", "no such account"]),
    ({"name": "rijk", "balance": 1.0, "savapage_password": "{{ lookup('ansible.builtin.env', 'TEST_WRONG') }}"},
     ["HTTP 401", "savapage_password"]),
    ({"name": "rijk", "balance": 1.0, "savapage_username": None, "savapage_password": None},
     ["savapage_username and savapage_password"]),
]


@BOTH
def test_bad_balance_input_fails_cleanly_with_no_write_and_no_secret(ansible, savapage):
    """One playbook, one task per bad input (each ignore_errors), at -vvv."""
    savapage.seed({"accounts": [{"type": "USER", "name": "rijk", "balance": 9.26}]})
    savapage.clear_calls()
    tasks = [task(args, name="bad %d" % i, ignore_errors=True) for i, (args, _phrases) in enumerate(BAD_BALANCE_INPUT)]
    run = ansible.run_tasks(tasks, module_defaults=savapage_defaults(savapage), verbosity=3,
                            env={"TEST_WRONG": WRONG})
    for i, (_args, phrases) in enumerate(BAD_BALANCE_INPUT):
        assert_clean_failure(run, *phrases, secrets=[WRONG], result=run.task("bad %d" % i))
    assert writes(savapage) == [] and balance(savapage, "rijk") == 9.26


KEY_FROM_ENV = "{{ lookup('ansible.builtin.env', 'TEST_WRONG') }}"


def test_json_rpc_wrong_key_missing_key_or_caller_not_allowed_fail_cleanly(ansible, savapage):
    cases = [({"savapage_api_key": KEY_FROM_ENV}, ["systemStatus was refused", "savapage_api_key",
                                                   "ip-addresses-allowed"]),
             ({"status": True, "savapage_api_key": None}, ["savapage_api_key", "api.jsonrpc.secret-key"])]
    run = ansible.run_tasks([task(args, module=SYS, name="case %d" % i, ignore_errors=True)
                             for i, (args, _phrases) in enumerate(cases)],
                            module_defaults=savapage_defaults(savapage), verbosity=3, env={"TEST_WRONG": WRONG})
    for i, (_args, phrases) in enumerate(cases):
        assert_clean_failure(run, *phrases, secrets=[WRONG], result=run.task("case %d" % i))

    savapage.configure(jsonrpc_allowed=["10.0.0.0/8"])
    run = ansible.run_tasks([task({"status": False, "auth_username": "john", "auth_password": KEY_FROM_ENV},
                                  module=SYS)], module_defaults=savapage_defaults(savapage), verbosity=3,
                            env={"TEST_WRONG": WRONG})
    assert_clean_failure(run, "user 'john'", "authUserSource was refused", "ip-addresses-allowed", secrets=[WRONG])


def test_json_rpc_over_plain_http_is_refused_like_the_real_server(ansible, savapage_plain):
    run = ansible.run_tasks([task({}, module=SYS)], module_defaults=savapage_defaults(savapage_plain), verbosity=3)
    assert_clean_failure(run, "HTTPS only", "Secure connection required.")


def test_login_token_is_issued_and_refusal_is_clear(ansible, savapage):
    ttp_key = "{{ lookup('ansible.builtin.env', 'TEST_TTP') }}"
    token = "printops.print_management.savapage_login_token"
    run = ansible.run_tasks([task({"username": "rijk", "ttp_api_key": ttp_key}, module=token, name="ok"),
                             task({"username": "rijk", "ttp_api_key": KEY_FROM_ENV}, module=token, name="wrong key",
                                  ignore_errors=True)],
                            module_defaults=savapage_defaults(savapage), verbosity=3,
                            env={"TEST_TTP": SAVAPAGE_SECRETS[2], "TEST_WRONG": WRONG})
    issued = savapage.state()["tokens"]
    assert not run.task("ok").changed and [t["token"] for t in issued] == [run.task("ok")["token"]]
    assert_clean_failure(run, "no login token", "web-login.ttp.enable", secrets=[WRONG], result=run.task("wrong key"))
