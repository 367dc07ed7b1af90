# -*- coding: utf-8 -*-
# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The printix_webhook event source (extensions/eda): signatures, freshness, replays, events queued."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import importlib.util
import json
import socket
import time
from pathlib import Path

import pytest

aiohttp = pytest.importorskip("aiohttp")
from aiohttp.test_utils import TestClient, TestServer  # noqa: E402  pylint: disable=wrong-import-position

from ansible_collections.printops.print_management.tests.simulators.savapage import make_certificate  # noqa: E402  pylint: disable=wrong-import-position

SOURCE = Path(__file__).resolve().parents[3] / "extensions/eda/plugins/event_source/printix_webhook.py"
_spec = importlib.util.spec_from_file_location("printix_webhook", SOURCE)
printix_webhook = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(printix_webhook)

SECRET_1, SECRET_2 = "first-shared-secret", "second-shared-secret"
TENANT, USER = "9d6cd90a-5819-4398-9731-158817526a30", "b37965e6-1e2b-49e2-baf8-47a346b74a09"
HREF = "https://api.printix.net/cloudprint/tenants/%s/users/%s" % (TENANT, USER)


def body_for(emitted=None, events=None):
    emitted = time.time() if emitted is None else emitted
    if events is None:
        events = [{"name": "RESOURCE.TENANT_USER.CREATE", "href": HREF, "time": emitted}]
    return json.dumps({"emitted": emitted, "events": events}).encode("utf-8")


def sign(body, secret, encoding="hex"):
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha512).digest()
    return digest.hex() if encoding == "hex" else base64.b64encode(digest).decode("ascii")


def headers_for(body, sig1=SECRET_1, sig2=SECRET_2, request_id="req-1", encoding="hex", **extra):
    headers = {"Content-Type": "application/json", "X-Printix-Request-ID": request_id}
    if sig1:
        headers["X-Printix-Signature-1"] = sign(body, sig1, encoding)
    if sig2:
        headers["X-Printix-Signature-2"] = sign(body, sig2, encoding)
    headers.update(extra)
    return headers


def exchange(posts, args=None, clock=time.time):
    """Run the source's app, send each (body, headers[, path]) and return ([(status, json)], queued events)."""

    async def go():
        queue = asyncio.Queue()
        settings = {"port": 0, "secrets": [SECRET_1, SECRET_2]}
        settings.update(args or {})
        app = printix_webhook.make_app(queue, settings, clock=clock)
        async with TestClient(TestServer(app)) as client:
            answers = []
            for post in posts:
                body, headers = post[0], post[1]
                path = post[2] if len(post) > 2 else "/"
                response = await client.post(path, data=body, headers=headers)
                try:
                    payload = await response.json()
                except (aiohttp.ContentTypeError, ValueError):
                    payload = None
                answers.append((response.status, payload))
        events = []
        while not queue.empty():
            events.append(queue.get_nowait())
        return answers, events

    return asyncio.run(go())


# -- accepted -----------------------------------------------------------------------------------------


def test_a_request_signed_with_both_secrets_queues_the_user_creation_event():
    body = body_for()
    answers, events = exchange([(body, headers_for(body))])
    assert answers == [(202, {"accepted": 1})]
    assert len(events) == 1
    event = events[0]
    assert event["name"] == "RESOURCE.TENANT_USER.CREATE"
    assert event["href"] == HREF
    assert event["user_id"] == USER
    assert event["tenant_id"] == TENANT
    assert event["request_id"] == "req-1"
    assert abs(event["time"] - time.time()) < 60


@pytest.mark.parametrize("known", [[SECRET_1], [SECRET_2]], ids=["only-secret-1-known", "only-secret-2-known"])
def test_either_secret_alone_verifies_the_request(known):
    body = body_for()
    answers, events = exchange([(body, headers_for(body))], args={"secrets": known})
    assert answers[0][0] == 202
    assert [e["user_id"] for e in events] == [USER]


@pytest.mark.parametrize("header", ["X-Printix-Signature-1", "X-Printix-Signature-2"])
def test_one_signature_header_is_enough(header):
    body = body_for()
    headers = headers_for(body, sig1=None, sig2=None)
    headers[header] = sign(body, SECRET_2)
    answers, events = exchange([(body, headers)])
    assert answers[0][0] == 202
    assert len(events) == 1


