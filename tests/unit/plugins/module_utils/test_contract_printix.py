# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Contract tests for Printix: the examples of seed 003 (003_f035363821c7bffa.txt, the Printix Cloud Print
API document), quoted verbatim in fixtures/printix_seed_003_examples.txt with the section each comes from.

Each example is (1) replayed against the client's parsers through a scripted transport, which also
checks the requests the client sends, and (2) compared with what the simulator sends for the same call
(the keys at every level, and the kind of each value), so a simulator that drifts from a quoted example
fails here. Where the simulator must differ from an example, the difference is listed with its reason.
"""

from __future__ import annotations

import copy
import json
import os
import urllib.parse
import urllib.request

import pytest

from ansible_collections.printops.print_management.plugins.module_utils._http import Redactor
from ansible_collections.printops.print_management.plugins.module_utils._printix import (
    CARD_MANAGER,
    CLOUD_PRINT,
    USER_MANAGER,
    PrintixClient,
    hal_link,
)
from ansible_collections.printops.print_management.plugins.modules.printix_print import BODY
from ansible_collections.printops.print_management.tests.simulators.printix import DEFAULT_CLIENTS

# ---------------------------------------------------------------------------------------------------------------
# The quotes: fixtures/printix_seed_003_examples.txt, each block headed "=== NAME | seed file | section"
# ---------------------------------------------------------------------------------------------------------------

EXAMPLES_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "printix_seed_003_examples.txt")


def _load_quotes(path):
    """{NAME: (text, where)}: the text of each block exactly as quoted, and the seed file and section it names."""
    quotes, name = {}, None
    with open(path, encoding="utf-8") as handle:
        for line in handle.read().split("\n"):
            if line.startswith("=== "):
                name, seed, section = [part.strip() for part in line[4:].split("|", 2)]
                quotes[name] = ([], "%s, %s" % (seed, section))
            elif name is not None:
                quotes[name][0].append(line)
    return dict((key, ("\n".join(lines).strip("\n"), where)) for key, (lines, where) in quotes.items())


QUOTES = _load_quotes(EXAMPLES_FILE)
TOKEN_RESPONSE = QUOTES["TOKEN_RESPONSE"][0]
ROOT_RESPONSE = QUOTES["ROOT_RESPONSE"][0]
USER_LIST_RESPONSE = QUOTES["USER_LIST_RESPONSE"][0]
FIND_USER_RESPONSE = QUOTES["FIND_USER_RESPONSE"][0]
CREATE_USER_REQUEST = QUOTES["CREATE_USER_REQUEST"][0]
CREATE_USER_RESPONSE = QUOTES["CREATE_USER_RESPONSE"][0]
SEARCH_CARD_RESPONSE = QUOTES["SEARCH_CARD_RESPONSE"][0]
REGISTER_CARD_REQUEST = QUOTES["REGISTER_CARD_REQUEST"][0]
REGISTER_CARD_RESPONSE = QUOTES["REGISTER_CARD_RESPONSE"][0]
DELETE_CARD_RESPONSE = QUOTES["DELETE_CARD_RESPONSE"][0]
LIST_GROUPS_RESPONSE = QUOTES["LIST_GROUPS_RESPONSE"][0]
CREATE_GROUP_REQUEST = QUOTES["CREATE_GROUP_REQUEST"][0]
CREATE_GROUP_RESPONSE = QUOTES["CREATE_GROUP_RESPONSE"][0]
FETCH_GROUP_RESPONSE = QUOTES["FETCH_GROUP_RESPONSE"][0]
SUBMIT_REQUEST = QUOTES["SUBMIT_REQUEST"][0]
SUBMIT_RESPONSE = QUOTES["SUBMIT_RESPONSE"][0]
COMPLETE_UPLOAD_RESPONSE = QUOTES["COMPLETE_UPLOAD_RESPONSE"][0]
JOB_RESPONSE = QUOTES["JOB_RESPONSE"][0]


def _seed_file():
    """The seed document when this checkout sits beside the project's shared folder (or PRINTOPS_SEEDS says where)."""
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [os.environ.get("PRINTOPS_SEEDS", "")]
    while os.path.dirname(here) != here:
        here = os.path.dirname(here)
        candidates.append(os.path.join(here, "shared", "seeds"))
    for folder in candidates:
        path = os.path.join(folder, "003_f035363821c7bffa.txt")
        if folder and os.path.isfile(path):
            return path
    return None


