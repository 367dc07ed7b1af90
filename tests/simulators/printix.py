# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A stateful Printix Cloud Print API simulator: token endpoint, API and cloud storage on one port.

Facts from the seed document 003 and ../shared/reference/printix-notes.md:
``POST /oauth/token`` (client credentials; tokens expire); ``GET /cloudprint`` lists the
tenants as HAL links; everything else under ``/cloudprint/tenants/{id}``; credentials are
per API area (a call of another area answers 403, ``GET /users/{id}`` with User Manager
credentials answers 404 as seen live); ``POST /users/create``, ``POST /users/{id}/delete``
(``DELETE`` on users answers 405), ``POST /jobs/{id}/delete``; groups and cards use real
``DELETE``; paged containers with ``page`` and ``_links.next``; a token bucket per API user
with ``X-Rate-Limit-Remaining`` and, on 429, ``X-Rate-Limit-Retry-After-Seconds``; errors
``{"success": false, "message"|"errorText", "errorId"}``; the cloud-storage upload URL
(``PUT /storage/...``) answers 403 when an Authorization header is sent.

Readings where the sources disagree (the default is the stricter one, the other a switch):
``unknown_card_status`` (403, the seed's "Search for Card" and "Delete Card" error handling;
404 as some live clients report, e.g. github.com/mnimtz/Printix-MCP flexible_card_lookup.py).
Assumptions where the document is silent: listing users is allowed to User Manager and Card
Manager credentials; groups belong to User Manager; a path segment is percent-decoded after
routing, and a literal ``+`` in it reads as a space (the stricter of the two decodings a Java
server applies), so a client must send ``%2B``, ``%2F`` and ``%3D`` for a base64 card secret.

Seed: {"users": [{"email", "fullName"|"name", "role": "USER"|"GUEST_USER", "id"?}],
       "cards": [{"owner": <email or id>, "secret": <base64>}], "groups": [{"name", "externalId", ...}],
       "printers": [{"name", "model", "vendor", "location", "serialNo", "connectionStatus"}],
       "clients": [{"client_id", "client_secret", "area", "tenants": [ids]}], "tenants": {id: name}}
