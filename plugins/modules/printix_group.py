#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: printix_group
short_description: Create and delete Printix groups
version_added: 1.0.0
description:
  - Creates or deletes a group of a Printix tenant through the Printix Cloud Print API.
  - Needs credentials of the B(User Manager) API area.
  - The API cannot change an existing group; when O(description) differs the module warns and leaves it.
  - A group is recognised by its O(name), the key the API returns. Its documents carry neither the external id nor
    (after a create) the group's id, so O(external_id) is used only to create a group.
author:
  - printops contributors (@printops)
extends_documentation_fragment:
  - printops.print_management.printix
  - printops.print_management.connection
  - printops.print_management.attributes
  - printops.print_management.attributes.ACTIONGROUP_PRINTIX
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  idempotent:
    support: full
options:
  name:
    description:
      - Name of the group; the key it is found by (exact match). When several groups have this name the task
        fails and lists their ids.
    type: str
    required: true
  external_id:
    description:
      - ID of the group in the external directory. Required to create a group; not compared afterwards, because
        the API never returns it.
      - When another group (under another name) already has this external id, Printix refuses the create (409)
        and the task fails saying so.
    type: str
  description:
    description: Description of the group, set when it is created.
    type: str
  identity_provider:
    description: ID of the identity provider directory; needed only when the tenant has several.
    type: str
  state:
    description: V(present) creates the group, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: printops.print_management.printix_group_info
"""

EXAMPLES = r"""
- name: Create a group mirrored from the directory
  printops.print_management.printix_group:
    name: Finance
    external_id: 979a4164-9767-4d00-96bb-fb2ebc1d277e
    description: Finance department

- name: Delete it
  printops.print_management.printix_group:
    name: Finance
    state: absent
"""

RETURN = r"""
group:
  description:
    - The group after the task (name, description, id, counts); in check mode, as it would be.
    - C(id) is the last segment of the group's link in the list answer; never a template placeholder.
  returned: when O(state=present)
  type: dict
  sample: {id: 44e9fd07-b40e-4c50-9c6c-40daaf5d6749, name: Finance, description: Finance department}
action:
  description: What was done, or would be done in check mode.
  returned: always
  type: str
  sample: create
"""

from ansible_collections.printops.print_management.plugins.module_utils import _validate as check
from ansible_collections.printops.print_management.plugins.module_utils._module import new_module, reconcile
from ansible_collections.printops.print_management.plugins.module_utils._printix import PrintixClient
from ansible_collections.printops.print_management.plugins.module_utils._printix_groups import PrintixGroupReconciler


def main():
    module = new_module("printix", dict(
        name=dict(type="str", required=True),
        external_id=dict(type="str"),
        description=dict(type="str"),
        identity_provider=dict(type="str"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    ))
    check.refuse(module, dict(name=check.name))
    reconcile(module, PrintixClient.from_module(module), PrintixGroupReconciler, warn=module.warn)


if __name__ == "__main__":
    main()
