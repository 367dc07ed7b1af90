# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""printix_webhook: receive Printix webhook requests and turn each Printix event into an EDA event.

An aiohttp listener. Every request must carry a valid HMAC-SHA512 signature made with one
of the webhook's shared secrets (``X-Printix-Signature-1`` / ``-2``), must carry a *signed*
time (the body's ``emitted``, or ``X-Printix-Timestamp`` when ``signed_string`` covers it)
within ``max_age`` seconds of now, and must not repeat a request already accepted: accepted
requests are remembered until that signed time is stale, so a captured request can never be
accepted again. Then each entry of its ``events`` list becomes one event on the queue::

    {"name": "RESOURCE.TENANT_USER.CREATE", "href": "https://.../tenants/T/users/U",
     "user_id": "U", "tenant_id": "T", "time": 1718093846.48, "emitted": 1718093846.48,
     "request_id": "2196f6fa-..."}

Answers: 202 accepted; 200 for a duplicate of a request already accepted (nothing queued, so
Printix stops retrying); 401 missing or wrong signature; 400 stale, undated or malformed
request; 408 a body not received within ``request_timeout``; 503 more requests than can be
remembered (Printix retries); 404 other paths; 405 other methods. A rejected request puts
nothing on the queue. Secrets and signatures are never logged.

Slow or idle clients cannot hold the listener: each connection carries one request and has
``request_timeout`` seconds to deliver it (headers and body), and connections are capped in
total (``max_connections``) and per client address (``max_connections_per_client``); a
connection over a cap is answered 503 and closed at once.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import heapq
import hmac
import json
import logging
import math
import re
import ssl
import time
from typing import Any, Callable

from aiohttp import web

DOCUMENTATION = r"""
---
short_description: Receive Printix webhook events (user creation and others).
description:
  - An HTTP(S) listener for Printix webhooks. Verifies each request's HMAC-SHA512 signature against one
    or two shared secrets, rejects stale and replayed requests, and puts one event per Printix event on the queue.
options:
  host:
    description: The address to listen on.
    type: str
    default: 0.0.0.0
  port:
    description: The TCP port to listen on (0 picks a free port and logs it).
    type: int
    required: true
  path:
    description: The URL path Printix posts to.
    type: str
    default: /
  secrets:
    description:
      - The webhook's shared secrets from Printix Administrator, one or two (both during a rotation).
      - A request is accepted when any of its signature headers matches any of these secrets.
    type: list
    elements: str
    required: true
  signature_encoding:
    description: How the digest in the signature headers is encoded.
    type: str
    choices: [hex, base64]
    default: hex
  signed_string:
    description:
      - What is signed, as a template of C({body}) (the raw request body), C({timestamp}) (the
        C(X-Printix-Timestamp) header) and C({request_id}) (the C(X-Printix-Request-ID) header).
      - The default, the raw body alone, is what Printix documents.
    type: str
    default: "{body}"
  max_age:
    description:
      - Accept requests whose signed time is at most this many seconds before or after now.
      - The signed time is the body's C(emitted), or the C(X-Printix-Timestamp) header when O(signed_string)
        contains C({timestamp}). A request with neither is refused, as an unsigned header could be replaced.
    type: int
    default: 900
  request_timeout:
    description:
      - Seconds a client has to deliver its request, headers and body (and, over HTTPS, to complete the TLS
        handshake). A slower connection is closed (answered 408 when its headers arrived).
    type: float
    default: 10
  max_connections:
    description: Open connections served at once; one more is answered 503 and closed.
    type: int
    default: 512
  max_connections_per_client:
    description:
      - Open connections served at once from one client address; one more is answered 503 and closed.
      - Behind a reverse proxy every request comes from the proxy's address; raise this to O(max_connections).
    type: int
    default: 64
  certfile:
    description: PEM certificate (chain) to serve HTTPS; needs O(keyfile).
    type: str
  keyfile:
    description: PEM private key of O(certfile).
    type: str
"""

EXAMPLES = r"""
- name: Printix user creation
  hosts: all
  sources:
    - printops.print_management.printix_webhook:
        port: 5000
        secrets:
          - "{{ PRINTIX_WEBHOOK_SECRET_1 }}"
          - "{{ PRINTIX_WEBHOOK_SECRET_2 }}"
  rules:
    - name: Show new users
      condition: event.name == "RESOURCE.TENANT_USER.CREATE"
      action:
        debug:
          msg: "Printix created user {{ event.user_id }}"
"""

LOGGER = logging.getLogger(__name__)

SIGNATURE_HEADERS = ("X-Printix-Signature-1", "X-Printix-Signature-2", "X-Printix-Signature")
REQUEST_ID_HEADER = "X-Printix-Request-ID"
TIMESTAMP_HEADER = "X-Printix-Timestamp"
PLACEHOLDERS = ("body", "timestamp", "request_id")
MAX_BODY = 1024 * 1024
MAX_REMEMBERED = 100000  # keys of accepted requests; two per request
RETRY_AFTER = "30"  # seconds, in 503 answers
TIMEOUT_GRACE = 1.0  # the connection guard waits this much longer than the handler's own 408
WARN_EVERY = 60.0  # seconds between two warnings about refused connections
SERVICE_UNAVAILABLE = 503
BUSY = b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
MAX_SECRETS = 2  # Printix gives every webhook two secrets
MILLISECONDS_AFTER = 1e11  # a larger epoch is in milliseconds (1e11 s is the year 5138)
USER_HREF = re.compile(r"/tenants/(?P<tenant>[^/?#]+)/users/(?P<user>[^/?#]+)/?(?:[?#].*)?$")
TENANT_HREF = re.compile(r"/tenants/(?P<tenant>[^/?#]+)")


class Rejected(Exception):
    """A request that is not processed: HTTP status and a reason safe to show to the caller."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class Settings:  # pylint: disable=too-many-instance-attributes,too-few-public-methods
    """The source's arguments, validated once at start-up."""

    def __init__(self, args: dict[str, Any]) -> None:
        self.host = str(args.get("host") or "0.0.0.0")  # noqa: S104  # nosec B104 - a webhook receiver listens
        self.port = _integer(args, "port", None, minimum=0)
        self.path = str(args.get("path") or "/")
        if not self.path.startswith("/"):
            self.path = "/" + self.path
        self.secrets = _secrets(args.get("secrets"))
        self.encoding = str(args.get("signature_encoding") or "hex").lower()
        if self.encoding not in ("hex", "base64"):
            raise ValueError("signature_encoding must be 'hex' or 'base64'")
        self.signed_parts = _template(str(args.get("signed_string") or "{body}"))
        self.max_age = _integer(args, "max_age", 900, minimum=1)
        self.request_timeout = _seconds(args, "request_timeout", 10.0)
        self.max_connections = _integer(args, "max_connections", 512, minimum=1)
        self.max_connections_per_client = _integer(args, "max_connections_per_client", 64, minimum=1)
        self.certfile = args.get("certfile")
        self.keyfile = args.get("keyfile")
        if bool(self.certfile) != bool(self.keyfile):
            raise ValueError("certfile and keyfile must be given together")

    def ssl_context(self) -> ssl.SSLContext | None:
        """The server-side TLS context when certfile is set."""
        if not self.certfile:
            return None
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.certfile, self.keyfile)
        return context