def test_every_quote_names_its_seed_and_section_and_is_json():
    assert len(QUOTES) == 18
    for name, (text, where) in QUOTES.items():
        assert where.startswith("003_f035363821c7bffa.txt, ") and len(where) > 30, name
        json.loads(text)


@pytest.mark.parametrize("name", sorted(QUOTES))
def test_every_quote_is_verbatim_from_the_seed(name):
    path = _seed_file()
    if path is None:
        pytest.skip("seed 003 is not beside this checkout (set PRINTOPS_SEEDS to its folder)")
    with open(path, encoding="utf-8") as handle:
        assert QUOTES[name][0] in handle.read()


# ---------------------------------------------------------------------------------------------------------------
# Replaying the quotes against the client's parsers
# ---------------------------------------------------------------------------------------------------------------

API = "https://api.printix.net/cloudprint"


class _Headers(dict):
    def get(self, name, default=None):
        for key, value in self.items():
            if key.lower() == name.lower():
                return value
        return default


class _Answer(object):
    def __init__(self, status, text):
        self.status_code = status
        self.content = text.encode("utf-8")
        self.text = text
        self.headers = _Headers({"Content-Type": "application/json"})

    def json(self):
        return json.loads(self.text)


class ScriptedHttp(object):
    """Answers each request with the next scripted (status, body) and records what was sent."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.sent = []
        self.redact = Redactor()
        self.retry_always = frozenset()

    def request(self, method, url, **kwargs):
        self.sent.append(dict(copy.deepcopy(kwargs), method=method, url=url))
        status, text = self.answers.pop(0)
        return _Answer(status, text)


def replay(*answers, tenant_id=None):
    """A client whose token request is answered with the seed's token example, then ``answers``."""
    http = ScriptedHttp((200, TOKEN_RESPONSE), *answers)
    return PrintixClient("client-id", "client-secret", api_url=API, tenant_id=tenant_id, http=http,
                         sleep=lambda s: None), http


def test_token_example_is_parsed_and_the_request_is_the_documents():
    client, http = replay()
    assert client.token() == "5a8c4ec4-ff70-4f4c-b088-29a8cae38062"
    (sent,) = http.sent
    assert sent["method"] == "POST" and sent["data"] == {
        "grant_type": "client_credentials", "client_id": "client-id", "client_secret": "client-secret"}


def test_root_example_yields_the_tenant():
    client, _http = replay((200, ROOT_RESPONSE))
    assert client.tenant_id == "fe2b98c0-aa1d-4cdf-b97b-2f10adee8656"


def test_user_list_example_pages_through_its_next_link_and_keeps_the_role():
    tenant = "cd0c34ec-cc8a-43da-b951-9887cb5dcbdc"
    empty = json.dumps({"success": True, "users": [], "page": {"size": 10, "totalElements": 10, "totalPages": 2,
                                                               "number": 1}})
    client, http = replay((200, USER_LIST_RESPONSE), (200, empty), tenant_id=tenant)
    users = list(client.list_users(role="GUEST_USER"))
    assert users[0]["id"] == "a334ccb8-164b-4a38-b1d2-48c6740efb98" and users[0]["email"] == "user1@sampledomain.com"
    first, second = http.sent[1:]
    assert first["url"] == "%s/tenants/%s/users" % (API, tenant)
    assert first["params"] == {"role": "GUEST_USER", "page": 0, "pageSize": 200}
    # the example's next link, template filled (no query), with the role the link does not carry put back
    assert second["url"] == "%s/tenants/%s/users?page=1&pageSize=10" % (API, tenant)
    assert second["params"] == {"role": "GUEST_USER"}


def test_find_user_by_id_example_is_parsed():
    client, http = replay((200, FIND_USER_RESPONSE), tenant_id="82040c86-66ac-4089-b9cb-9c1cf9022da6")
    user = client.get_user("99efb34d-f559-44ae-abf6-e79303e09352")
    assert user["id"] == "99efb34d-f559-44ae-abf6-e79303e09352" and user["email"] == "john.doe@test.com"
    assert http.sent[1]["url"].endswith("/tenants/82040c86-66ac-4089-b9cb-9c1cf9022da6/users/"
                                        "99efb34d-f559-44ae-abf6-e79303e09352")


