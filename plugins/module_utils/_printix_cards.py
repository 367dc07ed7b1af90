# -*- coding: utf-8 -*-
# Copyright: (c) 2026, printops contributors
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

from ansible_collections.printops.print_management.plugins.module_utils._http import ClientError
from ansible_collections.printops.print_management.plugins.module_utils._printix import Conflict
from ansible_collections.printops.print_management.plugins.module_utils._reconcile import run_bulk, bulk_result

CARD_OPTIONS = ("user", "card_number", "card_encoding", "state", "reassign")
_UNKNOWN = object()


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
    """Email or id -> Printix user, cached for the whole task (bulk items share users)."""

    def __init__(self, client):
        self.client = client
        self._cache = {}
        self._lock = threading.Lock()

    def resolve(self, ref):
        ref = str(ref).strip()
        key = ref.lower()
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        if "@" in ref:
            user = self.client.find_user_by_email(ref)
            if user is None:
                raise ClientError("no Printix user (role USER or GUEST_USER) has the email '%s'" % ref)
        else:
            user = self.client.get_user(ref)
            if user is None:
                raise ClientError("no Printix user has the id '%s'" % ref)
        user = {"id": user.get("id") or ref, "email": user.get("email")}
        with self._lock:
            self._cache[key] = user
        return user

    def describe(self, user_id):
        """``email (id)`` for messages; the id alone when the user cannot be read."""
        try:
            user = self.client.get_user(user_id)
        except ClientError:
            user = None
        if user and user.get("email"):
            return "%s (id %s)" % (user["email"], user_id)
        return "user id %s" % user_id


class CardReconciler(object):
    def __init__(self, client, params, check_mode=False, diff=False):
        self.client = client
        self.params = params
        self.check_mode = check_mode
        self.diff = diff
        self.users = UserResolver(client)

    def one(self, opts):
        label = "card for user '%s'" % opts.get("user") if opts.get("user") else "card"
        try:
            return self._one(opts)
        except ClientError as exc:
            raise ClientError("%s: %s" % (label, exc), details=exc.details)

    def _one(self, opts):
        state = opts.get("state") or "present"
        secret = card_secret(opts.get("card_number"), opts.get("card_encoding") or "raw")
        user = self.users.resolve(opts["user"]) if opts.get("user") else None
        if state == "present" and user is None:
            raise ClientError("user is required to register a card")
        card = self.client.get_card(secret)
        result = {"changed": False, "action": "none", "user": opts.get("user")}
        before = {"owner_id": card["owner_id"]} if card else {}
        if state == "absent":
            if card is None:
                # the lookup's 403 means "no such card" only for Card Manager credentials
                self.client.confirm_card_area(user["id"] if user else None)
            if card is not None and user is not None and card["owner_id"] != user["id"]:
                raise ClientError("the card is registered to %s, not to this user; it was not deleted"
                                  % self.users.describe(card["owner_id"]))
            if card is not None:
                result.update(changed=True, action="delete")
                if not self.check_mode:
                    self.client.delete_card(card["id"])
            after = {}
        else:
            if card is not None and card["owner_id"] == user["id"]:
                result["card"] = _public(card)
                after = before
            else:
                if card is not None and not opts.get("reassign"):
                    raise ClientError("the card is already registered to %s; set reassign: true to move it"
                                      % self.users.describe(card["owner_id"]))
                result.update(changed=True, action="update" if card is not None else "create")
                after = {"owner_id": user["id"]}
                if not self.check_mode:
                    if card is not None:
                        result["card"] = _public(self._move(card, user, secret))
                    else:
                        result["card"] = _public(self._register(user["id"], secret))
        result["user_id"] = user["id"] if user else (card or {}).get("owner_id")
        if self.diff:
            result["diff"] = {"before": before, "after": after}
        return result

    def _register(self, user_id, secret):
        try:
            return self.client.register_card(user_id, secret)
        except Conflict:
            # registered meanwhile (a concurrent task, or a lost answer to our own POST)
            card = self.client.get_card(secret)
            if card is not None and card["owner_id"] == user_id:
                return card
            raise

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
        try:
            return self.client.get_card(secret)
        except ClientError:
            return _UNKNOWN

    def single(self, params):
        result = self.one(params)
        result["rate_limit"] = self.client.rate_limit_report()
        return result

    def bulk(self, items, concurrency):
        defaults = dict((k, v) for k, v in self.params.items() if k in CARD_OPTIONS and k != "card_number"
                        and v is not None)

        def worker(item):
            merged = dict(defaults)
            merged.update((k, v) for k, v in item.items() if v is not None)
            result = self.one(merged)
            result.pop("card", None)
            return result

        results, summary = run_bulk(items, worker, concurrency)
        for index, (item, result) in enumerate(zip(items, results)):
            result["index"] = index
            result.setdefault("user", item.get("user") or defaults.get("user"))
        try:
            result = bulk_result(results, summary, "cards")
        except ClientError as exc:
            exc.details["rate_limit"] = self.client.rate_limit_report()
            raise
        result["rate_limit"] = self.client.rate_limit_report()
        return result


def _public(card):
    keys = ("id", "owner_id", "created", "modified", "pincodeRequired")
    return dict((k, card.get(k)) for k in keys if card.get(k) is not None)
