# -*- coding: utf-8 -*-
# Copyright: (c) 2026, printops contributors
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
from ansible_collections.printops.print_management.plugins.module_utils._papercut import TaskTimeout
from ansible_collections.printops.print_management.plugins.module_utils._reconcile import run_bulk, write_failed

DEFAULT_WAIT_TIMEOUT = 120
MAX_WAIT_TIMEOUT = 86400

BUILTIN_GROUPS = frozenset(["!!All Users!!", "!!Internal Users!!"])
QUOTA_PERIODS = ["NONE", "DAILY", "WEEKLY", "MONTHLY"]
MONEY_TOLERANCE = 0.005
NO_QUOTA = {"amount": 0.0, "period": "NONE", "max_accumulation": 0.0}


def quota_target(name, current, wanted):
    """The quota after applying the keys the task sets; validates the period."""
    target = dict(current)
    for key, value in (wanted or {}).items():
        if value is not None:
            target[key] = value
    period = str(target["period"]).upper()
    if period not in QUOTA_PERIODS:
        raise ClientError("group '%s': quota period %r is not valid; use one of %s"
                          % (name, target["period"], ", ".join(QUOTA_PERIODS)))
    target["period"] = period
    target["amount"] = float(target["amount"])
    target["max_accumulation"] = float(target["max_accumulation"])
    return target


def same_quota(a, b):
    return a["period"] == b["period"] and abs(a["amount"] - b["amount"]) < MONEY_TOLERANCE and \
        abs(a["max_accumulation"] - b["max_accumulation"]) < MONEY_TOLERANCE


class GroupManager(object):
    def __init__(self, client, params, check_mode=False, diff=False):
        self.client = client
        self.params = params
        self.check_mode = check_mode
        self.diff = diff
        self.done = []

    def _write(self, what, fn, *args):
        if self.check_mode:
            return
        try:
            fn(*args)
        except ClientError as exc:
            error = write_failed(exc, what, self.done, check="Check the group with papercut_group_info")
            raise ClientError("group '%s': %s" % (self.params["name"], error), details=error.details)
        self.done.append(what)

    def run(self):
        params = self.params
        name = params["name"]
        if not name or not name.strip():
            raise ClientError("name must not be empty")
        builtin = name in BUILTIN_GROUPS
        if builtin and (params["state"] == "absent" or params.get("quota") is not None):
            raise ClientError("group '%s' is built in to PaperCut and cannot be removed or given a quota" % name)
        if params.get("quota") is not None:
            quota_target(name, NO_QUOTA, params["quota"])  # fail on a bad period before any write
        wait_timeout = params.get("wait_timeout")
        if wait_timeout is None:
            wait_timeout = DEFAULT_WAIT_TIMEOUT
        if not 0 < wait_timeout <= MAX_WAIT_TIMEOUT:
            raise ClientError("group '%s': wait_timeout must be between 1 and %d seconds, got %r"
                              % (name, MAX_WAIT_TIMEOUT, wait_timeout))
        exists = self.client.group_exists(name)
        before = {"name": name} if exists else {}
        after = {"name": name}
        result = {"changed": False, "name": name}
        if params["state"] == "absent":
            if exists:
                self._write("removed", self.client.remove_group, name)
                result["changed"] = True
            if self.diff:
                result["diff"] = {"before": before, "after": {}}
            return result
        if not exists:
            self._write("add started", self.client.add_group, name)
            if not self.check_mode:
                self._await_group(name, wait_timeout)
            result["changed"] = True
        if params.get("quota") is not None:
            current = self.client.get_group_quota(name) if exists else dict(NO_QUOTA)
            target = quota_target(name, current, params["quota"])
            before["quota"] = current if exists else None
            after["quota"] = target
            if not same_quota(current, target) or not exists:
                self._write("quota", self.client.set_group_quota, name, target["amount"], target["period"],
                            target["max_accumulation"])
                result["changed"] = True
        if params.get("member_balance") is not None:
            members = self.member_balance(name, exists, params["member_balance"], params.get("balance_comment"))
            result["member_balance"] = members
            result["changed"] = result["changed"] or members["updated"] > 0
        result["group"] = after
        if self.diff:
            result["diff"] = {"before": before, "after": after}
        return result

    def _await_group(self, name, timeout):
        """addNewGroup completes in the background: wait for its task, then look for the group.

        ../shared/reference/papercut-xmlrpc.md, "Behaviours that surprise": the group is not in
        PaperCut when addNewGroup returns; its status is watched with getTaskStatus.
        """
        try:
            status = self.client.wait_for_task(timeout, what="adding the group")
            exists = self.client.group_exists(name)
        except TaskTimeout as exc:
            if self.client.group_exists(name):
                self.done[-1] = "created"
                return
            raise ClientError("group '%s': %s. addNewGroup was sent and the group may still appear; nothing else "
                              "was changed. Run the task again once PaperCut has finished, or raise wait_timeout."
                              % (name, exc), details=dict(exc.details or {}, changed=True))
        except ClientError as exc:
            raise ClientError("group '%s': addNewGroup was sent, then waiting for it failed: %s. Nothing else was "
                              "changed; run the task again." % (name, exc),
                              details=dict(exc.details or {}, changed=True))
        if not exists:
            raise ClientError("group '%s': PaperCut did not add it (its background task completed: %r); the group "
                              "must exist in the user directory PaperCut synchronises with. Nothing else was changed."
                              % (name, status["message"] or "no message"))
        self.done[-1] = "created"

    def member_balance(self, name, exists, balance, comment):
        """Set every member's balance to ``balance`` where it differs, with bounded concurrency."""
        members = list(self.client.group_members(name)) if exists else []

        def worker(username):
            have = round(self.client.get_user_balance(username), 2)
            if abs(have - balance) < MONEY_TOLERANCE:
                return {"changed": False, "action": "none", "username": username}
            if not self.check_mode:
                try:
                    self.client.set_user_balance(username, balance, comment or "")
                except ClientError as exc:
                    raise ClientError("user '%s': %s" % (username, exc), details=exc.details)
            return {"changed": True, "action": "update", "username": username, "before": have}

        results, summary = run_bulk(members, worker, self.params.get("concurrency") or 8)
        changed = sorted(r["username"] for r in results if r.get("changed") and not r.get("failed"))
        uncertain = [username for username, r in zip(members, results) if r.get("uncertain")]
        failures = [r["msg"] for r in results if r.get("failed") and not r.get("not_attempted")][:5]
        if summary["not_attempted"]:
            failures.append("%d not attempted: %s" % (summary["not_attempted"], next(
                r["msg"] for r in results if r.get("not_attempted"))))
        if failures:
            message = ("group '%s': the balance of %d of %d members could not be set (%d were set%s): %s"
                       % (name, summary["failed"] + summary["not_attempted"], len(members), len(changed),
                          ": %s" % ", ".join(changed[:20]) + (" ..." if len(changed) > 20 else "") if changed else "",
                          "; ".join(failures)))
            if uncertain:
                message += (". The balance of %s may have been set although the call failed; check with "
                            "papercut_user_info" % ", ".join(uncertain[:20]))
            if self.done:
                message += " (already applied to the group: %s)" % ", ".join(self.done)
            details = {"changed": bool(changed or uncertain or self.done), "member_balance": {
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
