#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: printix_printer_info
short_description: List Printix printers and their queues
version_added: 1.0.0
description:
  - Lists the printer queues of a Printix tenant, every page of them, with status, model, vendor, location,
    serial number and capabilities.
  - Needs credentials of the B(Cloud Print) API area.
author:
  - printops contributors (@printops)
extends_documentation_fragment:
  - printops.print_management.printix
  - printops.print_management.connection
  - printops.print_management.attributes
  - printops.print_management.attributes.INFO_MODULE
  - printops.print_management.attributes.ACTIONGROUP_PRINTIX
options:
  query:
    description: Only printers whose name contains this text.
    type: str
"""

EXAMPLES = r"""
- name: Find the reception printer
  printops.print_management.printix_printer_info:
    query: Reception
  register: printers
"""

RETURN = r"""
printers:
  description:
    - The printer queues. C(id) and C(queue_id) are the queue, C(printer_id) the printer; C(connection_status)
      is C(ONLINE) or C(OFFLINE).
  returned: always
  type: list
  elements: dict
  sample:
    - {name: Reception, printer_id: 208914e7-4875-47c7-b7e5-ced9a2dc6df9, queue_id: f82e5dcd-05bd-4b5d-93b4-5c41b5aace35,
       connection_status: ONLINE, model: Anywhere Printer, vendor: Printix, location: Office, serial_no: "422#12552.983"}
"""

from ansible_collections.printops.print_management.plugins.module_utils._module import new_module, run
from ansible_collections.printops.print_management.plugins.module_utils._printix import PrintixClient

FIELDS = (("id", "id"), ("queue_id", "queue_id"), ("printer_id", "printer_id"), ("name", "name"),
          ("connection_status", "connectionStatus"), ("model", "model"), ("vendor", "vendor"),
          ("location", "location"), ("serial_no", "serialNo"), ("printer_sign_id", "printerSignId"),
          ("capabilities", "capabilities"))


def main():
    module = new_module("printix", dict(query=dict(type="str")))
    client = PrintixClient.from_module(module)

    def body():
        printers = [dict((ours, p.get(theirs)) for ours, theirs in FIELDS) for p in client.list_printers(module.params["query"])]
        return {"changed": False, "printers": printers}

    run(module, body, client.redact)


if __name__ == "__main__":
    main()
