# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""SavaPageClient against the in-process HTTPS simulator: the quirks of the notes, retries, errors, redaction."""

from decimal import Decimal

import pytest

from ansible_collections.printops.print_management.plugins.module_utils._http import (
    AmbiguousResult,
    ClientError,
    TLSError,
)
from ansible_collections.printops.print_management.plugins.module_utils._savapage import (
    AccountNotFound,
    AuthenticationError,
    JsonRpcError,
    NotSavaPage,
    SavaPageError,
    base_from_url,
    format_amount,
    same_amount,
    to_amount,
)
from ansible_collections.printops.print_management.tests.simulators.fixtures import SAVAPAGE_RELEASES, savapage_client
from ansible_collections.printops.print_management.tests.simulators.savapage import DEFAULT_ADMIN, DEFAULT_JSONRPC_KEY, DEFAULT_TTP_KEY

BOTH = pytest.mark.parametrize("sp", SAVAPAGE_RELEASES, indirect=True)
RIJK = {"accounts": [{"type": "USER", "name": "rijk", "balance": 9.26, "uuid": "97008e2c-d8b2-11e9"},
                     {"type": "USER", "name": "janet", "balance": 1.0}]}


@pytest.mark.parametrize("url, base", [
    ("https://sp:8632", "https://sp:8632"), ("https://sp:8632/", "https://sp:8632"),
    ("https://sp:8632/restful/v1", "https://sp:8632"), ("http://sp/jsonrpc/v1", "http://sp"),
])
def test_url_may_carry_a_service_path(url, base):
    assert base_from_url(url) == base


@pytest.mark.parametrize("url", [None, "", "sp:8632", "ftp://sp"])
def test_url_that_is_not_http_is_refused(url):
    with pytest.raises(ClientError, match="savapage_url must be an http"):
        base_from_url(url)


@pytest.mark.parametrize("value, text", [(2.5, "2.5"), (-10, "-10"), (0.1 + 0.2, "0.3"), ("1E+2", "100"),
                                         (0.0, "0"), (-0.0, "0"), ("3.1234567", "3.123457")])
def test_amounts_are_sent_as_plain_decimals(value, text):
    assert format_amount(value) == text


@pytest.mark.parametrize("value", ["abc", "1,5", True, "nan", "inf", None])
def test_non_numeric_amounts_are_refused(value):
    with pytest.raises(ClientError, match="must be a"):
        to_amount(value)


def test_differences_below_one_cent_are_the_same_amount():
    assert same_amount(9.26, "9.260000") and same_amount(5.0, 5.0099)
    assert not same_amount(9.26, 9.25) and not same_amount(0, 0.01)


def test_balance_is_read_with_preemptive_basic_auth_and_the_misspelt_key(sp, sp_client):
    sp.seed(RIJK)
    assert sp_client.get_balance("USER", "rijk") == Decimal("9.26")
    calls = sp.calls()
    assert [(c["method"], c["status"], c["ok"]) for c in calls] == [("balance.get", 200, True)], \
        "credentials must go with the first request: SavaPage sends no challenge"


@BOTH
def test_set_balance_returns_the_new_balance_or_none_when_identical(sp, sp_client):
    sp.seed(RIJK)
    assert sp_client.set_balance("USER", "rijk", 10, "x") == Decimal("10")
    assert sp_client.set_balance("USER", "rijk", 10.004) is None
    writes = [c["write"] for c in sp.calls() if c["method"] == "balance.set"]
    assert writes == [True, False]
    assert sp.state()["accounts"]["USER"]["rijk"]["balance"] == 10.0


@BOTH
def test_adjust_adds_and_returns_the_new_balance(sp, sp_client):
    sp.seed(RIJK)
    if sp.sim.release == "1.5":
        with pytest.raises(ClientError, match="SavaPage 1.5.0 .* does not honour adjust"):
            sp_client.adjust_balance("USER", "rijk", -0.26, "d")
        assert sp.writes() == [] and sp.state()["accounts"]["USER"]["rijk"]["balance"] == 9.26
        return
    assert sp_client.adjust_balance("USER", "rijk", -0.26, "d") == Decimal("9")
    assert sp.state()["transactions"][-1]["comment"] == "d"


@BOTH
def test_unknown_account_is_account_not_found(sp, sp_client):
    with pytest.raises(AccountNotFound, match="GROUP account 'nobody' does not exist"):
        sp_client.get_balance("GROUP", "nobody")


def test_bad_account_type_is_refused_before_any_call(sp, sp_client):
    with pytest.raises(ClientError, match="account_type must be one of"):
        sp_client.get_balance("PERSONAL", "rijk")
    assert sp.calls() == []


@BOTH
def test_set_balance_is_retried_after_a_server_error_because_it_is_absolute(sp, sp_client):
    sp.seed(RIJK)
    sp.fault("http_status", method="balance.set", status=503)
    assert sp_client.set_balance("USER", "rijk", 20) == Decimal("20")


@pytest.mark.parametrize("fault", [{"kind": "drop_after"}, {"kind": "http_status", "status": 500},
                                   {"kind": "garbage", "body": "<html>proxy error</html>"}])
def test_adjust_is_never_resent_after_an_ambiguous_failure(sp, sp_client, fault):
    sp.seed(RIJK)
    spec = dict(fault)
    sp.fault(spec.pop("kind"), method="balance.adjust", **spec)
    with pytest.raises(AmbiguousResult, match="not re-sent"):
        sp_client.adjust_balance("USER", "rijk", 5)
    adjusts = [c for c in sp.calls() if c["method"] == "balance.adjust"]
    assert len(adjusts) == 1


