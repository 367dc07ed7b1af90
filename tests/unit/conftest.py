# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Unit-test setup: make the collection importable as ansible_collections.printops.print_management,
and give tests in-process simulators (PaperCut, SavaPage) as fixtures.

Everything is imported by its full collection path, as ``ansible-test units`` imports it: there the
collection loader already serves ``ansible_collections``; under plain pytest (``make units``) a
temporary collections tree whose printops/print_management is this checkout serves it.
"""

import os
import sys
import tempfile

import pytest

try:
    import ansible_collections.printops.print_management  # noqa: F401  pylint: disable=unused-import
except ImportError:
    _ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    _COLLECTIONS = tempfile.mkdtemp(prefix="printops-units-")
    os.makedirs(os.path.join(_COLLECTIONS, "ansible_collections", "printops"))
    os.symlink(_ROOT, os.path.join(_COLLECTIONS, "ansible_collections", "printops", "print_management"))
    sys.path.insert(0, _COLLECTIONS)

# The machine's proxies and CA bundles would change where the clients connect and what they
# trust: the tests that need them set them (tests/unit/plugins/module_utils/test_http_transport.py).
for _name in list(os.environ):
    if _name.upper() in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE",
                         "CURL_CA_BUNDLE"):
        del os.environ[_name]

# pylint: disable=wrong-import-position
from ansible_collections.printops.print_management.tests.simulators.inspect import Inspector  # noqa: E402
from ansible_collections.printops.print_management.tests.simulators.papercut import (  # noqa: E402
    DEFAULT_TOKEN, PaperCutSimulator)
from ansible_collections.printops.print_management.tests.simulators.savapage import SavaPageSimulator  # noqa: E402
from ansible_collections.printops.print_management.tests.unit.fixtures_savapage_unit import (  # noqa: E402
    make_client, release_of)


@pytest.fixture(scope="session")
def papercut_server():
    sim = PaperCutSimulator().start()
    yield sim
    sim.stop()


@pytest.fixture
def papercut(papercut_server):
    """A clean PaperCut simulator and its inspection API."""
    inspector = Inspector(papercut_server.url)
    inspector.reset()
    papercut_server.auth_token = DEFAULT_TOKEN
    papercut_server.latency_ms = 0
    papercut_server.reset_switches()
    inspector.sim = papercut_server
    return inspector


# The readings the sources disagree on are simulator switches (tests/simulators/papercut.py, SWITCHES);
# a test that takes one of these fixtures runs against the default (strict) reading and the other one.
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


@pytest.fixture
def pc_client(papercut):
    from ansible_collections.printops.print_management.plugins.module_utils._http import HttpClient, Redactor
    from ansible_collections.printops.print_management.plugins.module_utils._papercut import PaperCutClient

    http = HttpClient(redactor=Redactor([DEFAULT_TOKEN]), timeout=5, backoff=0.01, sleep=lambda s: None)
    return PaperCutClient(papercut.sim.url, DEFAULT_TOKEN, http=http)


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


def _clean_savapage(server, release=None):
    inspector = Inspector(server.url, ca_path=server.ca_path)
    inspector.reset()
    server.configure_defaults()
    if release:
        server.set_release(release)
    server.latency_ms = 0
    inspector.sim = server
    return inspector


@pytest.fixture
def sp(sp_https_server, request):
    """A clean HTTPS SavaPage simulator's inspection API; ``.sim`` is the server.

    Parameter (indirect): the release to behave as, "1.6" (default) or "1.5"
    (``@pytest.mark.parametrize("sp", SAVAPAGE_RELEASES, indirect=True)``).
    """
    return _clean_savapage(sp_https_server, release_of(request))


@pytest.fixture
def sp_plain(sp_http_server):
    """A clean plain-HTTP SavaPage simulator's inspection API."""
    return _clean_savapage(sp_http_server)


@pytest.fixture
def sp_client(sp):
    return make_client(sp.sim)
