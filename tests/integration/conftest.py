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
