# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: create N PaperCut users in one papercut_user task, beside the raw-client floor.

The simulator answers every call --latency-ms after it arrived (20 ms: a realistic
XML-RPC round trip to a loaded server). Each repeat resets the simulator to N
directory users not yet in PaperCut, then either runs the real ansible-playbook
task (users read from a JSON file with a lookup, concurrency 8) or the raw client
making the same calls (one listUserAccounts, then addNewUser and setUserProperties
per user) at the same concurrency; the two alternate, and the table shows medians.

    .venv/bin/python benchmarks/papercut_bulk_create.py --users 5000 --repeats 3
    .venv/bin/python benchmarks/papercut_bulk_create.py --concurrency 16   # also written as its own output
"""

from __future__ import annotations

import sys

from _bench import (PAPERCUT_COLUMNS, machine, papercut_bulk_scenario, papercut_directory, papercut_users, parse_args,
                    print_table, save)


def main(argv=None):
    args = parse_args(__doc__, argv)
    users = papercut_users(args.users)
    seed = papercut_directory(users)
    print("papercut_user bulk create: %d users, %.0f ms per call, concurrency %d, %d repeats  (%s)"
          % (args.users, args.latency_ms, args.concurrency, args.repeats, machine()))
    label = "bulk create" if args.concurrency == 8 else "bulk create, concurrency %d" % args.concurrency
    name = "papercut_bulk_create" if args.concurrency == 8 else "papercut_bulk_create_c%d" % args.concurrency
    row = papercut_bulk_scenario(label, users, lambda sim: sim.inspector.reset(seed), args.concurrency,
                                 args.repeats, args.latency_ms, "created")
    print_table("PaperCut bulk create (medians of %d)" % args.repeats, [row], PAPERCUT_COLUMNS)
    print("  calls by method (last run): %s" % row["calls_by_method"])
    save(name, {"rows": [row]},
         ("papercut_user: create %d users at %.0f ms/call, concurrency %d"
          % (args.users, args.latency_ms, args.concurrency),
          "seconds (median)", [(label, row["wall_s"], row["floor_s"])]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
