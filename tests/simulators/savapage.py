# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A stateful SavaPage web services simulator, as strict as the real server.

Facts from ../shared/seeds/002_aa8605f629713f4b.txt and
../shared/reference/savapage-notes.md:

* HTTPS by default, with a self-signed certificate generated at start and
  written to ``ca_path`` (pass it to the modules as ``ca_path``); ``tls=False``
  serves plain HTTP, where JSON-RPC answers -32600 "Secure connection required.".
* RESTful ``/restful/v1``: admin services with pre-emptive Basic auth (a 401
  carries no WWW-Authenticate), user services with Basic ``userid:UUID``;
  answers are text/plain holding JSON with the misspelt key ``succes``; a
  balance route whose ``Accept`` excludes text/plain answers 406.
* Setting a balance to (within a cent of) its current value answers
  ``{"succes": false, "error": "amount identical to current balance."}``.
* ``/reports/accounttrx`` answers CSV or PDF bytes, errors as 200 ``{"error": ...}``.
* JSON-RPC ``/jsonrpc/v1`` with ``X-Auth-Key``: only systemStatus and
  authUserSource, only from ``jsonrpc_allowed`` addresses (empty denies all).
* XML-RPC ``/xmlrpc/v1`` ``onetime-auth.createToken(apikey, username)``: a
  token when TTP login is enabled and the key matches, else ``<ex:nil/>``.

Two releases, one switch (``release``; CLI ``--savapage-release``, fixture
parameter ``savapage``/``sp`` = "1.5"). The sources describe two servers, not
one server two ways: the seed (002, C.2.3.2.8) documents the balance POST of
the release it was written for, the 1.5.0 source reads less. The default is
the seed's release, "1.6"; "1.5" is the server whose source we read:

* ``release="1.6"`` (seed 002 C.2.3.2.8; reference/savapage-notes.md): the
  POST honours ``adjust=true`` (adds) and ``details`` (transaction comment) and
  answers the new balance as ``result``. Version text
  ``SavaPage 1.6.0 (Build 20240315)`` (reference/savapage-notes.md).
* ``release="1.5"`` (savapage-server 1.5.0 source, RestFinancialService.java,
  as mirrored in github.com/pspaul/literate-octo-computing-machine at commit
  de2739e0 "Add RESTFul API for Financial", 2023-06-06, pom.xml version 1.5.0;
  reference/savapage-notes.md): the POST reads only ``type``, ``name`` and
  ``amount``; it always SETS the balance to ``amount`` (``adjust=true`` too),
  records the fixed comment "Web Service" instead of ``details``, and answers
  ``{"succes": true}`` with no ``result``; an unknown account is "account not
  found.". Version text ``SavaPage 1.5.0 (Build 20231228)``: the format is
  the seed's (C.2.3.1.1) and ConfigManager.getAppNameVersionBuild's
  ("SavaPage Major.Minor.Revision (Build)"); the build number is a placeholder.

Seed format (POST /_sim/seed or /_sim/reset):
    {"accounts": [{"type": "USER", "name": "rijk", "balance": 9.26, "uuid": "..."}],
     "user_source": {"john": "password"}}
