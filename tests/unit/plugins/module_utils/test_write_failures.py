# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""How a failed write is reported: never "nothing was changed" when it may have been applied.

A lost answer to a write that is never re-sent (a balance adjustment) used to come back
as "(nothing was changed)" with ``changed: false``: the recap hid money that may have
moved and the wording invited a re-run that charges again.
"""

from __future__ import annotations

import pytest

from ansible_collections.printops.print_management.plugins.module_utils._http import AmbiguousResult, ClientError
from ansible_collections.printops.print_management.plugins.module_utils._module import run
from ansible_collections.printops.print_management.plugins.module_utils._reconcile import (
    bulk_result,
    may_have_applied,
    run_bulk,
    write_failed,
)

LOST = "The connection was lost after adjusting the balance was sent; the server may or may not have applied it."


def lost_then_wrapped():
    try:
        raise AmbiguousResult(LOST)
    except ClientError as exc:
        # how resources add their context: a new error raised while handling the first
        raise ClientError("user 'u': %s" % exc)


def test_a_lost_answer_says_it_may_have_been_applied_and_how_to_check():
    error = write_failed(AmbiguousResult(LOST), "balance adjustment", [], check="Check the transaction log")
    text = str(error)
    assert "the balance adjustment may have been applied" in text and "Check the transaction log" in text
    assert "nothing was changed" not in text
    assert error.details == {"changed": True, "uncertain": True}


def test_a_refused_first_write_says_nothing_was_changed():
    error = write_failed(ClientError("refused"), "properties", [], check="Check the transaction log")
    assert str(error) == "refused (nothing was changed)" and not error.details


def test_a_refused_write_after_others_lists_them_and_is_changed():
    error = write_failed(ClientError("refused"), "joined Staff", ["properties", "balance"])
    assert "already applied: properties, balance" in str(error) and error.details == {"changed": True}


def test_a_lost_answer_is_found_through_the_resources_wrapping():
    with pytest.raises(ClientError) as err:
        lost_then_wrapped()
    assert may_have_applied(err.value)
    assert not may_have_applied(ClientError("refused"))
    assert may_have_applied(ClientError("x", details={"uncertain": True}))


def test_a_bulk_item_with_a_lost_answer_is_changed_uncertain_and_counted():
    def worker(item):
        if item == 1:
            lost_then_wrapped()
        return {"changed": False, "action": "none"}

    results, summary = run_bulk([0, 1, 2], worker, concurrency=2)
    assert results[1]["failed"] and results[1]["changed"] is True and results[1]["uncertain"] is True
    assert summary["uncertain"] == 1 and summary["failed"] == 1
    with pytest.raises(ClientError) as err:
        bulk_result(results, summary, "users")
    assert err.value.details["changed"] is True and "may have been applied" in str(err.value)


class Module(object):
    params = {}

    def fail_json(self, **result):
        raise SystemExit(("failed", result))

    def exit_json(self, **result):
        raise SystemExit(("ok", result))


def test_the_module_result_of_a_lost_answer_is_changed_and_uncertain():
    with pytest.raises(SystemExit) as out:
        run(Module(), lost_then_wrapped)
    outcome, result = out.value.args[0]
    assert outcome == "failed" and result["changed"] is True and result["uncertain"] is True
    with pytest.raises(SystemExit) as out:
        run(Module(), refused)
    assert "changed" not in out.value.args[0][1]


def refused():
    raise ClientError("refused")
