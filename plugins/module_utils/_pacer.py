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
"""

from __future__ import annotations

import collections
import threading

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
