# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""papercut_config's main() in-process against the PaperCut simulator: check mode, change, re-run, diff."""

from __future__ import annotations

from ansible_collections.printops.print_management.tests.simulators.papercut import DEFAULT_TOKEN


def args(papercut, **extra):
    return dict(papercut_url=papercut.sim.url, papercut_auth_token=DEFAULT_TOKEN, **extra)


def test_check_mode_then_change_then_rerun_unchanged(run_module, papercut):
    papercut.seed({"config": {"print.jobs.max": "10"}})
    check = run_module("papercut_config", args(papercut, name="print.jobs.max", value=20, _ansible_check_mode=True,
                                               _ansible_diff=True))
    assert check.result["changed"] and check.result["diff"] == {"before": {"value": "10"}, "after": {"value": "20"}}
    assert papercut.writes() == []
    run = run_module("papercut_config", args(papercut, name="print.jobs.max", value=20))
    assert run.result["changed"] and run.result["value"] == "20"
    assert [c["method"] for c in papercut.writes()] == ["setConfigValue"]
    again = run_module("papercut_config", args(papercut, name="print.jobs.max", value=20))
    assert not again.result["changed"] and len(papercut.writes()) == 1


def test_a_secret_has_no_diff_and_no_value(run_module, papercut):
    papercut.seed({"config": {"notify.smtp.password": "old-S3cret"}})
    run = run_module("papercut_config", args(papercut, name="notify.smtp.password", value="new-S3cret",
                                             _ansible_diff=True))
    assert run.result["changed"] and "diff" not in run.result and "value" not in run.result
    assert "old-S3cret" not in run.everything and "new-S3cret" not in run.everything
