# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Printix groups as an engine resource: used by printix_group.

Internal to the collection; may change in any release.

Call budget: one group search by name; a create adds the POST (and, when its answer
carries no id, one more search); a delete adds the DELETE. The Printix API cannot
change a group's description (seed 003), so an existing group is never updated.
"""

from __future__ import annotations

from ansible_collections.printops.print_management.plugins.module_utils._http import ClientError
from ansible_collections.printops.print_management.plugins.module_utils._printix import Conflict
from ansible_collections.printops.print_management.plugins.module_utils._reconcile import Reconciler, Resource


def find_group(client, name):
    """The group called ``name``; None when there is none. The list answers carry no external id
    (seed 003, "Listing and Searching Groups"), so the name is the key."""
    if not name or not name.strip():
        raise ClientError("name must not be empty")
    found = [g for g in client.list_groups(query=name) if g.get("name") == name]
    if len(found) > 1:
        raise ClientError("group %r: %d Printix groups have this name (ids %s); the module cannot tell which is "
                          "meant" % (name, len(found), ", ".join(str(g.get("id")) for g in found)))
    return found[0] if found else None


class PrintixGroupResource(Resource):
    """A group as Printix lists it; ``created`` is the group the create answered (or found after a 409)."""

    def __init__(self, client, opts):
        super(PrintixGroupResource, self).__init__(client, opts)
        self.created = None
        self.there_already = False

    def read(self, key):
        return find_group(self.client, key)

    def create(self, key, desired):
        request = {"name": key, "externalId": self.opts["external_id"]}
        for field, option in (("description", "description"), ("identityProvider", "identity_provider")):
            if self.opts.get(option) is not None:
                request[field] = self.opts[option]
        try:
            created = self.client.create_group(request)
        except Conflict:
            # 409: "a group with the same external id already exists" (seed 003, "Create Group")
            created = find_group(self.client, key)
            if created is None:
                raise ClientError("Printix already has a group with external_id %r under another name (it answered "
                                  "409), and the API does not show external ids, so the module cannot tell which "
                                  "group that is; nothing was changed" % self.opts["external_id"])
            self.there_already = True  # created meanwhile by someone else
        else:
            if not created.get("id"):
                # the answer's self link is a template (.../groups/{group}): find the id by name
                listed = find_group(self.client, key)
                created["id"] = listed.get("id") if listed else None
        self.created = created

    def delete(self, key, current):
        if not current.get("id"):
            raise ClientError("Printix listed it without an id in its link, so it cannot be deleted")
        self.step("deleted", self.client.delete_group, current["id"])


class PrintixGroupReconciler(Reconciler):
    """printix_group: one group. ``warn`` reports what the API cannot change."""

    kind = "group"

    def resource(self, opts):
        return PrintixGroupResource(self.client, opts)

    def desired(self, opts):
        # only whether the group exists is reconciled; the description is set on create only
        return {"name": opts["name"]} if opts.get("state") != "absent" else {}

    def check(self, opts, current):
        if opts.get("state") == "absent":
            return
        if current is None and not opts.get("external_id"):
            raise ClientError("external_id is required to create a group")
        if current is not None and opts.get("description") is not None and \
                current.get("description") != opts["description"]:
            self.warn("group %r: the Printix API cannot change a group's description; it was left as %r"
                      % (opts["name"], current.get("description")))

    def result(self, opts, resource, outcome):
        current, after, action = outcome.before, outcome.after, outcome.action
        if action == "create":
            after = resource.created or {"name": opts["name"], "description": opts.get("description") or ""}
            if resource.there_already:
                action = "none"
        result = {"changed": action != "none", "action": action}
        if after is not None:
            result["group"] = dict((k, v) for k, v in after.items() if k != "_links")
        if self.diff:
            result["diff"] = {"before": {"name": current["name"]} if current else {},
                              "after": {"name": after["name"]} if after else {}}
        return result
