# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment(object):
    # The connection options every product shares (TLS, timeout, proxy); declared once in
    # module_utils/_module.py (_common). Each module also extends its product's fragment
    # (papercut, printix or savapage), which names the product's own options.
    DOCUMENTATION = r"""
options:
  validate_certs:
    description:
      - Whether to verify the server's TLS certificate. Only set to V(false) on a trusted network.
      - V(false) turns verification off whatever O(ca_path) and the environment say.
      - If not set, the environment variable of the module's product is used, E(PAPERCUT_VALIDATE_CERTS),
        E(PRINTIX_VALIDATE_CERTS) or E(SAVAPAGE_VALIDATE_CERTS).
    type: bool
    default: true
  ca_path:
    description:
      - Path to a PEM file of CA certificates (or the server's self-signed certificate) used to verify the server.
      - When set, it is the only trust used, whatever the environment says.
        When not set (and O(validate_certs) is V(true)), the system's trust store is used together with
        the bundles named by the environment variables E(REQUESTS_CA_BUNDLE) and E(SSL_CERT_FILE), where set.
      - If not set, the environment variable of the module's product is used, E(PAPERCUT_CA_PATH),
        E(PRINTIX_CA_PATH) or E(SAVAPAGE_CA_PATH).
    type: path
  timeout:
    description:
      - Seconds a request may take in all, from connecting to the last byte of the answer.
      - A write whose answer does not come within this time is reported as possibly applied and is not sent
        again.
      - If not set, the environment variable of the module's product is used, E(PAPERCUT_TIMEOUT),
        E(PRINTIX_TIMEOUT) or E(SAVAPAGE_TIMEOUT).
    type: int
    default: 30
  use_proxy:
    description:
      - Whether to send requests through the proxy that the environment variables E(HTTPS_PROXY), E(HTTP_PROXY)
        and E(NO_PROXY) (or their lower-case forms) name. HTTPS goes through the proxy with C(CONNECT), so the
        proxy never sees the requests' content.
      - V(false) connects directly, whatever the environment says.
      - Credentials in a proxy URL are never shown in output.
      - If not set, the environment variable of the module's product is used, E(PAPERCUT_USE_PROXY),
        E(PRINTIX_USE_PROXY) or E(SAVAPAGE_USE_PROXY).
    type: bool
    default: true
requirements:
  - requests (the Python library), on the host that runs the module
"""