Call-log methods (fault ``method``): balance.get, balance.set, balance.adjust,
report.accounttrx, system.version, tests.echo, tests.request, user.balance,
user.transfer, jsonrpc.<method>, xmlrpc.<method>.
Product fault kinds: {"kind": "succes_false", "error": "..."} (REST answer
``succes: false``), {"kind": "jsonrpc_error", "code": -32603, "message": "..."}.
Config keys: admin_username, admin_password, restful_allowed (list of CIDR,
empty allows all), jsonrpc_key, jsonrpc_allowed (list of CIDR, empty denies
all), ttp_enable, ttp_apikey, system_status, version, release ("1.6" or
"1.5"; setting it also sets the matching version text).
"""

import csv
import datetime
import io
import ipaddress
import json
import os
import re
import ssl
import tempfile
import threading
import uuid as uuidlib
import xmlrpc.client
from urllib.parse import unquote, urlsplit
from decimal import Decimal, InvalidOperation
from xml.parsers.expat import ExpatError

from ._base import Response, Simulator, _Handler, _Server, apply_generic_fault

REST = "/restful/v1"
DEFAULT_ADMIN = ("admin", "sim-admin-Passw0rd")
DEFAULT_JSONRPC_KEY = "7961b5ec-bee4-11e7-8731-406186940c49"
DEFAULT_TTP_KEY = "sim-ttp-apikey-0123"
VERSION = "SavaPage 1.6.0 (Build 20240315)"
RELEASES = ("1.6", "1.5")
DEFAULT_RELEASE = "1.6"
# see the module docstring for the sources of both texts
VERSIONS = {"1.6": VERSION, "1.5": "SavaPage 1.5.0 (Build 20231228)"}
# savapage-server 1.5.0 RestFinancialService: TRX_COMMENT, and the not-found text of getBalance/setBalance
TRX_COMMENT_15 = "Web Service"
NOT_FOUND_15 = "account not found."
ACCOUNT_TYPES = ("USER", "GROUP", "SHARED")
TRX_TYPES = ("ADJUST", "DEPOSIT", "GATEWAY", "INITIAL", "PDF_OUT", "PRINT_IN", "PRINT_OUT", "PURCHASE",
             "TRANSFER", "VOUCHER")
PUBLIC_JSONRPC = ("systemStatus", "authUserSource")
SIX = Decimal("0.000001")
EPOCH = datetime.datetime(2026, 1, 5, 9, 0, 0)
NIL_RESPONSE = (b'<?xml version="1.0" encoding="UTF-8"?><methodResponse '
                b'xmlns:ex="http://ws.apache.org/xmlrpc/namespaces/extensions"><params><param><value><ex:nil/>'
                b'</value></param></params></methodResponse>')


class RestError(Exception):
    """A ``{"succes": false, "error": ...}`` answer."""


def _bool(value):
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "y", "yes")


def _money(value):
    return "%s" % Decimal(value).quantize(SIX)


def make_certificate(directory, host="127.0.0.1"):
    """A self-signed certificate for localhost/127.0.0.1; returns (cert_path, key_path)."""
    cert_path = os.path.join(directory, "savapage-sim.crt")
    key_path = os.path.join(directory, "savapage-sim.key")
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
    except ImportError:
        import subprocess

        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                        "-nodes", "-days", "30", "-subj", "/CN=savapage-simulator", "-keyout", key_path,
                        "-out", cert_path, "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:%s" % host,
                        "-addext", "basicConstraints=critical,CA:TRUE"],
                       check=True, capture_output=True)
        return cert_path, key_path
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "savapage-simulator")])
    now = datetime.datetime.now(datetime.timezone.utc)
    alt = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    try:
        if host not in ("127.0.0.1", "localhost"):
            alt.append(x509.IPAddress(ipaddress.ip_address(host)))
    except ValueError:
        alt.append(x509.DNSName(host))
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName(alt), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                         content_commitment=False, key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, encipher_only=False, decipher_only=False),
                           critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    with open(cert_path, "wb") as handle:
        handle.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as handle:
        handle.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    return cert_path, key_path


class _TLSServer(_Server):
    """Handshakes in the request's own thread, so a stalled client never blocks accept()."""

    def finish_request(self, request, client_address):
        if isinstance(request, ssl.SSLSocket):
            try:
                request.do_handshake()
            except (ssl.SSLError, OSError):
                # a client that rejects the certificate: what a real server sees too
                return
        super().finish_request(request, client_address)

    def handle_error(self, request, client_address):
        pass


