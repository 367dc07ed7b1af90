# -*- coding: utf-8 -*-
# Copyright: (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The desired-vs-current engine and the bulk runner. Knows no product.

Internal to the collection; may change in any release.

A module describes its resource with a :class:`Resource` subclass:
``read`` the current state (``None`` when absent), and ``create``,
``update``, ``delete``. The engine compares only the fields the task sets
(``None`` means "not managed"), plans, predicts the state after, and writes
only when something differs and not in check mode.
"""

from __future__ import annotations

import threading

from ansible_collections.printops.print_management.plugins.module_utils._http import ClientError

ABSENT = "absent"
PRESENT = "present"


class Resource(object):
    """Adapter between the engine and one kind of object of one product."""

    #: fields never returned or shown in a diff (PINs, passwords)
    secret_fields = ()
    #: fields that cannot be read back: written on create, or when forced
    write_only_fields = ()

    def read(self, key):
        raise NotImplementedError

    def create(self, key, desired):
        raise NotImplementedError

    def update(self, key, current, changes):
        raise NotImplementedError

    def delete(self, key, current):
        raise NotImplementedError

    def target(self, field, current, wanted):
        """The value a field will have once ``wanted`` is applied.

        Override for additive lists (``append: true``) and similar.
        """
        return wanted

    def equal(self, field, current, wanted):
        return current == wanted

    def forced(self, current, desired):
        """Write-only fields to send although they cannot be compared."""
        return {}

    def predict(self, before, after, changes):
        """Adjust the predicted ``after`` for changes the engine cannot model
        (an adjustment adds to a balance). Default: nothing to adjust."""
        return after


class Outcome(object):
    """What one reconciliation did (or would do, in check mode)."""

    __slots__ = ("key", "action", "before", "after", "changes")

    def __init__(self, key, action, before, after, changes):
        self.key = key
        self.action = action  # create | update | delete | none
        self.before = before
        self.after = after
        self.changes = changes

    @property
    def changed(self):
        return self.action != "none"


def plan(resource, key, state, desired, current):
    """Decide what to do; no I/O."""
    desired = dict((k, v) for k, v in desired.items() if v is not None)
    if state == ABSENT:
        if current is None:
            return Outcome(key, "none", None, None, {})
        return Outcome(key, "delete", current, None, {})
    if current is None:
        readable = dict((k, v) for k, v in desired.items() if k not in resource.write_only_fields)
        after = dict(readable)
        for field, value in readable.items():
            after[field] = resource.target(field, None, value)
        after = resource.predict(None, after, desired)
        return Outcome(key, "create", None, after, dict(desired))
    changes = {}
    after = dict(current)
    for field, wanted in desired.items():
        if field in resource.write_only_fields:
            continue
        have = current.get(field)
        goal = resource.target(field, have, wanted)
        if not resource.equal(field, have, goal):
            changes[field] = goal
            after[field] = goal
    forced = resource.forced(current, desired) or {}
    changes.update(forced)
    for field, value in forced.items():
        if field not in resource.write_only_fields:
            after[field] = value
    if changes:
        after = resource.predict(current, after, changes)
    return Outcome(key, "update" if changes else "none", current, after, changes)


def apply(resource, outcome, desired, check_mode):
    """Carry out a planned outcome unless in check mode."""
    if check_mode or not outcome.changed:
        return outcome
    if outcome.action == "create":
        resource.create(outcome.key, dict((k, v) for k, v in desired.items() if v is not None))
    elif outcome.action == "update":
        resource.update(outcome.key, outcome.before, outcome.changes)
    elif outcome.action == "delete":
        resource.delete(outcome.key, outcome.before)
    return outcome


def reconcile(resource, key, state, desired, check_mode=False):
    """Read, plan and apply for one object; returns an :class:`Outcome`."""
    current = resource.read(key)
    outcome = plan(resource, key, state, desired, current)
    return apply(resource, outcome, desired, check_mode)


def public(resource, state):
    """The object as shown to users: secret fields removed."""
    if state is None:
        return None
    return dict((k, v) for k, v in state.items() if k not in resource.secret_fields)


def result_for(resource, outcome, want_diff):
    """Module return values for one outcome."""
    result = {"changed": outcome.changed, "action": outcome.action}
    if want_diff:
        result["diff"] = {"before": public(resource, outcome.before) or {},
                          "after": public(resource, outcome.after) or {}}
    return result


# -- bulk runner ---------------------------------------------------------------------


class BulkItemError(Exception):
    """Raised by a worker for an item that cannot be processed."""


def run_bulk(items, worker, concurrency=8):
    """Run ``worker(item)`` for each item with bounded concurrency.

    Returns ``(results, summary)``: results in input order, each the worker's
    dict or ``{"failed": True, "msg": ...}``; one failure never hides the
    others. ``summary`` counts actions and failures.

    Built for tens of thousands of items: ``concurrency`` threads take the
    next index from a shared counter (no queue or future per item), each
    result goes straight into its slot and into the running ``summary``, so
    the runner holds nothing per item beyond the worker's own result (keep it
    small: workers drop per-item detail unless it was asked for). The worker
    threads share the caller's client, hence one connection pool per task.
    """
    if not isinstance(items, list):
        items = list(items)
    total = len(items)
    results = [None] * total
    summary = {"total": total, "created": 0, "updated": 0, "deleted": 0, "unchanged": 0, "failed": 0}
    lock = threading.Lock()
    indices = iter(range(total))

    def record(index, res):
        # called with ``lock`` held
        results[index] = res
        if not isinstance(res, dict):
            return
        if res.get("failed"):
            summary["failed"] += 1
        else:
            summary[_COUNTERS.get(res.get("action"), "unchanged")] += 1

    aborted = []

    def loop():
        index = res = None
        while True:
            with lock:
                if index is not None:
                    record(index, res)
                index = None if aborted else next(indices, None)
            if index is None:
                return
            try:
                res = _run_one(worker, items[index])
            except BaseException as exc:  # pylint: disable=broad-except
                # SystemExit (a worker that exits the module) and the like: stop, re-raise in the caller
                with lock:
                    aborted.append(exc)
                return

    workers = max(1, min(int(concurrency or 1), total or 1))
    if workers == 1:
        loop()
    else:
        threads = [threading.Thread(target=loop, name="bulk-%d" % n) for n in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    if aborted:
        raise aborted[0]
    return results, summary


_COUNTERS = {"create": "created", "update": "updated", "delete": "deleted", "none": "unchanged"}


def _run_one(worker, item):
    """The worker's result for one item; an error becomes that item's failure."""
    try:
        return worker(item)
    except (ClientError, BulkItemError) as exc:
        return {"failed": True, "changed": False, "msg": str(exc)}
    except Exception as exc:  # pylint: disable=broad-except
        # an unexpected error in one item must not lose the others' outcome
        return {"failed": True, "changed": False, "msg": "unexpected error: %s: %s" % (type(exc).__name__, exc)}


def read_all(keys, read, concurrency, noun):
    """``read(key)`` for every key with bounded concurrency, for the _info modules.

    Returns the objects read, in order; an object that vanished between the
    listing and its read (``read`` returned None) is simply left out. Raises
    when any read failed, so a listing is never silently short.
    """
    results, _summary = run_bulk(keys, read, concurrency)
    failed = [r for r in results if isinstance(r, dict) and r.get("failed")]
    if failed:
        raise ClientError("%d %s could not be read: %s" % (len(failed), noun, failed[0]["msg"]))
    return [r for r in results if r is not None]


def bulk_result(results, summary, noun):
    """The module result of a bulk run; raises when any item failed.

    The raised error carries every item's outcome, so the task fails only
    after reporting what was and was not done.
    """
    result = {"changed": any(r.get("changed") for r in results), noun: results, "summary": summary}
    if summary["failed"]:
        failures = [r.get("msg", "") for r in results if r.get("failed")]
        shown = "; ".join(failures[:5]) + (" ..." if len(failures) > 5 else "")
        raise ClientError("%d of %d %s failed (the others were processed, see %s): %s"
                          % (summary["failed"], summary["total"], noun, noun, shown), details=result)
    return result


def merge_defaults(item, defaults):
    """Per-item options win; top-level options fill in what an item leaves unset."""
    merged = dict(defaults)
    for key, value in item.items():
        if value is not None:
            merged[key] = value
    return merged
