# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Printix helpers for the integration tests: credentials, module_defaults, tasks, checks.

The fixtures (``printix``, ``printix_server``) are in tests/simulators/fixtures.py.
"""

from __future__ import annotations

from ansible_collections.printops.print_management.tests.simulators.printix import DEFAULT_CLIENTS

CARD_ID, CARD_SECRET = "sim-cardmanager", DEFAULT_CLIENTS["sim-cardmanager"]["client_secret"]
USER_ID, USER_SECRET = "sim-usermanager", DEFAULT_CLIENTS["sim-usermanager"]["client_secret"]
PRINT_ID, PRINT_SECRET = "sim-cloudprint", DEFAULT_CLIENTS["sim-cloudprint"]["client_secret"]
ALL_SECRETS = [CARD_SECRET, USER_SECRET, PRINT_SECRET]

# Secrets reach the play through the environment, never as playbook literals.
SECRET_FROM_ENV = "{{ lookup('ansible.builtin.env', 'TEST_PRINTIX_SECRET') }}"


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
    """Failed through fail_json: a message naming the problem, no traceback, no secret (Printix's or ``secrets``)."""
    run.assert_clean_failure(*phrases, secrets=list(ALL_SECRETS) + list(secrets))
