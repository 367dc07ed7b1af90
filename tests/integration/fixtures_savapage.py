# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""SavaPage helpers for the integration tests: the play's secrets and module_defaults.

The fixtures (``savapage``, ``savapage_plain``) are in conftest.py and tests/simulators/fixtures.py.
"""

from __future__ import annotations

from ansible_collections.printops.print_management.tests.simulators.savapage import (
    DEFAULT_ADMIN,
    DEFAULT_JSONRPC_KEY,
    DEFAULT_TTP_KEY,
)

SAVAPAGE_SECRETS = [DEFAULT_ADMIN[1], DEFAULT_JSONRPC_KEY, DEFAULT_TTP_KEY]
# Secrets reach the play as a site's would (vault, AWX credential): never as literals in the playbook.
SAVAPAGE_ENV = {"TEST_SAVAPAGE_PASSWORD": DEFAULT_ADMIN[1], "TEST_SAVAPAGE_API_KEY": DEFAULT_JSONRPC_KEY}


def savapage_defaults(inspector, ca=True, **overrides):
    """module_defaults for the savapage action group, secrets from the environment."""
    options = {"savapage_url": inspector.sim.url, "savapage_username": DEFAULT_ADMIN[0],
               "savapage_password": "{{ lookup('ansible.builtin.env', 'TEST_SAVAPAGE_PASSWORD') }}",
               "savapage_api_key": "{{ lookup('ansible.builtin.env', 'TEST_SAVAPAGE_API_KEY') }}"}
    if ca and inspector.sim.ca_path:
        options["ca_path"] = inspector.sim.ca_path
    options.update(overrides)
    return {"group/printops.print_management.savapage": options}
