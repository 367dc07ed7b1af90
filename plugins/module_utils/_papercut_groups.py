# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""PaperCut user groups: existence, quota, and every member's balance.

Internal to the collection; may change in any release.

Call budget: an unchanged group is ``isGroupExists`` plus ``getGroupQuota``
when a quota is managed; ``member_balance`` reads the members page by page
and one balance per member, and writes only for members whose balance differs.
A new group costs ``addNewGroup``, then ``getTaskStatus`` polls until PaperCut's
background add has completed, and one ``isGroupExists``.
"""

from __future__ import annotations

from ansible_collections.printops.print_management.plugins.module_utils._http import ClientError
from ansible_collections.printops.print_management.plugins.module_utils._papercut import (
    BUILTIN_GROUPS,
    MultiplePersonalAccounts,
    TaskTimeout,
)
from ansible_collections.printops.print_management.plugins.module_utils._errors import with_context
from ansible_collections.printops.print_management.plugins.module_utils._papercut_users import SEVERAL_ACCOUNTS
from ansible_collections.printops.print_management.plugins.module_utils._reconcile import (
    Reconciler,
    Resource,
    run_bulk,
    same_money,
)

DEFAULT_WAIT_TIMEOUT = 120
MAX_WAIT_TIMEOUT = 86400

QUOTA_PERIODS = ["NONE", "DAILY", "WEEKLY", "MONTHLY"]
NO_QUOTA = {"amount": 0.0, "period": "NONE", "max_accumulation": 0.0}


def quota_target(current, wanted):
    """The quota after applying the keys the task sets; validates the period."""
    target = dict(current)
    for key, value in (wanted or {}).items():
        if value is not None:
            target[key] = value
    period = str(target["period"]).upper()
    if period not in QUOTA_PERIODS:
        raise ClientError("quota period %r is not valid; use one of %s" % (target["period"], ", ".join(QUOTA_PERIODS)))
    target["period"] = period
    target["amount"] = float(target["amount"])
    target["max_accumulation"] = float(target["max_accumulation"])
    return target


def same_quota(a, b):
    return a["period"] == b["period"] and same_money(a["amount"], b["amount"]) and \
        same_money(a["max_accumulation"], b["max_accumulation"])


class GroupResource(Resource):
    """A PaperCut group: whether it is in PaperCut's group list, and its quota."""

    write_check = "Check the group with papercut_group_info"
    compare = {"quota": same_quota}

    def __init__(self, client, opts, wait_timeout):
        super(GroupResource, self).__init__(client, opts)
        self.wait_timeout = wait_timeout

    def read(self, key):
        if not self.client.group_exists(key):
            return None
        state = {"name": key}
        if self.opts.get("quota") is not None:
            state["quota"] = self.client.get_group_quota(key)
        return state

    def target(self, field, current, wanted):
        if field == "quota":
            return quota_target(current or NO_QUOTA, wanted)
        return wanted

    def create(self, key, desired):
        # the engine creates a group only without a quota or balances (GroupReconciler.check)
        self.step("add started", self.client.add_group, key)
        self._await_group(key)

    def update(self, key, current, changes):
        quota = changes["quota"]
        self.step("quota", self.client.set_group_quota, key, quota["amount"], quota["period"],
                  quota["max_accumulation"])

    def delete(self, key, current):
        self.step("removed", self.client.remove_group, key)

    def _await_group(self, name):
        """addNewGroup completes in the background: wait for its task, then look for the group.

        ../shared/reference/papercut-xmlrpc.md, "Behaviours that surprise": the group is not in
        PaperCut when addNewGroup returns; its status is watched with getTaskStatus.
        """
        try:
            status = self.client.wait_for_task(self.wait_timeout, what="adding the group")
            exists = self.client.group_exists(name)
        except TaskTimeout as exc:
            if self.client.group_exists(name):
                self.done[-1] = "created"
                return
            raise with_context(exc, suffix=". addNewGroup was sent and the group may still appear; nothing else "
                               "was changed. Run the task again once PaperCut has finished, or raise wait_timeout.",
                               changed=True)
        except ClientError as exc:
            raise with_context(exc, prefix="addNewGroup was sent, then waiting for it failed: ",
                               suffix=". Nothing else was changed; run the task again.", changed=True)
        if not exists:
            raise ClientError("PaperCut did not add it (its background task completed: %r); the group must exist "
                              "in the user directory PaperCut synchronises with. Nothing else was changed."
                              % (status["message"] or "no message"))
        self.done[-1] = "created"


