# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers shared by the PaperCut breadth integration tests (shared accounts, printers, groups, tasks, config)."""

from __future__ import annotations

from ansible_collections.printops.print_management.tests.simulators.papercut import DEFAULT_TOKEN

# Secrets reach the play from the environment, never as literals in the playbook.
TOKEN_FROM_ENV = "{{ lookup('ansible.builtin.env', 'TEST_PAPERCUT_TOKEN') }}"
NS = "printops.print_management."


def defaults(sim):
    return {"group/printops.print_management.papercut": {
        "papercut_url": sim.sim.url, "papercut_auth_token": TOKEN_FROM_ENV}}


def task(module, args, name="t", **extra):
    t = {"name": name, NS + module: args}
    t.update(extra)
    return t


def writes(sim):
    return [(c["method"], c["args"]) for c in sim.writes()]


def assert_clean_failure(run, *phrases, secrets=()):
    """Failed through fail_json: a message naming the problem, no traceback, no secret (the token or ``secrets``)."""
    run.assert_clean_failure(*phrases, secrets=(DEFAULT_TOKEN,) + tuple(secrets))
