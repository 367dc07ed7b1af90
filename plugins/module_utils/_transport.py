# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""One attempt of one request, on requests and urllib3: keep-alive pools, the deadline, TLS trust,
proxies from the environment, and what a failure means. Internal; may change in any release.

Everything the environment may say (proxies, CA bundles) is read once per client, not per
request. urllib3 retries nothing and follows no redirect: the retry rule is _http's.
"""

from __future__ import annotations

import base64
import json as _json
import os
import re
import socket
import ssl
import threading
import time
import traceback
from http.client import BadStatusLine, HTTPConnection
from urllib.parse import unquote, urlsplit

try:
    import requests
    import requests.adapters
    import requests.structures
    import requests.utils
    import urllib3
    from urllib3 import connection as _u3_connection
    from urllib3 import connectionpool as _u3_pool
    from urllib3 import exceptions as _u3_errors
    from urllib3.util.retry import Retry
except ImportError:  # the module reports it with missing_required_lib (see _module.new_module)
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None


# The largest answer read into memory. The biggest the products send are report
# files (SavaPage PDF/CSV); a larger answer is refused, never buffered.
MAX_ANSWER = 64 * 1024 * 1024

# How often the deadline watchdog looks at the requests in flight (seconds).
WATCH_INTERVAL = 0.1


# Failures of one attempt, as seen by the transport; request() decides what each means.
class _NotConnected(Exception):
    """No connection was made: nothing reached the server."""


class _TLSFailure(Exception):
    """The TLS handshake failed (certificate not trusted, name mismatch...)."""


class _Lost(Exception):
    """The connection failed after the request started to go out."""


class _NoAnswer(Exception):
    """No whole answer within the deadline, after the request was sent."""


class _TooLarge(Exception):
    """The answer is larger than the client reads into memory."""


class _Refused(Exception):
    """The server cannot have processed the request (it speaks another protocol)."""


# -- the deadline: one watchdog per client ------------------------------------------------
# A socket timeout bounds each read, not the request: a server that sends one
# byte a second never trips it. The watchdog shuts the socket of any request
# still in flight at its deadline, whatever it is doing (connecting, sending,
# waiting for the status line, reading the body).
# per thread: the ticket of the request it is sending, and whether that wants a fresh connection
_current = threading.local()


class _Watchdog(object):
    def __init__(self, interval=WATCH_INTERVAL):
        self.interval = interval
        self._tickets = {}
        self._lock = threading.Lock()
        self._thread = None

    def arm(self, timeout):
        ticket = [time.monotonic() + timeout, None, False, False]  # deadline, connection, fired, connected
        with self._lock:
            self._tickets[id(ticket)] = ticket
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="http-deadline", daemon=True)
                self._thread.start()
        return ticket

    def disarm(self, ticket):
        with self._lock:
            self._tickets.pop(id(ticket), None)
            return ticket[2]

    def _run(self):
        idle = 0
        while True:
            time.sleep(self.interval)
            now = time.monotonic()
            with self._lock:
                idle = 0 if self._tickets else idle + 1
                if idle >= 10:  # nothing in flight for a second: stop; arm() starts another when needed
                    self._thread = None
                    return
                due = [ticket for ticket in self._tickets.values() if ticket[0] <= now and not ticket[2]]
                for ticket in due:
                    ticket[2] = True
            for ticket in due:
                sock = getattr(ticket[1], "sock", None)
                if sock is not None:
                    try:
                        sock.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass


def _watch(conn, connecting=False):
    ticket = getattr(_current, "ticket", None)
    if ticket is not None:
        ticket[1] = conn
        ticket[3] = ticket[3] or connecting


if HAS_REQUESTS:
    class _Watched(object):
        """Connection behaviour shared by HTTP and HTTPS: watched by the deadline, fresh when asked."""

        def connect(self):
            _watch(self, connecting=True)
            super().connect()

        def request(self, method, url, body=None, headers=None, **kwargs):
            _watch(self)
            if not isinstance(body, bytes) or len(body) > 65536:
                return super().request(method, url, body=body, headers=headers, **kwargs)
            # The request line, headers and a small body in one send rather than two:
            # one system call and one TCP segment less per call, on both sides.
            self._coalesced = []
            try:
                super().request(method, url, body=body, headers=headers, **kwargs)
            finally:
                parts, self._coalesced = self._coalesced, None
            return super().send(b"".join(parts))

        def send(self, data):
            if getattr(self, "_coalesced", None) is not None and isinstance(data, bytes):
                self._coalesced.append(data)
                return None
            return super().send(data)

        def putheader(self, header, *values):
            # urllib3's own only checks for its SKIP_HEADER marker, which nothing here sends
            HTTPConnection.putheader(self, header, *values)

        @property
        def is_connected(self):
            # The pool asks this before reusing an idle connection. A non-idempotent call
            # gets a connection of its own: on a reused one, a server closing it as idle
            # while the request goes out would look like a lost answer, and fail a write as
            # ambiguous that was never received.
            if getattr(_current, "fresh", False):
                return False
            return super().is_connected

    class _HTTPConnection(_Watched, _u3_connection.HTTPConnection):
        pass

    class _HTTPSConnection(_Watched, _u3_connection.HTTPSConnection):
        pass

    class _HTTPPool(_u3_pool.HTTPConnectionPool):
        ConnectionCls = _HTTPConnection

    class _HTTPSPool(_u3_pool.HTTPSConnectionPool):
        ConnectionCls = _HTTPSConnection

    _POOLS = {"http": _HTTPPool, "https": _HTTPSPool}

    # urllib3 retries nothing (the retry rule is _http's) and follows no redirect
    _NO_RETRIES = Retry(0, read=False)

    class _Adapter(requests.adapters.HTTPAdapter):
        """Pools of watched connections that verify with the client's own TLS context, and lean answers."""

        def __init__(self, tls_context, pool_size):
            self._tls_context = tls_context
            super().__init__(pool_connections=16, pool_maxsize=pool_size, max_retries=_NO_RETRIES)

        def init_poolmanager(self, connections, maxsize, block=False, **pool_kwargs):
            super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
            self.poolmanager.pool_classes_by_scheme = _POOLS

        def proxy_manager_for(self, proxy, **proxy_kwargs):
            new = proxy not in self.proxy_manager
            manager = super().proxy_manager_for(proxy, **proxy_kwargs)
            if new:
                manager.pool_classes_by_scheme = _POOLS
            return manager

        def build_connection_pool_key_attributes(self, request, verify, cert=None):
            host_params, pool_kwargs = super().build_connection_pool_key_attributes(request, verify, cert)
            if host_params["scheme"] == "https":
                # The TLS context says everything (see HttpClient.tls_context); requests would
                # add its own CA bundle to it, widening what ca_path says.
                pool_kwargs["ssl_context"] = self._tls_context()
            return host_params, pool_kwargs

    class _Prepared(object):
        """What one request sends: the lean form of requests' PreparedRequest, for bytes or no body."""

        __slots__ = ("method", "url", "headers", "body")

        def __init__(self, method, url, headers, body):
            self.method, self.url, self.headers, self.body = method, url, headers, body


