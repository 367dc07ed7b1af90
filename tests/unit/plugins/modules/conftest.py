# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run a module's main() in this process, as ansible-playbook would run it on a node.

``run_module(name, args)`` returns what the module printed (the JSON result, after
AnsibleModule has scrubbed its no_log values) and every line it logged through
``AnsibleModule.log`` (the syslog/journal lines, starting with the invocation line
``_log_invocation`` writes).
"""

from __future__ import annotations

import importlib
import io
import json
from contextlib import redirect_stdout
from unittest import mock

import pytest
from ansible.module_utils import basic

from ansible_collections.printops.print_management.tests.simulators.fixtures import clean_printix
from ansible_collections.printops.print_management.tests.simulators.papercut import DEFAULT_TOKEN
from ansible_collections.printops.print_management.tests.simulators.printix import DEFAULT_CLIENTS
from ansible_collections.printops.print_management.tests.simulators.savapage import DEFAULT_ADMIN, DEFAULT_JSONRPC_KEY

NS = "ansible_collections.printops.print_management.plugins.modules."
PRINTIX_USER_ID = "sim-usermanager"
PRINTIX_CARD_ID = "sim-cardmanager"


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


# -- the bad-input catalogue: a module's result as a dict, and the simulators' connection options ----

def module_result(name, args):
    """Run ``plugins/modules/<name>.py``'s main() with ``args``; return its JSON result (``failed`` on fail_json).

    A plain function, for tables of cases: a module reads the arguments as Ansible passes them
    (native types, so a YAML ``true`` or ``01234567`` arrives as the bool or the int it became)."""
    module = importlib.import_module(NS + name)
    out = io.StringIO()
    with _patched_args(dict(args)), redirect_stdout(out):
        try:
            module.main()
        except SystemExit:
            pass
    text = out.getvalue()
    try:
        return json.loads(text[text.index("{"):])
    except ValueError:
        raise AssertionError("module %s printed no JSON result: %r" % (name, text))


@pytest.fixture
def printix(printix_server):
    """A clean Printix simulator (tests/simulators/fixtures.py) with no rate limit: the modules' pacing is not
    what these tests are about."""
    return clean_printix(printix_server, burst=0)


def connection(product, sim, client_id=PRINTIX_USER_ID):
    """The connection options of ``product`` for simulator ``sim`` (an Inspector with ``.sim``)."""
    if product == "papercut":
        return {"papercut_url": sim.sim.url, "papercut_auth_token": DEFAULT_TOKEN, "timeout": 5}
    if product == "printix":
        return {"printix_client_id": client_id, "printix_client_secret": DEFAULT_CLIENTS[client_id]["client_secret"],
                "printix_api_url": sim.sim.url + "/cloudprint", "printix_token_url": sim.sim.url + "/oauth/token",
                "timeout": 5}
    return {"savapage_url": sim.sim.url, "savapage_username": DEFAULT_ADMIN[0], "savapage_password": DEFAULT_ADMIN[1],
            "savapage_api_key": DEFAULT_JSONRPC_KEY, "ca_path": sim.sim.ca_path, "timeout": 5}


@pytest.fixture(autouse=True)
def _module_mode():
    """Modules run in module mode, as on a node, even after a test in this process imported controller
    code (a filter plugin): from ansible-core 2.19 such an import switches ``is_controller`` on for the
    whole process, and a module's deprecations then go to the display instead of its result."""
    try:
        from ansible.module_utils import _internal  # pylint: disable=import-outside-toplevel
    except ImportError:  # before 2.19 there is no such switch
        yield
        return
    was = getattr(_internal, "is_controller", False)
    _internal.is_controller = False
    yield
    _internal.is_controller = was
