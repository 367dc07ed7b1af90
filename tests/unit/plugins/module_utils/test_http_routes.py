# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The lean request path (issue 19): each URL's pool, proxy and request target are worked out once per
client and reused, and what that must not change: NO_PROXY per host, CONNECT for HTTPS through a proxy,
the proxy's credentials, headers as callers give them, URL checks on every call, a closed client."""

import base64
import select
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from ansible_collections.printops.print_management.plugins.module_utils._http import (
    ClientError,
    ConnectError,
    HttpClient,
)
from ansible_collections.printops.print_management.plugins.module_utils._transport import (
    _classify,
    _NotConnected,
)
from ansible_collections.printops.print_management.tests.simulators.savapage import make_certificate

urllib3 = pytest.importorskip("urllib3")


class _Origin(BaseHTTPRequestHandler):
    """Answers every request with 200 and records its method, path and headers."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def setup(self):
        super().setup()
        self.server.connections += 1

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.seen.append((self.command, self.path, self.headers, body))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    do_GET = do_POST = do_PUT = _answer


class _Proxy(BaseHTTPRequestHandler):
    """A forward proxy: absolute-URL requests are forwarded, CONNECT is tunnelled; every request is logged."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _forward(self):
        self.server.log.append((self.command, self.path, self.headers.get("Proxy-Authorization")))
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        target = urlsplit(self.path)
        with socket.create_connection((target.hostname, target.port)) as upstream:
            upstream.sendall(("%s %s HTTP/1.1\r\nHost: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
                              % (self.command, target.path, target.netloc, len(body))).encode("ascii") + body)
            answer = b""
            while True:
                data = upstream.recv(65536)
                if not data:
                    break
                answer += data
        self.wfile.write(answer.replace(b"Connection: close\r\n", b""))

    do_GET = do_POST = _forward

    def do_CONNECT(self):  # pylint: disable=invalid-name
        self.server.log.append(("CONNECT", self.path, self.headers.get("Proxy-Authorization")))
        host, port = self.path.rsplit(":", 1)
        upstream = socket.create_connection((host, int(port)))
        self.send_response(200, "Connection established")
        self.end_headers()
        sockets = [self.connection, upstream]
        try:
            while True:
                readable = select.select(sockets, [], [], 10)[0]
                if not readable:
                    return
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    (upstream if sock is self.connection else self.connection).sendall(data)
        finally:
            upstream.close()
            self.close_connection = True


def _start(handler, tls=None):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    httpd.connections, httpd.seen, httpd.log = 0, [], []
    scheme = "http"
    if tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*tls)
        httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
        scheme = "https"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    httpd.port = httpd.server_address[1]
    httpd.url = "%s://127.0.0.1:%d" % (scheme, httpd.port)
    return httpd


@pytest.fixture
def origin():
    httpd = _start(_Origin)
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def proxy():
    httpd = _start(_Proxy)
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def tls_origin(tmp_path):
    cert = make_certificate(str(tmp_path))
    httpd = _start(_Origin, tls=cert)
    httpd.ca = cert[0]
    yield httpd
    httpd.shutdown()
    httpd.server_close()


pytestmark = pytest.mark.usefixtures("clean_network_environment")


