#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, printops contributors
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
author:
  - printops contributors (@printops)
extends_documentation_fragment:
  - printops.print_management.printix
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
    description: Name of the group.
    type: str
    required: true
  external_id:
    description:
      - ID of the group in the external directory; the group's natural key. Required to create a group.
      - The API does not return it when listing groups; an existing group is then recognised by O(name), and a
        create answered with 409 (the external id exists) counts as already present.
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
  description: The group after the task (name, description, id, counts); in check mode, as it would be.
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
from ansible_collections.printops.print_management.plugins.module_utils._module import new_module, printix_client, run
from ansible_collections.printops.print_management.plugins.module_utils._http import ClientError
from ansible_collections.printops.print_management.plugins.module_utils._printix import Conflict


def find_group(client, params):
    for group in client.list_groups(query=params["name"]):
        if group.get("externalId") is not None and params["external_id"]:
            if group["externalId"] == params["external_id"]:
                return group
        elif group.get("name") == params["name"]:
            return group
    return None


def main():
    module = new_module("printix", dict(
        name=dict(type="str", required=True),
        external_id=dict(type="str"),
        description=dict(type="str"),
        identity_provider=dict(type="str"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    ))
    check.refuse(module, dict(name=check.name))
    client = printix_client(module)
    params = module.params

    def body():
        current = find_group(client, params)
        result = {"changed": False, "action": "none"}
        after = current
        if params["state"] == "absent":
            after = None
            if current is not None:
                result.update(changed=True, action="delete")
                if not module.check_mode:
                    client.delete_group(current["id"])
        elif current is None:
            if not params["external_id"]:
                raise ClientError("group %r: external_id is required to create a group" % params["name"])
            request = {"name": params["name"], "externalId": params["external_id"]}
            for key, option in (("description", "description"), ("identityProvider", "identity_provider")):
                if params[option] is not None:
                    request[key] = params[option]
            after = {"name": params["name"], "description": params.get("description") or ""}
            result.update(changed=True, action="create")
            if not module.check_mode:
                try:
                    after = client.create_group(request)
                except Conflict:
                    # the external id exists already: the group is there
                    result.update(changed=False, action="none")
        elif params["description"] is not None and current.get("description") != params["description"]:
            module.warn("group %r: the Printix API cannot change a group's description; it was left as %r"
                        % (params["name"], current.get("description")))
        if after is not None:
            result["group"] = dict((k, v) for k, v in after.items() if k != "_links")
        if module._diff:
            result["diff"] = {"before": {"name": current["name"]} if current else {},
                              "after": {"name": after["name"]} if after else {}}
        return result

    run(module, body, client.redact)


if __name__ == "__main__":
    main()
