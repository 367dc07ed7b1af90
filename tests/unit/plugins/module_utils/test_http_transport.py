# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The transport on requests against real local servers: deadlines, answer cap, no silent re-send,
TLS trust order, proxies from the environment, escaped secrets, DTDs in any encoding, clear messages."""

import json
import socket
import ssl
import threading
import time
import tracemalloc
import xml.parsers.expat
import xmlrpc.client
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ansible_collections.printops.print_management.plugins.module_utils._http import (
    REDACTED,
    AmbiguousResult,
    ClientError,
    ConnectError,
    HttpClient,
    Redactor,
    RequestTimeout,
    TLSError,
    xmlrpc_loads,
)
from ansible_collections.printops.print_management.tests.simulators.savapage import make_certificate


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def setup(self):
        super().setup()
        self.server.connections += 1
        self.served = 0

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.seen.append((self.command, self.path, body))
        self.served += 1
        mode = self.server.mode
        if mode == "drop_second" and self.served == 2:  # a kept connection dies under the second request
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if mode == "drip_body":  # headers at once, then one byte of the body at a time
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            for _n in range(1000):
                try:
                    self.wfile.write(b"x")
                except OSError:
                    return
                time.sleep(0.2)
            return
        if mode == "drip_status":  # the status line itself, one byte at a time
            for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok":
                try:
                    self.wfile.write(bytes([byte]))
                except OSError:
                    return
                time.sleep(0.2)
            return
        if mode in ("huge", "huge_chunked"):
            self.send_response(200)
            piece = b"y" * 65536
            if mode == "huge":
                self.send_header("Content-Length", str(len(piece) * 800))
            else:
                self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                for _n in range(800):  # 50 MB
                    self.wfile.write(piece if mode == "huge" else b"%x\r\n%s\r\n" % (len(piece), piece))
                if mode == "huge_chunked":
                    self.wfile.write(b"0\r\n\r\n")
            except OSError:
                self.server.cut_short = True
            self.close_connection = True
            return
        if mode == "echo_token":  # an error page that echoes the request, escaped
            text = body.decode("utf-8")
            out = ("<html><pre>%s</pre><script>var req = %s;</script></html>"
                   % (text.replace("&", "&amp;").replace("<", "&lt;"), json.dumps(text).replace("/", "\\/")))
            out = out.encode("utf-8")
            self.send_response(400)
        else:
            out = b'{"ok": true}'
            self.send_response(200)
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    do_GET = do_POST = do_PUT = _answer


def _serve(tls=None):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.connections, httpd.seen, httpd.mode, httpd.cut_short = 0, [], "ok", False
    scheme = "http"
    if tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*tls)
        httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
        scheme = "https"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    httpd.url = "%s://127.0.0.1:%d" % (scheme, httpd.server_address[1])
    return httpd


@pytest.fixture
def server():
    httpd = _serve()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    """Two unrelated self-signed certificates (each its own CA): the server's, and another."""
    mine = make_certificate(str(tmp_path_factory.mktemp("server")))
    other = make_certificate(str(tmp_path_factory.mktemp("other")))
    return {"server": mine, "other": other[0]}


@pytest.fixture
def tls_server(certs):
    httpd = _serve(tls=certs["server"])
    yield httpd
    httpd.shutdown()
    httpd.server_close()


pytestmark = pytest.mark.usefixtures("clean_network_environment")


def _closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# -- the deadline -----------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["drip_body", "drip_status"])
def test_a_server_dripping_bytes_cannot_hold_a_read_past_its_deadline(server, mode):
    server.mode = mode
    client = HttpClient(timeout=1, retries=0)
    started = time.monotonic()
    with pytest.raises(RequestTimeout, match="No answer within 1s"):
        client.request("GET", server.url + "/slow")
    assert time.monotonic() - started < 2.5


def test_a_write_whose_answer_drips_past_the_deadline_is_ambiguous_and_sent_once(server):
    server.mode = "drip_body"
    client = HttpClient(timeout=1, sleep=lambda s: None)
    with pytest.raises(AmbiguousResult, match="may or may not have applied it"):
        client.request("POST", server.url + "/set", data=b"value=20", idempotent=True)
    assert len(server.seen) == 1


