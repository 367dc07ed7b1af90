# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: peak memory of the papercut_user module process over an unchanged run of N users.

ansible-playbook runs the module with a wrapper as its Python interpreter: the
wrapper starts the real interpreter (the venv's) on the AnsiballZ payload, waits
for it, and records ``getrusage(RUSAGE_CHILDREN).ru_maxrss``, the peak resident
set of the module's own process (not of ansible-playbook). Measured for a task
over 1 user (the fixed cost: Python, Ansible's module_utils, our clients) and over
each --users size, all unchanged (one getUserProperties per user).

    .venv/bin/python benchmarks/papercut_memory.py --users 5000 20000
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys

from _bench import (PAPERCUT_ENV, Ansible, SimProcess, machine, median, papercut_bulk_task, papercut_defaults, users_file,
                    papercut_seed_users, papercut_users, print_table, python, save, wait_for_quiet)

WRAPPER = '''#!%(python)s
"""Run the module interpreter and record the peak RSS of what it ran."""
import json, resource, subprocess, sys
rc = subprocess.call([%(python)r] + sys.argv[1:])
with open(%(log)r, "a") as log:
    log.write(json.dumps({"maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}) + "\\n")
sys.exit(rc)
'''


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--users", type=int, nargs="+", default=[20000])
    parser.add_argument("--repeats", type=int, default=1, help="peak memory barely varies; 1 is enough")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--latency-ms", type=float, default=0, help="memory does not depend on it; 0 is quickest")
    parser.add_argument("--max-load", type=float, default=0, help="first wait for the 1-minute load to drop below")
    args = parser.parse_args(argv)
    if args.max_load:
        wait_for_quiet(args.max_load, 1200)
    print("papercut_user peak module memory, unchanged runs over %s users  (%s)" % (args.users, machine()))
    ansible = Ansible()
    log = ansible.base / "rss.jsonl"
    wrapper = ansible.base / "python-rss"
    wrapper.write_text(WRAPPER % {"python": python(), "log": str(log)})
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    env = dict(PAPERCUT_ENV, ANSIBLE_PYTHON_INTERPRETER=str(wrapper))
    (ansible.base / "inventory.ini").write_text("localhost ansible_connection=local ansible_python_interpreter=%s\n"
                                                % wrapper)
    rows = []
    try:
        with SimProcess("papercut", latency_ms=args.latency_ms) as sim:
            for count in [1] + list(args.users):
                users = papercut_users(count)
                sim.inspector.reset(papercut_seed_users(users))
                peaks, walls = [], []
                for _repeat in range(args.repeats):
                    if log.exists():
                        os.unlink(str(log))
                    elapsed, results = ansible.run([papercut_bulk_task(args.concurrency)],
                                                   module_defaults=papercut_defaults(sim.url),
                                                   extra_vars=users_file(ansible, users), env=env)
                    summary = results["bulk"][0]["summary"]
                    if summary["unchanged"] != count:
                        raise RuntimeError("unexpected summary %s" % summary)
                    records = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
                    if len(records) != 1:
                        raise RuntimeError("expected one module process, the wrapper saw %d" % len(records))
                    peaks.append(records[0]["maxrss_kb"] / 1024.0)
                    walls.append(elapsed)
                    print("  %6d users: peak %.1f MB, %.1f s" % (count, peaks[-1], elapsed), flush=True)
                label = "unchanged, %d user%s" % (count, "" if count == 1 else "s")
                rows.append({"scenario": label, "items": count, "peak_mb": median(peaks),
                             "wall_s": median(walls), "limit_mb": 200.0})
    finally:
        ansible.close()
    fixed = rows[0]["peak_mb"]
    for row in rows:
        row["per_1000_mb"] = (row["peak_mb"] - fixed) * 1000.0 / row["items"] if row["items"] > 1 else None
    print_table("papercut_user module process, peak RSS (limit 200 MB)", rows, [
        ("scenario", "scenario", "%s"), ("peak_mb", "peak RSS MB", "%.1f"),
        ("per_1000_mb", "MB per 1,000 users above the fixed cost", "%.2f"), ("wall_s", "wall s", "%.1f")])
    save("papercut_memory", {"rows": rows},
         ("papercut_user module process: peak RSS, unchanged runs", "MB",
          [(r["scenario"], r["peak_mb"], None) for r in rows]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