def test_base64_signatures_are_verified_when_configured():
    body = body_for()
    answers, events = exchange([(body, headers_for(body, encoding="base64"))], args={"signature_encoding": "base64"})
    assert answers[0][0] == 202
    assert len(events) == 1


def test_hex_signatures_are_refused_when_base64_is_configured():
    body = body_for()
    answers, events = exchange([(body, headers_for(body))], args={"signature_encoding": "base64"})
    assert answers[0][0] == 401
    assert events == []


def test_the_signed_string_is_configurable():
    body = body_for()
    stamp = str(int(time.time()))
    headers = headers_for(body, sig1=None, sig2=None, **{"X-Printix-Timestamp": stamp})
    headers["X-Printix-Signature-1"] = sign(stamp.encode() + b"." + body, SECRET_1)
    answers, events = exchange([(body, headers)], args={"signed_string": "{timestamp}.{body}"})
    assert answers[0][0] == 202
    assert len(events) == 1
    # the same request signed over the body alone no longer verifies
    answers, events = exchange([(body, headers_for(body, request_id="req-2"))], args={"signed_string": "{timestamp}.{body}"})
    assert answers[0][0] == 401
    assert events == []


def test_every_event_of_a_request_is_queued_in_order_and_hrefs_are_trimmed():
    now = time.time()
    events_in = [
        {"name": "RESOURCE.TENANT_USER.CREATE", "href": HREF, "time": now},
        {"name": "RESOURCE.TENANT_USER.CREATE", "href": " " + HREF.replace(USER, "second-user"), "time": now},
        {"name": "RESOURCE.PRINTER.UPDATE", "href": "https://api.printix.net/cloudprint/tenants/%s/printers/p1" % TENANT},
    ]
    body = body_for(now, events_in)
    answers, events = exchange([(body, headers_for(body))])
    assert answers == [(202, {"accepted": 3})]
    assert [e["user_id"] for e in events] == [USER, "second-user", None]
    assert events[1]["href"].startswith("https://")
    assert [e["tenant_id"] for e in events] == [TENANT] * 3


def test_a_listener_on_a_custom_path_answers_only_there():
    body = body_for()
    answers, events = exchange([(body, headers_for(body), "/"), (body, headers_for(body), "/printix")],
                               args={"path": "/printix"})
    assert [a[0] for a in answers] == [404, 202]
    assert len(events) == 1


def test_millisecond_timestamps_are_understood():
    body = body_for(emitted=time.time() * 1000)
    answers, events = exchange([(body, headers_for(body))])
    assert answers[0][0] == 202
    assert len(events) == 1


# -- rejected: nothing is queued ----------------------------------------------------------------------


def test_a_wrong_signature_is_refused_with_401():
    body = body_for()
    answers, events = exchange([(body, headers_for(body, sig1="not-the-secret", sig2="nor-this-one"))])
    assert answers[0] == (401, {"error": "invalid signature"})
    assert events == []


def test_a_signature_of_another_body_is_refused():
    body = body_for()
    tampered = body.replace(USER.encode(), b"attacker-chosen-user")
    answers, events = exchange([(tampered, headers_for(body))])
    assert answers[0][0] == 401
    assert events == []


def test_a_signature_that_is_not_hex_is_refused():
    body = body_for()
    headers = headers_for(body, sig1=None, sig2=None, **{"X-Printix-Signature-1": "zz-not-hex"})
    answers, events = exchange([(body, headers)])
    assert answers[0][0] == 401
    assert events == []


def test_a_request_without_signature_headers_is_refused_with_401():
    body = body_for()
    answers, events = exchange([(body, headers_for(body, sig1=None, sig2=None))])
    assert answers[0][0] == 401
    assert "missing signature" in answers[0][1]["error"]
    assert events == []


@pytest.mark.parametrize("offset", [-16 * 60, 16 * 60], ids=["15-minutes-old", "15-minutes-ahead"])
def test_a_request_emitted_outside_the_window_is_refused_with_400(offset):
    body = body_for(emitted=time.time() + offset)
    answers, events = exchange([(body, headers_for(body))])
    assert answers[0][0] == 400
    assert "stale" in answers[0][1]["error"]
    assert events == []


def test_a_request_just_inside_the_window_is_accepted():
    body = body_for(emitted=time.time() - 14 * 60)
    answers, events = exchange([(body, headers_for(body))])
    assert answers[0][0] == 202
    assert len(events) == 1


