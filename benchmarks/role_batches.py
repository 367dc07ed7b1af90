# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: what feeding the roles' bulk tasks in batches costs (issue 18, progress on long runs).

For the offboarding role (N leavers: read, disable, zero the balance, leave groups) and the
term_start role (N course shared accounts under one parent) on the PaperCut simulator, each
run once with every item in one batch (``*_batch_size: 0``) and once with batches of --batch,
alternating, --repeats times, against a freshly seeded server. Prints the median wall time of
ansible-playbook and the API calls each run made (batches do not change the calls: each item
is read and written once either way; they add one module start per batch).

    .venv/bin/python benchmarks/role_batches.py --users 300 --batch 50 --repeats 2
"""

from __future__ import annotations

import statistics
import sys

from _bench import PAPERCUT_ENV, Ansible, SimProcess, machine, papercut_defaults, parse_args, print_table, save


def offboarding(size, users):
    seed = {"groups": ["Students"],
            "users": [{"username": "u%04d" % i, "balance": 2.0, "groups": ["Students"]} for i in range(users)]}
    task = {"name": "offboard", "ansible.builtin.include_role": {"name": "printops.print_management.offboarding"},
            "vars": {"offboarding_people": [{"username": "u%04d" % i} for i in range(users)],
                     "offboarding_max_leavers": users, "offboarding_papercut_balance_action": "zero",
                     "offboarding_batch_size": size}}
    return seed, task


def term_start(size, users):
    seed = {"groups": ["Students"], "shared_accounts": [{"name": "Courses"}]}
    accounts = [{"name": "Courses\\C%04d" % i, "access_groups": ["Students"], "balance": 10.0} for i in range(users)]
    task = {"name": "term start", "ansible.builtin.include_role": {"name": "printops.print_management.term_start"},
            "vars": {"term_start_shared_accounts": [{"name": "Courses"}] + accounts,
                     "term_start_batch_size": size}}
    return seed, task


def main(argv=None):
    args = parse_args(__doc__, argv, users=300, repeats=2, concurrency=None, latency_ms=5.0,
                      more=[(("--batch",), {"type": int, "default": 50})])
    print("role batches: %d items, batches of %d vs one, %.0f ms per call, %d repeats  (%s)"
          % (args.users, args.batch, args.latency_ms, args.repeats, machine()))
    ansible = Ansible()
    rows = []
    with SimProcess("papercut", latency_ms=args.latency_ms) as sim:
        for role, scenario in (("offboarding", offboarding), ("term_start", term_start)):
            times = {0: [], args.batch: []}
            calls = {}
            for _repeat in range(args.repeats):
                for size in (0, args.batch):
                    seed, task = scenario(size, args.users)
                    sim.inspector.reset(seed)
                    seconds, _results = ansible.run([task], module_defaults=papercut_defaults(sim.url),
                                                    env=PAPERCUT_ENV)
                    times[size].append(seconds)
                    calls[size] = sim.calls()[0]
            for size in (0, args.batch):
                rows.append({"role": role, "batches": "one" if size == 0 else "of %d" % size,
                             "wall_s": statistics.median(times[size]), "runs": " ".join("%.1f" % t for t in times[size]),
                             "calls": calls[size]})
    ansible.close()
    print_table("Role batches (median wall time of %d)" % args.repeats, rows,
                [("role", "role", "%s"), ("batches", "batches", "%s"), ("wall_s", "wall s", "%.1f"),
                 ("runs", "each run s", "%s"), ("calls", "API calls", "%d")])
    save("role_batches", {"rows": rows})
    return 0


if __name__ == "__main__":
    sys.exit(main())
