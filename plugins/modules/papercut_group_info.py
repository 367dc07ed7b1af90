#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: papercut_group_info
short_description: Read PaperCut MF/NG user groups, their members and quota
version_added: 1.0.0
description:
  - Return one group with its members (read page by page) and quota, or the names of every group.
author:
  - printops contributors (@printops)
extends_documentation_fragment:
  - printops.print_management.papercut
  - printops.print_management.connection
  - printops.print_management.attributes
  - printops.print_management.attributes.INFO_MODULE
  - printops.print_management.attributes.ACTIONGROUP_PAPERCUT
options:
  name:
    description: The group to read. When omitted, the names of all groups are returned (built-in groups included).
    type: str
  include_members:
    description: Return the group's members.
    type: bool
    default: true
seealso:
  - module: printops.print_management.papercut_group
"""

EXAMPLES = r"""
- name: Who is in Students, and what is their quota?
  printops.print_management.papercut_group_info:
    name: Students
  register: students
"""

RETURN = r"""
exists:
  description: Whether the group exists.
  returned: when O(name) is given
  type: bool
  sample: true
group:
  description: The group, its quota and members.
  returned: when O(name) is given and the group exists
  type: dict
  sample: {name: Students, quota: {amount: 10.0, period: WEEKLY, max_accumulation: 40.0}, members: [s001, s002]}
groups:
  description: The names of all groups.
  returned: when O(name) is omitted
  type: list
  elements: str
  sample: ['!!All Users!!', '!!Internal Users!!', Staff, Students]
"""

from ansible_collections.printops.print_management.plugins.module_utils._module import new_module, run
from ansible_collections.printops.print_management.plugins.module_utils._papercut import PaperCutClient
from ansible_collections.printops.print_management.plugins.module_utils._papercut_groups import read_group


def main():
    module = new_module("papercut", dict(
        name=dict(type="str"),
        include_members=dict(type="bool", default=True),
    ))
    client = PaperCutClient.from_module(module)
    params = module.params

    def body():
        if not params["name"]:
            return {"changed": False, "groups": list(client.list_groups())}
        group = read_group(client, params["name"], members=params["include_members"])
        result = {"changed": False, "exists": group is not None}
        if group is not None:
            result["group"] = group
        return result

    run(module, body, client.redact)


if __name__ == "__main__":
    main()
