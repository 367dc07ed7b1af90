# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The simulators as pytest fixtures, shared by the unit and the integration tests.

tests/unit/conftest.py and tests/integration/conftest.py load this module as a pytest plugin
(``pytest_plugins``), by its full collection path:
``ansible_collections.printops.print_management.tests.simulators.fixtures``. Every simulator is
started in-process once per session; every test gets a clean one (state, call log, faults,
switches) through an inspector (tests/simulators/inspect.py) whose ``.sim`` is the server itself.

The readings the sources disagree on are simulator switches (tests/simulators/README.md); the
fixtures here run a test against the default (strict) reading and the other one:
``papercut_pin_reading``, ``papercut_fault_codes``, ``papercut_group_adding``; ``printix`` and
``savapage`` take the reading as an indirect parameter (``UNKNOWN_CARD_READINGS``,
``SAVAPAGE_RELEASES``).

The ``*_client`` functions build this collection's API clients of a simulator, for the tests of
module_utils: no retries waited out, a short timeout.

The conftests also import names from here before pytest loads it as a plugin, and it asserts
nothing, so pytest leaves it as it is: PYTEST_DONT_REWRITE.
"""

from __future__ import annotations

import os

import pytest

from .inspect import Inspector
from .papercut import DEFAULT_TOKEN, PaperCutSimulator
from .printix import DEFAULT_CLIENTS, PrintixSimulator
from .savapage import DEFAULT_ADMIN, DEFAULT_JSONRPC_KEY, DEFAULT_RELEASE, RELEASES, SavaPageSimulator

# -- the environment ----------------------------------------------------------------------------
# The machine's proxies and CA bundles would change where clients and modules connect and what
# they trust: the tests that need them set them (unit: tests/unit/plugins/module_utils/
# test_http_transport.py; integration: test_proxy.py, test_tls.py).
NETWORK_VARIABLES = ('HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY', 'REQUESTS_CA_BUNDLE', 'SSL_CERT_FILE',
                     'CURL_CA_BUNDLE')


def without_network(environ, prefixes=()):
    """``environ`` as a dict, less the network variables (any case) and the names starting with ``prefixes``."""
    return dict((name, value) for name, value in environ.items()
                if name.upper() not in NETWORK_VARIABLES and not name.startswith(tuple(prefixes)))


@pytest.fixture
def clean_network_environment(monkeypatch):
    """No proxy or CA variable of the machine running the tests reaches the test (any case)."""
    for name in list(os.environ):
        if name.upper() in NETWORK_VARIABLES:
            monkeypatch.delenv(name)


# -- PaperCut -----------------------------------------------------------------------------------

@pytest.fixture(scope='session')
def papercut_server():
    sim = PaperCutSimulator().start()
    yield sim
    sim.stop()


@pytest.fixture
def papercut(papercut_server):
    """A clean PaperCut simulator's inspection API; ``.sim`` is the server itself."""
    inspector = Inspector(papercut_server.url)
    inspector.reset()
    papercut_server.auth_token = DEFAULT_TOKEN
    papercut_server.latency_ms = 0
    papercut_server.reset_switches()
    inspector.sim = papercut_server
    return inspector


# The switches of tests/simulators/papercut.py (SWITCHES), each run both ways.
@pytest.fixture(params=[False, True], ids=["pin-write-only", "pin-readable"])
def papercut_pin_reading(request, papercut):
    """card-pin not readable (newest official proxy, default) or readable (C# 19.2.3 proxy)."""
    papercut.configure(card_pin_readable=request.param)
    return papercut


@pytest.fixture(params=[False, True], ids=["faults-19.2", "faults-pre-19.2"])
def papercut_fault_codes(request, papercut):
    """Distinct fault codes (19.2 and later, default) or every fault as -1 with its text (before 19.2)."""
    papercut.configure(pre_19_2_faults=request.param)
    return papercut


@pytest.fixture(params=[False, True], ids=["groups-directory-only", "groups-any-name"])
def papercut_group_adding(request, papercut):
    """addNewGroup adds only directory groups (default) or any name."""
    papercut.configure(add_any_group=request.param)
    return papercut


def papercut_client(papercut, **http_options):
    """A PaperCutClient of the simulator behind the ``papercut`` inspector, with the default token."""
    from ansible_collections.printops.print_management.plugins.module_utils._http import HttpClient, Redactor
    from ansible_collections.printops.print_management.plugins.module_utils._papercut import PaperCutClient

    options = dict(redactor=Redactor([DEFAULT_TOKEN]), timeout=5, backoff=0.01, sleep=lambda s: None)
    options.update(http_options)
    return PaperCutClient(papercut.sim.url, DEFAULT_TOKEN, http=HttpClient(**options))


# -- Printix ------------------------------------------------------------------------------------

