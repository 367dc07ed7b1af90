# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: register N Printix cards in one printix_card task under a rate limit.

Runs the real ansible-playbook against an in-process Printix simulator whose token
bucket is set by --rate (requests per minute) and --burst, then prints how long the
task took, the request rate it achieved against the allowed one, what the module
reported about the rate limit, and how many 429 answers the simulator sent.
A second run of the same task shows the idempotent pass (reads only).

    .venv/bin/python benchmarks/printix_cards.py --cards 1000 --rate 6000 --burst 20

At the real limit (--rate 100) 1,000 new cards take about 20 minutes: each new card
costs two requests (look-up, register), plus one look-up per distinct user.
Not part of the test run; it measures and prints, it does not pass or fail except
when the task itself fails.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "integration"))

from _ansible import base_environment, run_playbook  # noqa: E402  pylint: disable=wrong-import-position
from tests.simulators.inspect import Inspector  # noqa: E402  pylint: disable=wrong-import-position
from tests.simulators.printix import DEFAULT_CLIENTS, PrintixSimulator  # noqa: E402  pylint: disable=wrong-import-position


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--cards", type=int, default=1000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rate", type=float, default=6000, help="simulator's allowed requests per minute")
    parser.add_argument("--burst", type=int, default=20, help="simulator's token bucket size")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--latency-ms", type=int, default=0, help="simulated network latency per call")
    args = parser.parse_args(argv)

    sim = PrintixSimulator().start()
    try:
        inspector = Inspector(sim.url)
        inspector.seed({"users": [{"email": "u%04d@example.com" % i, "fullName": "User %d" % i, "role": "USER"}
                                  for i in range(args.users)]})
        inspector.configure(rate_per_minute=args.rate, burst=args.burst, latency_ms=args.latency_ms)
        items = [{"user": "u%04d@example.com" % (i % args.users), "card_number": "B%07d" % i}
                 for i in range(args.cards)]
        task = {"name": "cards", "printops.print_management.printix_card": {
            "cards": items, "concurrency": args.concurrency, "rate_limit_timeout": 3600}}
        defaults = {"group/printops.print_management.printix": {
            "printix_client_id": "sim-cardmanager",
            "printix_client_secret": "{{ lookup('ansible.builtin.env', 'BENCH_PRINTIX_SECRET') }}",
            "printix_api_url": sim.url + "/cloudprint", "printix_token_url": sim.url + "/oauth/token"}}
        env = {"BENCH_PRINTIX_SECRET": DEFAULT_CLIENTS["sim-cardmanager"]["client_secret"]}
        with tempfile.TemporaryDirectory(prefix="printops-bench-") as tmp:
            base_env = base_environment(tmp)
            print("printix_card: %d cards for %d users, simulator limit %.0f requests/min (bucket %d), "
                  "concurrency %d" % (args.cards, args.users, args.rate, args.burst, args.concurrency))
            for label in ("create", "re-run"):
                inspector.clear_calls()
                throttled_before = inspector.state()["rate_limit"]["throttled"]
                started = time.monotonic()
                run = run_playbook([task], base_env=base_env, workdir=Path(tmp) / label, module_defaults=defaults,
                                   env=env, timeout=7200)
                elapsed = time.monotonic() - started
                if not run.ok:
                    print(run.describe())
                    return 1
                result = run.task("cards")
                calls = [c for c in inspector.calls() if c["method"] != "token"]
                throttled = inspector.state()["rate_limit"]["throttled"] - throttled_before
                achieved = (len(calls) - throttled) / elapsed * 60 if elapsed else 0
                print("%-7s %7.1f s  summary %s" % (label, elapsed, result["summary"]))
                print("        requests %d (%d answered 429 by the simulator), %.0f accepted/min = %.0f%% of the limit"
                      % (len(calls), throttled, achieved, 100.0 * achieved / args.rate))
                print("        module rate_limit report %s" % result["rate_limit"])
        return 0
    finally:
        sim.stop()


if __name__ == "__main__":
    sys.exit(main())
