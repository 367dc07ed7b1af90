# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment(object):
    # The SavaPage connection options; declared once in module_utils/_module.py.
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
  validate_certs:
    description:
      - Whether to verify the server's TLS certificate. Only set to V(false) on a trusted network.
      - V(false) turns verification off whatever O(ca_path) and the environment say.
      - SavaPage runs with a self-signed certificate unless another was installed; prefer giving that
        certificate as O(ca_path) to turning verification off.
      - If not set, the environment variable E(SAVAPAGE_VALIDATE_CERTS) is used.
    type: bool
    default: true
  ca_path:
    description:
      - Path to a PEM file of CA certificates (or the server's self-signed certificate) used to verify the server.
      - When set, it is the only trust used, whatever the environment says.
        When not set (and O(validate_certs) is V(true)), the system's trust store is used together with
        the bundles named by the environment variables E(REQUESTS_CA_BUNDLE) and E(SSL_CERT_FILE), where set.
      - If not set, the environment variable E(SAVAPAGE_CA_PATH) is used.
    type: path
  timeout:
    description:
      - Seconds a request may take in all, from connecting to the last byte of the answer.
      - A write whose answer does not come within this time is reported as possibly applied and is not sent
        again.
      - If not set, the environment variable E(SAVAPAGE_TIMEOUT) is used.
    type: int
    default: 30
  use_proxy:
    description:
      - Whether to send requests through the proxy that the environment variables E(HTTPS_PROXY), E(HTTP_PROXY)
        and E(NO_PROXY) (or their lower-case forms) name. HTTPS goes through the proxy with C(CONNECT), so the
        proxy never sees the requests' content.
      - V(false) connects directly, whatever the environment says.
      - Credentials in a proxy URL are never shown in output.
      - If not set, the environment variable E(SAVAPAGE_USE_PROXY) is used.
    type: bool
    default: true
requirements:
  - requests (the Python library), on the host that runs the module
notes:
  - Reads and calls that set an absolute value are retried on HTTP 429, 5xx and lost connections,
    with exponential backoff. Balance adjustments are never re-sent after an ambiguous failure.
"""