def proxy_credentials():
    """Passwords (and Basic credentials) in the environment's proxy URLs, for the redactor."""
    found = []
    for name, value in os.environ.items():
        if not name.lower().endswith("_proxy") or not value:
            continue
        try:
            parts = urlsplit(value if "://" in value else "http://" + value)
            user, password = parts.username, parts.password
        except ValueError:
            continue
        if password:
            found.extend([password, unquote(password)])
            found.append(base64.b64encode(("%s:%s" % (unquote(user or ""), unquote(password))).encode("utf-8"))
                         .decode("ascii"))
    return found


class Response(object):
    """What a request returned: status, headers (case-insensitive) and the whole body."""

    def __init__(self, status_code, headers, content, url=None, reason=""):
        self.status_code = status_code
        self.headers = headers
        self.content = content
        self.url = url
        self.reason = reason

    @property
    def encoding(self):
        match = re.search(r"(?i)charset=[\"']?([\w.:-]+)", self.headers.get("Content-Type") or "")
        return match.group(1) if match else "utf-8"

    @property
    def text(self):
        try:
            return self.content.decode(self.encoding, "replace")
        except LookupError:  # an unknown charset name
            return self.content.decode("utf-8", "replace")

    def json(self):
        """The body parsed as JSON; raises ValueError when it is not JSON."""
        return _json.loads(self.text)


class TrustError(Exception):
    """A CA file or directory the task or the environment names cannot be used."""


