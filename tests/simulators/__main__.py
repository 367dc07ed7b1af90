# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run a simulator standalone: ``python -m tests.simulators papercut --port 0``.

Prints the port it listens on (one line, then flushes), serves until killed.
"""

import argparse
import json
import signal
import sys
import threading

from tests.simulators import SIMULATORS, load


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.simulators")
    parser.add_argument("product", choices=sorted(SIMULATORS))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency-ms", type=float, default=0)
    # printix: how an unknown card is answered (403, the seed's reading, is the default; 404 as some
    # live clients report); the same as --option unknown_card_status=404
    parser.add_argument("--printix-unknown-card", dest="option", action="append", default=[], metavar="{403,404}",
                        type="unknown_card_status={}".format,
                        choices=("unknown_card_status=403", "unknown_card_status=404"),
                        help="printix: answer an unknown card with this status (default 403)")
    parser.add_argument("--seed", help="JSON file with objects to seed")
    parser.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                        help="product-specific constructor option, e.g. auth_token=...")
    # the readings where sources disagree: tests/simulators/README.md lists them with their sources
    parser.add_argument("--savapage-release", choices=("1.6", "1.5"),
                        help="savapage: behave as this release (default 1.6, the seed's; 1.5 sets where adjust is "
                             "asked and answers without result)")
    args = parser.parse_args(argv)
    options = dict(item.split("=", 1) for item in args.option)
    if args.savapage_release:
        if args.product != "savapage":
            parser.error("--savapage-release applies to the savapage simulator only")
        options["release"] = args.savapage_release
    sim = load(args.product)(host=args.host, port=args.port, latency_ms=args.latency_ms, **options)
    if args.seed:
        with open(args.seed) as handle:
            sim.seed(json.load(handle))
    sim.start()
    print(sim.port, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: stop.set())
    signal.signal(signal.SIGINT, lambda *a: stop.set())
    stop.wait()
    sim.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
