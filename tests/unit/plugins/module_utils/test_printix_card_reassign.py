# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""printix_card reassign: Printix has no move, so a card is deleted and registered again.

When the second step fails the card must not silently end up owned by nobody: the old
owner's registration is restored, and the error says where the card is. State is read
through the Printix simulator's inspection API.
"""

from __future__ import annotations

import base64

import pytest

from ansible_collections.printops.print_management.plugins.module_utils._http import ClientError
from ansible_collections.printops.print_management.plugins.module_utils._printix_cards import CardReconciler
from ansible_collections.printops.print_management.tests.simulators.fixtures import printix_client

NUMBER = "04A2B3C4D5"
SECRET = base64.b64encode(NUMBER.encode()).decode()
USERS = [{"email": "jane@example.com", "fullName": "Jane", "role": "USER"},
         {"email": "guest@example.com", "fullName": "Guest", "role": "GUEST_USER"}]
TASK = {"user": "guest@example.com", "card_number": NUMBER, "reassign": True, "state": "present"}


@pytest.fixture
def px(px):
    """The simulator (conftest.py), Jane's card registered."""
    px.seed({"users": USERS, "cards": [{"owner": "jane@example.com", "secret": SECRET}]})
    return px


def reconciler(px):
    return CardReconciler(printix_client(px), {})


def owners(px):
    return dict((c["secret"], c["owner_email"]) for c in px.state()["cards"])


def test_a_refused_registration_puts_the_card_back_with_its_old_owner(px):
    px.fault("http_status", method="register_card", status=400)
    with pytest.raises(ClientError) as err:
        reconciler(px).one(TASK)
    assert owners(px) == {SECRET: "jane@example.com"}
    assert "again (restored" in str(err.value) and err.value.details["changed"] is True
    assert NUMBER not in str(err.value) and SECRET not in str(err.value)


def test_a_lost_answer_to_the_registration_is_read_back_and_is_a_success(px):
    # applied, answer lost: the card is with the new owner, nothing to restore
    px.fault("drop_after", method="register_card")
    result = reconciler(px).one(TASK)
    assert result["changed"] and result["action"] == "update"
    assert owners(px) == {SECRET: "guest@example.com"}
    assert len([c for c in px.calls() if c["method"] == "register_card"]) == 1


def test_restore_failing_too_says_the_card_is_registered_to_nobody(px):
    px.fault("http_status", count=2, method="register_card", status=400)
    with pytest.raises(ClientError) as err:
        reconciler(px).one(TASK)
    assert owners(px) == {}
    assert "registered to nobody" in str(err.value) and "failed too" in str(err.value)