class GroupReconciler(Reconciler):
    """papercut_group: one group, its quota, and (after the engine) its members' balances."""

    kind = "group"
    object_name = "group"

    def resource(self, opts):
        wait_timeout = opts.get("wait_timeout")
        return GroupResource(self.client, opts, DEFAULT_WAIT_TIMEOUT if wait_timeout is None else wait_timeout)

    def desired(self, opts):
        return {"quota": opts.get("quota")}

    def validate(self, opts):
        self.require_key(opts)
        name = opts["name"]
        if name in BUILTIN_GROUPS and (opts.get("state") == "absent" or opts.get("quota") is not None):
            raise ClientError("it is built in to PaperCut and cannot be removed or given a quota")
        if opts.get("quota") is not None:
            quota_target(NO_QUOTA, opts["quota"])  # fail on a bad period before any write
        wait_timeout = opts.get("wait_timeout")
        if wait_timeout is not None and not 0 < wait_timeout <= MAX_WAIT_TIMEOUT:
            raise ClientError("wait_timeout must be between 1 and %d seconds, got %r" % (MAX_WAIT_TIMEOUT, wait_timeout))

    def check(self, opts, current):
        """A task that funds or limits a group never creates it (issue 18: a typo must not add a group)."""
        if current is not None or opts.get("state") == "absent":
            return
        asked = [what for what, option in (("a quota", "quota"), ("member balances", "member_balance"))
                 if opts.get(option) is not None]
        if asked:
            raise ClientError("the group does not exist in PaperCut, so it cannot be given %s; nothing was changed. "
                              "Check the name; to add the group, give it its own task with state: present (and no "
                              "quota or member_balance) before this one." % " or ".join(asked))

    def result(self, opts, resource, outcome):
        result = super(GroupReconciler, self).result(opts, resource, outcome)
        if opts.get("member_balance") is not None:
            members = self.member_balance(opts["name"], opts["member_balance"], opts.get("balance_comment"),
                                          resource.done, opts.get("account") or "")
            result["member_balance"] = members
            result["changed"] = result["changed"] or members["updated"] > 0
        return result

    def member_balance(self, name, balance, comment, done=(), account=""):
        """Set every member's balance to ``balance`` where it differs, with bounded concurrency.

        ``account`` names the personal account read and set, as papercut_user's ``account`` does
        (../shared/reference/papercut-xmlrpc.md, "Behaviours that surprise": with several personal
        accounts, ``getUserAccountBalance(user, "")`` reads the total while ``setUserAccountBalance(user,
        x, comment, "")`` sets the default account). Without it, a member whose total does not read back
        as what was set fails, saying so, rather than being written again on every run.
        """
        members = list(self.client.group_members(name))

        def worker(username):
            try:
                have = round(self.client.get_user_balance(username, account), 2)
            except MultiplePersonalAccounts as exc:
                raise with_context(exc, prefix="user '%s': %s: " % (username, SEVERAL_ACCOUNTS))
            except ClientError as exc:
                raise with_context(exc, prefix="user '%s': " % username)
            if same_money(have, balance):
                return {"changed": False, "action": "none", "username": username}
            if not self.check_mode:
                try:
                    self.client.set_user_balance(username, balance, comment or "", account)
                except MultiplePersonalAccounts as exc:
                    raise with_context(exc, prefix="user '%s': %s: " % (username, SEVERAL_ACCOUNTS))
                except ClientError as exc:
                    raise with_context(exc, prefix="user '%s': " % username)
                if not account:
                    total = round(self.client.get_user_balance(username, ""), 2)
                    if not same_money(total, balance):
                        raise ClientError("user '%s': %s. Its default personal account was set to %.2f; the total of "
                                          "its personal accounts is %.2f" % (username, SEVERAL_ACCOUNTS, balance, total),
                                          details={"changed": True})
            return {"changed": True, "action": "update", "username": username, "before": have}

        results, summary = run_bulk(members, worker, self.params.get("concurrency") or 8)
        changed = sorted(r["username"] for r in results if r.get("changed") and not r.get("failed"))
        uncertain = [username for username, r in zip(members, results) if r.get("uncertain")]
        failures = [r["msg"] for r in results if r.get("failed") and not r.get("not_attempted")][:5]
        if summary["not_attempted"]:
            failures.append("%d not attempted: %s" % (summary["not_attempted"], next(
                r["msg"] for r in results if r.get("not_attempted"))))
        if failures:
            message = ("the balance of %d of %d members could not be set (%d were set%s): %s"
                       % (summary["failed"] + summary["not_attempted"], len(members), len(changed),
                          ": %s" % ", ".join(changed[:20]) + (" ..." if len(changed) > 20 else "") if changed else "",
                          "; ".join(failures)))
            if uncertain:
                message += (". The balance of %s may have been set although the call failed; check with "
                            "papercut_user_info" % ", ".join(uncertain[:20]))
            if done:
                message += " (already applied to the group: %s)" % ", ".join(done)
            details = {"changed": bool(changed or uncertain or done), "member_balance": {
                "total": len(members), "updated": len(changed), "failed": summary["failed"],
                "not_attempted": summary["not_attempted"], "changed_members": changed}}
            raise ClientError(message, details=details)
        return {"total": len(members), "updated": len(changed), "unchanged": summary["unchanged"],
                "changed_members": changed}


def read_group(client, name, members=True, quota=True):
    if not client.group_exists(name):
        return None
    group = {"name": name}
    if quota and name not in BUILTIN_GROUPS:
        group["quota"] = client.get_group_quota(name)
    if members:
        group["members"] = list(client.group_members(name))
    return group
