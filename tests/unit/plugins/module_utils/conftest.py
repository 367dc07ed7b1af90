# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Printix fixtures for the module_utils unit tests: an in-process simulator and clients of it.

``px`` is a clean simulator in its default (strict) reading; ``px_cards`` runs a test once per
reading of an unknown card: 403 (seed 003, "Search for Card"/"Delete Card") and 404 (some live
clients), as tests/simulators/README.md asks of every behaviour where sources disagree.
"""

from __future__ import annotations

import pytest

from ansible_collections.printops.print_management.plugins.module_utils._http import HttpClient, Redactor
from ansible_collections.printops.print_management.plugins.module_utils._printix import PrintixClient
from ansible_collections.printops.print_management.tests.simulators.inspect import Inspector
from ansible_collections.printops.print_management.tests.simulators.printix import DEFAULT_CLIENTS, PrintixSimulator


@pytest.fixture(scope="session")
def printix_unit_server():
    sim = PrintixSimulator().start()
    yield sim
    sim.stop()


def _clean(server, unknown_card_status=403):
    inspector = Inspector(server.url)
    inspector.reset()
    inspector.configure(token_ttl=3599, rate_per_minute=100, burst=0, hal_arrays=False, latency_ms=0,
                        unknown_card_status=unknown_card_status)
    inspector.sim = server
    return inspector


@pytest.fixture
def px(printix_unit_server):
    """A clean Printix simulator (strict reading); ``.sim`` is the server itself."""
    return _clean(printix_unit_server)


@pytest.fixture(params=[403, 404], ids=["unknown-card-403", "unknown-card-404"])
def px_cards(printix_unit_server, request):
    """A clean Printix simulator, once per reading of an unknown card."""
    return _clean(printix_unit_server, request.param)


def make_client(px, client_id="sim-cardmanager", secret=None, **kwargs):
    """A PrintixClient of the simulator behind ``px`` with the given (default Card Manager) credentials."""
    secret = secret or DEFAULT_CLIENTS[client_id]["client_secret"]
    http = HttpClient(redactor=Redactor([secret]), timeout=5, backoff=0.01, sleep=lambda s: None)
    return PrintixClient(client_id, secret, api_url=px.sim.url + "/cloudprint", token_url=px.sim.url + "/oauth/token",
                         http=http, **kwargs)


@pytest.fixture
def px_client():
    """``px_client(px, client_id=..., **kwargs)`` builds a client of a simulator fixture."""
    return make_client
