# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers for the role tests: all three simulators, people, and plays that run a role.

The ``systems`` fixture (the three simulators at once) is in conftest.py.
"""

from __future__ import annotations

import base64

from fixtures_printix import CARD_ID, CARD_SECRET
from fixtures_savapage import SAVAPAGE_ENV, SAVAPAGE_SECRETS

from ansible_collections.printops.print_management.tests.simulators.papercut import DEFAULT_TOKEN

ROLE_ENV = dict(SAVAPAGE_ENV, TEST_PRINTIX_SECRET=CARD_SECRET)
ALL_SECRETS = [DEFAULT_TOKEN, CARD_SECRET] + list(SAVAPAGE_SECRETS)


def _env(name):
    return "{{ lookup('ansible.builtin.env', '%s') }}" % name


def all_defaults(systems):
    """Play-level module_defaults for the three action groups; secrets come from the environment."""
    pc, px, sp = systems
    return {
        "group/printops.print_management.papercut": {"papercut_url": pc.sim.url,
                                                     "papercut_auth_token": _env("TEST_PAPERCUT_TOKEN")},
        "group/printops.print_management.printix": {
            "printix_client_id": CARD_ID, "printix_client_secret": _env("TEST_PRINTIX_SECRET"),
            "printix_api_url": px.sim.url + "/cloudprint", "printix_token_url": px.sim.url + "/oauth/token"},
        "group/printops.print_management.savapage": {
            "savapage_url": sp.sim.url, "savapage_username": "admin",
            "savapage_password": _env("TEST_SAVAPAGE_PASSWORD"), "ca_path": sp.sim.ca_path},
    }


def role_task(role, **role_vars):
    return {"name": "run the %s role" % role,
            "ansible.builtin.include_role": {"name": "printops.print_management." + role},
            "vars": role_vars}


def people(count, prefix="p"):
    """``count`` well-formed people; every third has a shared account, every person a card and a group."""
    out = []
    for i in range(count):
        username = "%s%03d" % (prefix, i)
        person = {"username": username, "full_name": "Person %d" % i, "email": "%s@example.edu" % username,
                  "department": "Physics" if i % 2 else "History", "office": "B%d" % (i % 5),
                  "card_number": "%d9%05d" % (ord(prefix[0]), i), "card_pin": "%d%04d" % (ord(prefix[0]), i),
                  "initial_balance": 5.0 + (i % 3), "groups": ["Students"]}
        if i % 3 == 0:
            person["shared_accounts"] = ["Physics\\Lab"]
        out.append(person)
    return out


def seed_people(systems, persons, accounts=("Physics", "Physics\\Lab")):
    """What the directory sync, Printix and SavaPage know of ``persons`` before onboarding."""
    pc, px, sp = systems
    pc.seed({"directory": [{"username": p["username"], "full-name": p.get("full_name", ""),
                            "email": p.get("email", "")} for p in persons],
             "groups": ["Students", "Staff"],
             "shared_accounts": [{"name": name} for name in accounts]})
    px.seed({"users": [{"email": p["email"], "name": p.get("full_name", "")} for p in persons if p.get("email")]})
    sp.seed({"accounts": [{"type": "USER", "name": p["username"], "balance": 0} for p in persons]})
    clear_calls(systems)


def card_secret(number):
    return base64.b64encode(str(number).encode("utf-8")).decode("ascii")


def all_calls(systems):
    return dict((name, s.calls()) for name, s in zip(("papercut", "printix", "savapage"), systems))


def all_writes(systems):
    return dict((name, [c for c in calls if c["write"]]) for name, calls in all_calls(systems).items())


def clear_calls(systems):
    for s in systems:
        s.clear_calls()


def changed_tasks(run):
    return [r.name for r in run.results if r.changed]


def assert_rejected_before_any_call(run, systems, *phrases):
    assert not run.ok, run.stdout
    failed = [r for r in run.results if r.failed]
    assert failed, run.stdout
    message = str(failed[-1].get("msg")) + " " + str(failed[-1].get("argument_errors", ""))
    for phrase in phrases:
        assert phrase in message, message
    output = run.stdout + run.stderr
    assert "Traceback" not in output, output
    for secret in ALL_SECRETS:
        assert secret not in output
    assert all_calls(systems) == {"papercut": [], "printix": [], "savapage": []}
