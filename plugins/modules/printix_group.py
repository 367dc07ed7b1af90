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
  - A group is recognised by its O(name), the key the API returns. Its documents carry neither the external id nor
    (after a create) the group's id, so O(external_id) is used only to create a group.
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
from ansible_collections.printops.print_management.plugins.module_utils._module import new_module, printix_client, run
from ansible_collections.printops.print_management.plugins.module_utils._http import ClientError
from ansible_collections.printops.print_management.plugins.module_utils._printix import Conflict


def find_group(client, name):
    """The group called ``name``; None when there is none. The list answers carry no external id
    (seed 003, "Listing and Searching Groups"), so the name is the key."""
    if not name or not name.strip():
        raise ClientError("name must not be empty")
    found = [g for g in client.list_groups(query=name) if g.get("name") == name]
    if len(found) > 1:
        raise ClientError("group %r: %d Printix groups have this name (ids %s); the module cannot tell which is "
                          "meant" % (name, len(found), ", ".join(str(g.get("id")) for g in found)))
    return found[0] if found else None


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
        current = find_group(client, params["name"])
        result = {"changed": False, "action": "none"}
        after = current
        if params["state"] == "absent":
            after = None
            if current is not None:
                result.update(changed=True, action="delete")
                if not module.check_mode:
                    if not current.get("id"):
                        raise ClientError("group %r: Printix listed it without an id in its link, so it cannot be "
                                          "deleted" % params["name"])
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
                    # 409: "a group with the same external id already exists" (seed 003, "Create Group")
                    after = find_group(client, params["name"])
                    if after is None:
                        raise ClientError("group %r: Printix already has a group with external_id %r under another "
                                          "name (it answered 409), and the API does not show external ids, so the "
                                          "module cannot tell which group that is; nothing was changed"
                                          % (params["name"], params["external_id"]))
                    result.update(changed=False, action="none")  # created meanwhile by someone else
                else:
                    if not after.get("id"):
                        # the answer's self link is a template (.../groups/{group}): find the id by name
                        listed = find_group(client, params["name"])
                        after["id"] = listed.get("id") if listed else None
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
