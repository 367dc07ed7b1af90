# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The desired-vs-current engine and the bulk runner. Knows no product.

Internal to the collection; may change in any release.

A module describes its resource with a :class:`Resource` subclass:
``read`` the current state (``None`` when absent), and ``create``,
``update``, ``delete``. The engine compares only the fields the task sets
(``None`` means "not managed"), plans, predicts the state after, and writes
only when something differs and not in check mode. What a failed write means
(context kept with its type, a write that may have been applied) is said once
in :mod:`._errors`.
"""

from __future__ import annotations

import threading

from ansible_collections.printops.print_management.plugins.module_utils._http import AmbiguousResult, ClientError
from ansible_collections.printops.print_management.plugins.module_utils._bulk_plan import (
    BulkPlanning,
    bulk_diff,
    default_header,
    label_failures,
    run_waves,
)
from ansible_collections.printops.print_management.plugins.module_utils._errors import (
    may_have_applied,
    unreachable,
    with_context,
    write_failed,
)

ABSENT = "absent"
PRESENT = "present"

#: amounts of money closer than this are the same amount (half a cent)
MONEY_TOLERANCE = 0.005


def same_money(have, want, tolerance=MONEY_TOLERANCE):
    """True when two amounts are the same to the tolerance; an unknown amount (None) never is."""
    return have is not None and want is not None and abs(float(have) - float(want)) < tolerance


def same_value(have, want):
    """Property values compared as the servers store them: strings, but ``"2.50"`` equals ``2.5``."""
    if have == want:
        return True
    try:
        return abs(float(have) - float(want)) < 1e-9
    except (TypeError, ValueError):
        return False


class Resource(object):
    """Adapter between the engine and one kind of object of one product.

    ``step()`` sends one write and records it, so a later failure says what
    was already applied (the progress message of every resource).
    """

    #: fields never returned or shown in a diff (PINs, passwords)
    secret_fields = ()
    #: fields that cannot be read back: written on create, or when forced
    write_only_fields = ()
    #: dict fields (properties) merged into the current ones: keys not given are kept
    merged_fields = ()
    #: field -> ``same(have, want)`` for fields not compared by ``==`` (money to a tolerance);
    #: a field not read (None) is never the same
    compare = {}
    #: how to find out whether a write whose answer was lost was applied (ends that error's message)
    write_check = None

    def __init__(self, client, opts=None):
        self.client = client
        self.opts = opts or {}
        self.done = []

    def progress(self):
        """What this object's writes have done so far, as the tail of an error message."""
        if not self.done:
            return " (nothing was changed)"
        return " (already applied: %s)" % ", ".join(self.done)

    def step(self, what, fn, *args):
        """Send one write; on failure the error (same type) says what was already applied."""
        try:
            result = fn(*args)
        except ClientError as exc:
            raise write_failed(exc, what, self.done, check=self.write_check)
        self.done.append(what)
        return result

    def create_once(self, what, fn, args, exists, noun, not_there):
        """Send a create, never re-sent after a lost answer (issue 15: a second one fails with
        "already exists"); then ``exists()`` reads whether it was applied. If it was, the task
        carries on; if not, it fails saying ``not_there``, a settled failure (``from None``: no
        longer a lost answer)."""
        try:
            fn(*args)
        except AmbiguousResult as exc:
            if not exists():
                raise ClientError("%s. %s. Run the task again." % (exc, not_there),
                                  details={"changed": True} if self.done else None) from None
            what += " (its answer was lost; the %s is there)" % noun
        except ClientError as exc:
            raise write_failed(exc, what, self.done)
        self.done.append(what)

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
        if field in self.merged_fields:
            merged = dict(current or {})
            merged.update(wanted)
            return merged
        return wanted

    def equal(self, field, current, wanted):
        if field in self.compare:
            return current is not None and self.compare[field](current, wanted)
        if field in self.merged_fields:
            current = current or {}
            return all(same_value(current.get(k), v) for k, v in wanted.items())
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


# -- the one entry every resource module goes through --------------------------------


