# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""One pace for every worker of a task against a token-bucket rate limit.

Internal to the collection; may change in any release.

Printix limits each API user to a token bucket (100 requests, refilled at 100
per minute: seed 003, "Rate Limiting"). Every successful answer says how many
tokens are left (``X-Rate-Limit-Remaining``); a throttled one answers 429 and
how long to wait (``X-Rate-Limit-Retry-After-Seconds``).

The pacer mirrors the server's bucket:

* Requests go at once while the bucket holds tokens, and one refill interval
  apart once it is empty: the workers share the pacer, so the task as a whole
  keeps to the rate, whatever its concurrency.
* Every answer corrects the estimate: the level to the server's ``remaining``
  (less the requests still unanswered, which threads send in any order, and
  never from an answer overtaken by a later one), and the refill rate to what
  the server's counts show over the recent answers (tokens gained = remaining
  now - remaining then + requests accepted meanwhile). A run therefore keeps
  to the rate the server allows, not to the 100 per minute it starts from.
* A 429 pauses every worker for the server's hint, but never less than the
  time one token takes to refill: a server that answers ``Retry-After: 0``
  (or a fraction) is not hammered. The hint is not taken for the rate: after
  one throttle the pace returns to the rate the server allows.

:class:`RateBudget` is a client's share of all this: its pacer, the total time its
workers may spend paused by 429s, and what it reports (``rate_limit`` and
``api_calls`` in the modules' results). That time is ``rate_limit_timeout``; unless
the task sets it, it is sized from the work: the calls the task expects (and those it
made) at the documented rate, with a margin, and never below ten minutes.
"""

from __future__ import annotations

import collections
import threading

from ansible_collections.printops.print_management.plugins.module_utils._printix_wire import RateLimitTimeout

#: The documented limit, the pace until the server's answers tell better (seed 003).
DEFAULT_RATE = 100.0 / 60.0
#: Answers over which the refill rate is measured, and the fewest tokens refilled meanwhile that make a measure.
RATE_WINDOW = 60
RATE_MIN_TOKENS = 20
#: Waits for a refill are computed at this share of the measured rate. It costs no throughput: a token
#: the server gains meanwhile shows in its next ``remaining`` and is used at once; it keeps a measure a
#: few percent too high from running the bucket dry.
PACE_MARGIN = 0.92
#: The longest a waiting thread sleeps before it looks at the server's answers again (seconds).
RECHECK = 0.25
#: Bounds of a measured rate (requests per second): a measure outside them is noise.
MIN_RATE = 1.0 / 120.0
MAX_RATE = 1000.0
DEFAULT_INTERVAL = 0.6  # 60 s / 100 requests: the wait on a 429 that gives no hint
#: ``rate_limit_timeout`` unset: the time a task may spend throttled is this share of the time its
#: calls take at the documented rate (100/min, seed 003 "Rate Limiting"), and never less than the floor
BUDGET_MARGIN = 1.5
BUDGET_FLOOR = 600.0
DOCUMENTED_RATE = 100.0 / 60.0


class Pacer(object):
    """A token bucket shadowing the server's, shared by all the threads of one client."""

    def __init__(self, clock, sleep, rate=DEFAULT_RATE):
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._gate = threading.Lock()  # held by the one thread waiting for a token
        self.rate = float(rate)
        self._tokens = float("inf")  # unknown until the server says: nothing holds the first requests
        self._stamp = 0.0  # the time self._tokens describes (ahead during a pause)
        self._capacity = float("inf")
        self._paused_until = 0.0
        self._tickets = 0  # turns handed out so far
        self._synced = 0  # the latest turn whose answer set the level
        self._outstanding = set()  # turns handed out whose answer has not come back
        self._accepted = 0  # answers that consumed a token
        self._samples = collections.deque(maxlen=RATE_WINDOW)  # (time, remaining, accepted)
        self.paced_seconds = 0.0

    def _level(self, when):
        if when <= self._stamp:
            return self._tokens
        return min(self._capacity, self._tokens + (when - self._stamp) * self.rate * PACE_MARGIN)

    def turn(self):
        """Wait until a request may go; returns the ticket to hand back with its answer.

        One thread at a time waits for a token (the others queue behind it), and it
        looks again at least every ``RECHECK`` seconds: an answer meanwhile may show
        the server refilling faster, or a 429 may have paused everyone.
        """
        with self._gate:
            while True:
                with self._lock:
                    now = self._clock()
                    wait = self._paused_until - now  # a 429 paused everyone: counted as throttled time
                    if wait <= 0:
                        level = self._level(now)
                        if level >= 1.0 - 1e-6:  # (rounding must not leave it waiting for nothing)
                            self._tokens = max(level - 1.0, 0.0)
                            self._stamp = max(self._stamp, now)
                            self._tickets += 1
                            self._outstanding.add(self._tickets)
                            return self._tickets
                        wait = min((1.0 - level) / (self.rate * PACE_MARGIN), RECHECK)
                        self.paced_seconds += wait
                    else:
                        wait = min(wait, RECHECK)
                self._sleep(wait)

    def answered(self, ticket, remaining):
        """An answer that says how many tokens the server has left (``remaining``; None when it does not say)."""
        with self._lock:
            self._outstanding.discard(ticket)
            if remaining is None:
                return
            now = self._clock()
            self._accepted += 1
            if ticket < self._synced:
                # an answer overtaken by that of a later request: its count is older news
                return
            self._synced = ticket
            # The requests still unanswered may have reached the server after this one, in whatever
            # order the threads sent them: count them as taken.
            self._tokens = remaining - len(self._outstanding)
            self._stamp = now
            self._learn(now, remaining)

    def done(self, ticket):
        """The request of ``ticket`` ended without an answer that says anything (a lost connection)."""
        with self._lock:
            self._outstanding.discard(ticket)

    def _learn(self, now, remaining):
        full = self._capacity == float("inf") or remaining + 1 >= self._capacity
        if full and self._samples:
            # The bucket may have filled up before this request, and refill beyond its size is
            # lost: what was gained since the first sample is only a lower bound of the rate
            # (less one token for the server's rounding down), but it is enough to speed up.
            first_time, first_remaining, first_accepted = self._samples[0]
            if now > first_time:
                bound = (remaining - first_remaining + self._accepted - first_accepted - 1) / (now - first_time)
                self.rate = min(max(self.rate, bound), MAX_RATE)
        if full:
            # count the tokens gained from here
            self._samples.clear()
            self._capacity = remaining + 1 if self._capacity == float("inf") else max(self._capacity, remaining + 1)
        self._samples.append((now, remaining, self._accepted))
        first_time, first_remaining, first_accepted = self._samples[0]
        gained = remaining - first_remaining + self._accepted - first_accepted
        # the server rounds its count down: over RATE_MIN_TOKENS refills, that is at most a few percent
        if gained >= RATE_MIN_TOKENS and now > first_time:
            measured = gained / (now - first_time)
            if MIN_RATE <= measured <= MAX_RATE:
                self.rate = measured

    def throttled(self, ticket, hint):
        """A 429: pause every worker; returns the seconds this adds to the pause."""
        with self._lock:
            now = self._clock()
            wait = max(hint or 0.0, 1.0 / self.rate)
            until = now + wait
            extra = until - max(now, self._paused_until)
            self._paused_until = max(self._paused_until, until)
            self._outstanding.discard(ticket)
            if ticket >= self._synced:
                # the bucket is empty: one token by the end of the pause, less the requests still unanswered
                self._synced = ticket
                self._tokens = 1.0 - len(self._outstanding)
                self._stamp = max(self._stamp, until)
            return max(extra, 0.0)


class RateBudget(object):
    """A client's rate limit: one pace for its workers, a time budget for 429 pauses, and its counts.

    ``timeout`` is ``rate_limit_timeout`` (None: sized from the work). ``lock`` is the client's
    lock: the token request runs with it held, and so does :meth:`token_throttled`.
    """

    def __init__(self, clock, sleep, timeout=None, lock=None):
        self.timeout = timeout
        self.pacer = Pacer(clock, sleep)
        self.lock = lock or threading.Lock()
        self._turn = threading.local()  # this thread's pacer ticket, from its turn to its answer
        self.throttled_seconds = 0.0
        self.throttled_calls = 0
        self.expected_calls = 0
        self.calls_by_kind = {}  # requests answered (429s aside), by kind: see PrintixClient.call()

    @property
    def paced_seconds(self):
        return self.pacer.paced_seconds

    def report(self):
        return {"throttled_responses": self.throttled_calls, "waited_seconds": round(self.throttled_seconds, 2),
                "paced_seconds": round(self.paced_seconds, 2),
                "timeout_seconds": round(self.time_budget(), 1)}

    def expect_calls(self, count):
        """The task will make about ``count`` more calls: the time budget grows with them."""
        with self.lock:
            self.expected_calls += max(int(count), 0)

    def time_budget(self):
        """Seconds the task may spend throttled: ``rate_limit_timeout``, or sized from the work."""
        if self.timeout is not None:
            return float(self.timeout)
        return max(BUDGET_FLOOR, BUDGET_MARGIN * self._work() / DOCUMENTED_RATE)

    def _work(self):
        """The calls the task expects, or has had answered (429s aside) if more."""
        return max(self.expected_calls, sum(self.calls_by_kind.values()))

    def _budget_text(self):
        if self.timeout is not None:
            return "%s s" % self.timeout
        return "%.0f s, sized from the task's %d expected calls at 100 per minute; set it to allow more" % (
            self.time_budget(), self._work())

    def calls_report(self):
        """API requests answered so far (token requests and 429 answers aside), by kind."""
        counts = dict((k, self.calls_by_kind.get(k, 0)) for k in ("lookups", "reads", "writes"))
        counts["total"] = sum(self.calls_by_kind.values())
        return counts

    def wait_turn(self):
        """Wait until this thread's next request may go."""
        previous = getattr(self._turn, "ticket", None)
        if previous is not None:
            # this thread has finished with its previous request, whether or not an answer came back
            self.pacer.done(previous)
        self._turn.ticket = self.pacer.turn()

    def answered(self, response, kind):
        """An answer other than 429 to this thread's request: counted as ``kind``; its count of tokens left
        (``X-Rate-Limit-Remaining``) corrects the pace."""
        with self.lock:
            self.calls_by_kind[kind] = self.calls_by_kind.get(kind, 0) + 1
        remaining = response.headers.get("X-Rate-Limit-Remaining")
        try:
            remaining = None if remaining is None else int(float(remaining))
        except ValueError:
            remaining = None
        self.pacer.answered(getattr(self._turn, "ticket", 0), remaining)

    def throttled(self, response, what):
        """A 429 to this thread's request for ``what``: every worker pauses, within the time budget."""
        with self.lock:
            self.throttled_calls += 1
            extra = self.pacer.throttled(getattr(self._turn, "ticket", 0), _retry_after(response))
            if self.throttled_seconds + extra > self.time_budget():
                raise RateLimitTimeout(
                    "Printix kept answering 429 (rate limit) to %s: waited %.1f s in total, and waiting %.1f s "
                    "more would exceed rate_limit_timeout (%s). Raise rate_limit_timeout or run fewer "
                    "requests at once." % (what, self.throttled_seconds, extra, self._budget_text()),
                    status=429)
            self.throttled_seconds += extra

    def token_throttled(self, response):
        """A 429 from the token endpoint (called with ``lock`` held): the seconds to wait before asking again."""
        # a hint of 0 or a fraction is not a licence to hammer: at least one refill interval
        delay = max(_retry_after(response), DEFAULT_INTERVAL)
        self.throttled_calls += 1
        if self.throttled_seconds + delay > self.time_budget():
            raise RateLimitTimeout(
                "The Printix token endpoint kept answering 429 (rate limit): waited %.1f s in total, and waiting "
                "%.1f s more would exceed rate_limit_timeout (%s)." % (
                    self.throttled_seconds, delay, self._budget_text()), status=429)
        self.throttled_seconds += delay
        return delay


def _retry_after(response):
    try:
        hint = response.headers.get("X-Rate-Limit-Retry-After-Seconds") or response.headers.get("Retry-After")
        return float(hint or DEFAULT_INTERVAL)
    except ValueError:
        return DEFAULT_INTERVAL
