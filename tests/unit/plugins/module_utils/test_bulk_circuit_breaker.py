# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The bulk runner's circuit breaker: a dead server stops a bulk run early.

Before it, every remaining item spent its own retries and back-off on a server
that was gone (2,000 users took 8-10 minutes to fail). Now, after a run of items
that could not reach the server, the rest are reported ``not_attempted``. The
tests count attempts (the simulator's call log, the client's requests), never time.
"""

from __future__ import annotations

import threading

import pytest

from ansible_collections.printops.print_management.plugins.module_utils._http import (
    AmbiguousResult,
    ClientError,
    ConnectError,
    HttpClient,
    Redactor,
    RequestTimeout,
)
from ansible_collections.printops.print_management.plugins.module_utils._papercut import PaperCutClient
from ansible_collections.printops.print_management.plugins.module_utils._papercut_users import UserReconciler
from ansible_collections.printops.print_management.plugins.module_utils._reconcile import (
    BREAKER_THRESHOLD,
    bulk_result,
    run_bulk,
)
from ansible_collections.printops.print_management.tests.simulators.inspect import Inspector
from ansible_collections.printops.print_management.tests.simulators.papercut import DEFAULT_TOKEN, PaperCutSimulator

USERS = ["u%03d" % i for i in range(300)]
# the client's attempts per call: the first and HttpClient's default 3 retries
ATTEMPTS = 4


@pytest.fixture
def pc_sim():
    sim = PaperCutSimulator().start()
    inspector = Inspector(sim.url)
    inspector.sim = sim
    inspector.seed({"users": [{"username": name, "balance": 1.0} for name in USERS]})
    yield inspector
    sim.stop()


def pc_client(sim, counter=None):
    http = HttpClient(redactor=Redactor([DEFAULT_TOKEN]), timeout=5, backoff=0.01, sleep=lambda s: None)
    if counter is not None:
        send = http.request

        def counted(*args, **kwargs):
            with counter["lock"]:
                counter["requests"] += 1
            return send(*args, **kwargs)

        http.request = counted
    return PaperCutClient(sim.sim.url, DEFAULT_TOKEN, http=http)


def bulk_users(client, items, concurrency):
    params = {"state": "present", "append": False, "update_password": "on_create"}
    return UserReconciler(client, params).bulk(items, concurrency)


def test_unreachable_server_stops_the_run_and_the_rest_is_not_attempted():
    calls = []
    lock = threading.Lock()

    def worker(item):
        with lock:
            calls.append(item)
        raise ConnectError("Cannot connect for reading %s: [Errno 111] Connection refused" % item)

    results, summary = run_bulk(list(range(2000)), worker, concurrency=8)
    assert BREAKER_THRESHOLD <= len(calls) <= BREAKER_THRESHOLD + 8 - 1
    assert summary["failed"] == len(calls) and summary["not_attempted"] == 2000 - len(calls)
    assert all(r["not_attempted"] and r["failed"] for r in results[len(calls):])
    assert "could not be reached for 5 items in a row" in results[-1]["msg"]
    with pytest.raises(ClientError) as err:
        bulk_result(results, summary, "users")
    assert "were not attempted" in str(err.value) and "%d were not attempted" % (2000 - len(calls)) in str(err.value)


def test_a_timeout_counts_as_unreachable_but_a_lost_answer_or_an_answered_error_does_not():
    def run(error):
        seen = []

        def worker(item):
            seen.append(item)
            raise error

        run_bulk(list(range(50)), worker, concurrency=1)
        return len(seen)

    assert run(RequestTimeout("No answer within 30s to reading x")) == BREAKER_THRESHOLD
    # an item whose write may have been applied says nothing about the next: all are tried
    assert run(AmbiguousResult("The connection was lost after adjusting was sent")) == 50
    assert run(ClientError("PaperCut api.getUserProperties('x') failed: no such user")) == 50


def test_a_success_between_connection_failures_resets_the_count():
    def worker(item):
        if item % BREAKER_THRESHOLD == 0:
            return {"changed": False, "action": "none"}
        raise ConnectError("Cannot connect: refused")

    results, summary = run_bulk(list(range(100)), worker, concurrency=1)
    assert summary["not_attempted"] == 0 and summary["unchanged"] == 20 and summary["failed"] == 80


def test_a_wrapped_connection_error_counts_too():
    def worker(item):
        try:
            raise ConnectError("Cannot connect: refused")
        except ClientError as exc:
            raise ClientError("user %r: %s" % (item, exc), details=exc.details)

    _results, summary = run_bulk(list(range(40)), worker, concurrency=1)
    assert summary["failed"] == BREAKER_THRESHOLD and summary["not_attempted"] == 40 - BREAKER_THRESHOLD


def test_papercut_bulk_against_a_server_that_drops_every_read_is_bounded(pc_sim):
    # the listing works, then every read is dropped: the server accepts and answers nothing
    pc_sim.fault("drop", count=100000, method="getUserProperties")
    pc_sim.clear_calls()
    client = pc_client(pc_sim)
    with pytest.raises(ClientError) as err:
        bulk_users(client, [{"username": n, "notes": "x"} for n in USERS], concurrency=4)
    result = err.value.details
    attempted = result["summary"]["failed"]
    # the items that met the dead server, each with its retries, never all 300: counted by the dropped
    # calls the fault consumed (the call log does not list a dropped call)
    dropped = 100000 - pc_sim._req("GET", "faults")["faults"][0]["count"]  # pylint: disable=protected-access
    assert dropped == ATTEMPTS * attempted, dropped
    assert BREAKER_THRESHOLD <= attempted <= BREAKER_THRESHOLD + 3
    assert result["summary"]["not_attempted"] == 300 - attempted
    assert [u["username"] for u in result["users"]] == USERS
    assert all(u.get("not_attempted") for u in result["users"] if not u.get("msg", "").startswith("users["))
    assert "were not attempted" in str(err.value) and "could not be reached" in str(err.value)
    assert pc_sim.writes() == []


def test_papercut_bulk_when_the_server_dies_mid_run_stops_early(pc_sim):
    counter = {"requests": 0, "lock": threading.Lock()}
    client = pc_client(pc_sim, counter)
    done = []
    original = client.set_user_properties

    def set_then_die(username, values):
        original(username, values)
        with counter["lock"]:
            done.append(username)
            if len(done) == 20:
                # the server dies: open keep-alive connections are dropped, new ones refused
                pc_sim.fault("drop", count=10 ** 6)
                pc_sim.sim.stop()

    client.set_user_properties = set_then_die
    with pytest.raises(ClientError) as err:
        bulk_users(client, [{"username": n, "notes": "x"} for n in USERS], concurrency=4)
    summary = err.value.details["summary"]
    # the failures: the run of BREAKER_THRESHOLD, and the other 3 workers' items under way (an item
    # that was written just before the end may break the run once, hence twice that at most)
    assert summary["updated"] >= 20 and BREAKER_THRESHOLD <= summary["failed"] <= BREAKER_THRESHOLD + 2 * 3
    assert summary["not_attempted"] == 300 - summary["updated"] - summary["failed"]
    # requests made: the listing, then at most a read and a write per item attempted; never 300 items
    assert counter["requests"] <= 1 + 2 * (summary["updated"] + summary["failed"]), counter
    kinds = ("created", "updated", "deleted", "unchanged", "failed", "not_attempted")
    assert summary["total"] == 300 == sum(summary[k] for k in kinds)
