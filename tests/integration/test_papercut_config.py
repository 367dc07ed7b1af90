# SPDX-License-Identifier: GPL-3.0-or-later
"""papercut_config end to end against the PaperCut simulator."""

from __future__ import annotations

from pc_helpers import defaults, task, writes

SECRET = "Smtp-S3cret-pw"


def cfg(args, name, **extra):
    return task("papercut_config", args, name, **extra)


def test_sequence_get_set_idempotent(ansible, papercut):
    papercut.seed({"config": {"print.jobs.max": "10"}})
    md = defaults(papercut)
    want = {"name": "print.jobs.max", "value": 20}
    run = ansible.run_tasks([cfg(want, "check", check_mode=True)], module_defaults=md).assert_ok()
    assert run.task("check").changed and writes(papercut) == []
    run = ansible.run_tasks([cfg(want, "set"), cfg(want, "check2", check_mode=True), cfg(want, "again"),
                             cfg({"name": "print.jobs.max"}, "read"), cfg({"name": "feature.on", "value": True}, "b")],
                            module_defaults=md, diff=True).assert_ok()
    assert run.task("set").changed and run.task("set")["diff"]["before"]["value"] == "10"
    assert not run.task("check2").changed and not run.task("again").changed
    assert run.task("read")["value"] == "20"
    assert writes(papercut) == [("setConfigValue", ["print.jobs.max", "20"]), ("setConfigValue", ["feature.on", "Y"])]


def test_no_log_value_never_reaches_output(ansible, papercut):
    args = {"name": "notify.smtp.password", "value": "{{ lookup('ansible.builtin.env', 'SMTP_PW') }}",
            "no_log": True}
    read = cfg({"name": "notify.smtp.password", "no_log": True}, "read")
    run = ansible.run_tasks([cfg(args, "set"), cfg(args, "again"), read],
                            module_defaults=defaults(papercut), diff=True, verbosity=3, env={"SMTP_PW": SECRET})
    run.assert_ok()
    assert run.task("set").changed and not run.task("again").changed
    assert "value" not in run.task("read")
    assert SECRET not in run.stdout + run.stderr
    assert papercut.state()["config"]["notify.smtp.password"] == SECRET
