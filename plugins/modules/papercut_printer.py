#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: papercut_printer
short_description: Manage a PaperCut MF/NG printer's state, charging and custom fields
version_added: 1.0.0
description:
  - Enable or disable a printer, set its simple cost per page or cost model, its custom fields and other properties.
  - PaperCut adds printers by itself when they are first used, so this module never creates one; an unknown printer
    fails with a list of near matches.
  - Only the options you set are compared and changed.
author:
  - printops contributors (@printops)
extends_documentation_fragment:
  - printops.print_management.papercut
  - printops.print_management.connection
  - printops.print_management.attributes
  - printops.print_management.attributes.ACTIONGROUP_PAPERCUT
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  idempotent:
    support: full
options:
  server:
    description: The print server, as PaperCut lists it. Required with O(printer).
    type: str
  printer:
    description: The printer's name on O(server).
    type: str
    aliases: [name]
  device:
    description: The name of an MFD (device); PaperCut lists devices under the server name C(device).
    type: str
  state:
    description:
      - V(present) manages the printer. V(absent) deletes it from PaperCut (history stays; PaperCut adds it again
        when it is next used).
    type: str
    choices: [present, absent]
    default: present
  enabled:
    description: V(false) disables the printer (C(disablePrinter)) for O(disable_minutes); V(true) enables it.
    type: bool
  disable_minutes:
    description: With O(enabled=false), how long to disable the printer; V(-1) means until it is enabled again.
    type: int
    default: -1
  cost_per_page:
    description:
      - The cost per page of the simple charging model (C(setPrinterCostSimple)), compared with
        C(getPrinterCostSimple). Setting it switches the printer to the C(SIMPLE) cost model.
    type: float
  cost_model:
    description:
      - The charging model (property C(cost-model)), one of C(SIMPLE), C(AREA), C(SIZE_TABLE), C(SIZE_CATEGORY),
        C(SIZE_DETAILED), C(SIZE_LENGTH).
    type: str
  custom_fields:
    description:
      - Custom fields 1 to 6, as a dictionary keyed by the number (or by C(custom-field-N)).
      - M(printops.print_management.printer_group) keeps its state in C(custom-field-6) by default; do not set that
        field here when you use it.
    type: dict
  properties:
    description:
      - Other printer properties by their PaperCut name (for example C(advanced-config.*) keys of a device, after
        which the device settings are applied with C(applyDeviceSettings)).
    type: dict
seealso:
  - module: printops.print_management.papercut_printer_info
  - module: printops.print_management.printer_group
"""

EXAMPLES = r"""
- name: Charge 0.10 a page and record the asset tag
  printops.print_management.papercut_printer:
    server: printsrv01
    printer: lib-colour-1
    cost_per_page: 0.10
    custom_fields:
      1: ASSET-4711

- name: Take a printer out of service for an hour
  printops.print_management.papercut_printer:
    server: printsrv01
    printer: lib-colour-1
    enabled: false
    disable_minutes: 60
"""

RETURN = r"""
printer:
  description: The printer's managed settings after the task (in check mode, as they would be).
  returned: when O(state=present)
  type: dict
  sample: {server: printsrv01, printer: lib-colour-1, enabled: true, cost_per_page: 0.1}
action:
  description: What was done (or would be done in check mode).
  returned: always
  type: str
  sample: update
"""

from ansible_collections.printops.print_management.plugins.module_utils import _validate as check
from ansible_collections.printops.print_management.plugins.module_utils._module import new_module, reconcile
from ansible_collections.printops.print_management.plugins.module_utils._papercut import PaperCutClient
from ansible_collections.printops.print_management.plugins.module_utils._papercut_printers import PrinterReconciler


def main():
    module = new_module("papercut", dict(
        server=dict(type="str"),
        printer=dict(type="str", aliases=["name"]),
        device=dict(type="str"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        enabled=dict(type="bool"),
        disable_minutes=dict(type="int", default=-1),
        cost_per_page=dict(type="float"),
        cost_model=dict(type="str"),
        custom_fields=dict(type="dict"),
        properties=dict(type="dict"),
    ), mutually_exclusive=[("printer", "device"), ("server", "device")], required_one_of=[("printer", "device")],
        required_together=[("server", "printer")])
    check.refuse(module, dict(disable_minutes=check.minutes, cost_per_page=check.money,
                              properties=check.properties, custom_fields=check.properties))
    reconcile(module, PaperCutClient.from_module(module), PrinterReconciler)


if __name__ == "__main__":
    main()
