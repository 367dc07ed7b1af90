# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment(object):
    # The SavaPage connection options; declared once in module_utils/_module.py. The options every
    # product shares (TLS, timeout, proxy) are in the connection fragment.
    DOCUMENTATION = r"""
options:
  savapage_url:
    description:
      - URL of the SavaPage server, for example V(https://savapage.example.edu:8632).
      - A service path such as C(/restful/v1) at the end is ignored.
      - JSON-RPC (used for the system status and user source checks) only answers over HTTPS.
      - If not set, the environment variable E(SAVAPAGE_URL) is used.
    type: str
    required: true
  savapage_username:
    description:
      - User name of the RESTful admin services (config key C(api.restful.auth.username)).
      - Needed for balances and reports, not for the version or JSON-RPC calls.
      - If not set, the environment variable E(SAVAPAGE_USERNAME) is used.
    type: str
  savapage_password:
    description:
      - Password of the RESTful admin services (config key C(api.restful.auth.password)).
      - Sent pre-emptively with HTTP Basic authentication, because SavaPage does not ask for it.
      - If not set, the environment variable E(SAVAPAGE_PASSWORD) is used.
    type: str
  savapage_api_key:
    description:
      - The JSON-RPC secret key, sent as the C(X-Auth-Key) header (config key C(api.jsonrpc.secret-key)).
      - The address of the host running the module must be in C(api.jsonrpc.ext.ip-addresses-allowed);
        an empty list denies every client.
      - If not set, the environment variable E(SAVAPAGE_API_KEY) is used.
    type: str
notes:
  - SavaPage runs with a self-signed certificate unless another was installed; prefer giving that
    certificate as O(ca_path) to turning O(validate_certs) off.
  - Reads and calls that set an absolute value are retried on HTTP 429, 5xx and lost connections,
    with exponential backoff. Balance adjustments are never re-sent after an ambiguous failure.
"""
