#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: papercut_config
short_description: Read or set one PaperCut MF/NG advanced config value
version_added: 1.0.0
description:
  - Read a config key (C(getConfigValue)) and, when O(value) is given and differs, set it (C(setConfigValue)).
  - B(WARNING - this is the Config Editor with no safety net.) PaperCut does not validate keys or values; a typo in
    O(name) silently creates a useless key, and a wrong value can lock users or administrators out, stop printing, or
    break the web services this collection uses (for example C(auth.webservices.auth-token) or
    C(auth.webservices.allowed-addresses)). Prefer a dedicated module where one exists, test on a non-production
    server, and keep a backup.
  - B(Secrets:) with O(value_is_secret=true) the value is never returned, shown in a diff, echoed in the task's
    invocation (C(-vvv)) or written to the managed node's syslog/journal. A key whose name contains C(pass),
    C(secret), C(token), C(credential) or C(key) is treated as secret unless O(value_is_secret=false) says
    otherwise. Also keep the secret out of the playbook source (vault, AWX credential).
  - Whatever O(value_is_secret) says, the value is never written to the syslog/journal line Ansible logs for each
    module run, which shows C(value=NOT_LOGGING_PARAMETER) instead, because that line is written before the
    module can know whether the value is a secret.
author:
  - printops contributors (@printops)
extends_documentation_fragment:
  - printops.print_management.papercut
  - printops.print_management.connection
  - printops.print_management.attributes
  - printops.print_management.attributes.ACTIONGROUP_PAPERCUT
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
    details:
      - No diff is shown for a secret value (O(value_is_secret)).
  idempotent:
    support: full
options:
  name:
    description: The config key, as shown in the PaperCut admin UI under Options > Config Editor.
    type: str
    required: true
  value:
    description:
      - The value to set, compared as a string with the current one. Booleans are sent as C(Y)/C(N), the form most
        PaperCut keys use; give a string to send anything else.
      - When omitted, the current value is only read.
    type: raw
  value_is_secret:
    description:
      - Treat the value as a secret. It is then never returned, shown in a diff, echoed or logged, whether set or
        read.
      - When not set, the value is treated as a secret when O(name) contains C(pass), C(secret), C(token),
        C(credential) or C(key) (case-insensitive), and as plain otherwise. Set it explicitly either way to make
        the intent clear.
      - The alias C(no_log) is deprecated. It is not the task keyword C(no_log) (which hides the whole task's
        result) and was confused with it.
    type: bool
    aliases: [no_log]
seealso:
  - module: printops.print_management.papercut_task
"""

EXAMPLES = r"""
- name: Allow the AWX execution nodes to call the web services API
  printops.print_management.papercut_config:
    name: auth.webservices.allowed-addresses
    value: 10.20.0.0/16,127.0.0.1

- name: Set an SMTP password without it ever appearing in output
  printops.print_management.papercut_config:
    name: notify.smtp.password
    value: "{{ vault_smtp_password }}"
    value_is_secret: true

- name: Read a value
  printops.print_management.papercut_config:
    name: user-client.config.show-account-selection
  register: setting
"""

RETURN = r"""
value:
  description: The value after the task (in check mode, as it would be). Not returned for a secret value.
  returned: when the value is not a secret (O(value_is_secret))
  type: str
  sample: 10.20.0.0/16,127.0.0.1
value_is_secret:
  description: Whether the value was treated as a secret (given, or guessed from O(name)).
  returned: always
  type: bool
  sample: false
"""

import re

from ansible.module_utils.common.text.converters import to_native

from ansible_collections.printops.print_management.plugins.module_utils import _validate as check
from ansible_collections.printops.print_management.plugins.module_utils._module import new_module, reconcile
from ansible_collections.printops.print_management.plugins.module_utils._papercut import PaperCutClient
from ansible_collections.printops.print_management.plugins.module_utils._papercut_config import (
    ConfigReconciler,
    as_config,
)

# config keys whose values are secrets unless the task says otherwise
SECRET_NAME = re.compile(r"pass|secret|token|credential|key", re.IGNORECASE)


def _forms(value):
    """The strings AnsibleModule hides for a no_log value (what no_log_values holds for it)."""
    if isinstance(value, dict):
        return set().union(*[_forms(v) for v in value.values()]) if value else set()
    if isinstance(value, (list, tuple, set)):
        return set().union(*[_forms(v) for v in value]) if value else set()
    return {to_native(value)} if value not in (None, "") else set()


def _show_value(module):
    """Let a value that is not a secret be returned and echoed (the syslog line is written already).

    ``value`` is no_log in the argument spec so that AnsibleModule's invocation log never
    carries it; a plain value is then unmasked, except where it equals another secret.
    """
    others = set()
    for name, opts in module.argument_spec.items():
        if name != "value" and opts.get("no_log") and module.params.get(name) is not None:
            others |= _forms(module.params[name])
    module.no_log_values.difference_update(_forms(module.params["value"]) - others)


def main():
    module = new_module("papercut", dict(
        name=dict(type="str", required=True),
        # no_log: AnsibleModule logs the invocation to syslog/journal before main() can look at
        # value_is_secret, so the value is never logged; _show_value() unmasks a plain one for output
        value=dict(type="raw", no_log=True),
        value_is_secret=dict(type="bool", no_log=False, aliases=["no_log"], deprecated_aliases=[
            dict(name="no_log", version="3.0.0", collection_name="printops.print_management")]),
    ))
    check.refuse(module, dict(name=check.name))
    params = module.params
    secret = params["value_is_secret"]
    if secret is None:
        secret = bool(SECRET_NAME.search(params["name"] or ""))
    if not secret:
        _show_value(module)
    wanted = None if params["value"] is None else as_config(params["value"])
    if secret and wanted:
        module.no_log_values.add(wanted)
    reconcile(module, PaperCutClient.from_module(module), ConfigReconciler, dict(params, value_is_secret=secret),
              hide=module.no_log_values.add)


if __name__ == "__main__":
    main()
