# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: CPU the client process spends per PaperCut call, the collection's client beside the raw one.

One thread, one kept connection, ``getUserProperty`` over and over against the simulator in a
process of its own (latency 0), so ``time.process_time()`` of this process is the client's
own cost per call: request building, HTTP, XML-RPC parsing, the retry and redaction rules.
That CPU is what a bulk run's threads share under one GIL. Best of 3 rounds.

    .venv/bin/python benchmarks/papercut_cpu_per_call.py --calls 3000
    .venv/bin/python benchmarks/papercut_cpu_per_call.py --collections /tmp/old   # another checkout's client
"""

from __future__ import annotations

import argparse
import sys
import time

from _bench import PAPERCUT_TOKEN, ROOT, RawPaperCut, SimProcess, machine


def _collection_client(url, collections):
    sys.path.insert(0, collections)
    from ansible_collections.printops.print_management.plugins.module_utils._http import HttpClient, Redactor
    from ansible_collections.printops.print_management.plugins.module_utils._papercut import PaperCutClient

    return PaperCutClient(url, PAPERCUT_TOKEN, http=HttpClient(redactor=Redactor([PAPERCUT_TOKEN])))


def _cpu_per_call(call, calls):
    for _n in range(200):  # warm: connection, caches
        call()
    best = None
    for _round in range(3):
        started = time.process_time()
        for _n in range(calls):
            call()
        spent = (time.process_time() - started) / calls * 1000
        best = spent if best is None else min(best, spent)
    return best


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=3000)
    parser.add_argument("--collections", default=None,
                        help="a collections path holding the printops.print_management to measure (default: this one)")
    args = parser.parse_args(argv)
    if args.collections is None:
        # this checkout as ansible_collections/printops/print_management, as the integration tests do
        from _ansible import make_collections_root  # pylint: disable=import-outside-toplevel
        import tempfile  # pylint: disable=import-outside-toplevel

        args.collections = str(make_collections_root(tempfile.mkdtemp(prefix="bench-cpu-")))
    print("CPU per PaperCut call, client process only, %d calls x 3  (%s)" % (args.calls, machine()))
    with SimProcess("papercut") as sim:
        sim.inspector.reset({"users": [{"username": "alice", "balance": 2.0}]})
        client = _collection_client(sim.url, args.collections)
        raw = RawPaperCut(sim.url)
        ours = _cpu_per_call(lambda: client.call("getUserProperty", "alice", "balance"), args.calls)
        floor = _cpu_per_call(lambda: raw.call("getUserProperty", "alice", "balance"), args.calls)
    print("  collection client: %.3f ms CPU per call  (%s)" % (ours, args.collections))
    print("  raw client:        %.3f ms CPU per call" % floor)
    print("  ratio:             %.2fx" % (ours / floor))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
