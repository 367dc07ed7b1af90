# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The HTTP layer: TLS settings mean what they say, secrets never leave, retries follow the safety rule."""

import json
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from requests.structures import CaseInsensitiveDict

from ansible_collections.printops.print_management.plugins.module_utils._http import (
    REDACTED,
    AmbiguousResult,
    ConnectError,
    HttpClient,
    HTTPStatusError,
    Redactor,
    Response,
    RequestTimeout,
    TLSError,
    _Lost,
    _NoAnswer,
    _NotConnected,
)


def test_verify_follows_validate_certs_and_ca_path():
    assert HttpClient().verify is True
    assert HttpClient(ca_path="/etc/ca.pem").verify == "/etc/ca.pem"
    assert HttpClient(validate_certs=False, ca_path="/etc/ca.pem").verify is False


def test_the_environment_neither_re_enables_verification_nor_overrides_ca_path(monkeypatch):
    # the environment's CA bundles count only when the task says neither validate_certs=false nor ca_path
    monkeypatch.setenv("SSL_CERT_FILE", "/nonexistent/bundle.pem")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/nonexistent/bundle.pem")
    off = HttpClient(validate_certs=False).tls_context()
    assert off.verify_mode == ssl.CERT_NONE and not off.check_hostname
    with pytest.raises(TLSError, match="REQUESTS_CA_BUNDLE /nonexistent/bundle.pem does not exist"):
        HttpClient().tls_context()


def test_ca_path_that_does_not_exist_is_a_clear_error():
    with pytest.raises(TLSError, match="ca_path /nonexistent/ca.pem does not exist"):
        HttpClient(ca_path="/nonexistent/ca.pem").request("GET", "https://example.invalid/")


def test_ca_path_that_is_not_a_certificate_is_a_clear_error(tmp_path):
    bogus = tmp_path / "ca.pem"
    bogus.write_text("not a certificate")
    with pytest.raises(TLSError, match="holds no usable CA certificate"):
        HttpClient(ca_path=str(bogus)).request("GET", "https://example.invalid/")


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


def _Resp(status, headers=None):
    return Response(status, CaseInsensitiveDict(headers or {}), b"body")


def _client_with(responses, **kw):
    """A client whose transport answers from ``responses`` (a Response, or a failure to raise)."""
    client = HttpClient(backoff=0.0, sleep=lambda s: None, **kw)
    sent = []

    def fake_send(prepared, timeout, fresh=False):
        sent.append(prepared.method)
        answer = responses.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    client._send = fake_send
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


@pytest.mark.parametrize("failure, idempotent, retry_timeout, expected, attempts", [
    (_NotConnected("refused"), False, False, ConnectError, 3),   # nothing was sent: safe to try again
    (_Lost("reset"), True, False, ConnectError, 3),
    (_Lost("reset"), False, False, AmbiguousResult, 1),         # may have been applied: never again
    (_NoAnswer("timed out"), True, True, RequestTimeout, 3),    # a read: sending it again changes nothing
    (_NoAnswer("timed out"), False, False, AmbiguousResult, 1),
    # an absolute set whose answer timed out may still be running: a second one would race it
    (_NoAnswer("timed out"), True, False, AmbiguousResult, 1),
])
def test_transport_failures_follow_the_retry_rule(failure, idempotent, retry_timeout, expected, attempts):
    client, sent = _client_with([failure] * 5, retries=2)
    with pytest.raises(expected):
        client.request("POST", "http://x/", idempotent=idempotent, retry_timeout=retry_timeout)
    assert len(sent) == attempts


def test_redirects_are_not_followed():
    client, sent = _client_with([_Resp(302, {"Location": "https://elsewhere.example/login"})])
    with pytest.raises(HTTPStatusError, match="redirects to https://elsewhere.example/login"):
        client.request("GET", "http://x/")
    assert len(sent) == 1


# -- the real transport against a local server ------------------------------------------------


