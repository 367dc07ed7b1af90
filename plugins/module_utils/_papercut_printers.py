# -*- coding: utf-8 -*-
# Copyright: (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""PaperCut printers: the printer resource, printer/access group membership, and
"not found" errors that list near matches.

Internal to the collection; may change in any release.

PaperCut has no call that reads back a printer's printer groups or access
groups, so :class:`PrinterGroups` keeps what it last applied in a printer custom
field (JSON) and compares against that.
"""

from __future__ import annotations

import difflib
import json

from ansible_collections.printops.print_management.plugins.module_utils._http import ClientError
from ansible_collections.printops.print_management.plugins.module_utils._papercut import (
    InvalidProperty,
    PrinterNotFound,
    to_bool,
    to_prop,
)
from ansible_collections.printops.print_management.plugins.module_utils._reconcile import Resource, write_failed

COST_MODELS = ["SIMPLE", "AREA", "SIZE_TABLE", "SIZE_CATEGORY", "SIZE_DETAILED", "SIZE_LENGTH"]
CUSTOM_FIELDS = ["custom-field-%d" % i for i in range(1, 7)]
MONEY_TOLERANCE = 0.00005
DEVICE_SERVER = "device"


def label(server, printer):
    return "%s\\%s" % (server, printer)


def custom_field_name(key):
    """Accept ``3``, ``"3"`` or ``"custom-field-3"``."""
    name = "custom-field-%s" % key if str(key).isdigit() else str(key)
    if name not in CUSTOM_FIELDS:
        raise ClientError("custom_fields keys must be 1 to 6 (or custom-field-1 to custom-field-6), got %r" % (key,))
    return name


def not_found(client, server, printer):
    """A clear error for a printer PaperCut does not know, listing near matches from listPrinters."""
    known = list(client.list_printers())
    servers = sorted(set(s for s, _p in known))
    wanted = label(server, printer)
    labels = [label(s, p) for s, p in known]
    near = difflib.get_close_matches(wanted, labels, n=5, cutoff=0.6)
    near += [x for x in labels if x not in near and x.split("\\", 1)[1].lower() == printer.lower()][:3]
    msg = "printer '%s' not found in PaperCut" % wanted
    if server not in servers:
        msg += "; there is no print server '%s' (servers: %s)" % (server, ", ".join(servers) or "none")
    if near:
        msg += "; near matches: %s" % ", ".join(near)
    elif not known:
        msg += "; PaperCut lists no printers at all"
    return ClientError(msg + ". Use the names shown under Printers in the PaperCut admin UI (devices: server "
                             "'device').")


def read_printer(client, server, printer, props=(), cost=False):
    """Properties (plus the simple cost) of one printer; None when PaperCut does not know it."""
    names = ["disabled"] + [p for p in props if p != "disabled"]
    try:
        values = client.get_printer_properties(server, printer, names)
    except PrinterNotFound:
        return None
    except InvalidProperty as exc:
        raise ClientError("PaperCut rejects a printer property name among %s: %s" % (names, exc))
    state = {"server": server, "printer": printer, "enabled": not to_bool(values["disabled"])}
    if "cost-model" in values:
        state["cost_model"] = values["cost-model"]
    custom = dict((n, values[n]) for n in CUSTOM_FIELDS if n in values)
    if custom:
        state["custom_fields"] = custom
    extra = dict((n, values[n]) for n in props if n not in CUSTOM_FIELDS and n not in ("disabled", "cost-model"))
    if extra:
        state["properties"] = extra
    if cost:
        state["cost_per_page"] = client.get_printer_cost_simple(server, printer)
    return state


class PrinterResource(Resource):
    """enabled, cost_per_page, cost_model, custom_fields, properties of one printer."""

    def __init__(self, client, opts):
        self.client = client
        self.opts = opts
        self.done = []

    def read(self, key):
        opts = self.opts
        props = []
        if opts.get("cost_model") is not None:
            props.append("cost-model")
        props += sorted((opts.get("custom_fields") or {}).keys())
        props += sorted((opts.get("properties") or {}).keys())
        return read_printer(self.client, key[0], key[1], props, cost=opts.get("cost_per_page") is not None)

    def target(self, field, current, wanted):
        if field in ("custom_fields", "properties"):
            merged = dict(current or {})
            merged.update(wanted)
            return merged
        return wanted

    def equal(self, field, current, wanted):
        if field == "cost_per_page":
            return current is not None and abs(current - wanted) < MONEY_TOLERANCE
        if field in ("custom_fields", "properties"):
            current = current or {}
            return all(_same(current.get(k), v) for k, v in wanted.items())
        return current == wanted

    def _step(self, what, fn, *args):
        try:
            fn(*args)
        except ClientError as exc:
            raise write_failed(exc, what, self.done, check="Check the printer with papercut_printer_info")
        self.done.append(what)

    def create(self, key, desired):
        raise ClientError("PaperCut adds printers when they are first used; it cannot create one")

    def update(self, key, current, changes):
        server, printer = key
        client = self.client
        props = {}
        if "cost_model" in changes:
            props["cost-model"] = changes["cost_model"]
        props.update(changes.get("custom_fields") or {})
        props.update(changes.get("properties") or {})
        if props:
            self._step("properties", client.set_printer_properties, server, printer,
                       dict((k, to_prop(v)) for k, v in props.items()))
            if server == DEVICE_SERVER and any(k.startswith("advanced-config.") for k in props):
                self._step("device settings applied", client.apply_device_settings, printer)
        if "cost_per_page" in changes:
            self._step("cost per page", client.set_printer_cost_simple, server, printer, changes["cost_per_page"])
        if "enabled" in changes:
            if changes["enabled"]:
                self._step("enabled", client.enable_printer, server, printer)
            else:
                self._step("disabled", client.disable_printer, server, printer, self.opts.get("disable_minutes", -1))

    def delete(self, key, current):
        self._step("deleted", self.client.delete_printer, key[0], key[1])


def _same(have, want):
    if have == want:
        return True
    try:
        return abs(float(have) - float(want)) < 1e-9
    except (TypeError, ValueError):
        return False


class PrinterGroups(object):
    """Printer groups and access groups of one printer, compared against what was last applied.

    ``known`` is ``{"groups": [...], "access_groups": [...]}`` as stored in the
    state field; a key is missing when that list was never applied (or the
    state field is off), and then the module cannot tell and always applies.
    """

    MARK = "printops"

    def __init__(self, client, server, printer, state_field):
        self.client = client
        self.server = server
        self.printer = printer
        self.state_field = state_field or ""
        self.warnings = []

    @property
    def name(self):
        return label(self.server, self.printer)

    def read_known(self):
        field = self.state_field
        try:
            values = self.client.get_printer_properties(self.server, self.printer, [field] if field else ["disabled"])
        except PrinterNotFound:
            raise not_found(self.client, self.server, self.printer)
        except InvalidProperty as exc:
            raise ClientError("state_field %r is not a printer property PaperCut knows (use custom-field-1 .. "
                              "custom-field-6): %s" % (field, exc))
        if not field:
            return {}
        raw = (values.get(field) or "").strip()
        if not raw:
            return {}
        try:
            data = json.loads(raw)
        except ValueError:
            data = None
        if not isinstance(data, dict) or self.MARK not in data:
            raise ClientError("%s of printer '%s' holds %r, which this module did not write; it would be "
                              "overwritten. Clear it, or choose another state_field." % (field, self.name, raw[:60]))
        return dict((k, sorted(v)) for k, v in data.items() if k in ("groups", "access_groups") and
                    isinstance(v, list))

    def encode(self, known):
        data = {self.MARK: 1}
        data.update(known)
        return json.dumps(data, sort_keys=True, separators=(",", ":"))

    def plan(self, state, groups, access_groups, append):
        """Return (steps, known_before, known_after); a step is (description, method name, argument)."""
        known = self.read_known()
        after = dict(known)
        steps = []
        if groups is not None:
            steps += self._plan_groups(state, sorted(set(groups)), known.get("groups"), append, after)
        if access_groups is not None:
            steps += self._plan_access(state, sorted(set(access_groups)), known.get("access_groups"), append, after)
        if not self.state_field and steps:
            self.warnings.append(
                "state_field is empty, so the printer's groups cannot be compared: they were applied and reported "
                "as changed. PaperCut has no call that reads them back.")
        return steps, known, after

    def _plan_groups(self, state, wanted, known, append, after):
        if state == "absent":
            if known is None:
                raise ClientError("printer '%s': cannot remove printer groups %s: PaperCut can only replace the whole "
                                  "list and this module does not know it (nothing recorded in %s). Run once with "
                                  "state: present and the full list."
                                  % (self.name, wanted, self.state_field or "the state field"))
            remaining = [g for g in known if g not in wanted]
            after["groups"] = remaining
            return [("set printer groups", "set_printer_groups", remaining)] if remaining != known else []
        if append:
            missing = [g for g in wanted if g not in (known or [])]
            after["groups"] = sorted(set(known or []) | set(wanted))
            return [("add printer group %s" % g, "add_printer_group", g) for g in missing]
        after["groups"] = wanted
        return [("set printer groups", "set_printer_groups", wanted)] if known != wanted else []

    def _plan_access(self, state, wanted, known, append, after):
        have = set(known or [])
        if state == "absent":
            drop = wanted if known is None else [g for g in wanted if g in have]
            after["access_groups"] = sorted(have - set(wanted))
            return [("remove access group %s" % g, "remove_printer_access_group", g) for g in drop]
        add = [g for g in wanted if known is None or g not in have]
        steps = []
        for group in add:
            if not self.client.group_exists(group):
                raise ClientError("printer '%s': access group '%s' does not exist in PaperCut; nothing was changed"
                                  % (self.name, group))
            steps.append(("add access group %s" % group, "add_printer_access_group", group))
        if append:
            after["access_groups"] = sorted(have | set(wanted))
            return steps
        if known is None:
            if self.state_field:
                self.warnings.append("printer '%s': access groups applied before this module recorded them are not "
                                     "known and were not removed" % self.name)
        else:
            steps += [("remove access group %s" % g, "remove_printer_access_group", g) for g in sorted(have - set(wanted))]
        after["access_groups"] = wanted
        return steps

    def apply(self, steps, after):
        done = []
        for what, method, arg in steps:
            try:
                getattr(self.client, method)(self.server, self.printer, arg)
            except ClientError as exc:
                raise ClientError("printer '%s': %s (already applied: %s)" % (self.name, exc, ", ".join(done) or
                                                                              "nothing"), details=exc.details)
            done.append(what)
        if self.state_field:
            self.client.set_printer_property(self.server, self.printer, self.state_field, self.encode(after))