Config keys (also constructor options, so ``python -m tests.simulators printix --option KEY=VALUE``
or ``--printix-unknown-card 404``): token_ttl (seconds), rate_per_minute, burst (bucket size; 0
disables the limit), hal_arrays (render every link relation as an array), unknown_card_status
(403 or 404).
Fault kinds (``method`` = operation name such as register_card, get_card, list_users, token):
generic ones, ``expire_token`` (every issued token expires now), ``throttle`` (429 with
``retry_after`` seconds, without consuming).
"""

import base64
import binascii
import json
import math
import re
import time
import uuid
from urllib.parse import parse_qs, unquote

from ._base import Response, Simulator, apply_generic_fault

DEFAULT_TENANT = "9d6cd90a-5819-4398-9731-158817526a30"
DEFAULT_TENANT_NAME = "acme.printix.net"
CLOUD_PRINT, USER_MANAGER, CARD_MANAGER = "cloud_print", "user_manager", "card_manager"
AREA_NAMES = {CLOUD_PRINT: "Cloud Print", USER_MANAGER: "User Manager", CARD_MANAGER: "Card Manager"}
DEFAULT_CLIENTS = {
    "sim-cloudprint": {"client_secret": "sim-cloudprint-secret", "area": CLOUD_PRINT},
    "sim-usermanager": {"client_secret": "sim-usermanager-secret", "area": USER_MANAGER},
    "sim-cardmanager": {"client_secret": "sim-cardmanager-secret", "area": CARD_MANAGER},
}
MEDIA_SIZES = {"A0", "A1", "A2", "A3", "A4", "A5", "B4", "B5", "ISOA0", "ISOA1", "ISOA2", "ISOA3", "ISOA4", "ISOA5",
               "ISOB4", "ISOB5", "LETTER", "LEGAL", "EXECUTIVE", "EXEC", "COM10", "MONARCH", "DL", "ANSIC", "ANSID",
               "ANSIE", "ARCHC", "ARCHD", "ARCHE", "TABLOID", "JISB5", "JISB4", "STATEMENT"}
PDLS = {"PCL5", "PCLXL", "POSTSCRIPT", "UFRII", "TEXT", "XPS"}
DEFAULT_PAGE_SIZE = {"printers": 100, "groups": 20, "users": 10, "jobs": 10}
PAGE_TEMPLATES = {"printers": "{&query,network,site}", "groups": "{&query}", "users": "{&query}", "jobs": "{&sortorder}"}

# (verb, path regex under the tenant, operation, write, areas)
ROUTES = [
    ("GET", r"printers", "list_printers", False, (CLOUD_PRINT,)),
    ("GET", r"printers/(?P<printer>[^/]+)/queues/(?P<queue>[^/]+)", "get_printer", False, (CLOUD_PRINT,)),
    ("POST", r"printers/(?P<printer>[^/]+)/queues/(?P<queue>[^/]+)/submit", "submit", True, (CLOUD_PRINT,)),
    ("GET", r"jobs", "list_jobs", False, (CLOUD_PRINT,)),
    ("GET", r"jobs/(?P<job>[^/]+)", "get_job", False, (CLOUD_PRINT,)),
    ("POST", r"jobs/(?P<job>[^/]+)/completeUpload", "complete_upload", True, (CLOUD_PRINT,)),
    ("POST", r"jobs/(?P<job>[^/]+)/delete", "delete_job", True, (CLOUD_PRINT,)),
    ("GET", r"users", "list_users", False, (USER_MANAGER, CARD_MANAGER)),
    ("POST", r"users/create", "create_user", True, (USER_MANAGER,)),
    # Card Manager only; User Manager credentials get 404 (seen live, reference/printix-notes.md), below
    ("GET", r"users/(?P<user>[^/]+)", "get_user", False, (CARD_MANAGER,)),
    ("DELETE", r"users/(?P<user>[^/]+)", "delete_user_verb", True, (USER_MANAGER,)),
    ("POST", r"users/(?P<user>[^/]+)/delete", "delete_user", True, (USER_MANAGER,)),
    ("GET", r"users/(?P<user>[^/]+)/cards", "list_cards", False, (CARD_MANAGER,)),
    ("POST", r"users/(?P<user>[^/]+)/cards", "register_card", True, (CARD_MANAGER,)),
    ("GET", r"cards/(?P<card>[^/]+)", "get_card", False, (CARD_MANAGER,)),
    ("DELETE", r"cards/(?P<card>[^/]+)", "delete_card", True, (CARD_MANAGER,)),
    ("GET", r"groups", "list_groups", False, (USER_MANAGER,)),
    ("POST", r"groups", "create_group", True, (USER_MANAGER,)),
    ("GET", r"groups/(?P<group>[^/]+)", "get_group", False, (USER_MANAGER,)),
    ("DELETE", r"groups/(?P<group>[^/]+)", "delete_group", True, (USER_MANAGER,)),
]
_COMPILED = [(verb, re.compile("^" + pattern + "$"), op, write, areas) for verb, pattern, op, write, areas in ROUTES]


class ApiError(Exception):
    def __init__(self, status, message, key="message", headers=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.key = key
        self.headers = headers or {}


def _now():
    return time.time()


def _card_status(value):
    status = int(value)
    if status not in (403, 404):
        raise ValueError("unknown_card_status must be 403 (the seed's reading) or 404 (some live clients')")
    return status


def _path_segment(raw):
    """Decode one path segment as a Java servlet container does after routing: ``%XX`` escapes are
    decoded (``%2F`` stays inside its segment), and a literal ``+`` reads as a space (the stricter of
    the decodings in use: java.net.URLDecoder's form rule), so only ``%2B`` means a plus."""
    return unquote(raw.replace("+", " "))


def _hal(as_arrays, **rels):
    """HAL ``_links``: one object per relation, or an array of one when ``as_arrays``."""
    links = {}
    for rel, href in rels.items():
        if href is None:
            continue
        link = {"href": href}
        if "{" in href:
            link["templated"] = True
        links[rel] = [link] if as_arrays else link
    return links


class PrintixSimulator(Simulator):
    product = "printix"

    def __init__(self, host="127.0.0.1", port=0, latency_ms=0, unknown_card_status=403):
        self.token_ttl = 3599
        self.rate_per_minute = 100.0
        self.burst = 100
        self.hal_arrays = False
        self.unknown_card_status = _card_status(unknown_card_status)
        super().__init__(host, port, latency_ms)

    # -- state -------------------------------------------------------------------
    def reset_state(self):
        self.tenants = {DEFAULT_TENANT: DEFAULT_TENANT_NAME}
        self.clients = dict((k, dict(v, tenants=[DEFAULT_TENANT])) for k, v in DEFAULT_CLIENTS.items())
        self.tokens = {}
        self.users = {}
        self.cards = {}
        self.groups = {}
        self.printers = {}
        self.jobs = {}
        self.printed = []  # jobs that printed and left the queue (GET /jobs/{id} answers 404)
        self.uploads = {}
        self.buckets = {}
        self.throttled = 0
        self.tokens_issued = 0

    def state_json(self):
        by_id = self.users
        cards = [{"id": c["id"], "secret": c["secret"], "owner": c["owner"],
                  "owner_email": by_id.get(c["owner"], {}).get("email")} for c in self.cards.values()]
        return {"tenants": dict(self.tenants), "users": list(self.users.values()), "cards": cards,
                "groups": list(self.groups.values()), "printers": list(self.printers.values()),
                "jobs": list(self.jobs.values()), "printed": list(self.printed), "uploads": dict(self.uploads),
                "rate_limit": {"throttled": self.throttled, "rate_per_minute": self.rate_per_minute,
                               "burst": self.burst},
                "tokens_issued": self.tokens_issued, "unknown_card_status": self.unknown_card_status}

    def seed(self, data):
        for tenant_id, name in (data.get("tenants") or {}).items():
            self.tenants[tenant_id] = name
        for client in data.get("clients", []):
            client = dict(client)
            client_id = client.pop("client_id")
            client.setdefault("tenants", [DEFAULT_TENANT])
            self.clients[client_id] = client
        for user in data.get("users", []):
            self._new_user(user.get("email"), user.get("fullName") or user.get("name") or "", user.get("role", "USER"),
                           user_id=user.get("id"))
        for card in data.get("cards", []):
            owner = self._user_ref(card["owner"])
            self._new_card(owner, card["secret"])
        for group in data.get("groups", []):
            group = dict(group)
            group.setdefault("id", str(uuid.uuid4()))
            group.setdefault("description", "")
            self.groups[group["id"]] = group
        for printer in data.get("printers", []):
            printer = dict(printer)
            printer.setdefault("printer_id", str(uuid.uuid4()))
            printer.setdefault("id", str(uuid.uuid4()))
            printer.setdefault("connectionStatus", "ONLINE")
            self.printers[printer["id"]] = printer

    def configure(self, data):
        for key in ("token_ttl", "rate_per_minute", "burst", "hal_arrays"):
            if key in data:
                setattr(self, key, data.pop(key))
        if "unknown_card_status" in data:
            self.unknown_card_status = _card_status(data.pop("unknown_card_status"))
        self.buckets = {}  # a new rate starts with a full bucket
        return data

    def _user_ref(self, ref):
        if ref in self.users:
            return ref
        for user in self.users.values():
            if user["email"].lower() == str(ref).lower():
                return user["id"]
        raise KeyError(ref)

    def _new_user(self, email, full_name, role, user_id=None, **extra):
        user = {"id": user_id or str(uuid.uuid4()), "email": email, "fullName": full_name, "role": role,
                "created": _now(), "modified": _now()}
        user.update(extra)
        self.users[user["id"]] = user
        return user

    def _new_card(self, owner, secret, registrant=None):
        card = {"id": str(uuid.uuid4()), "secret": secret, "owner": owner, "registrant": registrant,
                "created": _now(), "modified": _now(), "pincodeRequired": False}
        self.cards[card["id"]] = card
        return card

    # -- rendering ---------------------------------------------------------------
    def _base(self, tenant):
        return "%s/cloudprint/tenants/%s" % (self.url, tenant)

    def _user_doc(self, tenant, user, full=False):
        base = self._base(tenant)
        links = _hal(self.hal_arrays, self=base + "/users/" + user["id"], cards=base + "/users/" + user["id"] + "/cards")
        if full:
            return {"_links": links, "authenticationMethods": ["AZURE"] if user["role"] == "USER" else ["PRINTIX"],
                    "created": user["created"], "modified": user["modified"], "email": user["email"],
                    "language": "en", "name": user["fullName"], "version": 1, "roles": [user["role"]]}
        doc = {"id": user["id"], "fullName": user["fullName"], "email": user["email"], "role": user["role"],
               "_links": links}
        if user.get("expirationTimestamp"):
            doc["expirationTimestamp"] = user["expirationTimestamp"]
        return doc

    def _card_doc(self, tenant, card):
        base = self._base(tenant)
        links = _hal(self.hal_arrays, self=base + "/users/%s/cards/%s" % (card["owner"], card["id"]),
                     owner=base + "/users/" + card["owner"],
                     registrant=base + "/users/" + (card["registrant"] or "api-user"))
        return {"_links": links,
                "created": card["created"], "modified": card["modified"], "pincodeRequired": card["pincodeRequired"]}

    def _group_doc(self, tenant, group, listed=False):
        # seed 003: no id and no externalId in any group document. The self link is a template:
        # ".../tenants/{tenant}/groups/<id>" in "Listing and Searching Groups Example", and
        # ".../tenants/{tenant}/groups/{group}" (no id at all) in the "Create Group Example" and
        # "Fetch Group Details Example"
        href = "%s/cloudprint/tenants/{tenant}/groups/%s" % (self.url, group["id"] if listed else "{group}")
        return {"_links": _hal(self.hal_arrays, self=href), "name": group["name"],
                "description": group.get("description", ""), "queueCount": 0, "userCount": 0,
                "workstationCount": 0, "inUse": False}

    def _printer_doc(self, tenant, printer):
        queue = self._base(tenant) + "/printers/%s/queues/%s" % (printer["printer_id"], printer["id"])
        return {"id": printer["id"], "name": printer.get("name"), "connectionStatus": printer["connectionStatus"],
                "printerSignId": printer.get("printerSignId", "ABC"),
                "capabilities": {"printer": {
                    "media_size": {"option": [{"name": "ISO_A4", "heightMicrons": 297000, "widthMicrons": 210000,
                                               "isContinuousFeed": False, "isDefault": True}]},
                    "supported_content_type": [{"content_type": "application/pdf", "min_version": "1.0"}],
                    "color": {"option": [{"type": "STANDARD_COLOR", "default": True},
                                         {"type": "STANDARD_MONOCHROME", "default": False}]}}},
                "location": printer.get("location"), "model": printer.get("model"), "vendor": printer.get("vendor"),
                "serialNo": printer.get("serialNo"),
                "_links": _hal(self.hal_arrays, self=queue,
                               submit=queue + "/submit?title={title}&releaseImmediately=true{&user,PDL}",
                               jobs=queue + "/jobs{?page,pageSize}")}

    def _job_doc(self, tenant, job):
        base = self._base(tenant)
        links = _hal(self.hal_arrays, self=base + "/jobs/" + job["id"],
                     printer=base + "/printers/%s/queues/%s" % (job["printer_id"], job["queue_id"]),
                     changeOwner=base + "/jobs/%s/changeOwner?userEmail={userEmail}" % job["id"])
        return {"_links": links,
                "id": job["id"], "createTime": job["createTime"], "updateTime": job["updateTime"],
                "status": job["status"], "ownerId": job["ownerId"], "contentType": job["contentType"],
                "title": job["title"]}

    def _page(self, request, tenant, container, items, path):
        try:
            page = int(request.query.get("page", 0))
            size = int(request.query.get("pageSize", DEFAULT_PAGE_SIZE.get(container, 20)))
        except ValueError:
            raise ApiError(400, "page and pageSize must be integers")
        # pageSize up to 1000 (reference/printix-notes.md, "Paging": "pageSize (up to 1000; 100 default for
        # printers, 20 for groups)"); seed 003 "List Users" takes page and pageSize ("how many users can fit
        # on a page") without a bound, so the notes' bound is the one served: users too list 1,000 a page.
        # A larger size is refused rather than silently cut (the stricter reading: a client must not
        # count on more than the documented maximum).
        if size < 1 or size > 1000 or page < 0:
            raise ApiError(400, "pageSize must be between 1 and 1000 and page at least 0")
        # page {size, totalElements, totalPages, number}: seed 003, the paged container of "Resource lists"
        # ("page number, page size, total elements, and total page count") and the "User List Example";
        # totalElements counts the items the request's filters (role, query) select, on every page
        total = len(items)
        pages = max(1, int(math.ceil(total / float(size))))
        chunk = items[page * size:(page + 1) * size]
        # the links are templates of page and size only, as in seed 003 ("User List Example":
        # users?page=1&pageSize=10{&query}; groups {&query}, printers {&query,network,site}, jobs
        # {&sortorder}): they never carry the request's role or other filters
        template = PAGE_TEMPLATES.get(container, "")
        base = self._base(tenant) + "/" + path
        rels = {"self": "%s?page=%d&pageSize=%d%s" % (base, page, size, template)}
        if page + 1 < pages:
            rels["next"] = "%s?page=%d&pageSize=%d%s" % (base, page + 1, size, template)
        if page > 0:
            rels["prev"] = "%s?page=%d&pageSize=%d%s" % (base, page - 1, size, template)
        return {"_links": _hal(self.hal_arrays, **rels), "success": True, "message": "OK", container: chunk,
                "page": {"size": size, "totalElements": total, "totalPages": pages, "number": page}}

    # -- rate limit --------------------------------------------------------------------
    def _take_token(self, client_id):
        """Token bucket per API user; returns (ok, remaining, retry_after)."""
        if not self.burst or not self.rate_per_minute:
            return True, 100, 0
        rate = float(self.rate_per_minute) / 60.0
        now = time.monotonic()
        tokens, last = self.buckets.get(client_id, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * rate)
        if tokens >= 1.0:
            self.buckets[client_id] = (tokens - 1.0, now)
            return True, int(tokens - 1.0), 0
        self.buckets[client_id] = (tokens, now)
        return False, 0, (1.0 - tokens) / rate

    # -- wire ----------------------------------------------------------------------------
    def handle_api(self, request):
        path = request.path
        if path == "/oauth/token":
            return self._guard("token", path, {}, True, request, lambda: self._token(request))
        if path.startswith("/storage/"):
            return self._guard("upload", path, {"headers": sorted(request.headers.keys())}, True, request,
                               lambda: self._upload(request))
        if not path.startswith("/cloudprint"):
            return self._error(404, "No handler for %s" % path)
        return self._api(request)

    def _guard(self, op, path, args, write, request, process):
        fault = self.take_fault(op)
        box = {}

        def run():
            box["r"] = process()
            return box["r"]

        if fault is not None:
            response = self._product_fault(fault)
            if response is None:
                response = apply_generic_fault(fault, run)
            if response is not None:
                if "r" not in box:
                    self.log_call(op, path, args, write, False, status=response.status, error="injected %s" % fault.kind)
                return response
        return run()

    def _product_fault(self, fault):
        if fault.kind == "expire_token":
            with self.lock:
                for token in self.tokens.values():
                    token["expires"] = 0
            return None  # and process the call with the now-expired token
        if fault.kind == "throttle":
            with self.lock:
                self.throttled += 1
            return self._error(429, "Too many requests", headers={
                "X-Rate-Limit-Retry-After-Seconds": str(fault.spec.get("retry_after", 1))})
        return None

    def _error(self, status, message, key="message", headers=None):
        return Response(status, {"success": False, key: message, "errorId": str(uuid.uuid4())}, headers=headers)

    def _token(self, request):
        form = dict((k, v[-1]) for k, v in parse_qs(request.body.decode("utf-8", "replace")).items())
        client_id = form.get("client_id", "")
        if form.get("grant_type") != "client_credentials":
            self.log_call("token", request.path, {"client_id": client_id}, False, False, status=400)
            return Response(400, {"error": "unsupported_grant_type",
                                  "error_description": "Unsupported grant type: %s" % form.get("grant_type")})
        with self.lock:
            client = self.clients.get(client_id)
            if client is None or client["client_secret"] != form.get("client_secret"):
                self.log_call("token", request.path, {"client_id": client_id}, False, False, status=401)
                return Response(401, {"error": "invalid_client", "error_description": "Bad client credentials"})
            token = str(uuid.uuid4())
            self.tokens[token] = {"client_id": client_id, "area": client["area"],
                                  "expires": _now() + float(self.token_ttl)}
            self.tokens_issued += 1
            self.log_call("token", request.path, {"client_id": client_id}, False, True)
        # the shape of seed 003, "Authentication"; the refresh token is never needed for client credentials
        # (reference/printix-notes.md) and this one is never accepted
        return Response(200, {"access_token": token, "refresh_token": str(uuid.uuid4()),
                              "expires_in": int(self.token_ttl)})

    def _upload(self, request):
        job_id = request.path.rsplit("/", 1)[-1]
        with self.lock:
            job = self.jobs.get(job_id)
            if request.headers.get("Authorization"):
                self.log_call("upload", request.path, {}, False, False, status=403, error="Authorization header")
                return Response(403, "<Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate "
                                     "the request. Authorization header not allowed with a SAS.</Message></Error>",
                                content_type="application/xml")
            if job is None or request.query.get("sig") != job["sig"]:
                self.log_call("upload", request.path, {}, False, False, status=403, error="bad signature")
                return Response(403, "<Error><Code>AuthenticationFailed</Code></Error>", content_type="application/xml")
            if request.headers.get("x-ms-blob-type") != "BlockBlob":
                self.log_call("upload", request.path, {}, False, False, status=400, error="missing x-ms-blob-type")
                return Response(400, "<Error><Code>MissingRequiredHeader</Code></Error>", content_type="application/xml")
            self.uploads[job_id] = {"size": len(request.body), "content_type": request.headers.get("Content-Type")}
            self.log_call("upload", request.path, {"size": len(request.body), "headers": sorted(request.headers.keys())},
                          True, True, status=201)
        return Response(201, b"", content_type="application/octet-stream")

    def _api(self, request):
        auth = request.headers.get("Authorization") or ""
        token_value = auth[7:].strip() if auth.lower().startswith("bearer ") else None
        path = request.path.rstrip("/")
        op, write, route, areas, tenant, rest = self._route(request.method, path)
        args = {"query": dict(request.query)}
        if request.body:
            try:
                args["body"] = json.loads(request.body.decode("utf-8"))
            except ValueError:
                args["body"] = request.body.decode("utf-8", "replace")
        args.update(route or {})

        fault = self.take_fault(op)
        if fault is not None and fault.kind == "expire_token":
            self._product_fault(fault)
            fault = None
        with self.lock:
            token = self.tokens.get(token_value) if token_value else None
            if token is None or token["expires"] <= _now():
                self.log_call(op, path, args, False, False, status=401, error="invalid or expired token")
                return Response(401, {"error": "invalid_token", "error_description": "Access token expired"
                                      if token else "Invalid access token"},
                                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
            ok, remaining, retry = self._take_token(token["client_id"])
            if not ok:
                self.throttled += 1
                self.log_call(op, path, args, False, False, status=429, error="rate limited")
                return self._error(429, "Rate limit exceeded", headers={
                    "X-Rate-Limit-Retry-After-Seconds": "%.2f" % max(retry, 0.01)})
        headers = {"X-Rate-Limit-Remaining": str(remaining), "X-Printix-Request-ID": str(uuid.uuid4())}
        box = {}

        def process():
            box["r"] = self._process(request, op, write, route, areas, tenant, rest, token, args, path)
            box["r"].headers.update(headers)
            return box["r"]

        if fault is not None:
            response = self._product_fault(fault) or apply_generic_fault(fault, process)
            if response is not None:
                if "r" not in box:
                    self.log_call(op, path, args, write, False, status=response.status, error="injected %s" % fault.kind)
                return response
        return process()

    def _route(self, verb, path):
        if path == "/cloudprint":
            return "root", False, {}, None, None, None
        match = re.match(r"^/cloudprint/tenants/([^/]+)(?:/(.*))?$", path)
        if not match:
            return "unknown", False, None, None, None, None
        tenant, rest = match.group(1), match.group(2) or ""
        allowed = False
        for route_verb, regex, op, write, areas in _COMPILED:
            found = regex.match(rest)
            if found:
                allowed = True
                if route_verb == verb:
                    return op, write, dict((k, _path_segment(v)) for k, v in found.groupdict().items()), areas, tenant, rest
        return ("method_not_allowed" if allowed else "unknown"), False, None, None, tenant, rest

    def _process(self, request, op, write, route, areas, tenant, rest, token, args, path):
        try:
            with self.lock:
                if op == "root":
                    client = self.clients[token["client_id"]]
                    links = dict((self.tenants.get(t, t), self._base(t) + "/printers?page=0&pageSize=10{&query,network,site}")
                                 for t in client["tenants"])
                    response = Response(200, {"_links": _hal(self.hal_arrays, **links)})
                elif op == "unknown":
                    raise ApiError(404, "No such resource: %s" % path)
                elif op == "method_not_allowed":
                    raise ApiError(405, "Request method '%s' not supported" % request.method)
                else:
                    if tenant not in self.clients[token["client_id"]]["tenants"] or tenant not in self.tenants:
                        raise ApiError(403, "Access to tenant %s denied" % tenant, key="errorText")
                    if token["area"] not in areas:
                        if op == "get_user" and token["area"] == USER_MANAGER:
                            raise ApiError(404, "User not found")
                        raise ApiError(403, "Access denied: the API client is not authorized for this resource",
                                       key="errorText")
                    if op == "delete_user_verb":
                        raise ApiError(405, "Request method 'DELETE' not supported")
                    body = args.get("body")
                    status, doc = getattr(self, "_op_" + op)(request, tenant, route, body, token)
                    doc.setdefault("success", True)
                    doc.setdefault("message", "OK")
                    response = Response(status, doc)
                self.log_call(op, path, args, write, True, status=response.status)
                return response
        except ApiError as exc:
            self.log_call(op, path, args, write, False, status=exc.status, error=exc.message)
            return self._error(exc.status, exc.message, key=exc.key, headers=exc.headers)

    # -- operations (called with the lock held) -----------------------------------------
    def _json_body(self, body):
        if not isinstance(body, dict):
            raise ApiError(400, "Request body must be a JSON object")
        return body

    def _op_list_users(self, request, tenant, route, body, token):
        # role USER|GUEST_USER, default GUEST_USER; query matches name or email (reference/printix-notes.md,
        # "Users"; seed 003 "List Users": "look for users whose name or email address contains" it)
        role = request.query.get("role", "GUEST_USER")
        if role not in ("USER", "GUEST_USER"):
            raise ApiError(400, "Invalid role: %s" % role)
        query = (request.query.get("query") or "").lower()
        users = [u for u in self.users.values() if u["role"] == role and
                 (not query or query in u["email"].lower() or query in u["fullName"].lower())]
        users.sort(key=lambda u: u["email"])
        return 200, self._page(request, tenant, "users", [self._user_doc(tenant, u) for u in users], "users")

    def _op_create_user(self, request, tenant, route, body, token):
        body = self._json_body(body)
        email = body.get("email")
        if not email or "@" not in email:
            raise ApiError(400, "A valid email is required")
        if body.get("role", "GUEST_USER") != "GUEST_USER":
            raise ApiError(400, "Only the GUEST_USER role is supported")
        pin = body.get("pin")
        if pin is not None and not re.match(r"^\d{4}$", str(pin)):
            raise ApiError(400, "pin must be 4 digits")
        expiration = body.get("expirationTimestamp")
        if expiration is not None and not re.match(r"^\d{4}\.\d{2}\.\d{2} \d{2}:\d{2}$", str(expiration)):
            # the seed document's format; the real service's parser is not documented further
            raise ApiError(400, "expirationTimestamp must look like 'yyyy.MM.dd HH:mm'")
        for user in self.users.values():
            if user["email"].lower() == email.lower():
                raise ApiError(409, "A user with email %s already exists" % email)
        user = self._new_user(email, body.get("fullName") or "", "GUEST_USER",
                              expirationTimestamp=body.get("expirationTimestamp"),
                              sendWelcomeEmail=bool(body.get("sendWelcomeEmail")),
                              sendExpirationEmail=bool(body.get("sendExpirationEmail")))
        user["pin"] = pin or "%04d" % (uuid.uuid4().int % 10000)
        user["idCode"] = "%06d" % (uuid.uuid4().int % 1000000)
        user["password"] = body.get("password") or uuid.uuid4().hex[:10]
        keys = ("id", "fullName", "email", "role", "pin", "idCode", "password", "expirationTimestamp",
                "sendWelcomeEmail", "sendExpirationEmail")
        doc = dict((k, user.get(k)) for k in keys)
        return 200, {"tenantId": tenant, "sortOrder": None, "users": [doc],
                     "page": {"size": 1, "totalElements": 1, "totalPages": 1, "number": 0}}

    def _user(self, user_id):
        user = self.users.get(user_id)
        if user is None:
            raise ApiError(404, "User with id %s not found" % user_id)
        return user

    def _op_get_user(self, request, tenant, route, body, token):
        return 200, {"user": self._user_doc(tenant, self._user(route["user"]), full=True)}

    def _op_delete_user(self, request, tenant, route, body, token):
        user = self._user(route["user"])
        if user["role"] != "GUEST_USER":
            raise ApiError(400, "Only guest users can be deleted through the API")
        del self.users[user["id"]]
        for card_id in [c["id"] for c in self.cards.values() if c["owner"] == user["id"]]:
            del self.cards[card_id]
        return 200, {"message": "The user with id %s was deleted successfully." % user["id"]}

    def _op_list_cards(self, request, tenant, route, body, token):
        user = self._user(route["user"])
        cards = [self._card_doc(tenant, c) for c in self.cards.values() if c["owner"] == user["id"]]
        return 200, {"cards": cards}

    def _op_register_card(self, request, tenant, route, body, token):
        user = self._user(route["user"])
        secret = self._json_body(body).get("secret")
        if not isinstance(secret, str) or not secret:
            raise ApiError(400, "secret is required")
        try:
            base64.b64decode(secret, validate=True)
        except (binascii.Error, ValueError):
            raise ApiError(400, "secret must be a base64 encoded byte array")
        if any(c["secret"] == secret for c in self.cards.values()):
            raise ApiError(409, "The card already exists on the tenant")
        card = self._new_card(user["id"], secret, registrant=token["client_id"])
        return 201, {"card": self._card_doc(tenant, card)}

    def _find_card(self, ref, verb):
        card = self.cards.get(ref)
        if card is None:
            card = next((c for c in self.cards.values() if c["secret"] == ref), None)
        if card is None:
            # seed 003, "Search for Card" / "Delete Card" error handling: "a 403 error if the card
            # cannot be fetched/deleted"; 404 is the reading of some live clients (switch)
            raise ApiError(self.unknown_card_status, "The card could not be %s" % verb)
        return card

    def _op_get_card(self, request, tenant, route, body, token):
        return 200, {"card": self._card_doc(tenant, self._find_card(route["card"], "fetched"))}

    def _op_delete_card(self, request, tenant, route, body, token):
        del self.cards[self._find_card(route["card"], "deleted")["id"]]
        return 200, {"message": "The card was deleted successfully."}

    def _op_list_groups(self, request, tenant, route, body, token):
        query = (request.query.get("query") or "").lower()
        groups = [g for g in self.groups.values()
                  if not query or query in g["name"].lower() or query in (g.get("description") or "").lower()]
        groups.sort(key=lambda g: g["name"])
        return 200, self._page(request, tenant, "groups", [self._group_doc(tenant, g, listed=True) for g in groups],
                               "groups")

    def _op_create_group(self, request, tenant, route, body, token):
        body = self._json_body(body)
        if not body.get("name") or not body.get("externalId"):
            raise ApiError(400, "name and externalId are required")
        if any(g["externalId"] == body["externalId"] for g in self.groups.values()):
            raise ApiError(409, "A group with external id %s already exists" % body["externalId"])
        group = {"id": str(uuid.uuid4()), "name": body["name"], "externalId": body["externalId"],
                 "description": body.get("description") or "", "identityProvider": body.get("identityProvider")}
        self.groups[group["id"]] = group
        return 201, {"group": self._group_doc(tenant, group)}

    def _group(self, group_id):
        if group_id not in self.groups:
            raise ApiError(404, "Group not found")
        return self.groups[group_id]

    def _op_get_group(self, request, tenant, route, body, token):
        return 200, {"group": self._group_doc(tenant, self._group(route["group"]))}

    def _op_delete_group(self, request, tenant, route, body, token):
        del self.groups[self._group(route["group"])["id"]]
        return 200, {"message": "The group was deleted successfully."}

    def _op_list_printers(self, request, tenant, route, body, token):
        query = (request.query.get("query") or "").lower()
        printers = [p for p in self.printers.values() if not query or query in (p.get("name") or "").lower()]
        printers.sort(key=lambda p: p.get("name") or "")
        return 200, self._page(request, tenant, "printers", [self._printer_doc(tenant, p) for p in printers],
                               "printers")

    def _queue(self, route):
        printer = self.printers.get(route["queue"])
        if printer is None or printer["printer_id"] != route["printer"]:
            raise ApiError(404, "Printer not found")
        return printer

    def _op_get_printer(self, request, tenant, route, body, token):
        printer = self._queue(route)
        return 200, {"printers": [self._printer_doc(tenant, printer)],
                     "page": {"size": 1, "totalElements": 1, "totalPages": 1, "number": 0}}

    def _op_submit(self, request, tenant, route, body, token):
        printer = self._queue(route)
        title = request.query.get("title")
        if not title:
            raise ApiError(400, "title is required")
        pdl = request.query.get("PDL")
        if pdl and pdl not in PDLS:
            raise ApiError(400, "Invalid PDL %s" % pdl)
        owner = token["client_id"]
        if request.headers.get("version") == "1.1":
            body = self._json_body(body)
            checks = [("color", lambda v: isinstance(v, bool)),
                      ("duplex", lambda v: v in ("NONE", "LONG_EDGE", "SHORT_EDGE")),
                      ("page_orientation", lambda v: v in ("PORTRAIT", "LANDSCAPE", "AUTO")),
                      ("copies", lambda v: isinstance(v, int) and not isinstance(v, bool) and v > 0),
                      ("media_size", lambda v: v in MEDIA_SIZES),
                      ("scaling", lambda v: v in ("NOSCALE", "SHRINK", "FIT"))]
            for field, valid in checks:
                if field in body and body[field] is not None and not valid(body[field]):
                    raise ApiError(400, "Invalid value for %s: %r" % (field, body[field]))
            mapping = body.get("userMapping")
            if mapping is not None:
                if request.query.get("user"):
                    raise ApiError(400, "userMapping and the user parameter cannot both be given")
                if mapping.get("key") not in ("Email", "UPN", "ExternalId") or not mapping.get("value"):
                    raise ApiError(400, "Invalid userMapping key")
                matches = [u for u in self.users.values() if u["email"].lower() == str(mapping["value"]).lower()]
                if len(matches) != 1:
                    raise ApiError(422, "userMapping matched %d users" % len(matches))
                owner = matches[0]["id"]
        job_id = str(uuid.uuid4())
        sig = uuid.uuid4().hex
        job = {"id": job_id, "printer_id": printer["printer_id"], "queue_id": printer["id"], "title": title,
               "status": "UPLOADING", "ownerId": owner, "contentType": pdl or "PDF", "createTime": _now(),
               "updateTime": _now(), "sig": sig, "options": body if isinstance(body, dict) else None,
               "user": request.query.get("user"),
               "releaseImmediately": request.query.get("releaseImmediately", "true") != "false"}
        self.jobs[job_id] = job
        base = self._base(tenant)
        return 200, {"job": self._job_doc(tenant, job),
                     "_links": _hal(self.hal_arrays, uploadCompleted=base + "/jobs/%s/completeUpload" % job_id,
                                    changeOwner=base + "/jobs/%s/changeOwner?userEmail={userEmail}" % job_id),
                     "uploadLinks": [{"url": "%s/storage/%s/printix-jobs-file-upload/%s?sig=%s&sp=cw&sr=b"
                                             % (self.url, tenant, job_id, sig),
                                      "headers": {"x-ms-blob-type": "BlockBlob"}}]}

    def _job(self, job_id):
        if job_id not in self.jobs:
            raise ApiError(404, "Job not found")
        return self.jobs[job_id]

    def _jobs_doc(self, tenant, jobs):
        return {"tenantId": tenant, "sortOrder": None, "jobs": [self._job_doc(tenant, j) for j in jobs],
                "page": {"size": len(jobs), "totalElements": len(jobs), "totalPages": 1, "number": 0}}

    def _op_complete_upload(self, request, tenant, route, body, token):
        job = self._job(route["job"])
        if job["id"] not in self.uploads:
            raise ApiError(400, "The document has not been uploaded")
        job["status"] = "CONVERTING"
        job["updateTime"] = _now()
        return 200, self._jobs_doc(tenant, [job])

    def _op_get_job(self, request, tenant, route, body, token):
        # The seed's statuses, in order: UPLOADING (submitted, "Change Owner Example"), CONVERTING
        # ("Complete Upload Example"), CONVERTED ("Job Example"), AWAIT_PRINT (held for release,
        # "Submit Example"). No PRINTED status exists: once printed (or removed) a job is gone and
        # GET /jobs/{id} answers 404 (live clients: github.com/mnimtz/Printix-MCP printix_client.py
        # get_print_job). Each poll moves a completed job one step on.
        job = self._job(route["job"])
        if job["status"] == "CONVERTING":
            job["status"] = "CONVERTED"
        elif job["status"] == "CONVERTED":
            if job["releaseImmediately"]:
                del self.jobs[job["id"]]
                self.printed.append(job)
                raise ApiError(404, "Job not found")
            job["status"] = "AWAIT_PRINT"
        job["updateTime"] = _now()
        return 200, self._jobs_doc(tenant, [job])

    def _op_list_jobs(self, request, tenant, route, body, token):
        jobs = sorted(self.jobs.values(), key=lambda j: -j["createTime"])
        return 200, self._page(request, tenant, "jobs", [self._job_doc(tenant, j) for j in jobs], "jobs")

    def _op_delete_job(self, request, tenant, route, body, token):
        job = self._job(route["job"])
        del self.jobs[job["id"]]
        return 200, {"message": "The print job with id %s was deleted successfully." % job["id"]}
