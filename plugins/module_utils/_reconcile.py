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

from ansible_collections.printops.print_management.plugins.module_utils._http import (
    AmbiguousResult,
    ClientError,
    ConnectError,
    RequestTimeout,
)

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


# -- failed writes -------------------------------------------------------------------


def _chain(exc):
    """``exc`` and the errors it was raised from or while handling, newest first.

    ``raise ... from None`` ends the chain: a resource that settled the question
    (read back and found the write was not applied) says so that way.
    """
    seen = []
    while exc is not None and len(seen) < 20 and exc not in seen:
        seen.append(exc)
        exc = exc.__cause__ if exc.__cause__ is not None or exc.__suppress_context__ else exc.__context__
    return seen


def may_have_applied(exc):
    """True when ``exc`` leaves open whether a write was applied.

    That is an :class:`AmbiguousResult` (the answer to a write that is never
    re-sent was lost), an error raised while handling one (a resource that
    wraps it in its own words), or an error whose details say ``uncertain``.
    """
    for error in _chain(exc):
        if isinstance(error, AmbiguousResult):
            return True
        if isinstance(error, ClientError) and (error.details or {}).get("uncertain"):
            return True
    return False


def write_failed(exc, what, done, check=None):
    """The error to raise when the write ``what`` failed after the writes ``done``.

    The message says what is known: the writes already applied, and whether
    ``what`` itself may have been (a lost answer), followed by ``check`` (how
    to find out) in that case; "nothing was changed" only when that is true.
    The details carry ``changed`` whenever something was or may have been
    written, so the task's result (and the play recap of an ignored failure)
    does not hide it, and ``uncertain`` when the outcome is unknown.
    """
    uncertain = may_have_applied(exc)
    notes = []
    if done:
        notes.append("already applied: %s" % ", ".join(done))
    if uncertain:
        notes.append("the %s may have been applied" % what)
    message = "%s (%s)" % (exc, "; ".join(notes) or "nothing was changed")
    if uncertain and check:
        message += ". " + check
    details = dict(exc.details or {})
    if done or uncertain:
        details["changed"] = True
    if uncertain:
        details["uncertain"] = True
    return ClientError(message, status=exc.status, details=details)


def unreachable(exc):
    """True when ``exc`` says the server could not be reached or did not answer at all."""
    return any(isinstance(error, (ConnectError, RequestTimeout)) for error in _chain(exc))


# -- bulk runner ---------------------------------------------------------------------


class BulkItemError(Exception):
    """Raised by a worker for an item that cannot be processed."""


#: After this many items in a row fail because the server cannot be reached
#: (each having used up its own retries), the rest of a bulk run is not attempted.
BREAKER_THRESHOLD = 5