# -- the answer's size ----------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["huge", "huge_chunked"])
def test_an_answer_larger_than_the_cap_is_refused_without_being_held_in_memory(server, mode):
    server.mode = mode
    cap = 2 * 1024 * 1024
    client = HttpClient(timeout=20, retries=0, max_answer=cap)
    tracemalloc.start()
    try:
        with pytest.raises(ClientError, match="larger than %d bytes" % cap):
            client.request("GET", server.url + "/report")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3 * cap, peak  # 50 MB were on offer


# -- no silent re-send -------------------------------------------------------------------------------


def test_urllib3_never_resends_a_request_whose_kept_connection_died_under_it(server):
    # An idempotent POST with no retry budget of ours: any second arrival would be urllib3's or requests' own.
    server.mode = "drop_second"
    client = HttpClient(retries=0)
    assert client.request("POST", server.url + "/one", idempotent=True, data=b"1").status_code == 200
    with pytest.raises(ConnectError, match="Connection lost"):
        client.request("POST", server.url + "/two", idempotent=True, data=b"2")
    assert [path for _m, path, _b in server.seen] == ["/one", "/two"]
    assert server.connections == 1


def test_a_non_idempotent_call_never_goes_out_on_a_kept_connection(server):
    server.mode = "drop_second"
    client = HttpClient(retries=0)
    client.request("GET", server.url + "/read")
    # on the kept connection this would be the "second" request, and be lost
    assert client.request("POST", server.url + "/adjust", idempotent=False, data=b"+1").status_code == 200
    assert server.connections == 2 and len(server.seen) == 2


# -- TLS: validate_certs, then ca_path, then the system store and the environment's bundles -------------


def test_a_private_ca_from_requests_ca_bundle_is_trusted(tls_server, certs, monkeypatch):
    with pytest.raises(TLSError, match="TLS verification failed"):
        HttpClient(retries=0).request("GET", tls_server.url + "/")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", certs["server"][0])
    assert HttpClient(retries=0).request("GET", tls_server.url + "/").json() == {"ok": True}


def test_ssl_cert_file_adds_to_the_system_store_rather_than_replacing_it(tls_server, certs, monkeypatch):
    system = len(ssl.create_default_context().get_ca_certs())
    monkeypatch.setenv("SSL_CERT_FILE", certs["server"][0])
    client = HttpClient(retries=0)
    assert client.request("GET", tls_server.url + "/").status_code == 200
    assert len(client.tls_context().get_ca_certs()) >= system + 1


def test_validate_certs_false_ignores_the_environment(tls_server, monkeypatch):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/nonexistent/bundle.pem")
    client = HttpClient(validate_certs=False, retries=0)
    assert client.request("GET", tls_server.url + "/").status_code == 200


def test_ca_path_overrides_the_environment(tls_server, certs, monkeypatch):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", certs["server"][0])
    with pytest.raises(TLSError, match="TLS verification failed"):
        HttpClient(ca_path=certs["other"], retries=0).request("GET", tls_server.url + "/")
    assert HttpClient(ca_path=certs["server"][0], retries=0).request("GET", tls_server.url + "/").status_code == 200


def test_https_against_a_plain_http_port_says_so_and_does_not_advise_turning_verification_off(server):
    with pytest.raises(ClientError) as err:
        HttpClient(retries=0).request("GET", server.url.replace("http://", "https://") + "/")
    assert "answered in plain HTTP" in str(err.value) and "validate_certs" not in str(err.value)


def test_http_against_a_tls_port_says_the_server_expects_https(tls_server):
    with pytest.raises(ClientError, match="expects HTTPS") as err:
        HttpClient(retries=0).request("POST", tls_server.url.replace("https://", "http://") + "/", idempotent=False)
    assert not isinstance(err.value, AmbiguousResult)


# -- proxies from the environment ------------------------------------------------------------------


