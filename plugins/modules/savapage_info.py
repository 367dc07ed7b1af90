#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: savapage_info
short_description: Read the SavaPage version and system status, and check a user's credentials
version_added: 1.0.0
description:
  - Return the server version (RESTful C(/system/version), no credentials needed).
  - With O(savapage_api_key), also the system status (JSON-RPC C(systemStatus)), for example to wait until
    the server is V(READY) after maintenance.
  - With O(auth_username) and O(auth_password), also check those credentials against the configured user
    source (JSON-RPC C(authUserSource)).
  - JSON-RPC only answers over HTTPS, and only from addresses in C(api.jsonrpc.ext.ip-addresses-allowed).
author:
  - printops contributors (@printops)
extends_documentation_fragment:
  - printops.print_management.savapage
  - printops.print_management.connection
  - printops.print_management.attributes
  - printops.print_management.attributes.INFO_MODULE
  - printops.print_management.attributes.ACTIONGROUP_SAVAPAGE
options:
  status:
    description:
      - Whether to read the system status. Needs O(savapage_api_key).
      - By default, the status is read when O(savapage_api_key) is set.
    type: bool
  auth_username:
    description: A user whose credentials are checked against the user source. Needs O(savapage_api_key).
    type: str
  auth_password:
    description: The password of O(auth_username). Never returned or logged.
    type: str
seealso:
  - module: printops.print_management.savapage_balance_info
"""

EXAMPLES = r"""
- name: Wait until SavaPage is ready after maintenance
  printops.print_management.savapage_info:
    savapage_url: https://savapage.example.edu:8632
    savapage_api_key: "{{ savapage_jsonrpc_key }}"
  register: savapage
  until: savapage.system_status == 'READY'
  retries: 30
  delay: 10

- name: Check that a service account can still sign in through LDAP
  printops.print_management.savapage_info:
    savapage_api_key: "{{ savapage_jsonrpc_key }}"
    auth_username: svc-print
    auth_password: "{{ svc_print_password }}"
  register: check
  failed_when: not check.authenticated
"""

RETURN = r"""
version:
  description: The server's version text.
  returned: always
  type: str
  sample: SavaPage 1.6.0 (Build 20240315)
system_status:
  description:
    - C(READY), or why users are denied - C(SETUP), C(MAINTENANCE) or C(UNAVAILABLE).
  returned: when the status is read
  type: str
  sample: READY
ready:
  description: Whether RV(system_status) is C(READY).
  returned: when the status is read
  type: bool
  sample: true
authenticated:
  description: Whether O(auth_username) and O(auth_password) are accepted by the user source.
  returned: when O(auth_username) is given
  type: bool
  sample: true
"""

from ansible_collections.printops.print_management.plugins.module_utils._http import ClientError
from ansible_collections.printops.print_management.plugins.module_utils._module import new_module, run
from ansible_collections.printops.print_management.plugins.module_utils._savapage import SavaPageClient


def main():
    spec = dict(
        status=dict(type="bool"),
        auth_username=dict(type="str"),
        auth_password=dict(type="str", no_log=True),
    )
    module = new_module("savapage", spec, required_together=[("auth_username", "auth_password")])
    client = SavaPageClient.from_module(module)
    params = module.params

    def body():
        result = {"changed": False, "version": client.version()}
        status = params["status"]
        if status is None:
            status = bool(params["savapage_api_key"])
        if status:
            result["system_status"] = client.system_status()
            result["ready"] = result["system_status"] == "READY"
        if params["auth_username"] is not None:
            try:
                result["authenticated"] = client.auth_user_source(params["auth_username"], params["auth_password"])
            except ClientError as exc:
                raise ClientError("checking user %r against the user source: %s" % (params["auth_username"], exc),
                                  details=exc.details)
        return result

    run(module, body, client.redact)


if __name__ == "__main__":
    main()
