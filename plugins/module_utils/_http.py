# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
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

One attempt of a request, on ``requests`` and ``urllib3`` (keep-alive pool,
deadline, TLS trust, proxies), is ``_transport``'s; secret redaction is
``_redact``'s. This file decides what each outcome means.
"""

from __future__ import annotations

import random
import re
import time
import xml.parsers.expat
import xmlrpc.client
from urllib.parse import urlsplit

# REDACTED and Redactor stay importable from here, as every client does
from ansible_collections.printops.print_management.plugins.module_utils._redact import (  # noqa: F401 pylint: disable=unused-import
    REDACTED,
    Redactor,
)
from ansible_collections.printops.print_management.plugins.module_utils._transport import (  # noqa: F401
    HAS_REQUESTS,
    MAX_ANSWER,
    Response,
    Transport,
    TrustError,
    _Lost,
    _NoAnswer,
    _NotConnected,
    _Refused,
    _TLSFailure,
    _TooLarge,
    proxy_credentials,
)

try:
    from requests.exceptions import RequestException
except ImportError:  # reported by _module.new_module with missing_required_lib
    RequestException = ValueError

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
    """A write may or may not have been applied."""


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
        self.user_agent = user_agent
        self.max_answer = max_answer
        self._sleep = sleep
        self._transport = Transport(validate_certs, ca_path, pool_size, use_proxy, max_answer)
        self.waited = 0.0
        self._checked_urls = set()
        # Statuses retried on every call. A client that manages its own
        # rate-limit budget (Printix: by time, not attempts) empties this set
        # and gets the 429 response back.
        self.retry_always = RETRY_ALWAYS
        if use_proxy:
            for secret in proxy_credentials():
                self.redact.add(secret)

    @property
    def verify(self):
        if not self.validate_certs:
            return False
        return self.ca_path or True

    def tls_context(self):
        """The TLS context of every HTTPS connection (see _transport.Transport.tls_context)."""
        try:
            return self._transport.tls_context()
        except TrustError as exc:
            raise TLSError(str(exc))

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
        if url not in self._checked_urls:  # checked once per URL
            self._check_url(url, parts, what)
        send_headers = {"User-Agent": self.user_agent, "Accept": "*/*"}
        send_headers.update(headers or {})
        try:
            prepared = self._transport.prepare(method, url, send_headers, data, json, params)
        except (RequestException, ValueError) as exc:
            raise ClientError(self.redact("Cannot send %s: %s" % (what, exc)))
        return prepared, parts

    def _check_url(self, url, parts, what):
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
        if len(self._checked_urls) > 1024:
            self._checked_urls.clear()
        self._checked_urls.add(url)

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
            except TrustError as exc:
                raise TLSError(str(exc))
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

    def _send(self, prepared, timeout, fresh=False):
        """One attempt; its failures are _transport's ``_`` exceptions."""
        answer, content = self._transport.send(prepared, timeout, fresh=fresh)
        return Response(answer.status, answer.headers, content, url=prepared.url, reason=answer.reason)

    def close(self):
        self._transport.close()

    # -- construction from a module's connection options (see _module.CONNECTION_SPECS) --
    @classmethod
    def from_module(cls, module, secrets=(), pool_size=None):
        """An HttpClient configured from the common connection options of ``module``."""
        if not module.params["validate_certs"]:
            module.warn("validate_certs is false: the server's TLS certificate is not verified, so the credentials "
                        "sent to it are not protected against interception. Prefer ca_path with the server's CA "
                        "certificate.")
        concurrency = module.params.get("concurrency") or 1
        return cls(validate_certs=module.params["validate_certs"], ca_path=module.params.get("ca_path"),
                   timeout=module.params["timeout"], redactor=Redactor(secrets),
                   pool_size=pool_size or max(10, concurrency),
                   use_proxy=module.params.get("use_proxy", True) is not False)


# OpenSSL's words for a TLS client talking to a server that answered in plain HTTP
_PLAIN_HTTP_REASONS = ("WRONG_VERSION_NUMBER", "RECORD_LAYER_FAILURE", "PACKET_LENGTH_TOO_LONG", "HTTP_REQUEST",
                       "UNKNOWN_PROTOCOL", "record layer failure", "wrong version number")


def _tls_message(what, parts, exc):
    text = str(exc)
    if any(reason in text for reason in _PLAIN_HTTP_REASONS):
        return ("Cannot send %s: the server at %s answered in plain HTTP, not TLS, so the URL's https:// does not "
                "match it. Use http:// for this port, or the port where the server speaks HTTPS."
                % (what, parts.netloc))
    return ("TLS verification failed for %s: %s. Set ca_path to the server's CA certificate, or validate_certs=false "
            "if you accept the risk." % (what, text))


def _plain_http_hint(parts):
    if parts.scheme == "http":
        return " If the server speaks HTTPS on this port, the URL must start with https://."
    return ""


_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def xmlrpc_loads(content):
    """``xmlrpc.client.loads`` that refuses a DTD before parsing, whatever the document's encoding.

    An XML-RPC answer never carries one; refusing it blocks entity-expansion
    payloads even where the local expat predates its own amplification limits.
    Raises ValueError for a DTD, as the parser does for other unreadable input.
    """
    head = content if isinstance(content, bytes) else str(content).encode("utf-8", "replace")
    if _DTD.search(head):
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