def run_bulk(items, worker, concurrency=8, breaker=BREAKER_THRESHOLD):
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

    A circuit breaker: once ``breaker`` items in a row have failed because the
    server could not be reached (refused, unreachable, no answer: each after
    its own retries), the server is taken for down and the items not yet
    started are reported ``not_attempted`` instead of each spending its
    retries and back-off on a dead server. Items already under way finish.
    """
    if not isinstance(items, list):
        items = list(items)
    total = len(items)
    results = [None] * total
    summary = {"total": total, "created": 0, "updated": 0, "deleted": 0, "unchanged": 0, "failed": 0,
               "uncertain": 0, "not_attempted": 0}
    lock = threading.Lock()
    taken = [0]  # items handed to a worker so far: they are taken in input order
    down = [0, None]  # consecutive unreachable failures, and the reason the run stopped

    def record(index, res, lost):
        # called with ``lock`` held
        results[index] = res
        if lost:
            down[0] += 1
            if down[0] >= breaker and down[1] is None:
                down[1] = ("the server could not be reached for %d items in a row (the last: %s)"
                           % (down[0], res.get("msg", "")))
        else:
            down[0] = 0
        if not isinstance(res, dict):
            return
        if res.get("failed"):
            summary["failed"] += 1
            if res.get("uncertain"):
                summary["uncertain"] += 1
        else:
            summary[_COUNTERS.get(res.get("action"), "unchanged")] += 1

    aborted = []

    def loop():
        index = res = lost = None
        while True:
            with lock:
                if index is not None:
                    record(index, res, lost)
                index = None
                if not aborted and down[1] is None and taken[0] < total:
                    index = taken[0]
                    taken[0] += 1
            if index is None:
                return
            try:
                res, lost = _run_one(worker, items[index])
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
    for index in range(taken[0], total):
        results[index] = {"failed": True, "changed": False, "not_attempted": True,
                          "msg": "not attempted: %s" % down[1]}
        summary["not_attempted"] += 1
    return results, summary


_COUNTERS = {"create": "created", "update": "updated", "delete": "deleted", "none": "unchanged"}


def _run_one(worker, item):
    """The worker's result for one item, and whether it failed for want of a server.

    An error becomes that item's failure; one that leaves a write's outcome
    unknown says so (``uncertain``), and ``changed`` is true when something
    was or may have been written.
    """
    try:
        return worker(item), False
    except (ClientError, BulkItemError) as exc:
        res = {"failed": True, "changed": False, "msg": str(exc)}
        details = getattr(exc, "details", None) or {}
        if may_have_applied(exc):
            res.update(changed=True, uncertain=True)
        elif details.get("changed"):
            res["changed"] = True
        return res, unreachable(exc)
    except Exception as exc:  # pylint: disable=broad-except
        # an unexpected error in one item must not lose the others' outcome
        return {"failed": True, "changed": False,
                "msg": "unexpected error: %s: %s" % (type(exc).__name__, exc)}, False


def read_all(keys, read, concurrency, noun):
    """``read(key)`` for every key with bounded concurrency, for the _info modules.

    Returns the objects read, in order; an object that vanished between the
    listing and its read (``read`` returned None) is simply left out. Raises
    when any read failed, so a listing is never silently short.
    """
    results, summary = run_bulk(keys, read, concurrency)
    failed = [r for r in results if isinstance(r, dict) and r.get("failed")]
    if failed:
        skipped = " (%d of them not attempted: the server could not be reached)" % summary["not_attempted"] \
            if summary["not_attempted"] else ""
        raise ClientError("%d %s could not be read%s: %s" % (len(failed), noun, skipped, failed[0]["msg"]))
    return [r for r in results if r is not None]


def bulk_result(results, summary, noun, header=None):
    """The module result of a bulk run; raises when any item failed or was not attempted.

    The raised error carries every item's outcome, so the task fails only
    after reporting what was and was not done. Per-item diffs (diff mode)
    become the task's ``diff``, one entry per changed item (see :func:`bulk_diff`).
    """
    label_failures(results, noun)
    diff = bulk_diff(results, header or default_header(noun))
    result = {"changed": any(r.get("changed") for r in results), noun: results, "summary": summary}
    if diff is not None:
        result["diff"] = diff
    skipped = summary.get("not_attempted", 0)
    if summary["failed"] or skipped:
        failures = [r.get("msg", "") for r in results if r.get("failed") and not r.get("not_attempted")]
        shown = "; ".join(failures[:5]) + (" ..." if len(failures) > 5 else "")
        parts = ["%d of %d %s failed (the others were processed, see %s): %s"
                 % (summary["failed"], summary["total"], noun, noun, shown)]
        if skipped:
            reason = next(r["msg"] for r in results if r.get("not_attempted"))
            parts = ["%d of %d %s failed and %d were not attempted (%s; run the task again once the server "
                     "answers). Failures: %s" % (summary["failed"], summary["total"], noun, skipped,
                                                 reason[len("not attempted: "):], shown)]
        if summary.get("uncertain"):
            parts.append("%d of them may have been applied although they failed (marked uncertain): check them "
                         "before running the task again" % summary["uncertain"])
        raise ClientError(". ".join(parts), details=result)
    return result


def merge_defaults(item, defaults):
    """Per-item options win; top-level options fill in what an item leaves unset."""
    merged = dict(defaults)
    for key, value in item.items():
        if value is not None:
            merged[key] = value
    return merged


# -- planning a bulk run -------------------------------------------------------------
# Small self-contained helpers: a bulk run orders its items, checks what they
# reference before the first write, and shows its plan item by item.


def item_label(option, index, key=None, value=None):
    """Where an item of a bulk list is: ``users[3] (username 'jo')``."""
    label = "%s[%d]" % (option, index)
    if key and value is not None:
        label += " (%s %r)" % (key, value)
    return label


def waves(keys, depends_on):
    """The indices of ``keys`` in the order they can run: lists that run one after the other.

    ``depends_on(key)`` names the key an item needs first (a sub-account its
    parent) or None. An item whose need is itself an item of the list runs in a
    wave after that item's; the others run in the first. Input order is kept
    within a wave, so results (placed by index) stay in input order.
    """
    first = {}
    for index, key in enumerate(keys):
        first.setdefault(key, index)
    depth = {}

    def level(index, seen=()):
        if index in depth:
            return depth[index]
        need = depends_on(keys[index])
        parent = first.get(need) if need is not None else None
        if parent is None or parent == index or parent in seen:
            depth[index] = 0
        else:
            depth[index] = level(parent, seen + (index,)) + 1
        return depth[index]

    ordered = {}
    for index in range(len(keys)):
        ordered.setdefault(level(index), []).append(index)
    return [ordered[n] for n in sorted(ordered)]


def run_waves(items, worker, concurrency, order):
    """:func:`run_bulk` over each wave of ``order`` (see :func:`waves`) in turn.

    Returns ``(results, summary)`` as :func:`run_bulk` does, results in input
    order. ``worker(index, item)`` is given the item's index.
    """
    results = [None] * len(items)
    summary = {}
    stopped = None
    for wave in order:
        if stopped is not None:
            # the run's circuit breaker stopped an earlier wave: the server is down for this one too
            for index in wave:
                results[index] = dict(stopped)
            summary["not_attempted"] = summary.get("not_attempted", 0) + len(wave)
            summary["total"] = summary.get("total", 0) + len(wave)
            continue
        done, counts = run_bulk([(index, items[index]) for index in wave],
                                lambda pair: worker(pair[0], pair[1]), concurrency)
        stopped = next((r for r in done if isinstance(r, dict) and r.get("not_attempted")), None)
        for index, result in zip(wave, done):
            results[index] = result
        for name, count in counts.items():
            summary[name] = summary.get(name, 0) + count
    if not order:
        _ignored, summary = run_bulk([], worker, concurrency)
    return results, summary


class MissingReferences(ClientError):
    """Objects a task refers to do not exist: raised before anything is written."""


def refuse_missing(missing, check_mode=False, shown=5):
    """Raise :class:`MissingReferences` when ``missing`` is not empty.

    ``missing``: ``[(what, [item labels that need it], hint or None)]``, e.g.
    ``("group 'Physiks'", ["users[1] (username 'jdoe')"], None)``. The message
    names each missing object and the items that need it; the details list
    them (``missing``) for a play to act on.
    """
    if not missing:
        return
    parts = []
    for what, needed_by, hint in missing:
        who = ", ".join(needed_by[:shown])
        if len(needed_by) > shown:
            who += " and %d more" % (len(needed_by) - shown)
        parts.append("%s, which does not exist, %s needed by %s%s"
                     % (what, "would be" if check_mode else "is", who, " (%s)" % hint if hint else ""))
    raise MissingReferences(
        "%d object%s the task refers to do%s not exist, so nothing was written: %s"
        % (len(missing), "" if len(missing) == 1 else "s", "es" if len(missing) == 1 else "", "; ".join(parts)),
        details={"changed": False, "missing": [{"object": what, "needed_by": needed_by}
                                               for what, needed_by, _hint in missing]})


def default_header(noun):
    """``accounts[2] (name 'x')`` when an item's result names it, else ``accounts[2]``."""
    def header(index, result):
        for key in ("username", "name", "user"):
            if result.get(key) is not None:
                return item_label(noun, index, key, result[key])
        return item_label(noun, index)
    return header


