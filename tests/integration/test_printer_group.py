# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""printer_group end to end against the PaperCut simulator; state checked through the inspection API."""

from __future__ import annotations

from pc_helpers import defaults, task, writes

WORLD = {"groups": ["Staff", "Students", "Visitors"],
         "printers": [{"server": "srv", "printer": "lib-1"}, {"server": "srv", "printer": "lib-2"},
                      {"server": "device", "printer": "mfd-1"}]}
P = {"server": "srv", "printer": "lib-1"}


def pg(args, name="t", **extra):
    return task("printer_group", dict(P, **args), name, **extra)


def printer(papercut, key="srv\\lib-1"):
    return papercut.state()["printers"][key]


def test_full_sequence_append_and_absent(ansible, papercut):
    papercut.seed(WORLD)
    md = defaults(papercut)
    want = {"groups": ["Library", "Colour"], "access_groups": ["Staff", "Students"]}
    run = ansible.run_tasks([pg(want)], check=True, module_defaults=md).assert_ok()
    assert run.task("t").changed and writes(papercut) == []

    run = ansible.run_tasks([pg(want, "apply"), pg(want, "check", check_mode=True), pg(want, "again")],
                            module_defaults=md, diff=True).assert_ok()
    assert run.task("apply").changed and not run.task("check").changed and not run.task("again").changed
    assert run.task("apply")["diff"]["after"]["groups"] == ["Colour", "Library"]
    prn = printer(papercut)
    assert prn["groups"] == ["Colour", "Library"] and prn["access_groups"] == ["Staff", "Students"]
    assert '"printops"' in prn["properties"]["custom-field-6"]
    assert writes(papercut) == [
        ("setPrinterGroups", ["srv", "lib-1", "Colour,Library"]),
        ("addPrinterAccessGroup", ["srv", "lib-1", "Staff"]),
        ("addPrinterAccessGroup", ["srv", "lib-1", "Students"]),
        ("setPrinterProperty", ["srv", "lib-1", "custom-field-6", prn["properties"]["custom-field-6"]])]

    papercut.clear_calls()
    run = ansible.run_tasks([pg({"groups": ["Level 2"], "append": True}, "append"),
                             pg({"groups": ["Level 2"], "append": True}, "append again"),
                             pg({"groups": ["Colour"], "access_groups": ["Students"], "state": "absent"}, "absent"),
                             pg({"groups": ["Colour"], "access_groups": ["Students"], "state": "absent"}, "absent2")],
                            module_defaults=md).assert_ok()
    assert run.task("append").changed and not run.task("append again").changed
    assert run.task("absent").changed and not run.task("absent2").changed
    group_writes = [w for w in writes(papercut) if w[0] != "setPrinterProperty"]
    assert group_writes == [("addPrinterGroup", ["srv", "lib-1", "Level 2"]),
                            ("setPrinterGroups", ["srv", "lib-1", "Level 2,Library"]),
                            ("removePrinterAccessGroup", ["srv", "lib-1", "Students"])]
    prn = printer(papercut)
    assert prn["groups"] == ["Level 2", "Library"] and prn["access_groups"] == ["Staff"]
    assert printer(papercut, "srv\\lib-2")["groups"] == []


def test_device_and_state_field_off_always_applies_with_warning(ansible, papercut):
    papercut.seed(WORLD)
    args = {"device": "mfd-1", "groups": ["MFDs"], "state_field": ""}
    run = ansible.run_tasks([task("printer_group", args, "one"), task("printer_group", args, "two")],
                            module_defaults=defaults(papercut)).assert_ok()
    assert run.task("one").changed and run.task("two").changed
    assert "state_field is empty" in run.stdout + run.stderr
    prn = printer(papercut, "device\\mfd-1")
    assert prn["groups"] == ["MFDs"] and prn["properties"]["custom-field-6"] == ""


def test_bad_input_fails_cleanly(ansible, papercut):
    papercut.seed(dict(WORLD, printers=WORLD["printers"] + [{"server": "srv", "printer": "odd",
                                                            "custom-field-6": "asset tag 42"}]))
    cases = [
        ({"server": "srv", "printer": "lib-3", "groups": ["A"]}, ["'srv\\lib-3' not found", "srv\\lib-1"]),
        ({"server": "srvx", "printer": "lib-1", "groups": ["A"]}, ["no print server 'srvx'", "srv\\lib-1"]),
        ({"server": "srv", "printer": "lib-1", "access_groups": ["Nobody"]}, ["access group 'Nobody' does not exist"]),
        ({"server": "srv", "printer": "lib-1", "groups": ["A"], "state": "absent"}, ["cannot remove printer groups"]),
        ({"server": "srv", "printer": "odd", "groups": ["A"]}, ["'srv\\odd'", "did not write", "asset tag 42"]),
        ({"server": "srv", "printer": "lib-1", "groups": ["A"], "state_field": "notes"}, ["state_field must be"]),
    ]
    tasks = [task("printer_group", args, "case%d" % i, ignore_errors=True) for i, (args, _p) in enumerate(cases)]
    run = ansible.run_tasks(tasks, module_defaults=defaults(papercut))
    for i, (_args, phrases) in enumerate(cases):
        result = run.task("case%d" % i)
        assert result.failed, result
        for phrase in phrases:
            assert phrase in result["msg"], (phrase, result["msg"])
    assert "Traceback" not in run.stdout + run.stderr
    assert writes(papercut) == []
