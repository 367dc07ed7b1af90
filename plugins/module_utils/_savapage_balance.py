# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""SavaPage account balances as an engine resource: used by savapage_balance.

Internal to the collection; may change in any release.

Call budget: an unchanged account is one balance read; a change adds one
POST (and, on a server that answers without ``result``, one read back). An
exact balance is an absolute value (safe to retry); an adjustment adds to it
and is sent at most once, and only to a release that honours it: a task with
an adjustment reads the server version once, before anything is written, and
is refused as a whole on SavaPage before 1.6 (or when the version cannot be
read), in check mode too.
"""

from __future__ import annotations

from ansible_collections.printops.print_management.plugins.module_utils._http import AmbiguousResult, ClientError
from ansible_collections.printops.print_management.plugins.module_utils._errors import with_context
from ansible_collections.printops.print_management.plugins.module_utils._reconcile import (
    Outcome,
    Reconciler,
    Resource,
    merge_defaults,
)
from ansible_collections.printops.print_management.plugins.module_utils._savapage import (
    AccountNotFound,
    check_account_type,
    format_amount,
    same_amount,
    to_amount,
)

# the options that describe one account (everything else is connection or bulk control)
ACCOUNT_OPTIONS = ("account_type", "name", "balance", "adjust", "details")


def _wants_adjust(opts):
    """True when ``opts`` asks for a non-zero adjustment (bad input is left to the item's own validation)."""
    if opts.get("adjust") is None:
        return False
    try:
        return to_amount(opts["adjust"]) != 0
    except ClientError:
        return False


def _money(value):
    return None if value is None else float(value)


class BalanceResource(Resource):
    write_only_fields = ("adjust",)
    compare = {"balance": same_amount}

    def __init__(self, client, account_type, details=None):
        super(BalanceResource, self).__init__(client)
        self.account_type = account_type
        self.details = details
        self.result_balance = None
        self.identical = False

    def read(self, key):
        try:
            return {"balance": _money(self.client.get_balance(self.account_type, key))}
        except AccountNotFound:
            return None

    def forced(self, current, desired):
        adjust = desired.get("adjust")
        if adjust is not None and to_amount(adjust) != 0:
            return {"adjust": adjust}
        return {}

    def predict(self, before, after, changes):
        if changes.get("adjust") is not None:
            after["balance"] = _money(to_amount((before or {}).get("balance") or 0) + to_amount(changes["adjust"]))
        return after

    def update(self, key, current, changes):
        name = key
        client = self.client
        if changes.get("adjust") is not None:
            try:
                result = client.adjust_balance(self.account_type, name, changes["adjust"], self.details)
            except AmbiguousResult as exc:
                raise with_context(exc, suffix=(
                    " The adjustment may have been applied. Before running the task again, check the "
                    "account's transactions (the savapage_report module with account_type %s and account_name "
                    "'%s', or Accounts > Transactions in the SavaPage Admin Web App); to converge safely, set "
                    "an exact amount with the balance option instead." % (self.account_type, name)),
                    changed=True, uncertain=True)
            if result is None:
                result = client.get_balance(self.account_type, name)
        else:
            result = client.set_balance(self.account_type, name, changes["balance"], self.details)
            if result is None:
                # "amount identical to current balance.": already there, nothing written
                self.identical = True
        self.result_balance = _money(result)

    def create(self, key, desired):
        raise ClientError("accounts are not created by this module")

    def delete(self, key, current):
        raise ClientError("accounts are not deleted by this module")


class BalanceReconciler(Reconciler):
    """savapage_balance: one account, or the bulk form (``accounts``)."""

    bulk_option = "accounts"
    noun = "accounts"

    def label(self, opts):
        return "%s account %r" % (str(opts.get("account_type") or "USER").upper(), opts.get("name"))

    def validate(self, opts):
        self.require_key(opts)
        check_account_type(opts.get("account_type") or "USER")
        if opts.get("balance") is not None and opts.get("adjust") is not None:
            raise ClientError("balance and adjust are mutually exclusive: set an exact balance, or adjust it")
        if opts.get("balance") is None and opts.get("adjust") is None:
            raise ClientError("one of balance or adjust is required")
        for option in ("balance", "adjust"):
            if opts.get(option) is not None:
                to_amount(opts[option], option)

    def resource(self, opts):
        return BalanceResource(self.client, check_account_type(opts.get("account_type") or "USER"),
                               opts.get("details"))

    def desired(self, opts):
        return {"balance": opts.get("balance"), "adjust": opts.get("adjust")}

    def check(self, opts, current):
        if current is None:
            raise ClientError("no such account in SavaPage; nothing was changed. This module does not create "
                              "accounts: a USER account exists once the user does, GROUP and SHARED accounts "
                              "are created in the Admin Web App.")
        if _wants_adjust(opts):
            # before any write and in check mode too: a server that would set must not be told to add
            self.client.check_adjust_supported("adjust")

    def result(self, opts, resource, outcome):
        current = outcome.before
        if resource.identical:
            outcome = Outcome(outcome.key, "none", current, dict(current), {})
        after = dict(outcome.after)
        if resource.result_balance is not None:
            after["balance"] = resource.result_balance
        operation = "none"
        if outcome.changed:
            operation = "adjust" if "adjust" in outcome.changes else "set"
        result = {"changed": outcome.changed, "action": outcome.action, "operation": operation,
                  "account_type": resource.account_type, "name": opts.get("name"),
                  "balance_before": current["balance"], "balance_after": after["balance"]}
        if operation == "adjust":
            result["adjusted_by"] = float(format_amount(opts["adjust"]))
        if self.diff:
            result["diff"] = {"before": {"balance": current["balance"]}, "after": {"balance": after["balance"]}}
        return result

    def defaults(self):
        return dict((k, self.params.get(k)) for k in ACCOUNT_OPTIONS if k != "name")

    def item(self, item, defaults):
        if item.get("balance") is not None or item.get("adjust") is not None:
            # an item that says how to change its balance is not also given the other way by default
            defaults = dict((k, v) for k, v in defaults.items() if k not in ("balance", "adjust"))
        return merge_defaults(item, defaults)

    def prepare(self, items, defaults):
        adjusting = [item.get("name") for item in items if _wants_adjust(self.item(item, defaults))]
        if adjusting:
            # the whole task, before any account is written: half a bulk run is worse than none
            shown = ", ".join(repr(name) for name in adjusting[:20]) + (", ..." if len(adjusting) > 20 else "")
            self.client.check_adjust_supported("adjust (for %d of %d accounts: %s)"
                                               % (len(adjusting), len(items), shown))

    def identify(self, index, item, result):
        super(BalanceReconciler, self).identify(index, item, result)
        account_type = item.get("account_type") or self.params.get("account_type") or "USER"
        result.setdefault("account_type", str(account_type).upper())
