# -*- coding: utf-8 -*-
# Copyright: (c) 2026, printops contributors
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
      - If not set, the environment variable E(PAPERCUT_VALIDATE_CERTS) is used.
    type: bool
    default: true
  ca_path:
    description:
      - Path to a PEM file of CA certificates used to verify the server.
      - Environment variables such as E(REQUESTS_CA_BUNDLE) are deliberately ignored.
      - If not set, the environment variable E(PAPERCUT_CA_PATH) is used.
    type: path
  timeout:
    description:
      - Seconds to wait for each answer from the server.
      - If not set, the environment variable E(PAPERCUT_TIMEOUT) is used.
    type: int
    default: 30
notes:
  - Reads and calls that set an absolute value are retried on HTTP 429, 5xx and lost connections,
    with exponential backoff. Balance adjustments are never re-sent after an ambiguous failure.
"""
