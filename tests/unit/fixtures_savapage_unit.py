# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""SavaPage helpers for unit tests: a client bound to a simulator, and the releases to test against.

The SavaPage fixtures (``sp``, ``sp_plain``, ``sp_client``, ...) live in tests/unit/conftest.py;
import these helpers by their full path, e.g.
``from ansible_collections.printops.print_management.tests.unit.fixtures_savapage_unit import make_client``.
"""

from ansible_collections.printops.print_management.tests.simulators.savapage import (
    DEFAULT_ADMIN,
    DEFAULT_JSONRPC_KEY,
    DEFAULT_RELEASE,
    RELEASES,
)

__all__ = ["make_client", "release_of", "SAVAPAGE_RELEASES"]

# the readings of the balance POST (tests/simulators/README.md): the seed's 1.6, and the 1.5 server source
SAVAPAGE_RELEASES = RELEASES


def release_of(request):
    """The fixture parameter: the SavaPage release to behave as ("1.6", the default, or "1.5").

    ``@pytest.mark.parametrize("sp", SAVAPAGE_RELEASES, indirect=True)`` runs a test against both.
    """
    return getattr(request, "param", None) or DEFAULT_RELEASE


def make_client(sim, username=DEFAULT_ADMIN[0], password=DEFAULT_ADMIN[1], api_key=DEFAULT_JSONRPC_KEY,
                ca_path="default", **http_options):
    from ansible_collections.printops.print_management.plugins.module_utils._http import HttpClient
    from ansible_collections.printops.print_management.plugins.module_utils._savapage import SavaPageClient

    http_options.setdefault("timeout", 5)
    http = HttpClient(ca_path=sim.ca_path if ca_path == "default" else ca_path, backoff=0.01,
                      sleep=lambda s: None, **http_options)
    return SavaPageClient(sim.url, username, password, api_key, http=http)
