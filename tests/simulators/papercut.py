# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A stateful PaperCut MF/NG XML-RPC simulator, as strict as the real server.

Facts from ../shared/reference/papercut-xmlrpc.md: ``api.``-prefixed methods
at /rpc/api/xmlrpc; argument 0 is the auth token (except getTaskStatus);
exact Java types (a double must be a double, a string[][] an array of
string pairs) or fault -1 with a NoSuchMethodException text; property
getters return strings; fault codes 257-285.

Seed format (POST /_sim/seed or /_sim/reset):
    {"directory": [{"username": "u", "full-name": "...", "email": "...", "groups": ["g"]}],
     "users": [{"username": "u", "internal": false, "balance": 5.0, "groups": [...], "<property>": "..."}],
     "groups": ["Staff", ...],
     "shared_accounts": [{"name": "Dept\\Sub", "balance": 5.0, "access_users": [...], "access_groups": [...],
                          "<property>": "..."}],
     "printers": [{"server": "srv", "printer": "p1", "cost_per_page": 0.1, "groups": [...],
                   "access_groups": [...], "<property>": "..."}]   (server "device" for MFDs),
     "quotas": {"Staff": {"amount": 5.0, "period": "WEEKLY", "max_accumulation": 20.0}},
     "directory_groups": ["Students", ...],   groups the user directory has and PaperCut does not (yet)
     "config": {"key": "value"}}
A user's "personal_accounts": {"Print Quota": 5.0} are its personal accounts besides the default one
(used with the multiple_personal_accounts switch; its "balance" is the default account).
Product fault kind: {"kind": "fault", "code": 257, "string": "..."}.

Config keys (POST /_sim/config) and constructor options (``--option KEY=VALUE`` of
``python -m tests.simulators papercut``); the switches are listed in SWITCHES:
    auth_token
    task_polls                  getTaskStatus polls until a background task completes (default 2)
    task_seconds                or seconds after its start, whichever comes first (default 0: polls only)
    card_pin_readable           false (default): reading card-pin is refused as newest proxy lists it;
                                true: readable, as the C# 19.2.3 proxy lists it
    pre_19_2_faults             true: every fault goes out as code -1 with its text (servers before 19.2)
    multiple_personal_accounts  true: users have several personal accounts (default false)
    add_any_group               true: addNewGroup adds any name; false (default): only directory groups
"""

import math
import re
import time
import xmlrpc.client
from xml.parsers.expat import ExpatError

from ._base import Response, Simulator, apply_generic_fault

RPC_PATH = "/rpc/api/xmlrpc"
DEFAULT_TOKEN = "sim-secret-token"
BUILTIN_GROUPS = ("!!All Users!!", "!!Internal Users!!")

JAVA = {"string": "java.lang.String", "int": "int", "double": "double", "boolean": "boolean",
        "string[]": "java.lang.String[]", "string[][]": "java.lang.String[][]", "struct": "java.util.Hashtable"}

USER_PROPS_RW = {
    "full-name", "email", "department", "office", "notes", "primary-card-number", "card-number",
    "secondary-card-number", "card-pin", "restricted", "disabled-print", "balance", "home",
    "username-alias", "overdraft-amount", "print-stats.job-count", "print-stats.page-count",
    "printer-cost-adjustment-rate-percent", "dont-archive", "auto-release-jobs", "unauthenticated",
}
USER_PROPS_RO = {"internal", "account-selection.mode", "other-emails", "auto-shared-account"}
USER_PROPS_SET_ONLY = {"password"}
USER_BOOL_PROPS = {"restricted", "disabled-print", "dont-archive", "auto-release-jobs", "unauthenticated"}
USER_DEFAULTS = {"restricted": "false", "disabled-print": "false", "dont-archive": "false",
                 "auto-release-jobs": "false", "unauthenticated": "false", "overdraft-amount": "0.00",
                 "print-stats.job-count": "0", "print-stats.page-count": "0",
                 "printer-cost-adjustment-rate-percent": "100", "account-selection.mode": "AUTO_CHARGE_TO_PERSONAL",
                 "other-emails": "", "auto-shared-account": ""}


# The readings that are switches (see the module docstring); the defaults are the stricter readings.
SWITCHES = {
    # ../shared/reference/papercut-xmlrpc.md, "Properties": the newest official Java proxy lists card-pin
    # settable and not readable, the C# 19.2.3 proxy lists it readable.
    "card_pin_readable": False,
    # ../shared/reference/papercut-xmlrpc.md, "Fault codes" heading and "Behaviours that surprise": servers
    # before 19.2 send fault code -1 for ordinary errors too, with the message in the text.
    "pre_19_2_faults": False,
    # ../shared/reference/papercut-xmlrpc.md, "Behaviours that surprise" and fault 274: with several personal
    # accounts, getUserAccountBalance(user, "") is the total, setUserAccountBalance(user, x, c, "") sets the default.
    "multiple_personal_accounts": False,
    # The sources are silent on addNewGroup for a name the user directory does not have; seed 000 says it adds
    # "a new group to system's group list" and the sync methods take groups from the directory. Strict: only a
    # directory group is added; this switch adds any name (what this simulator did before).
    "add_any_group": False,
}


def _as_bool(value):
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


class PaperCutFault(Exception):
    def __init__(self, code, text):
        super().__init__(text)
        self.code = code
        self.text = text


def _type_of(value):
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "struct"
    if isinstance(value, list):
        if all(isinstance(v, str) for v in value):
            return "string[]"
        if all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in value):
            return "string[][]"
        return "java.lang.Object[]"
    return type(value).__name__


def _matches(sig, types):
    if len(sig) != len(types):
        return False
    for want, have in zip(sig, types):
        # an empty array fits any array type
        if want != have and not (want.endswith("[]") and have in ("string[]", "string[][]")):
            return False
    return True


def _fmt_money(value):
    return "%.2f" % value


def _property_pairs(pairs):
    """The [name, value] pairs of a set*Properties call, each checked before any is applied: fault 257 for a
    pair that is not two items, 260 for a blank name (../shared/reference/papercut-xmlrpc.md, "Fault codes")."""
    for pair in pairs:
        if len(pair) != 2:
            raise PaperCutFault(257, "Each property must be a [name, value] pair.")
        if not pair[0]:
            raise PaperCutFault(260, "The property name cannot be blank.")
        yield pair[0], pair[1]


def _bool_value(name, value):
    """A boolean property's value as the getters return it ("true"/"false"); another word is fault 261."""
    if value.lower() not in ("true", "false"):
        raise PaperCutFault(261, "The value '%s' is not valid for property '%s'." % (value, name))
    return value.lower()


