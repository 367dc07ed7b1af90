# -*- coding: utf-8 -*-
# Copyright: (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""One HTTP client per product client: keep-alive, deadlines, TLS, proxies, retries and redaction.

Internal to the collection; may change in any release.

The retry rule is the heart of this file. A request may be sent again only
when doing so cannot apply a change twice:

* the connection was never established (nothing reached the server), or
* the server said it did not process the request (429), or
* the call is *idempotent* (a read, or a write that sets an absolute value)
  and the failure is transient (5xx, reset; a timeout only for a read).

A non-idempotent call (adjusting money) that fails after its bytes may have
reached the server raises ``AmbiguousResult`` and is never re-sent. So does a
write of any kind whose answer did not come in time: the first request may
still be running on the server, and a second one would race it (a late first
``setUserAccountBalance`` overwriting the value a later task set).

The transport is ``requests`` on ``urllib3``: one Session per client, one pool
of keep-alive connections sized to the bulk runner's concurrency, urllib3's
own retries and redirects off (the rule above is ours), and everything the
environment may say (proxies, CA bundles) merged once per client rather than
per request.
"""

from __future__ import annotations

import base64
import json as _json
import os
import random
import re
import socket
import ssl
import threading
import time
import traceback
import xml.parsers.expat
import xmlrpc.client
from http.client import BadStatusLine
from urllib.parse import quote, quote_plus, unquote, urlsplit

try:
    import requests
    import requests.adapters
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

REDACTED = "********"

# Status codes after which the server has, by the HTTP spec or by the
# products' behaviour, not acted on the request, or acted idempotently:
# 429: throttled before processing; safe for every call.
# 502/503/504: gateway or server unavailable; usually not processed, but a
#     proxy may have forwarded the request, so only idempotent calls retry.
# 500: the server failed somewhere inside; only idempotent calls retry.
RETRY_ALWAYS = frozenset([429])
RETRY_IF_IDEMPOTENT = frozenset([500, 502, 503, 504])

# The largest answer read into memory. The biggest the products send are report
# files (SavaPage PDF/CSV); a larger answer is refused, never buffered.
MAX_ANSWER = 64 * 1024 * 1024

# How often the deadline watchdog looks at the requests in flight (seconds).
WATCH_INTERVAL = 0.1


class ClientError(Exception):
    """Base of every error a client raises; its text is always redacted."""

    def __init__(self, message, status=None, details=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.details = details or {}

    def __str__(self):
        return self.message


class ConnectError(ClientError):
    """The server could not be reached at all."""


class TLSError(ClientError):
    """The server's certificate could not be verified."""


class RequestTimeout(ClientError):
    """The server did not answer within ``timeout``."""


class HTTPStatusError(ClientError):
    """The server answered with an unexpected HTTP status."""


class AmbiguousResult(ClientError):
    """A write may or may not have been applied."""


class Redactor(object):
    """Removes secrets, also as servers echo them escaped, from any text that may reach a user."""

    _PATTERNS = [
        # credentials embedded in URLs: scheme://user:pass@host
        (re.compile(r"(?i)([a-z][a-z0-9+.-]*://)([^/@\s:]+):([^/@\s]+)@"), r"\1\2:" + REDACTED + "@"),
        # Authorization / X-Auth-Key style headers shown in exception text
        (re.compile(r"(?i)((?:authorization|x-auth-key|proxy-authorization)['\"]?\s*[:=]\s*['\"]?)([^'\",}\r\n]+)"),
         r"\1" + REDACTED),
        # bearer tokens
        (re.compile(r"(?i)(bearer\s+)[a-z0-9._~+/=-]+"), r"\1" + REDACTED),
        # client_secret=... / password=... in form bodies or query strings
        (re.compile(r"(?i)((?:client_secret|password|access_token|auth_token|secret|pin)=)[^&\s'\"]+"),
         r"\1" + REDACTED),
    ]

    def __init__(self, secrets=()):
        self._secrets = set()
        self._ordered = []
        for secret in secrets:
            self.add(secret)

    def add(self, secret):
        if secret is None:
            return
        secret = str(secret)
        # Very short values (a 1-char PIN) would shred every message; they
        # are still kept out of output by no_log on the option itself.
        if len(secret) >= 3 and secret not in self._secrets:
            self._secrets.update(_escaped_forms(secret))
            # longest first, so a secret containing another is removed whole
            self._ordered = sorted(self._secrets, key=len, reverse=True)

    def __call__(self, text):
        if text is None:
            return text
        text = str(text)
        for secret in self._ordered:
            if secret in text:
                text = text.replace(secret, REDACTED)
        for pattern, repl in self._PATTERNS:
            text = pattern.sub(repl, text)
        return text


