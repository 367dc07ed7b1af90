# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Email -> Printix user for a whole task, at the fewest API calls.

Internal to the collection; may change in any release.

Printix allows 100 requests a minute (seed 003, "Rate Limiting"), so on Printix the
number of calls is the run time. An email is found one of two ways:

* a query per email and role: ``GET /users?role=R&query=<email>``, one call each;
* the role's whole list at the largest page the API serves, 1,000 users a call
  (``pageSize`` up to 1000, reference/printix-notes.md "Paging"), then in memory.

Which is cheaper depends on the tenant's size and on how many emails the task wants.
:meth:`EmailDirectory.plan` is told every email of the task before the first item
runs; for each role it asks for the first page of 1,000 (one call either way: its
users resolve the emails they hold), reads ``page.totalElements`` (seed 003, the
paged container of "Resource lists") and lists the remaining pages only when they are
no more than the emails still unresolved; otherwise those emails are queried one by
one when an item needs them. A task of one email queries it directly. An email
belongs to one user of one role (Printix refuses a second user with an email in use),
so the roles are searched independently. Emails match case-insensitively, and each is
resolved at most once per task, whatever the number of items or threads that want it.
"""

from __future__ import annotations

import math
import threading

from ansible_collections.printops.print_management.plugins.module_utils._http import ClientError
from ansible_collections.printops.print_management.plugins.module_utils._printix import USER_MANAGER
from ansible_collections.printops.print_management.plugins.module_utils._printix_wire import hal_link, last_segment

ROLES = ("USER", "GUEST_USER")
#: the largest page the API serves (reference/printix-notes.md, "Paging")
LIST_PAGE_SIZE = 1000


def email_key(email):
    return str(email or "").strip().lower()


class EmailDirectory(object):
    """The users a task wants, by email; shared by every worker thread of the task."""

    def __init__(self, client, roles=ROLES, area=USER_MANAGER, page_size=LIST_PAGE_SIZE):
        self.client = client
        self.roles = tuple(roles)
        self.area = area
        self.page_size = page_size
        self._lock = threading.Lock()
        self._users = {}  # email key -> user document (id, email, role, ...)
        self._listed = set()  # roles listed whole: an email not among them has not that role
        self._absent = set()  # email keys known to have no user
        self._pending = {}  # email key -> Event, while one thread resolves it
        self.strategy = {}  # role -> "listed" | "query": what plan() chose, for results and tests

    # -- the plan --------------------------------------------------------------------
    def plan(self, emails):
        """Before the first item: list whole roles where that is cheaper than a query per email."""
        wanted = set(email_key(e) for e in emails if e and "@" in str(e))
        pending = set(k for k in wanted if k not in self._users)
        for role in self.roles:
            if len(pending) < 2:
                break  # one email: one query costs what the first page costs, and never more
            try:
                self._list(role, pending)
            except ClientError:
                # the items will query one by one, and each say what went wrong
                self.strategy.setdefault(role, "query")
                break

    def _list(self, role, pending):
        state = {}

        def decide(page, items):
            for user in items:
                self._keep(user, role)
                pending.discard(email_key(user.get("email")))
            if "total" not in state:
                size = max(int(page.get("size") or len(items) or self.page_size), 1)
                total = page.get("totalElements")
                state["total"] = len(items) if total is None else int(total)
                left = max(int(math.ceil(state["total"] / float(size))) - 1, 0)
                # the remaining pages only when they cost no more than querying the emails still unresolved
                more = left <= len(pending)
            else:
                more = bool(pending)  # every email found: the rest of the list would tell nothing
            state["stopped"] = not more
            return more

        for _user in self.client.pages("users", "users", self.area, "listing Printix users (role %s)" % role,
                                       params={"role": role}, page_size=self.page_size, on_page=decide):
            pass
        with self._lock:
            if not state.get("stopped"):
                self._listed.add(role)  # an email not on the list has not this role
        self.strategy[role] = "query" if state.get("stopped") else "listed"

    def _keep(self, user, role):
        user = dict(user)
        user.setdefault("role", role)
        if not user.get("id"):
            user["id"] = last_segment(hal_link(user, "self"))
        key = email_key(user.get("email"))
        if key:
            with self._lock:
                self._users.setdefault(key, user)
                self._absent.discard(key)

    # -- one email -------------------------------------------------------------------
    def find(self, email, fresh=False):
        """The user with this email (any of the roles), or None; at most one resolution per email.

        ``fresh``: ask the API again, every role, whatever is known (a user created or deleted meanwhile).
        """
        key = email_key(email)
        mine = None
        while mine is None:
            with self._lock:
                if not fresh:
                    if key in self._users:
                        return self._users[key]
                    if key in self._absent or all(r in self._listed for r in self.roles):
                        return None
                waiting = self._pending.get(key)
                if waiting is None:
                    mine = self._pending[key] = threading.Event()
            if mine is None:
                waiting.wait()
        try:
            roles = self.roles if fresh else [r for r in self.roles if r not in self._listed]
            user = self._query(email, roles)
            with self._lock:
                if user is not None:
                    self._users[key] = user
                    self._absent.discard(key)
                else:
                    self._users.pop(key, None)
                    self._absent.add(key)
            return user
        finally:
            with self._lock:
                self._pending.pop(key, None)
            mine.set()

    def _query(self, email, roles):
        wanted = email_key(email)
        for role in roles:
            for user in self.client.list_users(role=role, query=str(email).strip(), area=self.area):
                if email_key(user.get("email")) == wanted:
                    return user
        return None

    def by_id(self, user_id):
        """A user already known to the task by its id, or None (no call is made)."""
        with self._lock:
            return next((u for u in self._users.values() if u.get("id") == user_id), None)

    def remember(self, user):
        """A user this task created: known without another call."""
        self._keep(user, user.get("role") or "GUEST_USER")
