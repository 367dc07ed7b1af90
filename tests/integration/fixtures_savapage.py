# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""SavaPage simulator fixtures for integration tests: ``from fixtures_savapage import *  # noqa``.

One HTTPS simulator (self-signed certificate, written to ``.sim.ca_path``) and one
plain-HTTP simulator per session; every test gets a clean one.
"""

from __future__ import annotations

import pytest

from tests.simulators.inspect import Inspector
from tests.simulators.savapage import (
    DEFAULT_ADMIN,
    DEFAULT_JSONRPC_KEY,
    DEFAULT_RELEASE,
    DEFAULT_TTP_KEY,
    RELEASES,
    SavaPageSimulator,
)

__all__ = ["savapage_https_server", "savapage_http_server", "savapage", "savapage_plain", "SAVAPAGE_SECRETS",
           "SAVAPAGE_ENV", "savapage_defaults", "SAVAPAGE_RELEASES"]

# the readings of the balance POST (tests/simulators/README.md): the seed's 1.6, and the 1.5 server source
SAVAPAGE_RELEASES = RELEASES

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

    ``@pytest.mark.parametrize("savapage", SAVAPAGE_RELEASES, indirect=True)`` runs a test against both.
    """
    return getattr(request, "param", None) or DEFAULT_RELEASE


@pytest.fixture(scope="session")
def savapage_https_server():
    sim = SavaPageSimulator().start()
    yield sim
    sim.stop()


@pytest.fixture(scope="session")
def savapage_http_server():
    sim = SavaPageSimulator(tls=False).start()
    yield sim
    sim.stop()


@pytest.fixture
def savapage(savapage_https_server, ansible, request):
    """A clean HTTPS SavaPage simulator's inspection API; ``.sim`` is the server itself.

    Parameter (indirect): the release to behave as, "1.6" (default) or "1.5".
    """
    ansible.env.update(SAVAPAGE_ENV)
    return _clean(savapage_https_server, release_of(request))


@pytest.fixture
def savapage_plain(savapage_http_server, ansible):
    """A clean plain-HTTP SavaPage simulator (JSON-RPC refuses, as the real server does)."""
    ansible.env.update(SAVAPAGE_ENV)
    return _clean(savapage_http_server)