def test_max_age_narrows_the_window():
    body = body_for(emitted=time.time() - 120)
    answers, events = exchange([(body, headers_for(body))], args={"max_age": 60})
    assert answers[0][0] == 400
    assert events == []


def test_a_stale_timestamp_header_is_refused_even_with_a_fresh_body():
    body = body_for()
    headers = headers_for(body, **{"X-Printix-Timestamp": str(int(time.time() - 3600))})
    answers, events = exchange([(body, headers)])
    assert answers[0][0] == 400
    assert events == []


def test_a_replayed_request_id_queues_nothing_the_second_time():
    first = body_for()
    second = body_for(emitted=time.time() + 1)  # another body, the same request id
    answers, events = exchange([(first, headers_for(first)), (second, headers_for(second))])
    assert answers[0][0] == 202
    assert answers[1] == (200, {"accepted": 0, "duplicate": True})
    assert len(events) == 1


def test_a_replayed_body_under_a_new_request_id_queues_nothing():
    body = body_for()
    answers, events = exchange([(body, headers_for(body, request_id="a")), (body, headers_for(body, request_id="b"))])
    assert [a[0] for a in answers] == [202, 200]
    assert len(events) == 1


def test_request_ids_are_forgotten_once_a_replay_would_be_stale_anyway():
    now = [1000000.0]
    verifier = printix_webhook.Verifier(printix_webhook.Settings({"port": 0, "secrets": [SECRET_1]}), lambda: now[0])
    verifier.remember(["id:a"])
    now[0] += 900
    assert verifier.is_replay(["id:a"])
    now[0] += 901
    assert not verifier.is_replay(["id:a"])
    assert not verifier.seen


@pytest.mark.parametrize("body", [
    b"{not json",
    b"[1, 2]",
    b'{"emitted": 1}',
    b'{"events": {"name": "x"}}',
    b'{"emitted": "yesterday", "events": []}',
    b"\xff\xfe",
], ids=["not-json", "a-list", "no-events", "events-not-a-list", "emitted-not-a-time", "not-utf8"])
def test_a_malformed_signed_body_is_refused_with_400(body):
    answers, events = exchange([(body, headers_for(body))])
    assert answers[0][0] == 400
    assert "malformed" in answers[0][1]["error"]
    assert events == []


def test_a_request_with_one_malformed_event_queues_none_of_its_events():
    now = time.time()
    body = body_for(now, [{"name": "RESOURCE.TENANT_USER.CREATE", "href": HREF}, {"href": HREF}])
    answers, events = exchange([(body, headers_for(body))])
    assert answers[0][0] == 400
    assert events == []


def test_a_request_without_any_time_is_refused():
    body = json.dumps({"events": [{"name": "RESOURCE.TENANT_USER.CREATE", "href": HREF}]}).encode()
    answers, events = exchange([(body, headers_for(body))])
    assert answers[0][0] == 400
    assert events == []


def test_a_request_without_request_id_is_refused():
    body = body_for()
    headers = headers_for(body)
    del headers["X-Printix-Request-ID"]
    answers, events = exchange([(body, headers)])
    assert answers[0][0] == 400
    assert events == []


def test_answers_never_contain_the_secrets_or_signatures():
    body = body_for()
    bad = headers_for(body, sig1="wrong")
    bad["X-Printix-Signature-2"] = "00"
    answers = exchange([(body, bad)])[0]
    text = json.dumps(answers)
    assert SECRET_1 not in text and SECRET_2 not in text and sign(body, SECRET_1) not in text


# -- arguments ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("args, message", [
    ({"secrets": []}, "one or two"),
    ({"secrets": ["a", "b", "c"]}, "one or two"),
    ({"secrets": 5}, "list"),
    ({"signature_encoding": "base32"}, "signature_encoding"),
    ({"signed_string": "{nonce}.{body}"}, "unknown placeholder {nonce}"),
    ({"signed_string": "{timestamp}"}, "{body}"),
    ({"max_age": "soon"}, "max_age must be an integer"),
    ({"certfile": "/tmp/cert.pem"}, "together"),
    ({"port": None}, "port is required"),
])
def test_bad_arguments_fail_at_start_with_a_clear_message(args, message):
    settings = {"port": 0, "secrets": [SECRET_1]}
    settings.update(args)
    with pytest.raises(ValueError, match=".*") as info:
        printix_webhook.Settings(settings)
    assert message in str(info.value)