def _overdraft_value(value):
    """An overdraft-amount as stored (money, two places); not a number is fault 264 ("overdraft value invalid")."""
    try:
        return _fmt_money(float(value))
    except ValueError:
        raise PaperCutFault(264, "The overdraft value '%s' is invalid." % value)


def _check_balance_value(value):
    """A balance property must be a number: fault 275 ("balance value not valid")."""
    try:
        float(value)
    except ValueError:
        raise PaperCutFault(275, "The balance value '%s' is not valid." % value)


def _seed_str(value):
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


ACCOUNT_PROPS_RW = {"comment-option", "disabled", "invoice-option", "notes", "overdraft-amount", "pin", "restricted",
                    "balance"}
ACCOUNT_PROPS_RO = {"access-groups", "access-users", "account-id"}
ACCOUNT_BOOL_PROPS = {"disabled", "restricted"}
ACCOUNT_CHOICES = {"comment-option": ("NO_COMMENT", "COMMENT_OPTIONAL", "COMMENT_REQUIRED"),
                   "invoice-option": ("ALWAYS_INVOICE", "NEVER_INVOICE", "USER_CHOICE_ON", "USER_CHOICE_OFF")}
PRINTER_PROPS_RW = {"cost-model", "disabled"} | set("custom-field-%d" % i for i in range(1, 7))
PRINTER_PROPS_RO = {"print-stats.job-count", "print-stats.page-count", "printer-id"}
COST_MODELS = ("SIMPLE", "AREA", "SIZE_TABLE", "SIZE_CATEGORY", "SIZE_DETAILED", "SIZE_LENGTH")
QUOTA_PERIODS = ("NONE", "DAILY", "WEEKLY", "MONTHLY")
TEMPLATE_PRINTER = "!!template printer!!"


