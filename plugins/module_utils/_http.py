# -*- coding: utf-8 -*-
# Copyright: (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""One HTTP client per product client: keep-alive, timeouts, TLS, retries and redaction.

Internal to the collection; may change in any release.

The retry rule is the heart of this file. A request may be sent again only
when doing so cannot apply a change twice:

* the connection was never established (nothing reached the server), or
* the server said it did not process the request (429), or
* the call is *idempotent* (a read, or a write that sets an absolute value)
  and the failure is transient (5xx, reset, read timeout).

A non-idempotent call (adjusting money) that fails after its bytes may have
reached the server raises ``AmbiguousResult`` and is never re-sent.

The transport is the standard library's ``http.client`` with a small pool of
keep-alive connections per host, shared by the bulk runner's threads. It
needs no third-party package and spends a fraction of the CPU per request
that a general-purpose HTTP library does, which is what bounds a bulk run of
thousands of calls (measured in ``benchmarks/``). It follows no redirect and
reads no proxy or CA setting from the environment: what the task says is what
is used.
"""

from __future__ import annotations

import http.client
import json as _json
import os
import random
import re
import select
import socket
import ssl
import threading
import time
import xmlrpc.client
from urllib.parse import quote, urlencode, urlsplit

REDACTED = "********"

# Status codes after which the server has, by the HTTP spec or by the
# products' behaviour, not acted on the request, or acted idempotently:
# 429: throttled before processing; safe for every call.
# 502/503/504: gateway or server unavailable; usually not processed, but a
#     proxy may have forwarded the request, so only idempotent calls retry.
# 500: the server failed somewhere inside; only idempotent calls retry.
RETRY_ALWAYS = frozenset([429])
RETRY_IF_IDEMPOTENT = frozenset([500, 502, 503, 504])


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
    """A non-idempotent request may or may not have been applied."""


class Redactor(object):
    """Removes secrets from any text that may reach a user."""

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
        for secret in secrets:
            self.add(secret)

    def add(self, secret):
        if secret is None:
            return
        secret = str(secret)
        # Very short values (a 1-char PIN) would shred every message; they
        # are still kept out of output by no_log on the option itself.
        if len(secret) >= 3:
            self._secrets.add(secret)

    def __call__(self, text):
        if text is None:
            return text
        text = str(text)
        # longest first, so a secret containing another is removed whole
        for secret in sorted(self._secrets, key=len, reverse=True):
            text = text.replace(secret, REDACTED)
        for pattern, repl in self._PATTERNS:
            text = pattern.sub(repl, text)
        return text


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


class _ResponseHeaders(object):
    """Response headers: ``get`` case-insensitive, the first of repeated names (as http.client's)."""

    __slots__ = ("_items", "_index")

    def __init__(self, lines):
        self._items = []
        self._index = {}
        for line in lines:
            name, sep, value = line.decode("iso-8859-1").partition(":")
            if sep:
                name, value = name.strip(), value.strip()
                self._items.append((name, value))
                self._index.setdefault(name.lower(), value)

    def get(self, name, default=None):
        return self._index.get(name.lower(), default)

    def __getitem__(self, name):
        return self._index.get(name.lower())

    def __contains__(self, name):
        return name.lower() in self._index

    def get_all(self, name, failobj=None):
        found = [value for key, value in self._items if key.lower() == name.lower()]
        return found or failobj

    def items(self):
        return list(self._items)

    def keys(self):
        return [key for key, _value in self._items]


class _Answer(http.client.HTTPResponse):
    """http.client's response, with the status and headers read without the email parser.

    http.client hands the header block to ``email.parser``, which costs about a third
    of a small request's CPU; over thousands of calls from a bulk run's threads that
    CPU is what the API waits for. The rest (framing: Content-Length, chunked,
    keep-alive) is http.client's own logic, unchanged.
    """

    def begin(self):
        if self.headers is not None:
            return
        while True:  # skip any 100 Continue
            version, status, reason = self._read_status()
            if status != http.client.CONTINUE:
                break
            _header_lines(self.fp)
        self.code = self.status = status
        self.reason = reason.strip()
        if version in ("HTTP/1.0", "HTTP/0.9"):
            self.version = 10
        elif version.startswith("HTTP/1."):
            self.version = 11
        else:
            raise http.client.UnknownProtocol(version)
        self.headers = self.msg = _ResponseHeaders(_header_lines(self.fp))
        encoding = self.headers.get("transfer-encoding")
        self.chunked = bool(encoding and encoding.lower() == "chunked")
        self.chunk_left = None
        self.will_close = self._check_close()
        self.length = None
        length = self.headers.get("content-length")
        if length and not self.chunked:
            try:
                self.length = int(length)
            except ValueError:
                self.length = None
            else:
                if self.length < 0:
                    self.length = None
        if status in (http.client.NO_CONTENT, http.client.NOT_MODIFIED) or 100 <= status < 200 \
                or self._method == "HEAD":
            self.length = 0
        if not self.will_close and not self.chunked and self.length is None:
            self.will_close = True


def _header_lines(fp, max_line=65536, max_headers=100):
    lines = []
    while True:
        line = fp.readline(max_line + 1)
        if len(line) > max_line:
            raise http.client.LineTooLong("header line")
        if line in (b"\r\n", b"\n", b""):
            return lines
        lines.append(line)
        if len(lines) > max_headers:
            raise http.client.HTTPException("got more than %d headers" % max_headers)


class _Connection(http.client.HTTPConnection):
    response_class = _Answer


class _TLSConnection(http.client.HTTPSConnection):
    response_class = _Answer


# Failures of one attempt, as seen by the transport; request() decides what each means.
class _NotConnected(Exception):
    """No connection was made: nothing reached the server."""


class _TLSFailure(Exception):
    """The TLS handshake failed (certificate not trusted, name mismatch...)."""


class _Lost(Exception):
    """The connection failed after the request started to go out."""


class _NoAnswer(Exception):
    """No answer within the timeout, after the request was sent."""


# what requests-style clients leave unquoted in a URL (RFC 3986 reserved + unreserved + '%')
_URL_SAFE = "!#$%&'()*+,/:;=?@[]~"


class HttpClient(object):
    """Keep-alive HTTP(S) with the collection's TLS, timeout and retry rules."""

    def __init__(self, validate_certs=True, ca_path=None, timeout=30, retries=3,
                 backoff=0.5, max_backoff=10.0, redactor=None, pool_size=10,
                 user_agent="printops.print_management", sleep=time.sleep):
        self.validate_certs = validate_certs
        self.ca_path = ca_path
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.redact = redactor or Redactor()
        self.pool_size = pool_size
        self.user_agent = user_agent
        self._sleep = sleep
        self._idle = {}  # (scheme, host, port) -> idle keep-alive connections
        self._lock = threading.Lock()
        self._tls = None
        self.waited = 0.0
        # Statuses retried on every call. A client that manages its own
        # rate-limit budget (Printix: by time, not attempts) empties this set
        # and gets the 429 response back.
        self.retry_always = RETRY_ALWAYS

    @property
    def verify(self):
        if not self.validate_certs:
            return False
        return self.ca_path or True

    def tls_context(self):
        """The TLS settings of every HTTPS connection, built once."""
        if self._tls is None:
            if not self.validate_certs:
                context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
            elif self.ca_path:
                if not os.path.exists(self.ca_path):
                    raise TLSError("ca_path %s does not exist; give the file (PEM) or directory of the CA "
                                   "certificates that signed the server's certificate" % self.ca_path)
                try:
                    if os.path.isdir(self.ca_path):
                        context = ssl.create_default_context(capath=self.ca_path)
                    else:
                        context = ssl.create_default_context(cafile=self.ca_path)
                except (ssl.SSLError, OSError, ValueError) as exc:
                    raise TLSError("ca_path %s holds no usable CA certificate (PEM expected): %s"
                                   % (self.ca_path, exc))
            else:
                context = ssl.create_default_context()
            self._tls = context
        return self._tls

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

    @staticmethod
    def _body(data, json, headers):
        """Encode the body as requests-style callers expect; sets Content-Type when it is implied."""
        if json is not None:
            headers.setdefault("Content-Type", "application/json")
            return _json.dumps(json, allow_nan=False).encode("utf-8")
        if isinstance(data, dict):
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
            return urlencode([(k, v) for k, v in data.items() if v is not None], doseq=True).encode("utf-8")
        if isinstance(data, str):
            return data.encode("utf-8")
        return data

    def request(self, method, url, idempotent=None, what=None, data=None, json=None, params=None,
                headers=None, timeout=None):
        """Send one request; retry only as the module docstring allows.

        ``idempotent`` defaults to True for GET/HEAD/PUT/DELETE/OPTIONS.
        ``what`` names the operation in error messages. ``data`` is bytes,
        text or a dict (sent form-encoded); ``json`` is sent as JSON;
        ``params`` are added to the query string (None values left out).
        Returns a :class:`Response` for any status below 500 except 429 and
        redirects; the caller interprets 4xx.
        """
        method = method.upper()
        if idempotent is None:
            idempotent = method in ("GET", "HEAD", "PUT", "DELETE", "OPTIONS")
        what = what or "%s %s" % (method, url)
        timeout = timeout or self.timeout
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ClientError(self.redact("Cannot send %s: %r is not an http(s) URL" % (what, url)))
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise ClientError(self.redact("Cannot send %s: %r has an invalid port" % (what, url)))
        target = quote(parts.path or "/", safe=_URL_SAFE)
        query = parts.query
        if params:
            extra = urlencode([(k, v) for k, v in params.items() if v is not None], doseq=True)
            query = "%s&%s" % (query, extra) if query and extra else (query or extra)
        if query:
            target += "?" + quote(query, safe=_URL_SAFE)
        send_headers = {"User-Agent": self.user_agent, "Accept": "*/*"}
        send_headers.update(headers or {})
        body = self._body(data, json, send_headers)
        key = (parts.scheme, parts.hostname, port)
        attempt = 0
        while True:
            response = None
            try:
                response = self._send(key, method, target, body, send_headers, timeout, fresh=not idempotent)
            except _TLSFailure as exc:
                raise TLSError(self.redact(
                    "TLS verification failed for %s: %s. Set ca_path to the server's CA "
                    "certificate, or validate_certs=false if you accept the risk." % (what, exc)))
            except _NotConnected as exc:
                # the connection was never made: nothing reached the server
                err = ConnectError(self.redact("Cannot connect for %s: %s" % (what, _short(exc))))
            except _Lost as exc:
                if not idempotent:
                    raise AmbiguousResult(self.redact(
                        "The connection was lost after %s was sent (%s); the server may or may "
                        "not have applied it. It was not re-sent." % (what, _short(exc))))
                err = ConnectError(self.redact("Connection lost during %s: %s" % (what, _short(exc))))
            except _NoAnswer as exc:
                if not idempotent:
                    raise AmbiguousResult(self.redact(
                        "No answer within %ss to %s; the server may or may not have applied it. "
                        "It was not re-sent." % (timeout, what)))
                err = RequestTimeout(self.redact("No answer within %ss to %s (%s)" % (timeout, what, _short(exc))))
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

    # -- the transport: one attempt on a pooled keep-alive connection -------------------
    def _send(self, key, method, target, body, headers, timeout, fresh=False):
        """Send once and read the whole answer; raises one of the ``_`` failures above.

        ``fresh`` (every non-idempotent call) opens a new connection: on a reused one,
        a server closing it as idle at the moment the request goes out is
        indistinguishable from a lost answer, and that would fail a write as
        ambiguous when it was never received.
        """
        conn = None if fresh else self._checkout(key)
        if conn is None:
            conn = self._connect(key, timeout)
        else:
            conn.timeout = timeout
            conn.sock.settimeout(timeout)
        try:
            conn.request(method, target, body=body, headers=headers)
            answer = conn.getresponse()
            content = answer.read()
        except (socket.timeout, TimeoutError) as exc:
            conn.close()
            raise _NoAnswer(exc or "timed out")
        except (http.client.HTTPException, OSError) as exc:
            conn.close()
            raise _Lost("%s: %s" % (type(exc).__name__, exc))
        if answer.will_close:
            conn.close()
        else:
            self._checkin(key, conn)
        return Response(answer.status, answer.headers, content, reason=answer.reason)

    def _connect(self, key, timeout):
        scheme, host, port = key
        if scheme == "https":
            conn = _TLSConnection(host, port, timeout=timeout, context=self.tls_context())
        else:
            conn = _Connection(host, port, timeout=timeout)
        try:
            conn.connect()
        except ssl.SSLError as exc:  # includes SSLCertVerificationError
            conn.close()
            raise _TLSFailure(getattr(exc, "verify_message", None) or exc.reason or exc)
        except (socket.timeout, TimeoutError) as exc:
            conn.close()
            raise _NotConnected("timed out connecting to %s:%s" % (host, port))
        except OSError as exc:  # refused, unreachable, name not known
            conn.close()
            raise _NotConnected("%s:%s: %s" % (host, port, exc.strerror or exc))
        if scheme == "http":
            # small requests and answers: do not let Nagle's algorithm hold them back
            conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return conn

    def _checkout(self, key):
        """An idle connection to ``key`` that the server has not closed, or None."""
        while True:
            with self._lock:
                idle = self._idle.get(key)
                conn = idle.pop() if idle else None
            if conn is None:
                return None
            if conn.sock is not None and not _readable(conn.sock):
                return conn
            # the server closed it (or sent something unasked): never reuse it
            conn.close()

    def _checkin(self, key, conn):
        with self._lock:
            idle = self._idle.setdefault(key, [])
            if len(idle) < self.pool_size:
                idle.append(conn)
                return
        conn.close()

    def close(self):
        with self._lock:
            pools, self._idle = self._idle, {}
        for idle in pools.values():
            for conn in idle:
                conn.close()


def _readable(sock):
    """True when an idle keep-alive socket has something to read: EOF or an unasked answer."""
    try:
        return bool(select.select([sock], [], [], 0)[0])
    except (OSError, ValueError):
        return True


def xmlrpc_loads(content):
    """``xmlrpc.client.loads`` that refuses a DTD before parsing.

    An XML-RPC answer never carries one; refusing it blocks entity-expansion
    payloads even where the local expat predates its own amplification limits.
    Raises ValueError for a DTD, as the parser does for other unreadable input.
    """
    head = content if isinstance(content, bytes) else str(content).encode("utf-8", "replace")
    upper = head.upper()
    if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
        raise ValueError("the answer holds a DTD or entity declaration, which XML-RPC never sends; refused unparsed")
    return xmlrpc.client.loads(content)


def _short(exc):
    return str(exc)[:300]


def _body_excerpt(response, limit=300):
    try:
        text = response.text
    except Exception:  # pylint: disable=broad-except
        return "<unreadable body>"
    text = re.sub(r"\s+", " ", text or "").strip()
    return text[:limit] + ("..." if len(text) > limit else "")