class Transport(object):
    """One requests Session per client; its HTTPAdapter keeps a pool of ``pool_size`` connections per host.

    Requests go straight to the urllib3 pool the adapter chose for their URL
    (TLS context, proxy, CONNECT tunnel), chosen once per URL: nothing the
    environment or the URL decides is worked out again per request.
    """

    def __init__(self, validate_certs=True, ca_path=None, pool_size=10, use_proxy=True, max_answer=MAX_ANSWER):
        self.validate_certs = validate_certs
        self.ca_path = ca_path
        self.pool_size = pool_size
        self.use_proxy = use_proxy
        self.max_answer = max_answer
        self._lock = threading.Lock()
        self._tls = None
        self._session = None  # one requests Session per client; its adapter holds the pools
        self._proxies = {}  # (scheme, netloc) -> the proxies the environment sets for it
        self._urls = {}  # URL -> as requests sends it
        self._headers = {}  # headers as given -> as sent (one value per name, whatever its case)
        self._routes = {}  # URL -> (pool, request target, URL parts, proxies)
        self._watchdog = _Watchdog()
        if not validate_certs:
            # the module warns once in its own words; urllib3 would warn on every request
            urllib3.disable_warnings(_u3_errors.InsecureRequestWarning)

    def tls_context(self):
        """The TLS settings of every HTTPS connection, built once.

        In order: ``validate_certs=False`` verifies nothing, whatever the
        environment says; ``ca_path`` alone when given; otherwise the system's
        trust store plus the bundles named by ``REQUESTS_CA_BUNDLE`` and
        ``SSL_CERT_FILE`` (how corporate CAs reach execution environments).
        """
        if self._tls is None:
            if not self.validate_certs:
                context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
            elif self.ca_path:
                context = _trust("ca_path", self.ca_path)
            else:
                context = ssl.create_default_context()
                defaults = ssl.get_default_verify_paths()
                if os.environ.get("SSL_CERT_FILE") and os.path.isfile(defaults.openssl_cafile or ""):
                    # OpenSSL reads SSL_CERT_FILE *instead of* the system bundle: load both
                    context.load_verify_locations(cafile=defaults.openssl_cafile)
                for variable in ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE"):
                    if os.environ.get(variable):
                        _trust(variable, os.environ[variable], context)
            self._tls = context
        return self._tls

    def prepare(self, method, url, headers, data, json, params):
        """What requests' PreparedRequest.prepare makes of a request, less cookies, auth from the URL and hooks.

        Bytes or no body (the XML-RPC and JSON-RPC calls, GETs), without params:
        the URL and the headers prepared once, a lean object per call.
        """
        if params or json is not None or not (data is None or isinstance(data, bytes)):
            prepared = requests.PreparedRequest()
            prepared.method = method
            prepared.prepare_url(url, params)
            prepared.prepare_headers(headers)
            prepared.prepare_body(data, None, json)
            return prepared
        prepared_url = self._urls.get(url)
        if prepared_url is None:
            probe = requests.PreparedRequest()
            probe.prepare_url(url, None)
            prepared_url = self._urls[url] = probe.url
        key = tuple(headers.items())
        base = self._headers.get(key)
        if base is None:
            if len(self._headers) > 256:  # per-user credentials (SavaPage): keep the cache small
                self._headers.clear()
            base = self._headers[key] = {name: value for name, value in
                                         requests.structures.CaseInsensitiveDict(headers).items()
                                         if name.lower() != "content-length"}
        send_headers = dict(base)
        if data is not None:
            send_headers["Content-Length"] = str(len(data))
        elif method not in ("GET", "HEAD"):
            send_headers["Content-Length"] = "0"
        return _Prepared(method, prepared_url, send_headers, data)

    def _route(self, url):
        """The urllib3 pool for ``url`` (through the proxy the environment sets for it) and what to ask it for."""
        if self._session is None:
            with self._lock:
                if self._session is None:
                    session = requests.Session()
                    session.trust_env = False  # the environment is read once per client (_proxies_for), not per request
                    adapter = _Adapter(self.tls_context, self.pool_size)
                    session.mount("https://", adapter)
                    session.mount("http://", adapter)
                    self._session = session
        parts = urlsplit(url)
        proxies = self._proxies_for(parts)
        probe = requests.PreparedRequest()
        probe.url = url
        adapter = self._session.get_adapter(url)
        pool = adapter.get_connection_with_tls_context(probe, self.validate_certs, proxies=proxies)
        proxy = requests.utils.select_proxy(url, proxies)
        if proxy and parts.scheme != "https" and not proxy.lower().startswith("socks"):
            target = requests.utils.urldefragauth(url)  # to an HTTP proxy: the absolute URL
        else:
            target = (parts.path or "/") + ("?" + parts.query if parts.query else "")
        if len(self._routes) > 512:  # URLs with query strings: keep the cache small
            self._routes.clear()
        route = self._routes[url] = (pool, target, parts, proxies)
        return route

    def _proxies_for(self, parts):
        """The proxies for this scheme and host: HTTPS_PROXY/HTTP_PROXY unless NO_PROXY or use_proxy say not."""
        if not self.use_proxy:
            return {}
        key = (parts.scheme, parts.netloc)
        proxies = self._proxies.get(key)
        if proxies is None:
            proxies = self._proxies[key] = requests.utils.get_environ_proxies("%s://%s/" % key) or {}
        return proxies

    def send(self, prepared, timeout, fresh=False):
        """Send once and read the whole answer within ``timeout``; returns urllib3's answer and its body.

        Raises one of the ``_`` failures above. ``fresh`` (every non-idempotent call)
        sends on a new connection (see _Watched).
        """
        route = self._routes.get(prepared.url)
        if route is None or route[0].pool is None:  # new, or its pool was closed
            try:
                route = self._route(prepared.url)
            except (requests.exceptions.RequestException, _u3_errors.HTTPError, ValueError) as exc:
                # nothing was sent: a proxy URL (or URL) that urllib3 cannot use
                proxy = requests.utils.select_proxy(prepared.url, self._proxies_for(urlsplit(prepared.url)))
                raise _Refused("%s cannot be used: %s%s" % (
                    "the proxy %s (from HTTPS_PROXY/HTTP_PROXY)" % proxy if proxy else prepared.url, _os_text(exc),
                    "; use_proxy=false or NO_PROXY bypass it" if proxy else ""))
        pool, target, parts, proxies = route
        ticket = self._watchdog.arm(timeout)
        _current.ticket, _current.fresh = ticket, fresh
        answer = None
        try:
            try:
                # What HTTPAdapter.send asks of the pool, without working out the pool again. The
                # URL is already encoded: request_encode_url adds nothing to it, and unlike request()
                # it does not copy the headers into a new HTTPHeaderDict per call.
                answer = pool.request_encode_url(
                    prepared.method, target, headers=prepared.headers, body=prepared.body,
                    retries=_NO_RETRIES, redirect=False, assert_same_host=False, preload_content=False,
                    decode_content=False, timeout=timeout,
                    chunked=not (prepared.body is None or "Content-Length" in prepared.headers))
                _current.fresh = False
                content = self._read(answer)
            except (requests.exceptions.RequestException, _u3_errors.HTTPError, OSError) as exc:
                if answer is not None:
                    answer.close()
                if ticket[2]:
                    raise _NoAnswer("no whole answer within %ss" % timeout)
                failure = _classify(exc, parts, proxies)
                if isinstance(failure, _Lost) and parts.scheme == "http" and answer is None and ticket[3] and \
                        not requests.utils.select_proxy(prepared.url, proxies) and _speaks_tls(parts, timeout):
                    # a TLS server drops an HTTP request unread: nothing was applied
                    failure = _Refused("the server at %s speaks TLS: it expects HTTPS, so the URL must start with "
                                       "https://" % parts.netloc)
                raise failure
        finally:
            fired = self._watchdog.disarm(ticket)
            _current.ticket = _current.fresh = None
        if fired:  # an answer cut short at the deadline may look whole (a body read until close)
            answer.close()
            raise _NoAnswer("no whole answer within %ss" % timeout)
        return answer, content

    def _read(self, answer):
        """The body, never more than ``max_answer`` bytes of it in memory."""
        length = answer.length_remaining  # the Content-Length, as urllib3 read it; None when chunked or invalid
        if length is not None and not answer.headers.get("Content-Encoding"):
            if length > self.max_answer:
                answer.close()
                raise _TooLarge("Content-Length %d" % length)
            return answer.read()
        chunks, size = [], 0
        for chunk in answer.stream(65536, decode_content=True):
            size += len(chunk)
            if size > self.max_answer:
                answer.close()
                raise _TooLarge("more than that had come")
            chunks.append(chunk)
        return b"".join(chunks)

    def close(self):
        if self._session is not None:
            self._session.close()


