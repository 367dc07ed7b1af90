# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Printix Cloud Print API client.

Internal to the collection; may change in any release.

* OAuth2 client credentials: one token per module run, fetched again when it
  expires or when a call answers 401 (once; a second 401 is an error).
* Credentials are per API area (Cloud Print, User Manager, Card Manager):
  every call names the area it needs, so a 403 says which credentials are missing.
* Tenant from ``printix_tenant_id`` or discovered from the HAL root.
* HAL links are followed with the token only when they point at the API's own
  scheme, host and port; a link anywhere else fails the task and is never sent.
* Paging follows ``next`` links, which are templates of page and size only (seed
  003, "User List Example"): the client re-applies its own filters (role, query)
  to every page.
* Rate limit (100 requests/minute, token bucket): all workers share one pace, and the
  time they spend paused by 429s is bounded by ``rate_limit_timeout`` (or a budget sized
  from the work) and reported: the client's :class:`_pacer.RateBudget` keeps both.
"""

from __future__ import annotations

import re
import threading
import time
from urllib.parse import parse_qsl, quote, urlsplit

# errors, links and bodies live in _printix_wire.py; imported here for the modules and tests that use them
from ansible_collections.printops.print_management.plugins.module_utils._printix_wire import (  # noqa: F401 pylint: disable=unused-import
    AreaError, AuthenticationError, Conflict, NotFound, PrintixError, RateLimitTimeout, _card, _excerpt, _is_json,
    _json, _message, _where, card_path, expand, hal_link, hal_links, last_segment, origin,
)
from ansible_collections.printops.print_management.plugins.module_utils._http import (
    AmbiguousResult,
    ClientError,
    HttpClient,
    Redactor,
)
from ansible_collections.printops.print_management.plugins.module_utils._pacer import RateBudget
from ansible_collections.printops.print_management.plugins.module_utils._validate import expect, expect_number

CLOUD_PRINT = "Cloud Print"
USER_MANAGER = "User Manager"
CARD_MANAGER = "Card Manager"

PAGE_SIZE = 200
# Renew a token this many seconds before the server would expire it.
TOKEN_MARGIN = 30


class PrintixClient(object):
    """Every call to Printix goes through :meth:`call`."""

    def __init__(self, client_id, client_secret, api_url="https://api.printix.net/cloudprint",
                 token_url="https://auth.printix.net/oauth/token", tenant_id=None, rate_limit_timeout=None,
                 http=None, page_size=PAGE_SIZE, sleep=time.sleep, clock=time.monotonic):
        if not client_id or not client_secret:
            raise ClientError("printix_client_id and printix_client_secret are required")
        self.client_id = client_id
        self._secret = client_secret
        self.api_url = api_url.rstrip("/")
        self.token_url = token_url
        self.page_size = page_size
        if http is None:
            http = HttpClient(redactor=Redactor([client_secret]))
        else:
            http.redact.add(client_secret)
        # 429s are ours to handle: by time budget, shared by all workers
        http.retry_always = frozenset()
        self.http = http
        self._sleep = sleep
        self._clock = clock
        self._lock = threading.Lock()
        self._token = None
        self._token_expires = 0.0
        self._tenant_id = tenant_id
        self.budget = RateBudget(clock, sleep, rate_limit_timeout, lock=self._lock)
        self.pacer = self.budget.pacer
        self.calls = 0
        self._proven_areas = set()  # areas whose calls have succeeded with these credentials

    @property
    def redact(self):
        return self.http.redact

    # -- rate limit: kept by self.budget (see _pacer.RateBudget); what modules and tests ask the client --
    @property
    def rate_limit_timeout(self):
        return self.budget.timeout

    @rate_limit_timeout.setter
    def rate_limit_timeout(self, value):
        self.budget.timeout = value

    def rate_limit_report(self):
        return self.budget.report()

    def expect_calls(self, count):
        self.budget.expect_calls(count)

    def time_budget(self):
        return self.budget.time_budget()

    def calls_report(self):
        return self.budget.calls_report()

    # -- token -------------------------------------------------------------------
    def _fetch_token(self):
        # called with self._lock held: a 429 is waited out here, inside the same time budget
        while True:
            response = self.http.request(
                "POST", self.token_url, idempotent=True, retry_timeout=True, what="Printix token request",
                data={"grant_type": "client_credentials", "client_id": self.client_id, "client_secret": self._secret},
                headers={"Accept": "application/json"})
            if response.status_code != 429:
                break
            self._sleep(self.budget.token_throttled(response))
        body = _json(response)
        if response.status_code in (400, 401, 403):
            raise AuthenticationError(self.redact(
                "Printix refused the client credentials for client id '%s' (HTTP %s: %s). Check "
                "printix_client_id and printix_client_secret." % (
                    self.client_id, response.status_code,
                    body.get("error_description") or body.get("error") or _message(body) or "no detail")),
                status=response.status_code)
        if response.status_code != 200 or not isinstance(body.get("access_token"), str) or not body["access_token"]:
            raise PrintixError(self.redact("The Printix token endpoint %s answered HTTP %s without a token. Check "
                                           "printix_token_url." % (self.token_url, response.status_code)),
                               status=response.status_code)
        token = body["access_token"]
        self.redact.add(token)
        self._token = token
        lifetime = expect_number(body.get("expires_in") or 3600, "the answer of the Printix token endpoint",
                                 "the key 'expires_in'")
        self._token_expires = self._clock() + max(lifetime - TOKEN_MARGIN, 1.0)
        return token

    def token(self, stale=None):
        """The current token; a new one when expired or when ``stale`` was refused."""
        with self._lock:
            if self._token is None or self._token == stale or self._clock() >= self._token_expires:
                if self._token == stale:
                    self._token = None
                return self._fetch_token()
            return self._token

    # -- the one request path ----------------------------------------------------------
    def url(self, path):
        if path is None:  # the API root
            return self.api_url
        if path.startswith("http://") or path.startswith("https://"):
            return self.own_link(path)
        return "%s/tenants/%s/%s" % (self.api_url, quote(self.tenant_id, safe=""), path.lstrip("/"))

    def own_link(self, href, what="a link"):
        """``href`` when it points at the API's own scheme, host and port; otherwise an error.

        Links come from the server's answers; the bearer token goes with every API call, so a
        link elsewhere (a hostile or misconfigured server, a proxy rewriting bodies) is refused
        before anything is sent to it."""
        if origin(href) is None or origin(href) != origin(self.api_url):
            raise PrintixError(self.redact(
                "Printix answered with %s to %s, which is not the API's own address (%s); it was not "
                "followed and no credentials were sent to it. Check printix_api_url, and any proxy between "
                "this host and Printix." % (what, _where(href), _where(self.api_url))))
        return href

    def call(self, method, path, area, what, json=None, params=None, headers=None, idempotent=None,
             accept=(200, 201), kind=None):
        """Send one API request; return the decoded JSON body.

        ``area`` names the API area whose credentials the call needs. Statuses in
        ``accept`` are success; 404 raises :class:`NotFound`, 409 :class:`Conflict`.
        ``kind`` counts the request in :meth:`calls_report`: ``lookups`` (listings and
        searches), ``reads`` (one object) or ``writes``; by default a GET is a read
        (the API root a lookup) and anything else a write.
        """
        if kind is None:
            kind = ("lookups" if path is None else "reads") if method.upper() == "GET" else "writes"
        url = self.url(path)
        stale = None
        refreshed = False
        while True:
            token = self.token(stale)
            send_headers = {"Accept": "application/json", "Authorization": "Bearer %s" % token}
            send_headers.update(headers or {})
            self.budget.wait_turn()
            self.calls += 1
            response = self.http.request(method, url, idempotent=idempotent, what=what, json=json, params=params,
                                         headers=send_headers)
            status = response.status_code
            if status == 429:
                self.budget.throttled(response, what)
                continue
            self.budget.answered(response, kind)
            if status == 401:
                if refreshed:
                    raise AuthenticationError(self.redact(
                        "Printix answered 401 to %s even with a freshly issued token for client id '%s'. The "
                        "credentials may have been revoked or belong to another tenant." % (what, self.client_id)),
                        status=401)
                stale, refreshed = token, True
                continue
            body = _json(response)
            if status in accept:
                if not _is_json(response):
                    raise self._not_json(response, method, what, idempotent)
                if isinstance(body, dict) and body.get("success") is False:
                    raise self._error(response, body, what, area)
                self._proven_areas.add(area)
                return body
            raise self._error(response, body, what, area)

    def _not_json(self, response, method, what, idempotent):
        """A success status with a body that is not JSON (a proxy's or portal's HTML page)."""
        if idempotent is None:
            idempotent = method.upper() in ("GET", "HEAD", "PUT", "DELETE", "OPTIONS")
        excerpt = _excerpt(response)
        if not idempotent:
            return AmbiguousResult(self.redact(
                "The answer to %s was not JSON (Content-Type %r: %s); Printix may or may not have applied it. "
                "It was not re-sent." % (what, response.headers.get("Content-Type"), excerpt)))
        return PrintixError(self.redact(
            "%s answered %s with something that is not JSON (HTTP %s, Content-Type %r: %s). Check printix_api_url; "
            "a proxy or captive portal may be answering instead of Printix." % (
                self.api_url, what, response.status_code, response.headers.get("Content-Type"), excerpt)),
            status=response.status_code)

    def _error(self, response, body, what, area):
        status = response.status_code
        text = _message(body) if isinstance(body, dict) else None
        error_id = body.get("errorId") if isinstance(body, dict) else None
        detail = text or ("HTTP %s" % status)
        suffix = " (errorId %s)" % error_id if error_id else ""
        if status == 403:
            return AreaError(self.redact(
                "Printix denied %s (HTTP 403: %s)%s. This call needs API credentials of the %s area; the "
                "credentials given (client id '%s') may belong to another area. Create an application with the %s "
                "area in Printix Administrator and use its client id and secret." % (
                    what, detail, suffix, area, self.client_id, area)), status=status, error_id=error_id)
        cls = {404: NotFound, 409: Conflict}.get(status, PrintixError)
        return cls(self.redact("%s failed: HTTP %s: %s%s" % (what, status, detail, suffix)), status=status,
                   error_id=error_id)

    # -- tenant -----------------------------------------------------------------------
    @property
    def tenant_id(self):
        if self._tenant_id is None:
            self._tenant_id = self.discover_tenant()
        return self._tenant_id

    def discover_tenant(self):
        try:
            root = self.call("GET", None, CLOUD_PRINT, "Printix API root (tenant discovery)")
        except NotFound as exc:
            raise PrintixError(self.redact("%s. %s does not look like the Printix Cloud Print API: check printix_api_url "
                                           "(normally https://api.printix.net/cloudprint)." % (exc, self.api_url)),
                               status=404)
        tenants = []
        links = expect((root or {}).get("_links") or {}, "object", "the answer of the Printix API root",
                       "the key '_links'")
        for rel in sorted(links):
            if rel in ("self", "curies"):
                continue
            for href in hal_links(root, rel):
                match = re.search(r"/tenants/([^/?{]+)", href)
                if match and match.group(1) not in [t[1] for t in tenants]:
                    tenants.append((rel, match.group(1)))
        if not tenants:
            raise PrintixError("The credentials for client id '%s' reach no Printix tenant; set printix_tenant_id."
                               % self.client_id)
        if len(tenants) > 1:
            raise PrintixError("The credentials for client id '%s' reach %d tenants: %s. Set printix_tenant_id to "
                               "one of them." % (self.client_id, len(tenants),
                                                 ", ".join("%s (%s)" % t for t in tenants)))
        return tenants[0][1]

    # -- paging -----------------------------------------------------------------------
    def pages(self, path, container, area, what, params=None, page_size=None, on_page=None):
        """Yield every item of a paged list, following ``next`` links; stop when the caller stops.

        A ``next`` link carries page and size only (``users?page=1&pageSize=10{&query}``, seed 003):
        the filters in ``params`` (role, query...) are put back on every page it leads to.
        ``on_page(page, items)``, when given, sees each page's ``page`` object and items before they
        are yielded; when it returns False, the items of that page are the last (no further call).
        """
        filters = dict((k, v) for k, v in (params or {}).items() if v is not None)
        params = dict(filters)
        params["page"] = 0
        params["pageSize"] = page_size or self.page_size
        url, query = path, params
        seen = 0
        followed = set()
        while True:
            body = self.call("GET", url, area, what, params=query, kind="lookups")
            answer = "the answer to %s" % what
            items = [expect(item, "object", answer, "an item of %r" % container)
                     for item in expect(body.get(container) or [], "list", answer, "the key %r" % container)]
            page = expect(body.get("page") or {}, "object", answer, "the key 'page'")
            more = on_page(page, items) if on_page is not None else True
            for item in items:
                seen += 1
                yield item
            if more is False:
                return
            nxt = hal_link(body, "next")
            number = int(expect_number(page.get("number", params["page"]), answer, "page.number"))
            total_pages = page.get("totalPages")
            if total_pages is not None:
                total_pages = int(expect_number(total_pages, answer, "page.totalPages"))
            if nxt:
                url, query = self._next_page(nxt, filters, what)
                if url in followed:
                    raise PrintixError("%s: the link to the next page leads back to a page already read (%s)"
                                       % (what, _where(url)))
                followed.add(url)
                params["page"] = number + 1
            elif total_pages is not None and number + 1 < int(total_pages) and items:
                params["page"] = number + 1
                url, query = path, dict(params)
            else:
                total = page.get("totalElements")
                if total is not None and seen < expect_number(total, answer, "page.totalElements") and items:
                    raise PrintixError("%s: the list ended after %d of %s items without a link to the next page"
                                       % (what, seen, total))
                return

    def _next_page(self, href, filters, what):
        """The URL of a ``next`` link with its template filled, and the filters it lacks as params."""
        url = self.own_link(expand(href, **filters), "the link to the next page of %s" % what)
        present = set(k for k, _v in parse_qsl(urlsplit(url).query, keep_blank_values=True))
        missing = dict((k, v) for k, v in filters.items() if k not in present)
        return url, missing or None

    # -- users ------------------------------------------------------------------------------
    def list_users(self, role=None, query=None, area=USER_MANAGER):
        roles = [role] if role else ["USER", "GUEST_USER"]
        for one in roles:
            params = {"role": one}
            if query:
                params["query"] = query
            for user in self.pages("users", "users", area, "listing Printix users", params=params):
                user.setdefault("role", one)
                if not user.get("id"):
                    user["id"] = last_segment(hal_link(user, "self"))
                yield user

    def find_user_by_email(self, email, roles=("USER", "GUEST_USER"), area=USER_MANAGER):
        wanted = email.strip().lower()
        for role in roles:
            for user in self.list_users(role=role, query=email, area=area):
                if (user.get("email") or "").strip().lower() == wanted:
                    return user
        return None

    def get_user(self, user_id):
        """The user with this id; None when there is none.

        ``GET /users/{id}`` belongs to the Card Manager area, and with User Manager credentials
        Printix answers 404 even for a user that exists (seen live, reference/printix-notes.md).
        So a 404 is "no such user" only once the credentials are known to be Card Manager ones:
        ``GET /users/{id}/cards`` (Card Manager only) then answers 403 for other credentials.
        """
        what = "reading user %s" % user_id
        try:
            body = self.call("GET", "users/%s" % quote(user_id, safe=""), CARD_MANAGER, what)
        except NotFound:
            if CARD_MANAGER not in self._proven_areas:
                try:
                    self.user_cards(user_id)
                except NotFound:
                    pass  # Card Manager credentials, and no such user
                except AreaError as exc:
                    raise AreaError(self.redact(
                        "Printix answered 404 to %s, which it does when the credentials (client id '%s') are not "
                        "Card Manager credentials, whether or not the user exists. Reading a user by id needs API "
                        "credentials of the %s area: create an application with that area in Printix "
                        "Administrator and use its client id and secret." % (what, self.client_id, CARD_MANAGER)),
                        status=exc.status, error_id=exc.error_id)
            return None
        user = expect(body.get("user") or {}, "object", "the answer to reading user %s" % user_id, "the key 'user'")
        user.setdefault("id", last_segment(hal_link(user, "self")) or user_id)
        return user

    def create_guest_user(self, body):
        result = self.call("POST", "users/create", USER_MANAGER, "creating guest user %s" % body.get("email"),
                           json=body, idempotent=False)
        users = expect(result.get("users") or [], "list", "the answer to creating guest user %s" % body.get("email"),
                       "the key 'users'")
        return expect(users[0], "object", "the answer to creating a guest user", "the user") if users else {}

    def delete_user(self, user_id):
        # Printix deletes users with POST .../delete (DELETE answers 405); a
        # retry after a lost answer finds the user gone: 404, treated as done.
        try:
            self.call("POST", "users/%s/delete" % quote(user_id, safe=""), USER_MANAGER,
                      "deleting user %s" % user_id, idempotent=True)
        except NotFound:
            pass

    # -- cards ------------------------------------------------------------------------------
    def get_card(self, secret_or_id):
        """The card with this base64 secret or id, with ``id`` and ``owner_id``; None when absent.

        An unknown card answers 403 (seed 003, "Search for Card": "a 403 error if the card cannot be
        fetched") or 404 (some live clients): both mean "no such card" here, and only here.
        The secret is percent-encoded whole (``/`` as ``%2F``, ``+`` as ``%2B``, ``=`` as ``%3D``),
        so that it stays one path segment and a server decoding ``+`` as a space still reads a plus.
        """
        try:
            body = self.call("GET", card_path(secret_or_id), CARD_MANAGER, "looking up a card")
        except (NotFound, AreaError) as exc:
            if exc.status in (403, 404):
                return None
            raise
        return _card(body.get("card") or {}, "the answer to looking up a card")

    def confirm_card_area(self, user_id=None):
        """Before a task reports "no such card": make sure the credentials are Card Manager ones.

        Credentials of another area get 403 on a card lookup too, so "no such card" holds only once a
        Card Manager call has worked. Unless one has, ``GET /users/{id}/cards`` (Card Manager only)
        is tried for ``user_id``, or for the first user listed; an AreaError says what is wrong.
        With no user on the tenant there is nothing to try it with, and nothing to check."""
        if CARD_MANAGER in self._proven_areas:
            return
        if user_id is None:
            try:
                first = next(iter(self.list_users()), None)
            except AreaError as exc:
                raise AreaError(self.redact(
                    "Printix answered a card lookup with %s, which means either that no such card is registered or "
                    "that the credentials (client id '%s') are not Card Manager credentials, and they cannot list "
                    "users either (HTTP %s). Card calls need API credentials of the %s area." % (
                        "403" if exc.status == 403 else "an error", self.client_id, exc.status, CARD_MANAGER)),
                    status=exc.status, error_id=exc.error_id)
            if first is None or not first.get("id"):
                return
            user_id = first["id"]
        try:
            self.user_cards(user_id)
        except NotFound:
            pass  # only Card Manager credentials get this far for a user's cards

    def user_cards(self, user_id):
        body = self.call("GET", "users/%s/cards" % quote(user_id, safe=""), CARD_MANAGER,
                         "listing the cards of user %s" % user_id)
        what = "the answer to listing the cards of user %s" % user_id
        return [_card(c, what) for c in expect(body.get("cards") or [], "list", what, "the key 'cards'")]

    def register_card(self, user_id, secret):
        body = self.call("POST", "users/%s/cards" % quote(user_id, safe=""), CARD_MANAGER,
                         "registering a card for user %s" % user_id, json={"secret": secret}, idempotent=False)
        return _card(body.get("card") or {}, "the answer to registering a card for user %s" % user_id)

    def delete_card(self, secret_or_id):
        # "a 403 error if the card cannot be deleted" (seed 003, "Delete Card"); 404 as some live
        # clients see it: either way the card is gone (a retry after a lost answer lands here too)
        try:
            self.call("DELETE", card_path(secret_or_id), CARD_MANAGER, "deleting a card")
        except (NotFound, AreaError) as exc:
            if exc.status not in (403, 404):
                raise

    # -- groups -----------------------------------------------------------------------------
    def list_groups(self, query=None):
        """Every group (``query`` matches name or description). The documents carry no ``id`` and no
        ``externalId``; the id is the last segment of the self link, which there is concrete
        (``.../tenants/{tenant}/groups/a99941e1-...``, seed 003 "Listing and Searching Groups")."""
        params = {"query": query} if query else None
        for group in self.pages("groups", "groups", USER_MANAGER, "listing Printix groups", params=params,
                                page_size=min(self.page_size, 100)):
            if not group.get("id"):
                group["id"] = last_segment(hal_link(group, "self"))
            yield group

    def create_group(self, body):
        """Create a group; its ``id`` comes from the body, or None: the answer's self link is the
        template ``.../groups/{group}`` (seed 003, "Create Group Example"), never an id."""
        result = self.call("POST", "groups", USER_MANAGER, "creating group %r" % body.get("name"), json=body,
                           idempotent=False)
        group = expect(result.get("group") or {}, "object", "the answer to creating group %r" % body.get("name"),
                       "the key 'group'")
        if not group.get("id"):
            group["id"] = last_segment(hal_link(group, "self"))
        return group

    def delete_group(self, group_id):
        try:
            self.call("DELETE", "groups/%s" % quote(group_id, safe=""), USER_MANAGER, "deleting group %s" % group_id)
        except NotFound:
            pass

    # -- printers and jobs ---------------------------------------------------------------------
    def list_printers(self, query=None):
        params = {"query": query} if query else None
        for printer in self.pages("printers", "printers", CLOUD_PRINT, "listing Printix printers", params=params):
            queue_href = hal_link(printer, "self") or ""
            match = re.search(r"/printers/([^/]+)/queues/([^/?{]+)", queue_href)
            if match:
                printer.setdefault("printer_id", match.group(1))
                printer.setdefault("queue_id", match.group(2))
            yield printer

    def submit(self, printer_id, queue_id, title, body, user=None, pdl=None, release_immediately=True):
        params = {"title": title, "releaseImmediately": "true" if release_immediately else "false"}
        if user:
            params["user"] = user
        if pdl:
            params["PDL"] = pdl
        return self.call("POST", "printers/%s/queues/%s/submit" % (quote(printer_id, safe=""), quote(queue_id, safe="")),
                         CLOUD_PRINT, "submitting print job %r" % title, json=body, params=params,
                         headers={"version": "1.1"}, idempotent=False)

    def upload(self, url, headers, data, what="uploading the document", content_type=None):
        # Cloud storage answers 403 to an API token: the returned headers, no Authorization. The
        # file's Content-Type goes with them, as in the seed's upload example and live clients.
        headers = dict(headers or {})
        if content_type and not any(k.lower() == "content-type" for k in headers):
            headers["Content-Type"] = content_type
        response = self.http.request("PUT", url, idempotent=True, what=what, data=data, headers=headers)
        if response.status_code not in (200, 201):
            raise PrintixError(self.redact("%s to cloud storage failed: HTTP %s" % (what, response.status_code)),
                               status=response.status_code)

    def complete_upload(self, href, title):
        return self.call("POST", self.own_link(href, "the uploadCompleted link"), CLOUD_PRINT,
                         "completing the upload of print job %r" % title, idempotent=False)

    def get_job(self, job_id):
        """The job; :class:`NotFound` once it printed or was removed (live clients)."""
        body = self.call("GET", "jobs/%s" % quote(job_id, safe=""), CLOUD_PRINT, "reading print job %s" % job_id)
        jobs = body.get("jobs") or []
        return jobs[0] if jobs else body.get("job")

    # -- construction from a module's connection options (see _module.CONNECTION_SPECS) --
    @classmethod
    def from_module(cls, module):
        """The client for ``module``'s printix_* options; a bad option fails the task."""
        params, secret = module.params, module.params["printix_client_secret"]
        try:
            return cls(params["printix_client_id"], secret, api_url=params["printix_api_url"],
                       token_url=params["printix_token_url"], tenant_id=params.get("printix_tenant_id") or None,
                       rate_limit_timeout=params["rate_limit_timeout"],
                       http=HttpClient.from_module(module, secrets=[secret]))
        except ClientError as exc:
            error = str(exc)
        module.fail_json(msg=error)  # outside the except: no traceback of the handled error (see _module.run)
