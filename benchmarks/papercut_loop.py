# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: the per-item baseline, N users created through a ``loop:`` over the single-user form.

What a playbook without the bulk form costs: one module process (AnsiballZ, Python
start-up, argument parsing, a new HTTP connection) per user. Same simulator
latency and the same users and calls as papercut_bulk_create.py; the table shows
the median time per user and, when benchmarks/output/papercut_bulk_create.json
exists, how many times faster the bulk form is per user.

    .venv/bin/python benchmarks/papercut_loop.py --users 30 --repeats 3
"""

from __future__ import annotations

import json
import sys

from _bench import (OUTPUT, PAPERCUT_ENV, Ansible, SimProcess, load_average, machine, median, papercut_defaults,
                    papercut_directory, papercut_users, parse_args, print_table, save)


def main(argv=None):
    args = parse_args(__doc__, argv, users=30, concurrency=None)
    users = papercut_users(args.users)
    seed = papercut_directory(users)
    task = {"name": "loop", "loop": "{{ bench_users }}", "printops.print_management.papercut_user": {
        "username": "{{ item.username }}", "full_name": "{{ item.full_name }}", "email": "{{ item.email }}",
        "department": "{{ item.department }}"}}
    print("papercut_user in a loop: %d users, %.0f ms per call, %d repeats  (%s)"
          % (args.users, args.latency_ms, args.repeats, machine()))
    ansible = Ansible()
    runs, calls = [], []
    try:
        with SimProcess("papercut", latency_ms=args.latency_ms) as sim:
            for repeat in range(args.repeats):
                sim.inspector.reset(seed)
                elapsed, results = ansible.run([task], module_defaults=papercut_defaults(sim.url),
                                               extra_vars={"bench_users": users}, env=PAPERCUT_ENV)
                created = sum(1 for r in results["loop"][0].get("results", []) if r.get("action") == "create")
                if created != len(users):
                    raise RuntimeError("expected %d users created, got %d" % (len(users), created))
                runs.append(elapsed)
                calls.append(sim.calls()[0])
                print("  loop %d/%d %7.2f s  load %.2f" % (repeat + 1, args.repeats, elapsed, load_average()),
                      flush=True)
    finally:
        ansible.close()
    row = {"scenario": "loop: single-user form", "items": len(users), "wall_s": median(runs), "calls": median(calls),
           "calls_per_item": median(calls) / len(users), "runs": runs, "latency_ms": args.latency_ms}
    row["ms_per_item"] = 1000.0 * row["wall_s"] / len(users)
    bulk = OUTPUT / "papercut_bulk_create.json"
    if bulk.exists():
        bulk_row = json.loads(bulk.read_text())["rows"][0]
        row["bulk_ms_per_item"] = bulk_row["ms_per_item"]
        row["speedup"] = row["ms_per_item"] / bulk_row["ms_per_item"]
    wider = OUTPUT / "papercut_bulk_create_c16.json"
    if wider.exists():  # the same create at concurrency 16 (make bench runs it too)
        wide_row = json.loads(wider.read_text())["rows"][0]
        row["bulk16_ms_per_item"] = wide_row["ms_per_item"]
        row["speedup16"] = row["ms_per_item"] / wide_row["ms_per_item"]
    print_table("PaperCut loop baseline (medians of %d)" % args.repeats, [row], [
        ("scenario", "scenario", "%s"), ("items", "items", "%d"), ("wall_s", "wall s (median)", "%.2f"),
        ("calls", "API calls", "%d"), ("calls_per_item", "calls/item", "%.2f"), ("ms_per_item", "ms/item", "%.1f"),
        ("bulk_ms_per_item", "bulk ms/item", "%.2f"), ("speedup", "bulk is faster by", "%.0fx"),
        ("bulk16_ms_per_item", "bulk c16 ms/item", "%.2f"), ("speedup16", "bulk c16 is faster by", "%.0fx")])
    bars = [("loop (ms/item)", row["ms_per_item"], None)]
    if "bulk_ms_per_item" in row:
        bars.append(("bulk create (ms/item)", row["bulk_ms_per_item"], None))
    if "bulk16_ms_per_item" in row:
        bars.append(("bulk create c16 (ms/item)", row["bulk16_ms_per_item"], None))
    save("papercut_loop", {"rows": [row]},
         ("papercut_user: ms per user, loop over the single-user form vs the bulk form", "ms per user", bars))
    return 0


if __name__ == "__main__":
    sys.exit(main())
