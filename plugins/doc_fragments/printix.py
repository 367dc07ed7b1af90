# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment(object):
    # The Printix connection options; declared once in module_utils/_module.py. The options every
    # product shares (TLS, timeout, proxy) are in the connection fragment.
    DOCUMENTATION = r"""
options:
  printix_client_id:
    description:
      - Client ID of a Printix API application (Printix Administrator > Applications).
      - Printix grants credentials per API area (Cloud Print, User Manager, Card Manager); use the pair of
        the area the module needs, as stated in its description.
      - If not set, the environment variable E(PRINTIX_CLIENT_ID) is used.
    type: str
    required: true
  printix_client_secret:
    description:
      - Client secret of that application.
      - If not set, the environment variable E(PRINTIX_CLIENT_SECRET) is used.
    type: str
    required: true
  printix_tenant_id:
    description:
      - ID of the Printix tenant.
      - Optional when the credentials reach exactly one tenant, which is then discovered from the API root;
        when they reach several, the task fails and lists them.
      - If not set, the environment variable E(PRINTIX_TENANT_ID) is used.
    type: str
  printix_api_url:
    description:
      - Base URL of the Printix Cloud Print API.
      - If not set, the environment variable E(PRINTIX_API_URL) is used.
    type: str
    default: https://api.printix.net/cloudprint
  printix_token_url:
    description:
      - URL of the Printix OAuth2 token endpoint.
      - If not set, the environment variable E(PRINTIX_TOKEN_URL) is used.
    type: str
    default: https://auth.printix.net/oauth/token
  rate_limit_timeout:
    description:
      - Seconds the task may spend in total waiting on the API's rate limit (HTTP 429) before it fails.
      - Printix allows 100 requests per minute per API user; large bulk tasks are paced to that rate, so the time
        spent waiting for the pace (C(rate_limit.paced_seconds)) does not count, only the pauses that 429 answers
        impose (C(rate_limit.waited_seconds)).
      - If not set, the environment variable E(PRINTIX_RATE_LIMIT_TIMEOUT) is used; if neither is set, the budget
        is sized from the work, 1.5 times the time the task's expected API calls take at 100 per minute and at
        least 600 seconds (a task of 1,000 new cards for 1,000 people, counted as at most 3,000 calls, may wait
        2,700 seconds). A value given is used as it is. Modules that return C(rate_limit) return the budget in
        force as C(rate_limit.timeout_seconds).
    type: int
notes:
  - One access token is fetched per task and reused; it is fetched again when it expires or the API answers 401.
  - Reads and deletes are retried on HTTP 5xx and lost connections; creations are not re-sent after an
    ambiguous failure. HTTP 429 is always waited out, up to O(rate_limit_timeout) seconds in total.
"""