def test_use_proxy_false_ignores_the_environment_proxies(server, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:%d" % _closed_port())
    with pytest.raises(ConnectError, match="proxy"):
        HttpClient(retries=0).request("GET", server.url + "/")
    assert HttpClient(retries=0, use_proxy=False).request("GET", server.url + "/").status_code == 200


def test_no_proxy_bypasses_the_proxy(server, monkeypatch):
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:%d" % _closed_port())
    monkeypatch.setenv("no_proxy", "localhost,127.0.0.1")
    assert HttpClient(retries=0).request("GET", server.url + "/").status_code == 200


def test_a_proxy_password_never_reaches_a_message(server, monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://squid-user:Pr0xy%%2FPass@127.0.0.1:%d" % _closed_port())
    monkeypatch.setenv("HTTP_PROXY", "http://squid-user:Pr0xy%%2FPass@127.0.0.1:%d" % _closed_port())
    client = HttpClient(retries=0)
    with pytest.raises(ConnectError) as err:
        client.request("GET", server.url + "/")
    assert "Pr0xy" not in str(err.value) and "proxy" in str(err.value)
    assert "Pr0xy/Pass" not in client.redact("echo Pr0xy/Pass and Pr0xy%2FPass")


# -- URLs ------------------------------------------------------------------------------------------


def test_a_url_with_trailing_whitespace_says_so_not_invalid_port():
    with pytest.raises(ClientError, match="whitespace at its end") as err:
        HttpClient().request("GET", "http://127.0.0.1:9191 ")
    assert "port" not in str(err.value)


def test_credentials_in_a_url_are_refused_and_not_echoed():
    with pytest.raises(ClientError, match="holds credentials") as err:
        HttpClient().request("GET", "http://admin:S3cretPass@127.0.0.1:9191/")
    assert "S3cretPass" not in str(err.value)


# -- secrets as servers echo them -----------------------------------------------------------------


@pytest.mark.parametrize("secret", ["tok&en<with>/chars'\"=", "a/b&c", "plain-token-123"])
def test_escaped_forms_of_a_secret_are_redacted(secret):
    redact = Redactor([secret])
    echoes = [
        secret.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),
        secret.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;")
        .replace('"', "&quot;"),
        json.dumps(secret)[1:-1],
        json.dumps(secret)[1:-1].replace("/", "\\/"),
        "".join("\\u%04x" % ord(c) if c in "<>&='" else c for c in json.dumps(secret)[1:-1]),
    ]
    for echo in echoes:
        assert secret not in redact(echo) and echo not in redact("x " + echo + " y"), echo


def test_a_token_echoed_escaped_in_an_error_page_is_masked(server):
    server.mode = "echo_token"
    token = "Tok/en&<1234>"
    client = HttpClient(redactor=Redactor([token]), retries=0)
    answer = client.request("POST", server.url + "/rpc", data=token.encode("utf-8"), idempotent=True)
    assert "&amp;" in answer.text and "\\/" in answer.text
    shown = client.redact(answer.text)
    for form in ("Tok/en&<1234>", "Tok/en&amp;&lt;1234>", "Tok\\/en&<1234>"):
        assert form not in shown
    assert shown.count(REDACTED) == 2


# -- XML -------------------------------------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0" encoding="UTF-16"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<methodResponse><params><param><value><string>&lol4;</string></value></param></params></methodResponse>"""


@pytest.mark.parametrize("encoding, declared", [
    ("utf-16", "UTF-16"), ("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE"), ("utf-8", "UTF-8")])
def test_a_dtd_is_refused_whatever_the_encoding(encoding, declared):
    document = BILLION_LAUGHS.replace("UTF-16", declared).encode(encoding)
    with pytest.raises(ValueError, match="DTD"):
        xmlrpc_loads(document)


def test_an_encoding_expat_cannot_read_is_refused_unparsed():
    with pytest.raises((ValueError, xml.parsers.expat.ExpatError)):
        xmlrpc_loads(BILLION_LAUGHS.replace("UTF-16", "UTF-32").encode("utf-32"))


def test_utf16_answers_without_a_dtd_still_parse():
    document = xmlrpc.client.dumps(("Grüße",), methodresponse=True, encoding="utf-16").encode("utf-16")
    assert xmlrpc_loads(document)[0] == ("Grüße",)