# A clean simulator's settings: PrintixSimulator's own defaults (rate limit on), no latency.
PRINTIX_DEFAULTS = dict(token_ttl=3599, rate_per_minute=100, burst=100, hal_arrays=False, latency_ms=0,
                        unknown_card_status=403)
# How the simulator answers an unknown card: 403 (seed 003, "Search for Card"/"Delete Card"; the
# default) or 404 (some live clients). Card tests run against both with
# @pytest.mark.parametrize("printix", UNKNOWN_CARD_READINGS, indirect=True).
UNKNOWN_CARD_READINGS = [pytest.param(403, id="unknown-card-403"), pytest.param(404, id="unknown-card-404")]


def clean_printix(server, seed=None, **settings):
    """Reset ``server`` (to ``seed``) and configure it as PRINTIX_DEFAULTS updated with ``settings``."""
    inspector = Inspector(server.url)
    inspector.reset(seed)
    inspector.configure(**dict(PRINTIX_DEFAULTS, **settings))
    inspector.sim = server
    return inspector


@pytest.fixture(scope='session')
def printix_server():
    sim = PrintixSimulator().start()
    yield sim
    sim.stop()


@pytest.fixture
def printix(printix_server, request):
    """A clean Printix simulator's inspection API; ``.sim`` is the server itself.

    Indirect parameter: the status of an unknown card (403 unless given)."""
    return clean_printix(printix_server, unknown_card_status=getattr(request, 'param', 403))


def printix_client(printix, client_id='sim-cardmanager', secret=None, http_options=None, **kwargs):
    """A PrintixClient of the simulator behind the ``printix`` inspector, as ``client_id`` (default
    Card Manager) with its secret unless given; ``http_options`` go to the HttpClient, ``kwargs``
    to the PrintixClient."""
    from ansible_collections.printops.print_management.plugins.module_utils._http import HttpClient, Redactor
    from ansible_collections.printops.print_management.plugins.module_utils._printix import PrintixClient

    secret = secret or DEFAULT_CLIENTS[client_id]['client_secret']
    options = dict(redactor=Redactor([secret]), timeout=5, backoff=0.01, sleep=lambda s: None)
    options.update(http_options or {})
    return PrintixClient(client_id, secret, api_url=printix.sim.url + '/cloudprint',
                         token_url=printix.sim.url + '/oauth/token', http=HttpClient(**options), **kwargs)


# -- SavaPage -----------------------------------------------------------------------------------

# the readings of the balance POST (tests/simulators/README.md): the seed's 1.6, and the 1.5 server source
SAVAPAGE_RELEASES = RELEASES


def release_of(request):
    """The fixture parameter: the SavaPage release to behave as ("1.6", the default, or "1.5").

    ``@pytest.mark.parametrize("savapage", SAVAPAGE_RELEASES, indirect=True)`` runs a test against both.
    """
    return getattr(request, 'param', None) or DEFAULT_RELEASE


def clean_savapage(server, release=None):
    """Reset ``server`` to its defaults (as ``release`` if given)."""
    inspector = Inspector(server.url, ca_path=server.ca_path)
    inspector.reset()
    server.configure_defaults()
    if release:
        server.set_release(release)
    server.latency_ms = 0
    inspector.sim = server
    return inspector


@pytest.fixture(scope='session')
def savapage_https_server():
    sim = SavaPageSimulator().start()
    yield sim
    sim.stop()


@pytest.fixture(scope='session')
def savapage_http_server():
    sim = SavaPageSimulator(tls=False).start()
    yield sim
    sim.stop()


@pytest.fixture
def savapage(savapage_https_server, request):
    """A clean HTTPS SavaPage simulator's inspection API (self-signed certificate at ``.sim.ca_path``).

    Indirect parameter: the release to behave as, "1.6" (default) or "1.5"."""
    return clean_savapage(savapage_https_server, release_of(request))


@pytest.fixture
def savapage_plain(savapage_http_server):
    """A clean plain-HTTP SavaPage simulator (JSON-RPC refuses, as the real server does)."""
    return clean_savapage(savapage_http_server)


def savapage_client(sim, username=DEFAULT_ADMIN[0], password=DEFAULT_ADMIN[1], api_key=DEFAULT_JSONRPC_KEY,
                    ca_path='default', **http_options):
    """A SavaPageClient of the SavaPage server ``sim`` (trusting its certificate unless ``ca_path`` is given)."""
    from ansible_collections.printops.print_management.plugins.module_utils._http import HttpClient
    from ansible_collections.printops.print_management.plugins.module_utils._savapage import SavaPageClient

    options = dict(ca_path=sim.ca_path if ca_path == 'default' else ca_path, timeout=5, backoff=0.01,
                   sleep=lambda s: None)
    options.update(http_options)
    return SavaPageClient(sim.url, username, password, api_key, http=HttpClient(**options))
