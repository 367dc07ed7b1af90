# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
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


def test_secret_value_never_reaches_output(ansible, papercut):
    args = {"name": "notify.smtp.password", "value": "{{ lookup('ansible.builtin.env', 'SMTP_PW') }}",
            "value_is_secret": True}
    # the deprecated alias no_log, and a key named like a secret without any flag
    old = dict(args, no_log=True)
    del old["value_is_secret"]
    guessed = {"name": "notify.smtp.password", "value": args["value"]}
    read = cfg({"name": "notify.smtp.password", "value_is_secret": True}, "read")
    run = ansible.run_tasks([cfg(args, "set"), cfg(args, "again"), cfg(old, "old"), cfg(guessed, "guessed"), read],
                            module_defaults=defaults(papercut), diff=True, verbosity=3, env={"SMTP_PW": SECRET})
    run.assert_ok()
    assert run.task("set").changed and not run.task("again").changed
    assert not run.task("old").changed and not run.task("guessed").changed
    assert "value" not in run.task("read") and run.task("guessed")["value_is_secret"] is True
    for name in ("set", "old", "guessed"):
        assert run.task(name)["invocation"]["module_args"]["value"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    assert "no_log" in str(run.task("old").get("deprecations")), run.task("old")
    assert SECRET not in run.stdout + run.stderr
    assert papercut.state()["config"]["notify.smtp.password"] == SECRET