def _integer(args: dict[str, Any], name: str, default: int | None, minimum: int) -> int:
    value = args.get(name, default)
    if value is None:
        raise ValueError("%s is required" % name)
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise ValueError("%s must be an integer" % name) from None
    if value < minimum:
        raise ValueError("%s must be at least %d" % (name, minimum))
    return value


def _seconds(args: dict[str, Any], name: str, default: float) -> float:
    value = args.get(name)
    if value is None:
        return default
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError("%s must be a number of seconds" % name) from None
    if not (math.isfinite(value) and value > 0):
        raise ValueError("%s must be a positive number of seconds" % name)
    return value


def _secrets(value: Any) -> list[bytes]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise ValueError("secrets must be a list of one or two shared secrets")
    secrets = [str(s).encode("utf-8") for s in value if s is not None and str(s) != ""]
    if not 1 <= len(secrets) <= MAX_SECRETS:
        raise ValueError("secrets must hold one or two non-empty shared secrets (got %d)" % len(secrets))
    return secrets


def _template(template: str) -> list[str]:
    """``"{timestamp}.{body}"`` -> ``["{timestamp}", ".", "{body}"]``; unknown placeholders are errors."""
    parts = [p for p in re.split(r"(\{[^{}]*\})", template) if p]
    for part in parts:
        if part.startswith("{") and part.endswith("}") and part[1:-1] not in PLACEHOLDERS:
            raise ValueError(
                "signed_string: unknown placeholder %s (use %s)" % (part, ", ".join("{%s}" % p for p in PLACEHOLDERS))
            )
    if "{body}" not in parts:
        raise ValueError("signed_string must contain {body}")
    return parts


