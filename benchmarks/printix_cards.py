# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: register N Printix cards in one printix_card task under a rate limit.

Runs the real ansible-playbook against the Printix simulator (in a process of its
own) whose token bucket allows --rate requests per minute with a bucket of --burst,
then re-runs the same task (the idempotent pass: look-ups only). Each repeat starts
from the same seeded users and no cards. The floor is what the limit allows: the
API calls made (token requests excluded) divided by the allowed rate; the ratio
is the task's wall time (Ansible start-up included) over that floor, and "% of
rate" is the accepted requests per second over the allowed rate, both over the
whole task and over the API phase alone (first to last call in the simulator's log).
429 answers are counted from the simulator's state; the task must not fail.

    .venv/bin/python benchmarks/printix_cards.py --cards 1000 --rate 3000 --burst 20

At the real limit (--rate 100) 1,000 new cards take about 20 minutes: each new card
costs two requests (look-up, register), plus the users' listing (one call per 1,000
users of a role, or one query per email when that is fewer; see printix_term_start.py).
Not part of the test run; it measures and prints, it does not pass or fail except
when the task itself fails.
"""

from __future__ import annotations

import argparse
import sys

from _bench import (PRINTIX_ENV, Ansible, SimProcess, load_average, machine, median, print_table, printix_defaults, save,
                    wait_for_quiet)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--cards", type=int, default=1000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rate", type=float, default=3000, help="simulator's allowed requests per minute")
    parser.add_argument("--burst", type=int, default=20, help="simulator's token bucket size")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--latency-ms", type=float, default=0, help="simulated network latency per call")
    parser.add_argument("--max-load", type=float, default=0, help="first wait for the 1-minute load to drop below")
    args = parser.parse_args(argv)
    if args.max_load:
        wait_for_quiet(args.max_load, 1200)

    seed = {"users": [{"email": "u%04d@example.com" % i, "fullName": "User %d" % i, "role": "USER"}
                      for i in range(args.users)]}
    items = [{"user": "u%04d@example.com" % (i % args.users), "card_number": "B%07d" % i} for i in range(args.cards)]
    task = {"name": "cards", "printops.print_management.printix_card": {
        "cards": "{{ bench_cards }}", "concurrency": args.concurrency, "rate_limit_timeout": 3600}}
    env = PRINTIX_ENV
    print("printix_card: %d cards for %d users, simulator limit %.0f requests/min (bucket %d), concurrency %d, "
          "%d repeats  (%s)" % (args.cards, args.users, args.rate, args.burst, args.concurrency, args.repeats,
                                machine()))
    measured = {"register": [], "re-run": []}
    ansible = Ansible()
    try:
        with SimProcess("printix", latency_ms=args.latency_ms) as sim:
            defaults = printix_defaults(sim.url)
            for repeat in range(args.repeats):
                sim.inspector.reset(seed)
                sim.configure(rate_per_minute=args.rate, burst=args.burst)
                for label in ("register", "re-run"):
                    sim.inspector.clear_calls()
                    throttled_before = sim.inspector.state()["rate_limit"]["throttled"]
                    elapsed, results = ansible.run([task], module_defaults=defaults, env=env,
                                                   extra_vars={"bench_cards": items})
                    result = results["cards"][0]
                    calls = [c for c in sim.inspector.calls() if c["method"] != "token"]
                    throttled = sim.inspector.state()["rate_limit"]["throttled"] - throttled_before
                    accepted = len(calls) - throttled
                    window = (calls[-1]["time"] - calls[0]["time"]) if len(calls) > 1 else elapsed
                    expect = "created" if label == "register" else "unchanged"
                    if result["summary"].get(expect) != args.cards or result["summary"].get("failed"):
                        raise RuntimeError("%s: unexpected summary %s" % (label, result["summary"]))
                    measured[label].append({"wall": elapsed, "calls": len(calls), "accepted": accepted,
                                            "throttled": throttled, "window": window,
                                            "module_report": result.get("rate_limit")})
                    print("  %d/%d %-8s %7.2f s  %d calls (%d answered 429), API phase %.2f s  load %.2f"
                          % (repeat + 1, args.repeats, label, elapsed, len(calls), throttled, window,
                             load_average()), flush=True)
    finally:
        ansible.close()

    rate = args.rate / 60.0
    rows = []
    for label, runs in measured.items():
        row = {"scenario": "cards %s" % label, "items": args.cards, "wall_s": median([r["wall"] for r in runs]),
               "calls": median([r["accepted"] for r in runs]), "throttled": median([r["throttled"] for r in runs]),
               "window_s": median([r["window"] for r in runs]), "rate_per_min": args.rate, "burst": args.burst,
               "runs": [r["wall"] for r in runs], "module_report": runs[-1]["module_report"]}
        row["floor_s"] = row["calls"] / rate
        row["ratio"] = row["wall_s"] / row["floor_s"]
        row["pct_rate_task"] = 100.0 * row["calls"] / row["wall_s"] / rate
        row["pct_rate_api"] = 100.0 * row["calls"] / row["window_s"] / rate
        rows.append(row)
    print_table("Printix card registration at %.0f requests/min (medians of %d)" % (args.rate, args.repeats), rows, [
        ("scenario", "scenario", "%s"), ("items", "cards", "%d"), ("wall_s", "wall s (median)", "%.2f"),
        ("calls", "API calls", "%d"), ("throttled", "429s", "%d"), ("floor_s", "floor s (calls/rate)", "%.2f"),
        ("ratio", "ratio", "%.2fx"), ("pct_rate_task", "% of rate (task)", "%.1f"),
        ("pct_rate_api", "% of rate (API phase)", "%.1f")])
    print("  module rate_limit report (last run): %s" % rows[-1]["module_report"])
    save("printix_cards", {"rows": rows},
         ("printix_card: %d cards at %.0f requests/min, concurrency %d" % (args.cards, args.rate, args.concurrency),
          "seconds (median)", [(r["scenario"], r["wall_s"], r["floor_s"]) for r in rows]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
