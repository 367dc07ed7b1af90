# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""SavaPage web services client: RESTful admin and user services, public
JSON-RPC, and the XML-RPC one-time login token.

Internal to the collection; may change in any release.

Every request goes through ``_http.HttpClient`` (one TLS, timeout and retry
policy for the whole collection). SavaPage quirks handled here, from
../shared/reference/savapage-notes.md:

* REST answers are ``text/plain`` holding JSON, with the misspelt key
  ``succes``; an ``Accept`` header without text/plain is answered 406.
* A 401 carries no ``WWW-Authenticate`` challenge, so Basic credentials are
  sent pre-emptively on every request.
* Setting a balance to its current value answers ``succes: false`` with
  "amount identical to current balance.": nothing changed, not a failure.
* JSON-RPC is HTTPS only and, from another host, only ``systemStatus`` and
  ``authUserSource`` may be called.
* ``onetime-auth.createToken`` answers an XML-RPC nil, not a fault, when TTP
  login is disabled or the API key is wrong.
* Releases differ on the balance POST (docs/docsite/rst/guide_compatibility.rst):
  the 1.6-era manual documents ``adjust``, ``details`` and the new balance as
  ``result``; the 1.5.0 server reads only ``type``, ``name`` and ``amount``,
  always SETS, and answers ``{"succes": true}`` without ``result``. So a
  missing ``result`` never means "unchanged" (the balance is read back), and
  an adjustment is only sent to a server whose ``GET /system/version`` says
  1.6 or later (read at most once per client, that is once per task).
"""

from __future__ import annotations

import base64
import json
import re
import threading
import xmlrpc.client
from decimal import Decimal, InvalidOperation
from urllib.parse import quote, urlencode
from xml.parsers.expat import ExpatError

from ansible_collections.printops.print_management.plugins.module_utils._http import (
    AmbiguousResult,
    ClientError,
    HttpClient,
    Redactor,
    TLSError,
    xmlrpc_loads,
)

REST_PATH = "/restful/v1"
JSONRPC_PATH = "/jsonrpc/v1"
XMLRPC_PATH = "/xmlrpc/v1"
ACCOUNT_TYPES = ("USER", "GROUP", "SHARED")
TRX_TYPES = ("ADJUST", "DEPOSIT", "GATEWAY", "INITIAL", "PDF_OUT", "PRINT_IN", "PRINT_OUT", "PURCHASE",
             "TRANSFER", "VOUCHER")
SYSTEM_STATUSES = ("READY", "SETUP", "MAINTENANCE", "UNAVAILABLE")
# The balance routes produce text/plain; anything that excludes it gets a 406.
ACCEPT = "text/plain, application/json;q=0.9, */*;q=0.8"
IDENTICAL = "amount identical to current balance"
# SavaPage counts differences below one cent as identical.
CENT = Decimal("0.01")
MICRO = Decimal("0.000001")
# The first release whose balance POST honours adjust=true (and details, and answers result).
# The 1.5.0 server source does not read adjust; the manual that documents it is 1.6-era
# (docs/docsite/rst/guide_compatibility.rst has the sources).
ADJUST_SINCE = (1, 6)
_VERSION = re.compile(r"(?i)^\s*savapage\s+v?(\d+)\.(\d+)(?:\.(\d+))?")


class SavaPageError(ClientError):
    """An error answered by the SavaPage server."""


class AuthenticationError(SavaPageError):
    """Wrong credentials or API key, or this host's address is not allowed."""


class AccountNotFound(SavaPageError):
    """The USER, GROUP or SHARED account does not exist."""


class JsonRpcError(SavaPageError):
    """A JSON-RPC error object."""

    def __init__(self, message, code=None, reason=None, method=None):
        super().__init__(message, details={"jsonrpc_code": code, "method": method})
        self.code = code
        self.reason = reason


class NotSavaPage(ClientError):
    """The URL answered, but not as a SavaPage server."""