def _epoch(value: Any) -> float | None:
    """Seconds since the epoch from a number or numeric string; milliseconds are recognised."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number):
        return None
    return number / 1000.0 if number > MILLISECONDS_AFTER else number


SETTINGS = web.AppKey("settings", Settings)


class Verifier:
    """Signature, freshness and replay checks of one listener."""

    def __init__(self, settings: Settings, clock: Callable[[], float] = time.time) -> None:
        self.settings = settings
        self.clock = clock
        # key -> the time after which a replay of its request is stale anyway
        self.seen: dict[str, float] = {}
        self._expiries: list[tuple[float, str]] = []  # a heap of (expiry, key)

    @property
    def timestamp_signed(self) -> bool:
        """Whether the signature covers X-Printix-Timestamp (signed_string has {timestamp})."""
        return "{timestamp}" in self.settings.signed_parts

    def signed_bytes(self, body: bytes, headers: Any) -> bytes:
        """The bytes the signature covers, per signed_string."""
        values = {
            "{body}": body,
            # aiohttp decodes header bytes as UTF-8 with surrogateescape: this gives the bytes back
            "{timestamp}": headers.get(TIMESTAMP_HEADER, "").encode("utf-8", "surrogateescape"),
            "{request_id}": headers.get(REQUEST_ID_HEADER, "").encode("utf-8", "surrogateescape"),
        }
        return b"".join(values.get(part, part.encode("utf-8")) for part in self.settings.signed_parts)

    def _decode(self, value: str) -> bytes | None:
        value = value.strip()
        if value.lower().startswith("sha512="):
            value = value[7:]
        try:
            if self.settings.encoding == "hex":
                return bytes.fromhex(value)
            return base64.b64decode(value, validate=True)
        except (ValueError, binascii.Error):
            return None

    def check_signature(self, body: bytes, headers: Any) -> None:
        """Rejected(401) unless a signature header matches one of the secrets."""
        given = [headers[h] for h in SIGNATURE_HEADERS if headers.get(h)]
        if not given:
            raise Rejected(401, "missing signature header (X-Printix-Signature-1 or -2)")
        message = self.signed_bytes(body, headers)
        expected = [hmac.new(secret, message, hashlib.sha512).digest() for secret in self.settings.secrets]
        match = False
        for value in given:
            digest = self._decode(value)
            if digest is None:
                continue
            for candidate in expected:
                # every pair is compared, in constant time, so timing says nothing about which matched
                match = hmac.compare_digest(digest, candidate) or match
        if not match:
            raise Rejected(401, "invalid signature")

    def check_fresh(self, emitted: float, label: str) -> None:
        """Rejected(400) when the time is more than max_age seconds from now."""
        now = self.clock()
        if abs(now - emitted) > self.settings.max_age:
            raise Rejected(
                400,
                "stale request: %s is %d seconds from now (limit %d)"
                % (label, int(now - emitted), self.settings.max_age),
            )

    def signed_time(self, emitted: float | None, stamp: float | None) -> float:
        """The time the signature vouches for: Rejected(400) when there is none, or it is stale.

        An unsigned ``X-Printix-Timestamp`` proves nothing (anyone can put a fresh one on a captured
        body), so it is checked when present but never accepted as the request's time.
        """
        if stamp is not None:
            self.check_fresh(stamp, "X-Printix-Timestamp")
        times = [emitted] if emitted is not None else []
        if stamp is not None and self.timestamp_signed:
            times.append(stamp)
        if not times:
            raise Rejected(
                400,
                "malformed request: no signed time (no 'emitted' in the body, and X-Printix-Timestamp is %s)"
                % ("missing" if self.timestamp_signed else "not covered by the signature (signed_string)"),
            )
        for value in times:
            self.check_fresh(value, "emitted" if value is emitted else "X-Printix-Timestamp")
        return min(times)

    def forget_expired(self) -> None:
        """Drop the keys of requests whose replay would be stale now; never one that is not."""
        now = self.clock()
        while self._expiries and self._expiries[0][0] < now:
            expiry, key = heapq.heappop(self._expiries)
            if self.seen.get(key) == expiry:
                del self.seen[key]

    def is_replay(self, keys: list[str]) -> bool:
        """Whether any key (request id, body digest) was accepted before."""
        self.forget_expired()
        return any(key in self.seen for key in keys)

    def remember(self, keys: list[str], signed_time: float | None = None) -> None:
        """Record an accepted request's keys until a replay of it would be stale.

        Rejected(503) when that many keys cannot be remembered: forgetting one still valid would let
        its request be replayed, so the new request is refused instead (Printix retries it later).
        """
        now = self.clock()
        if signed_time is None:  # the latest an accepted time can be
            signed_time = now + self.settings.max_age
        expiry = signed_time + self.settings.max_age
        if len(self.seen) + len(keys) > MAX_REMEMBERED:
            self.forget_expired()
            if len(self.seen) + len(keys) > MAX_REMEMBERED:
                raise Rejected(SERVICE_UNAVAILABLE, "too many recent requests to remember; retry later")
        for key in keys:
            until = max(expiry, self.seen.get(key, expiry))
            self.seen[key] = until
            heapq.heappush(self._expiries, (until, key))


def parse_events(body: bytes, request_id: str) -> tuple[float | None, list[dict[str, Any]]]:
    """The request's ``emitted`` time and its events as queue entries; Rejected(400) when malformed."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Rejected(400, "malformed request: the body is not JSON") from None
    except RecursionError:
        raise Rejected(400, "malformed request: the body is nested too deeply") from None
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise Rejected(400, "malformed request: expected an object with an 'events' list")
    emitted = None
    if data.get("emitted") is not None:
        emitted = _epoch(data["emitted"])
        if emitted is None:
            raise Rejected(400, "malformed request: 'emitted' is not a timestamp")
    events = []
    for index, item in enumerate(data["events"]):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"]:
            raise Rejected(400, "malformed request: event %d has no name" % index)
        href = item.get("href")
        if href is not None and not isinstance(href, str):
            raise Rejected(400, "malformed request: event %d has an href that is not a string" % index)
        href = (href or "").strip()
        user = USER_HREF.search(href)
        tenant = TENANT_HREF.search(href)
        events.append(
            {
                "name": item["name"],
                "href": href or None,
                "user_id": user.group("user") if user else None,
                "tenant_id": tenant.group("tenant") if tenant else None,
                "time": _epoch(item.get("time")),
                "emitted": emitted,
                "request_id": request_id,
            }
        )
    return emitted, events