class _Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "rec"

    def log_message(self, *args):
        pass

    def setup(self):
        super().setup()
        self.server.connections += 1

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.seen.append({"method": self.command, "path": self.path, "body": body.decode("utf-8"),
                                 "headers": dict(self.headers)})
        mode = self.server.mode
        if mode == "drop":  # read the request, then close without answering
            self.close_connection = True
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        out = json.dumps({"ok": True}).encode("utf-8")
        if mode == "chunked":  # no Content-Length: the body comes in chunks, repeated headers
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("X-Seen", "first")
            self.send_header("x-seen", "second")
            self.end_headers()
            for piece in (out[:5], out[5:]):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.write(b"0\r\n\r\n")
            return
        if mode == "no_content":
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)
        if mode == "close_after":  # keep-alive advertised, but the server closes the idle connection
            self.wfile.flush()
            self.close_connection = True

    do_GET = do_POST = do_PUT = _answer


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    httpd.daemon_threads = True
    httpd.connections, httpd.seen, httpd.mode = 0, [], "ok"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.url = "http://127.0.0.1:%d" % httpd.server_address[1]
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def test_one_keep_alive_connection_serves_sequential_requests(server):
    client = HttpClient()
    for _n in range(5):
        assert client.request("GET", server.url + "/a").json() == {"ok": True}
    assert server.connections == 1
    client.close()


def test_bodies_and_query_strings_are_encoded_as_callers_expect(server):
    client = HttpClient(user_agent="ua-test")
    client.request("POST", server.url + "/token", data={"grant_type": "client_credentials", "x": "a b&c", "n": None})
    client.request("POST", server.url + "/j?keep=1", json={"secret": "abc"}, params={"page": 2, "skip": None})
    client.request("GET", server.url + "/path with space", params={"q": "ü"})
    form, as_json, spaced = server.seen
    assert form["body"] == "grant_type=client_credentials&x=a+b%26c"
    assert form["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    assert form["headers"]["User-Agent"] == "ua-test"
    assert as_json["path"] == "/j?keep=1&page=2" and json.loads(as_json["body"]) == {"secret": "abc"}
    assert as_json["headers"]["Content-Type"] == "application/json"
    assert spaced["path"] == "/path%20with%20space?q=%C3%BC"


def test_an_idle_connection_the_server_closed_is_not_reused_and_no_write_looks_ambiguous(server):
    server.mode = "close_after"
    client = HttpClient(retries=0)
    for _n in range(3):
        # a non-idempotent call on a connection the server had closed would be reported ambiguous
        assert client.request("POST", server.url + "/adjust", idempotent=False).status_code == 200
    assert server.connections == 3


def test_a_lost_answer_to_a_write_is_ambiguous_and_never_resent(server):
    server.mode = "drop"
    client = HttpClient(sleep=lambda s: None)
    with pytest.raises(AmbiguousResult, match="may or may not have applied it"):
        client.request("POST", server.url + "/adjust", idempotent=False, what="the adjustment")
    assert len(server.seen) == 1


def test_a_lost_answer_to_a_read_is_retried(server):
    server.mode = "drop"
    client = HttpClient(sleep=lambda s: None, retries=2)
    with pytest.raises(ConnectError, match="gave up after 3 attempts"):
        client.request("GET", server.url + "/read")
    assert len(server.seen) == 3


def test_connection_refused_is_a_connect_error():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = HttpClient(sleep=lambda s: None, retries=1)
    with pytest.raises(ConnectError, match="Cannot connect"):
        client.request("POST", "http://127.0.0.1:%d/" % port, idempotent=False)


def test_chunked_answers_and_repeated_headers_are_read_and_the_connection_kept(server):
    server.mode = "chunked"
    client = HttpClient()
    for _n in range(3):
        answer = client.request("GET", server.url + "/c")
        assert answer.json() == {"ok": True}
        # repeated header lines are one value, joined as RFC 9110 section 5.3 says
        assert answer.headers.get("x-SEEN") == "first, second"
        assert answer.headers.get("Content-Type") == "application/json"
    assert server.connections == 1


def test_an_answer_without_a_body_keeps_the_connection(server):
    server.mode = "no_content"
    client = HttpClient()
    assert [client.request("PUT", server.url + "/n").status_code for _n in range(2)] == [204, 204]
    assert client.request("GET", server.url + "/n").content == b""
    assert server.connections == 1