class SavaPageSimulator(Simulator):
    product = "savapage"

    def __init__(self, host="127.0.0.1", port=0, latency_ms=0, tls=True, cert_file=None, release=DEFAULT_RELEASE):
        self.tls = _bool(tls)
        self.default_release = _release(release)
        self.ca_path = None
        self._cert_file = cert_file
        self._tmpdir = None
        super().__init__(host, port, latency_ms)
        self.configure_defaults()

    def configure_defaults(self):
        self.admin_username, self.admin_password = DEFAULT_ADMIN
        self.restful_allowed = []
        self.jsonrpc_key = DEFAULT_JSONRPC_KEY
        self.jsonrpc_allowed = ["127.0.0.1/32", "::1/128"]
        self.ttp_enable = True
        self.ttp_apikey = DEFAULT_TTP_KEY
        self.system_status = "READY"
        self.set_release(self.default_release)

    def set_release(self, release):
        """Behave as SavaPage ``release`` ("1.6" or "1.5"); the version text follows."""
        self.release = _release(release)
        self.version = VERSIONS[self.release]

    @property
    def scheme(self):
        return "https" if self.tls else "http"

    # -- lifecycle -----------------------------------------------------------------
    def start(self):
        sim = self

        class Handler(_Handler):
            simulator = sim

        self.httpd = _TLSServer((self.host, self.port), Handler)
        if self.tls:
            self._tmpdir = tempfile.mkdtemp(prefix="savapage-sim-")
            cert_path, key_path = make_certificate(self._tmpdir, self.host)
            if self._cert_file:
                with open(cert_path, "rb") as src, open(self._cert_file, "wb") as dst:
                    dst.write(src.read())
                cert_path_out = self._cert_file
            else:
                cert_path_out = cert_path
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(cert_path, key_path)
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True,
                                                    do_handshake_on_connect=False)
            self.ca_path = cert_path_out
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="%s-sim" % self.product, daemon=True)
        self.thread.start()
        return self

    def stop(self):
        super().stop()
        if self._tmpdir:
            for name in os.listdir(self._tmpdir):
                os.unlink(os.path.join(self._tmpdir, name))
            os.rmdir(self._tmpdir)
            self._tmpdir = None

    # -- state ---------------------------------------------------------------------
    def reset_state(self):
        self.accounts = {}
        self.transactions = []
        self.user_source = {}
        self.tokens = []
        self._trx_id = 0

    def state_json(self):
        accounts = {}
        for (kind, name), account in sorted(self.accounts.items()):
            entry = {"balance": float(account["balance"])}
            if kind == "USER":
                entry["uuid"] = account["uuid"]
            accounts.setdefault(kind, {})[name] = entry
        return {"accounts": accounts,
                "transactions": [dict(t, amount=float(t["amount"]), balance=float(t["balance"]),
                                      date=t["date"].isoformat()) for t in self.transactions],
                "tokens": list(self.tokens), "tls": self.tls, "ca_path": self.ca_path,
                "release": self.release, "version": self.version}

    def seed(self, data):
        for entry in data.get("accounts", []):
            kind = entry.get("type", "USER").upper()
            if kind not in ACCOUNT_TYPES:
                raise ValueError("bad account type %r" % kind)
            balance = Decimal(str(entry.get("balance", 0))).quantize(SIX)
            self.accounts[(kind, entry["name"])] = {"balance": balance,
                                                    "uuid": entry.get("uuid") or str(uuidlib.uuid4())}
            if balance:
                self._log_trx(kind, entry["name"], "INITIAL", balance, balance, "initial balance")
        self.user_source.update(data.get("user_source", {}))

    def configure(self, data):
        if "release" in data:
            # first: an explicit version in the same request overrides the release's text
            self.set_release(data.pop("release"))
        for key in ("admin_username", "admin_password", "jsonrpc_key", "ttp_apikey", "system_status", "version"):
            if key in data:
                setattr(self, key, data.pop(key))
        for key in ("restful_allowed", "jsonrpc_allowed"):
            if key in data:
                setattr(self, key, list(data.pop(key) or []))
        if "ttp_enable" in data:
            self.ttp_enable = _bool(data.pop("ttp_enable"))
        return data

    def _log_trx(self, kind, name, trx_type, amount, balance, comment):
        self._trx_id += 1
        self.transactions.append({"id": self._trx_id, "account_type": kind, "account_name": name,
                                  "trx_type": trx_type, "amount": amount, "balance": balance,
                                  "comment": comment or "",
                                  # deterministic dates: a report is the same bytes when nothing changed
                                  "date": EPOCH + datetime.timedelta(minutes=self._trx_id)})

    # -- dispatch ------------------------------------------------------------------
    def handle_api(self, request):
        path = request.path
        if path.startswith(REST + "/"):
            return self._rest(request, path[len(REST):])
        if path == "/jsonrpc/v1":
            return self._jsonrpc(request)
        if path == "/xmlrpc/v1":
            return self._xmlrpc(request)
        return Response(404, "<html><body>Not Found</body></html>", content_type="text/html")

    def _run(self, request, method, write, process):
        """Faults, then the call; logs it."""
        fault = self.take_fault(method)
        if fault is not None:
            response = None
            if fault.kind == "succes_false":
                response = Response(200, {"succes": False, "error": fault.spec.get("error", "error")},
                                    content_type="text/plain")
            elif fault.kind == "jsonrpc_error":
                response = Response(200, {"jsonrpc": "2.0", "id": None, "error": {
                    "code": fault.spec.get("code", -32603), "message": fault.spec.get("message", "error"),
                    "data": {"@type": "BASIC", "reason": fault.spec.get("message", "error")}}})
            if response is None:
                holder = {}

                def run_it():
                    holder["response"] = self._logged(request, method, write, process)
                    return holder["response"]

                response = apply_generic_fault(fault, run_it)
                if "response" in holder:
                    return response
            self.log_call(method, request.path, dict(request.query), False, False, response.status,
                          "injected %s" % fault.kind)
            return response
        return self._logged(request, method, write, process)

    def _logged(self, request, method, write, process):
        with self.lock:
            try:
                response, wrote = process()
            except RestError as exc:
                response, wrote = Response(200, {"succes": False, "error": str(exc)}, content_type="text/plain"), False
            error = None
            if response.status != 200:
                error = "HTTP %s" % response.status
            elif response.content_type == "text/plain" and response.body[:1] == b"{":
                body = json.loads(response.body.decode("utf-8"))
                if body.get("succes") is False:
                    error = body.get("error")
            args = dict(request.query)
            if method.startswith("jsonrpc.") or method.startswith("xmlrpc."):
                args = {}
            self.log_call(method, request.path, args, wrote, error is None, response.status, error)
            return response

    # -- RESTful -------------------------------------------------------------------
    def _allowed(self, ip, cidrs):
        address = ipaddress.ip_address(ip)
        return any(address in ipaddress.ip_network(c, strict=False) for c in cidrs)

    def _admin(self, request):
        """None when the caller may use admin services, else the refusal."""
        if self.restful_allowed and not self._allowed(request.client_ip, self.restful_allowed):
            return Response(403, "", content_type="text/plain")
        if request.headers.get("Authorization") != _basic(self.admin_username, self.admin_password):
            # no WWW-Authenticate: clients must send credentials pre-emptively
            return Response(401, "", content_type="text/plain")
        return None

    def _user(self, request):
        """(userid, None) for a valid userid:UUID, else (None, refusal)."""
        header = request.headers.get("Authorization") or ""
        if header.startswith("Basic "):
            import base64

            try:
                userid, _sep, secret = base64.b64decode(header[6:]).decode("utf-8").partition(":")
            except (ValueError, UnicodeDecodeError):
                userid, secret = "", ""
            account = self.accounts.get(("USER", userid))
            if account and account["uuid"] == secret:
                return userid, None
        return None, Response(401, "", content_type="text/plain")

    @staticmethod
    def _text_plain_acceptable(request):
        accept = request.headers.get("Accept")
        if not accept:
            return True
        types = [part.split(";")[0].strip().lower() for part in accept.split(",")]
        return any(t in ("text/plain", "text/*", "*/*") for t in types)

    def _rest(self, request, route):
        verb = request.method
        request.query = _strict_query(request)
        if route == "/system/version" and verb == "GET":
            return self._run(request, "system.version", False,
                             lambda: (Response(200, self.version, content_type="text/plain"), False))
        if route == "/tests/http/request" and verb == "GET":
            return self._run(request, "tests.request", False, lambda: (Response(200, {
                "remoteAddr": request.client_ip, "remoteHost": request.client_ip,
                "remotePort": request.handler.client_address[1], "localAddr": self.host,
                "serverName": self.host, "serverPort": self.port, "headers": dict(
                    (k, v) for k, v in request.headers.items() if k.lower() != "authorization")}), False))
        if route in ("/financial/balance", "/financial/transfer"):
            return self._user_service(request, route)
        routes = {("GET", "/financial/account/balance"): "balance.get",
                  ("POST", "/financial/account/balance"): "balance.set",
                  ("POST", "/reports/accounttrx"): "report.accounttrx",
                  ("POST", "/tests/echo"): "tests.echo"}
        method = routes.get((verb, route))
        if method is None:
            return Response(404, "", content_type="text/plain")
        if method == "balance.set" and _adjust(request.query):
            method = "balance.adjust"
        refusal = self._admin(request)
        if refusal is not None:
            self.log_call(method, request.path, dict(request.query), False, False, refusal.status,
                          "HTTP %s" % refusal.status)
            return refusal
        if method.startswith("balance.") and not self._text_plain_acceptable(request):
            self.log_call(method, request.path, dict(request.query), False, False, 406, "HTTP 406")
            return Response(406, "", content_type="text/plain")
        if method == "balance.get":
            return self._run(request, method, False, lambda: self._get_balance(request))
        if method in ("balance.set", "balance.adjust"):
            return self._run(request, method, True, lambda: self._post_balance(request))
        if method == "report.accounttrx":
            return self._run(request, method, False, lambda: self._report(request))
        return self._run(request, method, False,
                         lambda: (Response(200, request.body, content_type="text/plain"), False))

    def _account(self, query):
        kind = query.get("type")
        name = query.get("name")
        if kind not in ACCOUNT_TYPES:
            raise RestError("invalid account type [%s]" % (kind,))
        if not name:
            raise RestError("parameter [name] is missing.")
        account = self.accounts.get((kind, name))
        if account is None:
            if self.release == "1.5":
                raise RestError(NOT_FOUND_15)
            raise RestError("%s account [%s] not found." % (kind, name))
        return kind, name, account

    def _get_balance(self, request):
        _kind, _name, account = self._account(request.query)
        return Response(200, {"succes": True, "result": _money(account["balance"])}, content_type="text/plain"), False

    def _post_balance(self, request):
        query = request.query
        kind, name, account = self._account(query)
        if "amount" not in query or query["amount"] == "":
            raise RestError("parameter [amount] is missing.")
        try:
            amount = Decimal(query["amount"])
            if not amount.is_finite() or "e" in query["amount"].lower():
                raise InvalidOperation()
        except InvalidOperation:
            raise RestError("amount [%s] is not a valid number." % query["amount"])
        amount = amount.quantize(SIX)
        if self.release == "1.5":
            return self._post_balance_15(kind, name, account, amount)
        details = query.get("details") or ""
        adjust = _adjust(query)
        if adjust:
            if amount == 0:
                raise RestError("amount is zero.")
            account["balance"] += amount
            self._log_trx(kind, name, "ADJUST", amount, account["balance"], details)
        else:
            if abs(amount - account["balance"]) < Decimal("0.01"):
                raise RestError("amount identical to current balance.")
            delta = amount - account["balance"]
            account["balance"] = amount
            self._log_trx(kind, name, "ADJUST", delta, amount, details)
        return Response(200, {"succes": True, "result": _money(account["balance"])}, content_type="text/plain"), True

    def _post_balance_15(self, kind, name, account, amount):
        """savapage-server 1.5.0 RestFinancialService.setBalance: ``adjust`` and ``details`` are not read.

        Whatever the request says, the balance is SET to ``amount`` (checkCreateAccountTrx), the
        transaction comment is "Web Service", and the answer has no ``result``.
        """
        if abs(amount - account["balance"]) < Decimal("0.01"):
            raise RestError("amount identical to current balance.")
        delta = amount - account["balance"]
        account["balance"] = amount
        self._log_trx(kind, name, "ADJUST", delta, amount, TRX_COMMENT_15)
        return Response(200, {"succes": True}, content_type="text/plain"), True

    def _report(self, request):
        try:
            data = json.loads(request.body.decode("utf-8") or "null")
        except (ValueError, UnicodeDecodeError):
            return Response(200, {"error": "invalid JSON request body."}), False
        if not isinstance(data, dict) or not isinstance(data.get("select"), dict):
            return Response(200, {"error": "[select] is missing."}), False
        select = data["select"]
        kind = select.get("account_type")
        name = select.get("account_name")
        if kind not in ACCOUNT_TYPES:
            return Response(200, {"error": "invalid account_type [%s]." % (kind,)}), False
        if kind != "USER" and not name:
            return Response(200, {"error": "account_name is mandatory for %s." % kind}), False
        if name and (kind, name) not in self.accounts:
            return Response(200, {"error": "%s account [%s] not found." % (kind, name)}), False
        trx_type = select.get("trx_type")
        if trx_type is not None and trx_type not in TRX_TYPES:
            return Response(200, {"error": "invalid trx_type [%s]." % trx_type}), False
        media = data.get("media_type", "CSV")
        if media not in ("CSV", "PDF"):
            return Response(200, {"error": "invalid media_type [%s]." % media}), False
        sort = data.get("sort") or {}
        field = sort.get("field", "TRX_DATE")
        if field not in ("TRX_DATE", "TRX_TYPE"):
            return Response(200, {"error": "invalid sort field [%s]." % field}), False
        try:
            date_from = _date(select.get("date_from"))
            date_to = _date(select.get("date_to"))
        except (KeyError, TypeError, ValueError):
            return Response(200, {"error": "invalid date."}), False
        rows = [t for t in self.transactions if t["account_type"] == kind and (not name or t["account_name"] == name)]
        if trx_type:
            rows = [t for t in rows if t["trx_type"] == trx_type]
        if select.get("text"):
            rows = [t for t in rows if select["text"].lower() in t["comment"].lower()]
        if date_from:
            rows = [t for t in rows if t["date"].date() >= date_from]
        if date_to:
            rows = [t for t in rows if t["date"].date() <= date_to]
        key = (lambda t: (t["date"], t["id"])) if field == "TRX_DATE" else (lambda t: (t["trx_type"], t["id"]))
        rows.sort(key=key, reverse=not sort.get("ascending", True))
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["Date", "Account Type", "Account", "Transaction", "Amount", "Balance", "Comment"])
        for t in rows:
            writer.writerow([t["date"].strftime("%Y-%m-%d %H:%M:%S"), t["account_type"], t["account_name"],
                             t["trx_type"], _money(t["amount"]), _money(t["balance"]), t["comment"]])
        if media == "CSV":
            return Response(200, out.getvalue().encode("utf-8"), content_type="text/csv"), False
        return Response(200, _pdf(out.getvalue()), content_type="application/pdf"), False

    def _user_service(self, request, route):
        method = "user.balance" if route == "/financial/balance" else "user.transfer"
        if (method == "user.balance") != (request.method == "GET"):
            return Response(405, "", content_type="text/plain")
        userid, refusal = self._user(request)
        if refusal is not None:
            self.log_call(method, request.path, dict(request.query), False, False, 401, "HTTP 401")
            return refusal
        if not self._text_plain_acceptable(request):
            return Response(406, "", content_type="text/plain")

        def process():
            source = self.accounts[("USER", userid)]
            if method == "user.balance":
                return Response(200, {"succes": True, "result": _money(source["balance"])},
                                content_type="text/plain"), False
            target = self.accounts.get(("USER", request.query.get("name")))
            if target is None:
                raise RestError("user [%s] not found." % request.query.get("name"))
            # savapage-server 1.5.0 RestFinancialService.userTransferBalance: amount is a "Decimal point amount
            # with two decimal fraction", split into units and cents (BigDecimalUtil.getAmountParts); seed 002
            # C.2.3.3.3 sends amount=15.00. Strict: any other form is refused (the server would misread "2.5").
            text = request.query.get("amount", "")
            if not re.match(r"^\d+\.\d{2}$", text):
                raise RestError("amount [%s] is not a decimal point amount with two decimal fraction." % text)
            amount = Decimal(text).quantize(SIX)
            if amount <= 0 or amount > source["balance"]:
                raise RestError("amount not allowed.")
            source["balance"] -= amount
            target["balance"] += amount
            self._log_trx("USER", userid, "TRANSFER", -amount, source["balance"], "to " + request.query["name"])
            self._log_trx("USER", request.query["name"], "TRANSFER", amount, target["balance"], "from " + userid)
            return Response(200, {"succes": True}, content_type="text/plain"), True

        return self._run(request, method, method == "user.transfer", process)

    # -- JSON-RPC ------------------------------------------------------------------
    def _jsonrpc(self, request):
        try:
            data = json.loads(request.body.decode("utf-8"))
            method = data.get("method")
            rpc_id = data.get("id")
        except (ValueError, UnicodeDecodeError, AttributeError):
            data, method, rpc_id = {}, None, None

        def error(code, message):
            return Response(200, {"jsonrpc": "2.0", "id": rpc_id, "result": False, "error": {
                "code": code, "message": message, "data": {"@type": "BASIC", "reason": message}}}), False

        def process():
            if not self.tls:
                return error(-32600, "Secure connection required.")
            if not data or data.get("jsonrpc") != "2.0" or not isinstance(method, str):
                return error(-32600, "Invalid Request.")
            if request.headers.get("X-Auth-Key") != self.jsonrpc_key or not self._allowed(
                    request.client_ip, self.jsonrpc_allowed):
                return error(-32600, "Access denied: invalid X-Auth-Key or client address not allowed.")
            if method not in PUBLIC_JSONRPC:
                return error(-32600, "Method [%s] is not allowed for remote clients." % method)
            params = data.get("params") or {}
            if method == "systemStatus":
                result = {"@type": "enum", "value": self.system_status}
            else:
                if not isinstance(params, dict) or not params.get("username"):
                    return error(-32602, "Invalid params.")
                ok = self.user_source.get(params["username"]) == params.get("password")
                result = {"@type": "boolean", "value": bool(ok)}
            return Response(200, {"jsonrpc": "2.0", "id": rpc_id, "result": {"data": result}}), False

        return self._run(request, "jsonrpc.%s" % method, False, process)

    # -- XML-RPC -------------------------------------------------------------------
    def _xmlrpc(self, request):
        try:
            params, method = xmlrpc.client.loads(request.body)
        except (ExpatError, ValueError, TypeError, xmlrpc.client.ResponseError):
            return Response(200, xmlrpc.client.dumps(xmlrpc.client.Fault(0, "Failed to parse XML-RPC request"),
                                                     methodresponse=True), content_type="text/xml")

        def process():
            if method != "onetime-auth.createToken":
                fault = xmlrpc.client.Fault(0, "No such handler: %s" % method)
                return Response(200, xmlrpc.client.dumps(fault, methodresponse=True), content_type="text/xml"), False
            if len(params) != 2 or not all(isinstance(p, str) for p in params):
                fault = xmlrpc.client.Fault(0, "No method matching arguments: %s" % ", ".join(
                    type(p).__name__ for p in params))
                return Response(200, xmlrpc.client.dumps(fault, methodresponse=True), content_type="text/xml"), False
            apikey, username = params
            if not self.ttp_enable or apikey != self.ttp_apikey:
                return Response(200, NIL_RESPONSE, content_type="text/xml"), False
            token = uuidlib.uuid4().hex
            self.tokens.append({"username": username, "token": token})
            return Response(200, xmlrpc.client.dumps((token,), methodresponse=True), content_type="text/xml"), False

        return self._run(request, "xmlrpc.%s" % method, False, process)