def _trust(option, path, context=None):
    """``context`` (a new one when None) trusting the CA certificates at ``path``; a clear error otherwise."""
    if not os.path.exists(path):
        raise TrustError("%s %s does not exist; give the file (PEM) or directory of the CA certificates that "
                         "signed the server's certificate" % (option, path))
    where = {"capath": path} if os.path.isdir(path) else {"cafile": path}
    try:
        if context is None:
            return ssl.create_default_context(**where)
        context.load_verify_locations(**where)
    except (ssl.SSLError, OSError, ValueError) as exc:
        raise TrustError("%s %s holds no usable CA certificate (PEM expected): %s" % (option, path, exc))
    return context


def _chain(exc):
    """``exc`` and every exception it wraps (urllib3's and requests' wrappers, causes)."""
    seen, todo = [], [exc]
    while todo and len(seen) < 20:
        current = todo.pop(0)
        if not isinstance(current, BaseException) or any(current is s for s in seen):
            continue
        seen.append(current)
        todo.extend(arg for arg in current.args if isinstance(arg, BaseException))
        todo.extend([getattr(current, "reason", None), current.__cause__, current.__context__])
    return seen


def _classify(exc, parts, proxies):
    """The transport failure ``exc`` means, as one of the ``_`` failures."""
    chain = _chain(exc)
    innermost = [e for e in chain if type(e).__module__.split(".")[0] not in ("urllib3", "requests")]
    detail = "%s: %s" % (parts.netloc, _os_text(innermost[-1] if innermost else chain[-1]))

    def has(*types):
        return any(isinstance(e, types) for e in chain)

    if has(_u3_errors.ClosedPoolError):  # raised before a connection is taken: nothing was sent
        return _NotConnected("%s: the connection pool was closed" % parts.netloc)
    if has(_u3_errors.ProxyError, requests.exceptions.ProxyError):
        proxy = requests.utils.select_proxy("%s://%s/" % (parts.scheme, parts.netloc), proxies) or "the proxy"
        return _NotConnected("through %s (from HTTPS_PROXY/HTTP_PROXY; use_proxy=false or NO_PROXY bypass it): %s"
                             % (proxy, _os_text(innermost[-1] if innermost else chain[-1])))
    if has(ssl.SSLError, _u3_errors.SSLError, requests.exceptions.SSLError):
        tls = [e for e in chain if isinstance(e, ssl.SSLError)]
        return _TLSFailure(getattr(tls[0], "verify_message", None) or tls[0].reason or tls[0] if tls else exc)
    if has(_u3_errors.ConnectTimeoutError, requests.exceptions.ConnectTimeout):
        if has(_u3_errors.NewConnectionError) and not has(socket.timeout, TimeoutError):
            return _NotConnected(detail)
        return _NotConnected("timed out connecting to %s" % parts.netloc)
    if has(_u3_errors.NewConnectionError, _u3_errors.NameResolutionError):
        return _NotConnected(detail)
    for error in chain:
        if isinstance(error, BadStatusLine) and str(error.line)[:2] in ("\x15\x03", "\x16\x03"):
            # a TLS record where an HTTP status line belongs: it cannot have read our request
            return _Refused("the server at %s answered with TLS: it expects HTTPS, so the URL must start with "
                            "https://" % parts.netloc)
    if has(_u3_errors.ReadTimeoutError, requests.exceptions.ReadTimeout, socket.timeout):
        return _NoAnswer(detail)
    return _Lost(detail)


def _speaks_tls(parts, timeout):
    """Whether the server at ``parts`` answers a TLS handshake (asked after it dropped a plain HTTP request)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with socket.create_connection((parts.hostname, parts.port or 80), timeout=min(timeout, 5)) as sock:
            with context.wrap_socket(sock, server_hostname=parts.hostname):
                return True
    except ssl.SSLError as exc:
        return "ALERT" in str(exc).upper()  # a TLS alert is TLS too; an HTTP answer is not
    except (OSError, ValueError):
        return False


def _os_text(exc):
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return "%s: %s" % (type(exc).__name__, exc) if str(exc) else type(exc).__name__
