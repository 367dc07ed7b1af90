# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""`make demo`: start the PaperCut, Printix and SavaPage simulators, run playbooks/demo.yml (dry run, then twice).

The playbook starts a term, onboards the 300 people of playbooks/files/demo_people.csv and
offboards three leavers. Before the first run, a dry run (`--check --diff`) against the fresh
simulators must succeed, send no write to any system and print a diff per person and the three
roles' summaries (an excerpt is printed). Credentials reach it only through environment variables, as an AWX
credential injects them. The second run must report changed=0 and send no write to any
simulator; the demo fails otherwise. ANSIBLE_COLLECTIONS_PATH must point at an installed copy
of the collection (the Makefile builds and installs the tarball there).
"""

import base64
import csv
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.simulators.inspect import Inspector  # noqa: E402
from tests.simulators.printix import DEFAULT_CLIENTS  # noqa: E402
from tests.simulators.savapage import DEFAULT_ADMIN  # noqa: E402

PEOPLE_CSV = ROOT / "playbooks" / "files" / "demo_people.csv"
LEAVERS = [("leaver1", "04999001"), ("leaver2", "04999002"), ("leaver3", None)]
SYSTEMS = ("papercut", "printix", "savapage")


def read_people():
    with open(PEOPLE_CSV) as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def start(product, *options):
    command = [sys.executable, "-m", "tests.simulators", product, "--port", "0"]
    for option in options:
        command += ["--option", option]
    proc = subprocess.Popen(command, cwd=str(ROOT), stdout=subprocess.PIPE, text=True)
    port = proc.stdout.readline().strip()
    if not port.isdigit():
        proc.kill()
        raise SystemExit("the %s simulator did not start" % product)
    return proc, port


def card(number):
    return base64.b64encode(number.encode("utf-8")).decode("ascii")


def seed(pc, px, sp, people):
    groups = sorted(set(g for p in people for g in p["groups"].split(";") if g))
    pc.reset({
        "directory": [{"username": p["username"], "full-name": p["full_name"], "email": p["email"]} for p in people]
        + [{"username": name} for name, _number in LEAVERS],
        "groups": groups,
        "users": [{"username": name, "balance": 4.2, "primary-card-number": number or ""} for name, number in LEAVERS],
        "shared_accounts": [{"name": "Courses"},
                            {"name": "Courses\\PHY101-2025", "access_users": ["leaver1", "leaver2"],
                             "access_groups": ["Physics"]},
                            {"name": "Courses\\CHM110-2025", "access_users": ["leaver3"]}],
        "printers": [{"server": "print01", "printer": "lab-2", "groups": ["Office"]}],
    })
    px.reset({"users": [{"email": p["email"], "name": p["full_name"]} for p in people]
              + [{"email": "%s@example.edu" % name, "name": name} for name, _number in LEAVERS],
              "cards": [{"owner": "%s@example.edu" % name, "secret": card(number)} for name, number in LEAVERS if number]})
    # a faster rate limit than Printix's 100 requests a minute, so that the demo takes seconds
    px.configure(rate_per_minute=60000, burst=1000)
    sp.reset({"accounts": [{"type": "USER", "name": p["username"], "balance": 0} for p in people]
              + [{"type": "USER", "name": name, "balance": 4.2} for name, _number in LEAVERS]
              + [{"type": "GROUP", "name": "Students", "balance": 0}]})


def run_playbook(env, *options):
    command = [str(Path(sys.executable).parent / "ansible-playbook"), str(ROOT / "playbooks" / "demo.yml")]
    started = time.monotonic()
    proc = subprocess.run(command + list(options), env=env, cwd=str(ROOT), capture_output=True, text=True,
                          check=False)
    elapsed = time.monotonic() - started
    recap = proc.stdout[proc.stdout.rfind("PLAY RECAP"):]
    print(recap.strip())
    if proc.returncode != 0:
        print(proc.stdout[-6000:])
        print(proc.stderr, file=sys.stderr)
        raise SystemExit("the demo playbook failed (exit %s)" % proc.returncode)
    hosts = re.findall(r"^(\S+)\s*:\s*ok=(\d+)\s+changed=(\d+)", recap, re.M)
    return dict((host, int(changed)) for host, _ok, changed in hosts), elapsed, proc.stdout


# What the dry run must show (issue 18: "the demo's --check --diff output shows each planned change per
# person, readably, and the role summaries"): a diff headed by a person's name, and each role's summary.
PERSON_DIFF = re.compile(r"^--- before: user (\S+)\n\+\+\+ after: user \1\n(?:[ @+-].*\n)+", re.M)
SUMMARIES = ("Summary of the term start", "Summary of the onboarding", "Summary of the offboarding")


def task_block(output, name):
    """The lines Ansible printed for the task ``name`` (up to the next TASK or PLAY line)."""
    start = output.find("TASK [printops.print_management.%s" % name)
    if start < 0:
        start = output.find(name)
    if start < 0:
        return ""
    end = re.compile(r"^(TASK|PLAY) ", re.M).search(output, output.find("\n", start) + 1)
    return output[start:end.start() if end else len(output)].rstrip()


def check_dry_run(output, calls):
    """The --check --diff run: zero writes, a per-person diff, the three summaries; print an excerpt."""
    writes = dict((name, count) for name, (_total, count) in calls.items() if count)
    if writes:
        raise SystemExit("demo failed: the --check --diff run sent writes: %s" % writes)
    first = PERSON_DIFF.search(output)
    if not first:
        raise SystemExit("demo failed: the --check --diff run printed no per-person diff")
    summaries = [task_block(output, "%s : %s" % (role, name))
                 for role, name in zip(("term_start", "onboarding", "offboarding"), SUMMARIES)]
    lacking = [name for name, block in zip(SUMMARIES, summaries) if "msg" not in block]
    if lacking:
        raise SystemExit("demo failed: the --check --diff run printed no %s" % ", ".join(lacking))
    planned = task_block(output, "onboarding : Check that every shared account exists")
    if "planned by this run" not in planned:
        raise SystemExit("demo failed: onboarding did not count the accounts term_start plans to create")
    print("-- excerpt: %d per-person diffs; the first, the accounts planned by term_start, the role summaries --"
          % len(PERSON_DIFF.findall(output)))
    print(first.group(0).rstrip())
    print(planned)
    for block in summaries:
        print(block)
    print("--")


def call_counts(inspectors):
    out = {}
    for name, sim in zip(SYSTEMS, inspectors):
        calls = sim.calls()
        out[name] = (len(calls), sum(1 for c in calls if c["write"]))
        sim.clear_calls()
    return out


def summary(pc, px, sp, people):
    pcs, pxs, sps = pc.state(), px.state(), sp.state()
    usernames = set(p["username"] for p in people)
    users = pcs["users"]
    onboarded = [u for name, u in users.items() if name in usernames]
    disabled = [name for name, u in users.items() if u["properties"].get("disabled-print") == "true"]
    accounts = pcs["shared_accounts"]
    described = ["%s%s (%d users)" % (name, " [disabled]" if a["properties"].get("disabled") == "true" else "",
                                      len(a["access_users"])) for name, a in sorted(accounts.items())]
    print("PaperCut:  %d users (%d onboarded, balance total %.2f), %d disabled leavers; shared accounts: %s" % (
        len(users), len(onboarded), sum(u["balance"] for u in onboarded), len(disabled), ", ".join(described)))
    owners = [c["owner_email"] for c in pxs["cards"]]
    print("Printix:   %d users, %d cards registered (%d of them to the new people), %d throttled requests" % (
        len(pxs["users"]), len(owners), sum(1 for o in owners if o.split("@")[0] in usernames),
        pxs["rate_limit"]["throttled"]))
    user_accounts = sps["accounts"].get("USER", {})
    funded = [a for name, a in user_accounts.items() if name in usernames and a["balance"] > 0]
    print("SavaPage:  %d user accounts, %d new people funded (total %.2f), leavers' balances %s, Students group %.2f" % (
        len(user_accounts), len(funded), sum(a["balance"] for a in funded),
        [user_accounts[name]["balance"] for name, _number in LEAVERS],
        sps["accounts"].get("GROUP", {}).get("Students", {}).get("balance", 0.0)))


def main():
    people = read_people()
    token = "demo-" + secrets.token_hex(12)
    workdir = tempfile.mkdtemp(prefix="printops-demo-")
    ca_path = os.path.join(workdir, "savapage-ca.pem")
    procs = []
    try:
        pc_proc, pc_port = start("papercut", "auth_token=%s" % token)
        procs.append(pc_proc)
        px_proc, px_port = start("printix")
        procs.append(px_proc)
        sp_proc, sp_port = start("savapage", "cert_file=%s" % ca_path)
        procs.append(sp_proc)
        pc_url, px_url = "http://127.0.0.1:%s" % pc_port, "http://127.0.0.1:%s" % px_port
        sp_url = "https://127.0.0.1:%s" % sp_port
        pc, px, sp = Inspector(pc_url), Inspector(px_url), Inspector(sp_url, ca_path=ca_path)
        seed(pc, px, sp, people)
        client_id = "sim-cardmanager"
        env = dict((k, v) for k, v in os.environ.items() if not k.startswith(("PAPERCUT_", "PRINTIX_", "SAVAPAGE_")))
        env.update(
            PAPERCUT_URL=pc_url, PAPERCUT_AUTH_TOKEN=token,
            PRINTIX_CLIENT_ID=client_id, PRINTIX_CLIENT_SECRET=DEFAULT_CLIENTS[client_id]["client_secret"],
            PRINTIX_API_URL=px_url + "/cloudprint", PRINTIX_TOKEN_URL=px_url + "/oauth/token",
            SAVAPAGE_URL=sp_url, SAVAPAGE_USERNAME=DEFAULT_ADMIN[0], SAVAPAGE_PASSWORD=DEFAULT_ADMIN[1],
            SAVAPAGE_CA_PATH=ca_path,
            ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_NOCOLOR="1",
            ANSIBLE_LOCALHOST_WARNING="False", ANSIBLE_INVENTORY_UNPARSED_WARNING="False")
        print("== dry run: ansible-playbook playbooks/demo.yml --check --diff ==")
        _changed0, time0, output0 = run_playbook(env, "--check", "--diff")
        calls0 = call_counts((pc, px, sp))
        if os.environ.get("DEMO_CHECK_OUTPUT"):  # the dry run's full output, for a closer look
            Path(os.environ["DEMO_CHECK_OUTPUT"]).write_text(output0)
        check_dry_run(output0, calls0)
        print("== first run: %d people to onboard, 3 leavers, last term's accounts to retire ==" % len(people))
        changed1, time1, _output1 = run_playbook(env)
        calls1 = call_counts((pc, px, sp))
        print("== second run: the same playbook again ==")
        changed2, time2, _output2 = run_playbook(env)
        calls2 = call_counts((pc, px, sp))
        print("Summary")
        summary(pc, px, sp, people)
        for label, calls, elapsed in (("dry run   ", calls0, time0), ("first run ", calls1, time1),
                                      ("second run", calls2, time2)):
            print("  %s (%5.1f s): %s" % (label, elapsed, "; ".join(
                "%s %d calls, %d writes" % (name, total, writes) for name, (total, writes) in calls.items())))
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=10)
    if not changed1 or not any(changed1.values()):
        raise SystemExit("demo failed: the first run changed nothing")
    writes2 = sum(writes for _total, writes in calls2.values())
    if any(changed2.values()) or writes2:
        raise SystemExit("demo failed: the second run was not idempotent (changed=%s, %d writes)" % (changed2, writes2))
    print("OK: the second run reported changed=0 and sent no write to any system.")


if __name__ == "__main__":
    main()
