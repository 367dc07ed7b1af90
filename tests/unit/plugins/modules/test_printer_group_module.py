# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""printer_group's main() in-process against the PaperCut simulator: check mode, apply, re-run, diff."""

from __future__ import annotations

from ansible_collections.printops.print_management.tests.simulators.papercut import DEFAULT_TOKEN

WORLD = {"groups": ["Staff", "Students"], "printers": [{"server": "srv", "printer": "lib-1"}]}


def args(papercut, **extra):
    return dict(dict(papercut_url=papercut.sim.url, papercut_auth_token=DEFAULT_TOKEN, server="srv",
                     printer="lib-1"), **extra)


def writes(papercut):
    return [c["method"] for c in papercut.writes()]


def test_check_mode_then_apply_then_rerun_unchanged_with_diff(run_module, papercut):
    papercut.seed(WORLD)
    want = dict(groups=["Library", "Colour"], access_groups=["Staff"])
    check = run_module("printer_group", args(papercut, _ansible_check_mode=True, _ansible_diff=True, **want))
    assert check.result["changed"] and check.result["actions"] == ["set printer groups", "add access group Staff"]
    assert check.result["diff"] == {"before": {}, "after": {"groups": ["Colour", "Library"],
                                                            "access_groups": ["Staff"]}}
    assert writes(papercut) == []
    run = run_module("printer_group", args(papercut, **want))
    assert run.result["changed"] and writes(papercut) == ["setPrinterGroups", "addPrinterAccessGroup",
                                                          "setPrinterProperty"]
    again = run_module("printer_group", args(papercut, _ansible_diff=True, **want))
    assert not again.result["changed"] and again.result["actions"] == [] and len(writes(papercut)) == 3
    assert again.result["diff"]["before"] == again.result["diff"]["after"]


def test_an_access_group_papercut_lacks_fails_before_any_write(run_module, papercut):
    papercut.seed(WORLD)
    run = run_module("printer_group", args(papercut, groups=["Library"], access_groups=["Visitors"]))
    assert run.failed and "access group 'Visitors' does not exist" in run.result["msg"]
    assert writes(papercut) == []
