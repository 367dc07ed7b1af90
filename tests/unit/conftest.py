# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Unit-test setup: make the collection importable as ansible_collections.printops.print_management,
and give tests the in-process simulators as fixtures (tests/simulators/fixtures.py).

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

# The simulators (papercut, printix, savapage, their servers and switches) as fixtures.
pytest_plugins = ["ansible_collections.printops.print_management.tests.simulators.fixtures"]
# pylint: disable=wrong-import-position
from ansible_collections.printops.print_management.tests.simulators.fixtures import (  # noqa: E402
    clean_savapage, papercut_client, release_of, savapage_client, without_network)

# The machine's proxies and CA bundles would change where the clients connect and what they trust.
_KEEP = without_network(os.environ)
for _name in set(os.environ) - set(_KEEP):
    del os.environ[_name]


@pytest.fixture
def pc_client(papercut):
    return papercut_client(papercut)


# The unit tests' names for the SavaPage simulators: ``sp`` (HTTPS) takes the release as an
# indirect parameter (``@pytest.mark.parametrize("sp", SAVAPAGE_RELEASES, indirect=True)``).
@pytest.fixture
def sp(savapage_https_server, request):
    """A clean HTTPS SavaPage simulator's inspection API; ``.sim`` is the server."""
    return clean_savapage(savapage_https_server, release_of(request))


@pytest.fixture
def sp_plain(savapage_plain):
    """A clean plain-HTTP SavaPage simulator's inspection API."""
    return savapage_plain


@pytest.fixture
def sp_client(sp):
    return savapage_client(sp.sim)