class PaperCutSimulator(Simulator):
    product = "papercut"

    def __init__(self, host="127.0.0.1", port=0, latency_ms=0, auth_token=DEFAULT_TOKEN, task_polls=2,
                 task_seconds=0, **switches):
        self.auth_token = auth_token
        self.task_polls = int(task_polls)
        self.task_seconds = float(task_seconds)
        unknown = sorted(set(switches) - set(SWITCHES))
        if unknown:
            raise TypeError("unknown PaperCut simulator options %s; known: %s" % (unknown, sorted(SWITCHES)))
        for name, default in SWITCHES.items():
            setattr(self, name, _as_bool(switches.get(name, default)))
        super().__init__(host, port, latency_ms)
        self.methods = {}
        self._register()

    # -- state -------------------------------------------------------------------
    def reset_state(self):
        self.users = {}
        self.directory = {}
        self.groups = {}
        self.transactions = []
        self.task = {"completed": True, "message": "", "polls_left": 0}
        # what happens when the current background task completes (callables; not part of state_json)
        self._on_complete = []
        self.directory_groups = set()
        self.shared_accounts = {}
        self.printers = {}
        self.config = {}

    def state_json(self):
        users = {}
        for name, user in self.users.items():
            users[name] = {"internal": user["internal"], "password": user["password"],
                           "properties": dict(user["props"]), "balance": user["balance"],
                           "groups": sorted(user["groups"])}
            if user["accounts"]:
                users[name]["personal_accounts"] = dict(user["accounts"])
        accounts = {}
        for name, acc in self.shared_accounts.items():
            accounts[name] = {"properties": dict(acc["props"]), "balance": acc["balance"],
                              "access_users": sorted(acc["access_users"]),
                              "access_groups": sorted(acc["access_groups"])}
        printers = {}
        for key, prn in self.printers.items():
            printers[key] = {"server": prn["server"], "printer": prn["printer"], "properties": dict(prn["props"]),
                             "cost_per_page": prn["cost_per_page"], "groups": sorted(prn["groups"]),
                             "access_groups": sorted(prn["access_groups"]),
                             "disabled_minutes": prn["disabled_minutes"]}
        quotas = dict((g, dict(v["quota"])) for g, v in self.groups.items() if v.get("quota"))
        return {"users": users, "groups": sorted(self.groups), "directory": sorted(self.directory),
                "directory_groups": sorted(self._directory_groups()),
                "switches": dict((name, getattr(self, name)) for name in SWITCHES),
                "transactions": list(self.transactions), "task": dict(self.task),
                "shared_accounts": accounts, "printers": printers, "quotas": quotas, "config": dict(self.config)}

    def seed(self, data):
        for group in data.get("groups", []):
            self.groups.setdefault(group, {})
        self.directory_groups.update(data.get("directory_groups", []))
        for entry in data.get("directory", []):
            entry = dict(entry)
            self.directory[entry.pop("username")] = entry
            for group in entry.get("groups", []):
                self.groups.setdefault(group, {})
        for entry in data.get("users", []):
            entry = dict(entry)
            name = entry.pop("username")
            user = self._new_user(name, internal=bool(entry.pop("internal", False)), password=entry.pop("password", ""))
            user["balance"] = float(entry.pop("balance", 0.0))
            user["accounts"].update(dict((k, float(v)) for k, v in entry.pop("personal_accounts", {}).items()))
            for group in entry.pop("groups", []):
                self.groups.setdefault(group, {})
                user["groups"].add(group)
            for key, value in entry.items():
                user["props"][key] = _seed_str(value)
        for entry in data.get("shared_accounts", []):
            entry = dict(entry)
            acc = self._new_account(entry.pop("name"))
            acc["balance"] = float(entry.pop("balance", 0.0))
            acc["access_users"].update(entry.pop("access_users", []))
            acc["access_groups"].update(entry.pop("access_groups", []))
            for key, value in entry.items():
                acc["props"][key] = _seed_str(value)
        for entry in data.get("printers", []):
            entry = dict(entry)
            prn = self._new_printer(entry.pop("server"), entry.pop("printer"))
            prn["cost_per_page"] = float(entry.pop("cost_per_page", 0.0))
            prn["groups"].update(entry.pop("groups", []))
            prn["access_groups"].update(entry.pop("access_groups", []))
            for key, value in entry.items():
                prn["props"][key] = _seed_str(value)
        for group, quota in data.get("quotas", {}).items():
            self.groups.setdefault(group, {})["quota"] = {
                "amount": float(quota.get("amount", 0.0)), "period": quota.get("period", "NONE"),
                "max_accumulation": float(quota.get("max_accumulation", 0.0))}
        self.config.update(dict((k, _seed_str(v)) for k, v in data.get("config", {}).items()))

    def configure(self, data):
        if "auth_token" in data:
            self.auth_token = data.pop("auth_token")
        if "task_polls" in data:
            self.task_polls = int(data.pop("task_polls"))
        if "task_seconds" in data:
            self.task_seconds = float(data.pop("task_seconds"))
        for name in SWITCHES:
            if name in data:
                setattr(self, name, _as_bool(data.pop(name)))
        return data

    def reset_switches(self):
        """Back to the default (strict) readings; for test fixtures."""
        self.task_polls = 2
        self.task_seconds = 0.0
        for name, default in SWITCHES.items():
            setattr(self, name, default)

    def _new_user(self, name, internal=False, password=""):
        user = {"internal": internal, "password": password, "balance": 0.0, "groups": set(),
                "props": dict(USER_DEFAULTS), "accounts": {}}
        for prop in ("full-name", "email", "department", "office", "notes", "primary-card-number",
                     "secondary-card-number", "card-pin", "home", "username-alias"):
            user["props"].setdefault(prop, "")
        self.users[name] = user
        return user

    # -- wire --------------------------------------------------------------------
    def handle_api(self, request):
        if request.path != RPC_PATH:
            return Response(404, "<html><head><title>404 Not Found</title></head><body>Not Found</body></html>",
                            content_type="text/html")
        if request.method != "POST":
            return Response(405, "<html><body>HTTP method %s is not supported by this URL</body></html>"
                            % request.method, content_type="text/html")
        try:
            params, name = xmlrpc.client.loads(request.body)
        except (ExpatError, ValueError, xmlrpc.client.ResponseError) as exc:
            return self._fault_response(0, "org.apache.xmlrpc.common.XmlRpcInvocationException: Failed to parse "
                                           "XML-RPC request: %s" % exc)
        method = (name or "")[4:] if (name or "").startswith("api.") else (name or "")
        entry = self.methods.get(method) if (name or "").startswith("api.") else None
        write = bool(entry and entry["write"])
        args = list(params[1:]) if (entry is None or entry["token"]) else list(params)
        fault = self.take_fault(method)
        result_box = {}

        def process():
            result_box["response"] = self._invoke(name, method, entry, list(params), request, write, args)
            return result_box["response"]

        if fault is not None:
            if fault.kind == "fault":
                self.log_call(method, request.path, args, write, False, error="injected fault")
                return self._fault_response(int(fault.spec.get("code", 257)),
                                            fault.spec.get("string", "Injected fault"))
            response = apply_generic_fault(fault, process)
            if response is not None:
                if "response" not in result_box:
                    self.log_call(method, request.path, args, write, False, status=response.status,
                                  error="injected %s" % fault.kind)
                return response
        return process()

    def _invoke(self, name, method, entry, params, request, write, args):
        if entry is None:
            self.log_call(method, request.path, args, False, False, error="no such method")
            return self._fault_response(-1, "java.lang.NoSuchMethodException: No such handler: %s" % name)
        types = tuple(_type_of(p) for p in params)
        if entry["token"]:
            if not params or not isinstance(params[0], str):
                return self._no_such_method(method, types, request, args)
            given = types[1:]
        else:
            given = types
        if not any(_matches(sig, given) for sig in entry["sigs"]):
            return self._no_such_method(method, types, request, args)
        if entry["token"] and params[0] != self.auth_token:
            self.log_call(method, request.path, args, write, False, error="auth")
            return self._fault_response(
                0, "org.apache.xmlrpc.XmlRpcException: java.lang.SecurityException: Invalid authentication "
                   "token. Check auth.webservices.auth-token.")
        try:
            with self.lock:
                self._advance_task_clock()
                result = entry["fn"](*(params[1:] if entry["token"] else params))
        except PaperCutFault as fault:
            self.log_call(method, request.path, args, write, False, error="fault %s" % fault.code)
            return self._fault_response(fault.code, fault.text)
        self.log_call(method, request.path, args, write, True)
        if result is None:
            result = True  # void methods answer boolean true on the wire
        body = xmlrpc.client.dumps((result,), methodresponse=True, allow_none=False)
        return Response(200, body, content_type="text/xml")

    def _no_such_method(self, method, types, request, args):
        self.log_call(method, request.path, args, False, False, error="NoSuchMethodException")
        java = ", ".join(JAVA.get(t, t) for t in types)
        return self._fault_response(-1, "java.lang.NoSuchMethodException: biz.papercut.pcng.server.ws.ApiRPCHandler."
                                        "%s(%s)" % (method, java))

    def _fault_response(self, code, text):
        if self.pre_19_2_faults:
            # ../shared/reference/papercut-xmlrpc.md, "Fault codes (19.2 and later; older servers only give a Java
            # exception string)" and "Behaviours that surprise": before 19.2 every error is code -1 with its text
            code = -1
        body = xmlrpc.client.dumps(xmlrpc.client.Fault(code, text), methodresponse=True)
        return Response(200, body, content_type="text/xml")

    # -- method table ------------------------------------------------------------
    def method(self, name, sigs, write=False, token=True):
        def register(fn):
            self.methods[name] = {"sigs": [tuple(s) for s in sigs], "write": write, "token": token, "fn": fn}
            return fn
        return register

    def _register(self):
        S, I, D, B = "string", "int", "double", "boolean"
        m = self.method
        m("isUserExists", [(S,)])(lambda u: u in self.users)
        m("getUserProperty", [(S, S)])(lambda u, p: self._get_props(u, [p])[0])
        m("getUserProperties", [(S, "string[]")])(self._get_props)
        m("setUserProperty", [(S, S, S)], write=True)(lambda u, p, v: self._set_props(u, [[p, v]]))
        m("setUserProperties", [(S, "string[][]")], write=True)(self._set_props)
        # Only the signatures ../shared/reference/papercut-xmlrpc.md ("Methods") lists: the balance methods
        # take the accountName argument; a shorter call is a NoSuchMethodException (Java reflection, "Wire basics").
        m("getUserAccountBalance", [(S, S)])(self._get_balance)
        m("setUserAccountBalance", [(S, D, S, S)], write=True)(self._set_balance)
        m("adjustUserAccountBalance", [(S, D, S, S)], write=True)(self._adjust_balance)
        m("adjustUserAccountBalanceIfAvailable", [(S, D, S, S)], write=True)(self._adjust_if_available)
        m("setUserAccountBalanceByGroup", [(S, D, S, S)], write=True)(self._set_balance_by_group)
        m("adjustUserAccountBalanceByGroup", [(S, D, S, S)], write=True)(self._adjust_by_group)
        m("addNewUser", [(S,)], write=True)(self._add_new_user)
        m("addNewInternalUser", [(S, S, S, S, S, S), (S, S, S, S, S, S, B)], write=True)(self._add_internal_user)
        m("deleteExistingUser", [(S,), (S, B)], write=True)(self._delete_user)
        m("renameUserAccount", [(S, S)], write=True)(self._rename_user)
        m("disablePrintingForUser", [(S, I)], write=True)(self._disable_printing)
        m("lookUpUserNameByCardNo", [(S,)])(lambda c: self._lookup("primary-card-number", c))
        m("lookUpUserNameByEmail", [(S,)])(lambda e: self._lookup("email", e))
        m("getUserGroups", [(S,)])(lambda u: sorted(self._user(u)["groups"]))
        m("addUserToGroup", [(S, S)], write=True)(self._add_to_group)
        m("removeUserFromGroup", [(S, S)], write=True)(self._remove_from_group)
        m("listUserAccounts", [(I, I)])(lambda o, n: self._page(sorted(self.users), o, n))
        m("getTotalUsers", [()])(lambda: len(self.users))
        m("listUserGroups", [(I, I)])(lambda o, n: self._page(sorted(list(BUILTIN_GROUPS) + list(self.groups)), o, n))
        m("getGroupMembers", [(S, I, I)])(self._group_members)
        m("isGroupExists", [(S,)])(lambda g: g in self.groups or g in BUILTIN_GROUPS)
        m("addNewGroup", [(S,)], write=True)(self._add_group)
        m("removeGroup", [(S,)], write=True)(self._remove_group)
        m("getTaskStatus", [()], token=False)(self._task_status)
        m("performUserAndGroupSync", [()], write=True)(lambda: self._start_sync(False))
        m("performUserAndGroupSyncAdvanced", [(B, B)], write=True)(lambda d, u: self._start_sync(u))
        m("performGroupSync", [()], write=True)(lambda: self._start_sync(False))
        m("addNewUsers", [()], write=True)(lambda: self._start_sync(False))
        m("getConfigValue", [(S,)])(lambda k: self.config.get(k, ""))
        m("setConfigValue", [(S, S)], write=True)(self._set_config)
        m("performOnlineBackup", [()], write=True)(self._start_backup)
        m("setGroupQuota", [(S, D, S, D)], write=True)(self._set_quota)
        m("getGroupQuota", [(S,)])(self._get_quota)
        m("syncGroup", [(S,)], write=True)(lambda g: self._group(g) or True)
        # shared accounts
        m("isSharedAccountExists", [(S,)])(lambda a: a in self.shared_accounts)
        m("listSharedAccounts", [(I, I)])(lambda o, n: self._page(sorted(self.shared_accounts), o, n))
        m("addNewSharedAccount", [(S,)], write=True)(self._add_account)
        m("deleteExistingSharedAccount", [(S,)], write=True)(self._delete_account)
        m("renameSharedAccount", [(S, S)], write=True)(self._rename_account)
        m("getSharedAccountAccountBalance", [(S,)])(lambda a: self._account(a)["balance"])
        m("setSharedAccountAccountBalance", [(S, D, S)], write=True)(self._set_account_balance)
        m("adjustSharedAccountAccountBalance", [(S, D, S)], write=True)(self._adjust_account_balance)
        m("getSharedAccountProperty", [(S, S)])(lambda a, p: self._get_account_props(a, [p])[0])
        m("getSharedAccountProperties", [(S, "string[]")])(self._get_account_props)
        m("setSharedAccountProperty", [(S, S, S)], write=True)(lambda a, p, v: self._set_account_props(a, [[p, v]]))
        m("setSharedAccountProperties", [(S, "string[][]")], write=True)(self._set_account_props)
        m("disableSharedAccount", [(S, I)], write=True)(self._disable_account)
        m("addSharedAccountAccessUser", [(S, S)], write=True)(lambda a, u: self._account_access(a, "user", u, True))
        m("removeSharedAccountAccessUser", [(S, S)], write=True)(
            lambda a, u: self._account_access(a, "user", u, False))
        m("addSharedAccountAccessGroup", [(S, S)], write=True)(lambda a, g: self._account_access(a, "group", g, True))
        m("removeSharedAccountAccessGroup", [(S, S)], write=True)(
            lambda a, g: self._account_access(a, "group", g, False))
        # printers
        m("listPrinters", [(I, I)])(lambda o, n: self._page([TEMPLATE_PRINTER] + sorted(self.printers), o, n))
        m("getPrinterProperty", [(S, S, S)])(lambda s_, p, n: self._get_printer_props(s_, p, [n])[0])
        m("getPrinterProperties", [(S, S, "string[]")])(self._get_printer_props)
        m("setPrinterProperty", [(S, S, S, S)], write=True)(lambda s_, p, n, v: self._set_printer_props(s_, p, [[n, v]]))
        m("setPrinterProperties", [(S, S, "string[][]")], write=True)(
            lambda s_, p, pairs: self._set_printer_props(s_, p, pairs) or True)
        m("getPrinterCostSimple", [(S, S)])(self._get_printer_cost)
        m("setPrinterCostSimple", [(S, S, D)], write=True)(self._set_printer_cost)
        m("disablePrinter", [(S, S, I)], write=True)(self._disable_printer)
        m("enablePrinter", [(S, S)], write=True)(self._enable_printer)
        m("deletePrinter", [(S, S)], write=True)(self._delete_printer)
        m("resetPrinterCounts", [(S, S, S)], write=True)(self._reset_printer_counts)
        m("applyDeviceSettings", [(S,)], write=True)(lambda d: self._printer("device", d) and True)
        m("addPrinterGroup", [(S, S, S)], write=True)(self._add_printer_group)
        m("setPrinterGroups", [(S, S, S)], write=True)(self._set_printer_groups)
        m("addPrinterAccessGroup", [(S, S, S)], write=True)(lambda s_, p, g: self._printer_access(s_, p, g, True))
        m("removePrinterAccessGroup", [(S, S, S)], write=True)(lambda s_, p, g: self._printer_access(s_, p, g, False))

    # -- helpers -----------------------------------------------------------------
    def _user(self, username):
        if not username:
            raise PaperCutFault(259, "The username cannot be blank.")
        user = self.users.get(username)
        if user is None:
            raise PaperCutFault(262, "The user '%s' cannot be found." % username)
        return user

    def _group(self, group):
        if not group:
            raise PaperCutFault(280, "The group name cannot be blank.")
        if group not in self.groups and group not in BUILTIN_GROUPS:
            raise PaperCutFault(263, "The group '%s' cannot be found." % group)

    @staticmethod
    def _page(items, offset, limit):
        return items[offset:offset + limit]

    def _get_props(self, username, names):
        user = self._user(username)
        values = []
        for name in names:
            if not name:
                raise PaperCutFault(260, "The property name cannot be blank.")
            if name == "balance":
                values.append(_fmt_money(user["balance"]))
            elif name == "internal":
                values.append("true" if user["internal"] else "false")
            elif name == "card-number":
                values.append(user["props"].get("primary-card-number", ""))
            elif name == "card-pin" and not self.card_pin_readable:
                # ../shared/reference/papercut-xmlrpc.md, "Properties": card-pin is set-only in the newest
                # official proxy; reading a property the server does not offer to read is the same fault as an
                # unknown one (261, "the property is invalid"; as for the set-only password)
                raise PaperCutFault(261, "The property '%s' is invalid." % name)
            elif name in USER_PROPS_RW or name in USER_PROPS_RO:
                values.append(user["props"].get(name, ""))
            else:
                raise PaperCutFault(261, "The property '%s' is invalid." % name)
        return values

    def _set_props(self, username, pairs):
        user = self._user(username)
        staged = {}
        for name, value in _property_pairs(pairs):
            if name == "password":
                if not user["internal"]:
                    raise PaperCutFault(270, "The password can only be set on internal users.")
                if not value:
                    raise PaperCutFault(258, "The password cannot be blank.")
            elif name not in USER_PROPS_RW:
                raise PaperCutFault(261, "The property '%s' is invalid or cannot be set." % name)
            elif name in USER_BOOL_PROPS:
                value = _bool_value(name, value)
            elif name == "card-pin":
                self._check_pin(username, value)
            elif name == "email" and value and not re.match(r"^[^@\s]+@[^@\s]+$", value):
                raise PaperCutFault(269, "The email '%s' is not valid." % value)
            elif name == "balance":
                if self.multiple_personal_accounts:
                    # ../shared/reference/papercut-xmlrpc.md, fault 274: "cannot set balance this way with
                    # multiple personal accounts" (the balance property names no account)
                    raise PaperCutFault(274, "The balance cannot be set this way when multiple personal accounts "
                                             "are enabled.")
                _check_balance_value(value)
            elif name == "overdraft-amount":
                value = _overdraft_value(value)
            elif name == "username-alias" and value:
                for other, data in self.users.items():
                    if other != username and data["props"].get("username-alias") == value:
                        raise PaperCutFault(267, "The user alias '%s' is not unique." % value)
            staged["primary-card-number" if name == "card-number" else name] = value
        for name, value in staged.items():
            if name == "password":
                user["password"] = value
            elif name == "balance":
                self._txn(username, float(value) - user["balance"], "", "set")
                user["balance"] = float(value)
            else:
                user["props"][name] = value

    def _check_pin(self, username, pin):
        if pin == "":
            return
        if not pin.isdigit():
            raise PaperCutFault(271, "The PIN is invalid: it must contain digits only.")
        if len(pin) < 4:
            raise PaperCutFault(273, "The PIN is too short: at least 4 digits are required.")
        for other, data in self.users.items():
            if other != username and data["props"].get("card-pin") == pin:
                raise PaperCutFault(272, "The PIN is not unique.")

    def _txn(self, username, amount, comment, kind, personal_account=None):
        txn = {"id": len(self.transactions) + 1, "account": username, "amount": round(amount, 6),
               "comment": comment, "kind": kind, "time": time.time()}
        if personal_account:
            txn["personal_account"] = personal_account
        self.transactions.append(txn)

    @staticmethod
    def _check_amount(value):
        if math.isnan(value) or math.isinf(value):
            raise PaperCutFault(275, "The balance value is not valid.")

    # Personal accounts. ../shared/reference/papercut-xmlrpc.md, "Behaviours that surprise" (official Java
    # proxy): with several personal accounts enabled, getUserAccountBalance(user, "") returns the total of the
    # user's personal accounts while setUserAccountBalance(user, x, comment, "") sets the default account; the
    # accountName argument (method table) names one account. With one personal account (the default), "" is it.
    # A name the server does not know: no source gives the fault; general error 257 (fault table) with our text.
    def _personal_account(self, username, user, account):
        if not account:
            return None
        if not self.multiple_personal_accounts or account not in user["accounts"]:
            raise PaperCutFault(257, "The personal account '%s' of user '%s' cannot be found." % (account, username))
        return account

    def _get_balance(self, username, account=""):
        user = self._user(username)
        named = self._personal_account(username, user, account)
        if named is not None:
            return user["accounts"][named]
        if self.multiple_personal_accounts:
            return user["balance"] + sum(user["accounts"].values())
        return user["balance"]

    def _set_balance(self, username, balance, comment, account=""):
        user = self._user(username)
        self._check_amount(balance)
        named = self._personal_account(username, user, account)
        have = user["accounts"][named] if named is not None else user["balance"]
        self._txn(username, balance - have, comment, "set", named)
        if named is not None:
            user["accounts"][named] = balance
        else:
            user["balance"] = balance

    def _adjust_balance(self, username, amount, comment, account=""):
        user = self._user(username)
        self._check_amount(amount)
        named = self._personal_account(username, user, account)
        self._txn(username, amount, comment, "adjust", named)
        if named is not None:
            user["accounts"][named] += amount
        else:
            user["balance"] += amount

    def _adjust_if_available(self, username, amount, comment, account):
        user = self._user(username)
        if user["balance"] + amount < 0 and user["props"].get("restricted") == "true":
            return False
        self._adjust_balance(username, amount, comment, account)
        return True

    def _set_balance_by_group(self, group, balance, comment, account=""):
        self._group(group)
        for name in self._members(group):
            self._set_balance(name, balance, comment, account)

    def _adjust_by_group(self, group, amount, comment, account=""):
        self._group(group)
        for name in self._members(group):
            self._adjust_balance(name, amount, comment, account)

    def _members(self, group):
        if group == "!!All Users!!":
            return sorted(self.users)
        if group == "!!Internal Users!!":
            return sorted(n for n, u in self.users.items() if u["internal"])
        return sorted(n for n, u in self.users.items() if group in u["groups"])

    def _add_new_user(self, username):
        if not username:
            raise PaperCutFault(259, "The username cannot be blank.")
        if username in self.users:
            return
        entry = self.directory.get(username)
        if entry is None:
            # like the real server: nothing to import, nothing said
            return
        user = self._new_user(username)
        for key, value in entry.items():
            if key == "groups":
                user["groups"].update(value)
            else:
                user["props"][key] = value

    def _add_internal_user(self, username, password, full_name, email, card_id, pin, send_email=False):
        if not username:
            raise PaperCutFault(259, "The username cannot be blank.")
        if not password:
            raise PaperCutFault(258, "The password cannot be blank.")
        if username in self.users:
            raise PaperCutFault(257, "A user with the name '%s' already exists." % username)
        if email and not re.match(r"^[^@\s]+@[^@\s]+$", email):
            raise PaperCutFault(269, "The email '%s' is not valid." % email)
        self._check_pin(username, pin)
        user = self._new_user(username, internal=True, password=password)
        user["props"].update({"full-name": full_name, "email": email, "primary-card-number": card_id,
                              "card-pin": pin})

    def _delete_user(self, username, redact=False):
        self._user(username)
        del self.users[username]

    def _rename_user(self, old, new):
        user = self._user(old)
        if new in self.users:
            raise PaperCutFault(257, "A user with the name '%s' already exists." % new)
        self.users[new] = user
        del self.users[old]

    def _disable_printing(self, username, minutes):
        self._user(username)["props"]["disabled-print"] = "true" if minutes != 0 else "false"

    def _lookup(self, prop, value):
        for name, user in sorted(self.users.items()):
            if value and user["props"].get(prop) == value:
                return name
        return ""

    def _add_to_group(self, username, group):
        user = self._user(username)
        self._group(group)
        user["groups"].add(group)

    def _remove_from_group(self, username, group):
        user = self._user(username)
        self._group(group)
        user["groups"].discard(group)

    def _group_members(self, group, offset, limit):
        self._group(group)
        return self._page(self._members(group), offset, limit)

    def _directory_groups(self):
        groups = set(self.directory_groups)
        for entry in self.directory.values():
            groups.update(entry.get("groups", []))
        return groups

    def _add_group(self, group):
        """addNewGroup starts a background task; the group is in PaperCut only once it completes.

        Source: ../shared/reference/papercut-xmlrpc.md, "Behaviours that surprise" (official Java proxy: the
        group is not there when the call returns; its status is watched with getTaskStatus).
        """
        if not group:
            raise PaperCutFault(280, "The group name cannot be blank.")

        def add():
            if group in self.groups or group in BUILTIN_GROUPS:
                return None
            if self.add_any_group or group in self._directory_groups():
                self.groups[group] = {}
                return None
            return "Group '%s' was not found in the user directory." % group
        self._start_task("Adding group '%s'..." % group, "Group '%s' added." % group, add)

    def _remove_group(self, group):
        self._group(group)
        if group in BUILTIN_GROUPS:
            raise PaperCutFault(257, "The built-in group '%s' cannot be removed." % group)
        del self.groups[group]
        for user in self.users.values():
            user["groups"].discard(group)

    # -- config, tasks, quotas -------------------------------------------------------
    def _set_config(self, key, value):
        if not key:
            raise PaperCutFault(257, "The config name cannot be blank.")
        self.config[key] = value

    def _start_backup(self):
        self._start_task("Performing online backup...", "Backup complete.")

    def _set_quota(self, group, amount, period, max_accumulation):
        self._group(group)
        if group in BUILTIN_GROUPS:
            raise PaperCutFault(257, "The built-in group '%s' cannot have a quota." % group)
        if period not in QUOTA_PERIODS:
            raise PaperCutFault(257, "Invalid quota period '%s'. Valid periods: %s." % (period, ", ".join(QUOTA_PERIODS)))
        self._check_amount(amount)
        self._check_amount(max_accumulation)
        self.groups[group]["quota"] = {"amount": amount, "period": period, "max_accumulation": max_accumulation}

    def _get_quota(self, group):
        self._group(group)
        quota = self.groups.get(group, {}).get("quota") or {"amount": 0.0, "period": "NONE", "max_accumulation": 0.0}
        return {"QuotaAmount": quota["amount"], "QuotaPeriod": quota["period"],
                "QuotaMaxAccumulation": quota["max_accumulation"]}

    # -- shared accounts ---------------------------------------------------------------
    def _new_account(self, name):
        acc = {"props": {"comment-option": "COMMENT_OPTIONAL", "disabled": "false", "invoice-option": "USER_CHOICE_ON",
                         "notes": "", "overdraft-amount": "0.00", "pin": "", "restricted": "false",
                         "account-id": str(1000 + len(self.shared_accounts) + len(self.transactions))},
               "balance": 0.0, "access_users": set(), "access_groups": set()}
        self.shared_accounts[name] = acc
        return acc

    def _account(self, name):
        if not name:
            raise PaperCutFault(257, "The shared account name cannot be blank.")
        acc = self.shared_accounts.get(name)
        if acc is None:
            raise PaperCutFault(257, "The shared account '%s' does not exist." % name)
        return acc

    def _add_account(self, name):
        if not name:
            raise PaperCutFault(257, "The shared account name cannot be blank.")
        if name in self.shared_accounts:
            raise PaperCutFault(257, "The shared account '%s' already exists." % name)
        parent, sep, _sub = name.partition("\\")
        if sep and parent not in self.shared_accounts:
            raise PaperCutFault(257, "The parent account '%s' does not exist." % parent)
        self._new_account(name)

    def _delete_account(self, name):
        self._account(name)
        for other in [n for n in self.shared_accounts if n == name or n.startswith(name + "\\")]:
            del self.shared_accounts[other]

    def _rename_account(self, old, new):
        acc = self._account(old)
        if new in self.shared_accounts:
            raise PaperCutFault(257, "The shared account '%s' already exists." % new)
        self.shared_accounts[new] = acc
        del self.shared_accounts[old]

    def _account_txn(self, name, amount, comment, kind):
        self.transactions.append({"id": len(self.transactions) + 1, "account": "shared:" + name,
                                  "amount": round(amount, 6), "comment": comment, "kind": kind, "time": time.time()})

    def _set_account_balance(self, name, balance, comment):
        acc = self._account(name)
        self._check_amount(balance)
        self._account_txn(name, balance - acc["balance"], comment, "set")
        acc["balance"] = balance

    def _adjust_account_balance(self, name, amount, comment):
        acc = self._account(name)
        self._check_amount(amount)
        self._account_txn(name, amount, comment, "adjust")
        acc["balance"] += amount

    def _get_account_props(self, name, names):
        acc = self._account(name)
        values = []
        for prop in names:
            if not prop:
                raise PaperCutFault(260, "The property name cannot be blank.")
            if prop == "balance":
                values.append(_fmt_money(acc["balance"]))
            elif prop == "access-users":
                values.append(",".join(sorted(acc["access_users"])))
            elif prop == "access-groups":
                values.append(",".join(sorted(acc["access_groups"])))
            elif prop in ACCOUNT_PROPS_RW or prop in ACCOUNT_PROPS_RO:
                values.append(acc["props"].get(prop, ""))
            else:
                raise PaperCutFault(261, "The property '%s' is invalid." % prop)
        return values

    def _set_account_props(self, name, pairs):
        acc = self._account(name)
        staged = {}
        for prop, value in _property_pairs(pairs):
            if prop not in ACCOUNT_PROPS_RW:
                raise PaperCutFault(261, "The property '%s' is invalid or cannot be set." % prop)
            if prop in ACCOUNT_BOOL_PROPS:
                value = _bool_value(prop, value)
            elif prop in ACCOUNT_CHOICES and value not in ACCOUNT_CHOICES[prop]:
                raise PaperCutFault(261, "The value '%s' is not valid for property '%s'." % (value, prop))
            elif prop == "pin" and value:
                if not value.isdigit():
                    raise PaperCutFault(271, "The PIN is invalid: it must contain digits only.")
                for other, data in self.shared_accounts.items():
                    if other != name and data["props"].get("pin") == value:
                        raise PaperCutFault(272, "The PIN is not unique.")
            elif prop == "overdraft-amount":
                value = _overdraft_value(value)
            elif prop == "balance":
                _check_balance_value(value)
            staged[prop] = value
        for prop, value in staged.items():
            if prop == "balance":
                self._account_txn(name, float(value) - acc["balance"], "", "set")
                acc["balance"] = float(value)
            else:
                acc["props"][prop] = value

    def _disable_account(self, name, minutes):
        self._account(name)["props"]["disabled"] = "true" if minutes != 0 else "false"

    def _account_access(self, name, kind, who, add):
        acc = self._account(name)
        if kind == "user":
            self._user(who)
            target = acc["access_users"]
        else:
            self._group(who)
            target = acc["access_groups"]
        if add:
            target.add(who)
        else:
            target.discard(who)

    # -- printers ------------------------------------------------------------------------
    def _new_printer(self, server, printer):
        prn = {"server": server, "printer": printer, "cost_per_page": 0.0, "groups": set(), "access_groups": set(),
               "disabled_minutes": 0,
               "props": {"cost-model": "SIMPLE", "disabled": "false", "print-stats.job-count": "0",
                         "print-stats.page-count": "0", "printer-id": str(2000 + len(self.printers))}}
        for i in range(1, 7):
            prn["props"]["custom-field-%d" % i] = ""
        self.printers["%s\\%s" % (server, printer)] = prn
        return prn

    def _printer(self, server, printer):
        if not server:
            raise PaperCutFault(281, "The server name cannot be blank.")
        if not printer:
            raise PaperCutFault(282, "The printer/device name cannot be blank.")
        prn = self.printers.get("%s\\%s" % (server, printer))
        if prn is None:
            raise PaperCutFault(283, "The printer/device '%s\\%s' cannot be found." % (server, printer))
        return prn

    def _get_printer_props(self, server, printer, names):
        prn = self._printer(server, printer)
        values = []
        for prop in names:
            if not prop:
                raise PaperCutFault(260, "The property name cannot be blank.")
            if prop in PRINTER_PROPS_RW or prop in PRINTER_PROPS_RO:
                values.append(prn["props"].get(prop, ""))
            elif prop.startswith("advanced-config."):
                values.append(prn["props"].get(prop, ""))
            else:
                raise PaperCutFault(261, "The property '%s' is invalid." % prop)
        return values

    def _set_printer_props(self, server, printer, pairs):
        prn = self._printer(server, printer)
        staged = {}
        for prop, value in _property_pairs(pairs):
            if prop == "cost-model":
                if value not in COST_MODELS:
                    raise PaperCutFault(285, "The cost model type '%s' is invalid." % value)
            elif prop == "disabled":
                value = _bool_value(prop, value)
            elif prop.startswith("advanced-config."):
                if server != "device":
                    raise PaperCutFault(261, "The property '%s' only applies to devices." % prop)
            elif prop not in PRINTER_PROPS_RW:
                raise PaperCutFault(261, "The property '%s' is invalid or cannot be set." % prop)
            staged[prop] = value
        prn["props"].update(staged)

    def _get_printer_cost(self, server, printer):
        """Seed 000: "Get the page cost if, and only if, the printer is using the Simple Charging Model."
        Another model: a fault. No source gives its code or text: general error 257 with our words."""
        prn = self._printer(server, printer)
        if prn["props"].get("cost-model", "SIMPLE") != "SIMPLE":
            raise PaperCutFault(257, "The printer '%s\\%s' uses the %s charging model, not the simple one."
                                % (server, printer, prn["props"]["cost-model"]))
        return prn["cost_per_page"]

    def _set_printer_cost(self, server, printer, cost):
        prn = self._printer(server, printer)
        self._check_amount(cost)
        if cost < 0:
            raise PaperCutFault(257, "The cost per page cannot be negative.")
        prn["cost_per_page"] = cost
        prn["props"]["cost-model"] = "SIMPLE"

    def _disable_printer(self, server, printer, minutes):
        prn = self._printer(server, printer)
        prn["disabled_minutes"] = minutes
        prn["props"]["disabled"] = "false" if minutes == 0 else "true"

    def _enable_printer(self, server, printer):
        self._disable_printer(server, printer, 0)

    def _delete_printer(self, server, printer):
        self._printer(server, printer)
        del self.printers["%s\\%s" % (server, printer)]

    def _reset_printer_counts(self, server, printer, reset_by):
        prn = self._printer(server, printer)
        prn["props"].update({"print-stats.job-count": "0", "print-stats.page-count": "0"})

    def _add_printer_group(self, server, printer, group):
        if not group:
            raise PaperCutFault(280, "The group name cannot be blank.")
        self._printer(server, printer)["groups"].add(group)

    def _set_printer_groups(self, server, printer, names):
        prn = self._printer(server, printer)
        prn["groups"] = set(g.strip() for g in names.split(",") if g.strip())

    def _printer_access(self, server, printer, group, add):
        prn = self._printer(server, printer)
        self._group(group)
        if add:
            prn["access_groups"].add(group)
        else:
            prn["access_groups"].discard(group)

    def _start_sync(self, update_details):
        def import_new_users():
            for name in self.directory:
                if name not in self.users:
                    self._add_new_user(name)
        self._start_task("Synchronizing users and groups...", "Sync complete.", import_new_users,
                         update_details=update_details)

    # Background tasks: seed 000 (performGroupSync, performUserAndGroupSync, addNewUsers: "the operation will
    # complete in the background"; getTaskStatus returns "a struct (hashtable/map) containing elements with keys
    # completed and message") and ../shared/reference/papercut-xmlrpc.md ("Background tasks", and
    # "api.addNewGroup runs in the background, like the syncs"). The server reports one status: a task started
    # while another runs becomes the reported one, and what the earlier one does still happens when it ends.
    # The message texts are this simulator's own words (no source gives them); clients must not parse them.
    def _start_task(self, running, done, on_complete=None, **extra):
        self.task = dict(extra, completed=False, message=running, done_message=done, polls_left=self.task_polls,
                         started=time.time())
        if on_complete is not None:
            self._on_complete.append(on_complete)

    def _finish_task(self):
        task = self.task
        task["completed"] = True
        task["message"] = task.pop("done_message", "Task complete.")
        pending, self._on_complete = self._on_complete, []
        for action in pending:
            message = action()
            if message:
                task["message"] = message

    def _advance_task_clock(self):
        """Time passes for a background task whether or not anyone polls (``task_seconds``)."""
        task = self.task
        if not task["completed"] and self.task_seconds > 0 and time.time() - task["started"] >= self.task_seconds:
            self._finish_task()

    def _task_status(self):
        task = self.task
        if not task["completed"]:
            task["polls_left"] -= 1
            if task["polls_left"] <= 0:
                self._finish_task()
        return {"completed": task["completed"], "message": task["message"]}
