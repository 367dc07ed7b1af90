#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: printer_group
short_description: Manage the printer groups of a PaperCut printer and the user groups allowed to print on it
version_added: 1.0.0
description:
  - Set the printer groups a PaperCut MF/NG printer or device belongs to (C(setPrinterGroups), C(addPrinterGroup)),
    and the user groups allowed to print on it (C(addPrinterAccessGroup), C(removePrinterAccessGroup)).
  - B(PaperCut has no call that reads these back.) The module therefore keeps what it last applied in a printer
    custom field (O(state_field), by default C(custom-field-6)) and compares against that. B(A change made by hand in
    the PaperCut admin UI is not seen) by this module; run it with the full lists to bring the printer back in line.
  - With O(state_field) empty, nothing is recorded; the lists are applied on every run, the task always reports a
    change, and a warning says so.
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
    support: partial
    details:
      - Idempotent against what the module itself last applied, recorded in O(state_field). Changes made in the admin
        UI are not seen. With O(state_field) empty, every run applies and reports a change.
options:
  server:
    description:
      - The print server the printer is on, as PaperCut lists it. Required with O(printer).
    type: str
  printer:
    description: The printer's name on O(server).
    type: str
    aliases: [name]
  device:
    description: The name of an MFD (device); PaperCut lists devices under the server name C(device).
    type: str
  groups:
    description:
      - Printer groups (the printer's own tags, used for reports and rules). PaperCut creates a printer group when it
        is first used.
      - With O(state=present) and O(append=false) the printer ends up in exactly these groups.
    type: list
    elements: str
  access_groups:
    description:
      - User groups allowed to print on the printer. The groups must exist in PaperCut.
      - With O(state=present) and O(append=false), access groups this module added before and that are not listed are
        removed; access groups added in the admin UI are not known and stay.
    type: list
    elements: str
  append:
    description: With V(true) and O(state=present), the listed groups are only added.
    type: bool
    default: false
  state:
    description:
      - V(present) applies the lists as given. V(absent) removes only the listed groups.
      - Removing printer groups needs the recorded list (PaperCut can only replace the whole list); without it the
        task fails and nothing is changed.
    type: str
    choices: [present, absent]
    default: present
  state_field:
    description:
      - The printer property where the module records what it applied, C(custom-field-1) to C(custom-field-6).
      - The field holds a small JSON document; do not use it for anything else. If it holds something this module did
        not write, the task fails rather than overwrite it.
      - Set to an empty string to record nothing (see the description).
    type: str
    choices:
      - custom-field-1
      - custom-field-2
      - custom-field-3
      - custom-field-4
      - custom-field-5
      - custom-field-6
      - ""
    default: custom-field-6
seealso:
  - module: printops.print_management.papercut_printer
"""

EXAMPLES = r"""
- name: Library printers are in the Library and Colour groups, and only Students and Staff may print
  printops.print_management.printer_group:
    server: printsrv01
    printer: lib-colour-1
    groups: [Library, Colour]
    access_groups: [Students, Staff]

- name: Also tag an MFD as Level 2, keeping its other groups
  printops.print_management.printer_group:
    device: mfd-level2
    groups: [Level 2]
    append: true

- name: Visitors may no longer print here
  printops.print_management.printer_group:
    server: printsrv01
    printer: lib-colour-1
    access_groups: [Visitors]
    state: absent
"""

RETURN = r"""
printer:
  description: The printer as C(server\printer).
  returned: always
  type: str
  sample: printsrv01\lib-colour-1
groups:
  description: The printer groups as the module knows them after the task (absent when never applied).
  returned: when known
  type: list
  elements: str
  sample: [Colour, Library]
access_groups:
  description: The access groups as the module knows them after the task (absent when never applied).
  returned: when known
  type: list
  elements: str
  sample: [Staff, Students]
actions:
  description: The calls made (or that would be made in check mode).
  returned: always
  type: list
  elements: str
  sample: [set printer groups, add access group Staff]
"""

from ansible_collections.printops.print_management.plugins.module_utils import _validate as check
from ansible_collections.printops.print_management.plugins.module_utils._module import new_module, reconcile
from ansible_collections.printops.print_management.plugins.module_utils._papercut import PaperCutClient
from ansible_collections.printops.print_management.plugins.module_utils._papercut_printers import (
    CUSTOM_FIELDS,
    PrinterGroupReconciler,
)


def main():
    module = new_module("papercut", dict(
        server=dict(type="str"),
        printer=dict(type="str", aliases=["name"]),
        device=dict(type="str"),
        groups=dict(type="list", elements="str"),
        access_groups=dict(type="list", elements="str"),
        append=dict(type="bool", default=False),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        state_field=dict(type="str", default="custom-field-6", choices=CUSTOM_FIELDS + [""]),
    ), mutually_exclusive=[("printer", "device"), ("server", "device")],
        required_one_of=[("printer", "device"), ("groups", "access_groups")],
        required_together=[("server", "printer")])
    check.refuse(module, dict(groups=check.names, access_groups=check.names))
    reconcile(module, PaperCutClient.from_module(module), PrinterGroupReconciler, warn=module.warn)


if __name__ == "__main__":
    main()
