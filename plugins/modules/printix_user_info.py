#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: printix_user_info
short_description: List and search Printix users and guest users
version_added: 1.0.0
description:
  - Lists the users of a Printix tenant, regular users (role C(USER)) and guest users (role C(GUEST_USER)),
    reading every page of the API's paged list unless O(limit) is reached first.
  - Needs credentials of the B(User Manager) API area (Card Manager credentials may list users too).
  - PINs, ID codes and passwords cannot be read through the API and are never returned.
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
    description: Only users whose name or email address contains this text (the API's C(query)).
    type: str
  email:
    description:
      - Only the user with exactly this email address (case-insensitive); RV(users) then holds at most one user.
    type: str
  roles:
    description: The roles to list, in this order.
    type: list
    elements: str
    choices: [USER, GUEST_USER]
    default: [USER, GUEST_USER]
  limit:
    description: Return at most this many users; paging stops as soon as they are read.
    type: int
seealso:
  - module: printops.print_management.printix_user
"""

EXAMPLES = r"""
- name: All guest users
  printops.print_management.printix_user_info:
    roles: [GUEST_USER]
  register: guests

- name: Is there a user with this email?
  printops.print_management.printix_user_info:
    email: visitor@partner.example
  register: found

- name: Users whose name or email contains "smith"
  printops.print_management.printix_user_info:
    query: smith
"""

RETURN = r"""
users:
  description: The users (id, email, full_name, role, expiration when set).
  returned: always
  type: list
  elements: dict
  sample: [{id: a334ccb8-164b-4a38-b1d2-48c6740efb98, email: user1@sampledomain.com, full_name: Sample User 1,
            role: GUEST_USER, expiration: "2025.03.08 09:43"}]
count:
  description: How many users were returned.
  returned: always
  type: int
  sample: 1
"""

from ansible_collections.printops.print_management.plugins.module_utils._module import new_module, run
from ansible_collections.printops.print_management.plugins.module_utils._printix import PrintixClient
from ansible_collections.printops.print_management.plugins.module_utils._printix_users import ROLES, list_users


def main():
    module = new_module("printix", dict(
        query=dict(type="str"),
        email=dict(type="str"),
        roles=dict(type="list", elements="str", choices=list(ROLES), default=list(ROLES)),
        limit=dict(type="int"),
    ), mutually_exclusive=[("query", "email")])
    client = PrintixClient.from_module(module)
    params = module.params

    def body():
        users = list_users(client, roles=params["roles"], query=params["query"], email=params["email"],
                           limit=params["limit"])
        return {"changed": False, "users": users, "count": len(users)}

    run(module, body, client.redact)


if __name__ == "__main__":
    main()