def test_wrong_admin_password_is_an_authentication_error_without_the_password(sp):
    sp.seed(RIJK)
    client = savapage_client(sp.sim, password="Wr0ng-Passw0rd")
    with pytest.raises(AuthenticationError) as info:
        client.get_balance("USER", "rijk")
    assert "HTTP 401" in str(info.value) and "Wr0ng-Passw0rd" not in str(info.value)


def test_restful_ip_allow_list_refusal_is_explained(sp, sp_client):
    sp.configure(restful_allowed=["10.0.0.0/8"])
    with pytest.raises(AuthenticationError, match="ip-addresses-allowed"):
        sp_client.get_balance("USER", "rijk")


def test_admin_services_without_credentials_fail_before_any_call(sp):
    client = savapage_client(sp.sim, username=None, password=None)
    with pytest.raises(ClientError, match="savapage_username and savapage_password"):
        client.get_balance("USER", "rijk")
    assert sp.calls() == []


def test_default_verification_rejects_the_self_signed_certificate_with_a_hint(sp):
    client = savapage_client(sp.sim, ca_path=None)
    with pytest.raises(TLSError, match="self-signed certificate.*ca_path"):
        client.version()


def test_version_of_a_server_that_is_not_savapage(sp, sp_client):
    assert sp_client.version().startswith("SavaPage ")
    sp.fault("garbage", method="system.version", body="<html>nginx</html>")
    with pytest.raises(NotSavaPage, match="Check savapage_url"):
        sp_client.version()


def test_report_is_bytes_and_errors_answered_as_200_json_are_raised(sp, sp_client):
    sp.seed(RIJK)
    csv_bytes = sp_client.account_trx_report({"account_type": "USER", "account_name": "rijk"})
    assert csv_bytes.splitlines()[1].startswith(b"2026-01-05 09:01:00,USER,rijk,INITIAL,9.260000")
    assert sp_client.account_trx_report({"account_type": "USER"}, media_type="PDF").startswith(b"%PDF")
    with pytest.raises(SavaPageError, match="account_name is mandatory for SHARED"):
        sp_client.account_trx_report({"account_type": "SHARED"})


def test_user_services_authenticate_with_the_users_uuid(sp, sp_client):
    sp.seed(RIJK)
    assert sp_client.user_balance("rijk", "97008e2c-d8b2-11e9") == Decimal("9.26")
    with pytest.raises(AuthenticationError, match="UUID"):
        sp_client.user_balance("rijk", "not-the-uuid")
    sp_client.transfer("rijk", "97008e2c-d8b2-11e9", "janet", 2)
    accounts = sp.state()["accounts"]["USER"]
    assert (accounts["rijk"]["balance"], accounts["janet"]["balance"]) == (7.26, 3.0)


def test_json_rpc_status_and_user_source(sp, sp_client):
    sp.seed({"user_source": {"john": "AzFi7I"}})
    assert sp_client.system_status() == "READY"
    assert sp_client.auth_user_source("john", "AzFi7I") is True
    assert sp_client.auth_user_source("john", "nope") is False


@pytest.mark.parametrize("config, api_key, method, match", [
    ({}, "Wr0ng-Key-value", "systemStatus", "refused.*savapage_api_key"),
    ({"jsonrpc_allowed": ["10.0.0.0/8"]}, DEFAULT_JSONRPC_KEY, "systemStatus", "refused.*ip-addresses-allowed"),
    ({"jsonrpc_allowed": []}, DEFAULT_JSONRPC_KEY, "systemStatus", "refused"),
    ({}, DEFAULT_JSONRPC_KEY, "addUser", "not allowed for remote clients"),
])
def test_json_rpc_refusals_are_clear_errors(sp, config, api_key, method, match):
    sp.configure(**config)
    client = savapage_client(sp.sim, api_key=api_key)
    with pytest.raises(JsonRpcError, match=match) as info:
        client.jsonrpc(method)
    assert info.value.code == -32600 and "Wr0ng-Key-value" not in str(info.value)


def test_json_rpc_error_objects_of_other_kinds_keep_code_and_reason(sp, sp_client):
    sp.fault("jsonrpc_error", method="jsonrpc.authUserSource", code=-32603,
             message="ldapserver:636 [No route to host (Host unreachable)]")
    with pytest.raises(JsonRpcError, match=r"ldapserver:636.*code -32603"):
        sp_client.auth_user_source("john", "pw")


def test_json_rpc_over_plain_http_says_https_only(sp_plain):
    client = savapage_client(sp_plain.sim)
    with pytest.raises(JsonRpcError, match="HTTPS only.*Secure connection required"):
        client.system_status()


def test_json_rpc_without_key_fails_before_any_call(sp):
    with pytest.raises(ClientError, match="savapage_api_key"):
        savapage_client(sp.sim, api_key=None).system_status()
    assert sp.calls() == []


def test_login_token_or_none_when_disabled_or_key_wrong(sp, sp_client):
    token = sp_client.create_login_token(DEFAULT_TTP_KEY, "rijk")
    assert token and sp.state()["tokens"] == [{"username": "rijk", "token": token}]
    assert sp_client.create_login_token("wrong-ttp-key", "rijk") is None
    sp.configure(ttp_enable=False)
    assert sp_client.create_login_token(DEFAULT_TTP_KEY, "rijk") is None


def test_secrets_are_registered_for_redaction(sp):
    client = savapage_client(sp.sim)
    text = client.redact("pw=%s key=%s basic=%s" % (DEFAULT_ADMIN[1], DEFAULT_JSONRPC_KEY, "YWRtaW46c2ltLWFkbWluLVBhc3N3MHJk"))
    assert DEFAULT_ADMIN[1] not in text and DEFAULT_JSONRPC_KEY not in text and "YWRtaW46" not in text
