# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Event-Driven Ansible end to end: the real ansible-rulebook runs the collection's rulebook
(extensions/eda/rulebooks/printix_card_on_user_create.yml) with the printix_webhook source; signed
Printix webhook requests are posted to it and the card registration is checked in the Printix
simulator's state.

ansible-rulebook needs Java 17+ (its rules engine is Drools); without java the test is skipped.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
import yaml
from _ansible import make_collections_root

from fixtures_printix import CARD_ID, CARD_SECRET
from ansible_collections.printops.print_management.tests.simulators.printix import DEFAULT_TENANT

BIN = Path(sys.executable).parent
RULEBOOK = "printops.print_management.printix_card_on_user_create"
WEBHOOK_SECRET_1, WEBHOOK_SECRET_2 = "eda-test-secret-one", "eda-test-secret-two"
START_TIMEOUT = 90      # ansible-rulebook + JVM start-up on a busy machine
PLAYBOOK_TIMEOUT = 120  # the playbook run that registers the card

JANE = {"id": "6f1c0d0e-0000-4000-8000-00000000j4e3", "email": "jane.doe@example.com", "fullName": "Jane Doe",
        "role": "USER"}
MALLORY = {"id": "6f1c0d0e-0000-4000-8000-0000000ma11y", "email": "mallory@example.com", "fullName": "Mallory",
           "role": "USER"}
NOCARD = {"id": "6f1c0d0e-0000-4000-8000-00000000c4rd", "email": "no.card@example.com", "fullName": "No Card",
          "role": "USER"}
CARDS_CSV = "email,card_number\njane.doe@example.com,04A2B3C4D5\nmallory@example.com,99887766\n"


def _java_missing():
    return shutil.which("java") is None


