# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment(object):
    # The PaperCut connection options; declared once in module_utils/_module.py. The options every
    # product shares (TLS, timeout, proxy) are in the connection fragment.
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
notes:
  - Reads and calls that set an absolute value are retried on HTTP 429, 5xx and lost connections,
    with exponential backoff. Balance adjustments are never re-sent after an ambiguous failure.
"""
