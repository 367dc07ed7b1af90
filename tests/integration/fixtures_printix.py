# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Printix fixtures and helpers for the integration tests (import with ``from fixtures_printix import *``)."""

from __future__ import annotations

import pytest

from tests.simulators.inspect import Inspector
from tests.simulators.printix import DEFAULT_CLIENTS, PrintixSimulator

CARD_ID, CARD_SECRET = "sim-cardmanager", DEFAULT_CLIENTS["sim-cardmanager"]["client_secret"]
USER_ID, USER_SECRET = "sim-usermanager", DEFAULT_CLIENTS["sim-usermanager"]["client_secret"]
PRINT_ID, PRINT_SECRET = "sim-cloudprint", DEFAULT_CLIENTS["sim-cloudprint"]["client_secret"]
ALL_SECRETS = [CARD_SECRET, USER_SECRET, PRINT_SECRET]

# Secrets reach the play through the environment, never as playbook literals.
SECRET_FROM_ENV = "{{ lookup('ansible.builtin.env', 'TEST_PRINTIX_SECRET') }}"


@pytest.fixture(scope="session")
def printix_server():
    sim = PrintixSimulator().start()
    yield sim
    sim.stop()


# How the simulator answers an unknown card: 403 (seed 003, "Search for Card"/"Delete Card"; the
# default) or 404 (some live clients). Card tests run against both with
# @pytest.mark.parametrize("printix", UNKNOWN_CARD_READINGS, indirect=True).
UNKNOWN_CARD_READINGS = [pytest.param(403, id="unknown-card-403"), pytest.param(404, id="unknown-card-404")]


@pytest.fixture
def printix(printix_server, request):
    """A clean Printix simulator's inspection API; ``.sim`` is the server itself.

    Indirect parameter: the status of an unknown card (403 unless given)."""
    inspector = Inspector(printix_server.url)
    inspector.reset()
    inspector.configure(token_ttl=3599, rate_per_minute=100, burst=100, hal_arrays=False, latency_ms=0,
                        unknown_card_status=getattr(request, "param", 403))
    inspector.sim = printix_server
    return inspector


def px_defaults(sim, client_id=CARD_ID, **extra):
    args = {"printix_client_id": client_id, "printix_client_secret": SECRET_FROM_ENV,
            "printix_api_url": sim.sim.url + "/cloudprint", "printix_token_url": sim.sim.url + "/oauth/token"}
    args.update(extra)
    return {"group/printops.print_management.printix": args}


def px_env(secret=CARD_SECRET):
    return {"TEST_PRINTIX_SECRET": secret}


def px_task(module, args, name="t", **extra):
    t = {"name": name, "printops.print_management." + module: args}
    t.update(extra)
    return t


def px_writes(sim):
    return [(c["method"], c["path"]) for c in sim.writes()]


def assert_clean_failure(run, *phrases, secrets=()):
    """Failed through fail_json: a message naming the problem, no traceback, no secret."""
    result = run.results[-1]
    assert result.failed, run.describe()
    for phrase in phrases:
        assert phrase in result["msg"], result["msg"]
    output = run.stdout + run.stderr
    assert "Traceback" not in output, output
    assert "module_stderr" not in result, result
    for secret in list(ALL_SECRETS) + list(secrets):
        assert secret not in output, secret
