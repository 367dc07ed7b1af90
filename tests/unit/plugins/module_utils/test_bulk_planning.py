# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The engine's bulk planning helpers (issue 18): ordering in waves, missing references, per-item diffs."""

from __future__ import annotations

import threading
import time

import pytest

from ansible_collections.printops.print_management.plugins.module_utils._bulk_plan import (
    MissingReferences,
    bulk_diff,
    item_label,
    refuse_missing,
    run_waves,
    waves,
)
from ansible_collections.printops.print_management.plugins.module_utils._reconcile import bulk_result


def parent_of(name):
    parent, sep, _sub = name.partition("\\")
    return parent if sep else None


def test_waves_put_parents_before_their_sub_accounts_and_keep_input_order_within_a_wave():
    names = ["Chem\\A", "Phys", "Chem", "Chem\\B", "Bio\\X", "Phys\\Y"]
    assert waves(names, parent_of) == [[1, 2, 4], [0, 3, 5]]


def test_waves_of_a_flat_list_are_one_wave():
    assert waves(["a", "b", "c"], parent_of) == [[0, 1, 2]]
    assert waves([], parent_of) == []


def test_waves_survive_a_cycle_and_self_reference():
    deps = {"a": "b", "b": "a", "c": "c"}
    order = waves(["a", "b", "c"], deps.get)
    assert sorted(i for wave in order for i in wave) == [0, 1, 2]


def test_run_waves_finishes_every_parent_before_any_child_starts_and_returns_input_order():
    names = ["Chem\\%d" % n for n in range(6)] + ["Chem"]
    events = []
    lock = threading.Lock()

    def worker(index, name):
        with lock:
            events.append(("start", name))
        time.sleep(0.02)
        with lock:
            events.append(("end", name))
        return {"changed": True, "action": "create", "name": name, "index": index}

    results, summary = run_waves(names, worker, 8, waves(names, parent_of))
    assert [r["name"] for r in results] == names and [r["index"] for r in results] == list(range(7))
    assert summary["total"] == 7 and summary["created"] == 7 and summary["failed"] == 0
    parent_end = events.index(("end", "Chem"))
    assert all(events.index(("start", n)) > parent_end for n in names[:-1])
    # the children ran in parallel
    starts = [i for i, e in enumerate(events) if e[0] == "start" and e[1] != "Chem"]
    first_child_end = min(i for i, e in enumerate(events) if e[0] == "end" and e[1] != "Chem")
    assert sum(1 for i in starts if i < first_child_end) > 1


def test_run_waves_does_not_start_a_wave_after_the_server_was_found_down():
    names = ["Chem", "Chem\\A", "Chem\\B"]
    seen = []

    def worker(index, name):
        seen.append(name)
        return {"failed": True, "changed": False, "not_attempted": True, "msg": "not attempted: server down"}

    results, summary = run_waves(names, worker, 8, waves(names, parent_of))
    assert seen == ["Chem"]
    assert all(r["not_attempted"] for r in results) and summary["not_attempted"] == 2 and summary["total"] == 3


def test_run_waves_of_nothing():
    results, summary = run_waves([], lambda i, x: x, 8, [])
    assert results == [] and summary["total"] == 0


def test_refuse_missing_names_each_object_and_the_items_that_need_it():
    with pytest.raises(MissingReferences) as err:
        refuse_missing([("group 'Physiks'", ["users[1] (username 'a')", "users[4] (username 'b')"], None),
                        ("parent account 'X'", ["accounts[0] (name 'X\\\\1')"], "set create_parent: true")])
    text = str(err.value)
    assert text.startswith("2 objects the task refers to do not exist, so nothing was written: ")
    assert "group 'Physiks', which does not exist, is needed by users[1] (username 'a'), users[4] (username 'b')" \
        in text
    assert "(set create_parent: true)" in text
    assert err.value.details["changed"] is False
    assert err.value.details["missing"][0] == {"object": "group 'Physiks'",
                                               "needed_by": ["users[1] (username 'a')", "users[4] (username 'b')"]}


def test_refuse_missing_in_check_mode_says_would_and_caps_the_items_shown():
    labels = ["users[%d]" % n for n in range(8)]
    with pytest.raises(MissingReferences) as err:
        refuse_missing([("group 'G'", labels, None)], check_mode=True)
    assert "1 object the task refers to does not exist" in str(err.value)
    assert "would be needed by users[0], users[1], users[2], users[3], users[4] and 3 more" in str(err.value)
    assert err.value.details["missing"][0]["needed_by"] == labels  # all of them in the details


def test_refuse_missing_with_nothing_missing_passes():
    refuse_missing([])


def test_item_label():
    assert item_label("users", 3, "username", "jo") == "users[3] (username 'jo')"
    assert item_label("cards", 0) == "cards[0]"


def test_bulk_diff_lists_changed_items_under_headers_and_moves_them_out_of_the_items():
    results = [{"changed": True, "username": "a", "diff": {"before": {}, "after": {"x": 1}}},
               {"changed": False, "username": "b", "diff": {"before": {"x": 1}, "after": {"x": 1}}},
               {"failed": True, "changed": False, "msg": "boom"},
               {"changed": True, "username": "d", "diff": {"before": {"x": 1}, "after": {"x": 2}}}]
    diff = bulk_diff(results, lambda index, result: "user %s" % result["username"])
    assert diff == [{"before_header": "user a", "after_header": "user a", "before": {}, "after": {"x": 1}},
                    {"before_header": "user d", "after_header": "user d", "before": {"x": 1}, "after": {"x": 2}}]
    assert all("diff" not in r for r in results)


def test_bulk_diff_without_diff_mode_is_none():
    assert bulk_diff([{"changed": True}], lambda i, r: "x") is None


def test_bulk_result_carries_the_list_diff_with_default_headers():
    results = [{"changed": True, "action": "create", "name": "CC-1", "diff": {"before": {}, "after": {"n": 1}}},
               {"changed": False, "action": "none", "name": "CC-2", "diff": {"before": {}, "after": {}}}]
    summary = {"total": 2, "created": 1, "updated": 0, "deleted": 0, "unchanged": 1, "failed": 0}
    result = bulk_result(results, summary, "accounts")
    assert result["diff"] == [{"before_header": "accounts[0] (name 'CC-1')", "after_header": "accounts[0] (name 'CC-1')",
                               "before": {}, "after": {"n": 1}}]
    plain = bulk_result([{"changed": False, "action": "none"}], dict(summary, total=1, created=0), "accounts")
    assert "diff" not in plain


def test_bulk_result_names_each_failed_item_by_index_and_key_once():
    results = [{"changed": False, "action": "none", "name": "a"},
               {"failed": True, "changed": False, "name": "b", "msg": "USER account 'b': no such account"},
               {"failed": True, "changed": False, "name": "c", "msg": "accounts[2] (name 'c'): boom"}]
    summary = {"total": 3, "created": 0, "updated": 0, "deleted": 0, "unchanged": 1, "failed": 2}
    with pytest.raises(Exception) as err:
        bulk_result(results, summary, "accounts")
    items = err.value.details["accounts"]
    assert items[1]["msg"] == "accounts[1] (name 'b'): USER account 'b': no such account"
    assert items[2]["msg"] == "accounts[2] (name 'c'): boom"
    assert "accounts[1] (name 'b')" in str(err.value)