def test_create_user_example_request_keys_and_response_are_understood():
    from ansible_collections.printops.print_management.plugins.module_utils._printix_users import GuestUsers

    tenant = "6e3154ec-7693-4bfa-9dff-5d8e90838b8b"
    empty = json.dumps({"success": True, "users": [], "page": {"size": 0, "totalElements": 0, "totalPages": 0,
                                                               "number": 0}})
    client, http = replay((200, empty), (200, empty), (200, CREATE_USER_RESPONSE), tenant_id=tenant)
    result = GuestUsers(client, may_return_credentials=True).one(
        {"email": "user1@sampledomain.com", "full_name": "Sample User 1", "pin": "8364", "password": "EeGahqu7",
         "expiration": "2025.03.07 09:36", "send_welcome_email": False, "send_expiration_email": False,
         "state": "present"})
    assert result["user"]["id"] == "4d2f67e3-b097-48f4-9ea5-55808f3bb7eb"
    assert result["credentials"] == {"id_code": "034645"}
    sent = http.sent[-1]["json"]
    assert set(sent) <= set(json.loads(CREATE_USER_REQUEST)), set(sent) - set(json.loads(CREATE_USER_REQUEST))
    assert dict((k, v) for k, v in json.loads(CREATE_USER_REQUEST).items() if k in sent) == sent


def test_search_for_card_example_is_parsed():
    client, http = replay((200, SEARCH_CARD_RESPONSE), tenant_id="76ffff61-db04-448e-9174-4cf0758cf42f")
    card = client.get_card("4505e978-a848-4bda-b269-46393869b1fb")
    assert card["id"] == "4505e978-a848-4bda-b269-46393869b1fb"
    assert card["owner_id"] == "c41b6952-962d-4aea-b568-bffcea771656"
    # seed: GET /cloudprint/tenants/76ffff61-.../cards/4505e978-a848-4bda-b269-46393869b1fb
    assert http.sent[1]["url"] == API + "/tenants/76ffff61-db04-448e-9174-4cf0758cf42f/cards/" \
                                        "4505e978-a848-4bda-b269-46393869b1fb"


def test_register_card_example_request_is_sent_and_response_parsed():
    tenant, user = "91c6db6e-ef1b-403e-a9c7-f03cc63fa6ee", "b37965e6-1e2b-49e2-baf8-47a346b74a09"
    client, http = replay((201, REGISTER_CARD_RESPONSE), tenant_id=tenant)
    card = client.register_card(user, json.loads(REGISTER_CARD_REQUEST)["secret"])
    assert card["id"] == "21957dcd-c4cd-42d2-beed-744b3e37f38f" and card["owner_id"] == user
    sent = http.sent[1]
    assert sent["method"] == "POST" and sent["url"] == "%s/tenants/%s/users/%s/cards" % (API, tenant, user)
    assert sent["json"] == json.loads(REGISTER_CARD_REQUEST)


def test_delete_card_example_is_accepted():
    client, http = replay((200, DELETE_CARD_RESPONSE), tenant_id="6232b131-72f8-4df2-91a5-d348c4cd8363")
    client.delete_card("6896c8cf-e75f-431f-9010-bd9a06e4b016")
    assert http.sent[1]["method"] == "DELETE"


def test_listing_groups_example_gives_ids_from_its_links_and_follows_next():
    tenant = "a4c1e3a3-53af-40be-b17d-381a034d021f"
    empty = json.dumps({"success": True, "groups": [], "page": {"size": 10, "totalElements": 25, "totalPages": 3,
                                                                "number": 1}})
    client, http = replay((200, LIST_GROUPS_RESPONSE), (200, empty), tenant_id=tenant)
    groups = list(client.list_groups())
    expected = [link["_links"]["self"]["href"].rsplit("/", 1)[-1] for link in json.loads(LIST_GROUPS_RESPONSE)["groups"]]
    assert [g["id"] for g in groups] == expected and all("{" not in g["id"] for g in groups)
    assert http.sent[2]["url"] == "%s/tenants/%s/groups?page=1&pageSize=10" % (API, tenant)


def test_create_group_example_never_gives_an_id_from_its_template():
    client, http = replay((201, CREATE_GROUP_RESPONSE), tenant_id="2113a634-6999-4681-93f7-7204fc52b551")
    request = json.loads(CREATE_GROUP_REQUEST)
    group = client.create_group(request)
    assert group["id"] is None and group["name"] == "name"
    assert http.sent[1]["json"] == request


