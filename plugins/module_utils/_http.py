# -*- coding: utf-8 -*-
# Copyright: (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""One HTTP session per client: timeouts, TLS, retries and redaction.

Internal to the collection; may change in any release.

The retry rule is the heart of this file. A request may be sent again only
when doing so cannot apply a change twice:

* the connection was never established (nothing reached the server), or
* the server said it did not process the request (429), or
* the call is *idempotent* (a read, or a write that sets an absolute value)
  and the failure is transient (5xx, reset, read timeout).

A non-idempotent call (adjusting money) that fails after its bytes may have
reached the server raises ``AmbiguousResult`` and is never re-sent.
"""

from __future__ import annotations

import random
import re
import time
import xmlrpc.client

try:
    import requests
    from requests.adapters import HTTPAdapter
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - exercised by ansible-test import sanity
    requests = None
    HTTPAdapter = object
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc

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


class HttpClient(object):
    """A requests session with the collection's TLS, timeout and retry rules."""

    def __init__(self, validate_certs=True, ca_path=None, timeout=30, retries=3,
                 backoff=0.5, max_backoff=10.0, redactor=None, pool_size=10,
                 user_agent="printops.print_management", sleep=time.sleep):
        if not HAS_REQUESTS:
            raise ClientError("The Python library 'requests' is required: %s" % REQUESTS_IMPORT_ERROR)
        self.validate_certs = validate_certs
        self.ca_path = ca_path
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.redact = redactor or Redactor()
        self._sleep = sleep
        self.session = requests.Session()
        # Our own loop does the retrying: urllib3 must never re-send.
        adapter = HTTPAdapter(pool_connections=pool_size, pool_maxsize=pool_size, max_retries=0)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["User-Agent"] = user_agent
        # REQUESTS_CA_BUNDLE and .netrc must not change what the user asked for.
        self.session.trust_env = False
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

    def request(self, method, url, idempotent=None, what=None, **kwargs):
        """Send one request; retry only as the module docstring allows.

        ``idempotent`` defaults to True for GET/HEAD/PUT/DELETE/OPTIONS.
        ``what`` names the operation in error messages.
        Returns the ``requests.Response`` for any status below 500 except 429;
        the caller interprets 4xx.
        """
        if idempotent is None:
            idempotent = method.upper() in ("GET", "HEAD", "PUT", "DELETE", "OPTIONS")
        what = what or "%s %s" % (method.upper(), url)
        kwargs.setdefault("timeout", self.timeout)
        kwargs["verify"] = self.verify
        attempt = 0
        while True:
            try:
                response = self.session.request(method, url, **kwargs)
            except requests.exceptions.SSLError as exc:
                raise TLSError(self.redact(
                    "TLS verification failed for %s: %s. Set ca_path to the server's CA "
                    "certificate, or validate_certs=false if you accept the risk." % (what, exc)))
            except requests.exceptions.ConnectTimeout as exc:
                # the connection was never made: nothing reached the server
                err = ConnectError(self.redact("Timed out connecting for %s: %s" % (what, exc)))
            except requests.exceptions.ConnectionError as exc:
                if _never_connected(exc):
                    err = ConnectError(self.redact("Cannot connect for %s: %s" % (what, _short(exc))))
                elif idempotent:
                    err = ConnectError(self.redact("Connection lost during %s: %s" % (what, _short(exc))))
                else:
                    raise AmbiguousResult(self.redact(
                        "The connection was lost after %s was sent (%s); the server may or may "
                        "not have applied it. It was not re-sent." % (what, _short(exc))))
            except requests.exceptions.Timeout as exc:
                if not idempotent:
                    raise AmbiguousResult(self.redact(
                        "No answer within %ss to %s; the server may or may not have applied it. "
                        "It was not re-sent." % (kwargs["timeout"], what)))
                err = RequestTimeout(self.redact("No answer within %ss to %s (%s)" % (kwargs["timeout"], what, _short(exc))))
            except requests.exceptions.RequestException as exc:
                raise ClientError(self.redact("Request failed for %s: %s" % (what, exc)))
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
                else:
                    return response
            if attempt >= self.retries:
                err.message = err.message + " (gave up after %d attempts)" % (attempt + 1)
                raise err
            delay = self._delay(attempt, response if isinstance(err, HTTPStatusError) else None)
            self.waited += delay
            self._sleep(delay)
            attempt += 1

    def close(self):
        self.session.close()


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


def _never_connected(exc):
    """True when a ConnectionError happened before any byte was sent."""
    text = repr(exc)
    markers = ("NewConnectionError", "Connection refused", "Name or service not known",
               "nodename nor servname", "getaddrinfo failed", "No route to host",
               "Network is unreachable", "Temporary failure in name resolution")
    return any(marker in text for marker in markers)


def _short(exc):
    text = str(exc)
    # urllib3 wraps reasons several levels deep; the innermost is the useful one
    match = re.search(r"\(Caused by (\w+\(.*\))\)\s*$", text)
    if match:
        text = match.group(1)
    return text[:300]


def _body_excerpt(response, limit=300):
    try:
        text = response.text
    except Exception:  # pylint: disable=broad-except
        return "<unreadable body>"
    text = re.sub(r"\s+", " ", text or "").strip()
    return text[:limit] + ("..." if len(text) > limit else "")
