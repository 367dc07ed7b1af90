# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""papercut_task end to end against the PaperCut simulator."""

from __future__ import annotations

from pc_helpers import defaults, task, writes


def test_check_starts_nothing_then_start_waits_and_polls_without_token(ansible, papercut):
    papercut.seed({"directory": [{"username": "d1"}, {"username": "d2"}]})
    papercut.configure(task_polls=3)
    args = {"task": "user_group_sync_advanced", "update_user_details": True, "poll_interval": 0.1}
    run = ansible.run_tasks([task("papercut_task", args, "check", check_mode=True), task("papercut_task", args, "go")],
                            module_defaults=defaults(papercut)).assert_ok()
    assert run.task("check").changed and run.task("check")["completed"] is False
    go = run.task("go")
    assert go.changed and go["completed"] is True and go["message"] == "Sync complete."
    assert writes(papercut) == [("performUserAndGroupSyncAdvanced", [False, True])]
    polls = [c for c in papercut.calls() if c["method"] == "getTaskStatus"]
    assert len(polls) >= 4 and all(c["args"] == [] for c in polls)
    assert sorted(papercut.state()["users"]) == ["d1", "d2"]


def test_timeout_busy_server_and_no_wait(ansible, papercut):
    papercut.configure(task_polls=1000)
    run = ansible.run_tasks([
        task("papercut_task", {"task": "group_sync", "wait_timeout": 1, "poll_interval": 0.2}, "timeout",
             ignore_errors=True),
        task("papercut_task", {"task": "add_new_users"}, "busy", ignore_errors=True),
    ], module_defaults=defaults(papercut))
    assert "had not completed after 1 seconds" in run.task("timeout")["msg"]
    assert run.task("timeout")["changed"] is True, "the task was started: the result must not hide it"
    assert "already running" in run.task("busy")["msg"] and "add_new_users was not started" in run.task("busy")["msg"]
    assert writes(papercut) == [("performGroupSync", [])]
    papercut.configure(task_polls=1)
    papercut.reset()
    run = ansible.run_tasks([task("papercut_task", {"task": "online_backup", "wait": False}, "nowait")],
                            module_defaults=defaults(papercut)).assert_ok()
    assert run.task("nowait").changed and writes(papercut) == [("performOnlineBackup", [])]


def test_a_lost_answer_to_starting_a_task_reports_changed_and_how_to_check(ansible, papercut):
    papercut.fault("drop_after", method="performGroupSync")
    run = ansible.run_tasks([task("papercut_task", {"task": "group_sync"}, "t", ignore_errors=True)],
                            module_defaults=defaults(papercut))
    result = run.task("t")
    assert result.failed and result["changed"] is True and result["uncertain"] is True, result
    assert "group_sync may have been started" in result["msg"] and "Application Log" in result["msg"]
    assert len([c for c in papercut.calls() if c["method"] == "performGroupSync"]) == 1
