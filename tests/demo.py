# SPDX-License-Identifier: GPL-3.0-or-later
"""`make demo`: start the PaperCut simulator, run playbooks/demo.yml twice, summarise, stop.

The second run must report no change and send no write; the demo fails otherwise.
ANSIBLE_COLLECTIONS_PATH must point at an installed copy of the collection (the Makefile
builds and installs the tarball there), so the demo exercises what users would install.
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.simulators.inspect import Inspector  # noqa: E402

DIRECTORY = {"directory": [{"username": "dlee", "full-name": "Dana Lee", "email": "dlee@example.edu",
                            "groups": ["Staff"]}],
             "groups": ["Staff", "Students"]}


def start_simulator(token):
    proc = subprocess.Popen([sys.executable, "-m", "tests.simulators", "papercut", "--port", "0",
                             "--option", "auth_token=%s" % token],
                            cwd=str(ROOT), stdout=subprocess.PIPE, text=True)
    port = proc.stdout.readline().strip()
    if not port.isdigit():
        proc.kill()
        raise SystemExit("the simulator did not start")
    return proc, "http://127.0.0.1:%s" % port


def run_playbook(env):
    playbook = str(ROOT / "playbooks" / "demo.yml")
    command = [str(Path(sys.executable).parent / "ansible-playbook"), playbook]
    proc = subprocess.run(command, env=env, cwd=str(ROOT), capture_output=True, text=True, check=False)
    print(proc.stdout)
    if proc.returncode != 0:
        print(proc.stderr, file=sys.stderr)
        raise SystemExit("the demo playbook failed (exit %s)" % proc.returncode)
    recap = re.search(r"localhost\s*:\s*ok=(\d+)\s+changed=(\d+)", proc.stdout)
    return int(recap.group(1)), int(recap.group(2))


def main():
    token = "demo-" + secrets.token_hex(12)
    proc, url = start_simulator(token)
    try:
        sim = Inspector(url)
        sim.reset(DIRECTORY)
        env = dict(os.environ, PAPERCUT_URL=url, PAPERCUT_AUTH_TOKEN=token,
                   DEMO_GUEST_PASSWORD="demo-" + secrets.token_hex(8),
                   ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_NOCOLOR="1",
                   ANSIBLE_LOCALHOST_WARNING="False", ANSIBLE_INVENTORY_UNPARSED_WARNING="False")
        print("== first run: the server starts with one directory user and no PaperCut users ==")
        ok1, changed1 = run_playbook(env)
        calls1 = sim.calls()
        sim.clear_calls()
        print("== second run: the same playbook again ==")
        ok2, changed2 = run_playbook(env)
        calls2 = sim.calls()
        state = sim.state()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    writes2 = [c for c in calls2 if c["write"]]
    print("Summary")
    print("  users on the simulator:   %d" % len(state["users"]))
    print("  first run:  %2d tasks changed, %4d API calls, %4d writes" % (
        changed1, len(calls1), sum(1 for c in calls1 if c["write"])))
    print("  second run: %2d tasks changed, %4d API calls, %4d writes" % (changed2, len(calls2), len(writes2)))
    if changed1 == 0:
        raise SystemExit("demo failed: the first run changed nothing")
    if changed2 != 0 or writes2:
        raise SystemExit("demo failed: the second run was not idempotent")
    print("OK: the second run changed nothing and sent no write.")


if __name__ == "__main__":
    main()
