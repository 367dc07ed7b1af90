# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""papercut_printer and papercut_printer_info end to end against the PaperCut simulator."""

from __future__ import annotations

from pc_helpers import defaults, task, writes

WORLD = {"printers": [{"server": "srv", "printer": "lib-1", "cost_per_page": 0.05},
                      {"server": "srv", "printer": "lib-2"}, {"server": "device", "printer": "mfd-1"}]}


def prn(args, name, **extra):
    return task("papercut_printer", dict({"server": "srv", "printer": "lib-1"}, **args), name, **extra)


def test_full_sequence(ansible, papercut):
    papercut.seed(WORLD)
    md = defaults(papercut)
    want = {"cost_per_page": 0.1, "enabled": False, "custom_fields": {"1": "ASSET-1"}}
    run = ansible.run_tasks([prn(want, "check", check_mode=True)], module_defaults=md).assert_ok()
    assert run.task("check").changed and writes(papercut) == []
    run = ansible.run_tasks([prn(want, "set"), prn(want, "check2", check_mode=True), prn(want, "again"),
                             prn({"enabled": True}, "enable"),
                             prn({"state": "absent"}, "delete"), prn({"state": "absent"}, "delete again"),
                             task("papercut_printer_info", {"properties": ["cost-model"]}, "info")],
                            module_defaults=md, diff=True).assert_ok()
    assert run.task("set").changed and run.task("set")["diff"]["before"]["cost_per_page"] == 0.05
    assert not run.task("check2").changed and not run.task("again").changed
    assert run.task("enable").changed
    assert run.task("delete").changed and not run.task("delete again").changed
    assert writes(papercut) == [
        ("setPrinterProperties", ["srv", "lib-1", [["custom-field-1", "ASSET-1"]]]),
        ("setPrinterCostSimple", ["srv", "lib-1", 0.1]),
        ("disablePrinter", ["srv", "lib-1", -1]),
        ("enablePrinter", ["srv", "lib-1"]),
        ("deletePrinter", ["srv", "lib-1"])]
    info = run.task("info")["printers"]
    assert [(p["server"], p["printer"]) for p in info] == [("device", "mfd-1"), ("srv", "lib-2")]
    assert info[0]["properties"] == {"cost-model": "SIMPLE"}


def test_bad_input_fails_cleanly(ansible, papercut):
    papercut.seed(WORLD)
    cases = [
        ({"printer": "lib-9", "enabled": True}, ["printer 'srv\\lib-9' not found", "srv\\lib-1"]),
        ({"server": "nosrv", "enabled": True}, ["no print server 'nosrv'", "srv\\lib-1"]),
        ({"cost_model": "FREE"}, ["printer 'srv\\lib-1'", "cost_model must be one of"]),
        ({"custom_fields": {"7": "x"}}, ["custom_fields keys must be 1 to 6"]),
        ({"properties": {"bogus": "x"}}, ["printer 'srv\\lib-1'", "bogus"]),
    ]
    tasks = [prn(args, "case%d" % i, ignore_errors=True) for i, (args, _p) in enumerate(cases)]
    run = ansible.run_tasks(tasks, module_defaults=defaults(papercut))
    for i, (_args, phrases) in enumerate(cases):
        result = run.task("case%d" % i)
        assert result.failed and all(p in result["msg"] for p in phrases), (phrases, result)
    assert "Traceback" not in run.stdout + run.stderr and writes(papercut) == []
