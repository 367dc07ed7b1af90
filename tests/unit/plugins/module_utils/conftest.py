# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Printix fixtures for the module_utils unit tests: the session's simulator (tests/simulators/fixtures.py)
and clients of it.

``px`` is a clean simulator in its default (strict) reading, with no rate limit (``burst=0``: the tests
that are about pacing set one); ``px_cards`` runs a test once per reading of an unknown card: 403
(seed 003, "Search for Card"/"Delete Card") and 404 (some live clients), as tests/simulators/README.md
asks of every behaviour where sources disagree.
"""

from __future__ import annotations

import threading

import pytest

from ansible_collections.printops.print_management.tests.simulators.fixtures import (
    UNKNOWN_CARD_READINGS,
    clean_printix,
    printix_client,
)


@pytest.fixture
def px(printix_server):
    """A clean Printix simulator (strict reading, no rate limit); ``.sim`` is the server itself."""
    return clean_printix(printix_server, burst=0)


@pytest.fixture(params=UNKNOWN_CARD_READINGS)
def px_cards(printix_server, request):
    """A clean Printix simulator, once per reading of an unknown card."""
    return clean_printix(printix_server, burst=0, unknown_card_status=request.param)


@pytest.fixture
def px_client():
    """``px_client(px, client_id=..., **kwargs)`` builds a client of a simulator fixture (printix_client)."""
    return printix_client


@pytest.fixture
def sleeps():
    """The waits of a client whose sleep is ``sleeps.append`` (no time passes)."""
    return []


def _eight_workers(px, client, lookups):
    """``lookups`` card look-ups by 8 threads sharing ``client`` (its tenant discovered first); returns the
    get_card calls the simulator behind ``px`` logged, and those of them it answered 429."""
    # the tenant is discovered once, before the workers start
    client.tenant_id  # noqa: B018  pylint: disable=pointless-statement
    px.clear_calls()
    todo = list(range(lookups))
    lock = threading.Lock()

    def work():
        while True:
            with lock:
                if not todo:
                    return
                todo.pop()
            assert client.get_card("QUJD") is None

    threads = [threading.Thread(target=work) for _n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    calls = [c for c in px.calls() if c["method"] == "get_card"]
    return calls, [c for c in calls if c["status"] == 429]


@pytest.fixture
def eight_workers():
    """``eight_workers(px, client, lookups)`` -> (get_card calls, those answered 429)."""
    return _eight_workers
