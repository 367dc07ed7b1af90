# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Summarise the latest figures of every benchmark (benchmarks/output/*.json) in one table and chart.

Prints a Markdown table (the one in benchmarks/README.md) with each scenario's
median wall time, API calls, floor and ratio to the floor, the loop baseline's
per-item comparison and the peak memory, and writes benchmarks/output/summary.png.

    .venv/bin/python benchmarks/report.py
"""

from __future__ import annotations

import json
import sys

from _bench import OUTPUT, draw


def load(name):
    path = OUTPUT / ("%s.json" % name)
    return json.loads(path.read_text()) if path.exists() else None


def main():
    lines = ["| scenario | items | wall s (median) | API calls (calls/item) | floor s | ratio to floor | note |",
             "|---|---:|---:|---:|---:|---:|---|"]
    bars = []
    machines = []
    for name in ("papercut_bulk_create", "papercut_bulk_unchanged", "papercut_bulk_create_c16"):
        data = load(name)
        if not data:
            continue
        row = data["rows"][0]
        machines.append(data["machine"])
        methods = ", ".join("%s %d" % kv for kv in sorted(row["calls_by_method"].items()))
        lines.append("| PaperCut %s, %.0f ms/call, concurrency %d | %d | %.2f | %d (%.2f) | %.2f (raw client) | %.2fx | "
                     "%.2f ms/user; %s |"
                     % (row["scenario"].split(",")[0], row["latency_ms"], row["concurrency"], row["items"], row["wall_s"],
                        row["calls"], row["calls_per_item"], row["floor_s"], row["ratio"], row["ms_per_item"], methods))
        bars.append(("PaperCut %s" % row["scenario"], row["wall_s"], row["floor_s"]))
    data = load("papercut_loop")
    if data:
        row = data["rows"][0]
        machines.append(data["machine"])
        note = "%.0f ms/user" % row["ms_per_item"]
        if row.get("speedup"):
            note += "; the bulk create is %.0fx faster per user (%.2f ms)" % (row["speedup"], row["bulk_ms_per_item"])
        if row.get("speedup16"):
            note += ", %.0fx at concurrency 16 (%.2f ms)" % (row["speedup16"], row["bulk16_ms_per_item"])
        lines.append("| PaperCut `loop:` over the single-user form, %.0f ms/call | %d | %.2f | %d (%.2f) | - | - | %s |"
                     % (row["latency_ms"], row["items"], row["wall_s"], row["calls"], row["calls_per_item"], note))
    data = load("printix_cards")
    if data:
        machines.append(data["machine"])
        for row in data["rows"]:
            lines.append("| Printix %s, limit %.0f/min (bucket %d) | %d | %.2f | %d | %.2f (calls / rate) | %.2fx | "
                         "%.1f%% of the rate over the task, %.1f%% over the API phase; %d 429s absorbed |"
                         % (row["scenario"], row["rate_per_min"], row["burst"], row["items"], row["wall_s"],
                            row["calls"], row["floor_s"], row["ratio"], row["pct_rate_task"], row["pct_rate_api"],
                            row["throttled"]))
            bars.append(("Printix %s" % row["scenario"], row["wall_s"], row["floor_s"]))
    data = load("papercut_memory")
    if data:
        machines.append(data["machine"])
        for row in data["rows"]:
            lines.append("| PaperCut module peak RSS, %s | %d | %.2f | - | - | - | **%.1f MB** (limit 200 MB) |"
                         % (row["scenario"], row["items"], row["wall_s"], row["peak_mb"]))
    print("\n".join(lines))
    for machine in machines:
        print("\n- %(date)s on %(host)s (%(cpu)s, %(cpus)s CPUs, Python %(python)s), 1-minute load %(load_1min)s"
              % machine, end="")
    print()
    if bars:
        draw(OUTPUT / "summary.png", "printops.print_management benchmarks: task vs floor (medians)", "seconds", bars)
    return 0


if __name__ == "__main__":
    sys.exit(main())
