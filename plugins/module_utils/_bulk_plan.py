# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Planning a bulk run (issue 18): small self-contained helpers of the engine.

Internal to the collection; may change in any release.

A bulk run orders its items (:func:`waves`), checks what they reference
before the first write (:func:`refuse_missing`), names each item by its place
in the list (:func:`item_label`) and shows its plan item by item
(:func:`bulk_diff`). :mod:`._reconcile` re-exports them all.
"""

from __future__ import annotations

from ansible_collections.printops.print_management.plugins.module_utils._http import ClientError


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
    # the bulk runner, imported here as it imports this module
    from ansible_collections.printops.print_management.plugins.module_utils._reconcile import run_bulk

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


class BulkPlanning(object):
    """The bulk-planning hooks of :class:`._reconcile.Reconciler` (a base of it)."""

    #: name a failed bulk item by its place in the list, ``users[3] (username 'jo')``, and head
    #: each item's entry of the task's diff with :meth:`header`
    label_items = False

    def order(self, items):
        """Waves of item indices to run one after the other (see :func:`waves`); None: all at once."""

    def header(self, index, result):
        return "%s %s" % (self.kind, result.get(self.key_option))

    def item_label(self, index, item):
        return item_label(self.noun, index, self.key_option, item.get(self.key_option))

    def refuse_invalid(self, items, defaults):
        """Validate every item before the first write; raise naming each invalid one."""
        invalid = []
        for index, item in enumerate(items):
            try:
                self.validate(self.item(item, defaults))
            except ClientError as exc:
                invalid.append("%s: %s" % (self.item_label(index, item), exc))
        if invalid:
            raise ClientError("%d of %d %s are invalid, so nothing was written: %s%s" % (
                len(invalid), len(items), self.noun, "; ".join(invalid[:10]), " ..." if len(invalid) > 10 else ""))

    def relabel(self, exc, index, item, opts):
        """The same error (type and details kept), named by the item's place in the list
        instead of the object's name alone."""
        name, text = "%s: " % self.label(opts), str(exc)
        framed = exc.__class__.__new__(exc.__class__)
        framed.__dict__.update(exc.__dict__)
        framed.message = "%s: %s" % (self.item_label(index, item), text[len(name):] if text.startswith(name) else text)
        framed.args = (framed.message,)
        return framed
