# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""printix_user's main() in-process against the Printix simulator: check mode, create, re-run, diff, delete."""

from __future__ import annotations

from ansible_collections.printops.print_management.tests.unit.plugins.modules.conftest import connection

GUEST = {"email": "visitor@example.com", "full_name": "Visiting Lecturer"}


def writes(printix):
    return [c["method"] for c in printix.writes()]


def test_check_mode_then_create_then_rerun_unchanged_then_delete(run_module, printix):
    args = dict(connection("printix", printix), **GUEST)
    check = run_module("printix_user", dict(args, _ansible_check_mode=True, _ansible_diff=True))
    assert check.result["changed"] and check.result["action"] == "create"
    assert check.result["diff"]["before"] == {} and check.result["diff"]["after"]["email"] == GUEST["email"]
    assert writes(printix) == []
    create = run_module("printix_user", args)
    assert create.result["changed"] and create.result["user"]["email"] == GUEST["email"]
    assert len(writes(printix)) == 1
    again = run_module("printix_user", dict(args, _ansible_diff=True))
    assert not again.result["changed"] and again.result["diff"]["before"] == again.result["diff"]["after"]
    assert len(writes(printix)) == 1 and "rate_limit" in again.result
    gone = run_module("printix_user", dict(args, state="absent"))
    assert gone.result["changed"] and gone.result["action"] == "delete" and len(writes(printix)) == 2


def test_a_bad_pin_fails_before_any_call_and_is_not_shown(run_module, printix):
    printix.clear_calls()
    run = run_module("printix_user", dict(connection("printix", printix), pin="12a45", **GUEST))
    assert run.failed and "guest user 'visitor@example.com'" in run.result["msg"] and "4 digits" in run.result["msg"]
    assert "12a45" not in run.everything and writes(printix) == []