class UnsupportedByServer(ClientError):
    """The server's release cannot do what was asked; nothing was sent."""


def parse_version(text):
    """``(major, minor, patch)`` from a ``GET /system/version`` text such as
    ``SavaPage 1.6.0 (Build 20240315)`` or ``SavaPage 1.2.0-rc (Build 20200121)``; None when unreadable."""
    match = _VERSION.match(text or "")
    if not match:
        return None
    return tuple(int(part or 0) for part in match.groups())


class ServerVersion(object):
    """What ``GET /system/version`` said: ``text`` and ``number`` (a tuple), or why it could not be read."""

    def __init__(self, text=None, problem=None):
        self.text = text
        self.number = parse_version(text) if text else None
        if text is not None and self.number is None and problem is None:
            problem = "its answer %r is not a SavaPage version" % _excerpt(text, 80)
        self.problem = problem

    @property
    def honours_adjust(self):
        return self.number is not None and self.number[:2] >= ADJUST_SINCE

    def describe(self):
        if self.number is not None:
            return self.text
        return "a SavaPage server whose version could not be read (%s)" % self.problem


_NOT_FOUND = re.compile(r"(?i)(not found|does not exist|unknown (user|account|group)|no such)")


def base_from_url(url):
    """Accept ``https://host:8632``, with or without a service path such as ``/restful/v1``."""
    if not url or not re.match(r"(?i)^https?://[^/\s]+", url):
        raise ClientError("savapage_url must be an http(s) URL such as https://savapage.example.edu:8632, got %r"
                          % (url,))
    url = url.rstrip("/")
    for path in (REST_PATH, JSONRPC_PATH, XMLRPC_PATH):
        if url.lower().endswith(path):
            return url[:-len(path)]
    return url


def to_amount(value, what="amount"):
    """A money amount as a Decimal; raises a clear error for anything non-numeric."""
    if isinstance(value, bool):
        raise ClientError("%s must be a number, got %r" % (what, value))
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ClientError("%s must be a number, got %r" % (what, value))
    if not amount.is_finite():
        raise ClientError("%s must be a finite number, got %r" % (what, value))
    try:
        return amount.quantize(MICRO)
    except InvalidOperation:
        # too many digits to hold to the micro-unit (1e999999999): no amount at all
        raise ClientError("%s must be an amount, got a number too large to be one: %s" % (what, str(value)[:40]))


def format_amount(value):
    """The decimal text sent to SavaPage (``2.5``, ``-10``), never an exponent."""
    text = format(to_amount(value).normalize(), "f")
    return "0" if text in ("-0", "") else text


def wire_amount(value):
    """The ``amount`` of the balance POST: at least two decimals, as seed 002 C.2.3.2.8 writes it
    (``amount=2.50``, ``-2.50``); finer amounts keep their digits (SavaPage holds six)."""
    amount = to_amount(value)
    if amount == amount.quantize(CENT):
        amount = amount.quantize(CENT)
    text = format(amount.normalize() if amount != amount.quantize(CENT) else amount, "f")
    return "0.00" if text in ("-0.00", "-0") else text


def format_cents(value, what="amount"):
    """An amount with exactly two decimals (``15.00``), as ``POST /financial/transfer`` reads it.

    Seed 002 C.2.3.3.3 sends ``amount=15.00``; the server source (RestFinancialService.userTransferBalance,
    savapage-server 1.5.0) documents the parameter as "Decimal point amount with two decimal fraction" and
    splits it into whole units and cents (BigDecimalUtil.getAmountParts): ``2.5`` is not two and a half
    there, and a fraction of a cent has no place. Refused rather than rounded: money is not guessed.
    """
    amount = to_amount(value, what)
    if amount != amount.quantize(CENT):
        raise ClientError("%s must be a whole number of cents (two decimals at most), got %r" % (what, value))
    return format(amount.quantize(CENT), "f")


