# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Option checks that moved with issue 17 still refuse before any connection: the
rate_limit_timeout range (now in new_module(), beside timeout) and printer_group's
state_field (now choices=)."""

from __future__ import annotations

# nothing listens here: a check that let the task through would fail on the connection instead
NOWHERE = "https://127.0.0.1:9"


def test_a_negative_rate_limit_timeout_is_refused_before_any_call(run_module):
    run = run_module("printix_group_info", {"printix_client_id": "id", "printix_client_secret": "sec-0123456789",
                                            "printix_api_url": NOWHERE, "printix_token_url": NOWHERE + "/token",
                                            "rate_limit_timeout": -1})
    assert run.failed and run.result["msg"] == "rate_limit_timeout must be zero or a positive number of seconds"


def test_printer_group_state_field_outside_its_choices_is_refused_before_any_call(run_module):
    run = run_module("printer_group", {"papercut_url": NOWHERE, "papercut_auth_token": "tok-0123456789", "server": "srv",
                                       "printer": "p", "groups": ["A"], "state_field": "custom-field-99"})
    assert run.failed
    assert "state_field must be one of" in run.result["msg"] and "custom-field-99" in run.result["msg"]


def test_printer_group_state_field_may_be_empty(run_module):
    run = run_module("printer_group", {"papercut_url": NOWHERE, "papercut_auth_token": "tok-0123456789", "server": "srv",
                                       "printer": "p", "groups": ["A"], "state_field": ""})
    # past the argument checks: it fails on the connection, not on state_field
    assert run.failed and "state_field" not in run.result["msg"]
