# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""PaperCut shared accounts as an engine resource: shared by shared_account and shared_account_info.

Internal to the collection; may change in any release.

Call budget: an unchanged account is one ``isSharedAccountExists`` and one
``getSharedAccountProperties`` (plus ``getSharedAccountAccountBalance`` when
a balance is managed); a change adds one ``setSharedAccountProperties`` at
most, one balance call, and one call per access user or group added or removed.
Before its first write a task checks what it refers to, once for all its
items: one ``isSharedAccountExists`` per parent to rely on, one paged
``listUserGroups`` when access groups are set, one ``isUserExists`` per access
user (see ``AccountReconciler.check_references``).
"""

from __future__ import annotations

from ansible_collections.printops.print_management.plugins.module_utils._http import ClientError
from ansible_collections.printops.print_management.plugins.module_utils._papercut import (
    InvalidProperty,
    to_bool,
    to_prop,
    to_props,
)
from ansible_collections.printops.print_management.plugins.module_utils._bulk_plan import refuse_missing, waves
from ansible_collections.printops.print_management.plugins.module_utils._reconcile import (
    Reconciler,
    Resource,
    same_money,
)

# option name -> PaperCut property name
PROPERTY_NAMES = {
    "pin": "pin",
    "restricted": "restricted",
    "disabled": "disabled",
    "notes": "notes",
    "comment_option": "comment-option",
    "invoice_option": "invoice-option",
    "overdraft_amount": "overdraft-amount",
}
BOOL_FIELDS = frozenset(["restricted", "disabled"])
ACCESS = {"access_users": ("access-users", "user"), "access_groups": ("access-groups", "group")}
RESERVED_PROPERTIES = frozenset(list(PROPERTY_NAMES.values()) + ["balance", "access-users", "access-groups"])
ACCOUNT_OPTIONS = frozenset(list(PROPERTY_NAMES) + list(ACCESS) + [
    "name", "state", "create_parent", "balance", "balance_comment", "append", "properties"])
COMMENT_OPTIONS = ["NO_COMMENT", "COMMENT_OPTIONAL", "COMMENT_REQUIRED"]
INVOICE_OPTIONS = ["ALWAYS_INVOICE", "NEVER_INVOICE", "USER_CHOICE_ON", "USER_CHOICE_OFF"]


def split_list(value):
    return sorted(v.strip() for v in (value or "").split(",") if v.strip())


def read_account(client, name, fields, extra=(), balance=False, access=()):
    """Read what is asked of one shared account; None when absent."""
    if not client.shared_account_exists(name):
        return None
    names = ["account-id"] + [PROPERTY_NAMES[f] for f in fields] + [ACCESS[a][0] for a in access] + list(extra)
    try:
        values = client.get_shared_account_properties(name, names)
    except InvalidProperty as exc:
        raise ClientError("PaperCut rejects a property name among %s: %s" % (list(extra) or names, exc))
    state = {"name": name, "account_id": values["account-id"]}
    for field in fields:
        value = values[PROPERTY_NAMES[field]]
        if field in BOOL_FIELDS:
            value = to_bool(value)
        elif field == "overdraft_amount":
            value = round(float(value or 0), 2)
        state[field] = value
    for field in access:
        state[field] = split_list(values[ACCESS[field][0]])
    if extra:
        state["properties"] = dict((prop, values[prop]) for prop in extra)
    if balance:
        state["balance"] = round(client.get_shared_account_balance(name), 2)
    return state


class AccountResource(Resource):
    write_check = ("Check the account in PaperCut (Accounts > the account, its Transactions tab; shared_account_info "
                   "shows its state) before running the task again")
    merged_fields = ("properties",)
    secret_fields = ("pin",)
    compare = {"balance": same_money, "overdraft_amount": same_money}

    def read(self, key):
        name = key
        opts = self.opts
        return read_account(self.client, name, [f for f in PROPERTY_NAMES if opts.get(f) is not None],
                            extra=sorted((opts.get("properties") or {}).keys()),
                            balance=opts.get("balance") is not None,
                            access=[a for a in ACCESS if opts.get(a) is not None])

    def target(self, field, current, wanted):
        if field in ACCESS:
            members = set(wanted)
            if self.opts.get("append"):
                members |= set(current or [])
            return sorted(members)
        return super(AccountResource, self).target(field, current, wanted)

    # -- writing -----------------------------------------------------------------
    def _apply(self, name, changes, current):
        client = self.client
        props = dict((prop, to_prop(changes[f])) for f, prop in PROPERTY_NAMES.items() if f in changes)
        props.update(to_props(changes.get("properties")))
        if props:
            self.step("properties", client.set_shared_account_properties, name, props)
        if changes.get("balance") is not None:
            self.step("balance", client.set_shared_account_balance, name, changes["balance"],
                      self.opts.get("balance_comment") or "")
        for field, (_prop, kind) in ACCESS.items():
            if changes.get(field) is None:
                continue
            have = set(current.get(field) or [])
            for who in sorted(set(changes[field]) - have):
                self.step("access %s %s added" % (kind, who), client.add_shared_account_access, name, kind, who)
            for who in sorted(have - set(changes[field])):
                self.step("access %s %s removed" % (kind, who), client.remove_shared_account_access, name, kind, who)

    def _create_call(self, what, name):
        """Send ``addNewSharedAccount`` once; after a lost answer, the account being there means it was ours."""
        self.create_once(what, self.client.add_shared_account, (name,), lambda: self.client.shared_account_exists(name),
                         "account", "The account '%s' is not there now: it was not created%s" % (name, self.progress()))

    def create(self, key, desired):
        name = key
        parent = parent_of(name)
        if parent and not self.client.shared_account_exists(parent):
            try:
                self._create_call("parent %s created" % parent, parent)
            except ClientError:
                # another item of the same bulk run may have created it meanwhile
                if not self.client.shared_account_exists(parent):
                    raise
        self._create_call("created", name)
        self._apply(name, desired, {})

    def update(self, key, current, changes):
        self._apply(key, changes, current)

    def delete(self, key, current):
        self.step("deleted", self.client.delete_shared_account, key)


def parent_of(name):
    parent, sep, _sub = name.partition("\\")
    return parent if sep else None


class AccountReconciler(Reconciler):
    """shared_account: one shared account, or the bulk form (``accounts``)."""

    kind = "shared account"
    object_name = "account"
    bulk_option = "accounts"
    noun = "accounts"
    item_options = ACCOUNT_OPTIONS
    label_items = True
    #: set once the bulk form has checked every item's references
    bulk_checked = False

    def resource(self, opts):
        return AccountResource(self.client, opts)

    def desired(self, opts):
        desired = dict((f, opts.get(f)) for f in list(PROPERTY_NAMES) + list(ACCESS))
        desired["balance"] = opts.get("balance")
        if opts.get("properties"):
            desired["properties"] = to_props(opts["properties"])
        return desired

    def validate(self, opts):
        self.require_key(opts)
        reserved = sorted(set(opts.get("properties") or {}) & RESERVED_PROPERTIES)
        if reserved:
            raise ClientError("properties %s have options of their own; set them there" % reserved)
        # not choices= in the argument spec: in the bulk form a bad value fails its item alone
        for option, choices in (("comment_option", COMMENT_OPTIONS), ("invoice_option", INVOICE_OPTIONS)):
            if opts.get(option) is not None and opts[option] not in choices:
                raise ClientError("%s must be one of %s, got %r" % (option, ", ".join(choices), opts[option]))

    def check(self, opts, current):
        """The single form checks what it refers to here, after its read and before any write
        (the bulk form checked every item's references in :meth:`prepare`)."""
        if not self.bulk_checked:
            self.check_references([(self.label(opts), opts)], current=current)

    def prepare(self, items, defaults):
        """Before the first write: every item valid, and every object the items refer to there."""
        self.refuse_invalid(items, defaults)
        merged = [self.item(item, defaults) for item in items]
        planned = set(opts["name"] for opts in merged if opts.get("state") != "absent")
        self.check_references([(self.item_label(index, item), opts)
                               for index, (item, opts) in enumerate(zip(items, merged))], planned)
        self.bulk_checked = True

    def order(self, items):
        """Parents before their sub-accounts (then the sub-accounts in parallel)."""
        return waves([item.get("name") for item in items], parent_of)

    def check_references(self, entries, planned=(), current=None):
        """Refuse, before the task's first write, what refers to objects that do not exist.

        ``entries``: ``[(label, options)]`` of every item of the task. Checked: the
        parent of a sub-account to create (unless ``create_parent``, or the parent
        is in ``planned``, the names the same task creates or keeps: its item runs
        first), and every access user and group. One ``isSharedAccountExists`` per
        parent, one ``listUserGroups`` listing (paged) for all groups, one
        ``isUserExists`` per user, however many items refer to them.

        In check mode the same holds: a parent that an *earlier task* would create
        does not exist yet, and the task fails as its real run would if that task
        did not run. Put parents and sub-accounts in one list to plan them together.
        ``current``: the account as read (single form): an existing account's parent
        and the access it already grants need no check.
        """
        needs = {}
        order = []
        for label, opts in entries:
            if opts.get("state") == "absent":
                continue
            parent = parent_of(opts["name"])
            wanted = []
            if parent and current is None and parent not in planned and not opts.get("create_parent"):
                wanted.append(("parent", parent))
            for field, (_prop, kind) in ACCESS.items():
                have = set((current or {}).get(field) or [])
                wanted.extend((kind, who) for who in opts.get(field) or [] if who not in have)
            for ref in wanted:
                if ref not in needs:
                    needs[ref] = []
                    order.append(ref)
                if label not in needs[ref]:
                    needs[ref].append(label)
        groups = None
        missing = []
        for kind, name in order:
            if kind == "parent":
                exists = self.client.shared_account_exists(name)
                what, hint = "parent account %r" % name, ("create it first, add it to the same accounts list as "
                                                          "its sub-accounts, or set create_parent: true")
            elif kind == "group":
                if groups is None:
                    groups = set(self.client.list_groups())
                exists = name in groups
                what, hint = "access group %r" % name, None
            else:
                exists = self.client.user_exists(name)
                what, hint = "access user %r" % name, None
            if not exists:
                missing.append((what, needs[(kind, name)], hint))
        refuse_missing(missing, self.check_mode)
