# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""printix_group's main() in-process against the Printix simulator: check mode, create, re-run, diff, delete."""

from __future__ import annotations

from ansible_collections.printops.print_management.tests.unit.plugins.modules.conftest import connection

GROUP = {"name": "Finance", "external_id": "fin-001", "description": "Money"}


def writes(printix):
    return [c["method"] for c in printix.writes()]


def test_check_mode_then_create_then_rerun_unchanged_then_delete(run_module, printix):
    args = dict(connection("printix", printix), **GROUP)
    check = run_module("printix_group", dict(args, _ansible_check_mode=True, _ansible_diff=True))
    assert check.result["changed"] and check.result["action"] == "create"
    assert check.result["diff"] == {"before": {}, "after": {"name": "Finance"}}
    assert writes(printix) == [] and printix.state()["groups"] == []
    create = run_module("printix_group", args)
    assert create.result["changed"] and create.result["group"]["id"] == printix.state()["groups"][0]["id"]
    again = run_module("printix_group", dict(args, _ansible_diff=True))
    assert not again.result["changed"] and again.result["diff"]["before"] == again.result["diff"]["after"]
    assert len(writes(printix)) == 1
    gone = run_module("printix_group", dict(args, state="absent"))
    assert gone.result["changed"] and gone.result["action"] == "delete" and printix.state()["groups"] == []


def test_create_without_external_id_fails_before_any_write(run_module, printix):
    run = run_module("printix_group", dict(connection("printix", printix), name="Finance"))
    assert run.failed and run.result["msg"] == "group 'Finance': external_id is required to create a group"
    assert writes(printix) == []
