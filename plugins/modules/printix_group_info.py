#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: printix_group_info
short_description: List and search Printix groups
version_added: 1.0.0
description:
  - Lists the groups of a Printix tenant, every page of them, optionally filtered by a search string.
  - Needs credentials of the B(User Manager) API area.
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
    description: Only groups whose name or description contains this text.
    type: str
seealso:
  - module: printops.print_management.printix_group
"""

EXAMPLES = r"""
- name: Find the finance groups
  printops.print_management.printix_group_info:
    query: finance
  register: found
"""

RETURN = r"""
groups:
  description: The groups (id, name, description, queueCount, userCount, workstationCount, inUse).
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.printops.print_management.plugins.module_utils._module import new_module, run
from ansible_collections.printops.print_management.plugins.module_utils._printix import PrintixClient


def main():
    module = new_module("printix", dict(query=dict(type="str")))
    client = PrintixClient.from_module(module)

    def body():
        groups = [dict((k, v) for k, v in g.items() if k != "_links") for g in client.list_groups(module.params["query"])]
        return {"changed": False, "groups": groups}

    run(module, body, client.redact)


if __name__ == "__main__":
    main()
