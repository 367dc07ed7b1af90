# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
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
    AuthenticationError,
    InvalidProperty,
    NoSuchMethod,
    PaperCutError,
    PrinterNotFound,
    to_bool,
    to_prop,
    to_props,
)
from ansible_collections.printops.print_management.plugins.module_utils._reconcile import (
    Reconciler,
    Resource,
    public,
    result_for,
    same_money,
)

COST_MODELS = ["SIMPLE", "AREA", "SIZE_TABLE", "SIZE_CATEGORY", "SIZE_DETAILED", "SIZE_LENGTH"]
CUSTOM_FIELDS = ["custom-field-%d" % i for i in range(1, 7)]
#: a cost per page has four decimals in PaperCut
COST_TOLERANCE = 0.00005
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


def printer_listed(client, server, printer):
    """Whether listPrinters names the printer: PaperCut has no isPrinterExists, and a server before 19.2
    says "not found" only in a text we may not know (../shared/reference/papercut-xmlrpc.md, "Fault codes")."""
    return any(s == server and p == printer for s, p in client.list_printers())


def read_printer(client, server, printer, props=(), cost=False):
    """Properties (plus the simple cost) of one printer; None when PaperCut does not know it.

    The simple cost is only asked of a printer on the SIMPLE cost model: seed 000 says
    getPrinterCostSimple gets "the page cost if, and only if, the printer is using the Simple
    Charging Model" (any other printer: a fault). Another model reads as no cost per page.
    """
    names = ["disabled"] + [p for p in props if p != "disabled"]
    if cost and "cost-model" not in names:
        names.append("cost-model")
    try:
        values = client.get_printer_properties(server, printer, names)
    except PrinterNotFound:
        return None
    except InvalidProperty as exc:
        raise ClientError("PaperCut rejects a printer property name among %s: %s" % (names, exc))
    except (NoSuchMethod, AuthenticationError):
        raise
    except PaperCutError:
        # fault 283 is the documented "not found"; a server before 19.2 words it its own way
        if not printer_listed(client, server, printer):
            return None
        raise
    state = {"server": server, "printer": printer, "enabled": not to_bool(values["disabled"])}
    if "cost-model" in props:
        state["cost_model"] = values["cost-model"]
    custom = dict((n, values[n]) for n in CUSTOM_FIELDS if n in values)
    if custom:
        state["custom_fields"] = custom
    extra = dict((n, values[n]) for n in props if n not in CUSTOM_FIELDS and n not in ("disabled", "cost-model"))
    if extra:
        state["properties"] = extra
    if cost:
        simple = str(values["cost-model"]).strip().upper() == "SIMPLE"
        state["cost_per_page"] = client.get_printer_cost_simple(server, printer) if simple else None
    return state


class PrinterResource(Resource):
    """enabled, cost_per_page, cost_model, custom_fields, properties of one printer."""

    merged_fields = ("custom_fields", "properties")
    compare = {"cost_per_page": lambda have, want: same_money(have, want, COST_TOLERANCE)}
    write_check = "Check the printer with papercut_printer_info"

    def read(self, key):
        opts = self.opts
        props = []
        if opts.get("cost_model") is not None:
            props.append("cost-model")
        props += sorted((opts.get("custom_fields") or {}).keys())
        props += sorted((opts.get("properties") or {}).keys())
        return read_printer(self.client, key[0], key[1], props, cost=opts.get("cost_per_page") is not None)

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
            self.step("properties", client.set_printer_properties, server, printer,
                      to_props(props))
            if server == DEVICE_SERVER and any(k.startswith("advanced-config.") for k in props):
                self.step("device settings applied", client.apply_device_settings, printer)
        if "cost_per_page" in changes:
            self.step("cost per page", client.set_printer_cost_simple, server, printer, changes["cost_per_page"])
        if "enabled" in changes:
            if changes["enabled"]:
                self.step("enabled", client.enable_printer, server, printer)
            else:
                self.step("disabled", client.disable_printer, server, printer, self.opts.get("disable_minutes", -1))

    def delete(self, key, current):
        self.step("deleted", self.client.delete_printer, key[0], key[1])


PRINTER_FIELDS = ("enabled", "cost_per_page", "cost_model", "custom_fields", "properties")


def printer_key(opts):
    """(server, printer) of a task naming a printer, or a device (server ``device``)."""
    if opts.get("device"):
        return DEVICE_SERVER, opts["device"]
    return opts.get("server"), opts.get("printer")


class _OnePrinter(Reconciler):
    """A reconciler of something of one printer, named ``server\\printer`` in messages."""

    def key(self, opts):
        return printer_key(opts)

    def label(self, opts):
        return "printer '%s'" % label(*printer_key(opts))