class ConnectionGuard(asyncio.Protocol):
    """Wraps aiohttp's protocol for one connection: caps connections, and closes one that is too slow.

    aiohttp has no deadline for a request's headers, so a client that opens a connection and
    sends nothing (or a byte now and then) would hold a file descriptor for ever; a thousand
    of them would exhaust the process's descriptors and refuse Printix. Each connection here
    carries one request and must deliver it within ``request_timeout`` seconds.
    """

    def __init__(self, inner: asyncio.Protocol, listener: Listener) -> None:
        self.inner = inner
        self.listener = listener
        self.transport: asyncio.BaseTransport | None = None
        self.client = ""
        self.admitted = False
        self.deadline = 0.0
        self._timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:  # type: ignore[override]
        peer = transport.get_extra_info("peername")
        self.client = str(peer[0]) if isinstance(peer, (tuple, list)) and peer else "?"
        self.transport = transport
        if not self.listener.admit(self.client):
            if isinstance(transport, asyncio.WriteTransport):
                transport.write(BUSY)
            transport.close()
            return
        self.admitted = True
        loop = asyncio.get_running_loop()
        self.deadline = loop.time() + self.listener.settings.request_timeout
        self._timer = loop.call_at(self.deadline + TIMEOUT_GRACE, self._too_slow)
        self.listener.guards[transport] = self
        self.inner.connection_made(transport)

    def request_received(self) -> None:
        """The request is in: the rest is ours to do, no deadline."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _too_slow(self) -> None:
        self._timer = None
        LOGGER.warning(
            "Printix webhook: %s did not send a request within %s seconds; connection closed",
            self.client,
            self.listener.settings.request_timeout,
        )
        if self.transport is not None:
            self.transport.abort()  # type: ignore[attr-defined]

    def data_received(self, data: bytes) -> None:
        if self.admitted:
            self.inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self.inner.eof_received() if self.admitted else None

    def pause_writing(self) -> None:
        if self.admitted:
            self.inner.pause_writing()

    def resume_writing(self) -> None:
        if self.admitted:
            self.inner.resume_writing()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.admitted:
            return
        self.request_received()
        self.listener.guards.pop(self.transport, None)
        self.listener.release(self.client)
        self.inner.connection_lost(exc)


class Listener:
    """The running server: connection counts, per client, and the guard of each open connection."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.guards: dict[Any, ConnectionGuard] = {}
        self.open = 0
        self.per_client: dict[str, int] = {}
        self.server: asyncio.AbstractServer | None = None
        self._refusals = 0
        self._last_warning = -math.inf

    def admit(self, client: str) -> bool:
        """Count a new connection in, unless a cap is reached."""
        if self.open >= self.settings.max_connections:
            self._refused(client, "max_connections (%d)" % self.settings.max_connections)
            return False
        if self.per_client.get(client, 0) >= self.settings.max_connections_per_client:
            self._refused(client, "max_connections_per_client (%d)" % self.settings.max_connections_per_client)
            return False
        self.open += 1
        self.per_client[client] = self.per_client.get(client, 0) + 1
        return True

    def release(self, client: str) -> None:
        """Count a closed connection out."""
        self.open -= 1
        left = self.per_client.get(client, 1) - 1
        if left > 0:
            self.per_client[client] = left
        else:
            self.per_client.pop(client, None)

    def _refused(self, client: str, cap: str) -> None:
        # one warning a minute at most: a flood must not flood the log too
        self._refusals += 1
        now = time.monotonic()
        if now - self._last_warning >= WARN_EVERY:
            LOGGER.warning(
                "Printix webhook: connection from %s refused (503): %s reached; %d refused since the last warning",
                client,
                cap,
                self._refusals,
            )
            self._refusals = 0
            self._last_warning = now

    @property
    def addresses(self) -> list[Any]:
        """The (host, port, ...) the server listens on."""
        return [sock.getsockname() for sock in (self.server.sockets if self.server else ())]


