# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""papercut_printer's main() in-process against the PaperCut simulator (no ansible-playbook)."""

from __future__ import annotations

from ansible_collections.printops.print_management.tests.simulators.papercut import DEFAULT_TOKEN


def args(papercut, **extra):
    return dict(dict(papercut_url=papercut.sim.url, papercut_auth_token=DEFAULT_TOKEN, server="srv", printer="lib-1"),
                **extra)


def writes(papercut):
    return [c["method"] for c in papercut.writes()]


def test_check_mode_then_change_then_rerun_unchanged_with_diff(run_module, papercut):
    papercut.seed({"printers": [{"server": "srv", "printer": "lib-1", "cost_per_page": 0.1}]})
    check = run_module("papercut_printer", args(papercut, cost_per_page=0.15, _ansible_check_mode=True,
                                                _ansible_diff=True))
    assert check.result["changed"] and check.result["diff"]["after"]["cost_per_page"] == 0.15
    assert writes(papercut) == []
    run = run_module("papercut_printer", args(papercut, cost_per_page=0.15, _ansible_diff=True))
    assert run.result["changed"] and run.result["diff"]["before"]["cost_per_page"] == 0.1
    assert writes(papercut) == ["setPrinterCostSimple"]
    again = run_module("papercut_printer", args(papercut, cost_per_page=0.15))
    assert not again.result["changed"] and writes(papercut) == ["setPrinterCostSimple"]


def test_an_unknown_printer_fails_naming_it_and_near_matches(run_module, papercut):
    papercut.seed({"printers": [{"server": "srv", "printer": "lib-1"}]})
    run = run_module("papercut_printer", args(papercut, printer="lib-l", enabled=True))
    assert run.failed and run.result["msg"].startswith("printer 'srv\\lib-l' not found") and "srv\\lib-1" in \
        run.result["msg"]
    assert writes(papercut) == []