pytestmark = [
    pytest.mark.skipif(_java_missing(), reason="ansible-rulebook needs Java 17 or later (java is not on PATH)"),
    pytest.mark.skipif(not (BIN / "ansible-rulebook").exists(), reason="ansible-rulebook is not installed in the venv"),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def signed_request(port, user, secrets, request_id=None, emitted=None):
    emitted = time.time() if emitted is None else emitted
    href = "%s/cloudprint/tenants/%s/users/%s" % ("https://api.printix.net", DEFAULT_TENANT, user["id"])
    body = json.dumps({"emitted": emitted,
                       "events": [{"name": "RESOURCE.TENANT_USER.CREATE", "href": href, "time": emitted}]}).encode()
    headers = {"Content-Type": "application/json", "X-Printix-Request-ID": request_id or str(uuid.uuid4())}
    for number, secret in enumerate(secrets, 1):
        headers["X-Printix-Signature-%d" % number] = hmac.new(secret.encode(), body, hashlib.sha512).hexdigest()
    return urllib.request.Request("http://127.0.0.1:%d/printix" % port, data=body, headers=headers, method="POST")


def post(request):
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


class Rulebook:
    """A running ansible-rulebook; always stopped by stop(), which kills its whole process group."""

    def __init__(self, workdir, env, port):
        self.port = port
        self.log_path = Path(workdir) / "ansible-rulebook.log"
        self.log = open(self.log_path, "wb")  # noqa: SIM115  pylint: disable=consider-using-with
        vars_file = Path(workdir) / "vars.yml"
        vars_file.write_text(yaml.safe_dump({
            "printix_cards_csv": str(Path(workdir) / "cards.csv"),
            "printix_webhook_host": "127.0.0.1", "printix_webhook_port": port, "printix_webhook_path": "/printix",
        }))
        inventory = Path(workdir) / "inventory.ini"
        inventory.write_text("localhost ansible_connection=local ansible_python_interpreter=%s\n" % sys.executable)
        command = [str(BIN / "ansible-rulebook"), "-r", RULEBOOK, "-i", str(inventory), "--vars", str(vars_file),
                   "--env-vars", "PRINTIX_WEBHOOK_SECRET_1,PRINTIX_WEBHOOK_SECRET_2", "-v"]
        self.proc = subprocess.Popen(command, cwd=str(workdir), env=env, stdout=self.log,  # pylint: disable=consider-using-with
                                     stderr=subprocess.STDOUT, start_new_session=True)

    def output(self):
        self.log.flush()
        return self.log_path.read_text(errors="replace")

    def wait_listening(self, timeout=START_TIMEOUT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail("ansible-rulebook exited (rc %s) before listening:\n%s" % (self.proc.returncode, self.output()))
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        pytest.fail("ansible-rulebook did not listen on port %d within %d s:\n%s" % (self.port, timeout, self.output()))

    def stop(self):
        if self.proc.poll() is None:
            for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
                try:
                    os.killpg(self.proc.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.proc.wait(wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        else:
            try:  # children (ansible-playbook) left behind by a crashed ansible-rulebook
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self.log.close()


@pytest.fixture
def rulebook(printix, tmp_path):
    """ansible-rulebook with the collection's rulebook, its playbook pointed at the Printix simulator."""
    base = tmp_path / "eda"
    base.mkdir()
    (base / "cards.csv").write_text(CARDS_CSV)
    home = base / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANSIBLE_", "PRINTIX_", "EDA_"))}
    env.update({
        "PATH": "%s%s%s" % (BIN, os.pathsep, env.get("PATH", "")),
        "HOME": str(home),
        "ANSIBLE_HOME": str(home / ".ansible"),
        "ANSIBLE_LOCAL_TEMP": str(home / "tmp"),
        "ANSIBLE_COLLECTIONS_PATH": str(make_collections_root(base / "collections")),
        "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "False",
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "ANSIBLE_NOCOLOR": "1",
        "PRINTIX_CLIENT_ID": CARD_ID,
        "PRINTIX_CLIENT_SECRET": CARD_SECRET,
        "PRINTIX_API_URL": printix.sim.url + "/cloudprint",
        "PRINTIX_TOKEN_URL": printix.sim.url + "/oauth/token",
        "PRINTIX_WEBHOOK_SECRET_1": WEBHOOK_SECRET_1,
        "PRINTIX_WEBHOOK_SECRET_2": WEBHOOK_SECRET_2,
    })
    running = Rulebook(base, env, free_port())
    try:
        running.wait_listening()
        yield running
    finally:
        running.stop()


def card_owners(printix):
    return {c["secret"]: c["owner_email"] for c in printix.state()["cards"]}


def wait_for(predicate, timeout, rulebook):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        if rulebook.proc.poll() is not None:
            pytest.fail("ansible-rulebook exited (rc %s):\n%s" % (rulebook.proc.returncode, rulebook.output()))
        time.sleep(0.5)
    pytest.fail("timed out after %d s; ansible-rulebook output:\n%s" % (timeout, rulebook.output()))


def test_a_signed_user_creation_registers_the_users_card_and_a_forged_one_registers_nothing(printix, rulebook):
    printix.seed({"users": [JANE, MALLORY, NOCARD]})

    # Forged: signed with a secret Printix never issued. Refused at the door, nothing reaches the rules.
    assert post(signed_request(rulebook.port, MALLORY, ["not-the-webhook-secret"])) == 401
    # Stale: correctly signed but emitted an hour ago.
    assert post(signed_request(rulebook.port, MALLORY, [WEBHOOK_SECRET_1], emitted=time.time() - 3600)) == 400

    # A new user without a card in the source of truth: the playbook runs and registers nothing.
    assert post(signed_request(rulebook.port, NOCARD, [WEBHOOK_SECRET_1, WEBHOOK_SECRET_2])) == 202
    # Jane, signed with both secrets as Printix does; the rulebook runs actions one after another.
    request_id = str(uuid.uuid4())
    assert post(signed_request(rulebook.port, JANE, [WEBHOOK_SECRET_1, WEBHOOK_SECRET_2], request_id)) == 202
    # Printix retrying the same request: acknowledged, not processed again.
    assert post(signed_request(rulebook.port, JANE, [WEBHOOK_SECRET_1, WEBHOOK_SECRET_2], request_id)) == 200

    owners = wait_for(lambda: card_owners(printix) or None, PLAYBOOK_TIMEOUT, rulebook)
    assert owners == {base64.b64encode(b"04A2B3C4D5").decode(): JANE["email"]}, rulebook.output()

    writes = printix.writes()
    assert [c["method"] for c in writes] == ["register_card"], writes
    assert JANE["id"] in writes[0]["path"], writes
    # Mallory's forged and stale events never reached the API at all.
    assert not [c for c in printix.calls() if MALLORY["id"] in c["path"]]
    output = rulebook.output()
    assert "No card number for no.card@example.com" in output, output
    for secret in (WEBHOOK_SECRET_1, WEBHOOK_SECRET_2, CARD_SECRET):
        assert secret not in output
