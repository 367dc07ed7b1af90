# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What a failed call means, said once for every module. Knows no product.

Internal to the collection; may change in any release.

:func:`with_context` frames an error's message (the object it concerns, what was
already written) and keeps its type, so an :class:`AmbiguousResult` stays one all
the way to the module; :func:`may_have_applied` tells whether a write whose answer
was lost could have been applied; :func:`write_failed` is the error a resource
raises when one of its writes fails; :func:`unreachable` tells a server that could
not be reached from one that answered.
"""

from __future__ import annotations

from ansible_collections.printops.print_management.plugins.module_utils._http import (
    AmbiguousResult,
    ClientError,
    ConnectError,
    RequestTimeout,
)


def with_context(exc, prefix="", suffix="", **details):
    """The same error, of the same type and with the same details, its message framed by context.

    Callers tell an ambiguous write (``AmbiguousResult``) or a missing object from other
    failures by the type: re-wrapping in a plain ``ClientError`` would lose that.
    """
    message = "%s%s%s" % (prefix, exc, suffix)
    framed = exc.__class__.__new__(exc.__class__)
    framed.__dict__.update(exc.__dict__)
    framed.args = (message,)
    if isinstance(exc, ClientError):
        framed.message = message
        if details:
            framed.details = dict(exc.details or {}, **details)
    return framed


def or_else(default, fn, *args):
    """``fn(*args)``, or ``default`` when that fails too: a look taken while a failure is already
    being reported (did the lost write apply?), which must not replace it with a failure of its own."""
    try:
        return fn(*args)
    except ClientError:
        return default


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
    details = {}
    if done or uncertain:
        details["changed"] = True
    if uncertain:
        details["uncertain"] = True
    # the same type (an AmbiguousResult stays one), its details kept and completed
    return with_context(exc, suffix=message[len(str(exc)):], **details)


def unreachable(exc):
    """True when ``exc`` says the server could not be reached or did not answer at all."""
    return any(isinstance(error, (ConnectError, RequestTimeout)) for error in _chain(exc))