def test_a_single_secret_may_be_given_as_a_string():
    assert printix_webhook.Settings({"port": 1, "secrets": SECRET_1}).secrets == [SECRET_1.encode()]


# -- main(): the real listener --------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def serve_and_post(settings, url, **post_options):
    """Run main() with ``settings``, POST one signed event to ``url`` as soon as it listens, then cancel it.

    Returns the answer's status and the event queue."""
    queue = asyncio.Queue()
    task = asyncio.ensure_future(printix_webhook.main(queue, settings))
    body = body_for()
    status = None
    async with aiohttp.ClientSession() as session:
        for _attempt in range(100):
            try:
                async with session.post(url, data=body, headers=headers_for(body, sig2=None),
                                        **post_options) as response:
                    status = response.status
                break
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    return status, queue


def test_main_serves_on_the_given_port_until_cancelled():
    port = free_port()
    settings = {"host": "127.0.0.1", "port": port, "secrets": [SECRET_1]}
    status, queue = asyncio.run(asyncio.wait_for(serve_and_post(settings, "http://127.0.0.1:%d/" % port), 30))
    assert status == 202
    assert queue.get_nowait()["user_id"] == USER
    with socket.socket() as sock:  # the port is free again (as a restart binds it: connections closed by
        # the listener linger in TIME_WAIT, which SO_REUSEADDR allows, but a socket still listening does not)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        sock.listen()


def test_main_serves_https_with_certfile_and_keyfile(tmp_path):
    import ssl  # pylint: disable=import-outside-toplevel

    certfile, keyfile = make_certificate(str(tmp_path))  # self-signed, for 127.0.0.1
    port = free_port()
    settings = {"host": "127.0.0.1", "port": port, "secrets": [SECRET_1], "certfile": certfile, "keyfile": keyfile}
    status, queue = asyncio.run(asyncio.wait_for(serve_and_post(
        settings, "https://127.0.0.1:%d/" % port, ssl=ssl.create_default_context(cafile=certfile)), 30))
    assert (status, queue.qsize()) == (202, 1)


# -- freshness is bound to a signed time (issue 15) -------------------------------------------------------


def undated_body():
    return json.dumps({"events": [{"name": "RESOURCE.TENANT_USER.CREATE", "href": HREF}]}).encode()


def test_an_unsigned_timestamp_header_does_not_make_an_undated_body_fresh():
    # A captured body without 'emitted' could otherwise be replayed for ever with a new header.
    body = undated_body()
    answers, events = exchange([(body, headers_for(body, **{"X-Printix-Timestamp": str(int(time.time()))}))])
    assert answers[0][0] == 400
    assert "no signed time" in answers[0][1]["error"] and "signed_string" in answers[0][1]["error"]
    assert events == []


def signed_with_timestamp(body, stamp, secret=SECRET_1, request_id="req-1"):
    message = str(stamp).encode() + b"." + body
    return {"Content-Type": "application/json", "X-Printix-Request-ID": request_id,
            "X-Printix-Timestamp": str(stamp), "X-Printix-Signature-1": hmac.new(
                secret.encode(), message, hashlib.sha512).hexdigest()}


def test_a_signed_timestamp_dates_an_undated_body_and_a_replay_after_the_window_is_refused():
    now = [1_800_000_000.0]
    args = {"signed_string": "{timestamp}.{body}", "max_age": 900}
    body = undated_body()
    first = signed_with_timestamp(body, int(now[0]))

    async def go():
        queue = asyncio.Queue()
        app = printix_webhook.make_app(queue, dict({"port": 0, "secrets": [SECRET_1]}, **args), clock=lambda: now[0])
        statuses = []
        async with TestClient(TestServer(app)) as client:
            statuses.append((await client.post("/", data=body, headers=first)).status)
            now[0] += 2 * 900 + 1  # past any window the first request could be replayed in
            statuses.append((await client.post("/", data=body, headers=first)).status)  # as captured
            fresh = dict(first, **{"X-Printix-Timestamp": str(int(now[0]))})  # a new header, old signature
            statuses.append((await client.post("/", data=body, headers=fresh)).status)
        return statuses, queue.qsize()

    assert asyncio.run(go()) == ([202, 400, 401], 1)


