# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: CPU instructions per PaperCut call (valgrind), the collection's client beside the raw one.

The same calls as papercut_cpu_per_call.py, counted in user-space instructions by valgrind's
callgrind instead of timed: a count that the machine's load does not change (CPU time on a
shared machine grows with the other processes' cache and core use). Each client runs in a
process of its own under valgrind twice, with 200 warm-up calls and with 200 + ``--calls``;
the difference divided by ``--calls`` is its count per call. Kernel work (system calls) is not
counted. Needs ``valgrind`` on the PATH; takes a few minutes (valgrind runs Python ~50x slower).

    .venv/bin/python benchmarks/papercut_instructions_per_call.py --calls 300
    .venv/bin/python benchmarks/papercut_instructions_per_call.py --collections /tmp/old   # another checkout too
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import shutil
import subprocess
import sys
import tempfile

from _bench import PAPERCUT_TOKEN, ROOT, RawPaperCut, SimProcess, machine

WARM = 200


def _child(which, calls, url, collections):
    """In the process valgrind watches: make WARM + ``calls`` calls."""
    if which == "raw":
        call = functools.partial(RawPaperCut(url).call, "getUserProperty", "alice", "balance")
    else:
        sys.path.insert(0, collections)
        from ansible_collections.printops.print_management.plugins.module_utils._http import HttpClient, Redactor
        from ansible_collections.printops.print_management.plugins.module_utils._papercut import PaperCutClient

        client = PaperCutClient(url, PAPERCUT_TOKEN, http=HttpClient(redactor=Redactor([PAPERCUT_TOKEN])))
        call = functools.partial(client.call, "getUserProperty", "alice", "balance")
    for _n in range(WARM + calls):
        call()


def _instructions(which, calls, url, collections):
    with tempfile.TemporaryDirectory(prefix="bench-ir-") as tmp:
        out = os.path.join(tmp, "callgrind.out")
        subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out, sys.executable,
                        os.path.abspath(__file__), "--child", which, str(calls), url, collections],
                       check=True, capture_output=True, env=dict(os.environ, PYTHONHASHSEED="0"))
        with open(out) as handle:
            return int(re.search(r"^(?:summary|totals): (\d+)", handle.read(), re.M).group(1))


def _per_call(which, calls, url, collections):
    return (_instructions(which, calls, url, collections) - _instructions(which, 0, url, collections)) / calls


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--collections", action="append", default=[],
                        help="a collections path holding another printops.print_management to count as well")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        parser.error("valgrind is not installed (apt-get install valgrind)")
    from _ansible import make_collections_root  # pylint: disable=import-outside-toplevel

    mine = str(make_collections_root(tempfile.mkdtemp(prefix="bench-ir-")))
    print("Instructions per PaperCut call, client process only, %d calls  (%s)" % (args.calls, machine()))
    with SimProcess("papercut") as sim:
        sim.inspector.reset({"users": [{"username": "alice", "balance": 2.0}]})
        floor = _per_call("raw", args.calls, sim.url, "")
        for collections in [mine] + args.collections:
            count = _per_call("collection", args.calls, sim.url, collections)
            print("  collection client: %9.0f instructions per call, %.2fx the raw client  (%s)"
                  % (count, count / floor, collections))
    print("  raw client:        %9.0f instructions per call" % floor)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
        sys.exit(0)
    sys.exit(main())
