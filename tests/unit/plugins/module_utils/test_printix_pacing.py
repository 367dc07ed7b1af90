# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Printix pacing: one pace for all workers, back to the allowed rate after a throttle.

Before, one 429 with a 0.5 s hint left requests 0.5 s apart for the rest of the run
(300 cards in 238 s where about 50 s was possible), and a hint of a fraction of a second
made the workers hammer the server (about 1,700 answers 429 for 300 cards). The tests
count: the spacing of requests on an injected clock against a scripted token bucket,
and the share of 429 answers the simulator gave to 8 threads.
"""

from __future__ import annotations

import json

import pytest

from ansible_collections.printops.print_management.plugins.module_utils._http import Redactor
from ansible_collections.printops.print_management.plugins.module_utils._pacer import PACE_MARGIN, Pacer
from ansible_collections.printops.print_management.plugins.module_utils._printix import CARD_MANAGER, PrintixClient
from ansible_collections.printops.print_management.tests.simulators.fixtures import printix_client

TENANT = "t1"


class Clock(object):
    """Time that passes only when someone sleeps (or a request takes its latency)."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        assert seconds >= 0
        self.now += seconds


class Headers(dict):
    def get(self, name, default=None):
        for key, value in self.items():
            if key.lower() == name.lower():
                return value
        return default


class Answer(object):
    def __init__(self, status, body, headers=None):
        self.status_code = status
        self.content = json.dumps(body).encode()
        self.text = self.content.decode()
        self.headers = Headers(headers or {}, **{"Content-Type": "application/json"})

    def json(self):
        return json.loads(self.text)


class BucketServer(object):
    """A scripted Printix: a token bucket of ``burst`` refilled at ``rate`` per second (seed 003,
    "Rate Limiting"), and a 429 with ``hint`` seconds for the requests listed in ``throttle_at``."""

    def __init__(self, clock, rate, burst, throttle_at=(), hint=0.5, latency=0.002):
        self.clock = clock
        self.rate = rate
        self.burst = burst
        self.tokens = float(burst)
        self.last = clock()
        self.throttle_at = set(throttle_at)
        self.hint = hint
        self.latency = latency
        self.log = []  # (time, status) of every API request
        self.redact = Redactor(["secret"])
        self.retry_always = frozenset()

    def request(self, method, url, **kwargs):
        self.clock.sleep(self.latency)
        if url.endswith("/oauth/token"):
            return Answer(200, {"access_token": "tok", "expires_in": 3600})
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if len(self.log) in self.throttle_at:
            self.log.append((now, 429))
            return Answer(429, {"success": False}, {"X-Rate-Limit-Retry-After-Seconds": str(self.hint)})
        if self.tokens < 1:
            self.log.append((now, 429))
            return Answer(429, {"success": False},
                          {"X-Rate-Limit-Retry-After-Seconds": "%.3f" % ((1 - self.tokens) / self.rate)})
        self.tokens -= 1
        self.log.append((now, 200))
        return Answer(200, {"success": True, "printers": []}, {"X-Rate-Limit-Remaining": str(int(self.tokens))})


def scripted_client(server, clock):
    return PrintixClient("id", "secret", api_url="https://api.example/cloudprint",
                         token_url="https://auth.example/oauth/token", tenant_id=TENANT, http=server,
                         sleep=clock.sleep, clock=clock)


@pytest.mark.parametrize("rate, burst", [
    (10.0, 4),           # a small bucket at a test rate faster than the hint: the pace must not stay at 0.5 s
    (100.0 / 60, 100),   # Printix's own limit, where the hint is shorter than a refill: it must not hammer
])
def test_after_one_429_the_pace_returns_to_the_allowed_rate(rate, burst):
    clock = Clock()
    server = BucketServer(clock, rate, burst, throttle_at=[burst + 50], hint=0.5)
    client = scripted_client(server, clock)
    for _n in range(burst + 200):
        client.call("GET", "printers", CARD_MANAGER, "listing printers")
    throttled = [n for n, (_t, status) in enumerate(server.log) if status == 429]
    assert throttled == [burst + 50], throttled  # the injected one, and no other
    accepted = [t for t, status in server.log[burst + 80:] if status == 200]
    gaps = [b - a for a, b in zip(accepted, accepted[1:])]
    interval = 1.0 / rate
    # the allowed rate: requests a refill interval apart on average, none held back by the hint
    assert abs((accepted[-1] - accepted[0]) / (len(accepted) - 1) - interval) <= 0.03 * interval
    assert max(gaps) <= 1.2 * interval, (interval, max(gaps))


def test_retry_after_zero_waits_one_refill_interval_and_the_pause_holds_every_worker():
    clock = Clock()
    pacer = Pacer(clock, clock.sleep, rate=2.0)
    ticket = pacer.turn()
    assert pacer.throttled(ticket, 0.0) == pytest.approx(0.5)  # not 0: one token's refill time
    start = clock()
    pacer.turn()
    assert clock() - start == pytest.approx(0.5)
    # nor is the hint taken as the pace: the next turn waits for a token at the rate (with its margin)
    pacer.turn()
    assert clock() - start == pytest.approx(0.5 + 0.5 / PACE_MARGIN)


def test_the_pace_is_learned_from_the_servers_remaining_counts():
    clock = Clock()
    server = BucketServer(clock, 25.0, 10)
    client = scripted_client(server, clock)
    for _n in range(200):
        client.call("GET", "printers", CARD_MANAGER, "listing printers")
    assert client.pacer.rate == pytest.approx(25.0, rel=0.05)
    assert [s for _t, s in server.log].count(429) == 0


# -- against the simulator, 8 threads -----------------------------------------------------


def sim_client(px):
    return printix_client(px, http_options=dict(timeout=10, pool_size=8))


@pytest.mark.parametrize("rate_per_minute, burst", [
    (600, 100),   # the simulator's default bucket (100), refilled at a test rate: 100 at once, then 50 in 5 s
    (3000, 10),   # a small bucket: most requests wait for a refill
])
def test_eight_threads_share_one_pace_and_draw_few_429s(px, eight_workers, rate_per_minute, burst):
    px.configure(token_ttl=3599, rate_per_minute=rate_per_minute, burst=burst, hal_arrays=False)
    client = sim_client(px)
    calls, throttled = eight_workers(px, client, 150)
    assert len(calls) - len(throttled) == 150
    assert len(throttled) <= 0.04 * len(calls), "%d of %d answered 429" % (len(throttled), len(calls))
    assert client.rate_limit_report()["throttled_responses"] == len(throttled)
