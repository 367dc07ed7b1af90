# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Printix cards: encoding, user resolution and reconciliation (single and bulk).

Internal to the collection; may change in any release.

Printix stores a card's secret hashed, so a card is found by looking up its
base64 secret (``GET /cards/{secret}``), never by listing and comparing.
Card numbers and secrets never appear in results or messages.
"""

from __future__ import annotations

import base64
import binascii
import threading

from ansible_collections.printops.print_management.plugins.module_utils._errors import or_else
from ansible_collections.printops.print_management.plugins.module_utils._http import ClientError
from ansible_collections.printops.print_management.plugins.module_utils._printix import Conflict
from ansible_collections.printops.print_management.plugins.module_utils._printix_directory import EmailDirectory
from ansible_collections.printops.print_management.plugins.module_utils._reconcile import (
    Reconciler,
    Resource,
    apply,
    plan,
)

_UNKNOWN = object()
#: register_first: the cards of a task that must have shown whether they are new, and the share that must be new
EVIDENCE = 20
NEW_SHARE = 0.75
CARD_OPTIONS = ("user", "card_number", "card_encoding", "state", "reassign")


def card_secret(number, encoding="raw"):
    """The base64 secret Printix expects for a card number."""
    if number is None or not str(number).strip():
        raise ClientError("card_number must not be empty")
    number = str(number).strip()
    if encoding == "base64":
        try:
            decoded = base64.b64decode(number, validate=True)
        except (binascii.Error, ValueError):
            decoded = None
        if not decoded or base64.b64encode(decoded).decode("ascii") != number:
            raise ClientError("card_number is not valid base64 although card_encoding is 'base64' (the value is not "
                              "shown). Give the reader's number with card_encoding: raw, or its base64 encoding.")
        return number
    return base64.b64encode(number.encode("utf-8")).decode("ascii")


class UserResolver(object):
    """Email or id -> Printix user, once per task whatever the number of items that name it.

    Emails go through an :class:`._printix_directory.EmailDirectory` (told every email of a
    bulk task first by :meth:`plan`, so it can list whole roles where that costs fewer calls);
    ids are read once each (``GET /users/{id}``)."""

    def __init__(self, client, directory=None):
        self.client = client
        self.directory = directory or EmailDirectory(client)
        self._by_id = {}
        self._lock = threading.Lock()

    def plan(self, refs):
        """Every user reference of the task, before the first item: see EmailDirectory.plan."""
        self.directory.plan([str(r).strip() for r in refs if r and "@" in str(r)])

    def resolve(self, ref):
        ref = str(ref).strip()
        if "@" in ref:
            user = self.directory.find(ref)
            if user is None:
                raise ClientError("no Printix user (role USER or GUEST_USER) has the email '%s'" % ref)
            return {"id": user.get("id") or ref, "email": user.get("email")}
        with self._lock:
            known = self._by_id.get(ref)
        if known is None:
            user = self.client.get_user(ref)
            if user is None:
                raise ClientError("no Printix user has the id '%s'" % ref)
            known = {"id": user.get("id") or ref, "email": user.get("email")}
            with self._lock:
                self._by_id.setdefault(ref, known)
        return known

    def describe(self, user_id):
        """``email (id)`` for messages; the id alone when the user cannot be read."""
        user = self.directory.by_id(user_id)
        if user is None:
            try:
                user = self.client.get_user(user_id)
            except ClientError:
                user = None
        if user and user.get("email"):
            return "%s (id %s)" % (user["email"], user_id)
        return "user id %s" % user_id


class CardResource(Resource):
    """One card, keyed by its secret; its one field is its owner. ``card`` is the card as Printix has it."""

    def __init__(self, client, opts, user, users):
        super(CardResource, self).__init__(client, opts)
        self.user = user
        self.users = users
        self.card = None

    def read(self, key):
        self.card = self.client.get_card(key)
        return {"owner_id": self.card["owner_id"]} if self.card else None

    def create(self, key, desired):
        self.card = self._register(desired["owner_id"], key)

    def update(self, key, current, changes):
        # a card has one owner: moving it is delete, then register for the new owner (restored on failure)
        self.card = self._move(self.card, self.user, key)

    def delete(self, key, current):
        self.client.delete_card(self.card["id"])

    def _move(self, card, user, secret):
        """Reassign ``card`` to ``user``: Printix has no move, so delete it and register it again.

        When the new registration fails, the old owner's registration is restored, and the
        error says exactly where the card is now: back with its old owner, with the new one
        after all (a lost answer), or with nobody because restoring failed too.
        """
        self.client.delete_card(card["id"])
        try:
            return self._register(user["id"], secret)
        except ClientError as exc:
            failure = exc
        old_owner = card["owner_id"]
        now = self._read_quietly(secret)
        if now is not _UNKNOWN and now is not None and now["owner_id"] == user["id"]:
            return now  # the registration was applied although its answer was lost
        restore_error = None
        if now is None or now is _UNKNOWN:
            try:
                self._register(old_owner, secret)
            except ClientError as exc:
                restore_error = exc
            now = self._read_quietly(secret)
        old = self.users.describe(old_owner)
        if now is _UNKNOWN and restore_error is None:
            where = ("it was registered to %s again (restored), but reading it back failed: check it with "
                     "printix_card_info" % old)
        elif now is _UNKNOWN:
            where = ("restoring it to %s failed too (%s) and it could not be read back, so it may be registered to "
                     "nobody: check it with printix_card_info" % (old, restore_error))
        elif now is None:
            where = ("it is now registered to nobody: restoring it to %s failed too (%s). Run this task again to "
                     "register it with this user, or register it with %s again" % (old, restore_error, old))
        elif now["owner_id"] == old_owner:
            where = "it was registered to %s again (restored, under a new card id)" % old
        else:
            where = "it is now registered to %s" % self.users.describe(now["owner_id"])
        # written either way (a deletion, perhaps a registration); unknown when it could not be read back
        details = {"changed": True, "uncertain": True} if now is _UNKNOWN else {"changed": True}
        raise ClientError("the card was removed from %s to reassign it, and registering it with this user failed: "
                          "%s; %s" % (old, failure, where), details=details)

    def _read_quietly(self, secret):
        """The card with this secret, None when absent, ``_UNKNOWN`` when it cannot be read."""
        return or_else(_UNKNOWN, self.client.get_card, secret)

    def _register(self, user_id, secret):
        try:
            return self.client.register_card(user_id, secret)
        except Conflict:
            # registered meanwhile (a concurrent task, or a lost answer to our own POST)
            card = self.client.get_card(secret)
            if card is not None and card["owner_id"] == user_id:
                return card
            raise


class CardReconciler(Reconciler):
    """printix_card: one card, or the bulk form (``cards``); every result carries the rate-limit report."""

    key_option = "card_number"
    bulk_option = "cards"
    noun = "cards"
    item_options = CARD_OPTIONS

    def __init__(self, client, params, check_mode=False, diff=False):
        super(CardReconciler, self).__init__(client, params, check_mode, diff)
        self.users = UserResolver(client)
        self._lock = threading.Lock()
        self._seen = [0, 0]  # cards to register found new, and found registered already (register_first)

    def label(self, opts):
        return "card for user '%s'" % opts.get("user") if opts.get("user") else "card"

    def key(self, opts):
        return card_secret(opts.get("card_number"), opts.get("card_encoding") or "raw")

    def validate(self, opts):
        self.key(opts)
        if (opts.get("state") or "present") == "present" and not opts.get("user"):
            raise ClientError("user is required to register a card")

    def prepare(self, items, defaults):
        """Before the first card: every email of the task to the directory, and the work to the time budget.

        Each card then costs one read (``GET /cards/{secret}``) and, when new, one registration.
        The user's card list cannot stand in for the reads of a user's several cards: Printix
        stores a card's number "hashed and salted" (seed 003, "Register Card") and lists cards
        without it, so only a lookup by the secret says whether a given card is registered.

        Registering first (one call per new card, a read only when Printix answers 409, "the
        card secret already exists on the tenant", seed 003 "Register Card") is decided per
        task from its own evidence, see :meth:`register_first`.
        """
        merged = [self.item(item, defaults) for item in items]
        self.users.plan([opts.get("user") for opts in merged])
        self.client.expect_calls(2 * len(merged) + len(set(str(o.get("user")) for o in merged)))

    def resource(self, opts):
        return CardResource(self.client, opts, self.users.resolve(opts["user"]) if opts.get("user") else None,
                            self.users)

    def _check(self, opts, current, user):
        if opts.get("state") == "absent":
            if current is None:
                # the lookup's 403 means "no such card" only for Card Manager credentials
                self.client.confirm_card_area(user["id"] if user else None)
            elif user is not None and current["owner_id"] != user["id"]:
                raise ClientError("the card is registered to %s, not to this user; it was not deleted"
                                  % self.users.describe(current["owner_id"]))
        elif current is not None and current["owner_id"] != user["id"] and not opts.get("reassign"):
            raise ClientError("the card is already registered to %s; set reassign: true to move it"
                              % self.users.describe(current["owner_id"]))

    def register_first(self):
        """Whether a card to register is registered without reading it first.

        Read-first costs one call for a card already registered and two for a new one;
        register-first the reverse (a 409, then the read). Which is cheaper depends on the share
        of new cards, which only the task's own cards can tell: nothing else says whether a card
        is new (the modules share nothing, so even people created by printix_user in the same
        play are news here). So a task reads first, counts what its cards turn out to be, and
        registers first once at least ``EVIDENCE`` of them have shown that most (``NEW_SHARE``)
        are new; it goes back to reading first if 409s then show otherwise. Never in check
        mode (it sends no write), never to remove a card. A card registered to someone else
        still fails naming its owner (the 409 changed nothing), or moves with ``reassign``.
        """
        if self.check_mode:
            return False
        with self._lock:
            new, existing = self._seen
        return new + existing >= EVIDENCE and new >= NEW_SHARE * (new + existing)

    def _observe(self, new):
        with self._lock:
            self._seen[0 if new else 1] += 1

    def reconcile(self, resource, opts):
        key = self.key(opts)
        state = opts.get("state") or "present"
        desired = {"owner_id": resource.user["id"] if resource.user else None}
        if state == "present" and self.register_first():
            try:
                resource.card = self.client.register_card(desired["owner_id"], key)
            except Conflict:
                self._observe(False)  # registered already: read it, and go on as if read first
            else:
                self._observe(True)
                return plan(resource, key, state, desired, None)
        current = resource.read(key)
        if state == "present":
            self._observe(current is None)
        self._check(opts, current, resource.user)
        outcome = plan(resource, key, state, desired, current)
        return apply(resource, outcome, desired, self.check_mode)

    def result(self, opts, resource, outcome):
        result = {"changed": outcome.changed, "action": outcome.action, "user": opts.get("user")}
        if outcome.after is not None and resource.card is not None and \
                (not outcome.changed or not self.check_mode):
            result["card"] = _public(resource.card)
        user = resource.user
        result["user_id"] = user["id"] if user else (outcome.before or {}).get("owner_id")
        if self.diff:
            result["diff"] = {"before": outcome.before or {}, "after": outcome.after or {}}
        return result

    def one(self, opts=None):
        if opts is None:
            self.client.expect_calls(3)
        result = super(CardReconciler, self).one(opts)
        if opts is None:
            result["rate_limit"] = self.client.rate_limit_report()
            result["api_calls"] = self.client.calls_report()
        return result

    def bulk_one(self, opts):
        result = self.one(opts)
        result.pop("card", None)
        return result

    def identify(self, index, item, result):
        # never the card number: it is a secret
        result["index"] = index
        result.setdefault("user", item.get("user") or self.params.get("user"))

    def report(self):
        return {"rate_limit": self.client.rate_limit_report(), "api_calls": self.client.calls_report()}


def _public(card):
    keys = ("id", "owner_id", "created", "modified", "pincodeRequired")
    return dict((k, card.get(k)) for k in keys if card.get(k) is not None)
