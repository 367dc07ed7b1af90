# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""No module_utils file over 600 lines (issue 17): a file a maintainer can read in one sitting.

_printix.py was 645 lines; its rate-limit budget now lives in _pacer.RateBudget, which the client owns.
"""

from __future__ import annotations

from pathlib import Path

from ansible_collections.printops.print_management.plugins.module_utils import _printix
from ansible_collections.printops.print_management.plugins.module_utils._pacer import RateBudget

MAX_LINES = 600
MODULE_UTILS = Path(_printix.__file__).resolve().parent


def test_no_module_utils_file_is_over_600_lines():
    sizes = dict((p.name, len(p.read_text(encoding="utf-8").splitlines())) for p in MODULE_UTILS.glob("*.py"))
    assert "_printix.py" in sizes
    assert [(name, n) for name, n in sorted(sizes.items()) if n > MAX_LINES] == []


def test_the_printix_client_keeps_its_rate_limit_in_a_rate_budget_it_shares_its_lock_with():
    client = _printix.PrintixClient("id", "secret", tenant_id="t1", rate_limit_timeout=5)
    assert isinstance(client.budget, RateBudget) and client.budget.lock is client._lock
    assert client.pacer is client.budget.pacer
    client.rate_limit_timeout = 7  # tests and callers set it on the client: the budget follows
    assert client.time_budget() == 7.0 and client.rate_limit_report()["timeout_seconds"] == 7.0
    client.rate_limit_timeout = None
    client.expect_calls(2000)
    assert client.time_budget() == client.budget.time_budget() == 1800.0
    assert client.calls_report() == {"lookups": 0, "reads": 0, "writes": 0, "total": 0}
