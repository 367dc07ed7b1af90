# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""PaperCutClient against the in-process simulator: wire format, faults, paging, money safety."""

import pytest

from ansible_collections.printops.print_management.plugins.module_utils import _papercut as pc
from ansible_collections.printops.print_management.plugins.module_utils._http import (
    AmbiguousResult,
    ClientError,
    ConnectError,
    HttpClient,
    Redactor,
)
from ansible_collections.printops.print_management.tests.simulators.papercut import DEFAULT_TOKEN


def seed_user(papercut, name="alice", **extra):
    papercut.seed({"users": [dict(username=name, internal=True, password="pw", **extra)], "groups": ["Staff"]})


def test_endpoint_accepts_server_url_or_full_rpc_url():
    assert pc.endpoint_from_url("https://pc:9192") == "https://pc:9192/rpc/api/xmlrpc"
    assert pc.endpoint_from_url("https://pc:9192/rpc/api/xmlrpc/") == "https://pc:9192/rpc/api/xmlrpc"
    with pytest.raises(ClientError, match="papercut_url"):
        pc.endpoint_from_url("pc.example.edu")


def test_balance_is_sent_as_a_double_even_when_given_an_int(papercut, pc_client):
    seed_user(papercut)
    pc_client.set_user_balance("alice", 7, "c")  # an int would be a NoSuchMethodException on the real server
    assert papercut.state()["users"]["alice"]["balance"] == 7.0


def test_properties_are_sent_as_string_pairs_and_read_back_as_strings(papercut, pc_client):
    seed_user(papercut)
    pc_client.set_user_properties("alice", {"restricted": True, "overdraft-amount": 2.5, "full-name": "A"})
    props = papercut.state()["users"]["alice"]["properties"]
    assert (props["restricted"], props["overdraft-amount"], props["full-name"]) == ("true", "2.50", "A")
    assert pc_client.get_user_properties("alice", ["restricted", "full-name"]) == {"restricted": "true",
                                                                                   "full-name": "A"}


def test_unknown_user_fault_262_becomes_user_not_found(papercut, pc_client):
    with pytest.raises(pc.UserNotFound) as err:
        pc_client.get_user_properties("ghost", ["email"])
    assert err.value.code == 262
    assert "ghost" in str(err.value) and "fault 262" in str(err.value)


def test_invalid_property_fault_261_becomes_invalid_property(papercut, pc_client):
    seed_user(papercut)
    with pytest.raises(pc.InvalidProperty, match="no-such-prop"):
        pc_client.get_user_properties("alice", ["no-such-prop"])


@pytest.mark.parametrize("text, cls", [
    ("java.lang.IllegalArgumentException: User does not exist: bob", pc.UserNotFound),
    ("Group not found: Staff", pc.GroupNotFound),
    ("Printer does not exist: srv\\p1", pc.PrinterNotFound),
    ("Invalid authentication token", pc.AuthenticationError),
    ("something else entirely", pc.PaperCutError),
])
def test_older_servers_faults_without_codes_are_classified_by_text(papercut, pc_client, text, cls):
    papercut.fault("fault", code=0, string=text)
    with pytest.raises(cls) as err:
        pc_client.user_exists("bob")
    assert err.type is cls


def test_wrong_auth_token_is_an_authentication_error_without_the_token(papercut):
    http = HttpClient(redactor=Redactor(["wrong-token-123"]), timeout=5)
    client = pc.PaperCutClient(papercut.sim.url, "wrong-token-123", http=http)
    with pytest.raises(pc.AuthenticationError) as err:
        client.user_exists("alice")
    assert "wrong-token-123" not in str(err.value)
    assert "papercut_auth_token" in str(err.value)


def test_a_url_that_is_not_papercut_is_named_as_such(papercut):
    client = pc.PaperCutClient(papercut.sim.url + "/elsewhere/", DEFAULT_TOKEN)
    with pytest.raises(pc.NotPaperCut, match="does not look like a PaperCut XML-RPC API: HTTP 404"):
        client.user_exists("alice")


def test_html_instead_of_xmlrpc_is_not_papercut(papercut, pc_client):
    papercut.fault("garbage", body="<html><body>Welcome to nginx</body></html>")
    with pytest.raises(pc.NotPaperCut, match="did not answer"):
        pc_client.user_exists("alice")


def test_unreachable_server_is_a_connect_error():
    client = pc.PaperCutClient("http://127.0.0.1:9", DEFAULT_TOKEN,
                               http=HttpClient(retries=1, backoff=0.01, timeout=2))
    with pytest.raises(ConnectError, match="Cannot connect"):
        client.user_exists("alice")


def test_listing_reads_every_page_and_stops_on_a_short_page(papercut, pc_client):
    papercut.seed({"users": [{"username": "u%02d" % i} for i in range(5)]})
    pc_client.page_size = 2
    papercut.clear_calls()
    assert list(pc_client.list_users()) == ["u00", "u01", "u02", "u03", "u04"]
    pages = [c["args"] for c in papercut.calls() if c["method"] == "listUserAccounts"]
    assert pages == [[0, 2], [2, 2], [4, 2]]


def test_listing_an_exact_multiple_of_the_page_size_asks_once_more(papercut, pc_client):
    papercut.seed({"users": [{"username": "u%02d" % i} for i in range(4)]})
    pc_client.page_size = 2
    assert len(list(pc_client.list_users())) == 4


