# -*- coding: utf-8 -*-
# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fixtures for integration tests: real ansible-playbook runs against localhost.

The simulators (papercut, printix, savapage, their servers and switches) come from
tests/simulators/fixtures.py, loaded here as a pytest plugin by the collection's full path,
as the unit tests load it; the fixtures below add what a play needs (its secrets in the
environment).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

# pylint: disable=wrong-import-position
from _ansible import AnsibleRunner, base_environment, make_collections_root  # noqa: E402

# The collection by its full path (ansible_collections.printops.print_management), as in tests/unit/conftest.py:
# a collections path whose printops/print_management is this checkout.
try:
    import ansible_collections.printops.print_management  # noqa: F401  pylint: disable=unused-import
except ImportError:
    sys.path.insert(0, str(make_collections_root(tempfile.mkdtemp(prefix='printops-integration-'))))

pytest_plugins = ['ansible_collections.printops.print_management.tests.simulators.fixtures']

from ansible_collections.printops.print_management.tests.simulators.inspect import Inspector  # noqa: E402
from ansible_collections.printops.print_management.tests.simulators.papercut import (  # noqa: E402
    DEFAULT_TOKEN, PaperCutSimulator)
from ansible_collections.printops.print_management.tests.simulators.tls import https  # noqa: E402
from fixtures_roles import ROLE_ENV  # noqa: E402
from fixtures_savapage import SAVAPAGE_ENV  # noqa: E402


@pytest.fixture(scope='session')
def ansible_env(tmp_path_factory):
    """Environment for ansible-playbook, shared by the session.

    The collections path holds a symlink to this checkout, and inherited
    ANSIBLE_*, PAPERCUT_*, PRINTIX_* and SAVAPAGE_* variables are removed.
    """
    env = base_environment(tmp_path_factory.mktemp('ansible'))
    env['TEST_PAPERCUT_TOKEN'] = DEFAULT_TOKEN
    return env


@pytest.fixture
def ansible(ansible_env, tmp_path):
    """Runs playbooks: ``ansible.run_tasks([...], check=..., diff=..., ...)`` and ``ansible.run_playbook(path, ...)``."""
    return AnsibleRunner(ansible_env, tmp_path)


# -- the simulators as a play sees them -----------------------------------------------------

@pytest.fixture
def savapage(savapage, ansible):
    """A clean HTTPS SavaPage simulator (tests/simulators/fixtures.py; indirect parameter: the release),
    the play's SavaPage secrets in the environment."""
    ansible.env.update(SAVAPAGE_ENV)
    return savapage


@pytest.fixture
def savapage_plain(savapage_plain, ansible):
    """A clean plain-HTTP SavaPage simulator (JSON-RPC refuses, as the real server does), the secrets in the
    environment."""
    ansible.env.update(SAVAPAGE_ENV)
    return savapage_plain


@pytest.fixture
def systems(papercut, printix, savapage, ansible):
    """Clean PaperCut, Printix and SavaPage simulators (inspectors), the play's secrets in the environment."""
    printix.configure(burst=0)  # no rate limit: the tests are about the roles, not about pacing
    ansible.env.update(ROLE_ENV)
    return papercut, printix, savapage


@pytest.fixture(scope='module')
def papercut_https():
    """A PaperCut simulator behind TLS (self-signed certificate at ``.ca_path``) that knows alice; one per test file."""
    sim = https(PaperCutSimulator)().start()
    Inspector(sim.url, ca_path=sim.ca_path).reset({'users': [{'username': 'alice', 'balance': 2.0}]})
    yield sim
    sim.stop()
