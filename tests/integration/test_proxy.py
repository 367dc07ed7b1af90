# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Proxies: a real forward proxy (proxy.py, pinned in requirements-dev.txt) started on loopback.

PaperCut over plain HTTP and SavaPage over HTTPS (CONNECT) go through it when the environment
names it, as execution environments behind a site's egress proxy are set up; NO_PROXY and
use_proxy: false bypass it; the proxy's own access log says which calls went through it. A proxy
URL's password is used and never shown, even at -vvv.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _ansible import register_secret
from fixtures_savapage import savapage_defaults

NS = "printops.print_management."
TOKEN_FROM_ENV = "{{ lookup('ansible.builtin.env', 'TEST_PAPERCUT_TOKEN') }}"
PROXY_USER = "egress-user"
PROXY_PASSWORD = "Egr3ss-Pr0xy-Passw0rd"
register_secret(PROXY_PASSWORD, "proxy password")


class ForwardProxy(object):
    """proxy.py in a process of its own; ``log()`` is its access log so far."""

    def __init__(self, workdir, basic_auth=None):
        if importlib.util.find_spec("proxy") is None:
            pytest.fail("proxy.py is not installed in %s: run `make venv` (requirements-dev.txt pins it)"
                        % sys.prefix)
        self.workdir = Path(workdir)
        self.port_file = self.workdir / "proxy.port"
        self.log_file = self.workdir / "proxy.log"
        command = [sys.executable, "-m", "proxy", "--hostname", "127.0.0.1", "--port", "0",
                   "--port-file", str(self.port_file), "--log-file", str(self.log_file), "--log-level", "INFO",
                   "--num-workers", "1", "--num-acceptors", "1"]
        if basic_auth:
            command += ["--basic-auth", basic_auth]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while not (self.port_file.exists() and self.port_file.read_text().strip()):
            if self.process.poll() is not None or time.monotonic() > deadline:
                log = self.log_file.read_text() if self.log_file.exists() else "no log"
                raise RuntimeError("proxy.py did not start: %s" % log)
            time.sleep(0.1)
        self.port = int(self.port_file.read_text().split()[0])

    def url(self, credentials=None):
        return "http://%s127.0.0.1:%d" % (credentials + "@" if credentials else "", self.port)

    def log(self):
        time.sleep(0.3)  # proxy.py writes the access line as the connection ends
        return self.log_file.read_text() if self.log_file.exists() else ""

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    server = ForwardProxy(tmp_path_factory.mktemp("proxy"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def auth_proxy(tmp_path_factory):
    server = ForwardProxy(tmp_path_factory.mktemp("auth-proxy"), basic_auth="%s:%s" % (PROXY_USER, PROXY_PASSWORD))
    yield server
    server.stop()


def _papercut_read(papercut, name="read", **args):
    return {"name": name, NS + "papercut_user_info": dict({"username": "alice"}, **args)}


def _papercut_defaults(papercut):
    return {"group/" + NS + "papercut": {"papercut_url": papercut.sim.url, "papercut_auth_token": TOKEN_FROM_ENV}}


def _through(proxy_log, method, port):
    return re.findall(r" - %s 127\.0\.0\.1:%d\S* - " % (method, port), proxy_log)


def test_papercut_over_http_goes_through_the_environment_proxy(ansible, papercut, proxy):
    papercut.seed({"users": [{"username": "alice", "balance": 2.0}]})
    before = len(_through(proxy.log(), "POST", papercut.sim.port))
    run = ansible.run_tasks([_papercut_read(papercut)], module_defaults=_papercut_defaults(papercut),
                            env={"HTTP_PROXY": proxy.url()})
    assert run.task("read")["users"][0]["balance"] == 2.0, run.describe()
    assert len(_through(proxy.log(), "POST", papercut.sim.port)) > before


def test_savapage_over_https_tunnels_through_the_proxy_with_connect(ansible, savapage, proxy):  # noqa: F811
    savapage.seed({"accounts": [{"type": "USER", "name": "rijk", "balance": 3}]})
    port = int(savapage.sim.url.rsplit(":", 1)[1].split("/")[0])
    before = len(_through(proxy.log(), "CONNECT", port))
    run = ansible.run_tasks([{"name": "read", NS + "savapage_balance_info": {"name": ["rijk"]}}],
                            module_defaults=savapage_defaults(savapage), env={"https_proxy": proxy.url()})
    assert not run.task("read").failed, run.describe()
    assert len(_through(proxy.log(), "CONNECT", port)) > before
    # the proxy saw a tunnel only: no request line of the API's
    assert not re.search(r" - (?!CONNECT )[A-Z]+ 127\.0\.0\.1:%d" % port, proxy.log())


@pytest.mark.parametrize("how", ["no_proxy", "use_proxy_option", "use_proxy_env"])
def test_no_proxy_and_use_proxy_false_bypass_the_proxy(ansible, papercut, proxy, how):
    papercut.seed({"users": [{"username": "alice", "balance": 2.0}]})
    env = {"HTTP_PROXY": proxy.url()}
    args = {}
    if how == "no_proxy":
        env["NO_PROXY"] = "localhost,127.0.0.1"
    elif how == "use_proxy_option":
        args["use_proxy"] = False
    else:
        env["PAPERCUT_USE_PROXY"] = "false"
    before = len(_through(proxy.log(), "POST", papercut.sim.port))
    run = ansible.run_tasks([_papercut_read(papercut, **args)], module_defaults=_papercut_defaults(papercut), env=env)
    assert run.task("read")["users"][0]["balance"] == 2.0, run.describe()
    assert len(_through(proxy.log(), "POST", papercut.sim.port)) == before


def test_a_proxy_password_is_used_and_never_shown_even_at_vvv(ansible, papercut, auth_proxy):
    papercut.seed({"users": [{"username": "alice", "balance": 2.0}]})
    good = auth_proxy.url("%s:%s" % (PROXY_USER, PROXY_PASSWORD))
    run = ansible.run_tasks([_papercut_read(papercut)], module_defaults=_papercut_defaults(papercut),
                            env={"HTTP_PROXY": good})
    assert run.task("read")["users"][0]["balance"] == 2.0, run.describe()
    assert _through(auth_proxy.log(), "POST", papercut.sim.port)
    assert PROXY_PASSWORD not in run.stdout + run.stderr


def test_a_refused_proxy_login_fails_clearly_without_showing_the_password(ansible, savapage, auth_proxy):  # noqa: F811
    wrong = auth_proxy.url("%s:%s" % (PROXY_USER, PROXY_PASSWORD[::-1]))
    register_secret(PROXY_PASSWORD[::-1], "wrong proxy password")
    run = ansible.run_tasks([{"name": "read", NS + "savapage_balance_info": {"name": ["rijk"]}, "ignore_errors": True}],
                            module_defaults=savapage_defaults(savapage), env={"HTTPS_PROXY": wrong})
    result = run.task("read")
    assert result.failed and "proxy" in result["msg"].lower(), run.describe()
    assert "407" in result["msg"], result["msg"]
    output = run.stdout + run.stderr
    assert PROXY_PASSWORD[::-1] not in output and "Traceback" not in output