def _adjust(query):
    """Seed 002 C.2.3.2.8: "adjust=true : 'true' creates a transaction to adjust the balance with amount ...
    'false' (default) creates a transaction to set balance to amount". Only ``true`` adjusts (a JAX-RS boolean
    query parameter is Boolean.valueOf: ``1`` or ``yes`` are false there, so the balance is SET)."""
    return str(query.get("adjust", "false")).strip().lower() == "true"


def _strict_query(request):
    """The query parameters decoded as RFC 3986 says: ``%20`` is a space, a ``+`` is a plus.

    Seed 002 C.2.3.2.8 writes a space in a parameter as ``%20`` (``details=my%20text : transaction details
    "my text"``); no source says a ``+`` stands for a space in these URLs, so the strict reading keeps it a
    plus (HTML form encoding, where ``+`` is a space, is not what a curl URL is).
    """
    raw = urlsplit(request.handler.path).query
    query = {}
    for part in raw.split("&") if raw else ():
        name, _sep, value = part.partition("=")
        query[unquote(name)] = unquote(value)
    return query


def _release(value):
    value = str(value).strip()
    if value not in RELEASES:
        raise ValueError("release must be one of %s, got %r" % (", ".join(RELEASES), value))
    return value


def _basic(username, password):
    import base64

    return "Basic " + base64.b64encode(("%s:%s" % (username, password)).encode("utf-8")).decode("ascii")


def _date(value):
    # Seed 002 C.2.3.2.9: every date of the annotated example carries ccyy, mm, dd and its offset
    # "zzz" ("+01" in January, "+02" in June); the stricter reading refuses a date without it.
    if not value:
        return None
    if not re.match(r"^[+-]\d{2}$", str(value["zzz"])):
        raise ValueError("zzz")
    return datetime.date(int(value["ccyy"]), int(value["mm"]), int(value["dd"]))


def _pdf(text):
    """A minimal but well-formed one-page PDF holding ``text``."""
    lines = text.splitlines()[:60]
    stream = "BT /F1 8 Tf 36 800 Td 10 TL " + " ".join(
        "(%s) '" % line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines) + " ET"
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               "/Resources << /Font << /F1 5 0 R >> >> >>",
               "<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += ("%d 0 obj\n%s\nendobj\n" % (number, body)).encode("latin-1", "replace")
    xref = len(out)
    out += ("xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)).encode()
    for offset in offsets:
        out += ("%010d 00000 n \n" % offset).encode()
    out += ("trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)).encode()
    return out
