#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: papercut_printer_info
short_description: List PaperCut MF/NG printers and devices with chosen properties
version_added: 1.0.0
description:
  - List every printer and device PaperCut knows (read page by page with C(listPrinters); the template printer is
    left out), or read one, with the properties you choose.
author:
  - printops contributors (@printops)
extends_documentation_fragment:
  - printops.print_management.papercut
  - printops.print_management.connection
  - printops.print_management.attributes
  - printops.print_management.attributes.INFO_MODULE
  - printops.print_management.attributes.ACTIONGROUP_PAPERCUT
options:
  server:
    description: Only printers on this server (C(device) for MFDs).
    type: str
  printer:
    description: Only this printer (with O(server)).
    type: str
    aliases: [name]
  properties:
    description:
      - Printer properties to read for each printer, by PaperCut name (for example C(cost-model), C(custom-field-1),
        C(print-stats.page-count)). One call per printer; empty to list names only.
    type: list
    elements: str
    default: [disabled, cost-model]
  concurrency:
    description: How many printers are read at once.
    type: int
    default: 8
seealso:
  - module: printops.print_management.papercut_printer
"""

EXAMPLES = r"""
- name: Every printer with its page count
  printops.print_management.papercut_printer_info:
    properties: [print-stats.page-count]
  register: printers
"""

RETURN = r"""
printers:
  description: The printers, each with C(server), C(printer) and the properties asked for (as PaperCut returns them).
  returned: always
  type: list
  elements: dict
  sample: [{server: printsrv01, printer: lib-colour-1, properties: {disabled: "false", cost-model: SIMPLE}}]
"""

from ansible_collections.printops.print_management.plugins.module_utils._module import new_module, run
from ansible_collections.printops.print_management.plugins.module_utils._papercut import PaperCutClient
from ansible_collections.printops.print_management.plugins.module_utils._reconcile import read_all


def main():
    module = new_module("papercut", dict(
        server=dict(type="str"),
        printer=dict(type="str", aliases=["name"]),
        properties=dict(type="list", elements="str", default=["disabled", "cost-model"]),
        concurrency=dict(type="int", default=8),
    ), required_by={"printer": "server"})
    client = PaperCutClient.from_module(module)
    params = module.params

    def read(pair):
        entry = {"server": pair[0], "printer": pair[1]}
        if params["properties"]:
            entry["properties"] = client.get_printer_properties(pair[0], pair[1], params["properties"])
        return entry

    def body():
        pairs = [p for p in client.list_printers()
                 if (not params["server"] or p[0] == params["server"]) and (not params["printer"] or p[1] == params["printer"])]
        return {"changed": False, "printers": read_all(pairs, read, params["concurrency"], "printers")}

    run(module, body, client.redact)


if __name__ == "__main__":
    main()