def _escaped_forms(secret):
    """``secret`` as it is and as a server may echo it: XML/HTML-, JSON- and URL-escaped."""
    xml_min = secret.replace("&", "&amp;").replace("<", "&lt;")  # all XML requires
    xml_gt = xml_min.replace(">", "&gt;")
    xml_quoted = xml_gt.replace('"', "&quot;")
    forms = {secret, xml_min, xml_gt, xml_quoted, xml_quoted.replace("'", "&apos;"),
             xml_quoted.replace("'", "&#39;"), xml_quoted.replace("'", "&#x27;"),
             quote(secret, safe=""), quote_plus(secret), quote(secret, safe="/:@")}
    as_json = _json.dumps(secret)[1:-1]
    forms.update((as_json, as_json.replace("/", "\\/"), _json.dumps(secret, ensure_ascii=False)[1:-1]))
    # HTML-safe JSON (Gson, Jackson's escapeNonAscii, Java web frameworks): <>&=' as \\u00XX
    safe = "".join("\\u%04x" % ord(c) if c in "<>&='" else c for c in as_json)
    forms.update((safe, safe.replace("/", "\\/"), safe.replace("\\u", "\\U")))
    forms.update(form.upper() for form in list(forms) if "\\u" in form)
    return forms


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
_current = threading.local()  # the ticket of the request this thread is sending, and whether it wants a fresh connection


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
        while True:
            time.sleep(self.interval)
            now = time.monotonic()
            with self._lock:
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

        def request(self, *args, **kwargs):
            _watch(self)
            return super().request(*args, **kwargs)

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

    class _Adapter(requests.adapters.HTTPAdapter):
        """Pools of watched connections that verify with the client's own TLS context, and lean answers."""

        def __init__(self, tls_context, pool_size):
            self._tls_context = tls_context
            # urllib3 retries nothing (the retry rule is ours) and follows no redirect
            super().__init__(pool_connections=4, pool_maxsize=pool_size, max_retries=Retry(0, read=False))

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
                pool_kwargs["ssl_context"] = self._tls_context()
            return host_params, pool_kwargs

        def cert_verify(self, conn, url, verify, cert):
            # The TLS context says everything (see HttpClient.tls_context); requests would
            # add its own CA bundle to it, widening what ca_path says.
            return

        def build_response(self, req, resp):
            # requests' own also parses cookies and guesses encodings, which no client uses
            response = requests.Response()
            response.status_code = resp.status
            response.headers = resp.headers  # urllib3's: case-insensitive, repeated lines joined
            response.reason = resp.reason
            response.raw = resp
            response.url = req.url
            response.request = req
            return response


def _proxy_credentials():
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


