# SPDX-License-Identifier: GPL-3.0-or-later
"""In-process SavaPage simulator fixtures for unit tests: ``from fixtures_savapage_unit import *  # noqa``."""

import pytest

from tests.simulators.inspect import Inspector
from tests.simulators.savapage import DEFAULT_ADMIN, DEFAULT_JSONRPC_KEY, SavaPageSimulator

__all__ = ["sp_https_server", "sp_http_server", "sp", "sp_plain", "sp_client", "make_client"]


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


def _clean(server):
    inspector = Inspector(server.url, ca_path=server.ca_path)
    inspector.reset()
    server.configure_defaults()
    server.latency_ms = 0
    inspector.sim = server
    return inspector


@pytest.fixture
def sp(sp_https_server):
    """A clean HTTPS SavaPage simulator's inspection API; ``.sim`` is the server."""
    return _clean(sp_https_server)


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