class Reconciler(BulkPlanning):
    """Reconciles one object (``one``) or a list of them (``bulk``) of one resource.

    A resource module subclasses this with its :class:`Resource` and calls
    ``run()``. The flow of one object is always: ``validate`` (no I/O), read,
    ``check`` (what must hold between read and plan: a referenced object that
    must exist, a kind that cannot change), plan, apply (never in check mode),
    ``result``. Every error leaves prefixed by ``label()``, its type kept.
    The bulk form's planning hooks (``order``, ``refuse_invalid``, item labels)
    come from :class:`._bulk_plan.BulkPlanning`.
    """

    #: the option naming the object, and the key of each bulk result
    key_option = "name"
    #: the noun in error messages ("user 'jsmith': ...")
    kind = "object"
    #: the result key holding the object after the task (None: none returned)
    object_name = None
    #: the module option holding the bulk list (None: no bulk form)
    bulk_option = None
    #: the bulk result's list key
    noun = "items"
    #: options an item may set; their top-level values are the items' defaults
    item_options = ()
    #: the option saying present/absent (None: the object is only ever updated)
    state_option = "state"

    def __init__(self, client, params, check_mode=False, diff=False, warn=None):
        self.client = client
        self.params = params
        self.check_mode = check_mode
        self.diff = diff
        #: reports what the task did not do as asked but need not fail for (the module's ``warn``)
        self.warn = warn or (lambda msg: None)

    # -- what a subclass provides ---------------------------------------------------
    def resource(self, opts):
        raise NotImplementedError

    def desired(self, opts):
        raise NotImplementedError

    def validate(self, opts):
        """Refuse bad input before any call (raise ClientError)."""

    def check(self, opts, current):
        """Refuse, after the read and before any write, what would fail half-way."""

    def require_key(self, opts):
        """Refuse an object named by nothing or blanks (for ``validate``)."""
        key = opts.get(self.key_option)
        if key is None or not str(key).strip():
            raise ClientError("%s must not be empty" % self.key_option)

    def label(self, opts):
        return "%s %r" % (self.kind, opts.get(self.key_option))

    def key(self, opts):
        return opts.get(self.key_option)

    # -- one object -----------------------------------------------------------------
    def reconcile(self, resource, opts):
        """Read, check, plan and apply; returns the :class:`Outcome`."""
        return self.settle(resource, opts, resource.read(self.key(opts)))

    def settle(self, resource, opts, current):
        """Check, plan and apply against ``current`` (None: the object is absent)."""
        self.check(opts, current)
        desired = self.desired(opts)
        state = (opts.get(self.state_option) if self.state_option else None) or PRESENT
        outcome = plan(resource, self.key(opts), state, desired, current)
        return apply(resource, outcome, desired, self.check_mode)

    def result(self, opts, resource, outcome):
        result = result_for(resource, outcome, self.diff)
        result[self.key_option] = opts.get(self.key_option)
        if self.object_name and outcome.after is not None:
            shown = public(resource, outcome.after)
            shown[self.key_option] = opts.get(self.key_option)
            result[self.object_name] = shown
        return result

    def one(self, opts=None):
        """Reconcile one object (``opts`` defaults to the task's own options)."""
        opts = self.params if opts is None else opts
        try:
            self.validate(opts)
            resource = self.resource(opts)
            outcome = self.reconcile(resource, opts)
            return self.result(opts, resource, outcome)
        except ClientError as exc:
            name = self.label(opts)
            raise exc if str(exc).startswith(name) else with_context(exc, prefix="%s: " % name)

    # -- many objects ---------------------------------------------------------------
    def defaults(self):
        return dict((k, v) for k, v in self.params.items() if k in self.item_options and k != self.key_option)

    def item(self, item, defaults):
        """The options of one bulk item: its own, then the task's defaults."""
        return merge_defaults(item, defaults)

    def prepare(self, items, defaults):
        """Before the first item: checks that concern the whole list (raise to refuse it all)."""

    def bulk_one(self, opts):
        """One bulk item's result; per-item detail (the object) only with --diff, to stay small."""
        result = self.one(opts)
        if not self.diff and self.object_name:
            result.pop(self.object_name, None)
        return result

    def report(self):
        """Figures of the whole task returned beside a bulk run's results, and in its failure's
        details (a client's rate-limit use); none by default."""
        return {}

    def bulk(self, items, concurrency=8):
        try:
            result = self._bulk(items, concurrency)
        except ClientError as exc:
            exc.details.update(self.report())
            raise
        result.update(self.report())
        return result

    def _bulk(self, items, concurrency):
        defaults = self.defaults()
        self.prepare(items, defaults)

        def worker(index, item):
            opts = self.item(item, defaults)
            try:
                return self.bulk_one(opts)
            except ClientError as exc:
                raise self.relabel(exc, index, item, opts) if self.label_items else exc

        order = self.order(items)
        if order is None:
            results, summary = run_bulk(list(enumerate(items)), lambda pair: worker(*pair), concurrency)
        else:
            results, summary = run_waves(items, worker, concurrency, order)
        for index, (item, result) in enumerate(zip(items, results)):
            self.identify(index, item, result)
        return bulk_result(results, summary, self.noun, header=self.header if self.label_items else None)

    def identify(self, index, item, result):
        """Name the item in its result (a failed item's result has only the error)."""
        result.setdefault(self.key_option, item.get(self.key_option))

    def run(self):
        """The module's entry: the bulk form when its list is given, else the one object."""
        if self.bulk_option and self.params.get(self.bulk_option) is not None:
            return self.bulk(self.params[self.bulk_option], self.params.get("concurrency") or 8)
        return self.one()