def query_string(params):
    """``k=v&...`` with spaces as ``%20``, as seed 002 C.2.3.2.8 writes them (``details=my%20text``).

    The usual form encoding writes a space as ``+``, which a server that follows RFC 3986 (a ``+`` in a
    query is a plus) reads as a plus: the seed's ``%20`` is read as a space by every server.
    """
    return urlencode([(k, "%s" % v) for k, v in params.items() if v is not None], quote_via=quote, safe="")


def same_amount(left, right):
    return abs(to_amount(left) - to_amount(right)) < CENT


def check_account_type(account_type):
    account_type = str(account_type or "").upper()
    if account_type not in ACCOUNT_TYPES:
        raise ClientError("account_type must be one of %s, got %r" % (", ".join(ACCOUNT_TYPES), account_type))
    return account_type


def _basic(username, password):
    return "Basic " + base64.b64encode(("%s:%s" % (username, password)).encode("utf-8")).decode("ascii")


class SavaPageClient(object):
    """Every call to a SavaPage server goes through :meth:`rest`, :meth:`jsonrpc` or :meth:`xmlrpc`."""

    def __init__(self, url, username=None, password=None, api_key=None, http=None, **http_options):
        self.base = base_from_url(url)
        self.username = username
        self._password = password
        self._api_key = api_key
        if http is None:
            http = HttpClient(redactor=Redactor(), **http_options)
        self.http = http
        for secret in (password, api_key):
            http.redact.add(secret)
        if username and password:
            # the encoded header could surface in an exception text
            http.redact.add(_basic(username, password)[6:])
        self.calls = 0
        self._server_version = None
        self._version_lock = threading.Lock()

    @property
    def redact(self):
        return self.http.redact

    @property
    def is_https(self):
        return self.base.lower().startswith("https://")

    # -- transport -----------------------------------------------------------------
    def _send(self, method, path, what, idempotent, **kwargs):
        self.calls += 1
        try:
            return self.http.request(method, self.base + path, idempotent=idempotent, what=what, **kwargs)
        except TLSError as exc:
            raise TLSError("%s SavaPage uses a self-signed certificate unless one was installed: pass it "
                           "(or its CA) as ca_path." % exc)

    def _admin_auth(self, what):
        if not self.username or not self._password:
            raise ClientError("%s needs the RESTful admin credentials: set savapage_username and "
                              "savapage_password (config keys api.restful.auth.username/password)." % what)
        return _basic(self.username, self._password)

    def rest(self, method, path, what, params=None, body=None, auth="admin", idempotent=None,
             content_type=None, raw=False):
        """Call a RESTful service; returns the decoded JSON (or the raw response with ``raw``).

        ``auth`` is ``"admin"``, ``None`` (public services) or a ``(userid, uuid)`` pair.
        """
        if idempotent is None:
            # as HttpClient decides: a GET is a read, and an unreadable answer to a read is not ambiguous
            idempotent = method.upper() in ("GET", "HEAD", "PUT", "DELETE", "OPTIONS")
        headers = {"Accept": ACCEPT}
        if auth == "admin":
            headers["Authorization"] = self._admin_auth(what)
        elif auth:
            userid, uuid = auth
            self.redact.add(uuid)
            headers["Authorization"] = _basic(userid, uuid)
        if body is not None:
            headers["Content-Type"] = content_type or "application/json"
        if params:
            # encoded here, not by the transport: spaces as %20 (see query_string)
            path = path + "?" + query_string(params)
        response = self._send(method, REST_PATH + path, what, idempotent, data=body, headers=headers)
        self._check_status(response, what, auth)
        if raw:
            return response
        return self._json(response, what, idempotent)

    def _check_status(self, response, what, auth):
        status = response.status_code
        if status == 401:
            if auth == "admin":
                hint = "Check savapage_username and savapage_password (api.restful.auth.username/password)."
            else:
                hint = "Check the user id and the user's UUID."
            raise AuthenticationError("SavaPage refused %s: HTTP 401 Unauthorized. %s" % (what, hint), status=401)
        if status == 403:
            raise AuthenticationError(
                "SavaPage refused %s: HTTP 403 Forbidden. This host's address is probably not in "
                "api.restful.ip-addresses-allowed." % what, status=403)
        if status == 404:
            raise NotSavaPage("%s does not look like a SavaPage server: HTTP 404 for %s. Check savapage_url "
                              "(for example https://savapage.example.edu:8632)." % (self.base, what), status=404)
        if status != 200:
            raise SavaPageError(self.redact("SavaPage answered HTTP %s to %s: %s"
                                            % (status, what, _excerpt(response.text))), status=status)

    def _json(self, response, what, idempotent):
        try:
            return _loads(response.content.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            if not idempotent:
                raise AmbiguousResult(self.redact(
                    "The answer to %s could not be read (%s); the server may or may not have applied it. "
                    "It was not re-sent." % (what, exc)))
            raise NotSavaPage(self.redact("%s did not answer %s with JSON (Content-Type %r): %s. Check "
                                          "savapage_url." % (self.base, what, response.headers.get("Content-Type"),
                                                             _excerpt(response.text))))

    # -- RESTful public services ---------------------------------------------------
    def version(self):
        response = self.rest("GET", "/system/version", "GET /system/version", auth=None, raw=True)
        text = response.text.strip()
        if not text.lower().startswith("savapage"):
            raise NotSavaPage("%s did not answer GET /system/version like SavaPage (%r). Check savapage_url."
                              % (self.base, _excerpt(text, 80)))
        return text

    def server_version(self):
        """The server's release, read once per client (bulk threads share it); never raises for an
        answer that is missing or unreadable: that is a ServerVersion without a number.

        Admin credentials go along when configured: older servers (2019 source) guard the route with
        the RESTful admin role, newer ones answer anyone.
        """
        with self._version_lock:
            if self._server_version is None:
                auth = "admin" if self.username and self._password else None
                try:
                    response = self.rest("GET", "/system/version", "GET /system/version", auth=auth, raw=True)
                    self._server_version = ServerVersion(response.text.strip())
                except TLSError:
                    raise
                except ClientError as exc:
                    # 404, 401, a server error, no answer: unknown, which refuses adjust (never a write)
                    self._server_version = ServerVersion(problem=self.redact(str(exc)))
            return self._server_version

    def check_adjust_supported(self, what="an adjustment"):
        """Raise UnsupportedByServer unless the server honours ``adjust=true``; sends no write.

        A server that would set where we ask to add is never sent an adjustment; neither is one whose
        version cannot be read (the stricter reading: a 1.5 server would set the balance to the amount).
        """
        version = self.server_version()
        if version.honours_adjust:
            return version
        if version.number is not None:
            reason = ("%s does not honour adjust: before SavaPage %s the balance POST ignores adjust=true and SETS "
                      "the balance to the amount" % (version.text, ".".join(str(n) for n in ADJUST_SINCE)))
        else:
            reason = ("%s; adjust is only sent to SavaPage %s or later, because an older server SETS the balance "
                      "to the amount" % (version.describe(), ".".join(str(n) for n in ADJUST_SINCE)))
        raise UnsupportedByServer("%s was refused before anything was sent: %s. Nothing was changed; set an exact "
                                  "amount with the balance option instead." % (what, reason))

    # -- RESTful admin services: account balances ------------------------------------
    def _balance_answer(self, answer, what, account_type, name, identical_ok=False, idempotent=True):
        if not isinstance(answer, dict) or "succes" not in answer:
            if not idempotent:
                raise AmbiguousResult(self.redact("The answer to %s was not understood (%s); the server may or "
                                                  "may not have applied it. It was not re-sent."
                                                  % (what, _excerpt(json.dumps(answer)))))
            raise NotSavaPage("unexpected answer to %s: %s" % (what, _excerpt(json.dumps(answer))))
        if answer.get("succes"):
            return answer.get("result")
        error = str(answer.get("error") or "no error message")
        if identical_ok and IDENTICAL in error.lower():
            return None
        if _NOT_FOUND.search(error):
            raise AccountNotFound("%s account '%s' does not exist: SavaPage said %r" % (account_type, name, error))
        raise SavaPageError(self.redact("%s failed: %s" % (what, error)))

    def get_balance(self, account_type, name):
        """The account's balance as a Decimal; raises AccountNotFound."""
        account_type = check_account_type(account_type)
        what = "reading the balance of %s account '%s'" % (account_type, name)
        answer = self.rest("GET", "/financial/account/balance", what, params={"type": account_type, "name": name})
        return to_amount(self._balance_answer(answer, what, account_type, name), "the balance in the answer to " + what)

    def set_balance(self, account_type, name, amount, details=None):
        """Set an exact balance. Returns the resulting balance, or None when it was already that amount
        (the server's "amount identical to current balance.", nothing written).

        A success without ``result`` (SavaPage 1.5) or with an unreadable one is a success: the balance
        is read back, never taken as "unchanged". Setting an absolute value is idempotent: safe to retry.
        """
        account_type = check_account_type(account_type)
        what = "setting the balance of %s account '%s'" % (account_type, name)
        params = {"type": account_type, "name": name, "amount": wire_amount(amount)}
        if details:
            params["details"] = details
        answer = self.rest("POST", "/financial/account/balance", what, params=params, idempotent=True)
        # a refusal raises, except "amount identical to current balance." which is None
        result = self._balance_answer(answer, what, account_type, name, identical_ok=True)
        if not answer.get("succes"):
            return None
        try:
            return to_amount(result, "the balance in the answer to " + what)
        except ClientError:
            # applied, but no (readable) new balance in the answer: ask for it
            return self.get_balance(account_type, name)

    def adjust_balance(self, account_type, name, amount, details=None):
        """Add ``amount`` (may be negative); returns the resulting balance.

        Never re-sent: a lost answer may hide an applied adjustment. Never sent to a server that would
        set instead (UnsupportedByServer, before any write).
        """
        account_type = check_account_type(account_type)
        what = "adjusting the balance of %s account '%s' by %s" % (account_type, name, format_amount(amount))
        self.check_adjust_supported(what)
        params = {"type": account_type, "name": name, "amount": wire_amount(amount), "adjust": "true"}
        if details:
            params["details"] = details
        answer = self.rest("POST", "/financial/account/balance", what, params=params, idempotent=False)
        result = self._balance_answer(answer, what, account_type, name, idempotent=False)
        try:
            return to_amount(result, "balance")
        except ClientError:
            # applied (succes: true) but the new balance is unreadable: the caller reads it again
            return None

    # -- RESTful admin services: reports ----------------------------------------------
    def account_trx_report(self, select, sort=None, media_type="CSV"):
        """The account transaction report as bytes (CSV or PDF)."""
        media_type = str(media_type).upper()
        what = "the account transaction report (%s)" % media_type
        body = {"select": select, "media_type": media_type}
        if sort:
            body["sort"] = sort
        # a report is a read: retrying it is safe
        response = self.rest("POST", "/reports/accounttrx", what, body=json.dumps(body).encode("utf-8"),
                             idempotent=True, raw=True)
        content = response.content
        content_type = response.headers.get("Content-Type", "").lower()
        if content[:1] == b"{" or "json" in content_type:
            # errors come back as 200 with {"error": "..."}
            try:
                error = json.loads(content.decode("utf-8")).get("error")
            except (ValueError, UnicodeDecodeError, AttributeError):
                error = None
            if error:
                raise SavaPageError(self.redact("SavaPage refused %s: %s" % (what, error)))
        if media_type == "PDF" and not content.startswith(b"%PDF"):
            raise NotSavaPage("%s did not answer %s with a PDF document: %s"
                              % (self.base, what, _excerpt(content[:200])))
        return content

    # -- RESTful user services ------------------------------------------------------
    def user_balance(self, userid, uuid):
        what = "reading the balance of user '%s' (user services)" % userid
        answer = self.rest("GET", "/financial/balance", what, auth=(userid, uuid))
        return to_amount(self._balance_answer(answer, what, "USER", userid), "the balance in the answer to " + what)

    def transfer(self, userid, uuid, to_name, amount):
        """Transfer credit between users: not idempotent, never re-sent."""
        cents = format_cents(amount)
        what = "transferring %s from user '%s' to '%s'" % (cents, userid, to_name)
        answer = self.rest("POST", "/financial/transfer", what, auth=(userid, uuid), idempotent=False,
                           params={"name": to_name, "amount": cents})
        self._balance_answer(answer, what, "USER", to_name, idempotent=False)

    # -- JSON-RPC ------------------------------------------------------------------
    def jsonrpc(self, method, params=None):
        """Call a public JSON-RPC method with the X-Auth-Key; returns ``result``."""
        what = "JSON-RPC %s" % method
        if not self._api_key:
            raise ClientError("%s needs the JSON-RPC secret key: set savapage_api_key (config key "
                              "api.jsonrpc.secret-key)." % what)
        request = {"jsonrpc": "2.0", "id": "printops", "method": method}
        if params is not None:
            request["params"] = params
        # the JSON-RPC calls used read (status, credential checks): asked again after a timeout
        response = self._send("POST", JSONRPC_PATH, what, True, retry_timeout=True,
                              data=json.dumps(request).encode("utf-8"),
                              headers={"X-Auth-Key": self._api_key, "Accept": "application/json",
                                       "Content-Type": "application/json"})
        if response.status_code in (401, 403):
            raise AuthenticationError("SavaPage refused %s: HTTP %s. Check savapage_api_key and "
                                      "api.jsonrpc.ext.ip-addresses-allowed." % (what, response.status_code),
                                      status=response.status_code)
        if response.status_code != 200:
            raise NotSavaPage(self.redact("%s did not answer %s as SavaPage: HTTP %s: %s. Check savapage_url."
                                          % (self.base, what, response.status_code, _excerpt(response.text))),
                              status=response.status_code)
        answer = self._json(response, what, True)
        if not isinstance(answer, dict):
            raise NotSavaPage("unexpected answer to %s: %s" % (what, _excerpt(json.dumps(answer))))
        if answer.get("error"):
            raise self._jsonrpc_error(method, what, answer["error"])
        result = answer.get("result")
        if not isinstance(result, dict) or "data" not in result:
            raise NotSavaPage("unexpected answer to %s: %s" % (what, _excerpt(json.dumps(answer))))
        return result["data"]

    def _jsonrpc_error(self, method, what, error):
        if not isinstance(error, dict):
            error = {"message": str(error)}
        code = error.get("code")
        message = self.redact(str(error.get("message") or ""))
        data = error.get("data") if isinstance(error.get("data"), dict) else {}
        reason = self.redact(str(data.get("reason") or ""))
        text = " ".join(t for t in (message, reason if reason not in message else "") if t) or "no message"
        lowered = text.lower()
        if "secure connection required" in lowered:
            return JsonRpcError("%s failed: SavaPage answers JSON-RPC over HTTPS only (%s). Use an https:// "
                                "savapage_url." % (what, text), code=code, reason=reason, method=method)
        if re.search(r"(?i)(x-auth-key|secret.?key|api.?key|not allowed|denied|unauthori[sz]ed|forbidden|"
                     r"not permitted|access)", lowered):
            return JsonRpcError("%s was refused: %s (code %s). Check savapage_api_key (api.jsonrpc.secret-key) "
                                "and that this host's address is in api.jsonrpc.ext.ip-addresses-allowed; from "
                                "another host only systemStatus and authUserSource can be called."
                                % (what, text, code), code=code, reason=reason, method=method)
        return JsonRpcError("%s failed: %s (code %s)" % (what, text, code), code=code, reason=reason,
                            method=method)

    def system_status(self):
        data = self.jsonrpc("systemStatus")
        return data.get("value") if isinstance(data, dict) else data

    def auth_user_source(self, username, password):
        self.redact.add(password)
        data = self.jsonrpc("authUserSource", {"username": username, "password": password})
        value = data.get("value") if isinstance(data, dict) else data
        return bool(value)

    # -- XML-RPC -------------------------------------------------------------------
    def create_login_token(self, apikey, username):
        """A one-time Web App login token, or None when TTP login is disabled or the key is wrong."""
        if not apikey:
            raise ClientError("onetime-auth.createToken needs the TTP API key (web-login.ttp.apikey)")
        self.redact.add(apikey)
        what = "XML-RPC onetime-auth.createToken(%r)" % username
        body = xmlrpc.client.dumps((apikey, username), methodname="onetime-auth.createToken", encoding="utf-8")
        # a late first token is one more unused one-time token, never a lost update
        response = self._send("POST", XMLRPC_PATH, what, True, retry_timeout=True, data=body.encode("utf-8"),
                              headers={"Content-Type": "text/xml; charset=utf-8", "Accept": "text/xml"})
        if response.status_code != 200:
            raise NotSavaPage(self.redact("%s did not answer %s: HTTP %s. Check savapage_url."
                                          % (self.base, what, response.status_code)), status=response.status_code)
        try:
            result, _name = xmlrpc_loads(response.content)
        except xmlrpc.client.Fault as fault:
            raise SavaPageError(self.redact("%s failed: %s (fault %s)" % (what, fault.faultString, fault.faultCode)))
        except (ExpatError, xmlrpc.client.ResponseError, ValueError, TypeError, IndexError) as exc:
            raise NotSavaPage(self.redact("%s did not answer %s with XML-RPC: %s" % (self.base, what, exc)))
        token = result[0] if result else None
        if token:
            self.redact.add(token)
        return token or None

    # -- construction from a module's connection options (see _module.CONNECTION_SPECS) --
    @classmethod
    def from_module(cls, module):
        """The client for ``module``'s savapage_* options; a bad option fails the task."""
        params = module.params
        secrets = [params.get("savapage_password"), params.get("savapage_api_key")]
        try:
            return cls(params["savapage_url"], params.get("savapage_username"), *secrets,
                       http=HttpClient.from_module(module, secrets=secrets))
        except ClientError as exc:
            error = str(exc)
        module.fail_json(msg=error)  # outside the except: no traceback of the handled error (see _module.run)


_ANNOTATION = re.compile(r'(true|false|null|"|\d)[ \t]+#[^\n]*')
_MISSING_COMMA = re.compile(r'(true|false|null|"|\d)[ \t]*\n(\s*")')


def _loads(text):
    """JSON, or the seed's own sample of it: seed 002 C.2.3.2.8 prints the balance POST's success as
    ``"succes" : true`` and ``"result" : "2.50"    # resulting balance`` with no comma between them. A
    server that answers that text has answered; only when strict parsing fails is the annotation
    dropped and the comma put back, and what still does not parse is refused as before."""
    try:
        return json.loads(text)
    except ValueError:
        repaired = _MISSING_COMMA.sub(r"\1,\n\2", _ANNOTATION.sub(r"\1", text))
        if repaired == text:
            raise
        return json.loads(repaired)


def _excerpt(text, limit=300):
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    text = re.sub(r"\s+", " ", text or "").strip()
    return text[:limit] + ("..." if len(text) > limit else "")
