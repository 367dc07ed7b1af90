# SPDX-License-Identifier: GPL-3.0-or-later
"""In-process SavaPage simulator fixtures for unit tests: ``from fixtures_savapage_unit import *  # noqa``."""

import pytest

from tests.simulators.inspect import Inspector
from tests.simulators.savapage import DEFAULT_ADMIN, DEFAULT_JSONRPC_KEY, DEFAULT_RELEASE, RELEASES, SavaPageSimulator

__all__ = ["sp_https_server", "sp_http_server", "sp", "sp_plain", "sp_client", "make_client", "SAVAPAGE_RELEASES"]

# the readings of the balance POST (tests/simulators/README.md): the seed's 1.6, and the 1.5 server source
SAVAPAGE_RELEASES = RELEASES


@pytest.fixture(scope="session")
def sp_https_server():
    sim = SavaPageSimulator().start()
    yield sim
    sim.stop()


@pytest.fixture(scope="session")
def sp_http_server():
    sim = SavaPageSimulator(tls=False).start()
    yield sim
    sim.stop()


def _clean(server, release=None):
    inspector = Inspector(server.url, ca_path=server.ca_path)
    inspector.reset()
    server.configure_defaults()
    if release:
        server.set_release(release)
    server.latency_ms = 0
    inspector.sim = server
    return inspector


def release_of(request):
    """The fixture parameter: the SavaPage release to behave as ("1.6", the default, or "1.5").

    ``@pytest.mark.parametrize("sp", SAVAPAGE_RELEASES, indirect=True)`` runs a test against both.
    """
    return getattr(request, "param", None) or DEFAULT_RELEASE


@pytest.fixture
def sp(sp_https_server, request):
    """A clean HTTPS SavaPage simulator's inspection API; ``.sim`` is the server.

    Parameter (indirect): the release to behave as, "1.6" (default) or "1.5".
    """
    return _clean(sp_https_server, release_of(request))


@pytest.fixture
def sp_plain(sp_http_server):
    return _clean(sp_http_server)


def make_client(sim, username=DEFAULT_ADMIN[0], password=DEFAULT_ADMIN[1], api_key=DEFAULT_JSONRPC_KEY,
                ca_path="default", **http_options):
    from ansible_collections.printops.print_management.plugins.module_utils._http import HttpClient
    from ansible_collections.printops.print_management.plugins.module_utils._savapage import SavaPageClient

    http_options.setdefault("timeout", 5)
    http = HttpClient(ca_path=sim.ca_path if ca_path == "default" else ca_path, backoff=0.01,
                      sleep=lambda s: None, **http_options)
    return SavaPageClient(sim.url, username, password, api_key, http=http)


@pytest.fixture
def sp_client(sp):
    return make_client(sp.sim)
