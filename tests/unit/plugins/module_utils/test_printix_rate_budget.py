# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Printix rate limit (issue 20): the time budget sized from the work, no hammering of the token endpoint.

Before, ``rate_limit_timeout`` was 600 s whatever the task, so a 1,000-card run whose
429 pauses added up past ten minutes failed half-way; and a token endpoint answering 429
with a hint of 0 was asked again every 50 ms. Time here is an injected clock.
"""

from __future__ import annotations

import json

import pytest

from ansible_collections.printops.print_management.plugins.module_utils._http import Redactor
from ansible_collections.printops.print_management.plugins.module_utils._printix import (
    CARD_MANAGER,
    PrintixClient,
    RateLimitTimeout,
)


class Clock(object):
    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        assert seconds >= 0
        self.sleeps.append(seconds)
        self.now += seconds


class Headers(dict):
    def get(self, name, default=None):
        return next((v for k, v in self.items() if k.lower() == name.lower()), default)


class Answer(object):
    def __init__(self, status, body, headers=None):
        self.status_code = status
        self.content = json.dumps(body).encode()
        self.headers = Headers(headers or {}, **{"Content-Type": "application/json"})

    def json(self):
        return json.loads(self.content.decode())


class Scripted(object):
    """Answers 429 (with ``hint``) to the first ``throttle`` API requests (or token requests), then 200."""

    def __init__(self, clock, throttle=0, hint="1", token_throttle=0):
        self.clock = clock
        self.throttle = throttle
        self.token_throttle = token_throttle
        self.hint = hint
        self.log = []
        self.redact = Redactor(["secret"])
        self.retry_always = frozenset()

    def request(self, method, url, **kwargs):
        self.clock.sleep(0.001)
        self.log.append((self.clock(), url))
        if url.endswith("/oauth/token"):
            if self.token_throttle:
                self.token_throttle -= 1
                return Answer(429, {"error": "slow down"}, {"Retry-After": self.hint})
            return Answer(200, {"access_token": "tok", "expires_in": 3600})
        if self.throttle:
            self.throttle -= 1
            return Answer(429, {"success": False}, {"X-Rate-Limit-Retry-After-Seconds": self.hint})
        return Answer(200, {"success": True, "printers": []}, {"X-Rate-Limit-Remaining": "50"})


def client_of(server, clock, **kwargs):
    return PrintixClient("id", "secret", api_url="https://api.example/cloudprint",
                         token_url="https://auth.example/oauth/token", tenant_id="t1", http=server,
                         sleep=clock.sleep, clock=clock, **kwargs)


def test_unset_timeout_is_sized_from_the_expected_calls():
    clock = Clock()
    client = client_of(Scripted(clock), clock)
    assert client.time_budget() == 600.0  # a small task: ten minutes, as before
    client.expect_calls(2000)  # about 1,000 new cards
    assert client.time_budget() == pytest.approx(1.5 * 2000 * 0.6)  # 1,800 s: the calls at 100/min, and half again
    assert client.rate_limit_report()["timeout_seconds"] == pytest.approx(1800.0)


def test_an_explicit_timeout_is_authoritative_even_for_a_big_task():
    clock = Clock()
    client = client_of(Scripted(clock, throttle=20, hint="1"), clock, rate_limit_timeout=5)
    client.expect_calls(2000)
    assert client.time_budget() == 5.0
    with pytest.raises(RateLimitTimeout) as err:
        client.call("GET", "printers", CARD_MANAGER, "listing printers")
    assert "rate_limit_timeout (5 s)" in str(err.value)


def test_a_big_task_outlasts_more_than_ten_minutes_of_429_pauses():
    # 800 answers 429 of 1 s each: 800 s throttled, past the old fixed 600 s, within 1.5 x 2,000 calls at 100/min
    clock = Clock()
    server = Scripted(clock, throttle=800, hint="1")
    client = client_of(server, clock)
    client.expect_calls(2000)
    client.call("GET", "printers", CARD_MANAGER, "listing printers")
    report = client.rate_limit_report()
    assert report["throttled_responses"] == 800 and report["waited_seconds"] > 600


def test_the_budget_says_how_it_was_sized_when_it_runs_out():
    clock = Clock()
    client = client_of(Scripted(clock, throttle=2000, hint="1"), clock)
    client.expect_calls(10)
    with pytest.raises(RateLimitTimeout) as err:
        client.call("GET", "printers", CARD_MANAGER, "listing printers")
    assert "sized from the task's 10 expected calls" in str(err.value)


@pytest.mark.parametrize("hint", ["0", "0.01"])
def test_a_token_endpoint_hint_of_zero_or_a_fraction_waits_a_refill_interval(hint):
    clock = Clock()
    server = Scripted(clock, token_throttle=5, hint=hint)
    client = client_of(server, clock)
    client.call("GET", "printers", CARD_MANAGER, "listing printers")
    token_requests = [t for t, url in server.log if url.endswith("/oauth/token")]
    assert len(token_requests) == 6
    gaps = [b - a for a, b in zip(token_requests, token_requests[1:])]
    assert min(gaps) >= 0.6, gaps  # one token's refill at 100 per minute, not 50 ms


def test_eight_workers_at_the_simulators_default_limit_draw_few_429s(px, px_client, eight_workers):
    # the simulator's default: a bucket of 100 refilled at 100 a minute (seed 003, "Rate Limiting"); 125
    # lookups from 8 threads empty the bucket and then wait for 25 refills (about 15 s), where the workers
    # used to draw hundreds of 429s between refills
    px.configure(rate_per_minute=100, burst=100)
    client = px_client(px)
    calls, throttled = eight_workers(px, client, 125)
    assert len(calls) - len(throttled) == 125
    assert len(throttled) <= 0.04 * len(calls), "%d of %d answered 429" % (len(throttled), len(calls))
