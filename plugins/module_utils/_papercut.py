# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""PaperCut MF/NG XML-RPC client.

Internal to the collection; may change in any release.

Requests are encoded with ``xmlrpc.client.dumps`` and sent through
``_http.HttpClient`` rather than ``xmlrpc.client.Transport``: the standard
transport silently re-sends a request when the connection drops before the
reply, which for ``adjustUserAccountBalance`` is a double charge.
"""

from __future__ import annotations

import re
import time
import xmlrpc.client
from xml.parsers.expat import ExpatError

from ansible_collections.printops.print_management.plugins.module_utils._http import (
    AmbiguousResult,
    ClientError,
    HttpClient,
    Redactor,
    xmlrpc_loads,
)
from ansible_collections.printops.print_management.plugins.module_utils._validate import (
    BadAnswer,
    expect,
    expect_number,
)

RPC_PATH = "/rpc/api/xmlrpc"
PAGE_SIZE = 1000
#: groups every PaperCut server has; they cannot be removed, given a quota, joined or left
BUILTIN_GROUPS = frozenset(["!!All Users!!", "!!Internal Users!!"])

# PaperCut 19.2+ fault codes (older servers only send a Java exception text).
FAULT_MEANINGS = {
    257: "general / unknown error",
    258: "password cannot be blank",
    259: "username cannot be blank",
    260: "property name cannot be blank",
    261: "the property is invalid",
    262: "user cannot be found",
    263: "group cannot be found",
    264: "overdraft value invalid",
    267: "user alias not unique",
    268: "email not unique",
    269: "email not valid",
    270: "password can only be set on internal users",
    271: "PIN is invalid",
    272: "PIN is not unique",
    273: "PIN too short",
    274: "cannot set balance this way with multiple personal accounts",
    275: "balance value not valid",
    280: "group name blank",
    281: "server name blank",
    282: "printer/device name blank",
    283: "printer/device not found",
    285: "cost model type invalid",
}


class PaperCutError(ClientError):
    """A fault answered by the PaperCut server."""

    def __init__(self, message, code=None, fault_string=None, method=None):
        super().__init__(message, details={"fault_code": code, "method": method})
        self.code = code
        self.fault_string = fault_string
        self.method = method


class AuthenticationError(PaperCutError):
    """Wrong auth token, or the caller's address is not on the allow-list."""


class NotFoundError(PaperCutError):
    """The user, group, account or printer does not exist."""


class UserNotFound(NotFoundError):
    pass


class GroupNotFound(NotFoundError):
    pass


class PrinterNotFound(NotFoundError):
    pass


class InvalidProperty(PaperCutError):
    pass


class NoSuchMethod(PaperCutError):
    """Wrong arity or types, or a method this server version lacks."""


class MultiplePersonalAccounts(PaperCutError):
    """Fault 274: the balance cannot be set this way when users have several personal accounts."""


class TaskTimeout(PaperCutError):
    """A background task (``getTaskStatus``) did not complete in time."""


class NotPaperCut(ClientError):
    """The URL answered, but not as a PaperCut XML-RPC API."""


_CODE_CLASSES = {262: UserNotFound, 263: GroupNotFound, 283: PrinterNotFound, 261: InvalidProperty,
                 274: MultiplePersonalAccounts}

# Servers before 19.2 give no distinct code (-1 or none), only the text: it is read first, and
# only a -1 whose text says nothing known is taken for "no such method"
# (../shared/reference/papercut-xmlrpc.md, "Fault codes" and "Behaviours that surprise").
_TEXT_CLASSES = [
    (re.compile(r"(?i)NoSuchMethodException|No method matching|No such handler"), NoSuchMethod),
    (re.compile(r"(?i)(auth(entication)?[ -]?token|unauthori[sz]ed|not (permitted|allowed) to (access|call)|"
                r"access denied)"), AuthenticationError),
    (re.compile(r"(?i)(user|username)\b.*(does not exist|not found|cannot be found|unknown)|unknown user"),
     UserNotFound),
    (re.compile(r"(?i)group\b.*(does not exist|not found|cannot be found|unknown)"), GroupNotFound),
    (re.compile(r"(?i)(printer|device)\b.*(does not exist|not found|cannot be found|unknown)"), PrinterNotFound),
    (re.compile(r"(?i)(invalid|unknown) property|property .* (is )?(invalid|unknown|not valid)"), InvalidProperty),
    (re.compile(r"(?i)multiple personal accounts"), MultiplePersonalAccounts),
]


