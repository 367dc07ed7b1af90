# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""PaperCut users as an engine resource: shared by papercut_user and papercut_user_info.

Internal to the collection; may change in any release.

Call budget (what a bulk run over thousands of users costs): the run starts
with one paged ``listUserAccounts`` (one call per 1,000 users on the server).
An unchanged user is then one ``getUserProperties`` (plus
``getUserAccountBalance`` when a balance is managed, ``getUserGroups`` when
groups are); a change adds one ``setUserProperties`` at most, one balance
call, and one call per group joined or left. A new user is not read at all:
its create, at most one ``setUserProperties`` and one balance call (plus
``getUserGroups`` after a directory import when groups are managed, as the
directory may already have put the user in some). A balance set without
``account`` is read back once (see ``UserResource._check_total``). Before its
first write a task that names groups lists them once (one paged
``listUserGroups``) and refuses groups that do not exist, naming the items
that need them (``UserReconciler.check_references``).

The card PIN is write-only (``update_pin``): the newest official proxy does not
list ``card-pin`` as readable (../shared/reference/papercut-xmlrpc.md,
"Properties"), so it is never read, set on creation, and sent again only with
``update_pin: always``, like ``ansible.builtin.user`` treats passwords.
"""

from __future__ import annotations

from ansible_collections.printops.print_management.plugins.module_utils._badges import mask_user_result
from ansible_collections.printops.print_management.plugins.module_utils._http import ClientError
from ansible_collections.printops.print_management.plugins.module_utils._papercut import (
    BUILTIN_GROUPS,
    AuthenticationError,
    InvalidProperty,
    MultiplePersonalAccounts,
    NoSuchMethod,
    PaperCutError,
    UserNotFound,
    to_bool,
    to_props,
)
from ansible_collections.printops.print_management.plugins.module_utils._bulk_plan import refuse_missing
from ansible_collections.printops.print_management.plugins.module_utils._errors import or_else, with_context
from ansible_collections.printops.print_management.plugins.module_utils._reconcile import (
    Reconciler,
    Resource,
    same_money,
)

# option name -> PaperCut property name
PROPERTY_NAMES = {
    "full_name": "full-name",
    "email": "email",
    "department": "department",
    "office": "office",
    "notes": "notes",
    "primary_card_number": "primary-card-number",
    "secondary_card_number": "secondary-card-number",
    "card_pin": "card-pin",
    "restricted": "restricted",
    "disabled_print": "disabled-print",
}
# set, never read (see the module docstring)
WRITE_ONLY_FIELDS = frozenset(["card_pin"])
BOOL_FIELDS = frozenset(["restricted", "disabled_print"])
USER_FIELDS = dict((f, "bool" if f in BOOL_FIELDS else "str") for f in PROPERTY_NAMES)
# properties that have an option (or a method) of their own
RESERVED_PROPERTIES = frozenset(list(PROPERTY_NAMES.values()) + ["password", "balance", "card-number", "internal"])
# properties holding secrets: never read back into output
SECRET_PROPERTIES = frozenset(["card-pin", "password"])
# the options that describe one user (everything else is connection or bulk control)
USER_OPTIONS = frozenset(list(PROPERTY_NAMES) + [
    "username", "state", "internal", "password", "update_password", "update_pin", "balance", "balance_comment",
    "adjust_balance", "account", "groups", "append", "properties", "redact_user_data"])
SEVERAL_ACCOUNTS = (
    "PaperCut has several personal accounts per user: getUserAccountBalance(user, '') reads the total of them "
    "while setUserAccountBalance(user, amount, comment, '') sets the default account only, so the two can never "
    "agree and the balance would be written on every run. Name the personal account to manage with the account "
    "option")


def read_user(client, username, fields, extra=(), balance=False, groups=False, account=""):
    """Read what is asked of one user in as few calls as possible; None when absent.

    ``account`` names the personal account whose balance is read ("" is the total of them).
    """
    fields = [f for f in fields if f not in WRITE_ONLY_FIELDS]
    names = ["internal"] + [PROPERTY_NAMES[f] for f in fields] + list(extra)
    try:
        values = client.get_user_properties(username, names)
    except UserNotFound:
        return None
    except InvalidProperty as exc:
        raise ClientError("PaperCut rejects a property name among %s: %s" % (list(extra) or names, exc))
    except (NoSuchMethod, AuthenticationError):
        raise
    except PaperCutError:
        # ../shared/reference/papercut-xmlrpc.md, "Fault codes": prefer isUserExists to detect absence,
        # code 262 is the fallback; a server before 19.2 says "not found" only in a text of its own
        if not client.user_exists(username):
            return None
        raise
    state = {"username": username, "internal": to_bool(values["internal"])}
    for field in fields:
        value = values[PROPERTY_NAMES[field]]
        state[field] = to_bool(value) if field in BOOL_FIELDS else value
    if extra:
        state["properties"] = dict((name, values[name]) for name in extra)
    if balance:
        try:
            state["balance"] = round(client.get_user_balance(username, account or ""), 2)
        except MultiplePersonalAccounts as exc:
            raise with_context(exc, prefix="%s: " % SEVERAL_ACCOUNTS)
    if groups:
        state["groups"] = sorted(g for g in client.get_user_groups(username) if g not in BUILTIN_GROUPS)
    return state


class UserResource(Resource):
    merged_fields = ("properties",)
    compare = {"balance": same_money}
    secret_fields = ("card_pin", "password")
    write_only_fields = ("password", "adjust_balance", "card_pin")

    # -- reading -----------------------------------------------------------------
    def read(self, key):
        opts = self.opts
        return read_user(
            self.client, key,
            fields=[f for f in PROPERTY_NAMES if opts.get(f) is not None],
            extra=sorted((opts.get("properties") or {}).keys()),
            balance=opts.get("balance") is not None or opts.get("adjust_balance") is not None,
            groups=opts.get("groups") is not None, account=opts.get("account") or "")

    # -- comparing ---------------------------------------------------------------
    def target(self, field, current, wanted):
        if field == "groups":
            groups = set(wanted)
            if self.opts.get("append"):
                groups |= set(current or [])
            return sorted(groups)
        return super(UserResource, self).target(field, current, wanted)

    def forced(self, current, desired):
        forced = {}
        if desired.get("password") is not None and self.opts.get("update_password") == "always":
            forced["password"] = desired["password"]
        if desired.get("card_pin") is not None and self.opts.get("update_pin") == "always":
            forced["card_pin"] = desired["card_pin"]
        # an adjustment that rounds to nothing is no change (and no zero transaction in the log)
        if desired.get("adjust_balance") is not None and not same_money(desired["adjust_balance"], 0):
            forced["adjust_balance"] = desired["adjust_balance"]
        return forced

    def predict(self, before, after, changes):
        amount = changes.get("adjust_balance")
        if amount is not None:
            start = (before or {}).get("balance", 0.0) or 0.0
            after["balance"] = round(start + amount, 2)
        return after

    # -- writing -----------------------------------------------------------------
    write_check = ("Check the user's balance and transaction log in PaperCut (Users > the user > Transactions; "
                   "papercut_user_info shows the balance) before running the task again; to converge safely, set "
                   "an exact balance with the balance option")

    def step(self, what, fn, *args):
        try:
            return super(UserResource, self).step(what, fn, *args)
        except MultiplePersonalAccounts as exc:
            raise with_context(exc, prefix="%s: " % SEVERAL_ACCOUNTS)

    @staticmethod
    def _properties(changes):
        values = {}
        for field, prop in PROPERTY_NAMES.items():
            if field in changes:
                values[prop] = changes[field]
        values.update(changes.get("properties") or {})
        if "password" in changes:
            values["password"] = changes["password"]
        return to_props(values)

    def _money_and_groups(self, username, changes, current_groups, created=False):
        comment = self.opts.get("balance_comment") or ""
        account = self.opts.get("account") or ""
        if changes.get("balance") is not None and "adjust_balance" not in changes:
            self.step("balance", self.client.set_user_balance, username, changes["balance"], comment, account)
            if not account and not created:
                # a user just created has nothing in other personal accounts yet: its total is
                # what was set, and a read would tell nothing (it costs a call per new user)
                self._check_total(username, changes["balance"])
        if changes.get("adjust_balance") is not None:
            self.step("balance adjustment", self.client.adjust_user_balance, username,
                      changes["adjust_balance"], comment, account)
        if changes.get("groups") is not None:
            for group in sorted(set(changes["groups"]) - set(current_groups)):
                self.step("joined %s" % group, self.client.add_user_to_group, username, group)
            for group in sorted(set(current_groups) - set(changes["groups"])):
                self.step("left %s" % group, self.client.remove_user_from_group, username, group)

    def _check_total(self, username, balance):
        """After setting the balance without ``account``, the total must read as what was set.

        With several personal accounts (../shared/reference/papercut-xmlrpc.md, "Behaviours
        that surprise") the set went to the default account while the read is the total: stop
        here, saying so, rather than report success and write the same again on every run.
        """
        total = round(self.client.get_user_balance(username, ""), 2)
        if not same_money(total, balance):
            raise ClientError("%s. The default personal account was set to %.2f; the total of the user's personal "
                              "accounts is %.2f (already applied: %s)"
                              % (SEVERAL_ACCOUNTS, balance, total, ", ".join(self.done)), details={"changed": True})

    def _create_call(self, what, fn, username, *args):
        """Send a create once; after a lost answer the user being there now means it was ours."""
        self.create_once(what, fn, (username,) + args, lambda: or_else(False, self.client.user_exists, username),
                         "user", "The user is not there now: it was not created (or, for a directory user, the "
                         "directory has no such user); nothing was changed")

    def create(self, key, desired):
        username = key
        client = self.client
        props = self._properties(desired)
        props.pop("password", None)
        if self.opts.get("internal"):
            first = dict((k, props.pop(k, "")) for k in ("full-name", "email", "primary-card-number", "card-pin"))
            self._create_call("created internal user", client.add_new_internal_user, username, desired["password"],
                              first["full-name"], first["email"], first["primary-card-number"], first["card-pin"])
        else:
            self._create_call("imported from the directory", client.add_new_user, username)
            # addNewUser says nothing when the directory has no such user: check
            if not props and not client.user_exists(username):
                raise self._not_in_directory(username)
        if props:
            try:
                self.step("properties", client.set_user_properties, username, props)
            except ClientError:
                if not self.opts.get("internal") and not client.user_exists(username):
                    raise self._not_in_directory(username)
                raise
        groups = []
        if desired.get("groups") is not None and not self.opts.get("internal"):
            groups = [g for g in client.get_user_groups(username) if g not in BUILTIN_GROUPS]
            desired = dict(desired, groups=self.target("groups", groups, desired["groups"]))
        self._money_and_groups(username, desired, groups, created=True)

    @staticmethod
    def _not_in_directory(username):
        return ClientError("PaperCut could not import '%s': no such user in the user directory it synchronises "
                           "with. Create the user in the directory first (and run a user sync), or set "
                           "internal: true with a password to create a PaperCut internal user. Nothing was "
                           "created." % username)

    def update(self, key, current, changes):
        username = key
        props = self._properties(changes)
        if props:
            self.step("properties", self.client.set_user_properties, username, props)
        self._money_and_groups(username, changes, current.get("groups") or [])

    def delete(self, key, current):
        self.step("deleted", self.client.delete_user, key, bool(self.opts.get("redact_user_data")))


class UserReconciler(Reconciler):
    """papercut_user: one user, or the bulk form (``users``)."""

    key_option = "username"
    kind = "user"
    object_name = "user"
    bulk_option = "users"
    noun = "users"
    item_options = USER_OPTIONS
    label_items = True
    #: set once the bulk form has checked every item's groups
    bulk_checked = False

    def __init__(self, client, params, check_mode=False, diff=False):
        super(UserReconciler, self).__init__(client, params, check_mode, diff)
        self.listed = None

    def resource(self, opts):
        return UserResource(self.client, opts)

    def desired(self, opts):
        desired = dict((f, opts.get(f)) for f in PROPERTY_NAMES)
        desired.update(balance=opts.get("balance"), adjust_balance=opts.get("adjust_balance"),
                       groups=opts.get("groups"), password=opts.get("password"))
        if opts.get("properties"):
            desired["properties"] = to_props(opts["properties"])
        return desired

    def validate(self, opts):
        self.require_key(opts)
        if opts.get("account") is not None and not str(opts["account"]).strip():
            raise ClientError("account must name a personal account; leave it out for the user's only (or total) "
                              "balance")
        if opts.get("balance") is not None and opts.get("adjust_balance") is not None:
            raise ClientError("balance and adjust_balance are mutually exclusive")
        reserved = sorted(set(opts.get("properties") or {}) & RESERVED_PROPERTIES)
        if reserved:
            options = ", ".join(k for k, v in PROPERTY_NAMES.items() if v in reserved) or "password/balance"
            raise ClientError("properties %s have options of their own (%s); set them there" % (reserved, options))

    def check(self, opts, current):
        """Refuse, before any write, what PaperCut cannot do, and (single form) groups that do
        not exist (the bulk form checked every item's groups in :meth:`prepare`)."""
        if not self.bulk_checked:
            self.check_references([(self.label(opts), opts)], current=current)
        if opts.get("state") == "absent":
            return
        internal = opts.get("internal")
        if current is None:
            if internal and not opts.get("password"):
                raise ClientError("password is required to create the internal user; nothing was created")
            if not internal and opts.get("password") is not None:
                raise ClientError("password can only be set on internal users (set internal: true to create an "
                                  "internal user); nothing was created")
            return
        if internal is not None and internal != current["internal"]:
            raise ClientError("the user exists as a%s user and PaperCut cannot convert it to a%s user"
                              % ((" directory", "n internal") if internal else ("n internal", " directory")))
        if opts.get("password") is not None and not current["internal"]:
            raise ClientError("password can only be set on internal users; this is a directory user")

    def check_references(self, entries, current=None):
        """Refuse, before the task's first write, groups that do not exist.

        ``entries``: ``[(label, options)]`` of every item of the task. One paged
        ``listUserGroups`` for the whole task, however many items name groups: a
        user must not be imported, given properties and a balance, and only then
        fail on a group (issue 18). Check mode refuses the same. ``current``: the
        user as read (single form): the groups it is already in need no check.
        """
        needs = {}
        order = []
        for label, opts in entries:
            if opts.get("state") == "absent":
                continue
            have = set((current or {}).get("groups") or [])
            for group in [g for g in opts.get("groups") or [] if g not in have]:
                if group not in needs:
                    needs[group] = []
                    order.append(group)
                if label not in needs[group]:
                    needs[group].append(label)
        if not order:
            return
        known = set(self.client.list_groups())
        refuse_missing([("group %r" % group, needs[group], None) for group in order if group not in known],
                       self.check_mode)

    def reconcile(self, resource, opts):
        """The engine's flow, except that a user the bulk listing did not show is not read.

        ``self.listed``: the lower-cased usernames the server listed at the start of a bulk
        run. A user not among them is known to be absent without a read of its own.
        """
        username = opts.get("username")
        if self.listed is None or str(username).lower() in self.listed:
            return super(UserReconciler, self).reconcile(resource, opts)
        try:
            return self.settle(resource, opts, None)
        except ClientError:
            # created by someone else since the listing? then it is an update, not a create
            if resource.done or not or_else(False, self.client.user_exists, username):
                raise
        return super(UserReconciler, self).reconcile(self.resource(opts), opts)

    def result(self, opts, resource, outcome):
        result = super(UserReconciler, self).result(opts, resource, outcome)
        if "user" in result:
            result["user"].setdefault("internal", bool(opts.get("internal")))
        return mask_user_result(result)

    def prepare(self, items, defaults):
        """Before the first write: every item valid and every group the items name there."""
        self.refuse_invalid(items, defaults)
        self.check_references([(self.item_label(index, item), self.item(item, defaults))
                               for index, item in enumerate(items)])
        self.bulk_checked = True
        # One paged listing (a call per 1,000 users on the server) tells which users
        # exist: a new user then costs its create and writes only, and a user to
        # delete that is already gone costs nothing.
        self.listed = set(name.lower() for name in self.client.list_users())
