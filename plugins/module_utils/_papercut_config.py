# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""One PaperCut advanced config value as an engine resource: used by papercut_config.

Internal to the collection; may change in any release.

Call budget: one ``getConfigValue``; a change adds one ``setConfigValue``. A config
key always "exists" (PaperCut answers an empty string for an unknown key), so the
engine only ever updates it.
"""

from __future__ import annotations

from ansible_collections.printops.print_management.plugins.module_utils._reconcile import Reconciler, Resource


def as_config(value):
    """The string PaperCut stores: booleans as ``Y``/``N``, the form most keys use."""
    if isinstance(value, bool):
        return "Y" if value else "N"
    return "%s" % (value,)


class ConfigResource(Resource):
    def __init__(self, client, opts, hide):
        super(ConfigResource, self).__init__(client, opts)
        self.hide = hide
        self.secret_fields = ("value",) if opts.get("value_is_secret") else ()

    def read(self, key):
        current = self.client.get_config_value(key)
        if self.secret_fields and current:
            self.hide(current)
        return {"value": current}

    def update(self, key, current, changes):
        self.step("value", self.client.set_config_value, key, changes["value"])


class ConfigReconciler(Reconciler):
    """papercut_config: one key. ``hide(value)`` masks a secret value wherever Ansible would show it."""

    kind = "config key"

    def __init__(self, client, params, check_mode=False, diff=False, hide=None):
        super(ConfigReconciler, self).__init__(client, params, check_mode, diff)
        self.hide = hide or (lambda value: None)

    def validate(self, opts):
        self.require_key(opts)

    def resource(self, opts):
        return ConfigResource(self.client, opts, self.hide)

    def desired(self, opts):
        return {"value": None if opts.get("value") is None else as_config(opts["value"])}

    def result(self, opts, resource, outcome):
        secret = bool(resource.secret_fields)
        result = {"changed": outcome.changed, "name": opts["name"], "value_is_secret": secret}
        if not secret:
            result["value"] = outcome.after["value"]
            if self.diff:
                result["diff"] = {"before": dict(outcome.before), "after": dict(outcome.after)}
        return result
