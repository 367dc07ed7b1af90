# Copyright: (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""printix_webhook: receive Printix webhook requests and turn each Printix event into an EDA event.

An aiohttp listener. Every request must carry a valid HMAC-SHA512 signature made with one
of the webhook's shared secrets (``X-Printix-Signature-1`` / ``-2``), must have been emitted
within ``max_age`` seconds of now, and must not repeat a request already accepted. Then each
entry of its ``events`` list becomes one event on the queue::

    {"name": "RESOURCE.TENANT_USER.CREATE", "href": "https://.../tenants/T/users/U",
     "user_id": "U", "tenant_id": "T", "time": 1718093846.48, "emitted": 1718093846.48,
     "request_id": "2196f6fa-..."}

Answers: 202 accepted; 200 for a duplicate of a request already accepted (nothing queued, so
Printix stops retrying); 401 missing or wrong signature; 400 stale, undated or malformed
request; 404 other paths; 405 other methods. A rejected request puts nothing on the queue.
Secrets and signatures are never logged.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import json
import logging
import math
import re
import ssl
import time
from collections import OrderedDict
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
    description: Accept requests emitted at most this many seconds before or after now.
    type: int
    default: 900
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
MAX_REMEMBERED = 100000
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
        self.seen: OrderedDict[str, float] = OrderedDict()

    def signed_bytes(self, body: bytes, headers: Any) -> bytes:
        """The bytes the signature covers, per signed_string."""
        values = {
            "{body}": body,
            "{timestamp}": headers.get(TIMESTAMP_HEADER, "").encode("utf-8"),
            "{request_id}": headers.get(REQUEST_ID_HEADER, "").encode("utf-8"),
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

    def forget_expired(self) -> None:
        """Drop request ids older than twice max_age: a replay of those is stale anyway."""
        horizon = self.clock() - 2 * self.settings.max_age
        while self.seen and (next(iter(self.seen.values())) < horizon or len(self.seen) > MAX_REMEMBERED):
            self.seen.popitem(last=False)

    def is_replay(self, keys: list[str]) -> bool:
        """Whether any key (request id, body digest) was accepted before."""
        self.forget_expired()
        return any(key in self.seen for key in keys)

    def remember(self, keys: list[str]) -> None:
        """Record an accepted request's keys."""
        now = self.clock()
        for key in keys:
            self.seen[key] = now
            self.seen.move_to_end(key)


def parse_events(body: bytes, request_id: str) -> tuple[float | None, list[dict[str, Any]]]:
    """The request's ``emitted`` time and its events as queue entries; Rejected(400) when malformed."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Rejected(400, "malformed request: the body is not JSON") from None
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


def make_app(queue: asyncio.Queue, args: dict[str, Any], clock: Callable[[], float] = time.time) -> web.Application:
    """The aiohttp application (used by main() and by tests)."""
    settings = Settings(args)
    verifier = Verifier(settings, clock)
    lock = asyncio.Lock()

    async def receive(request: web.Request) -> web.Response:
        peer = request.remote
        try:
            body = await request.read()
            verifier.check_signature(body, request.headers)
            request_id = request.headers.get(REQUEST_ID_HEADER, "").strip()
            if not request_id:
                raise Rejected(400, "missing X-Printix-Request-ID header")
            emitted, events = parse_events(body, request_id)
            stamp = request.headers.get(TIMESTAMP_HEADER)
            if stamp is not None:
                stamp_time = _epoch(stamp)
                if stamp_time is None:
                    raise Rejected(400, "malformed request: X-Printix-Timestamp is not a timestamp")
                verifier.check_fresh(stamp_time, "X-Printix-Timestamp")
            if emitted is None and stamp is None:
                raise Rejected(400, "malformed request: no 'emitted' time and no X-Printix-Timestamp header")
            if emitted is not None:
                verifier.check_fresh(emitted, "emitted")
            keys = ["id:" + request_id, "body:" + hashlib.sha256(body).hexdigest()]
            async with lock:
                if verifier.is_replay(keys):
                    LOGGER.warning(
                        "Printix webhook: request %s from %s repeats one already accepted; ignored", request_id, peer
                    )
                    return web.json_response({"accepted": 0, "duplicate": True}, status=200)
                verifier.remember(keys)
            for event in events:
                await queue.put(event)
            LOGGER.info("Printix webhook: request %s: %d event(s) queued", request_id, len(events))
            return web.json_response({"accepted": len(events)}, status=202)
        except Rejected as exc:
            LOGGER.warning("Printix webhook: rejected a request from %s: %s", peer, exc.reason)
            return web.json_response({"error": exc.reason}, status=exc.status)

    app = web.Application(client_max_size=MAX_BODY)
    app.router.add_post(settings.path, receive)
    app[SETTINGS] = settings
    return app


async def main(queue: asyncio.Queue, args: dict[str, Any]) -> None:
    """EDA entry point: serve until cancelled."""
    app = make_app(queue, args)
    settings = app[SETTINGS]
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, settings.host, settings.port, ssl_context=settings.ssl_context())
    await site.start()
    for address in runner.addresses:
        LOGGER.info(
            "Printix webhook: listening on %s://%s:%s%s",
            "https" if settings.certfile else "http",
            address[0],
            address[1],
            settings.path,
        )
    try:
        await asyncio.Future()  # until ansible-rulebook cancels the source
    finally:
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
