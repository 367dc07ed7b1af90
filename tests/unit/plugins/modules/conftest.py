# SPDX-License-Identifier: GPL-3.0-or-later
"""Modules' main() run in-process against the simulators: ``run_module(name, args)`` returns the result.

Much faster than an ansible-playbook run per case, and it sees what a task sends:
the module reads the arguments as Ansible passes them (native types, so a YAML
``true`` or ``01234567`` arrives as the bool or the int it became).
"""

from __future__ import annotations

import importlib
import io
import json
from contextlib import redirect_stdout

import pytest

from tests.simulators.inspect import Inspector
from tests.simulators.papercut import DEFAULT_TOKEN
from tests.simulators.printix import DEFAULT_CLIENTS, PrintixSimulator
from tests.simulators.savapage import DEFAULT_ADMIN, DEFAULT_JSONRPC_KEY, SavaPageSimulator

PRINTIX_USER_ID = "sim-usermanager"
PRINTIX_CARD_ID = "sim-cardmanager"


def _patched_args(args):
    from ansible.module_utils import basic

    try:
        from ansible.module_utils.testing import patch_module_args  # ansible-core 2.19+
    except ImportError:  # pragma: no cover - older ansible-core
        from unittest import mock

        payload = json.dumps({"ANSIBLE_MODULE_ARGS": args}).encode()
        return mock.patch.object(basic, "_ANSIBLE_ARGS", payload)
    return patch_module_args(args)


def run_module(name, args):
    """Run ``plugins/modules/<name>.py``'s main() with ``args``; return its JSON result (``failed`` on fail_json)."""
    module = importlib.import_module("ansible_collections.printops.print_management.plugins.modules." + name)
    out = io.StringIO()
    with _patched_args(args), redirect_stdout(out):
        try:
            module.main()
        except SystemExit:
            pass
    text = out.getvalue()
    try:
        return json.loads(text[text.index("{"):])
    except ValueError:
        raise AssertionError("module %s printed no JSON result: %r" % (name, text))


@pytest.fixture(scope="session")
def printix_server():
    sim = PrintixSimulator().start()
    yield sim
    sim.stop()


@pytest.fixture
def printix(printix_server):
    inspector = Inspector(printix_server.url)
    inspector.reset()
    inspector.configure(token_ttl=3599, rate_per_minute=100000, burst=100000, hal_arrays=False, latency_ms=0)
    inspector.sim = printix_server
    return inspector


@pytest.fixture(scope="session")
def savapage_server():
    sim = SavaPageSimulator().start()
    yield sim
    sim.stop()


@pytest.fixture
def savapage(savapage_server):
    inspector = Inspector(savapage_server.url, ca_path=savapage_server.ca_path)
    inspector.reset()
    savapage_server.configure_defaults()
    savapage_server.latency_ms = 0
    inspector.sim = savapage_server
    return inspector


def connection(product, sim, client_id=PRINTIX_USER_ID):
    """The connection options of ``product`` for simulator ``sim`` (an Inspector with ``.sim``)."""
    if product == "papercut":
        return {"papercut_url": sim.sim.url, "papercut_auth_token": DEFAULT_TOKEN, "timeout": 5}
    if product == "printix":
        return {"printix_client_id": client_id, "printix_client_secret": DEFAULT_CLIENTS[client_id]["client_secret"],
                "printix_api_url": sim.sim.url + "/cloudprint", "printix_token_url": sim.sim.url + "/oauth/token",
                "timeout": 5}
    return {"savapage_url": sim.sim.url, "savapage_username": DEFAULT_ADMIN[0], "savapage_password": DEFAULT_ADMIN[1],
            "savapage_api_key": DEFAULT_JSONRPC_KEY, "ca_path": sim.sim.ca_path, "timeout": 5}
