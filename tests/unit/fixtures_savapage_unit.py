# SPDX-License-Identifier: GPL-3.0-or-later
"""A SavaPage client for unit tests, bound to a simulator.

The SavaPage fixtures (``sp``, ``sp_plain``, ``sp_client``, ...) live in tests/unit/conftest.py;
import this helper by its full path:
``from ansible_collections.printops.print_management.tests.unit.fixtures_savapage_unit import make_client``.
"""

from ansible_collections.printops.print_management.tests.simulators.savapage import DEFAULT_ADMIN, DEFAULT_JSONRPC_KEY

__all__ = ["make_client"]


def make_client(sim, username=DEFAULT_ADMIN[0], password=DEFAULT_ADMIN[1], api_key=DEFAULT_JSONRPC_KEY,
                ca_path="default", **http_options):
    from ansible_collections.printops.print_management.plugins.module_utils._http import HttpClient
    from ansible_collections.printops.print_management.plugins.module_utils._savapage import SavaPageClient

    http_options.setdefault("timeout", 5)
    http = HttpClient(ca_path=sim.ca_path if ca_path == "default" else ca_path, backoff=0.01,
                      sleep=lambda s: None, **http_options)
    return SavaPageClient(sim.url, username, password, api_key, http=http)
