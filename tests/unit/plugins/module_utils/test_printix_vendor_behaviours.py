# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Printix client against the behaviours of seed 003 and the live clients (issue 14), and the
rule that the bearer token never leaves the API's own host (issue 15).

Server state and the requests it received are read through the simulator's inspection API.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ansible_collections.printops.print_management.plugins.module_utils._http import ClientError
from ansible_collections.printops.print_management.plugins.module_utils._printix import (
    AreaError,
    NotFound,
    PrintixError,
)
from ansible_collections.printops.print_management.plugins.module_utils._printix_cards import CardReconciler
from ansible_collections.printops.print_management.plugins.module_utils._printix_users import list_users
from ansible_collections.printops.print_management.plugins.modules.printix_print import content_type, wait
from ansible_collections.printops.print_management.tests.simulators.inspect import Inspector

USERS = [{"email": "jane@example.com", "fullName": "Jane Doe", "role": "USER"},
         {"email": "guest@example.com", "fullName": "Guest One", "role": "GUEST_USER"}]
NUMBER = "04A2B3C4D5"
SECRET = base64.b64encode(NUMBER.encode()).decode()


def card_writes(px):
    return [(c["method"], c["status"]) for c in px.writes()]


# -- 1. an unknown card: 403 (the document) or 404 (live clients) means "no such card" ----------------------------

@pytest.mark.parametrize("argv, expected", [([], 403), (["--printix-unknown-card", "404"], 404),
                                            (["--option", "unknown_card_status=404"], 404)])