def test_a_request_is_remembered_until_its_signed_time_is_stale_however_many_come_after(monkeypatch):
    # The old store forgot the oldest ids beyond 100,000 entries, however recent: a request
    # accepted before a burst could then be replayed. Now a request that cannot be remembered
    # is refused (503, Printix retries) and nothing still replayable is forgotten.
    monkeypatch.setattr(printix_webhook, "MAX_REMEMBERED", 4)
    now = [1_800_000_000.0]
    bodies = [body_for(emitted=now[0] + i) for i in range(3)]
    posts = [(b, headers_for(b, request_id="r%d" % i)) for i, b in enumerate(bodies)]
    answers, events = exchange(posts + [posts[0]], clock=lambda: now[0])
    assert [a[0] for a in answers] == [202, 202, 503, 200]
    assert len(events) == 2
    assert "retry later" in answers[2][1]["error"]


def test_the_store_forgets_requests_once_their_replay_would_be_stale():
    now = [1_800_000_000.0]
    verifier = printix_webhook.Verifier(printix_webhook.Settings({"port": 0, "secrets": [SECRET_1]}), lambda: now[0])
    verifier.remember(["id:early"], signed_time=now[0] - 900)  # the oldest time still accepted
    verifier.remember(["id:late"], signed_time=now[0] + 900)  # the newest
    now[0] += 1
    assert not verifier.is_replay(["id:early"]) and verifier.is_replay(["id:late"])
    now[0] += 1798
    assert verifier.is_replay(["id:late"])
    now[0] += 2
    assert not verifier.is_replay(["id:late"]) and not verifier.seen


# -- malformed input is a 400, never a 500 ------------------------------------------------------------------


@pytest.mark.parametrize("body", [
    b'{"emitted": 1, "events": ' + b"[" * 100000 + b"]" * 100000 + b"}",
    b"[" * 100000 + b"]" * 100000,
    b'{"events": [], "x": ' + b'{"a": ' * 50000 + b"1" + b"}" * 50000 + b"}",
], ids=["deep-events", "deep-list", "deep-object"])
def test_a_signed_body_nested_deeply_is_refused_with_400(body):
    answers, events = exchange([(body, headers_for(body))])
    assert answers[0][0] == 400, answers
    assert "malformed" in answers[0][1]["error"]
    assert events == []


# -- the real listener: slow and idle clients, connection caps ----------------------------------------------


async def _serving(args):
    queue = asyncio.Queue()
    settings = {"host": "127.0.0.1", "port": 0, "secrets": [SECRET_1]}
    settings.update(args)
    runner, listener = await printix_webhook.serve(queue, settings)
    return queue, runner, listener


async def _stop(runner, listener):
    listener.server.close()
    await runner.cleanup()


async def _read_all(reader, timeout=5.0):
    """What the server sends until it closes the connection (b'' when it closes without a word)."""
    data = b""
    try:
        while True:
            chunk = await asyncio.wait_for(reader.read(65536), timeout)
            if not chunk:
                return data
            data += chunk
    except ConnectionResetError:
        return data


