# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Printix guest users: found by email, created, deleted. Never a credential in output.

Internal to the collection; may change in any release.

The API creates guest users (``POST /users/create``) and deletes them
(``POST /users/{id}/delete``); it has no call that changes one. The PIN, ID
code and password generated on creation come back once, in the create
response, and can never be read again.
"""

from __future__ import annotations

import re
from datetime import datetime

from ansible_collections.printops.print_management.plugins.module_utils._http import AmbiguousResult, ClientError
from ansible_collections.printops.print_management.plugins.module_utils._printix import Conflict
from ansible_collections.printops.print_management.plugins.module_utils._printix_directory import EmailDirectory
from ansible_collections.printops.print_management.plugins.module_utils._reconcile import Reconciler, Resource

GUEST = "GUEST_USER"
ROLES = ("USER", GUEST)
API_TIME = "%Y.%m.%d %H:%M"
ACCEPTED_TIMES = (API_TIME, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
# create-response field -> returned name; the user's own pin/password are not returned
GENERATED = (("pin", "pin", "pin"), ("idCode", "id_code", None), ("password", "password", "password"))


def check_email(email):
    email = (email or "").strip()
    if not email:
        raise ClientError("email must not be empty")
    if not EMAIL.match(email):
        raise ClientError("email %r is not an email address" % email)
    return email


def api_time(value):
    """``expiration`` in the API's format (``YYYY.MM.DD HH:MM``); ISO forms accepted too."""
    if value is None:
        return None
    text = str(value).strip()
    for fmt in ACCEPTED_TIMES:
        try:
            moment = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if moment.second:
            break
        return moment.strftime(API_TIME)
    raise ClientError("expiration %r is not a time like '2025.03.07 09:36' or '2025-03-07 09:36' (minutes, no "
                      "seconds)" % text)


def public_user(user):
    """A user as modules return it; a list or create document never adds secrets here."""
    if not user:
        return None
    out = {"id": user.get("id"), "email": user.get("email"), "full_name": user.get("fullName", user.get("name")),
           "role": user.get("role"), "expiration": user.get("expirationTimestamp")}
    return dict((k, v) for k, v in out.items() if v is not None)


class GuestUserResource(Resource):
    """A guest user by email. The Printix API cannot change a user: it is created or deleted, never updated."""

    def __init__(self, client, opts, warn, find, find_again):
        super(GuestUserResource, self).__init__(client, opts)
        self.warn = warn
        self.find = find
        self.find_again = find_again  # asks the API afresh: a user created meanwhile
        self.created = None
        self.existed = False

    def read(self, key):
        return self.find(key)

    def equal(self, field, current, wanted):
        if field == "email":  # an email is the same whatever its case (Printix matches it so)
            return (current or "").strip().lower() == (wanted or "").strip().lower()
        return super(GuestUserResource, self).equal(field, current, wanted)

    def create(self, key, desired):
        params = self.opts
        body = {"email": key, "fullName": params.get("full_name") or "", "role": GUEST}
        for option, field in (("pin", "pin"), ("password", "password"), ("send_welcome_email", "sendWelcomeEmail"),
                              ("send_expiration_email", "sendExpirationEmail")):
            if params.get(option) is not None:
                body[field] = params[option]
        expiration = api_time(params.get("expiration"))
        if expiration is not None:
            body["expirationTimestamp"] = expiration
        self.created, self.existed = self._create(key, body)

    def delete(self, key, current):
        self.client.delete_user(current["id"])

    def _create(self, email, body):
        """Create; returns (user document, existed). Safe to repeat: Printix refuses a second user with one email."""
        for attempt in (1, 2):
            try:
                return self.client.create_guest_user(body), False
            except Conflict:
                # created meanwhile by someone else, or by our own create whose answer was lost
                found = self.find_again(email)
                if found is None or found.get("role") != GUEST:
                    raise
                return found, True
            except AmbiguousResult:
                found = self.find_again(email)
                if found is not None:
                    self.warn("guest user '%s' was created, but the answer to the create call was lost, so its "
                              "generated PIN, ID code and password are unknown" % email)
                    return found, False
                if attempt == 2:
                    raise
        raise ClientError("unreachable")  # pragma: no cover


