# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Printix guest users: PrintixClient and GuestUsers against the in-process Printix simulator.

Server state is checked through the simulator's inspection API.
"""

from __future__ import annotations

import pytest

from ansible_collections.printops.print_management.plugins.module_utils._http import ClientError
from ansible_collections.printops.print_management.plugins.module_utils._printix import (
    AreaError,
    PrintixError,
)
from ansible_collections.printops.print_management.plugins.module_utils._printix_users import (
    GuestUsers,
    api_time,
    list_users,
)
from ansible_collections.printops.print_management.tests.simulators.fixtures import printix_client

GUEST = {"email": "visitor@partner.example", "full_name": "Vera Visitor", "expiration": "2025-03-07 18:00",
         "state": "present"}


def client(px, client_id="sim-usermanager", **kwargs):
    return printix_client(px, client_id, **kwargs)


def guests(px, **kwargs):
    warnings = []
    users = GuestUsers(client(px), warn=warnings.append, **kwargs)
    users.warnings = warnings
    return users


def writes(px):
    return [(c["method"], c["path"].rsplit("/tenants/", 1)[-1].split("/", 1)[-1]) for c in px.writes()]


def sim_users(px):
    return dict((u["email"], u) for u in px.state()["users"])


def test_delete_user_is_a_post_to_delete_because_the_api_answers_405_to_delete(px):
    px.seed({"users": [{"email": "g@x.org", "role": "GUEST_USER", "id": "u1"}]})
    c = client(px)
    with pytest.raises(PrintixError) as err:
        c.call("DELETE", "users/u1", "User Manager", "a DELETE on a user")
    assert err.value.status == 405 and "g@x.org" in sim_users(px)
    assert [(x["method"], x["status"]) for x in px.calls()][-1] == ("delete_user_verb", 405)
    px.clear_calls()
    c.delete_user("u1")
    assert [(x["method"], x["path"].split("/tenants/")[1].split("/", 1)[1]) for x in px.calls()] == [
        ("delete_user", "users/u1/delete")]
    assert sim_users(px) == {}
    c.delete_user("u1")  # already gone: 404 is "done", not an error


def test_generated_credentials_come_back_only_in_the_create_answer(px):
    c = client(px)
    created = c.create_guest_user({"email": "v@x.org", "fullName": "V", "role": "GUEST_USER"})
    assert created["pin"] and created["idCode"] and created["password"]
    (listed,) = list(c.list_users(role="GUEST_USER"))
    assert not set(listed) & {"pin", "idCode", "password"}


def test_lifecycle_check_create_rerun_delete_with_no_write_when_nothing_to_do(px):
    result = guests(px, check_mode=True, diff=True).one(GUEST)
    assert result["changed"] and result["action"] == "create" and writes(px) == [] and sim_users(px) == {}
    assert result["user"] == {"email": GUEST["email"], "full_name": "Vera Visitor", "role": "GUEST_USER",
                              "expiration": "2025.03.07 18:00"}
    assert "credentials" not in result

    result = guests(px, may_return_credentials=True).one(GUEST)
    stored = sim_users(px)[GUEST["email"]]
    assert result["changed"] and result["user"]["id"] == stored["id"]
    assert stored["fullName"] == "Vera Visitor" and stored["expirationTimestamp"] == "2025.03.07 18:00"
    assert result["credentials"] == {"pin": stored["pin"], "id_code": stored["idCode"], "password": stored["password"]}

    px.clear_calls()
    for check_mode in (True, False):
        result = guests(px, check_mode=check_mode).one(GUEST)
        assert not result["changed"] and "credentials" not in result
    assert writes(px) == []

    gone = dict(GUEST, state="absent")
    result = guests(px, diff=True).one(gone)
    assert result["action"] == "delete" and result["diff"]["after"] == {} and sim_users(px) == {}
    assert writes(px) == [("delete_user", "users/%s/delete" % stored["id"])]
    assert not guests(px).one(gone)["changed"]


def test_credentials_are_withheld_with_a_warning_unless_no_log_and_given_ones_never_return(px):
    users = guests(px)
    result = users.one(dict(GUEST, pin="4321"))
    assert "credentials" not in result
    assert "id_code, password" in users.warnings[0] and "no_log" in users.warnings[0]
    result = guests(px, may_return_credentials=True).one(dict(GUEST, email="b@x.org", pin="4321", password="pw-given"))
    assert set(result["credentials"]) == {"id_code"}
    assert sim_users(px)["b@x.org"]["pin"] == "4321"


def test_existing_user_with_other_name_is_left_with_a_warning_because_the_api_cannot_update(px):
    px.seed({"users": [{"email": GUEST["email"], "fullName": "Old Name", "role": "GUEST_USER"}]})
    users = guests(px)
    result = users.one(GUEST)
    assert not result["changed"] and writes(px) == []
    assert "cannot change a user" in users.warnings[0] and "'Old Name'" in users.warnings[0]


def test_a_regular_user_is_never_created_over_nor_deleted(px):
    px.seed({"users": [{"email": "staff@x.org", "fullName": "Staff", "role": "USER"}]})
    for state in ("present", "absent"):
        with pytest.raises(ClientError) as err:
            guests(px).one({"email": "Staff@x.org", "state": state})
        assert "role USER" in str(err.value) and "only guest users" in str(err.value)
    assert writes(px) == [] and "staff@x.org" in sim_users(px)


def test_email_is_matched_exactly_not_by_the_query_substring(px):
    px.seed({"users": [{"email": "joann@x.org", "role": "GUEST_USER"}]})
    result = guests(px).one({"email": "ann@x.org", "state": "present"})
    assert result["action"] == "create" and set(sim_users(px)) == {"joann@x.org", "ann@x.org"}


def test_lost_answer_to_create_finds_the_user_and_a_500_before_processing_is_sent_again(px):
    px.fault("drop_after", method="create_user")
    users = guests(px, may_return_credentials=True)
    result = users.one(GUEST)
    assert result["changed"] and "credentials" not in result and "answer to the create call was lost" in users.warnings[0]
    assert len(sim_users(px)) == 1

    px.fault("http_status", status=500, method="create_user")
    result = guests(px, may_return_credentials=True).one(dict(GUEST, email="second@x.org"))
    assert result["changed"] and result["credentials"]["id_code"]
    assert len(sim_users(px)) == 2


def test_expired_token_429_storm_and_500_on_a_read_still_converge(px):
    px.fault("expire_token", method="list_users")
    px.fault("http_status", status=500, method="list_users")
    px.fault("throttle", count=3, method="create_user", retry_after=0.05)
    result = guests(px).one(GUEST)
    assert result["changed"] and list(sim_users(px)) == [GUEST["email"]]
    assert px.state()["tokens_issued"] == 2
    assert result["rate_limit"]["throttled_responses"] == 3 and result["rate_limit"]["waited_seconds"] >= 0.15


def test_conflict_on_create_counts_as_existing(px):
    users = guests(px)
    real_find = users.find
    calls = []

    def find_late(email):
        calls.append(email)
        if len(calls) == 1:  # another run creates the user between our read and our create
            px.seed({"users": [{"email": email, "fullName": "Other", "role": "GUEST_USER"}]})
            return None
        return real_find(email)

    users.find = find_late
    result = users.one(GUEST)
    assert not result["changed"] and result["action"] == "none" and result["user"]["full_name"] == "Other"


def test_bad_input_fails_before_any_call(px):
    px.clear_calls()
    for params, phrase in [({"email": ""}, "must not be empty"), ({"email": "  "}, "must not be empty"),
                           ({"email": "nobody"}, "not an email address"),
                           (dict(GUEST, pin="12345"), "4 digits"), (dict(GUEST, pin="12a4"), "4 digits"),
                           (dict(GUEST, expiration="next friday"), "expiration 'next friday'")]:
        with pytest.raises(ClientError) as err:
            guests(px).one(params)
        assert phrase in str(err.value)
        assert "12345" not in str(err.value)
    assert px.calls() == []


def test_wrong_area_names_the_user_manager_area(px):
    with pytest.raises(AreaError) as err:
        GuestUsers(client(px, "sim-cloudprint")).one(GUEST)
    assert "User Manager area" in str(err.value) and "visitor@partner.example" in str(err.value)
    with pytest.raises(AreaError) as err:  # Card Manager may list users but not create them
        GuestUsers(client(px, "sim-cardmanager")).one(GUEST)
    assert "User Manager area" in str(err.value) and sim_users(px) == {}


def test_expiration_accepts_the_api_and_iso_forms():
    assert api_time("2025.03.07 09:36") == api_time("2025-03-07 09:36") == api_time("2025-03-07T09:36:00") \
        == "2025.03.07 09:36"
    for bad in ("2025-03-07", "2025-03-07 09:36:15", "07.03.2025 09:36"):
        with pytest.raises(ClientError):
            api_time(bad)


def test_info_lists_both_roles_every_page_and_stops_paging_at_the_limit(px):
    px.seed({"users": [{"email": "u%02d@x.org" % i, "role": "USER"} for i in range(25)]
             + [{"email": "g%02d@x.org" % i, "role": "GUEST_USER"} for i in range(5)]})
    c = client(px, page_size=10)
    assert len(list_users(c)) == 30
    px.clear_calls()
    assert [u["email"] for u in list_users(c, limit=10)] == ["u%02d@x.org" % i for i in range(10)]
    assert len(px.calls()) == 1
    assert [u["role"] for u in list_users(c, roles=["GUEST_USER"], query="g0")] == ["GUEST_USER"] * 5
    assert [u["email"] for u in list_users(c, email="G03@x.org")] == ["g03@x.org"]
    assert list_users(c, email="none@x.org") == []