def endpoint_from_url(url):
    """Accept ``https://host:9192`` or the full ``.../rpc/api/xmlrpc`` URL."""
    if not url or not re.match(r"(?i)^https?://[^/\s]+", url):
        raise ClientError("papercut_url must be an http(s) URL such as https://papercut.example.edu:9192, got %r"
                          % (url,))
    url = url.rstrip("/")
    if url.lower().endswith(RPC_PATH):
        return url
    return url + RPC_PATH


def to_bool(value):
    """PaperCut property getters return booleans as the strings true/false."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "y", "yes", "1")


def _answer(method, first=None):
    """How an answer is named in a wrong-shape error: the answer to PaperCut api.getUserGroups('jo')."""
    return "the answer to PaperCut api.%s%s" % (method, "(%r)" % (first,) if first is not None else "")


def _values(values, names, method, first):
    """The values of a get*Properties call: one string per name asked."""
    what = _answer(method, first)
    expect(values, "list", what)
    if len(values) != len(names):
        raise BadAnswer("expected %d values (one per property asked: %s) in %s, got %d. The server did not answer "
                        "as the API documents; nothing more was done with this answer."
                        % (len(names), ", ".join(names), what, len(values)))
    for index, value in enumerate(values):
        if isinstance(value, (dict, list, tuple)):
            expect(value, "string", what, "the value of %r" % names[index])
    return dict(zip(names, values))


def to_prop(value):
    """Values sent to set*Properties must be strings; booleans lowercase."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "%s" % (value,)


def to_props(values):
    """A dict of property values as set*Properties takes them (see :func:`to_prop`)."""
    return dict((name, to_prop(value)) for name, value in (values or {}).items())