def test_one_client_honours_no_proxy_per_host_on_every_call(origin, proxy, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    client = HttpClient(retries=0)
    via_name = "http://localhost:%d" % origin.port  # the same server, by a name NO_PROXY does not list
    for round_ in range(2):
        assert client.request("GET", origin.url + "/direct-%d" % round_).status_code == 200
        assert client.request("POST", via_name + "/proxied-%d" % round_, data=b"x").status_code == 200
    assert [(method, path) for method, path, _auth in proxy.log] == [
        ("POST", via_name + "/proxied-0"), ("POST", via_name + "/proxied-1")]
    assert [path for _m, path, _h, _b in origin.seen] == ["/direct-0", "/proxied-0", "/direct-1", "/proxied-1"]


def test_the_proxy_credentials_reach_the_proxy_on_every_call(origin, proxy, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://egress:s3cr3t-pw@127.0.0.1:%d" % proxy.port)
    client = HttpClient(retries=0)
    for _n in range(2):
        assert client.request("GET", origin.url + "/").status_code == 200
    expected = "Basic " + base64.b64encode(b"egress:s3cr3t-pw").decode("ascii")
    assert [auth for _m, _p, auth in proxy.log] == [expected, expected]
    # the origin never sees them
    assert all("Proxy-Authorization" not in headers for _m, _p, headers, _b in origin.seen)


def test_https_through_the_proxy_uses_one_connect_tunnel_for_kept_calls(tls_origin, proxy, monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    client = HttpClient(retries=0, ca_path=tls_origin.ca)
    for n in range(3):
        assert client.request("POST", tls_origin.url + "/rpc", data=b"%d" % n, idempotent=True).content == b"ok"
    assert proxy.log == [("CONNECT", "127.0.0.1:%d" % tls_origin.port, None)]
    assert [body for _m, _p, _h, body in tls_origin.seen] == [b"0", b"1", b"2"]


def test_headers_merge_whatever_their_case_and_content_length_is_the_bodys(origin):
    client = HttpClient(retries=0, user_agent="ua-test")
    for _n in range(2):  # the second from what was prepared for the first
        client.request("POST", origin.url + "/x", data=b"abc", idempotent=True,
                       headers={"accept": "text/xml", "Content-Length": "999"})
    client.request("GET", origin.url + "/y")
    client.request("PUT", origin.url + "/z")
    for _method, _path, headers, body in origin.seen[:2]:
        assert headers.get_all("Accept") == ["text/xml"]
        assert headers.get_all("Content-Length") == ["3"] and body == b"abc"
        assert headers["User-Agent"] == "ua-test"
    assert origin.seen[2][2].get("Content-Length") is None  # a GET without a body says nothing of one
    assert origin.seen[3][2].get("Content-Length") == "0"
    assert origin.connections == 1


def test_a_bad_url_is_refused_on_every_call_not_only_the_first():
    client = HttpClient(retries=0)
    for _n in range(2):
        with pytest.raises(ClientError, match="whitespace at its end"):
            client.request("GET", "http://127.0.0.1:9191/x ")


def test_a_closed_client_opens_new_connections_rather_than_failing(origin):
    client = HttpClient(retries=0)
    assert client.request("GET", origin.url + "/").status_code == 200
    client.close()
    assert client.request("POST", origin.url + "/", data=b"1", idempotent=False).status_code == 200
    assert origin.connections == 2


def test_a_closed_pool_means_nothing_was_sent():
    # urllib3 raises it before it takes a connection: a write is safe to send again, not ambiguous
    failure = _classify(urllib3.exceptions.ClosedPoolError(None, "Pool is closed."), urlsplit("http://h:1/"), {})
    assert isinstance(failure, _NotConnected)


def test_a_refused_connection_through_a_dead_proxy_names_the_proxy(monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:%d" % port)
    with pytest.raises(ConnectError, match="through http://127.0.0.1:%d" % port):
        HttpClient(retries=0).request("POST", "https://printix.example/x", data=b"1", idempotent=False)


@pytest.mark.parametrize("proxy_url", ["http://", "http://egress:s3cr3t-pw@[bad", "socks5://127.0.0.1:1"])
def test_a_proxy_url_urllib3_cannot_use_is_a_clear_error_and_no_write_looks_ambiguous(proxy_url, monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", proxy_url)
    client = HttpClient(retries=2, sleep=lambda s: None)
    with pytest.raises(ConnectError, match="cannot be used") as err:
        client.request("POST", "https://printix.example/x", data=b"1", idempotent=False)
    assert "HTTPS_PROXY" in str(err.value) and "s3cr3t-pw" not in str(err.value)