LISTENER = web.AppKey("listener", Listener)


async def _read_body(request: web.Request, settings: Settings) -> bytes:
    """The request body, within what is left of the connection's deadline; Rejected(408) when too slow."""
    loop = asyncio.get_running_loop()
    listener = request.app.get(LISTENER)
    guard = listener.guards.get(request.transport) if listener else None
    deadline = guard.deadline if guard else loop.time() + settings.request_timeout
    try:
        body = await asyncio.wait_for(request.read(), max(0.0, deadline - loop.time()))
    except asyncio.TimeoutError:
        raise Rejected(408, "request body not received within %s seconds" % settings.request_timeout) from None
    if guard:
        guard.request_received()
    return body


def make_app(queue: asyncio.Queue, args: dict[str, Any], clock: Callable[[], float] = time.time) -> web.Application:
    """The aiohttp application (used by main() and by tests)."""
    settings = Settings(args)
    verifier = Verifier(settings, clock)
    lock = asyncio.Lock()

    async def receive(request: web.Request) -> web.Response:
        response = await _answer(request)
        response.force_close()  # one request per connection: each is under the connection deadline
        return response

    async def _answer(request: web.Request) -> web.Response:
        peer = request.remote
        try:
            body = await _read_body(request, settings)
            verifier.check_signature(body, request.headers)
            request_id = request.headers.get(REQUEST_ID_HEADER, "").strip()
            if not request_id:
                raise Rejected(400, "missing X-Printix-Request-ID header")
            emitted, events = parse_events(body, request_id)
            stamp = request.headers.get(TIMESTAMP_HEADER)
            stamp_time = None
            if stamp is not None:
                stamp_time = _epoch(stamp)
                if stamp_time is None:
                    raise Rejected(400, "malformed request: X-Printix-Timestamp is not a timestamp")
            signed_time = verifier.signed_time(emitted, stamp_time)
            keys = ["id:" + request_id, "body:" + hashlib.sha256(body).hexdigest()]
            async with lock:
                if verifier.is_replay(keys):
                    LOGGER.warning(
                        "Printix webhook: request %r from %s repeats one already accepted; ignored", request_id, peer
                    )
                    return web.json_response({"accepted": 0, "duplicate": True}, status=200)
                verifier.remember(keys, signed_time)
            for event in events:
                await queue.put(event)
            LOGGER.info("Printix webhook: request %r: %d event(s) queued", request_id, len(events))
            return web.json_response({"accepted": len(events)}, status=202)
        except Rejected as exc:
            LOGGER.warning("Printix webhook: rejected a request from %s: %s", peer, exc.reason)
            headers = {"Retry-After": RETRY_AFTER} if exc.status == SERVICE_UNAVAILABLE else None
            return web.json_response({"error": exc.reason}, status=exc.status, headers=headers)

    app = web.Application(client_max_size=MAX_BODY)
    app.router.add_post(settings.path, receive)
    app[SETTINGS] = settings
    return app