class GuestUsers(Reconciler):
    """printix_user: one guest user, or the bulk form (``users``). ``warn`` takes a message;
    ``may_return_credentials`` is true only when the task runs with ``no_log``.

    Users are found through one :class:`._printix_directory.EmailDirectory` for the task:
    a bulk task tells it every email first, so it lists whole roles where that costs fewer
    calls than a query per email. An unchanged user then costs no call of its own, a new one
    its creation, a deleted one its deletion."""

    key_option = "email"
    kind = "guest user"
    bulk_option = "users"
    noun = "users"
    item_options = ("email", "full_name", "pin", "password", "expiration", "send_welcome_email",
                    "send_expiration_email", "state")

    def __init__(self, client, params=None, check_mode=False, diff=False, warn=None, may_return_credentials=False):
        super(GuestUsers, self).__init__(client, params or {}, check_mode, diff, warn)
        self.may_return_credentials = may_return_credentials
        self.directory = EmailDirectory(client, roles=(GUEST, "USER"))

    def key(self, opts):
        return (opts.get("email") or "").strip()

    def label(self, opts):
        return "guest user '%s'" % self.key(opts)

    def validate(self, opts):
        for secret in (opts.get("pin"), opts.get("password")):
            self.client.redact.add(secret)
        check_email(opts.get("email"))
        pin = opts.get("pin")
        if pin is not None and not re.match(r"^\d{4}$", pin):
            raise ClientError("pin must be exactly 4 digits (the value is not shown)")
        api_time(opts.get("expiration"))

    def find(self, email):
        return self.directory.find(email)

    def find_again(self, email):
        return self.directory.find(email, fresh=True)

    def resource(self, opts):
        return GuestUserResource(self.client, opts, self.warn, self.find, self.find_again)

    def prepare(self, items, defaults):
        emails = [self.item(item, defaults).get("email") for item in items]
        self.directory.plan([(e or "").strip() for e in emails if e])
        self.client.expect_calls(2 * len(items) + 2)

    def one(self, opts=None):
        if opts is None:
            self.client.expect_calls(3)
        return super(GuestUsers, self).one(opts)

    def bulk_one(self, opts):
        result = self.one(opts)
        result.pop("rate_limit", None)  # the task's, once, beside the summary
        result.pop("api_calls", None)
        return result

    def report(self):
        return {"rate_limit": self.client.rate_limit_report(), "api_calls": self.client.calls_report()}

    def identify(self, index, item, result):
        result["index"] = index
        result.setdefault("email", item.get("email"))

    def desired(self, opts):
        return {"email": self.key(opts)}

    def check(self, opts, current):
        if current is not None and current.get("role") != GUEST:
            raise ClientError("the email belongs to a Printix user of role %s; only guest users (%s) can be created "
                              "or deleted through the API, so it was left alone" % (current.get("role"), GUEST))
        if current is not None and opts.get("state") != "absent":
            self._report_drift(self.key(opts), current, opts.get("full_name"), api_time(opts.get("expiration")))

    def result(self, opts, resource, outcome):
        result = {"changed": outcome.changed, "action": outcome.action}
        before = public_user(outcome.before)
        after = before
        if outcome.action == "delete":
            after = None
        elif outcome.action == "create":
            after = public_user({"email": self.key(opts), "fullName": opts.get("full_name") or "", "role": GUEST,
                                 "expirationTimestamp": api_time(opts.get("expiration"))})
            if resource.created is not None:
                after = public_user(resource.created)
                if resource.existed:
                    result.update(changed=False, action="none")
                else:
                    self._credentials(result, resource.created, opts)
        if after is not None:
            result["user"] = after
        if self.diff:
            result["diff"] = {"before": before or {}, "after": after or {}}
        result["rate_limit"] = self.client.rate_limit_report()
        result["api_calls"] = self.client.calls_report()
        return result

    def _credentials(self, result, created, params):
        generated = dict((name, created[field]) for field, name, option in GENERATED
                         if created.get(field) and not (option and params.get(option) is not None))
        if not generated:
            return
        if self.may_return_credentials:
            result["credentials"] = generated
        else:
            self.warn("the %s generated for guest user '%s' were not returned because the task does not set "
                      "no_log: true; Printix shows them only once" % (", ".join(sorted(generated)), created.get("email")))

    def _report_drift(self, email, current, full_name, expiration):
        differ = []
        if full_name is not None and (current.get("fullName") or "") != full_name:
            differ.append("full_name is %r" % (current.get("fullName") or ""))
        if expiration is not None and current.get("expirationTimestamp") != expiration:
            differ.append("expiration is %r" % current.get("expirationTimestamp"))
        if differ:
            self.warn("guest user '%s' exists and the Printix API cannot change a user, so it was left as it is: %s. "
                      "Delete and recreate it to change this (its cards and sign-in details are lost)."
                      % (email, "; ".join(differ)))


def list_users(client, roles=ROLES, query=None, email=None, limit=None):
    """Users of the given roles, every page, or the first ``limit``; ``email`` matches exactly."""
    if email:
        found = client.find_user_by_email(check_email(email), roles=tuple(roles))
        return [public_user(found)] if found else []
    if limit is not None and limit < 0:
        raise ClientError("limit must be zero or a positive number, got %s" % limit)
    users = []
    if limit == 0:
        return users
    for role in dict.fromkeys(roles):  # each role once, in the order given
        for user in client.list_users(role=role, query=query or None):
            users.append(public_user(user))
            if limit is not None and len(users) >= limit:
                return users  # stop paging: the caller has what it asked for
    return users