def test_the_simulators_command_line_switch_sets_the_unknown_card_reading(argv, expected):
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
    process = subprocess.Popen([sys.executable, "-m", "tests.simulators", "printix", "--port", "0"] + argv, cwd=root,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        port = int(process.stdout.readline().strip() or 0)
        assert port, process.stderr.read()
        assert Inspector("http://127.0.0.1:%d" % port).state()["unknown_card_status"] == expected
    finally:
        process.terminate()
        process.wait(10)


def test_unknown_card_lookup_and_delete_mean_no_such_card(px_cards, px_client):
    client = px_client(px_cards)
    assert client.get_card(SECRET) is None
    client.delete_card(SECRET)  # already gone: done
    statuses = [c["status"] for c in px_cards.calls() if c["method"] in ("get_card", "delete_card")]
    assert statuses == [px_cards.state()["unknown_card_status"]] * 2


def test_a_new_card_is_registered_and_a_rerun_changes_nothing(px_cards, px_client):
    px_cards.seed({"users": USERS})
    reconciler = CardReconciler(px_client(px_cards), {})
    result = reconciler.one({"user": "jane@example.com", "card_number": NUMBER})
    assert result["changed"] and result["action"] == "create"
    assert [(c["secret"], c["owner_email"]) for c in px_cards.state()["cards"]] == [(SECRET, "jane@example.com")]
    px_cards.clear_calls()
    again = CardReconciler(px_client(px_cards), {}).one({"user": "jane@example.com", "card_number": NUMBER})
    assert not again["changed"] and px_cards.writes() == []


def test_absent_on_a_card_already_gone_is_unchanged_and_writes_nothing(px_cards, px_client):
    px_cards.seed({"users": USERS})
    for opts in ({"card_number": NUMBER, "state": "absent"},
                 {"user": "jane@example.com", "card_number": NUMBER, "state": "absent"}):
        result = CardReconciler(px_client(px_cards), {}).one(opts)
        assert not result["changed"] and result["action"] == "none"
    assert px_cards.writes() == []


def test_bulk_registration_of_new_cards_succeeds(px_cards, px_client):
    px_cards.seed({"users": USERS})
    items = [{"user": "jane@example.com", "card_number": "C%03d" % i} for i in range(5)]
    result = CardReconciler(px_client(px_cards), {}).bulk(items, 4)
    assert result["summary"]["created"] == 5 and result["summary"]["failed"] == 0
    assert len(px_cards.state()["cards"]) == 5


def test_a_403_on_any_other_card_call_keeps_its_wrong_area_message(px_cards, px_client):
    px_cards.seed({"users": USERS})
    user_id = px_cards.state()["users"][0]["id"]
    client = px_client(px_cards, "sim-cloudprint")
    with pytest.raises(AreaError) as err:
        client.register_card(user_id, SECRET)
    assert "Card Manager area" in str(err.value)
    with pytest.raises(AreaError):
        client.user_cards(user_id)


def test_absent_with_credentials_of_another_area_is_not_reported_as_already_gone(px, px_client):
    px.seed({"users": USERS, "cards": [{"owner": "jane@example.com", "secret": SECRET}]})
    # User Manager credentials may list users (to resolve the email), and get 403 on every card call
    reconciler = CardReconciler(px_client(px, "sim-usermanager"), {})
    with pytest.raises(ClientError) as err:
        reconciler.one({"user": "jane@example.com", "card_number": NUMBER, "state": "absent"})
    assert "Card Manager area" in str(err.value)
    assert len(px.state()["cards"]) == 1


@pytest.mark.parametrize("client_id", ["sim-usermanager", "sim-cloudprint"])
def test_an_unknown_card_is_not_reported_with_credentials_of_another_area(px, px_client, client_id):
    px.seed({"users": USERS})
    client = px_client(px, client_id)
    assert client.get_card(SECRET) is None  # 403: could be either
    with pytest.raises(AreaError) as err:
        client.confirm_card_area()
    assert "Card Manager" in str(err.value) and client_id in str(err.value)
    with pytest.raises(ClientError) as err:
        CardReconciler(px_client(px, client_id), {}).one({"card_number": NUMBER, "state": "absent"})
    assert "Card Manager" in str(err.value)


def test_confirming_the_card_area_costs_one_read_once_per_client(px_cards, px_client):
    px_cards.seed({"users": USERS})
    client = px_client(px_cards)
    px_cards.clear_calls()
    for _attempt in range(3):
        assert client.get_card(SECRET) is None
        client.confirm_card_area()
    probes = [c["method"] for c in px_cards.calls() if c["method"] in ("list_users", "list_cards")]
    assert probes == ["list_users", "list_cards"]


# -- 7. a base64 secret with '/' or '+' travels percent-encoded and is found -------------------------------------

@pytest.mark.parametrize("secret", ["yMu/wpVckd6/Ti5hH8nZmQ==", base64.b64encode(b"\xfb\xff\xbf\xfb").decode()],
                         ids=["seed-example-slash", "plus-and-slash"])
def test_a_secret_with_slash_or_plus_is_found_by_its_percent_encoded_path(px_cards, px_client, secret):
    px_cards.seed({"users": USERS})
    reconciler = CardReconciler(px_client(px_cards), {})
    opts = {"user": "guest@example.com", "card_number": secret, "card_encoding": "base64"}
    assert reconciler.one(opts)["action"] == "create"
    assert reconciler.one(opts)["action"] == "none"
    lookups = [c["path"] for c in px_cards.calls() if c["method"] == "get_card"]
    encoded = secret.replace("/", "%2F").replace("+", "%2B").replace("=", "%3D")
    assert lookups and all(path.endswith("/cards/" + encoded) for path in lookups), lookups
    gone = reconciler.one(dict(opts, state="absent"))
    assert gone["action"] == "delete" and px_cards.state()["cards"] == []


def test_the_simulator_reads_a_literal_plus_in_a_path_as_a_space(px, px_client):
    """The stricter server decoding: a client that sent '+' unencoded would not find its card."""
    secret = base64.b64encode(b"\xfb\xff\xbf\xfb").decode()
    px.seed({"users": USERS, "cards": [{"owner": "jane@example.com", "secret": secret}]})
    client = px_client(px)
    assert client.get_card(secret) is not None
    with pytest.raises(AreaError) as err:
        client.call("GET", "cards/%s" % secret.replace("/", "%2F"), "Card Manager", "a raw '+'")
    assert err.value.status == 403


# -- 2. paging: next links carry no filters, the client keeps its own ----------------------------------------------

def test_listing_250_regular_users_plus_guests_returns_exactly_the_250(px, px_client):
    regular = [{"email": "staff%03d@example.com" % i, "fullName": "Staff %d" % i, "role": "USER"} for i in range(250)]
    guests = [{"email": "guest%02d@example.com" % i, "fullName": "Guest %d" % i, "role": "GUEST_USER"}
              for i in range(30)]
    px.seed({"users": regular + guests})
    users = list_users(px_client(px, "sim-usermanager"), roles=("USER",))
    assert sorted(u["email"] for u in users) == sorted(u["email"] for u in regular)
    listed = [c for c in px.calls() if c["method"] == "list_users"]
    assert len(listed) == 2 and all(c["args"]["query"].get("role") == "USER" for c in listed)


def test_next_pages_keep_the_query_and_the_role(px, px_client):
    regular = [{"email": "lab%03d@example.com" % i, "fullName": "Lab %d" % i, "role": "USER"} for i in range(25)]
    other = [{"email": "office%03d@example.com" % i, "fullName": "Office %d" % i, "role": "USER"} for i in range(25)]
    px.seed({"users": regular + other + [{"email": "lab-guest@example.com", "role": "GUEST_USER"}]})
    client = px_client(px, "sim-usermanager", page_size=10)
    found = list(client.list_users(role="USER", query="lab"))
    assert sorted(u["email"] for u in found) == sorted(u["email"] for u in regular)
    for call in (c for c in px.calls() if c["method"] == "list_users"):
        assert call["args"]["query"].get("role") == "USER" and call["args"]["query"].get("query") == "lab", call


def test_the_simulators_next_link_is_the_documents_template(px, px_client):
    px.seed({"users": [{"email": "u%02d@example.com" % i, "role": "USER"} for i in range(3)]})
    client = px_client(px, "sim-usermanager")
    body = client.call("GET", "users", "User Manager", "listing", params={"role": "USER", "pageSize": 1, "page": 0})
    assert body["_links"]["next"]["href"].endswith("/users?page=1&pageSize=1{&query}")
    assert body["_links"]["next"]["templated"] is True


# -- 3. print jobs: no PRINTED status; a printed job is gone (404) ------------------------------------------------

def _submitted_job(px, client, release_immediately=True):
    px.seed({"printers": [{"name": "Reception", "id": "q1", "printer_id": "p1"}]})
    submitted = client.submit("p1", "q1", "report", {"copies": 1}, release_immediately=release_immediately)
    link = submitted["uploadLinks"][0]
    client.upload(link["url"], link["headers"], b"%PDF-1.4 x", content_type="application/pdf")
    client.complete_upload(submitted["_links"]["uploadCompleted"]["href"], "report")
    return submitted["job"]


def test_waiting_for_printed_ends_when_the_job_is_gone(px, px_client):
    client = px_client(px, "sim-cloudprint")
    job = _submitted_job(px, client)
    last, reached = wait(client, job, ["PRINTED"], 30, sleep=lambda s: None)
    assert reached == "PRINTED" and last["status"] == "CONVERTED"
    assert px.state()["jobs"] == [] and [j["id"] for j in px.state()["printed"]] == [job["id"]]
    assert [c["status"] for c in px.calls() if c["method"] == "get_job"][-1] == 404


def test_waiting_for_an_earlier_stage_ends_there_or_later(px, px_client):
    client = px_client(px, "sim-cloudprint")
    job = _submitted_job(px, client)
    assert wait(client, job, ["CONVERTED"], 30, sleep=lambda s: None)[1] == "CONVERTED"
    assert wait(client, job, ["AWAIT_PRINT"], 30, sleep=lambda s: None)[1] == "PRINTED"


def test_a_held_job_waits_at_await_print(px, px_client):
    client = px_client(px, "sim-cloudprint")
    job = _submitted_job(px, client, release_immediately=False)
    last, reached = wait(client, job, ["AWAIT_PRINT"], 30, sleep=lambda s: None)
    assert reached == "AWAIT_PRINT" and last["status"] == "AWAIT_PRINT"
    with pytest.raises(ClientError) as err:
        wait(client, job, ["PRINTED"], 0, sleep=lambda s: None, clock=iter(range(0, 100, 10)).__next__)
    assert "AWAIT_PRINT" in str(err.value) and "PRINTED" in str(err.value)


def test_a_job_unknown_before_completion_is_an_error_not_done(px, px_client):
    with pytest.raises(NotFound):
        px_client(px, "sim-cloudprint").get_job("no-such-job")


# -- 6. the upload carries the file's Content-Type --------------------------------------------------------------

def test_the_upload_sends_the_files_content_type(px, px_client):
    client = px_client(px, "sim-cloudprint")
    job = _submitted_job(px, client)
    assert px.state()["uploads"][job["id"]]["content_type"] == "application/pdf"
    assert content_type("/tmp/report.pdf", None) == "application/pdf"
    assert content_type("/tmp/report.ps", "POSTSCRIPT") == "application/postscript"
    assert content_type("/tmp/report.prn", "PCL5") == "application/octet-stream"
    assert content_type("/tmp/report", None) == "application/pdf"
    assert content_type("/tmp/report.pdf", None, "application/x-custom") == "application/x-custom"


# -- 4. groups: no externalId, and never an id from a template placeholder ---------------------------------------

def test_a_created_group_has_no_id_from_its_templated_link(px, px_client):
    client = px_client(px, "sim-usermanager")
    created = client.create_group({"name": "Finance", "externalId": "ext-1"})
    assert created["id"] is None and created["_links"]["self"]["href"].endswith("/groups/{group}")
    (listed,) = list(client.list_groups("Finance"))
    assert listed["id"] == px.state()["groups"][0]["id"] and "externalId" not in listed


# -- 5. GET /users/{id} with User Manager credentials answers 404 ------------------------------------------------

def test_reading_a_user_with_user_manager_credentials_names_the_card_manager_area(px, px_client):
    px.seed({"users": USERS})
    user_id = px.state()["users"][0]["id"]
    with pytest.raises(AreaError) as err:
        px_client(px, "sim-usermanager").get_user(user_id)
    assert "Card Manager" in str(err.value) and "404" in str(err.value) and "sim-usermanager" in str(err.value)
    card_manager = px_client(px)
    assert card_manager.get_user(user_id)["email"] == "jane@example.com"
    assert card_manager.get_user("no-such-user") is None


# -- 8. (issue 15) the bearer token goes to the API's own scheme, host and port only ------------------------------

class Recorder(object):
    """A loopback server on another port that records every request's method, path and headers."""

    def __init__(self):
        self.requests = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args):  # pylint: disable=arguments-differ
                pass

            def _any(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                recorder.requests.append({"method": self.command, "path": self.path,
                                          "headers": dict((k.lower(), v) for k, v in self.headers.items())})
                body = b"{}" if self.command != "PUT" else b""
                self.send_response(201 if self.command == "PUT" else 200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_DELETE = _any

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def recorder():
    server = Recorder()
    yield server
    server.stop()


def _hostile(px, method, body):
    px.fault("garbage", method=method, body=json.dumps(body), content_type="application/json")


def test_a_next_link_to_another_host_is_refused_and_gets_no_token(px, px_client, recorder):
    px.seed({"users": USERS})
    _hostile(px, "list_users", {"success": True, "users": [{"id": "u1", "email": "a@example.com"}],
                                "page": {"number": 0, "totalPages": 2, "totalElements": 2, "size": 1},
                                "_links": {"next": {"href": recorder.url + "/cloudprint/tenants/t/users?page=1"}}})
    with pytest.raises(PrintixError) as err:
        list(px_client(px, "sim-usermanager").list_users(role="USER"))
    assert "not the API's own address" in str(err.value) and recorder.url in str(err.value)
    assert recorder.requests == []


@pytest.mark.parametrize("where", ["other-port", "other-scheme", "other-host"])
def test_links_elsewhere_are_refused_whatever_differs(px, px_client, where):
    own = px.sim.url
    href = {"other-port": "http://127.0.0.1:1/cloudprint/x", "other-scheme": own.replace("http://", "https://"),
            "other-host": own.replace("127.0.0.1", "localhost")}[where] + "/jobs/1/completeUpload"
    client = px_client(px, "sim-cloudprint")
    client.token()
    with pytest.raises(PrintixError) as err:
        client.complete_upload(href, "t")
    assert "not the API's own address" in str(err.value)
    assert [c["method"] for c in px.calls()] == ["token"]  # nothing reached the simulator (it is also localhost)


def test_upload_goes_to_storage_without_authorization_and_upload_completed_elsewhere_is_refused(
        px, px_client, recorder):
    px.seed({"printers": [{"name": "Reception", "id": "q1", "printer_id": "p1"}]})
    _hostile(px, "submit", {"success": True, "job": {"id": "j1", "status": "UPLOADING"},
                            "_links": {"uploadCompleted": {"href": recorder.url + "/cloudprint/jobs/j1/completeUpload"}},
                            "uploadLinks": [{"url": recorder.url + "/storage/j1?sig=x",
                                             "headers": {"x-ms-blob-type": "BlockBlob"}}]})
    client = px_client(px, "sim-cloudprint")
    submitted = client.submit("p1", "q1", "report", {})
    link = submitted["uploadLinks"][0]
    client.upload(link["url"], link["headers"], b"%PDF", content_type="application/pdf")
    with pytest.raises(PrintixError) as err:
        client.complete_upload(submitted["_links"]["uploadCompleted"]["href"], "report")
    assert "not the API's own address" in str(err.value)
    assert [r["method"] for r in recorder.requests] == ["PUT"]
    put = recorder.requests[0]["headers"]
    assert "authorization" not in put and put["content-type"] == "application/pdf"
    assert put["x-ms-blob-type"] == "BlockBlob"


def test_no_authorization_header_ever_reaches_another_host(px, px_client, recorder):
    """Every way a link enters the client, one after the other: the recorder never sees a token."""
    px.seed({"users": USERS, "printers": [{"name": "Reception", "id": "q1", "printer_id": "p1"}]})
    elsewhere = {"href": recorder.url + "/cloudprint/tenants/t/anything"}
    for method, body in (("list_users", {"users": [], "page": {"number": 0}, "_links": {"next": elsewhere}}),
                         ("list_groups", {"groups": [], "page": {"number": 0}, "_links": {"next": [elsewhere]}})):
        _hostile(px, method, dict(body, success=True))
    client = px_client(px, "sim-usermanager")
    for attempt in (lambda: list(client.list_users(role="USER")), lambda: list(client.list_groups()),
                    lambda: client.call("GET", recorder.url + "/cloudprint/x", "User Manager", "a link")):
        with pytest.raises(PrintixError):
            attempt()
    assert all("authorization" not in r["headers"] for r in recorder.requests)
    assert recorder.requests == []
    connection = http.client.HTTPConnection("127.0.0.1", int(recorder.url.rsplit(":", 1)[1]), timeout=5)
    connection.request("GET", "/probe")  # the recorder does record what reaches it
    connection.getresponse().read()
    assert [r["path"] for r in recorder.requests] == ["/probe"]
