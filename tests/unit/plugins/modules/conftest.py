# SPDX-License-Identifier: GPL-3.0-or-later
"""Run a module's main() in this process, as ansible-playbook would run it on a node.

``run_module(name, args)`` returns what the module printed (the JSON result, after
AnsibleModule has scrubbed its no_log values) and every line it logged through
``AnsibleModule.log`` (the syslog/journal lines, starting with the invocation line
``_log_invocation`` writes).
"""

from __future__ import annotations

import importlib
import json
from unittest import mock

import pytest
from ansible.module_utils import basic

NS = "ansible_collections.printops.print_management.plugins.modules."


class ModuleRun(object):
    def __init__(self, result, logged, stdout):
        self.result = result
        self.logged = logged
        self.stdout = stdout

    @property
    def failed(self):
        return bool(self.result.get("failed"))

    @property
    def everything(self):
        """All the module let out: what it printed and what it logged."""
        return self.stdout + "\n".join(self.logged)


def _patched_args(args):
    try:  # ansible-core 2.19+
        from ansible.module_utils.testing import patch_module_args  # pylint: disable=import-outside-toplevel
    except ImportError:  # 2.16-2.18
        return mock.patch.object(basic, "_ANSIBLE_ARGS", json.dumps({"ANSIBLE_MODULE_ARGS": args}).encode())
    return patch_module_args(args)


@pytest.fixture
def run_module(capsys):
    def run(name, args):
        module = importlib.import_module(NS + name)
        logged = []

        def log(self, msg, log_args=None):  # pylint: disable=unused-argument
            logged.append("%s %s" % (msg, json.dumps(log_args, default=str)))

        capsys.readouterr()
        with _patched_args(dict(args)), mock.patch.object(basic.AnsibleModule, "log", log):
            with pytest.raises(SystemExit):
                module.main()
        stdout = capsys.readouterr().out
        return ModuleRun(json.loads(stdout), logged, stdout)

    return run
