# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""PrintixClient against the in-process Printix simulator."""

from __future__ import annotations

import pytest

from ansible_collections.printops.print_management.plugins.module_utils._printix import (
    AreaError,
    AuthenticationError,
    PrintixError,
    RateLimitTimeout,
    expand,
    hal_links,
)
from ansible_collections.printops.print_management.tests.simulators.fixtures import printix_client as client


def test_hal_links_accept_an_object_or_an_array():
    assert hal_links({"_links": {"a": {"href": "x"}}}, "a") == ["x"]
    assert hal_links({"_links": {"a": [{"href": "x"}, {"href": "y"}]}}, "a") == ["x", "y"]
    assert hal_links({}, "a") == []
    assert expand("http://h/p?page=1{&query,site}", query="a b") == "http://h/p?page=1&query=a%20b"
    assert expand("http://h/p{?page,pageSize}") == "http://h/p"


def test_token_is_fetched_once_and_reused(px):
    c = client(px)
    for attempt in range(3):
        assert attempt >= 0
        c.get_card("QUJD")
    assert px.state()["tokens_issued"] == 1


def test_expired_token_is_renewed_once(px):
    c = client(px)
    c.get_card("QUJD")
    px.fault("expire_token", method="get_card")
    assert c.get_card("QUJD") is None
    assert px.state()["tokens_issued"] == 2


def test_tenant_is_discovered_and_several_tenants_are_listed(px):
    c = client(px)
    assert c.tenant_id == "9d6cd90a-5819-4398-9731-158817526a30"
    px.seed({"tenants": {"t2": "other.printix.net"},
             "clients": [{"client_id": "multi", "client_secret": "multi-secret", "area": "card_manager",
                          "tenants": ["9d6cd90a-5819-4398-9731-158817526a30", "t2"]}]})
    px.configure(hal_arrays=True)
    with pytest.raises(PrintixError) as err:
        client(px, "multi", "multi-secret").tenant_id  # noqa: B018
    assert "2 tenants" in str(err.value) and "other.printix.net (t2)" in str(err.value)


def test_paging_reads_every_page(px):
    px.seed({"users": [{"email": "u%03d@x.org" % i, "role": "USER"} for i in range(25)]})
    c = client(px, page_size=10)
    assert len(list(c.list_users(role="USER"))) == 25
    assert len([x for x in px.calls() if x["method"] == "list_users"]) == 3


def test_wrong_secret_and_wrong_area_fail_clearly(px):
    with pytest.raises(AuthenticationError) as err:
        client(px, secret="nope-wrong").get_card("QUJD")
    assert "nope-wrong" not in str(err.value) and "printix_client_secret" in str(err.value)
    # a card lookup's 403 means "no such card" (seed 003, "Search for Card"); other card calls keep the area message
    assert client(px, "sim-cloudprint").get_card("QUJD") is None
    with pytest.raises(AreaError) as err:
        client(px, "sim-cloudprint").user_cards("u1")
    assert "Card Manager area" in str(err.value) and "errorId" in str(err.value)


def test_429_waits_the_servers_hint_within_the_budget_and_reports_it(px):
    px.fault("throttle", count=2, method="get_card", retry_after=0.05)
    c = client(px)
    assert c.get_card("QUJD") is None
    report = c.rate_limit_report()
    assert report["throttled_responses"] == 2 and report["waited_seconds"] >= 0.1
    px.fault("throttle", count=100, method="get_card", retry_after=5)
    with pytest.raises(RateLimitTimeout) as err:
        client(px, rate_limit_timeout=1).get_card("QUJD")
    assert "rate_limit_timeout" in str(err.value)


def test_a_second_401_after_a_fresh_token_fails_clearly_without_the_token(px):
    c = client(px)
    c.get_card("QUJD")
    px.fault("http_status", count=2, method="get_card", status=401, body='{"error": "invalid_token"}',
             content_type="application/json")
    with pytest.raises(AuthenticationError) as err:
        c.get_card("QUJD")
    assert "freshly issued token" in str(err.value) and "sim-cardmanager" in str(err.value)
    assert px.state()["tokens_issued"] == 2
    assert c._token not in str(err.value)  # pylint: disable=protected-access
