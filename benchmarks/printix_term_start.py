# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: term start on Printix, one new card each for 1,000 people of a 5,000-user tenant.

The realistic scenario of issue 20, beside printix_cards.py (1,000 cards for 50 users):
a tenant of --users people (--guests of them guest users), of whom --people each get one
new card in one printix_card task, then the unchanged re-run of the same task. Runs the
real ansible-playbook against the Printix simulator (a process of its own) at a test rate
limit (--rate requests/minute, bucket --burst), so that it takes a minute, not half an hour.

Printed per run: the API calls by kind from the simulator's log (token requests and 429
answers aside), calls per card, the floor (calls / allowed rate), the wall time and its
ratio to the floor, and what the same calls would take at Printix's real limit of 100
requests a minute (its bucket of 100 aside: (calls - 100) x 0.6 s).

    .venv/bin/python benchmarks/printix_term_start.py --repeats 1

Not part of the test run; it fails only when the task fails or reports an unexpected outcome.
"""

from __future__ import annotations

import argparse
import sys

from _bench import (PRINTIX_ENV, Ansible, SimProcess, load_average, machine, median, print_table, printix_defaults, save,
                    wait_for_quiet)

LOOKUPS = ("root", "list_users")
READS = ("get_card", "get_user", "list_cards")
REAL_RATE = 100.0 / 60.0  # seed 003, "Rate Limiting"
REAL_BUCKET = 100


def by_kind(calls):
    counts = {"lookups": 0, "reads": 0, "writes": 0}
    for call in calls:
        kind = "lookups" if call["method"] in LOOKUPS else "reads" if call["method"] in READS else "writes"
        counts[kind] += 1
    return counts


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--users", type=int, default=5000)
    parser.add_argument("--guests", type=int, default=200, help="of --users, how many are guest users")
    parser.add_argument("--people", type=int, default=1000, help="people getting one new card each")
    parser.add_argument("--rate", type=float, default=3000, help="simulator's allowed requests per minute")
    parser.add_argument("--burst", type=int, default=20, help="simulator's token bucket size")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--max-load", type=float, default=0, help="first wait for the 1-minute load to drop below")
    args = parser.parse_args(argv)
    if args.max_load:
        wait_for_quiet(args.max_load, 1200)

    regular = args.users - args.guests
    seed = {"users": [{"email": "student%05d@campus.example" % i, "fullName": "Student %d" % i, "role": "USER"}
                      for i in range(regular)]
            + [{"email": "visitor%04d@partner.example" % i, "fullName": "Visitor %d" % i, "role": "GUEST_USER"}
               for i in range(args.guests)]}
    # people spread over the tenant, a twentieth of them guests, each with one new card
    guests = min(args.guests, args.people // 20)
    step = max(regular // max(args.people - guests, 1), 1)
    emails = ["Student%05d@Campus.example" % (i * step) for i in range(args.people - guests)]
    emails += ["visitor%04d@partner.example" % i for i in range(guests)]
    items = [{"user": email, "card_number": "T%07d" % n} for n, email in enumerate(emails)]
    task = {"name": "cards", "printops.print_management.printix_card": {
        "cards": "{{ bench_cards }}", "concurrency": args.concurrency}}
    env = PRINTIX_ENV
    print("printix_card term start: %d people (%d guests) of a %d-user tenant (%d guests), one new card each; "
          "simulator limit %.0f requests/min (bucket %d), concurrency %d, %d repeats  (%s)"
          % (args.people, guests, args.users, args.guests, args.rate, args.burst, args.concurrency, args.repeats,
             machine()))
    measured = {"new cards": [], "re-run": []}
    ansible = Ansible()
    try:
        with SimProcess("printix") as sim:
            defaults = printix_defaults(sim.url)
            for repeat in range(args.repeats):
                sim.inspector.reset(seed)
                sim.configure(rate_per_minute=args.rate, burst=args.burst)
                for label in ("new cards", "re-run"):
                    sim.inspector.clear_calls()
                    load_before = load_average()
                    elapsed, results = ansible.run([task], module_defaults=defaults, env=env,
                                                   extra_vars={"bench_cards": items})
                    result = results["cards"][0]
                    calls = [c for c in sim.inspector.calls() if c["method"] != "token"]
                    accepted = [c for c in calls if c["status"] != 429]
                    throttled = len(calls) - len(accepted)
                    window = (accepted[-1]["time"] - accepted[0]["time"]) if len(accepted) > 1 else elapsed
                    expect = "created" if label == "new cards" else "unchanged"
                    if result.get("summary", {}).get(expect) != args.people or result["summary"].get("failed"):
                        raise RuntimeError("%s: unexpected result %s" % (label, result.get("summary") or result))
                    kinds = by_kind(accepted)
                    if result.get("api_calls") and result["api_calls"]["total"] != len(accepted):
                        raise RuntimeError("%s: the module reported %s, the simulator logged %d calls"
                                           % (label, result["api_calls"], len(accepted)))
                    measured[label].append({"wall": elapsed, "calls": len(accepted), "kinds": kinds,
                                            "throttled": throttled, "window": window,
                                            "load": (load_before, load_average()),
                                            "module_report": result.get("rate_limit")})
                    print("  %d/%d %-9s %7.2f s  %d calls (%s; %d answered 429), API phase %.2f s  load %.2f-%.2f"
                          % (repeat + 1, args.repeats, label, elapsed, len(accepted),
                             ", ".join("%s %d" % kv for kv in sorted(kinds.items())), throttled, window,
                             load_before, load_average()), flush=True)
    finally:
        ansible.close()

    rate = args.rate / 60.0
    rows = []
    for label, runs in measured.items():
        calls = median([r["calls"] for r in runs])
        row = {"scenario": "term start, %s" % label, "items": args.people, "wall_s": median([r["wall"] for r in runs]),
               "calls": calls, "per_card": calls / float(args.people), "kinds": runs[-1]["kinds"],
               "throttled": median([r["throttled"] for r in runs]), "window_s": median([r["window"] for r in runs]),
               "rate_per_min": args.rate, "burst": args.burst, "runs": [r["wall"] for r in runs],
               "loads": [r["load"] for r in runs], "module_report": runs[-1]["module_report"]}
        row["floor_s"] = calls / rate
        row["ratio"] = row["wall_s"] / row["floor_s"]
        row["pct_rate_api"] = 100.0 * calls / (args.burst + rate * row["window_s"])
        row["real_min"] = max(calls - REAL_BUCKET, 0) / REAL_RATE / 60.0
        rows.append(row)
    print_table("Printix term start at %.0f requests/min (medians of %d)" % (args.rate, args.repeats), rows, [
        ("scenario", "scenario", "%s"), ("items", "cards", "%d"), ("calls", "API calls", "%d"),
        ("per_card", "calls/card", "%.3f"), ("throttled", "429s", "%d"), ("wall_s", "wall s", "%.2f"),
        ("floor_s", "floor s (calls/rate)", "%.2f"), ("ratio", "ratio", "%.2fx"),
        ("pct_rate_api", "% of allowed (API phase)", "%.1f"), ("real_min", "min at 100/min", "%.1f")])
    for row in rows:
        print("  %s: %s" % (row["scenario"], ", ".join("%s %d" % kv for kv in sorted(row["kinds"].items()))))
    print("  module rate_limit report (last run): %s" % rows[-1]["module_report"])
    title = "printix_card term start: %d new cards, %d-user tenant, %.0f requests/min" % (
        args.people, args.users, args.rate)
    save("printix_term_start", {"rows": rows},
         (title, "seconds (median)", [(r["scenario"], r["wall_s"], r["floor_s"]) for r in rows]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
