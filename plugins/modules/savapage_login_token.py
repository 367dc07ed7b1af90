#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: savapage_login_token
short_description: Get a one-time SavaPage Web App login token for a user
version_added: 1.0.0
description:
  - Ask SavaPage, as a Trusted Third Party (TTP), for a one-time token that signs O(username) in to the Web App
    (XML-RPC C(onetime-auth.createToken)). A portal offers the user name and the token to the Web App as the
    hidden HTTP POST inputs C(auth_user) and C(auth_token).
  - TTP login must be enabled on the server (C(web-login.ttp.enable=Y)); the token expires after
    C(web-login.ttp.token.expiry-msecs).
  - The token is a credential. Set C(no_log=true) on the task so it does not appear in logs.
author:
  - printops contributors (@printops)
extends_documentation_fragment:
  - printops.print_management.savapage
  - printops.print_management.connection
  - printops.print_management.attributes
  - printops.print_management.attributes.ACTIONGROUP_SAVAPAGE
attributes:
  check_mode:
    support: full
    details:
      - A token changes nothing on the server, so one is also issued in check mode.
  diff_mode:
    support: N/A
  idempotent:
    support: full
    details:
      - Every run returns a new token, but no state changes; the task never reports a change.
options:
  username:
    description: The user to sign in. SavaPage applies its user alias mapping.
    type: str
    required: true
    aliases: [name]
  ttp_api_key:
    description:
      - The TTP API key (config key C(web-login.ttp.apikey)).
      - If not set, the environment variable E(SAVAPAGE_TTP_API_KEY) is used.
    type: str
    required: true
seealso:
  - module: printops.print_management.savapage_info
"""

EXAMPLES = r"""
- name: Get a login token for the portal
  printops.print_management.savapage_login_token:
    savapage_url: https://savapage.example.edu:8632
    ca_path: /etc/pki/savapage.crt
    username: rijk
    ttp_api_key: "{{ savapage_ttp_key }}"
  register: login
  no_log: true
"""

RETURN = r"""
token:
  description: The one-time authentication token.
  returned: success
  type: str
  sample: 6a1f0c3e9b2d4c55a7e0f1b2c3d4e5f6
username:
  description: The user the token signs in.
  returned: success
  type: str
  sample: rijk
"""

from ansible.module_utils.basic import env_fallback

from ansible_collections.printops.print_management.plugins.module_utils._http import ClientError
from ansible_collections.printops.print_management.plugins.module_utils import _validate as check
from ansible_collections.printops.print_management.plugins.module_utils._module import new_module, run
from ansible_collections.printops.print_management.plugins.module_utils._savapage import SavaPageClient


def main():
    spec = dict(
        username=dict(type="str", required=True, aliases=["name"]),
        ttp_api_key=dict(type="str", required=True, no_log=True, fallback=(env_fallback, ["SAVAPAGE_TTP_API_KEY"])),
    )
    module = new_module("savapage", spec)
    check.refuse(module, dict(username=check.name))
    client = SavaPageClient.from_module(module)
    client.redact.add(module.params["ttp_api_key"])

    def body():
        username = module.params["username"]
        token = client.create_login_token(module.params["ttp_api_key"], username)
        if not token:
            raise ClientError("SavaPage issued no login token for %r: TTP Web App login is disabled "
                              "(web-login.ttp.enable) or ttp_api_key does not match web-login.ttp.apikey." % username)
        return {"changed": False, "token": token, "username": username}

    run(module, body, client.redact)


if __name__ == "__main__":
    main()