class HttpClient(object):
    """Keep-alive HTTP(S) with the collection's TLS, proxy, deadline and retry rules."""

    def __init__(self, validate_certs=True, ca_path=None, timeout=30, retries=3,
                 backoff=0.5, max_backoff=10.0, redactor=None, pool_size=10,
                 user_agent="printops.print_management", sleep=time.sleep, use_proxy=True,
                 max_answer=MAX_ANSWER):
        if not HAS_REQUESTS:
            raise ClientError("The Python package requests is required: pip install requests")
        self.validate_certs = validate_certs
        self.ca_path = ca_path
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.redact = redactor or Redactor()
        self.pool_size = pool_size
        self.user_agent = user_agent
        self.use_proxy = use_proxy
        self.max_answer = max_answer
        self._sleep = sleep
        self._lock = threading.Lock()
        self._tls = None
        self._session = None
        self._proxies = {}  # (scheme, netloc) -> the proxies the environment sets for it
        self._urls = {}  # URL -> as requests sends it
        self._watchdog = _Watchdog()
        self.waited = 0.0
        # Statuses retried on every call. A client that manages its own
        # rate-limit budget (Printix: by time, not attempts) empties this set
        # and gets the 429 response back.
        self.retry_always = RETRY_ALWAYS
        if use_proxy:
            for secret in _proxy_credentials():
                self.redact.add(secret)
        if not validate_certs:
            # the module warns once in its own words; urllib3 would warn on every request
            urllib3.disable_warnings(_u3_errors.InsecureRequestWarning)

    @property
    def verify(self):
        if not self.validate_certs:
            return False
        return self.ca_path or True

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

    def _adapter(self, url):
        if self._session is None:
            with self._lock:
                if self._session is None:
                    adapter = _Adapter(self.tls_context, self.pool_size)
                    session = requests.Session()
                    session.trust_env = False  # the environment is read once, here, not per request
                    session.mount("https://", adapter)
                    session.mount("http://", adapter)
                    self._session = session
        return self._session.get_adapter(url)

    def _proxies_for(self, parts):
        """The proxies for this scheme and host: HTTPS_PROXY/HTTP_PROXY unless NO_PROXY or use_proxy say not."""
        if not self.use_proxy:
            return {}
        key = (parts.scheme, parts.netloc)
        proxies = self._proxies.get(key)
        if proxies is None:
            proxies = self._proxies[key] = requests.utils.get_environ_proxies(
                "%s://%s/" % key) or {}
        return proxies

    def _delay(self, attempt, response=None):
        hint = None
        if response is not None:
            for header in ("Retry-After", "X-Rate-Limit-Retry-After-Seconds"):
                value = response.headers.get(header)
                if value:
                    try:
                        hint = float(value)
                    except ValueError:
                        hint = None
                    break
        if hint is not None:
            return min(max(hint, 0.0), 120.0)
        delay = min(self.max_backoff, self.backoff * (2 ** attempt))
        return delay * (0.5 + random.random() / 2)

    def _prepare(self, method, url, what, data, json, params, headers):
        parts = urlsplit(url)
        if url != url.strip() or re.search(r"\s", parts.netloc):
            where = "at its end" if url.rstrip() != url else "at its start" if url.lstrip() != url else "in its host"
            raise ClientError(self.redact("Cannot send %s: the URL %r has whitespace %s; remove it"
                                          % (what, url, where)))
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ClientError(self.redact("Cannot send %s: %r is not an http(s) URL" % (what, url)))
        if parts.username is not None or parts.password is not None:
            raise ClientError(self.redact("Cannot send %s: the URL holds credentials (user:password@), which are "
                                          "never sent that way; give them in the module's credential options"
                                          % what))
        try:
            parts.port
        except ValueError:
            raise ClientError(self.redact("Cannot send %s: %r has an invalid port" % (what, url)))
        send_headers = {"User-Agent": self.user_agent, "Accept": "*/*"}
        send_headers.update(headers or {})
        # PreparedRequest.prepare, less cookies, auth from the URL (refused above) and hooks;
        # a URL without params is prepared once per client.
        prepared = requests.PreparedRequest()
        prepared.method = method
        try:
            if params:
                prepared.prepare_url(url, params)
            else:
                prepared.url = self._urls.get(url)
                if prepared.url is None:
                    prepared.prepare_url(url, None)
                    self._urls[url] = prepared.url
            prepared.prepare_headers(send_headers)
            prepared.prepare_body(data, None, json)
        except (requests.exceptions.RequestException, ValueError) as exc:
            raise ClientError(self.redact("Cannot send %s: %s" % (what, exc)))
        return prepared, parts

    def request(self, method, url, idempotent=None, what=None, data=None, json=None, params=None,
                headers=None, timeout=None, retry_timeout=None):
        """Send one request; retry only as the module docstring allows.

        ``idempotent`` defaults to True for GET/HEAD/PUT/DELETE/OPTIONS.
        ``retry_timeout`` says whether a call whose answer did not come in time
        may be sent again: by default only GET/HEAD/OPTIONS (reads) and DELETE
        (a late first delete undoes nothing the task did since). Any other
        write whose answer did not come in time is ambiguous: its first
        sending may still be running, and would overwrite a second one.
        ``what`` names the operation in error messages. ``data`` is
        bytes, text or a dict (sent form-encoded); ``json`` is sent as JSON;
        ``params`` are added to the query string (None values left out).
        ``timeout`` bounds the whole exchange (connect, send, the complete
        answer). Returns a :class:`Response` for any status below 500 except
        429 and redirects; the caller interprets 4xx.
        """
        method = method.upper()
        if idempotent is None:
            idempotent = method in ("GET", "HEAD", "PUT", "DELETE", "OPTIONS")
        if retry_timeout is None:
            retry_timeout = method in ("GET", "HEAD", "OPTIONS", "DELETE")
        what = what or "%s %s" % (method, url)
        timeout = timeout or self.timeout
        prepared, parts = self._prepare(method, url, what, data, json, params, headers)
        attempt = 0
        while True:
            response = None
            try:
                response = self._send(prepared, timeout, fresh=not idempotent)
            except _TLSFailure as exc:
                raise TLSError(self.redact(_tls_message(what, parts, exc)))
            except _Refused as exc:
                raise ConnectError(self.redact("Cannot send %s: %s" % (what, exc)))
            except _NotConnected as exc:
                # the connection was never made: nothing reached the server
                err = ConnectError(self.redact("Cannot connect for %s: %s" % (what, _short(exc))))
            except _Lost as exc:
                hint = _plain_http_hint(parts)
                if not idempotent:
                    raise AmbiguousResult(self.redact(
                        "The connection was lost after %s was sent (%s); the server may or may not have applied "
                        "it. It was not re-sent.%s" % (what, _short(exc), hint)))
                err = ConnectError(self.redact("Connection lost during %s: %s%s" % (what, _short(exc), hint)))
            except _NoAnswer as exc:
                if not retry_timeout:
                    raise AmbiguousResult(self.redact(
                        "No answer within %ss to %s; the server may or may not have applied it, and may still be "
                        "applying it. It was not re-sent: read the value back once the server is done."
                        % (timeout, what)))
                err = RequestTimeout(self.redact("No answer within %ss to %s (%s)" % (timeout, what, _short(exc))))
            except _TooLarge as exc:
                text = "The answer to %s is larger than %d bytes (%s) and was not read" % (what, self.max_answer, exc)
                if not idempotent:
                    raise AmbiguousResult(self.redact(text + "; the server may or may not have applied it."))
                raise ClientError(self.redact(text + "."))
            else:
                status = response.status_code
                if status in self.retry_always or (status in RETRY_IF_IDEMPOTENT and idempotent):
                    err = HTTPStatusError(self.redact("HTTP %s from %s: %s" % (status, what, _body_excerpt(response))),
                                          status=status)
                elif status >= 500 and not idempotent:
                    raise AmbiguousResult(self.redact(
                        "HTTP %s from %s; the server may or may not have applied it. It was not "
                        "re-sent. Body: %s" % (status, what, _body_excerpt(response))), status=status)
                elif status >= 500:
                    raise HTTPStatusError(self.redact("HTTP %s from %s: %s" % (status, what, _body_excerpt(response))),
                                          status=status)
                elif 300 <= status < 400 and status != 304:
                    raise HTTPStatusError(self.redact(
                        "HTTP %s from %s: the server redirects to %s, which is not followed (credentials must "
                        "not go where the task did not say). Set the URL to the address it redirects to."
                        % (status, what, response.headers.get("Location") or "an address it does not give")),
                        status=status)
                else:
                    return response
            if attempt >= self.retries:
                err.message = err.message + " (gave up after %d attempts)" % (attempt + 1)
                raise err
            delay = self._delay(attempt, response if isinstance(err, HTTPStatusError) else None)
            self.waited += delay
            self._sleep(delay)
            attempt += 1

    # -- the transport: one attempt, its whole answer read within the deadline ------------------
    def _send(self, prepared, timeout, fresh=False):
        """Send once and read the whole answer; raises one of the ``_`` failures above.

        ``fresh`` (every non-idempotent call) sends on a new connection (see _Watched).
        """
        parts = urlsplit(prepared.url)
        adapter = self._adapter(prepared.url)
        proxies = self._proxies_for(parts)
        ticket = self._watchdog.arm(timeout)
        _current.ticket, _current.fresh = ticket, fresh
        answer = None
        try:
            try:
                answer = adapter.send(prepared, stream=True, timeout=timeout, verify=self.validate_certs,
                                      proxies=proxies)
                _current.fresh = False
                content = self._read(answer)
            except (requests.exceptions.RequestException, _u3_errors.HTTPError, OSError) as exc:
                if answer is not None:
                    answer.close()
                if ticket[2]:
                    raise _NoAnswer("no whole answer within %ss" % timeout)
                failure = _classify(exc, parts, proxies)
                if isinstance(failure, _Lost) and parts.scheme == "http" and not answer and ticket[3] and \
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
        return Response(answer.status_code, answer.headers, content, url=prepared.url, reason=answer.reason)

    def _read(self, answer):
        """The body, never more than ``max_answer`` bytes of it in memory."""
        raw = answer.raw
        headers = answer.headers
        length = headers.get("Content-Length")
        if length and not headers.get("Content-Encoding") and not headers.get("Transfer-Encoding"):
            try:
                length = int(length)
            except ValueError:
                length = None
            if length is not None and length > self.max_answer:
                answer.close()
                raise _TooLarge("Content-Length %d" % length)
            if length is not None:
                return raw.read()
        chunks, size = [], 0
        for chunk in raw.stream(65536, decode_content=True):
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
        raise TLSError("%s %s does not exist; give the file (PEM) or directory of the CA certificates that signed "
                       "the server's certificate" % (option, path))
    where = {"capath": path} if os.path.isdir(path) else {"cafile": path}
    try:
        if context is None:
            return ssl.create_default_context(**where)
        context.load_verify_locations(**where)
    except (ssl.SSLError, OSError, ValueError) as exc:
        raise TLSError("%s %s holds no usable CA certificate (PEM expected): %s" % (option, path, exc))
    return context


