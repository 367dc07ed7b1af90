# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Connection options checked before anything is sent: URLs with credentials or whitespace, and a module
run where the requests library cannot be imported."""

from __future__ import annotations

from _ansible import register_secret

NS = "printops.print_management."
TOKEN_FROM_ENV = "{{ lookup('ansible.builtin.env', 'TEST_PAPERCUT_TOKEN') }}"
URL_PASSWORD = "Url-Emb3dded-Passw0rd"
register_secret(URL_PASSWORD, "password written into a URL")


def _read(url, **extra):
    args = {"username": "alice", "papercut_url": url, "papercut_auth_token": TOKEN_FROM_ENV}
    return dict({"name": "read", NS + "papercut_user_info": args, "ignore_errors": True}, **extra)


def test_credentials_in_a_url_are_refused_and_never_echoed_even_at_vvv(ansible, papercut):
    url = papercut.sim.url.replace("http://", "http://admin:%s@" % URL_PASSWORD)
    run = ansible.run_tasks([_read(url)])
    result = run.task("read")
    assert result.failed and "papercut_url holds credentials" in result["msg"], run.describe()
    output = run.stdout + run.stderr
    assert URL_PASSWORD not in output and "Traceback" not in output
    assert papercut.calls() == []  # nothing was sent


def test_a_url_with_a_trailing_space_says_so_rather_than_invalid_port(ansible, papercut):
    run = ansible.run_tasks([_read(papercut.sim.url + " ")])
    result = run.task("read")
    assert result.failed and "whitespace at its end" in result["msg"], run.describe()
    assert "port" not in result["msg"]


def test_without_requests_a_module_fails_with_missing_required_lib_not_a_traceback(ansible, papercut, tmp_path):
    # a requests package that cannot be imported, ahead of the real one on the module's path
    shadow = tmp_path / "shadow" / "requests"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text('raise ImportError("requests made unimportable by the test")\n')
    run = ansible.run_tasks([_read(papercut.sim.url)], env={"PYTHONPATH": str(shadow.parent)})
    result = run.task("read")
    assert result.failed, run.describe()
    assert "Failed to import the required Python library (requests)" in result["msg"], result["msg"]
    assert "Traceback" not in run.stdout + run.stderr and "module_stderr" not in result
    assert papercut.calls() == []
