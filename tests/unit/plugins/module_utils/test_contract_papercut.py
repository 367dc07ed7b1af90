# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Contract tests: PaperCut's documented wire contract, quoted verbatim, against our client and our simulator.

The fixtures below are quoted word for word from
  * seed 000_a08b0e506c90fe56.txt ("The XML Web Services API" chapter of the PaperCut MF manual), and
  * ../shared/reference/papercut-xmlrpc.md (method signatures, fault codes, wire basics),
each with its section named. Neither source prints raw XML, so the XML-RPC messages are built from the
quoted shapes with the standard library's own encoder (``xmlrpc.client.dumps``), then
  * replayed against the client's parsers (what the client sends and how it reads answers and faults), and
  * compared with what the simulator answers.
A change that makes the client or the simulator drift from a quoted example fails here. When the sources
are reachable (``PRINTOPS_SOURCES``, or ``../shared`` beside the checkout) every quote is also checked to
be verbatim.
"""

import os
import re
import xmlrpc.client

import pytest

from ansible_collections.printops.print_management.plugins.module_utils import _papercut as pc
from ansible_collections.printops.print_management.plugins.module_utils._http import Redactor
from ansible_collections.printops.print_management.tests.simulators.papercut import DEFAULT_TOKEN, PaperCutSimulator
# the XML-RPC type of a Python value, as the simulator reads a call's parameters
from ansible_collections.printops.print_management.tests.simulators.papercut import _type_of as wire_type

SEED = "seeds/000_a08b0e506c90fe56.txt"
REFERENCE = "reference/papercut-xmlrpc.md"

# -- quotes from seed 000 ------------------------------------------------------------------------------
# seed 000, introduction ("The list of XML-RPC methods exposed by PaperCut MF at the URL ...")
SEED_ENDPOINT = "http://[server_name]:9191/rpc/api/xmlrpc"
# seed 000, security section ("Authentication tokens - required for each method call")
SEED_TOKEN_FIRST = "The first argument to all method calls is an authentication token (authToken)."
# seed 000, Table A.1, the user-listing method (the trailing blank after "-" is the seed's own)
SEED_PAGING_USERS = ('    listUserAccounts("authToken", 0, 1000) - \n'
                     '    returns users 0 through 999\n'
                     '    listUserAccounts("authToken", 1000, 1000) - \n'
                     '    returns users 1000 through 1999\n'
                     '    listUserAccounts("authToken", 2000, 1000) - \n'
                     '    returns users 2000 through 2999\n')
# seed 000, Table A.1, the group-listing method
SEED_PAGING_GROUPS = ('    listUserGroups("authToken", 0, 1000) - \n'
                      '    returns groups 0 through 999\n'
                      '    listUserGroups("authToken", 1000, 1000) - \n'
                      '    returns groups 1000 through 1999\n')
# seed 000, Table A.1, the task-status method
SEED_TASK_STATUS = ("Return the status (completed flag and a status message) associated with a backgrounded task such "
                    "as a sync operation started by the performGroupSync API. This method returns a struct "
                    "(hashtable/map) containing elements with keys completed and message. This method may be polled "
                    "to determine if a sync has completed.")
# seed 000, Table A.1, performGroupSync
SEED_BACKGROUND = "A call to this method will commence the sync process and the operation will complete in the background."

# -- quotes from the reference note -------------------------------------------------------------------
# reference, "Wire basics"
REF_TASK_STATUS_NO_TOKEN = ("Argument 0 of every method is the auth token (config key `auth.webservices.auth-token`), "
                            "except `api.getTaskStatus`, which takes **no argument at all**.")
REF_NO_SUCH_METHOD = ("Wrong arity or types give fault code -1 with a `java.lang.NoSuchMethodException: "
                      "...ApiRPCHandler...<method>(<java types>)` string.")
REF_GETTERS = ('Property getters return strings: balances like `"1234.56"`, booleans `"true"`/`"false"`. Methods '
               'documented as void return boolean `true` on the wire.')
REF_PAGING = "Paging: `list*(offset, limit)`; page size 1000 is recommended; stop when a page comes back shorter than `limit`."
# reference, "Properties"
REF_QUOTA = "`getGroupQuota` returns `{QuotaAmount, QuotaPeriod, QuotaMaxAccumulation}`; periods NONE, DAILY, WEEKLY, MONTHLY."
# reference, "Behaviours that surprise"
REF_ADD_GROUP = ("`api.addNewGroup` runs in the background, like the syncs: the group is not in PaperCut when the call "
                 "returns, and its status is watched with `api.getTaskStatus()` (official Java proxy). Wait for the "
                 "group (bounded) before using it.")
REF_SEVERAL_ACCOUNTS = ('With several personal accounts enabled, `getUserAccountBalance(user, "")` returns the **total** '
                        'of the user\'s personal accounts while `setUserAccountBalance(user, x, comment, "")` sets the '
                        '**default** account (official Java proxy); compare like with like.')
REF_PRE_19_2 = ("Servers before 19.2 send fault code -1 for ordinary errors too, with the message in the text; from "
                "19.2 on the codes above are distinct.")
# reference, "Fault codes (19.2 and later; older servers only give a Java exception string)"
REF_FAULT_ROWS = """\
| 257 | general / unknown error | 270 | password can only be set on internal users |
| 258 | password cannot be blank | 271 | PIN is invalid |
| 259 | username cannot be blank | 272 | PIN is not unique |
| 260 | property name cannot be blank | 273 | PIN too short |
| 261 | the property is invalid | 274 | cannot set balance this way with multiple personal accounts |
| 262 | user cannot be found | 275 | balance value not valid |
| 263 | group cannot be found | 280 | group name blank |
| 264 | overdraft value invalid | 281 | server name blank |
| 267 | user alias not unique | 282 | printer/device name blank |
| 268 | email not unique | 283 | printer/device not found |
| 269 | email not valid | 285 | cost model type invalid |
"""
# reference, "Methods (arguments after the auth token)": the rows of every method the client sends
REF_METHOD_ROWS = """\
| `api.isUserExists` | string username | bool |
| `api.getUserAccountBalance` | string username, string accountName | double |
| `api.getUserProperties` | string username, string[] propertyNames | string[] |
| `api.setUserProperty` | string username, string propertyName, string propertyValue | void |
| `api.setUserProperties` | string username, string[][] propertyNamesAndValues | void |
| `api.adjustUserAccountBalance` | string username, double adjustment, string comment, string accountName | void |
| `api.setUserAccountBalance` | string username, double balance, string comment, string accountName | void |
| `api.addNewUser` | string username | void |
| `api.deleteExistingUser` | string username, bool redactUserData=false | void |
| `api.addNewInternalUser` | string username, string password, string fullName, string email, string cardId, string pin, bool sendEmail=false | void |
| `api.addUserToGroup` | string username, string groupName | void |
| `api.removeUserFromGroup` | string username, string groupName | void |
| `api.listUserAccounts` | int offset, int limit | string[] |
| `api.listSharedAccounts` | int offset, int limit | string[] |
| `api.isSharedAccountExists` | string accountName | bool |
| `api.getSharedAccountAccountBalance` | string sharedAccountName | double |
| `api.getSharedAccountProperties` | string sharedAccountName, string[] propertyNames | string[] |
| `api.setSharedAccountProperties` | string sharedAccountName, string[][] propertyNamesAndValues | void |
| `api.adjustSharedAccountAccountBalance` | string accountName, double adjustment, string comment | void |
| `api.setSharedAccountAccountBalance` | string accountName, double balance, string comment | void |
| `api.addNewSharedAccount` | string sharedAccountName | void |
| `api.deleteExistingSharedAccount` | string sharedAccountName | void |
| `api.addSharedAccountAccessUser` | string sharedAccountName, string username | void |
| `api.addSharedAccountAccessGroup` | string sharedAccountName, string groupName | void |
| `api.removeSharedAccountAccessUser` | string sharedAccountName, string username | void |
| `api.removeSharedAccountAccessGroup` | string sharedAccountName, string groupName | void |
| `api.addNewGroup` | string groupName | void |
| `api.removeGroup` | string groupName | void |
| `api.listUserGroups` | int offset, int limit | string[] |
| `api.getUserGroups` | string userName | string[] |
| `api.getGroupMembers` | string groupName, int offset, int batchSize | string[] |
| `api.isGroupExists` | string groupName | bool |
| `api.setGroupQuota` | string groupName, double quotaAmount, string period, double quotaMaxAccumulation | void |
| `api.getGroupQuota` | string groupName | GetGroupQuotaResponse |
| `api.getTaskStatus` | **(no auth token at all)** | struct {completed: bool, message: string} |
| `api.getConfigValue` | string configName | string |
| `api.setConfigValue` | string configName, string configValue | void |
| `api.getPrinterProperties` | string serverName, string printerName, string[] propertyNames | string[] |
| `api.setPrinterProperty` | string serverName, string printerName, string propertyName, string propertyValue | void |
| `api.setPrinterProperties` | string serverName, string printerName, string[][] propertyNamesAndValues | bool |
| `api.applyDeviceSettings` | string deviceName | bool |
| `api.listPrinters` | int offset, int limit | string[] |
| `api.addPrinterGroup` | string serverName, string printerName, string printerGroupName | void |
| `api.setPrinterGroups` | string serverName, string printerName, string printerGroupNames | void |
| `api.disablePrinter` | string serverName, string printerName, int disableMins | void |
| `api.deletePrinter` | string serverName, string printerName | void |
| `api.addPrinterAccessGroup` | string serverName, string printerName, string groupName | void |
| `api.removePrinterAccessGroup` | string serverName, string printerName, string groupName | void |
| `api.setPrinterCostSimple` | string serverName, string printerName, double costPerPage | void |
| `api.getPrinterCostSimple` | string serverName, string printerName | double |
| `api.performOnlineBackup` | — | void |
| `api.performGroupSync` | — | void |
| `api.performUserAndGroupSync` | — | void |
| `api.performUserAndGroupSyncAdvanced` | bool deleteNonExistentUsers, bool updateUserDetails | void |
| `api.addNewUsers` | — | void |
| `api.enablePrinter` | string serverName, string printerName | void/true |
"""

ALL_QUOTES = {
    SEED: [SEED_ENDPOINT, SEED_TOKEN_FIRST, SEED_PAGING_USERS, SEED_PAGING_GROUPS, SEED_TASK_STATUS, SEED_BACKGROUND],
    REFERENCE: [REF_TASK_STATUS_NO_TOKEN, REF_NO_SUCH_METHOD, REF_GETTERS, REF_PAGING, REF_QUOTA, REF_ADD_GROUP,
                REF_SEVERAL_ACCOUNTS, REF_PRE_19_2] + REF_FAULT_ROWS.splitlines() + REF_METHOD_ROWS.splitlines(),
}

# quoted type -> its name on the wire (the XML-RPC type names the simulator gives a value, _type_of)
WIRE_TYPES = {"string": "string", "int": "int", "double": "double", "bool": "boolean", "string[]": "string[]",
              "string[][]": "string[][]"}


def on_the_wire(signature):
    """A quoted signature as wire type names."""
    return tuple(WIRE_TYPES[t] for t in signature)


def parse_method_rows(rows):
    """{method: [signature, ...]}; a ``name=default`` parameter may be left out, giving two signatures."""
    methods = {}
    for row in rows.splitlines():
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        name = cells[0].strip("`")[len("api."):]
        if "no auth token" in cells[1] or cells[1] == "\u2014":
            # getTaskStatus: nothing at all; "\u2014" (an em dash): nothing after the auth token
            methods[name] = [()]
            continue
        params = [p.strip().split(" ", 1) for p in cells[1].split(",")]
        full = tuple(kind for kind, _name in params)
        sigs = [full]
        if "=" in params[-1][1]:
            sigs.insert(0, full[:-1])
        methods[name] = sigs
    return methods


def parse_fault_rows(rows):
    faults = {}
    for row in rows.splitlines():
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        for code, meaning in zip(cells[0::2], cells[1::2]):
            faults[int(code)] = meaning
    return faults


METHODS = parse_method_rows(REF_METHOD_ROWS)
FAULTS = parse_fault_rows(REF_FAULT_ROWS)


# -- a transport that records what the client sends and replays a quoted answer ----------------------------


class _Answer(object):
    def __init__(self, content, status=200):
        self.status_code = status
        self.headers = {"Content-Type": "text/xml"}
        self.content = content if isinstance(content, bytes) else content.encode("utf-8")


class RecordingHttp(object):
    """Stands in for _http.HttpClient: keeps each request, answers from ``answers`` (by method)."""

    def __init__(self, answers=None):
        self.redact = Redactor([DEFAULT_TOKEN])
        self.sent = []
        self.answers = answers or {}

    def request(self, verb, url, idempotent=None, what=None, data=None, headers=None, **_kwargs):
        params, name = xmlrpc.client.loads(data)
        self.sent.append({"verb": verb, "url": url, "method": name, "params": params, "idempotent": idempotent})
        answer = self.answers.get(name[len("api."):], (True,))
        if callable(answer):
            answer = answer(params)
        if isinstance(answer, xmlrpc.client.Fault):
            return _Answer(xmlrpc.client.dumps(answer, methodresponse=True))
        return _Answer(xmlrpc.client.dumps(answer, methodresponse=True, allow_none=False))


def recording_client(answers=None):
    http = RecordingHttp(answers)
    return pc.PaperCutClient("https://papercut.example.edu:9192", DEFAULT_TOKEN, http=http), http


# Every client method that sends a call, with arguments: (client call, the api method it must send).
CLIENT_CALLS = [
    (lambda c: c.user_exists("u"), "isUserExists"),
    (lambda c: c.get_user_balance("u"), "getUserAccountBalance"),
    (lambda c: c.get_user_balance("u", "Print Quota"), "getUserAccountBalance"),
    (lambda c: c.get_user_properties("u", ["email"]), "getUserProperties"),
    (lambda c: c.set_user_property("u", "notes", 5), "setUserProperty"),
    (lambda c: c.set_user_properties("u", {"restricted": True, "overdraft-amount": 2}), "setUserProperties"),
    (lambda c: c.adjust_user_balance("u", 5, "c"), "adjustUserAccountBalance"),
    (lambda c: c.set_user_balance("u", 5, "c", "Print Quota"), "setUserAccountBalance"),
    (lambda c: c.add_new_user("u"), "addNewUser"),
    (lambda c: c.delete_user("u"), "deleteExistingUser"),
    (lambda c: c.delete_user("u", redact_user_data=True), "deleteExistingUser"),
    (lambda c: c.add_new_internal_user("u", "pw", "U", "u@x", "123", "2468"), "addNewInternalUser"),
    (lambda c: c.add_user_to_group("u", "g"), "addUserToGroup"),
    (lambda c: c.remove_user_from_group("u", "g"), "removeUserFromGroup"),
    (lambda c: list(c.list_users()), "listUserAccounts"),
    (lambda c: list(c.list_shared_accounts()), "listSharedAccounts"),
    (lambda c: c.shared_account_exists("a"), "isSharedAccountExists"),
    (lambda c: c.get_shared_account_balance("a"), "getSharedAccountAccountBalance"),
    (lambda c: c.get_shared_account_properties("a", ["pin"]), "getSharedAccountProperties"),
    (lambda c: c.set_shared_account_properties("a", {"disabled": False}), "setSharedAccountProperties"),
    (lambda c: c.adjust_shared_account_balance("a", 1, "c"), "adjustSharedAccountAccountBalance"),
    (lambda c: c.set_shared_account_balance("a", 1, "c"), "setSharedAccountAccountBalance"),
    (lambda c: c.add_shared_account("a"), "addNewSharedAccount"),
    (lambda c: c.delete_shared_account("a"), "deleteExistingSharedAccount"),
    (lambda c: c.add_shared_account_access("a", "user", "u"), "addSharedAccountAccessUser"),
    (lambda c: c.add_shared_account_access("a", "group", "g"), "addSharedAccountAccessGroup"),
    (lambda c: c.remove_shared_account_access("a", "user", "u"), "removeSharedAccountAccessUser"),
    (lambda c: c.remove_shared_account_access("a", "group", "g"), "removeSharedAccountAccessGroup"),
    (lambda c: c.add_group("g"), "addNewGroup"),
    (lambda c: c.remove_group("g"), "removeGroup"),
    (lambda c: list(c.list_groups()), "listUserGroups"),
    (lambda c: c.get_user_groups("u"), "getUserGroups"),
    (lambda c: list(c.group_members("g")), "getGroupMembers"),
    (lambda c: c.group_exists("g"), "isGroupExists"),
    (lambda c: c.set_group_quota("g", 10, "WEEKLY", 40), "setGroupQuota"),
    (lambda c: c.get_group_quota("g"), "getGroupQuota"),
    (lambda c: c.task_status(), "getTaskStatus"),
    (lambda c: c.get_config_value("k"), "getConfigValue"),
    (lambda c: c.set_config_value("k", True), "setConfigValue"),
    (lambda c: c.get_printer_properties("srv", "p", ["disabled"]), "getPrinterProperties"),
    (lambda c: c.set_printer_property("srv", "p", "custom-field-1", "x"), "setPrinterProperty"),
    (lambda c: c.set_printer_properties("srv", "p", {"disabled": True}), "setPrinterProperties"),
    (lambda c: c.apply_device_settings("mfd"), "applyDeviceSettings"),
    (lambda c: list(c.list_printers()), "listPrinters"),
    (lambda c: c.add_printer_group("srv", "p", "Library"), "addPrinterGroup"),
    (lambda c: c.set_printer_groups("srv", "p", ["Library", "Staff"]), "setPrinterGroups"),
    (lambda c: c.disable_printer("srv", "p"), "disablePrinter"),
    (lambda c: c.delete_printer("srv", "p"), "deletePrinter"),
    (lambda c: c.add_printer_access_group("srv", "p", "g"), "addPrinterAccessGroup"),
    (lambda c: c.remove_printer_access_group("srv", "p", "g"), "removePrinterAccessGroup"),
    (lambda c: c.set_printer_cost_simple("srv", "p", 1), "setPrinterCostSimple"),
    (lambda c: c.get_printer_cost_simple("srv", "p"), "getPrinterCostSimple"),
    (lambda c: c.start_task("online_backup"), "performOnlineBackup"),
    (lambda c: c.start_task("group_sync"), "performGroupSync"),
    (lambda c: c.start_task("user_group_sync"), "performUserAndGroupSync"),
    (lambda c: c.start_task("user_group_sync_advanced", 1, 0), "performUserAndGroupSyncAdvanced"),
    (lambda c: c.start_task("add_new_users"), "addNewUsers"),
    (lambda c: c.enable_printer("srv", "p"), "enablePrinter"),
]

# answers of the quoted return types, so that every call above completes
TYPED_ANSWERS = {
    "getUserAccountBalance": (12.5,), "getSharedAccountAccountBalance": (1.0,), "isUserExists": (True,),
    "isGroupExists": (True,), "isSharedAccountExists": (True,),
    "getUserProperties": lambda params: (["x"] * len(params[2]),),
    "getSharedAccountProperties": lambda params: (["x"] * len(params[2]),),
    "listUserAccounts": ([],), "listSharedAccounts": ([],), "listUserGroups": ([],), "getGroupMembers": ([],),
    "getUserGroups": (["g"],), "getConfigValue": ("v",),
    "getGroupQuota": ({"QuotaAmount": 10.0, "QuotaPeriod": "WEEKLY", "QuotaMaxAccumulation": 40.0},),
    "getTaskStatus": ({"completed": True, "message": "done"},),
    "getPrinterProperties": lambda params: (["x"] * len(params[3]),),
    "listPrinters": ([],), "getPrinterCostSimple": (0.1,),
}


# -- the quotes are verbatim ---------------------------------------------------------------------------------


def _sources_dir():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
        __file__))))))
    for candidate in (os.environ.get("PRINTOPS_SOURCES"), os.path.join(root, "..", "shared"),
                      os.path.join(root, "..", "..", "shared")):
        if candidate and os.path.isfile(os.path.join(candidate, SEED)):
            return candidate
    return None


@pytest.mark.parametrize("source", sorted(ALL_QUOTES))
def test_every_quote_is_verbatim_in_its_source(source):
    where = _sources_dir()
    if where is None:
        pytest.skip("the seed and reference documents are not beside this checkout (set PRINTOPS_SOURCES)")
    with open(os.path.join(where, source), encoding="utf-8") as handle:
        text = handle.read()
    missing = [quote for quote in ALL_QUOTES[source] if quote not in text]
    assert missing == []


# -- requests: what the client sends matches the quoted signatures -------------------------------------------


def test_client_endpoint_is_the_seeds_url():
    client = pc.PaperCutClient(SEED_ENDPOINT.replace("[server_name]", "pc.example.edu"), DEFAULT_TOKEN,
                               http=RecordingHttp())
    assert client.endpoint == "http://pc.example.edu:9191/rpc/api/xmlrpc"
    assert pc.endpoint_from_url("http://pc.example.edu:9191") == client.endpoint


@pytest.mark.parametrize("call, method", CLIENT_CALLS, ids=[m for _c, m in CLIENT_CALLS])
def test_client_sends_the_quoted_signature_with_the_token_first(call, method):
    client, http = recording_client(TYPED_ANSWERS)
    call(client)
    request = http.sent[0]
    assert request["verb"] == "POST" and request["method"] == "api." + method
    params = request["params"]
    if method == "getTaskStatus":
        assert params == (), REF_TASK_STATUS_NO_TOKEN
        return
    assert params[0] == DEFAULT_TOKEN, SEED_TOKEN_FIRST
    sent = tuple(wire_type(p) for p in params[1:])
    quoted = [on_the_wire(sig) for sig in METHODS[method]]
    assert sent in quoted, "%s sent %s; the reference says %s" % (method, sent, METHODS[method])


def test_every_quoted_method_the_client_uses_is_covered():
    assert sorted(set(METHODS)) == sorted(set(m for _c, m in CLIENT_CALLS))


@pytest.mark.parametrize("method", sorted(METHODS))
def test_simulator_accepts_exactly_the_quoted_signatures(method):
    sim = PaperCutSimulator()
    entry = sim.methods[method]
    have = set(tuple(t for t in sig) for sig in entry["sigs"])
    for sig in METHODS[method]:
        assert on_the_wire(sig) in have, "%s: simulator lacks %s" % (method, sig)
    assert entry["token"] is (method != "getTaskStatus")


def test_paging_follows_the_seeds_example(papercut):
    # seed 000: listUserAccounts("authToken", 0, 1000) returns users 0 through 999, then 1000 through 1999, ...
    examples = re.findall(r'listUserAccounts\("authToken", (\d+), (\d+)\) - \n\s+returns users (\d+) through (\d+)',
                          SEED_PAGING_USERS)
    assert [tuple(map(int, e)) for e in examples] == [
        (0, 1000, 0, 999), (1000, 1000, 1000, 1999), (2000, 1000, 2000, 2999)]
    papercut.seed({"users": [{"username": "u%05d" % i} for i in range(2500)]})
    client = pc.PaperCutClient(papercut.sim.url, DEFAULT_TOKEN)
    users = list(client.list_users())
    pages = [c["args"] for c in papercut.calls() if c["method"] == "listUserAccounts"]
    assert pages == [[int(o), int(n)] for o, n, _f, _l in examples]
    for offset, limit, first, last in (tuple(map(int, e)) for e in examples):
        assert users[first:last + 1] == ["u%05d" % i for i in range(first, min(last, 2499) + 1)]
    # the last page is short: REF_PAGING says stop there
    assert len(users) == 2500


def test_group_paging_asks_the_seeds_pages(papercut):
    examples = re.findall(r'listUserGroups\("authToken", (\d+), (\d+)\)', SEED_PAGING_GROUPS)
    client, http = recording_client({"listUserGroups": lambda p: (["g"] * (1000 if p[1] == 0 else 10),)})
    assert len(list(client.list_groups())) == 1010
    assert [list(r["params"][1:]) for r in http.sent] == [[int(o), int(n)] for o, n in examples]


# -- answers: the quoted shapes through the client's parsers, and from the simulator --------------------------


def test_task_status_struct_is_read_by_the_client_and_sent_by_the_simulator(papercut):
    # SEED_TASK_STATUS: "a struct (hashtable/map) containing elements with keys completed and message"
    keys = re.search(r"containing elements with keys (\w+) and (\w+)", SEED_TASK_STATUS).groups()
    quoted = dict(zip(keys, (False, "Synchronizing users and groups...")))
    client, _http = recording_client({"getTaskStatus": (quoted,)})
    assert client.task_status() == quoted
    proxy = xmlrpc.client.ServerProxy(papercut.sim.url + "/rpc/api/xmlrpc")
    answer = proxy.api.getTaskStatus()
    assert sorted(answer) == sorted(keys)
    assert isinstance(answer["completed"], bool) and isinstance(answer["message"], str)
    with pytest.raises(xmlrpc.client.Fault) as err:
        proxy.api.getTaskStatus(DEFAULT_TOKEN)  # REF_TASK_STATUS_NO_TOKEN: no argument at all
    assert err.value.faultCode == -1


def test_an_answer_that_is_not_the_struct_is_a_clear_error():
    client, _http = recording_client({"getTaskStatus": (True,)})
    with pytest.raises(pc.PaperCutError, match="not a struct with the keys completed and message"):
        client.task_status()


def test_add_group_completes_in_the_background_as_quoted(papercut):
    assert "runs in the background" in REF_ADD_GROUP and "getTaskStatus" in REF_ADD_GROUP
    papercut.seed({"directory_groups": ["Staff"]})
    proxy = xmlrpc.client.ServerProxy(papercut.sim.url + "/rpc/api/xmlrpc").api
    assert proxy.addNewGroup(DEFAULT_TOKEN, "Staff") is True  # void: boolean true on the wire
    assert proxy.isGroupExists(DEFAULT_TOKEN, "Staff") is False
    while not proxy.getTaskStatus()["completed"]:
        pass
    assert proxy.isGroupExists(DEFAULT_TOKEN, "Staff") is True


def test_getters_answer_strings_and_void_answers_true(papercut):
    assert '"1234.56"' in REF_GETTERS and '"true"' in REF_GETTERS
    papercut.seed({"users": [{"username": "u", "balance": 1234.56, "restricted": True}]})
    proxy = xmlrpc.client.ServerProxy(papercut.sim.url + "/rpc/api/xmlrpc").api
    assert proxy.getUserProperties(DEFAULT_TOKEN, "u", ["balance", "restricted"]) == ["1234.56", "true"]
    assert proxy.setUserProperty(DEFAULT_TOKEN, "u", "notes", "x") is True
    client, _http = recording_client({"getUserProperties": (["1234.56", "true"],)})
    values = client.get_user_properties("u", ["balance", "restricted"])
    assert values == {"balance": "1234.56", "restricted": "true"} and pc.to_bool(values["restricted"]) is True
    assert pc.to_bool("false") is False


def test_group_quota_struct_keys_and_periods(papercut):
    keys = re.search(r"`\{(\w+), (\w+), (\w+)\}`", REF_QUOTA).groups()
    periods = re.search(r"periods ([A-Z, ]+)\.", REF_QUOTA).group(1).split(", ")
    client, _http = recording_client({"getGroupQuota": (dict(zip(keys, (10.0, "WEEKLY", 40.0))),)})
    assert client.get_group_quota("g") == {"amount": 10.0, "period": "WEEKLY", "max_accumulation": 40.0}
    papercut.seed({"groups": ["Staff"], "quotas": {"Staff": {"amount": 1.0, "period": "DAILY"}}})
    proxy = xmlrpc.client.ServerProxy(papercut.sim.url + "/rpc/api/xmlrpc").api
    assert sorted(proxy.getGroupQuota(DEFAULT_TOKEN, "Staff")) == sorted(keys)
    from ansible_collections.printops.print_management.plugins.module_utils._papercut_groups import QUOTA_PERIODS
    from ansible_collections.printops.print_management.tests.simulators.papercut import QUOTA_PERIODS as SIM_PERIODS
    assert list(QUOTA_PERIODS) == periods and list(SIM_PERIODS) == periods


# -- faults -------------------------------------------------------------------------------------------------


def test_client_knows_every_quoted_fault_code_and_meaning():
    assert pc.FAULT_MEANINGS == FAULTS


@pytest.mark.parametrize("code", sorted(FAULTS))
def test_each_quoted_fault_replayed_through_the_client(code):
    client, _http = recording_client({"isUserExists": xmlrpc.client.Fault(code, "text of fault %d" % code)})
    with pytest.raises(pc.PaperCutError) as err:
        client.user_exists("u")
    assert err.value.code == code and ("fault %d" % code) in str(err.value)
    expected = {262: pc.UserNotFound, 263: pc.GroupNotFound, 283: pc.PrinterNotFound, 261: pc.InvalidProperty,
                274: pc.MultiplePersonalAccounts}.get(code, pc.PaperCutError)
    assert err.type is expected


@pytest.mark.parametrize("pre_19_2", [False, True], ids=["19.2", "pre-19.2"])
def test_simulator_faults_have_the_quoted_codes_or_minus_one_before_19_2(papercut, pre_19_2):
    papercut.configure(pre_19_2_faults=pre_19_2)
    papercut.seed({"users": [{"username": "a"}, {"username": "b", "card-pin": "1234"}], "groups": ["G"]})
    proxy = xmlrpc.client.ServerProxy(papercut.sim.url + "/rpc/api/xmlrpc").api
    cases = [
        (lambda: proxy.getUserProperty(DEFAULT_TOKEN, "ghost", "email"), 262, pc.UserNotFound),
        (lambda: proxy.addUserToGroup(DEFAULT_TOKEN, "a", "NoGroup"), 263, pc.GroupNotFound),
        (lambda: proxy.getUserProperty(DEFAULT_TOKEN, "a", "bogus"), 261, pc.InvalidProperty),
        (lambda: proxy.setUserProperty(DEFAULT_TOKEN, "a", "card-pin", "12"), 273, pc.PaperCutError),
        (lambda: proxy.setUserProperty(DEFAULT_TOKEN, "a", "password", "x"), 270, pc.PaperCutError),
        (lambda: proxy.getPrinterProperty(DEFAULT_TOKEN, "srv", "nope", "disabled"), 283, pc.PrinterNotFound),
    ]
    client = pc.PaperCutClient(papercut.sim.url, DEFAULT_TOKEN)
    for call, code, cls in cases:
        with pytest.raises(xmlrpc.client.Fault) as err:
            call()
        assert err.value.faultCode == (-1 if pre_19_2 else code)
        # the same fault through the client's parser: the same class whether or not the code is there
        assert client._fault("m", "api.m", err.value).__class__ is cls  # pylint: disable=protected-access


def test_no_such_method_text_has_the_quoted_shape_and_is_classified(papercut):
    shape = re.escape(REF_NO_SUCH_METHOD.split("`")[1]).replace(r"\.\.\.", ".*")
    shape = shape.replace(re.escape("<method>"), "setUserAccountBalance")
    shape = shape.replace(re.escape("(<java types>)"), r"\(.*\)")
    papercut.seed({"users": [{"username": "a"}]})
    proxy = xmlrpc.client.ServerProxy(papercut.sim.url + "/rpc/api/xmlrpc").api
    with pytest.raises(xmlrpc.client.Fault) as err:
        proxy.setUserAccountBalance(DEFAULT_TOKEN, "a", 5, "c", "")  # an int where a double is expected
    assert err.value.faultCode == -1 and re.search(shape, err.value.faultString), err.value.faultString
    client, _http = recording_client({"isUserExists": err.value})
    with pytest.raises(pc.NoSuchMethod):
        client.user_exists("a")


def test_several_personal_accounts_as_quoted(papercut):
    assert "**total**" in REF_SEVERAL_ACCOUNTS and "**default**" in REF_SEVERAL_ACCOUNTS
    papercut.configure(multiple_personal_accounts=True)
    papercut.seed({"users": [{"username": "u", "balance": 2.0, "personal_accounts": {"Quota": 3.0}}]})
    proxy = xmlrpc.client.ServerProxy(papercut.sim.url + "/rpc/api/xmlrpc").api
    assert proxy.getUserAccountBalance(DEFAULT_TOKEN, "u", "") == 5.0
    proxy.setUserAccountBalance(DEFAULT_TOKEN, "u", 4.0, "c", "")
    user = papercut.state()["users"]["u"]
    assert user["balance"] == 4.0 and user["personal_accounts"] == {"Quota": 3.0}
    with pytest.raises(xmlrpc.client.Fault) as err:
        proxy.setUserProperty(DEFAULT_TOKEN, "u", "balance", "1.00")
    assert err.value.faultCode == 274 and FAULTS[274] == "cannot set balance this way with multiple personal accounts"


# -- audit: calls whose documented contract our simulator used to read loosely -----------------------------
# seed 000, Table A.1, getPrinterCostSimple
SEED_COST_SIMPLE = "Get the page cost if, and only if, the printer is using the Simple Charging Model."
# reference, "Fault codes" (the paragraph under the table)
REF_PREFER_EXISTS = ("Prefer `isUserExists` / `isSharedAccountExists` / `isGroupExists` to detect absence; use codes "
                     "262/263/283 as a fallback.")
ALL_QUOTES[SEED].append(SEED_COST_SIMPLE)
ALL_QUOTES[REFERENCE].append(REF_PREFER_EXISTS)


def test_simple_cost_is_asked_only_of_a_simple_printer(papercut):
    from ansible_collections.printops.print_management.plugins.module_utils._papercut_printers import (
        PrinterReconciler, read_printer)

    assert "if, and only if" in SEED_COST_SIMPLE
    papercut.seed({"printers": [{"server": "srv", "printer": "area", "cost-model": "AREA"},
                                {"server": "srv", "printer": "simple", "cost_per_page": 0.1}]})
    proxy = xmlrpc.client.ServerProxy(papercut.sim.url + "/rpc/api/xmlrpc").api
    with pytest.raises(xmlrpc.client.Fault):
        proxy.getPrinterCostSimple(DEFAULT_TOKEN, "srv", "area")  # the simulator follows the seed
    assert proxy.getPrinterCostSimple(DEFAULT_TOKEN, "srv", "simple") == 0.1
    client = pc.PaperCutClient(papercut.sim.url, DEFAULT_TOKEN)
    papercut.clear_calls()
    state = read_printer(client, "srv", "area", cost=True)
    assert state["cost_per_page"] is None and "cost_model" not in state
    assert [c["method"] for c in papercut.calls()] == ["getPrinterProperties"]
    assert read_printer(client, "srv", "simple", cost=True)["cost_per_page"] == 0.1
    # a task setting a cost per page moves the AREA printer to SIMPLE (setPrinterCostSimple) without a fault
    result = PrinterReconciler(client, {"server": "srv", "printer": "area", "cost_per_page": 0.05,
                                        "state": "present"}).one()
    assert result["changed"] is True
    printer = papercut.state()["printers"]["srv\\area"]
    assert printer["cost_per_page"] == 0.05 and printer["properties"]["cost-model"] == "SIMPLE"


def _unknown_text_fault(_params):
    # a server before 19.2: code -1 and a text of its own that names nothing we recognise
    return xmlrpc.client.Fault(-1, "java.lang.IllegalArgumentException: ghost")


@pytest.mark.parametrize("exists", [False, True])
def test_absent_user_is_told_by_is_user_exists_when_the_fault_text_is_unknown(exists):
    from ansible_collections.printops.print_management.plugins.module_utils._papercut_users import read_user

    client, http = recording_client({"getUserProperties": _unknown_text_fault, "isUserExists": (exists,)})
    if exists:
        with pytest.raises(pc.PaperCutError, match="ghost"):
            read_user(client, "ghost", ["email"])
    else:
        assert read_user(client, "ghost", ["email"]) is None, REF_PREFER_EXISTS
    assert [r["method"] for r in http.sent] == ["api.getUserProperties", "api.isUserExists"]


@pytest.mark.parametrize("listed", [[], ["srv\\p"]])
def test_absent_printer_is_told_by_list_printers_when_the_fault_text_is_unknown(listed):
    from ansible_collections.printops.print_management.plugins.module_utils._papercut_printers import read_printer

    client, http = recording_client({"getPrinterProperties": _unknown_text_fault, "listPrinters": (listed,)})
    if listed:
        with pytest.raises(pc.PaperCutError, match="ghost"):
            read_printer(client, "srv", "p")
    else:
        assert read_printer(client, "srv", "p") is None
    assert [r["method"] for r in http.sent] == ["api.getPrinterProperties", "api.listPrinters"]


@pytest.mark.parametrize("method, call", [
    ("setPrinterProperties", lambda c: c.set_printer_properties("srv", "p", {"disabled": True})),
    ("applyDeviceSettings", lambda c: c.apply_device_settings("mfd")),
])
def test_a_documented_boolean_answer_false_is_not_success(method, call):
    assert METHODS[method] and "| bool |" in [r for r in REF_METHOD_ROWS.splitlines() if "api.%s`" % method in r][0]
    client, _http = recording_client({method: (False,)})
    with pytest.raises(pc.PaperCutError, match="answered false"):
        call(client)
    client, _http = recording_client({method: (True,)})
    call(client)


@pytest.mark.parametrize("method, args", [
    ("getUserAccountBalance", ("u",)),
    ("setUserAccountBalance", ("u", 1.0, "c")),
    ("adjustUserAccountBalance", ("u", 1.0, "c")),
    ("setUserAccountBalanceByGroup", ("G", 1.0, "c")),
    ("adjustUserAccountBalanceByGroup", ("G", 1.0, "c")),
])
def test_simulator_refuses_a_signature_the_reference_does_not_list(papercut, method, args):
    """reference "Methods": the balance methods take accountName; without it, NoSuchMethodException (-1)."""
    papercut.seed({"users": [{"username": "u", "groups": ["G"]}]})
    proxy = xmlrpc.client.ServerProxy(papercut.sim.url + "/rpc/api/xmlrpc").api
    with pytest.raises(xmlrpc.client.Fault) as err:
        getattr(proxy, method)(DEFAULT_TOKEN, *args)
    assert err.value.faultCode == -1 and "NoSuchMethodException" in err.value.faultString
    assert papercut.state()["transactions"] == []


def test_printer_groups_name_an_absent_printer_when_the_fault_text_is_unknown():
    from ansible_collections.printops.print_management.plugins.module_utils._papercut_printers import PrinterGroups

    client, _http = recording_client({"getPrinterProperties": _unknown_text_fault, "listPrinters": (["srv\\other"],)})
    with pytest.raises(pc.ClientError, match=r"printer 'srv\\p' not found in PaperCut"):
        PrinterGroups(client, "srv", "p", "custom-field-6").read_known()