def test_task_status_is_called_without_a_token(papercut, pc_client):
    assert pc_client.task_status() == {"completed": True, "message": ""}
    assert papercut.calls()[-1]["args"] == []


def test_reads_retry_through_a_burst_of_server_errors(papercut, pc_client):
    seed_user(papercut)
    papercut.fault("http_status", count=2, status=503)
    assert pc_client.user_exists("alice") is True


def test_set_balance_is_retried_after_a_lost_answer_and_converges(papercut, pc_client):
    seed_user(papercut)
    papercut.fault("drop_after", method="setUserAccountBalance")
    pc_client.set_user_balance("alice", 20.0, "exact")
    state = papercut.state()
    assert state["users"]["alice"]["balance"] == 20.0
    assert sum(1 for t in state["transactions"] if t["kind"] == "set") == 2  # sent twice, same result


def test_adjustment_is_never_resent_after_a_lost_answer(papercut, pc_client):
    seed_user(papercut, balance=10.0)
    papercut.fault("drop_after", method="adjustUserAccountBalance")
    with pytest.raises(AmbiguousResult, match="may or may not have applied"):
        pc_client.adjust_user_balance("alice", 5.0, "top-up")
    state = papercut.state()
    assert state["users"]["alice"]["balance"] == 15.0  # applied exactly once
    assert len([c for c in papercut.calls() if c["method"] == "adjustUserAccountBalance"]) == 1


def test_adjustment_is_not_resent_after_a_server_error(papercut, pc_client):
    seed_user(papercut, balance=10.0)
    papercut.fault("http_status", status=502, method="adjustUserAccountBalance")
    with pytest.raises(AmbiguousResult):
        pc_client.adjust_user_balance("alice", 5.0)
    assert len([c for c in papercut.calls() if c["method"] == "adjustUserAccountBalance"]) == 1


def test_adjustment_is_retried_after_429_because_the_server_did_not_process_it(papercut, pc_client):
    seed_user(papercut, balance=10.0)
    papercut.fault("http_status", status=429, method="adjustUserAccountBalance")
    pc_client.adjust_user_balance("alice", 5.0)
    assert papercut.state()["users"]["alice"]["balance"] == 15.0


def test_adjustment_with_unreadable_answer_is_ambiguous(papercut, pc_client):
    seed_user(papercut)
    papercut.fault("garbage", method="adjustUserAccountBalance", body="<methodResponse><params>")
    with pytest.raises(AmbiguousResult):
        pc_client.adjust_user_balance("alice", 1.0)


def test_no_error_message_ever_contains_the_token(papercut, pc_client):
    papercut.fault("http_status", count=10, status=500, body="echo %s echo" % DEFAULT_TOKEN)
    with pytest.raises(ClientError) as err:
        pc_client.user_exists("alice")
    assert DEFAULT_TOKEN not in str(err.value)
    assert "********" in str(err.value)


# -- the bulk form's listing ----------------------------------------------------------------


def _bulk(pc_client, items, **params):
    from ansible_collections.printops.print_management.plugins.module_utils._papercut_users import UserReconciler

    base = dict(state="present", update_password="on_create", append=False, redact_user_data=False,
                balance_comment="c", internal=None)
    base.update(params)
    return UserReconciler(pc_client, base).bulk(items, 4)


def _methods(papercut):
    return [c["method"] for c in papercut.calls()]


def test_bulk_reads_only_the_users_the_listing_shows(papercut, pc_client):
    papercut.seed({"users": [{"username": "old", "internal": True, "password": "pw"}],
                   "directory": [{"username": "new1"}, {"username": "new2"}]})
    papercut.clear_calls()
    result = _bulk(pc_client, [{"username": "old", "full_name": "Old"}, {"username": "new1", "full_name": "N1"},
                               {"username": "new2"}, {"username": "gone", "state": "absent"}])
    assert [r["action"] for r in result["users"]] == ["update", "create", "create", "none"]
    methods = _methods(papercut)
    assert methods[0] == "listUserAccounts" and methods.count("listUserAccounts") == 1
    # the one listed user is read; the new ones and the absent one are not
    assert [c["args"][0] for c in papercut.calls() if c["method"] == "getUserProperties"] == ["old"]
    assert sorted(methods[1:]) == sorted(["getUserProperties", "setUserProperties",          # old
                                          "addNewUser", "setUserProperties",                 # new1
                                          "addNewUser", "isUserExists"])                     # new2: no property to set
    assert papercut.state()["users"]["new1"]["properties"]["full-name"] == "N1"


def test_bulk_treats_a_user_created_since_the_listing_as_existing(papercut, pc_client, monkeypatch):
    # someone else creates the user between the listing and the create: the create's fault
    # is not the item's outcome; the user is read and reconciled as it now is
    papercut.seed({"users": [{"username": "late", "internal": True, "password": "pw"}]})
    monkeypatch.setattr(pc_client, "list_users", lambda: iter([]))
    papercut.clear_calls()
    result = _bulk(pc_client, [{"username": "late", "full_name": "Late"}], internal=True, password="pw2")
    assert result["users"][0]["action"] == "update" and result["summary"]["failed"] == 0
    assert _methods(papercut) == ["addNewInternalUser", "isUserExists", "getUserProperties", "setUserProperties"]
    assert papercut.state()["users"]["late"]["properties"]["full-name"] == "Late"
