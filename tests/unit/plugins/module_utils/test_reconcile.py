# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The engine: compare only what is set, plan, predict, apply only outside check mode."""

import pytest

from ansible_collections.printops.print_management.plugins.module_utils._http import ClientError
from ansible_collections.printops.print_management.plugins.module_utils._reconcile import (
    Resource,
    bulk_result,
    merge_defaults,
    reconcile,
    result_for,
    run_bulk,
)


class Dict(Resource):
    secret_fields = ("pin",)
    write_only_fields = ("password",)

    def __init__(self, store):
        self.store = store
        self.writes = []

    def read(self, key):
        return dict(self.store[key]) if key in self.store else None

    def create(self, key, desired):
        self.writes.append(("create", key, desired))
        self.store[key] = dict((k, v) for k, v in desired.items() if k != "password")

    def update(self, key, current, changes):
        self.writes.append(("update", key, changes))
        self.store[key].update(changes)

    def delete(self, key, current):
        self.writes.append(("delete", key))
        del self.store[key]


def test_unset_fields_are_not_compared():
    res = Dict({"a": {"x": 1, "y": 2}})
    out = reconcile(res, "a", "present", {"x": 1, "y": None})
    assert not out.changed and res.writes == []


def test_only_differing_fields_are_written():
    res = Dict({"a": {"x": 1, "y": 2}})
    out = reconcile(res, "a", "present", {"x": 1, "y": 3})
    assert out.action == "update" and res.writes == [("update", "a", {"y": 3})]
    assert out.before == {"x": 1, "y": 2} and out.after == {"x": 1, "y": 3}


def test_check_mode_predicts_but_does_not_write():
    res = Dict({})
    out = reconcile(res, "a", "present", {"x": 1}, check_mode=True)
    assert out.action == "create" and out.after == {"x": 1} and res.writes == []


def test_absent_when_already_absent_is_unchanged():
    res = Dict({})
    assert reconcile(res, "a", "absent", {}).action == "none"
    assert res.writes == []


def test_write_only_fields_are_sent_on_create_only():
    res = Dict({})
    reconcile(res, "a", "present", {"x": 1, "password": "p"})
    assert res.writes[0][2]["password"] == "p"
    assert not reconcile(res, "a", "present", {"x": 1, "password": "p"}).changed


def test_diff_never_shows_secret_fields():
    res = Dict({"a": {"pin": "1111"}})
    out = reconcile(res, "a", "present", {"pin": "2222"}, check_mode=True)
    result = result_for(res, out, want_diff=True)
    assert result["changed"] and "pin" not in result["diff"]["before"] and "pin" not in result["diff"]["after"]


def test_bulk_reports_every_item_and_fails_after_all_are_processed():
    seen = []

    def worker(item):
        seen.append(item)
        if item == 2:
            raise ClientError("item two is bad")
        return {"changed": item == 1, "action": "update" if item == 1 else "none"}

    results, summary = run_bulk([0, 1, 2, 3], worker, concurrency=3)
    assert sorted(seen) == [0, 1, 2, 3]
    assert summary == {"total": 4, "created": 0, "updated": 1, "deleted": 0, "unchanged": 2, "failed": 1,
                       "uncertain": 0, "not_attempted": 0}
    assert results[2] == {"failed": True, "changed": False, "msg": "item two is bad"}
    with pytest.raises(ClientError, match="1 of 4 users failed") as err:
        bulk_result(results, summary, "users")
    assert err.value.details["users"][1]["changed"] is True


def test_unexpected_errors_in_one_item_do_not_lose_the_others():
    results, summary = run_bulk([1, 0], lambda i: {"action": "none", "v": 1 / i}, concurrency=2)
    assert summary["failed"] == 1 and "ZeroDivisionError" in results[1]["msg"]


def test_bulk_results_keep_input_order_and_concurrency_stays_bounded_over_many_items():
    import threading
    import time

    running, peak, threads_seen, lock = [0], [0], set(), threading.Lock()

    def worker(item):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
            threads_seen.add(threading.current_thread().name)
        time.sleep(0.0005 if item % 7 else 0.002)  # uneven items finish out of order
        with lock:
            running[0] -= 1
        action = ("create", "update", "delete", "none")[item % 4]
        return {"changed": action != "none", "action": action, "item": item}

    results, summary = run_bulk(iter(range(2000)), worker, concurrency=6)
    assert [r["item"] for r in results] == list(range(2000))
    assert summary == {"total": 2000, "created": 500, "updated": 500, "deleted": 500, "unchanged": 500, "failed": 0,
                       "uncertain": 0, "not_attempted": 0}
    assert peak[0] <= 6 and len(threads_seen) <= 6


def test_bulk_runs_serially_with_concurrency_one_and_handles_no_items():
    order = []
    results, summary = run_bulk([3, 1, 2], lambda i: order.append(i) or {"action": "none"}, concurrency=1)
    assert order == [3, 1, 2] and summary["unchanged"] == 3 and len(results) == 3
    assert run_bulk([], lambda i: {}, concurrency=8) == ([], {"total": 0, "created": 0, "updated": 0, "deleted": 0,
                                                              "unchanged": 0, "failed": 0,
                                                              "uncertain": 0, "not_attempted": 0})


def test_a_worker_that_exits_stops_the_run_and_the_exit_reaches_the_caller():
    def worker(item):
        if item == 3:
            raise SystemExit(1)
        return {"action": "none"}

    for concurrency in (1, 4):
        with pytest.raises(SystemExit):
            run_bulk(range(50), worker, concurrency=concurrency)


def test_item_values_win_over_defaults_but_none_does_not():
    assert merge_defaults({"a": 1, "b": None}, {"a": 0, "b": 2, "c": 3}) == {"a": 1, "b": 2, "c": 3}


def test_read_all_drops_vanished_objects_and_never_returns_a_short_listing():
    from ansible_collections.printops.print_management.plugins.module_utils._reconcile import read_all

    assert read_all(["a", "gone", "b"], lambda k: None if k == "gone" else {"k": k}, 2, "users") == [
        {"k": "a"}, {"k": "b"}]

    def read(key):
        if key == "b":
            raise ClientError("boom on b")
        return {"k": key}

    with pytest.raises(ClientError, match="1 users could not be read: boom on b"):
        read_all(["a", "b", "c"], read, 2, "users")
