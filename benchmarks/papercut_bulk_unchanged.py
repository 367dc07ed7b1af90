# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: re-run a papercut_user task over N users already as wanted, beside the raw-client floor.

The simulator answers every call --latency-ms after it arrived (20 ms: a realistic
XML-RPC round trip to a loaded server) and holds N users with exactly the properties
the task sets, so every user is unchanged and costs one getUserProperties (after
the run's one listUserAccounts per 1,000 users). The real ansible-playbook task
(users read from a JSON file with a lookup, concurrency 8) alternates with the raw
client making the same calls at the same concurrency; the table shows medians.

    .venv/bin/python benchmarks/papercut_bulk_unchanged.py --users 5000 --repeats 3
"""

from __future__ import annotations

import sys

from _bench import (PAPERCUT_COLUMNS, machine, papercut_bulk_scenario, papercut_seed_users, papercut_users, parse_args,
                    print_table, save)


def main(argv=None):
    args = parse_args(__doc__, argv)
    users = papercut_users(args.users)
    seed = papercut_seed_users(users)
    print("papercut_user bulk re-run, all unchanged: %d users, %.0f ms per call, concurrency %d, %d repeats  (%s)"
          % (args.users, args.latency_ms, args.concurrency, args.repeats, machine()))
    state = {"seeded": False}

    def prepare(sim):
        if not state["seeded"]:  # nothing is written by either side: seed once
            sim.inspector.reset(seed)
            state["seeded"] = True

    row = papercut_bulk_scenario("unchanged re-run", users, prepare, args.concurrency, args.repeats,
                                 args.latency_ms, "unchanged")
    print_table("PaperCut bulk unchanged re-run (medians of %d)" % args.repeats, [row], PAPERCUT_COLUMNS)
    print("  calls by method (last run): %s" % row["calls_by_method"])
    save("papercut_bulk_unchanged", {"rows": [row]},
         ("papercut_user: re-run over %d unchanged users at %.0f ms/call, concurrency %d"
          % (args.users, args.latency_ms, args.concurrency),
          "seconds (median)", [("unchanged re-run", row["wall_s"], row["floor_s"])]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