class PaperCutClient(object):
    """Every call to a PaperCut server goes through :meth:`call`."""

    # how background tasks are waited for; tests replace these on the instance
    sleep = staticmethod(time.sleep)
    clock = staticmethod(time.monotonic)
    TASK_POLL_FIRST = 0.25
    TASK_POLL_MAX = 2.0

    def __init__(self, url, auth_token, http=None, page_size=PAGE_SIZE, **http_options):
        if not auth_token:
            raise ClientError("papercut_auth_token is required")
        self.endpoint = endpoint_from_url(url)
        self._token = auth_token
        self.page_size = page_size
        if http is None:
            http = HttpClient(redactor=Redactor([auth_token]), **http_options)
        else:
            http.redact.add(auth_token)
        self.http = http
        self.calls = 0

    @property
    def redact(self):
        return self.http.redact

    # -- the one request path ------------------------------------------------
    def call(self, method, *args, **kwargs):
        """Call ``api.<method>`` with the auth token prepended.

        ``idempotent=False`` marks a call that must never be sent twice.
        ``with_token=False`` is for ``getTaskStatus``, which takes no token.
        """
        idempotent = kwargs.pop("idempotent", True)
        with_token = kwargs.pop("with_token", True)
        if kwargs:
            raise TypeError("unexpected arguments %s" % sorted(kwargs))
        params = ((self._token,) if with_token else ()) + tuple(args)
        body = xmlrpc.client.dumps(params, methodname="api." + method, encoding="utf-8", allow_none=False)
        what = "PaperCut api.%s" % method
        if args and isinstance(args[0], str) and method not in _SECRET_FIRST_ARG:
            what += "(%r)" % args[0]
        self.calls += 1
        # a read whose answer timed out is asked again; a set is not (its first sending may still run)
        response = self.http.request(
            "POST", self.endpoint, idempotent=idempotent, what=what, data=body.encode("utf-8"),
            headers={"Content-Type": "text/xml; charset=utf-8", "Accept": "text/xml"},
            retry_timeout=_READ.match(method) is not None)
        return self._decode(response, method, what, idempotent)

    def _decode(self, response, method, what, idempotent):
        status = response.status_code
        if status in (401, 403):
            raise AuthenticationError(self.redact(
                "PaperCut refused %s with HTTP %s. Check papercut_auth_token and that this host's address is "
                "allowed under Options > Advanced > Allowed XML Web Services callers." % (what, status)),
                method=method)
        if status != 200:
            raise NotPaperCut(self.redact(
                "%s does not look like a PaperCut XML-RPC API: HTTP %s for %s. Check papercut_url (it should "
                "point at the PaperCut application server, port 9191 or 9192)." % (self.endpoint, status, what)),
                status=status)
        try:
            result, _name = xmlrpc_loads(response.content)
        except xmlrpc.client.Fault as fault:
            raise self._fault(method, what, fault)
        except (ExpatError, xmlrpc.client.ResponseError, ValueError, TypeError, IndexError) as exc:
            if not idempotent:
                raise AmbiguousResult(self.redact(
                    "The answer to %s could not be read (%s); the server may or may not have applied it. "
                    "It was not re-sent." % (what, exc)))
            content_type = response.headers.get("Content-Type", "")
            raise NotPaperCut(self.redact(
                "%s did not answer %s with XML-RPC (Content-Type %r, %s). Check papercut_url." %
                (self.endpoint, what, content_type, exc)))
        if not result:
            return None
        return result[0]

    def _fault(self, method, what, fault):
        code = fault.faultCode if isinstance(fault.faultCode, int) else None
        text = self.redact(fault.faultString or "")
        cls = _CODE_CLASSES.get(code)
        if cls is None:
            for pattern, candidate in _TEXT_CLASSES:
                if pattern.search(text):
                    cls = candidate
                    break
        if cls is None and code == -1 and not text.strip():
            # a bare -1 is what a wrong signature gives; with a text we do not know, it is an
            # ordinary error of a server before 19.2 and its text says what went wrong
            cls = NoSuchMethod
        cls = cls or PaperCutError
        meaning = FAULT_MEANINGS.get(code)
        message = "%s failed: %s" % (what, text.strip() or "no message")
        if code is not None and code not in (0, -1):
            message += " (fault %s%s)" % (code, ": " + meaning if meaning else "")
        if cls is NoSuchMethod:
            message += ". The server does not offer this call with these argument types; it may be older than " \
                       "this collection expects."
        if cls is AuthenticationError:
            message += ". Check papercut_auth_token and the server's allowed XML Web Services callers."
        return cls(message, code=code, fault_string=text, method=method)

    # -- paging ------------------------------------------------------------------
    def paged(self, method, *args):
        """Yield every item of a ``list*(..., offset, limit)`` call, page by page."""
        offset = 0
        while True:
            what = _answer(method, args[0] if args else None)
            page = expect(self.call(method, *(args + (offset, self.page_size))) or [], "list", what)
            for item in page:
                yield expect(item, "string", what, "an item")
            if len(page) < self.page_size:
                return
            offset += self.page_size

    # -- users ---------------------------------------------------------------------
    def user_exists(self, username):
        return bool(self.call("isUserExists", username))

    def get_user_properties(self, username, names):
        """Return {name: string value} for the given property names."""
        names = list(names)
        if not names:
            return {}
        values = self.call("getUserProperties", username, names)
        return _values(values, names, "getUserProperties", username)

    def set_user_properties(self, username, values):
        pairs = [[name, to_prop(value)] for name, value in values.items()]
        if pairs:
            self.call("setUserProperties", username, pairs)

    def set_user_property(self, username, name, value):
        self.call("setUserProperty", username, name, to_prop(value))

    def get_user_balance(self, username, account=""):
        return expect_number(self.call("getUserAccountBalance", username, account),
                             _answer("getUserAccountBalance", username))

    def set_user_balance(self, username, balance, comment="", account=""):
        # setting an absolute value is idempotent: safe to retry
        self.call("setUserAccountBalance", username, float(balance), comment or "", account)

    def adjust_user_balance(self, username, amount, comment="", account=""):
        # never retried: a lost answer may hide an applied adjustment
        self.call("adjustUserAccountBalance", username, float(amount), comment or "", account, idempotent=False)

    # Creates are never re-sent by the transport: a create whose answer was lost raises
    # AmbiguousResult, and the caller reads whether the object is there now. A blind re-send
    # of a create that was applied fails with "already exists" (issue 15).
    def add_new_user(self, username):
        self.call("addNewUser", username, idempotent=False)

    def add_new_internal_user(self, username, password, full_name="", email="", card_id="", pin=""):
        self.call("addNewInternalUser", username, password, full_name or "", email or "", card_id or "", pin or "",
                  idempotent=False)

    def delete_user(self, username, redact_user_data=False):
        if redact_user_data:
            self.call("deleteExistingUser", username, True)
        else:
            # the one-argument form works on every server version
            self.call("deleteExistingUser", username)

    def get_user_groups(self, username):
        groups = expect(self.call("getUserGroups", username) or [], "list", _answer("getUserGroups", username))
        return [expect(g, "string", _answer("getUserGroups", username), "a group") for g in groups]

    def add_user_to_group(self, username, group):
        self.call("addUserToGroup", username, group)

    def remove_user_from_group(self, username, group):
        self.call("removeUserFromGroup", username, group)

    def list_users(self):
        return self.paged("listUserAccounts")

    def group_exists(self, group):
        return bool(self.call("isGroupExists", group))

    def task_status(self):
        """``{completed: bool, message: str}`` of the server's background task (seed 000, getTaskStatus)."""
        status = self.call("getTaskStatus", with_token=False)
        if not isinstance(status, dict) or "completed" not in status:
            raise PaperCutError(self.redact("PaperCut api.getTaskStatus answered %r, not a struct with the keys "
                                            "completed and message" % (status,)), method="getTaskStatus")
        return {"completed": to_bool(status.get("completed")), "message": "%s" % (status.get("message") or "")}

    def wait_for_task(self, timeout, what="the background task"):
        """Poll ``getTaskStatus`` until it says completed; raise TaskTimeout after ``timeout`` seconds.

        Polls quickly at first (a short task is done within a second) and then every
        ``TASK_POLL_MAX`` seconds. Returns the last status.
        """
        deadline = self.clock() + float(timeout)
        delay = self.TASK_POLL_FIRST
        while True:
            status = self.task_status()
            if status["completed"]:
                return status
            remaining = deadline - self.clock()
            if remaining <= 0:
                raise TaskTimeout(self.redact(
                    "PaperCut had not completed %s after %s seconds (its last status: %r)"
                    % (what, timeout, status["message"])), method="getTaskStatus")
            self.sleep(min(delay, remaining))
            delay = min(delay * 2, self.TASK_POLL_MAX)

    # -- groups and quotas ----------------------------------------------------------
    def add_group(self, group):
        """Start adding a group; it runs in the background (see :meth:`wait_for_task`).

        ../shared/reference/papercut-xmlrpc.md, "Behaviours that surprise": the group is not in
        PaperCut when the call returns. A re-send after a lost answer only starts the same add again.
        """
        self.call("addNewGroup", group)

    def remove_group(self, group):
        self.call("removeGroup", group)

    def list_groups(self):
        return self.paged("listUserGroups")

    def group_members(self, group):
        return self.paged("getGroupMembers", group)

    def get_group_quota(self, group):
        """{amount, period, max_accumulation} of a group's quota."""
        what = _answer("getGroupQuota", group)
        quota = expect(self.call("getGroupQuota", group) or {}, "object", what)
        return {"amount": expect_number(quota.get("QuotaAmount", 0.0) or 0.0, what, "QuotaAmount"),
                "period": str(expect(quota.get("QuotaPeriod", "NONE") or "NONE", "string", what, "QuotaPeriod")).upper(),
                "max_accumulation": expect_number(quota.get("QuotaMaxAccumulation", 0.0) or 0.0, what,
                                                  "QuotaMaxAccumulation")}

    def set_group_quota(self, group, amount, period, max_accumulation):
        self.call("setGroupQuota", group, float(amount), period, float(max_accumulation))

    # -- shared accounts -------------------------------------------------------------
    def shared_account_exists(self, name):
        return bool(self.call("isSharedAccountExists", name))

    def list_shared_accounts(self):
        return self.paged("listSharedAccounts")

    def get_shared_account_properties(self, name, names):
        names = list(names)
        if not names:
            return {}
        return _values(self.call("getSharedAccountProperties", name, names), names, "getSharedAccountProperties", name)

    def set_shared_account_properties(self, name, values):
        pairs = [[prop, to_prop(value)] for prop, value in values.items()]
        if pairs:
            self.call("setSharedAccountProperties", name, pairs)

    def get_shared_account_balance(self, name):
        return expect_number(self.call("getSharedAccountAccountBalance", name),
                             _answer("getSharedAccountAccountBalance", name))

    def set_shared_account_balance(self, name, balance, comment=""):
        # an absolute value: safe to retry
        self.call("setSharedAccountAccountBalance", name, float(balance), comment or "")

    def adjust_shared_account_balance(self, name, amount, comment=""):
        # never retried: a lost answer may hide an applied adjustment
        self.call("adjustSharedAccountAccountBalance", name, float(amount), comment or "", idempotent=False)

    def add_shared_account(self, name):
        # never re-sent by the transport: see add_new_user
        self.call("addNewSharedAccount", name, idempotent=False)

    def delete_shared_account(self, name):
        self.call("deleteExistingSharedAccount", name)

    def add_shared_account_access(self, name, kind, who):
        """``kind`` is ``user`` or ``group``."""
        self.call("addSharedAccountAccess" + kind.capitalize(), name, who)

    def remove_shared_account_access(self, name, kind, who):
        self.call("removeSharedAccountAccess" + kind.capitalize(), name, who)

    # -- printers --------------------------------------------------------------------
    def list_printers(self):
        """Yield (server, printer) pairs; the template printer is left out."""
        for entry in self.paged("listPrinters"):
            if entry == TEMPLATE_PRINTER:
                continue
            server, sep, printer = entry.partition("\\")
            if sep:
                yield server, printer

    def get_printer_properties(self, server, printer, names):
        names = list(names)
        if not names:
            return {}
        return _values(self.call("getPrinterProperties", server, printer, names), names, "getPrinterProperties",
                       "%s\\%s" % (server, printer))

    def _true_or_refused(self, answer, method, first):
        """A write documented to answer a boolean (reference "Methods": setPrinterProperties,
        applyDeviceSettings) that answers false did not do it: say so, never report success."""
        if answer is False:
            raise PaperCutError(self.redact("PaperCut api.%s(%r) answered false: it did not apply the change"
                                            % (method, first)), method=method)
        return answer

    def set_printer_properties(self, server, printer, values):
        pairs = [[prop, to_prop(value)] for prop, value in values.items()]
        if pairs:
            self._true_or_refused(self.call("setPrinterProperties", server, printer, pairs), "setPrinterProperties",
                                  "%s\\%s" % (server, printer))

    def set_printer_property(self, server, printer, name, value):
        self.call("setPrinterProperty", server, printer, name, to_prop(value))

    def get_printer_cost_simple(self, server, printer):
        return expect_number(self.call("getPrinterCostSimple", server, printer),
                             _answer("getPrinterCostSimple", "%s\\%s" % (server, printer)))

    def set_printer_cost_simple(self, server, printer, cost):
        self.call("setPrinterCostSimple", server, printer, float(cost))

    def enable_printer(self, server, printer):
        self.call("enablePrinter", server, printer)

    def disable_printer(self, server, printer, minutes=-1):
        """``minutes=-1`` disables until re-enabled."""
        self.call("disablePrinter", server, printer, int(minutes))

    def delete_printer(self, server, printer):
        self.call("deletePrinter", server, printer)

    def apply_device_settings(self, device):
        self._true_or_refused(self.call("applyDeviceSettings", device), "applyDeviceSettings", device)

    def set_printer_groups(self, server, printer, groups):
        """Replace the printer's printer groups (PaperCut takes one comma-separated string)."""
        self.call("setPrinterGroups", server, printer, ",".join(groups))

    def add_printer_group(self, server, printer, group):
        self.call("addPrinterGroup", server, printer, group)

    def add_printer_access_group(self, server, printer, group):
        self.call("addPrinterAccessGroup", server, printer, group)

    def remove_printer_access_group(self, server, printer, group):
        self.call("removePrinterAccessGroup", server, printer, group)

    # -- background tasks --------------------------------------------------------------
    def start_task(self, task, delete_non_existent_users=False, update_user_details=False):
        """Start a background task; never re-sent after an ambiguous failure (it would start twice)."""
        if task not in TASK_METHODS:
            raise ClientError("unknown background task %r; known: %s" % (task, ", ".join(sorted(TASK_METHODS))))
        args = ()
        if task == "user_group_sync_advanced":
            args = (bool(delete_non_existent_users), bool(update_user_details))
        self.call(TASK_METHODS[task], *args, idempotent=False)

    # -- configuration ---------------------------------------------------------------------
    def get_config_value(self, name):
        value = self.call("getConfigValue", name)
        if isinstance(value, (dict, list, tuple)):
            expect(value, "string", _answer("getConfigValue", name))
        return "" if value is None else "%s" % (value,)

    def set_config_value(self, name, value):
        self.call("setConfigValue", name, to_prop(value))

    # -- construction from a module's connection options (see _module.CONNECTION_SPECS) --
    @classmethod
    def from_module(cls, module):
        """The client for ``module``'s papercut_* options; a bad option fails the task."""
        token = module.params["papercut_auth_token"]
        try:
            return cls(module.params["papercut_url"], token, http=HttpClient.from_module(module, secrets=[token]))
        except ClientError as exc:
            error = str(exc)
        module.fail_json(msg=error)  # outside the except: no traceback of the handled error (see _module.run)


# Methods that change nothing on the server (the API's reads are named so).
_READ = re.compile(r"(get|list|is|lookUp)[A-Z]")

# Methods whose first argument is a secret and must not appear in messages.
_SECRET_FIRST_ARG = frozenset(["changeInternalAdminPassword"])

TEMPLATE_PRINTER = "!!template printer!!"

TASK_METHODS = {
    "user_group_sync": "performUserAndGroupSync",
    "user_group_sync_advanced": "performUserAndGroupSyncAdvanced",
    "group_sync": "performGroupSync",
    "add_new_users": "addNewUsers",
    "online_backup": "performOnlineBackup",
}