# OpenSSL's words for a TLS client talking to a server that answered in plain HTTP
_PLAIN_HTTP_REASONS = ("WRONG_VERSION_NUMBER", "RECORD_LAYER_FAILURE", "PACKET_LENGTH_TOO_LONG", "HTTP_REQUEST",
                       "UNKNOWN_PROTOCOL", "record layer failure", "wrong version number")


def _tls_message(what, parts, exc):
    text = str(exc)
    if any(reason in text for reason in _PLAIN_HTTP_REASONS):
        return ("Cannot send %s: the server at %s answered in plain HTTP, not TLS, so the URL's https:// does not "
                "match it. Use http:// for this port, or the port where the server speaks HTTPS." % (what, parts.netloc))
    return ("TLS verification failed for %s: %s. Set ca_path to the server's CA certificate, or validate_certs=false "
            "if you accept the risk." % (what, text))


def _plain_http_hint(parts):
    if parts.scheme == "http":
        return " If the server speaks HTTPS on this port, the URL must start with https://."
    return ""


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


def xmlrpc_loads(content):
    """``xmlrpc.client.loads`` that refuses a DTD before parsing, whatever the document's encoding.

    An XML-RPC answer never carries one; refusing it blocks entity-expansion
    payloads even where the local expat predates its own amplification limits.
    Raises ValueError for a DTD, as the parser does for other unreadable input.
    """
    head = content if isinstance(content, bytes) else str(content).encode("utf-8", "replace")
    upper = head.upper()
    if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
        raise ValueError("the answer holds a DTD or entity declaration, which XML-RPC never sends; refused unparsed")
    if b"\x00" in head[:4] or head[:2] in (b"\xfe\xff", b"\xff\xfe"):
        # UTF-16/32, where the bytes above are spelt otherwise: let expat, which reads
        # every encoding it parses, look for a DTD before the parse that would expand it
        _refuse_dtd(head)
    return xmlrpc.client.loads(content)


def _refuse_dtd(document):
    def refuse(*_args):
        raise ValueError("the answer holds a DTD or entity declaration, which XML-RPC never sends; refused unparsed")

    scanner = xml.parsers.expat.ParserCreate()
    scanner.StartDoctypeDeclHandler = refuse
    scanner.EntityDeclHandler = refuse
    try:
        scanner.Parse(document, True)
    except xml.parsers.expat.ExpatError:
        pass  # unreadable: the real parse says so in its own words


def _short(exc):
    return str(exc)[:300]


def _body_excerpt(response, limit=300):
    try:
        text = response.text
    except Exception:  # pylint: disable=broad-except
        return "<unreadable body>"
    text = re.sub(r"\s+", " ", text or "").strip()
    return text[:limit] + ("..." if len(text) > limit else "")
