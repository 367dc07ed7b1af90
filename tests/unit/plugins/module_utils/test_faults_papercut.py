# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fault matrix for PaperCutClient: every injected failure either converges or fails saying what happened.

Reads and absolute writes (setUserAccountBalance) are retried with backoff and converge;
an adjustment is never re-sent after an ambiguous failure; what cannot converge fails
with a message that names the call and says whether it was applied.
"""

import time

import pytest

from ansible_collections.printops.print_management.plugins.module_utils._http import (
    AmbiguousResult,
    ClientError,
    HTTPStatusError,
    RequestTimeout,
)
from ansible_collections.printops.print_management.plugins.module_utils._papercut import NotPaperCut
from ansible_collections.printops.print_management.tests.simulators.fixtures import papercut_client
from ansible_collections.printops.print_management.tests.simulators.papercut import DEFAULT_TOKEN
from ansible_collections.printops.print_management.tests.unit.plugins.module_utils.fault_matrix import AMBIGUOUS, CONVERGING, LAUGHS
from ansible_collections.printops.print_management.tests.unit.plugins.module_utils.fault_matrix import inject, sent_count, settle

TRUNCATED_XMLRPC = ("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><double>5.0</dou")
HTML_PAGE = "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"


@pytest.fixture
def client(papercut, sleeps):
    papercut.seed({"users": [{"username": "alice", "balance": 5.0}]})
    return papercut_client(papercut, timeout=0.6, sleep=sleeps.append)


def applied(papercut, method):
    return [c for c in papercut.calls() if c["method"] == method and c["ok"]]


def balance(papercut):
    return papercut.state()["users"]["alice"]["balance"]


@pytest.mark.parametrize("fault", sorted(CONVERGING))
def test_read_retries_with_backoff_and_converges(papercut, client, sleeps, fault):
    inject(papercut, CONVERGING[fault], "getUserAccountBalance")
    assert client.get_user_balance("alice") == 5.0
    assert sleeps, "retried without any backoff"
    assert all(later >= 0 for later in sleeps)


@pytest.mark.parametrize("fault", sorted(set(CONVERGING) - {"slower_than_timeout"}))
def test_absolute_balance_write_retries_and_converges_to_the_value(papercut, client, fault):
    inject(papercut, CONVERGING[fault], "setUserAccountBalance")
    client.set_user_balance("alice", 12.5, "exact")
    settle(papercut, fault)
    assert balance(papercut) == 12.5


def test_an_absolute_set_whose_answer_timed_out_is_ambiguous_and_never_raced_by_a_second(papercut, client):
    # the lost update of the audit: a set re-sent after a timeout, then the late first one landing
    # after a newer value; a set whose answer did not come in time is ambiguous until read back
    spec = CONVERGING["slower_than_timeout"]
    inject(papercut, spec, "setUserAccountBalance")
    with pytest.raises(AmbiguousResult, match="may still be applying it") as err:
        client.set_user_balance("alice", 12.5, "exact")
    assert "setUserAccountBalance" in str(err.value) and "not re-sent" in str(err.value)
    assert sent_count(papercut, spec) == 1
    settle(papercut)
    assert len(applied(papercut, "setUserAccountBalance")) == 1


@pytest.mark.parametrize("fault", ["429_storm"])
def test_adjustment_retries_only_throttling_and_is_applied_once(papercut, client, fault):
    inject(papercut, CONVERGING[fault], "adjustUserAccountBalance")
    client.adjust_user_balance("alice", 1.25, "top-up")
    assert balance(papercut) == 6.25
    assert len(applied(papercut, "adjustUserAccountBalance")) == 1


@pytest.mark.parametrize("fault", AMBIGUOUS)
def test_adjustment_is_ambiguous_and_not_resent(papercut, client, fault):
    inject(papercut, CONVERGING[fault], "adjustUserAccountBalance")
    with pytest.raises(AmbiguousResult) as err:
        client.adjust_user_balance("alice", 1.25, "top-up")
    # exactly one request reached the server: one hit of the fault, and nothing else
    assert sent_count(papercut, CONVERGING[fault]) == 1
    settle(papercut, fault)
    assert "may or may not have applied it" in str(err.value) and "not re-sent" in str(err.value)
    assert "adjustUserAccountBalance" in str(err.value)
    assert len(applied(papercut, "adjustUserAccountBalance")) <= 1
    assert len(papercut.state()["transactions"]) <= 1


def test_server_errors_beyond_the_retry_budget_fail_naming_the_call_and_the_attempts(papercut, client, sleeps):
    papercut.fault("http_status", count=20, method="setUserAccountBalance", status=503)
    with pytest.raises(HTTPStatusError) as err:
        client.set_user_balance("alice", 12.5)
    message = str(err.value)
    assert "HTTP 503" in message and "setUserAccountBalance('alice')" in message and "gave up after 4" in message
    assert balance(papercut) == 5.0
    assert sleeps == sorted(sleeps) or len(sleeps) == 3  # exponential backoff with jitter: 3 waits


def test_a_429_storm_beyond_the_budget_fails_and_nothing_was_applied(papercut, client):
    papercut.fault("http_status", count=20, method="adjustUserAccountBalance", status=429)
    with pytest.raises(HTTPStatusError) as err:
        client.adjust_user_balance("alice", 1.0)
    assert "HTTP 429" in str(err.value) and "gave up" in str(err.value)
    assert papercut.state()["transactions"] == []


def test_a_server_slower_than_timeout_every_time_is_a_timeout_naming_the_call(papercut, client):
    # a fault for more attempts than the budget: robust on a loaded machine
    papercut.fault("delay", count=10, method="getUserAccountBalance", seconds=1.0)
    with pytest.raises(RequestTimeout) as err:
        client.get_user_balance("alice")
    settle(papercut)
    assert "No answer within 0.6s" in str(err.value) and "getUserAccountBalance('alice')" in str(err.value)


@pytest.mark.parametrize("body, content_type", [
    (TRUNCATED_XMLRPC, "text/xml"),
    (HTML_PAGE, "text/html"),
    (LAUGHS, "text/xml"),
], ids=["truncated_xmlrpc", "html_error_page", "xml_entity_expansion"])
def test_malformed_answers_fail_fast_and_clearly(papercut, client, body, content_type):
    papercut.fault("garbage", method="getUserAccountBalance", body=body, content_type=content_type)
    started = time.monotonic()
    with pytest.raises(NotPaperCut) as err:
        client.get_user_balance("alice")
    assert time.monotonic() - started < 2
    assert "did not answer PaperCut api.getUserAccountBalance('alice') with XML-RPC" in str(err.value)
    assert "lollol" not in str(err.value)
    if body is LAUGHS:
        assert "DTD" in str(err.value)


@pytest.mark.parametrize("body", [TRUNCATED_XMLRPC, HTML_PAGE, LAUGHS],
                         ids=["truncated_xmlrpc", "html_error_page", "xml_entity_expansion"])
def test_malformed_answer_to_an_adjustment_is_ambiguous(papercut, client, body):
    papercut.fault("garbage", method="adjustUserAccountBalance", body=body, content_type="text/xml")
    with pytest.raises(AmbiguousResult) as err:
        client.adjust_user_balance("alice", 2.0)
    assert "could not be read" in str(err.value) and "not re-sent" in str(err.value)
    assert len([c for c in papercut.calls() if c["method"] == "adjustUserAccountBalance"]) == 1


def test_no_fault_message_carries_the_auth_token(papercut, client):
    papercut.fault("http_status", count=20, status=500, body="token=%s rejected" % DEFAULT_TOKEN)
    with pytest.raises(ClientError) as err:
        client.get_user_balance("alice")
    assert DEFAULT_TOKEN not in str(err.value)