def test_submit_example_request_keys_and_response_links():
    tenant = "1f98c468-34e6-4d66-8689-6c7c5e0a0548"
    client, http = replay((200, SUBMIT_RESPONSE), tenant_id=tenant)
    documented = json.loads(SUBMIT_REQUEST)
    assert set(theirs for theirs, _ours in BODY) | {"userMapping"} == set(documented)
    submitted = client.submit("d585c1ef-b81a-411e-9546-deaeea71c52f", "dc724663-7144-45e5-b317-ba35c779ac3f",
                              "a title", documented)
    sent = http.sent[1]
    assert sent["headers"]["version"] == "1.1" and sent["params"]["title"] == "a title"
    assert hal_link(submitted, "uploadCompleted") == \
        API + "/tenants/%s/jobs/31c66434-4368-4f65-9278-18fbe06b1b48/completeUpload" % tenant
    assert submitted["uploadLinks"][0]["headers"] == {"x-ms-blob-type": "BlockBlob"}


def test_complete_upload_and_job_examples_are_parsed():
    tenant = "83a8a4dd-e62d-4dd5-b6c6-37776a12fef2"
    client, http = replay((200, COMPLETE_UPLOAD_RESPONSE), (200, JOB_RESPONSE), tenant_id=tenant)
    done = client.complete_upload(API + "/tenants/%s/jobs/b3996ae4-b5a9-44be-b756-16384643c8ac/completeUpload"
                                  % tenant, "job name")
    assert done["jobs"][0]["status"] == "CONVERTING"
    assert client.get_job("d8d279ce-6f1f-4599-93fb-6355c4deff8f")["status"] == "CONVERTED"


# ---------------------------------------------------------------------------------------------------------------
# The simulator against the quotes
# ---------------------------------------------------------------------------------------------------------------

def shape_differences(seed, sim, where="$"):
    """Where the simulator's document differs from the seed's: keys at every level, and each value's kind
    (object, array, string, number, boolean; null in either matches any kind)."""
    if seed is None or sim is None:
        return []
    kinds = ((dict, "object"), (list, "array"), (bool, "boolean"), (str, "string"), ((int, float), "number"))
    seed_kind = next(name for cls, name in kinds if isinstance(seed, cls))
    sim_kind = next(name for cls, name in kinds if isinstance(sim, cls))
    if seed_kind != sim_kind:
        return ["%s: %s in the seed, %s in the simulator" % (where, seed_kind, sim_kind)]
    found = []
    if isinstance(seed, dict):
        for key in sorted(set(seed) | set(sim)):
            if key not in sim:
                found.append("%s.%s: missing in the simulator" % (where, key))
            elif key not in seed:
                found.append("%s.%s: not in the seed" % (where, key))
            else:
                found.extend(shape_differences(seed[key], sim[key], "%s.%s" % (where, key)))
    elif isinstance(seed, list) and seed and sim:
        found.extend(shape_differences(seed[0], sim[0], where + "[0]"))
    return found


def assert_like(seed_text, sim_doc):
    differences = shape_differences(json.loads(seed_text), sim_doc)
    assert not differences, "\n".join(differences)


def test_shape_differences_sees_a_drift():
    assert shape_differences({"a": {"b": 1}}, {"a": {"b": "x", "c": 1}}) == [
        "$.a.b: number in the seed, string in the simulator", "$.a.c: not in the seed"]
    assert shape_differences({"a": [{"x": 1}]}, {"a": [{}]}) == ["$.a[0].x: missing in the simulator"]


@pytest.fixture
def sim(px, px_client):
    """The simulator seeded to answer every example, and a client per area."""
    px.seed({"users": [{"email": "user%02d@sampledomain.com" % i, "fullName": "Sample User %d" % i,
                        "role": "GUEST_USER"} for i in range(11)] +
                      [{"email": "john.doe@test.com", "fullName": "John Doe", "role": "USER"}],
             "groups": [{"name": "name %02d" % i, "externalId": "ext-%d" % i, "description": "desc"}
                        for i in range(25)],
             "printers": [{"name": "Reception", "id": "q1", "printer_id": "p1"}]})
    px.sim.users_by_email = dict((u["email"], u) for u in px.state()["users"])
    px.card = px_client(px)
    px.user = px_client(px, "sim-usermanager")
    px.print = px_client(px, "sim-cloudprint")
    return px


def test_simulator_token_is_like_the_example(sim):
    form = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": "sim-cardmanager",
                                   "client_secret": DEFAULT_CLIENTS["sim-cardmanager"]["client_secret"]}).encode()
    with urllib.request.urlopen(sim.sim.url + "/oauth/token", data=form, timeout=10) as answer:
        assert_like(TOKEN_RESPONSE, json.loads(answer.read().decode()))