def label_failures(results, noun):
    """Start each failed item's message with where the item is, ``cards[2] (user 'jo')``, unless it does."""
    label = default_header(noun)
    for index, result in enumerate(results):
        if not isinstance(result, dict) or not result.get("failed") or result.get("not_attempted"):
            continue
        msg = result.get("msg") or ""
        if not msg.startswith("%s[" % noun):
            result["msg"] = "%s: %s" % (label(index, result), msg)


def bulk_diff(results, header):
    """The task's ``diff`` of a bulk run: a list of per-item diffs, for the items that change.

    Each item result's own ``diff`` (``{before, after}``, diff mode only) is
    moved into the list with ``before_header``/``after_header`` set to
    ``header(index, result)`` (``user jdoe``): Ansible's default callback shows
    each entry of a list as a diff of its own, under its header, where one
    diff of the whole list would be a single unreadable line. Unchanged items
    add nothing. Returns None when no item has a diff (diff mode off).
    """
    diffs = []
    found = False
    for index, result in enumerate(results):
        if not isinstance(result, dict) or "diff" not in result:
            continue
        found = True
        diff = result.pop("diff")
        if result.get("changed") and isinstance(diff, dict):
            name = header(index, result)
            entry = {"before_header": name, "after_header": name}
            entry.update(diff)
            diffs.append(entry)
    return diffs if found else None
