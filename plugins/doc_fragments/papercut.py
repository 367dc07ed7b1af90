# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment(object):
    # The PaperCut connection options; declared once in module_utils/_module.py.
    DOCUMENTATION = r"""
options:
  papercut_url:
    description:
      - URL of the PaperCut MF/NG application server, for example V(https://papercut.example.edu:9192).
      - The XML-RPC path C(/rpc/api/xmlrpc) is added when it is not already there.
      - If not set, the environment variable E(PAPERCUT_URL) is used.
    type: str
    required: true
  papercut_auth_token:
    description:
      - The web services authentication token (config key C(auth.webservices.auth-token)).
      - The address of the host running the module must be on the server's allow-list
        (Options > Advanced > Allowed XML Web Services callers).
      - If not set, the environment variable E(PAPERCUT_AUTH_TOKEN) is used.
    type: str
    required: true
  validate_certs:
    description:
      - Whether to verify the server's TLS certificate. Only set to V(false) on a trusted network.
      - V(false) turns verification off whatever O(ca_path) and the environment say.
      - If not set, the environment variable E(PAPERCUT_VALIDATE_CERTS) is used.
    type: bool
    default: true
  ca_path:
    description:
      - Path to a PEM file of CA certificates used to verify the server.
      - When set, it is the only trust used, whatever the environment says.
        When not set (and O(validate_certs) is V(true)), the system's trust store is used together with
        the bundles named by the environment variables E(REQUESTS_CA_BUNDLE) and E(SSL_CERT_FILE), where set.
      - If not set, the environment variable E(PAPERCUT_CA_PATH) is used.
    type: path
  timeout:
    description:
      - Seconds a request may take in all, from connecting to the last byte of the answer.
      - A write whose answer does not come within this time is reported as possibly applied and is not sent
        again.
      - If not set, the environment variable E(PAPERCUT_TIMEOUT) is used.
    type: int
    default: 30
  use_proxy:
    description:
      - Whether to send requests through the proxy that the environment variables E(HTTPS_PROXY), E(HTTP_PROXY)
        and E(NO_PROXY) (or their lower-case forms) name. HTTPS goes through the proxy with C(CONNECT), so the
        proxy never sees the requests' content.
      - V(false) connects directly, whatever the environment says.
      - Credentials in a proxy URL are never shown in output.
      - If not set, the environment variable E(PAPERCUT_USE_PROXY) is used.
    type: bool
    default: true
requirements:
  - requests (the Python library), on the host that runs the module
notes:
  - Reads and calls that set an absolute value are retried on HTTP 429, 5xx and lost connections,
    with exponential backoff. Balance adjustments are never re-sent after an ambiguous failure.
"""