async def serve(queue: asyncio.Queue, args: dict[str, Any]) -> tuple[web.AppRunner, Listener]:
    """Start listening; returns the runner (to clean up) and the listener (its addresses and counts)."""
    app = make_app(queue, args)
    settings = app[SETTINGS]
    listener = Listener(settings)
    app[LISTENER] = listener
    runner = web.AppRunner(app, access_log=None, keepalive_timeout=settings.request_timeout)
    await runner.setup()
    handler = runner.server
    assert handler is not None  # noqa: S101  # nosec B101 - set by setup()
    context = settings.ssl_context()
    loop = asyncio.get_running_loop()
    try:
        listener.server = await loop.create_server(
            lambda: ConnectionGuard(handler(), listener),
            settings.host,
            settings.port,
            ssl=context,
            ssl_handshake_timeout=settings.request_timeout if context else None,
            backlog=128,
        )
    except BaseException:
        await runner.cleanup()
        raise
    for address in listener.addresses:
        LOGGER.info(
            "Printix webhook: listening on %s://%s:%s%s",
            "https" if context else "http",
            address[0],
            address[1],
            settings.path,
        )
    return runner, listener


async def main(queue: asyncio.Queue, args: dict[str, Any]) -> None:
    """EDA entry point: serve until cancelled."""
    runner, listener = await serve(queue, args)
    try:
        await asyncio.Future()  # until ansible-rulebook cancels the source
    finally:
        if listener.server is not None:
            listener.server.close()
        await runner.cleanup()


if __name__ == "__main__":
    # Try it without ansible-rulebook: prints each event it would queue.
    #   python printix_webhook.py  (listens on 127.0.0.1:5000, secret "secret-1")

    class MockQueue(asyncio.Queue):
        """Prints events instead of queueing them."""

        async def put(self, item: Any) -> None:
            print(item, flush=True)  # noqa: T201

    logging.basicConfig(level=logging.INFO)
    asyncio.run(main(MockQueue(), {"host": "127.0.0.1", "port": 5000, "secrets": ["secret-1"]}))
