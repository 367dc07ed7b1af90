# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fault matrix for PrintixClient: transient failures converge, the rest fail saying what happened.

Reads (list groups, get card) and idempotent writes (DELETE) retry with backoff and
converge; creating a group or registering a card is never re-sent after an ambiguous
failure; an expired token is renewed once; 429 storms are waited out within
``rate_limit_timeout``; an HTML page where JSON was expected is an error, never "no items".
"""

import pytest

from ansible_collections.printops.print_management.plugins.module_utils._http import (
    AmbiguousResult,
    ClientError,
    HTTPStatusError,
    RequestTimeout,
)
from ansible_collections.printops.print_management.plugins.module_utils._printix import (
    PrintixError,
    RateLimitTimeout,
)
from ansible_collections.printops.print_management.tests.simulators.fixtures import clean_printix, printix_client
from ansible_collections.printops.print_management.tests.simulators.printix import DEFAULT_CLIENTS
from ansible_collections.printops.print_management.tests.unit.plugins.module_utils.fault_matrix import AMBIGUOUS, CONVERGING as GENERIC_FAULTS
from ansible_collections.printops.print_management.tests.unit.plugins.module_utils.fault_matrix import inject, sent_count, settle

SECRET = DEFAULT_CLIENTS["sim-usermanager"]["client_secret"]
HTML_PAGE = "<html><head><title>Service Unavailable</title></head><body>Maintenance</body></html>"
# the generic faults, but a 429 storm as Printix throttles (Retry-After), and two of Printix's own
CONVERGING = dict(GENERIC_FAULTS, **{
    "429_storm": dict(kind="throttle", retry_after=2, count=5),
    "429_without_hint": dict(kind="http_status", status=429, count=3, body="{}"),
    "expired_token": dict(kind="expire_token", count=1),
})


@pytest.fixture
def px(printix_server):
    """A clean Printix simulator (its own rate limit) with one group."""
    return clean_printix(printix_server, {"groups": [{"name": "Staff", "externalId": "staff"}]})


class FakeTime(object):
    """Sleeping advances the clock instantly (and is recorded)."""

    def __init__(self, sleeps):
        self.sleeps = sleeps

    def clock(self):
        return 1000.0 + sum(self.sleeps)

    def sleep(self, seconds):
        self.sleeps.append(seconds)


@pytest.fixture
def client(px, sleeps):
    return printix_client(px, "sim-usermanager", http_options=dict(timeout=0.6, sleep=sleeps.append),
                          rate_limit_timeout=60, sleep=FakeTime(sleeps).sleep, clock=FakeTime(sleeps).clock)


def groups(px):
    return sorted(g["name"] for g in px.state()["groups"])


@pytest.mark.parametrize("fault", sorted(CONVERGING))
def test_read_retries_with_backoff_and_converges(px, client, sleeps, fault):
    # discovery first: the fault targets the listing
    client.tenant_id  # pylint: disable=pointless-statement
    inject(px, CONVERGING[fault], "list_groups")
    assert [g["name"] for g in client.list_groups()] == ["Staff"]
    if fault != "expired_token":
        assert sleeps, "retried without waiting"
    settle(px, fault)


@pytest.mark.parametrize("fault", sorted(CONVERGING))
def test_token_request_faults_converge(px, client, fault):
    if fault == "expired_token":
        pytest.skip("the token endpoint itself cannot hold an expired token")
    inject(px, CONVERGING[fault], "token")
    assert client.token()
    settle(px, fault)


@pytest.mark.parametrize("fault", sorted(CONVERGING))
def test_idempotent_delete_retries_and_converges(px, client, fault):
    group_id = px.state()["groups"][0]["id"]
    client.tenant_id  # pylint: disable=pointless-statement
    inject(px, CONVERGING[fault], "delete_group")
    client.delete_group(group_id)
    settle(px, fault)
    assert groups(px) == []


@pytest.mark.parametrize("fault", ["429_storm", "429_without_hint", "expired_token"])
def test_create_is_retried_only_when_the_server_did_not_process_it(px, client, fault):
    client.tenant_id  # pylint: disable=pointless-statement
    inject(px, CONVERGING[fault], "create_group")
    client.create_group({"name": "Lab", "externalId": "lab"})
    assert groups(px) == ["Lab", "Staff"]


@pytest.mark.parametrize("fault", AMBIGUOUS)
def test_create_is_ambiguous_and_never_resent(px, client, fault):
    client.tenant_id  # pylint: disable=pointless-statement
    inject(px, CONVERGING[fault], "create_group")
    with pytest.raises(AmbiguousResult) as err:
        client.create_group({"name": "Lab", "externalId": "lab"})
    assert sent_count(px, CONVERGING[fault]) == 1
    settle(px, fault)
    assert "creating group 'Lab'" in str(err.value) and "not re-sent" in str(err.value)
    assert groups(px).count("Lab") <= 1


def test_429_storm_beyond_rate_limit_timeout_fails_saying_how_long_it_waited(px, client):
    client.rate_limit_timeout = 5
    client.tenant_id  # pylint: disable=pointless-statement
    px.fault("throttle", count=50, method="create_group", retry_after=2)
    with pytest.raises(RateLimitTimeout) as err:
        client.create_group({"name": "Lab", "externalId": "lab"})
    assert "rate_limit_timeout (5 s)" in str(err.value) and "creating group 'Lab'" in str(err.value)
    assert groups(px) == ["Staff"]


def test_server_errors_beyond_the_retry_budget_fail_naming_the_call(px, client):
    client.tenant_id  # pylint: disable=pointless-statement
    px.fault("http_status", count=20, method="list_groups", status=502)
    with pytest.raises(HTTPStatusError) as err:
        list(client.list_groups())
    assert "HTTP 502 from listing Printix groups" in str(err.value) and "gave up after 4" in str(err.value)


def test_always_slower_than_timeout_is_a_timeout(px, client):
    client.tenant_id  # pylint: disable=pointless-statement
    # a fault for more attempts than the budget: robust on a loaded machine
    px.fault("delay", count=10, method="list_groups", seconds=1.0)
    with pytest.raises(RequestTimeout) as err:
        list(client.list_groups())
    settle(px)
    assert "No answer within 0.6s to listing Printix groups" in str(err.value)


def test_a_token_refused_again_after_renewal_fails_without_the_secret(px, client):
    client.tenant_id  # pylint: disable=pointless-statement
    px.fault("expire_token", count=5, method="list_groups")
    px.fault("http_status", count=5, method="list_groups", status=401, body='{"error": "invalid_token"}')
    with pytest.raises(ClientError) as err:
        list(client.list_groups())
    assert "401" in str(err.value) and SECRET not in str(err.value)


@pytest.mark.parametrize("body", [HTML_PAGE, '{"items": [', "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'a'>]><x>&a;</x>"],
                         ids=["html_error_page", "truncated_json", "xml_entity_payload"])
def test_a_page_that_is_not_json_is_an_error_not_an_empty_list(px, client, body):
    client.tenant_id  # pylint: disable=pointless-statement
    px.fault("garbage", method="list_groups", body=body, content_type="text/html")
    with pytest.raises(PrintixError) as err:
        list(client.list_groups())
    assert "not JSON" in str(err.value) and "listing Printix groups" in str(err.value)


def test_a_page_that_is_not_json_after_a_create_is_ambiguous(px, client):
    client.tenant_id  # pylint: disable=pointless-statement
    px.fault("garbage", method="create_group", body=HTML_PAGE, content_type="text/html")
    with pytest.raises(AmbiguousResult) as err:
        client.create_group({"name": "Lab", "externalId": "lab"})
    assert "may or may not have applied it" in str(err.value)