class PrinterReconciler(_OnePrinter):
    """papercut_printer: one printer (PaperCut adds printers itself; none is created)."""

    def validate(self, opts):
        # not choices= in the argument spec: the message names the printer
        if opts.get("cost_model") is not None and opts["cost_model"] not in COST_MODELS:
            raise ClientError("cost_model must be one of %s, got %r" % (", ".join(COST_MODELS), opts["cost_model"]))
        if opts.get("cost_per_page") is not None and opts.get("cost_model") not in (None, "SIMPLE"):
            raise ClientError("cost_per_page sets the SIMPLE cost model; it cannot go with cost_model %s"
                              % opts["cost_model"])

    @staticmethod
    def _normal(opts):
        opts = dict(opts)
        if opts.get("custom_fields") is not None:
            opts["custom_fields"] = dict((custom_field_name(k), to_prop(v)) for k, v in opts["custom_fields"].items())
        if opts.get("properties") is not None:
            opts["properties"] = to_props(opts["properties"])
        return opts

    def resource(self, opts):
        return PrinterResource(self.client, self._normal(opts))

    def desired(self, opts):
        opts = self._normal(opts)
        return dict((k, opts.get(k)) for k in PRINTER_FIELDS)

    def check(self, opts, current):
        if current is None and opts.get("state") != "absent":
            raise not_found(self.client, *printer_key(opts))

    def result(self, opts, resource, outcome):
        result = result_for(resource, outcome, self.diff)
        if outcome.after is not None:
            result["printer"] = public(resource, outcome.after)
        return result


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
        except (NoSuchMethod, AuthenticationError):
            raise
        except PaperCutError:
            # a server before 19.2 says "not found" in a text of its own (see read_printer)
            if not printer_listed(self.client, self.server, self.printer):
                raise not_found(self.client, self.server, self.printer)
            raise
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
        return dict((k, sorted(v)) for k, v in data.items() if k in ("groups", "access_groups") and isinstance(v, list))

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
                applied = ", ".join(done) or "nothing"
                raise ClientError("printer '%s': %s (already applied: %s)" % (self.name, exc, applied), details=exc.details)
            done.append(what)
        if self.state_field:
            self.client.set_printer_property(self.server, self.printer, self.state_field, self.encode(after))


class PrinterGroupResource(Resource):
    """The printer's groups and access groups as recorded in its state field (see :class:`PrinterGroups`).

    ``state`` (present/absent) says what to do with the listed groups, not with the printer,
    so each field's target and the calls that reach it come from PrinterGroups' plan.
    """

    def __init__(self, client, opts, key):
        super(PrinterGroupResource, self).__init__(client, opts)
        self.groups = PrinterGroups(client, key[0], key[1], opts.get("state_field"))
        self.pending = {}

    def read(self, key):
        return self.groups.read_known()

    def target(self, field, current, wanted):
        opts = self.opts
        after = {}
        plan_field = self.groups._plan_groups if field == "groups" else self.groups._plan_access
        self.pending[field] = plan_field(opts.get("state") or "present", sorted(set(wanted)), current,
                                         opts.get("append"), after)
        return after[field]

    def equal(self, field, current, wanted):
        return not self.pending.get(field)

    def steps(self, changes):
        return [step for field in ("groups", "access_groups") if field in changes for step in self.pending[field]]

    def update(self, key, current, changes):
        after = dict(current)
        after.update(changes)
        self.groups.apply(self.steps(changes), after)


class PrinterGroupReconciler(_OnePrinter):
    """printer_group: the groups of one printer. ``warn`` reports what cannot be compared."""

    state_option = None

    def validate(self, opts):
        server, printer = printer_key(opts)
        if not server or not printer:
            raise ClientError("server and printer (or device) must not be empty")

    def resource(self, opts):
        return PrinterGroupResource(self.client, opts, printer_key(opts))

    def desired(self, opts):
        return {"groups": opts.get("groups"), "access_groups": opts.get("access_groups")}

    def result(self, opts, resource, outcome):
        steps = resource.steps(outcome.changes)
        if not resource.groups.state_field and steps:
            resource.groups.warnings.append(
                "state_field is empty, so the printer's groups cannot be compared: they were applied and reported "
                "as changed. PaperCut has no call that reads them back.")
        for warning in resource.groups.warnings:
            self.warn(warning)
        result = dict(changed=bool(steps), printer=label(*printer_key(opts)), actions=[s[0] for s in steps])
        result.update(outcome.after)
        if self.diff:
            result["diff"] = {"before": outcome.before, "after": outcome.after}
        return result