def _raw_request(body, headers, path="/"):
    lines = ["POST %s HTTP/1.1" % path, "Host: 127.0.0.1", "Content-Length: %d" % len(body)]
    lines += ["%s: %s" % item for item in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8", "surrogateescape") + body


async def _post(port, body, headers):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(_raw_request(body, headers))
    answer = await _read_all(reader)
    writer.close()
    return answer


@pytest.mark.parametrize("sent", [b"", b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le"], ids=["idle", "half-headers"])
def test_a_client_that_does_not_send_its_request_in_time_is_disconnected(sent):
    async def go():
        _queue, runner, listener = await _serving({"request_timeout": 0.3})
        port = listener.addresses[0][1]
        started = time.monotonic()
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(sent)
        answer = await _read_all(reader, timeout=15)
        elapsed = time.monotonic() - started
        writer.close()
        await asyncio.sleep(0.05)
        still_open = listener.open
        await _stop(runner, listener)
        return answer, elapsed, still_open

    answer, elapsed, still_open = asyncio.run(asyncio.wait_for(go(), 30))
    assert answer == b""
    assert elapsed < 0.3 + printix_webhook.TIMEOUT_GRACE + 5  # closed by the deadline (slack for a busy machine)
    assert still_open == 0


def test_a_body_that_does_not_arrive_in_time_is_answered_408():
    async def go():
        queue, runner, listener = await _serving({"request_timeout": 0.3})
        port = listener.addresses[0][1]
        body = body_for()
        raw = _raw_request(body, headers_for(body, sig2=None))
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(raw[: len(raw) - len(body) + 10])  # the headers and 10 bytes of the body
        answer = await _read_all(reader)
        writer.close()
        await _stop(runner, listener)
        return answer, queue.qsize()

    answer, queued = asyncio.run(asyncio.wait_for(go(), 30))
    assert answer.startswith(b"HTTP/1.1 408"), answer
    assert queued == 0


def test_idle_connections_beyond_the_caps_are_refused_and_printix_gets_through_once_they_time_out():
    async def go():
        queue, runner, listener = await _serving(
            {"request_timeout": 3, "max_connections": 20, "max_connections_per_client": 20})
        port = listener.addresses[0][1]
        idle = [await asyncio.open_connection("127.0.0.1", port) for _attempt in range(200)]  # the attack
        await asyncio.sleep(0.1)
        most_open = listener.open
        refused = await asyncio.gather(*[_read_all(r, timeout=0.3) for r, _w in idle[20:]])
        body = body_for()
        busy = await _post(port, body, headers_for(body, sig2=None))  # while the caps are full
        await asyncio.sleep(3 + printix_webhook.TIMEOUT_GRACE + 0.5)  # the idle ones time out
        accepted = await _post(port, body, headers_for(body, sig2=None, request_id="later"))
        for _r, writer in idle:
            writer.close()
        await asyncio.sleep(0.05)
        left_open = listener.open
        await _stop(runner, listener)
        return most_open, refused, busy, accepted, queue.qsize(), left_open

    most_open, refused, busy, accepted, queued, left_open = asyncio.run(asyncio.wait_for(go(), 60))
    assert most_open == 20
    assert all(answer.startswith(b"HTTP/1.1 503") for answer in refused)
    assert busy.startswith(b"HTTP/1.1 503") and b"Retry-After" in busy
    assert accepted.startswith(b"HTTP/1.1 202"), accepted
    assert queued == 1
    assert left_open == 0


def test_one_client_cannot_take_every_connection():
    async def go():
        _queue, runner, listener = await _serving({"max_connections": 100, "max_connections_per_client": 3})
        port = listener.addresses[0][1]
        held = [await asyncio.open_connection("127.0.0.1", port) for _attempt in range(3)]
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        fourth = await _read_all(reader, timeout=2)
        writer.close()
        for _r, w in held:
            w.close()
        await _stop(runner, listener)
        return fourth

    assert asyncio.run(asyncio.wait_for(go(), 30)).startswith(b"HTTP/1.1 503")


def test_header_bytes_that_are_not_utf8_are_answered_not_crashed_on():
    async def go():
        queue, runner, listener = await _serving({"signed_string": "{timestamp}.{body}"})
        port = listener.addresses[0][1]
        body = body_for()
        headers = signed_with_timestamp(body, int(time.time()))
        headers["X-Printix-Timestamp"] = "\udcff\udcfe"  # the raw bytes 0xff 0xfe on the wire
        answer = await _post(port, body, headers)
        await _stop(runner, listener)
        return answer, queue.qsize()

    answer, queued = asyncio.run(asyncio.wait_for(go(), 30))
    assert answer.split(b"\r\n", 1)[0] in (b"HTTP/1.1 400 Bad Request", b"HTTP/1.1 401 Unauthorized"), answer
    assert queued == 0


@pytest.mark.parametrize("args, message", [
    ({"request_timeout": 0}, "request_timeout must be a positive"),
    ({"request_timeout": "nan"}, "request_timeout must be a positive"),
    ({"request_timeout": "slow"}, "request_timeout must be a number"),
    ({"max_connections": 0}, "max_connections must be at least 1"),
    ({"max_connections_per_client": "x"}, "max_connections_per_client must be an integer"),
])
def test_bad_connection_limits_fail_at_start(args, message):
    with pytest.raises(ValueError) as info:
        printix_webhook.Settings(dict({"port": 0, "secrets": [SECRET_1]}, **args))
    assert message in str(info.value)
