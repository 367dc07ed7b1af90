#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, printops contributors
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
  - B(Secrets:) set O(no_log=true) for passwords, tokens and keys. The value is then never returned or shown in a
    diff or in verbose output. Also keep the secret out of the playbook source (vault, AWX credential).
author:
  - printops contributors (@printops)
extends_documentation_fragment:
  - printops.print_management.papercut
  - printops.print_management.attributes
  - printops.print_management.attributes.ACTIONGROUP_PAPERCUT
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
    details:
      - No diff is shown with O(no_log=true).
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
  no_log:
    description:
      - Treat the value as a secret. It is never returned, shown in a diff or logged, whether set or read.
    type: bool
    default: false
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
    no_log: true

- name: Read a value
  printops.print_management.papercut_config:
    name: user-client.config.show-account-selection
  register: setting
"""

RETURN = r"""
value:
  description: The value after the task (in check mode, as it would be). Not returned with O(no_log=true).
  returned: when O(no_log=false)
  type: str
  sample: 10.20.0.0/16,127.0.0.1
"""

from ansible_collections.printops.print_management.plugins.module_utils import _validate as check
from ansible_collections.printops.print_management.plugins.module_utils._module import new_module, papercut_client, run


def as_config(value):
    if isinstance(value, bool):
        return "Y" if value else "N"
    return "%s" % (value,)


def main():
    module = new_module("papercut", dict(
        name=dict(type="str", required=True),
        value=dict(type="raw"),
        no_log=dict(type="bool", default=False),
    ))
    check.refuse(module, dict(name=check.name))
    params = module.params
    secret = params["no_log"]
    wanted = None if params["value"] is None else as_config(params["value"])
    if secret and wanted:
        module.no_log_values.add(wanted)
    client = papercut_client(module)

    def body():
        if not params["name"].strip():
            module.fail_json(msg="name must not be empty")
        current = client.get_config_value(params["name"])
        if secret and current:
            module.no_log_values.add(current)
        changed = wanted is not None and current != wanted
        if changed and not module.check_mode:
            client.set_config_value(params["name"], wanted)
        after = wanted if changed else current
        result = {"changed": changed, "name": params["name"]}
        if not secret:
            result["value"] = after
            if module._diff:
                result["diff"] = {"before": {"value": current}, "after": {"value": after}}
        return result

    run(module, body, client.redact)


if __name__ == "__main__":
    main()
