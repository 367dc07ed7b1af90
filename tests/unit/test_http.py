# SPDX-License-Identifier: GPL-3.0-or-later
"""The HTTP layer: TLS settings mean what they say, secrets never leave, retries follow the safety rule."""

import pytest

from ansible_collections.printops.print_management.plugins.module_utils._http import (
    REDACTED,
    AmbiguousResult,
    HttpClient,
    HTTPStatusError,
    Redactor,
)


def test_verify_follows_validate_certs_and_ca_path():
    assert HttpClient().verify is True
    assert HttpClient(ca_path="/etc/ca.pem").verify == "/etc/ca.pem"
    assert HttpClient(validate_certs=False, ca_path="/etc/ca.pem").verify is False


def test_requests_ca_bundle_in_the_environment_cannot_override_verify(monkeypatch):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/nonexistent/bundle.pem")
    client = HttpClient(validate_certs=False)
    sent = {}

    def fake_send(request, **kwargs):
        sent.update(kwargs)
        raise RuntimeError("stop here")

    client.session.send = fake_send
    with pytest.raises(Exception):
        client.request("GET", "https://example.invalid/")
    assert sent["verify"] is False


@pytest.mark.parametrize("text, secret", [
    ("https://admin:hunter22@host/x", "hunter22"),
    ("headers: {'Authorization': 'Bearer abc.def.ghi'}", "abc.def.ghi"),
    ("grant_type=client_credentials&client_secret=s3cr3tvalue", "s3cr3tvalue"),
    ("X-Auth-Key: key-123456", "key-123456"),
])
def test_redactor_removes_credentials_by_shape(text, secret):
    out = Redactor()(text)
    assert secret not in out and REDACTED in out


def test_redactor_removes_registered_secrets_longest_first():
    redact = Redactor(["abcdef", "abcdefghij"])
    assert redact("token abcdefghij here") == "token %s here" % REDACTED


def test_short_values_are_not_shredded_through_every_message():
    assert Redactor(["1"])("error 1 of 10") == "error 1 of 10"


class _Resp(object):
    def __init__(self, status, headers=None):
        self.status_code = status
        self.headers = headers or {}
        self.text = "body"


def _client_with(responses, **kw):
    client = HttpClient(backoff=0.0, sleep=lambda s: None, **kw)
    sent = []

    def fake_request(method, url, **kwargs):
        sent.append(method)
        return responses.pop(0)

    client.session.request = fake_request
    return client, sent


def test_idempotent_call_retries_5xx_then_succeeds():
    client, sent = _client_with([_Resp(503), _Resp(500), _Resp(200)])
    assert client.request("GET", "http://x/").status_code == 200
    assert len(sent) == 3


def test_non_idempotent_call_is_not_resent_after_5xx():
    client, sent = _client_with([_Resp(500), _Resp(200)])
    with pytest.raises(AmbiguousResult):
        client.request("POST", "http://x/", idempotent=False)
    assert len(sent) == 1


def test_429_is_retried_even_for_non_idempotent_calls_honouring_the_hint():
    waits = []
    client, sent = _client_with([_Resp(429, {"Retry-After": "3"}), _Resp(200)])
    client._sleep = waits.append
    assert client.request("POST", "http://x/", idempotent=False).status_code == 200
    assert waits == [3.0] and client.waited == 3.0


def test_gives_up_after_the_retry_budget():
    client, sent = _client_with([_Resp(503)] * 10, retries=2)
    with pytest.raises(HTTPStatusError, match="gave up after 3 attempts"):
        client.request("GET", "http://x/")
    assert len(sent) == 3


def test_4xx_is_returned_to_the_caller_not_retried():
    client, sent = _client_with([_Resp(404)])
    assert client.request("GET", "http://x/").status_code == 404
    assert len(sent) == 1
