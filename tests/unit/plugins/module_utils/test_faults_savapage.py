# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fault matrix for SavaPageClient (HTTPS simulator): transient failures converge, the rest fail clearly.

Reads and setting an exact balance retry with backoff and converge; an adjustment is
never re-sent after an ambiguous failure; malformed answers (HTML instead of JSON,
truncated XML-RPC, an XML entity-expansion payload) fail fast with a clear message.
"""

import time

import pytest

from ansible_collections.printops.print_management.plugins.module_utils._http import (
    AmbiguousResult,
    HTTPStatusError,
    RequestTimeout,
)
from ansible_collections.printops.print_management.plugins.module_utils._savapage import NotSavaPage
from ansible_collections.printops.print_management.tests.simulators.fixtures import savapage_client
from ansible_collections.printops.print_management.tests.simulators.savapage import DEFAULT_ADMIN, DEFAULT_JSONRPC_KEY, DEFAULT_TTP_KEY
from ansible_collections.printops.print_management.tests.unit.plugins.module_utils.fault_matrix import AMBIGUOUS, CONVERGING, LAUGHS
from ansible_collections.printops.print_management.tests.unit.plugins.module_utils.fault_matrix import inject, sent_count, settle

HTML_PAGE = "<html><head><title>503 Service Unavailable</title></head><body>Tomcat is restarting</body></html>"
TRUNCATED_XMLRPC = "<?xml version='1.0'?><methodResponse><params><param><value><string>abc"


@pytest.fixture
def client(sp, sleeps):
    sp.seed({"accounts": [{"type": "USER", "name": "rijk", "balance": 5}]})
    return savapage_client(sp.sim, timeout=0.6, sleep=sleeps.append)


def balance(sp):
    return sp.state()["accounts"]["USER"]["rijk"]["balance"]


def adjustments(sp):
    return [t for t in sp.state()["transactions"] if t["trx_type"] == "ADJUST"]


@pytest.mark.parametrize("fault", sorted(CONVERGING))
def test_read_retries_with_backoff_and_converges(sp, client, sleeps, fault):
    inject(sp, CONVERGING[fault], "balance.get")
    assert client.get_balance("USER", "rijk") == 5
    assert sleeps
    settle(sp, fault)


@pytest.mark.parametrize("fault", sorted(set(CONVERGING) - {"slower_than_timeout"}))
def test_exact_balance_retries_and_converges(sp, client, fault):
    inject(sp, CONVERGING[fault], "balance.set")
    client.set_balance("USER", "rijk", "12.50")
    settle(sp, fault)
    assert balance(sp) == 12.5


def test_an_exact_balance_whose_answer_timed_out_is_ambiguous_and_sent_once(sp, client):
    spec = CONVERGING["slower_than_timeout"]
    inject(sp, spec, "balance.set")
    with pytest.raises(AmbiguousResult, match="may still be applying it"):
        client.set_balance("USER", "rijk", "12.50")
    assert sent_count(sp, spec) == 1
    settle(sp)


@pytest.mark.parametrize("fault", sorted(CONVERGING))
def test_login_token_request_retries_and_converges(sp, client, fault):
    inject(sp, CONVERGING[fault], "xmlrpc.onetime-auth.createToken")
    assert client.create_login_token(DEFAULT_TTP_KEY, "rijk")
    settle(sp, fault)


def test_adjustment_retries_throttling_and_is_applied_once(sp, client):
    inject(sp, CONVERGING["429_storm"], "balance.adjust")
    client.adjust_balance("USER", "rijk", "1.25")
    assert balance(sp) == 6.25 and len(adjustments(sp)) == 1


@pytest.mark.parametrize("fault", AMBIGUOUS)
def test_adjustment_is_ambiguous_and_never_resent(sp, client, fault):
    inject(sp, CONVERGING[fault], "balance.adjust")
    with pytest.raises(AmbiguousResult) as err:
        client.adjust_balance("USER", "rijk", "1.25")
    assert sent_count(sp, CONVERGING[fault]) == 1
    settle(sp, fault)
    assert "adjusting the balance of USER account 'rijk'" in str(err.value) and "not re-sent" in str(err.value)
    assert len(adjustments(sp)) <= 1


def test_errors_beyond_the_retry_budget_fail_naming_the_call_and_nothing_changed(sp, client):
    sp.fault("http_status", count=20, method="balance.set", status=500)
    with pytest.raises(HTTPStatusError) as err:
        client.set_balance("USER", "rijk", "12.50")
    assert "setting the balance of USER account 'rijk'" in str(err.value) and "gave up after 4" in str(err.value)
    assert balance(sp) == 5


def test_always_slower_than_timeout_is_a_timeout(sp, client):
    # a fault for more attempts than the budget: robust on a loaded machine
    sp.fault("delay", count=10, method="balance.get", seconds=1.0)
    with pytest.raises(RequestTimeout) as err:
        client.get_balance("USER", "rijk")
    settle(sp)
    assert "No answer within 0.6s to reading the balance of USER account 'rijk'" in str(err.value)


def test_html_page_instead_of_json_is_not_savapage(sp, client):
    sp.fault("garbage", method="balance.get", body=HTML_PAGE, content_type="text/html")
    with pytest.raises(NotSavaPage) as err:
        client.get_balance("USER", "rijk")
    assert "did not answer reading the balance of USER account 'rijk' with JSON" in str(err.value)


def test_html_page_after_an_adjustment_is_ambiguous(sp, client):
    sp.fault("garbage", method="balance.adjust", body=HTML_PAGE, content_type="text/html")
    with pytest.raises(AmbiguousResult) as err:
        client.adjust_balance("USER", "rijk", "1")
    assert "may or may not have applied it" in str(err.value)


@pytest.mark.parametrize("body", [TRUNCATED_XMLRPC, LAUGHS, HTML_PAGE],
                         ids=["truncated_xmlrpc", "xml_entity_expansion", "html_error_page"])
def test_malformed_xmlrpc_answers_fail_fast_and_clearly(sp, client, body):
    sp.fault("garbage", method="xmlrpc.onetime-auth.createToken", body=body, content_type="text/xml")
    started = time.monotonic()
    with pytest.raises(NotSavaPage) as err:
        client.create_login_token(DEFAULT_TTP_KEY, "rijk")
    assert time.monotonic() - started < 2
    assert "with XML-RPC" in str(err.value) and "lollol" not in str(err.value)


def test_no_fault_message_carries_a_credential(sp, client):
    sp.fault("http_status", count=20, status=500,
             body="auth %s %s %s" % (DEFAULT_ADMIN[1], DEFAULT_JSONRPC_KEY, DEFAULT_TTP_KEY))
    # the TTP key is known to the client once the login-token call is made: that call goes first
    for call in (lambda: client.create_login_token(DEFAULT_TTP_KEY, "x"), lambda: client.get_balance("USER", "rijk"),
                 client.system_status):
        with pytest.raises(Exception) as err:
            call()
        for secret in (DEFAULT_ADMIN[1], DEFAULT_JSONRPC_KEY, DEFAULT_TTP_KEY):
            assert secret not in str(err.value)
