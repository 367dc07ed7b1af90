# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The fault matrix the clients' fault tests share (test_faults_papercut.py, _printix.py, _savapage.py):
the faults every simulator injects (tests/simulators/_base.py, apply_generic_fault), and how a test
injects one, waits for it to settle and counts the requests it hit. The ``sleeps`` fixture is in
conftest.py."""

import time

# fault spec -> how many times it hits the call; each client's tests add their product's own
CONVERGING = {
    "http_500_burst": dict(kind="http_status", status=500, count=3),
    "http_502_burst": dict(kind="http_status", status=502, count=3),
    "http_503_burst": dict(kind="http_status", status=503, count=3),
    "connection_reset": dict(kind="drop", count=2),
    "reset_after_processing": dict(kind="drop_after", count=1),
    "slower_than_timeout": dict(kind="delay", seconds=0.9, count=1),
    "429_storm": dict(kind="http_status", status=429, count=3, body="Too Many Requests"),
}
# the ones after which a write may or may not have happened
AMBIGUOUS = ["http_500_burst", "http_502_burst", "http_503_burst", "connection_reset", "reset_after_processing",
             "slower_than_timeout"]

# an XML entity-expansion ("billion laughs") answer
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">'
          + "".join('<!ENTITY lol%d "%s">' % (i, ("&lol%d;" % (i - 1) if i > 1 else "&lol;") * 10)
                    for i in range(1, 10))
          + ']><methodResponse><params><param><value><string>&lol9;</string></value></param></params>'
            '</methodResponse>')


def inject(inspector, spec, method):
    """Queue the fault ``spec`` (an entry of CONVERGING) for the simulator's ``method``."""
    spec = dict(spec)
    inspector.fault(spec.pop("kind"), count=spec.pop("count"), method=method, **spec)


def settle(inspector, fault="slower_than_timeout"):
    """A delayed call keeps running on the server after the client gave up on it."""
    if "slower" in fault:
        time.sleep(1.0)
    inspector.clear_faults()


def sent_count(inspector, spec):
    """How many requests the injected fault has hit so far."""
    pending = inspector._req("GET", "faults")["faults"]  # pylint: disable=protected-access
    return spec["count"] - (pending[0]["count"] if pending else 0)