def test_simulator_root_is_like_the_example(sim):
    root = sim.card.call("GET", None, CLOUD_PRINT, "root")
    seed = json.loads(ROOT_RESPONSE)
    assert set(root) == set(seed) and len(root["_links"]) == 1
    assert shape_differences(list(seed["_links"].values())[0], list(root["_links"].values())[0]) == []
    assert list(root["_links"].values())[0]["href"].endswith("/printers?page=0&pageSize=10{&query,network,site}")


def test_simulator_user_list_is_like_the_example(sim):
    page = sim.user.call("GET", "users", USER_MANAGER, "list", params={"page": 0, "pageSize": 10})
    listed = dict(page, users=list(page["users"]))
    for user in listed["users"]:
        user.setdefault("expirationTimestamp", "2025.03.08 09:43")  # only guests with one carry it
    assert_like(USER_LIST_RESPONSE, listed)
    assert page["_links"]["next"]["href"].endswith("/users?page=1&pageSize=10{&query}")


def test_simulator_user_detail_is_like_the_example(sim):
    user_id = sim.sim.users_by_email["john.doe@test.com"]["id"]
    assert_like(FIND_USER_RESPONSE, sim.card.call("GET", "users/" + user_id, CARD_MANAGER, "user"))


def test_simulator_create_user_is_like_the_example(sim):
    request = json.loads(CREATE_USER_REQUEST)
    assert_like(CREATE_USER_RESPONSE, sim.user.call("POST", "users/create", USER_MANAGER, "create", json=request))


def test_simulator_cards_are_like_the_examples(sim):
    user_id = sim.sim.users_by_email["john.doe@test.com"]["id"]
    request = json.loads(REGISTER_CARD_REQUEST)
    registered = sim.card.call("POST", "users/%s/cards" % user_id, CARD_MANAGER, "register", json=request)
    assert_like(REGISTER_CARD_RESPONSE, registered)
    card_id = registered["card"]["_links"]["self"]["href"].rsplit("/", 1)[-1]
    assert_like(SEARCH_CARD_RESPONSE, sim.card.call("GET", "cards/" + card_id, CARD_MANAGER, "search"))
    assert_like(DELETE_CARD_RESPONSE, sim.card.call("DELETE", "cards/" + card_id, CARD_MANAGER, "delete"))
    assert [c["status"] for c in sim.calls() if c["method"] == "register_card"] == [201]  # "201 Created"


def test_simulator_groups_are_like_the_examples(sim):
    listed = sim.user.call("GET", "groups", USER_MANAGER, "list", params={"page": 0, "pageSize": 10})
    assert_like(LIST_GROUPS_RESPONSE, listed)
    assert listed["_links"]["next"]["href"].endswith("/groups?page=1&pageSize=10{&query}")
    assert listed["groups"][0]["_links"]["self"]["href"].split("/cloudprint/")[1].startswith("tenants/{tenant}/groups/")
    created = sim.user.call("POST", "groups", USER_MANAGER, "create", json=json.loads(CREATE_GROUP_REQUEST))
    assert_like(CREATE_GROUP_RESPONSE, created)
    assert created["group"]["_links"]["self"]["href"].endswith("/tenants/{tenant}/groups/{group}")
    group_id = listed["groups"][0]["_links"]["self"]["href"].rsplit("/", 1)[-1]
    assert_like(FETCH_GROUP_RESPONSE, sim.user.call("GET", "groups/" + group_id, USER_MANAGER, "fetch"))


def test_simulator_submit_complete_and_job_are_like_the_examples(sim):
    submitted = sim.print.submit("p1", "q1", "a title", json.loads(SUBMIT_REQUEST))
    assert_like(SUBMIT_RESPONSE, submitted)
    link = submitted["uploadLinks"][0]
    sim.print.upload(link["url"], link["headers"], b"%PDF-1.4", content_type="application/pdf")
    done = sim.print.complete_upload(hal_link(submitted, "uploadCompleted"), "a title")
    assert_like(COMPLETE_UPLOAD_RESPONSE, done)
    assert done["jobs"][0]["status"] == "CONVERTING"
    job = sim.print.call("GET", "jobs/" + submitted["job"]["id"], CLOUD_PRINT, "job")
    assert_like(JOB_RESPONSE, job)
    assert job["jobs"][0]["status"] == "CONVERTED"
