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

SOURCE = Path(__file__).resolve().parents[2] / "extensions/eda/plugins/event_source/printix_webhook.py"
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


def test_main_serves_on_the_given_port_until_cancelled():
    port = free_port()

    async def go():
        queue = asyncio.Queue()
        task = asyncio.ensure_future(printix_webhook.main(queue, {"host": "127.0.0.1", "port": port,
                                                                  "secrets": [SECRET_1]}))
        body = body_for()
        async with aiohttp.ClientSession() as session:
            for _attempt in range(100):
                try:
                    async with session.post("http://127.0.0.1:%d/" % port, data=body,
                                            headers=headers_for(body, sig2=None)) as response:
                        status = response.status
                    break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return status, await queue.get()

    status, event = asyncio.run(asyncio.wait_for(go(), 30))
    assert status == 202
    assert event["user_id"] == USER
    with socket.socket() as sock:  # the port is free again
        sock.bind(("127.0.0.1", port))


def _self_signed(tmp_path):
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization  # pylint: disable=import-outside-toplevel
    from cryptography.hazmat.primitives.asymmetric import ec  # pylint: disable=import-outside-toplevel
    from cryptography.x509.oid import NameOID  # pylint: disable=import-outside-toplevel
    import datetime  # pylint: disable=import-outside-toplevel
    import ipaddress  # pylint: disable=import-outside-toplevel

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    certfile, keyfile = tmp_path / "cert.pem", tmp_path / "key.pem"
    certfile.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    keyfile.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    return str(certfile), str(keyfile)


def test_main_serves_https_with_certfile_and_keyfile(tmp_path):
    import ssl  # pylint: disable=import-outside-toplevel

    certfile, keyfile = _self_signed(tmp_path)
    port = free_port()
    context = ssl.create_default_context(cafile=certfile)

    async def go():
        queue = asyncio.Queue()
        task = asyncio.ensure_future(printix_webhook.main(queue, {
            "host": "127.0.0.1", "port": port, "secrets": [SECRET_1], "certfile": certfile, "keyfile": keyfile}))
        body = body_for()
        status = None
        async with aiohttp.ClientSession() as session:
            for _attempt in range(100):
                try:
                    async with session.post("https://127.0.0.1:%d/" % port, data=body, ssl=context,
                                            headers=headers_for(body, sig2=None)) as response:
                        status = response.status
                    break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return status, queue.qsize()

    assert asyncio.run(asyncio.wait_for(go(), 30)) == (202, 1)
