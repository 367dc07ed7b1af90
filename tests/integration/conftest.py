# -*- coding: utf-8 -*-
# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fixtures for integration tests: real ansible-playbook runs against localhost."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _ansible import AnsibleRunner, base_environment  # noqa: E402  pylint: disable=wrong-import-position


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


# -- simulators ---------------------------------------------------------------------------
# Started in-process once per session; every test gets a clean one (state, call log, faults).

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.simulators.inspect import Inspector  # noqa: E402  pylint: disable=wrong-import-position
from tests.simulators.papercut import DEFAULT_TOKEN, PaperCutSimulator  # noqa: E402  pylint: disable=wrong-import-position


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
    inspector.sim = papercut_server
    return inspector
