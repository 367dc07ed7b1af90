# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared machinery of the benchmark scripts (not a benchmark itself).

* :class:`SimProcess` runs a simulator in a process of its own (``python -m
  tests.simulators``), so the server never competes with the code under
  measurement for a GIL, and gives an :class:`Inspector` on it.
* :class:`Ansible` runs real ``ansible-playbook`` tasks with this checkout as
  ``printops.print_management`` (a temporary collections path holding a symlink
  to the repository, the integration tests' harness) and the venv's Python as
  the module interpreter, and times each run.
* :class:`RawPaperCut` is the practical floor for PaperCut: plain keep-alive
  HTTP (``http.client``, one connection per worker), ``xmlrpc.client.dumps``,
  the same calls at the same concurrency, no Ansible, no retries, no validation.
* :func:`median`, :func:`print_table`, :func:`save` (JSON + PNG chart in
  ``benchmarks/output/``) and :func:`machine` (what the figures were taken on).
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import xmlrpc.client
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "benchmarks" / "output"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "integration"))

from _ansible import RESULTS_ENV, base_environment, build_playbook, make_collections_root, read_results  # noqa: E402  pylint: disable=wrong-import-position

# The collection by its full path, as tests/integration/conftest.py makes it (base_environment imports by it)
try:
    import ansible_collections.printops.print_management  # noqa: F401  pylint: disable=unused-import
except ImportError:
    sys.path.insert(0, str(make_collections_root(tempfile.mkdtemp(prefix="printops-bench-"))))
from tests.simulators.inspect import Inspector  # noqa: E402  pylint: disable=wrong-import-position
from tests.simulators.printix import DEFAULT_CLIENTS  # noqa: E402  pylint: disable=wrong-import-position

VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
PAPERCUT_TOKEN = "sim-secret-token"  # tests/simulators/papercut.py DEFAULT_TOKEN


def python():
    """The interpreter for simulators and modules: the venv's, else the one running this."""
    return str(VENV_PYTHON) if VENV_PYTHON.exists() else sys.executable


# -- simulators ----------------------------------------------------------------------------


class SimProcess(object):
    """A simulator in its own process: ``with SimProcess("papercut", latency_ms=20) as sim:``."""

    def __init__(self, product, latency_ms=0, options=()):
        self.product = product
        self.latency_ms = latency_ms
        self.options = list(options)
        self.proc = None
        self.url = None
        self.inspector = None

    def start(self):
        command = [python(), "-m", "tests.simulators", self.product, "--port", "0",
                   "--latency-ms", str(self.latency_ms)]
        for option in self.options:
            command += ["--option", option]
        self.proc = subprocess.Popen(command, cwd=str(ROOT), stdout=subprocess.PIPE, text=True)
        port = self.proc.stdout.readline().strip()
        if not port.isdigit():
            self.stop()
            raise RuntimeError("the %s simulator did not start (printed %r)" % (self.product, port))
        self.url = "http://127.0.0.1:%s" % port
        self.inspector = Inspector(self.url)
        return self

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.proc = None

    def configure(self, **options):
        return self.inspector.configure(**options)

    def calls(self):
        """The call log: ``(count, {method: count})``."""
        calls = self.inspector.calls()
        by_method = {}
        for call in calls:
            by_method[call["method"]] = by_method.get(call["method"], 0) + 1
        return len(calls), by_method

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


# -- ansible-playbook ----------------------------------------------------------------------


class Ansible(object):
    """Runs playbooks against localhost with this checkout as the collection."""

    def __init__(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="printops-bench-")
        self.base = Path(self._tmp.name)
        self.env = base_environment(self.base)
        self.env["ANSIBLE_PYTHON_INTERPRETER"] = python()
        self.env["ANSIBLE_HOST_KEY_CHECKING"] = "False"
        (self.base / "inventory.ini").write_text(
            "localhost ansible_connection=local ansible_python_interpreter=%s\n" % python())
        self.runs = 0

    def run(self, tasks, module_defaults=None, extra_vars=None, env=None, timeout=7200, diff=False):
        """Run the tasks in one play; returns ``(seconds, results)``; raises when the play fails.

        The time is ansible-playbook's alone, from start to exit (start-up, templating,
        the module, the callback); ``results`` maps task names to their result dicts.
        """
        self.runs += 1
        workdir = self.base / ("run-%d" % self.runs)
        workdir.mkdir(parents=True)
        playbook = workdir / "playbook.yml"
        playbook.write_text(yaml.safe_dump(build_playbook(tasks, module_defaults), sort_keys=False))
        command = [str(Path(python()).parent / "ansible-playbook"), str(playbook)]
        if extra_vars:
            (workdir / "vars.json").write_text(json.dumps(extra_vars))
            command += ["--extra-vars", "@%s" % (workdir / "vars.json")]
        if diff:
            command.append("--diff")
        run_env = dict(self.env, **(env or {}))
        run_env[RESULTS_ENV] = str(workdir / "results.jsonl")
        started = time.perf_counter()
        proc = subprocess.run(command, env=run_env, cwd=str(workdir), capture_output=True, text=True,
                              timeout=timeout, check=False)
        elapsed = time.perf_counter() - started
        if proc.returncode != 0:
            raise RuntimeError("ansible-playbook failed (rc %s):\n%s\n%s" % (proc.returncode, proc.stdout[-3000:],
                                                                             proc.stderr[-3000:]))
        results = {}
        for record in read_results(workdir / "results.jsonl"):
            results.setdefault(record.name, []).append(record)
        shutil.rmtree(str(workdir), ignore_errors=True)
        return elapsed, results

    def close(self):
        self._tmp.cleanup()


def papercut_defaults(url):
    """module_defaults for the PaperCut action group; the token comes from the environment."""
    return {"group/printops.print_management.papercut": {
        "papercut_url": url,
        "papercut_auth_token": "{{ lookup('ansible.builtin.env', 'BENCH_PAPERCUT_TOKEN') }}"}}


PAPERCUT_ENV = {"BENCH_PAPERCUT_TOKEN": PAPERCUT_TOKEN}


def printix_defaults(url):
    """module_defaults for the Printix action group (the simulator's Card Manager); the secret comes from PRINTIX_ENV."""
    return {"group/printops.print_management.printix": {
        "printix_client_id": "sim-cardmanager",
        "printix_client_secret": "{{ lookup('ansible.builtin.env', 'BENCH_PRINTIX_SECRET') }}",
        "printix_api_url": url + "/cloudprint", "printix_token_url": url + "/oauth/token"}}


PRINTIX_ENV = {"BENCH_PRINTIX_SECRET": DEFAULT_CLIENTS["sim-cardmanager"]["client_secret"]}


# -- the raw PaperCut client (the floor) ---------------------------------------------------


class RawPaperCut(object):
    """The leanest client that makes the same XML-RPC calls: the practical floor.

    One ``http.client`` keep-alive connection per worker thread, requests built
    with ``xmlrpc.client.dumps``, answers parsed with ``xmlrpc.client.loads``;
    no retries, no validation, no Ansible.
    """

    def __init__(self, url, token=PAPERCUT_TOKEN):
        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port
        self.token = token
        self.local = threading.local()

    def call(self, method, *args):
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = self.local.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        body = xmlrpc.client.dumps((self.token,) + args, methodname="api." + method, encoding="utf-8").encode("utf-8")
        conn.request("POST", "/rpc/api/xmlrpc", body, {"Content-Type": "text/xml; charset=utf-8"})
        response = conn.getresponse()
        data = response.read()
        try:
            return xmlrpc.client.loads(data)[0][0]
        except xmlrpc.client.Fault as fault:
            return fault

    def run(self, items, work, concurrency, setup=None):
        """``setup(self)``, then ``work(self, item)`` for every item with ``concurrency`` threads.

        Returns the seconds the whole took (setup included).
        """
        iterator = iter(items)
        lock = threading.Lock()
        errors = []

        def loop():
            while True:
                with lock:
                    item = next(iterator, None)
                if item is None:
                    break
                try:
                    work(self, item)
                except Exception as exc:  # pylint: disable=broad-except
                    errors.append(exc)
            conn = getattr(self.local, "conn", None)
            if conn is not None:
                conn.close()
                self.local.conn = None

        started = time.perf_counter()
        if setup is not None:
            setup(self)
            conn = getattr(self.local, "conn", None)
            if conn is not None:
                conn.close()
                self.local.conn = None
        threads = [threading.Thread(target=loop) for _n in range(concurrency)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        if errors:
            raise RuntimeError("raw client: %d errors, first: %r" % (len(errors), errors[0]))
        return elapsed


# -- figures -------------------------------------------------------------------------------


def median(values):
    return statistics.median(values) if values else float("nan")


def load_average():
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def wait_for_quiet(max_load, max_wait):
    """Wait (up to ``max_wait`` s) for the 1-minute load average to fall below ``max_load``."""
    deadline = time.monotonic() + max_wait
    while load_average() >= max_load and time.monotonic() < deadline:
        print("  load average %.2f >= %.2f, waiting..." % (load_average(), max_load), flush=True)
        time.sleep(30)
    return load_average()


def parse_args(doc, argv, users=5000, repeats=3, concurrency=8, latency_ms=20.0, more=()):
    """The options every PaperCut timing script takes; waits for a quiet machine when asked.

    ``concurrency=None`` leaves that option out (the loop has none); ``more`` is a list of
    ``(flags, kwargs)`` for a script's own options.
    """
    parser = argparse.ArgumentParser(description=doc.split("\n", maxsplit=1)[0])
    parser.add_argument("--users", type=int, default=users)
    parser.add_argument("--repeats", type=int, default=repeats)
    if concurrency is not None:
        parser.add_argument("--concurrency", type=int, default=concurrency)
    parser.add_argument("--latency-ms", type=float, default=latency_ms)
    parser.add_argument("--max-load", type=float, default=0, help="first wait for the 1-minute load to drop below")
    for flags, kwargs in more:
        parser.add_argument(*flags, **kwargs)
    args = parser.parse_args(argv)
    if args.max_load:
        wait_for_quiet(args.max_load, 1200)
    return args


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), "host": platform.node(),
            "cpu": cpu, "cpus": os.cpu_count(), "python": platform.python_version(),
            "load_1min": round(load_average(), 2)}


def print_table(title, rows, columns):
    """``rows``: list of dicts; ``columns``: list of (key, header, format)."""
    cells = [[header for _key, header, _fmt in columns]]
    for row in rows:
        cells.append([(fmt % row[key]) if row.get(key) is not None else "-" for key, _header, fmt in columns])
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    print("\n" + title)
    for n, line in enumerate(cells):
        print("  " + "  ".join(cell.rjust(width) if i else cell.ljust(width)
                               for i, (cell, width) in enumerate(zip(line, widths))))
        if n == 0:
            print("  " + "  ".join("-" * width for width in widths))


def save(name, payload, chart=None):
    """Write ``benchmarks/output/<name>.json`` and, when ``chart`` is given, ``<name>.png``.

    ``chart``: ``(title, ylabel, [(label, measured, floor or None), ...])``, drawn as
    grouped bars (measured beside its floor).
    """
    OUTPUT.mkdir(parents=True, exist_ok=True)
    payload = dict(payload, machine=machine())
    (OUTPUT / ("%s.json" % name)).write_text(json.dumps(payload, indent=2, sort_keys=True))
    if chart is not None:
        draw(OUTPUT / ("%s.png" % name), *chart)
    return payload


def draw(path, title, ylabel, bars):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("  (matplotlib is not installed: no chart written)")
        return
    labels = [b[0] for b in bars]
    measured = [b[1] for b in bars]
    floors = [b[2] if b[2] is not None else 0 for b in bars]
    positions = range(len(bars))
    width = 0.38
    fig, axis = plt.subplots(figsize=(max(6, 2.2 * len(bars)), 4.2))
    with_floor = any(floors)
    shift = width / 2 if with_floor else 0
    axis.bar([p - shift for p in positions], measured, width, label="Ansible task (median)", color="#3b6ea8")
    if with_floor:
        axis.bar([p + shift for p in positions], floors, width, label="floor", color="#9fb7cf")
    for p, (value, floor) in enumerate(zip(measured, floors)):
        text = "%.1f" % value + ("\n%.2fx" % (value / floor) if floor else "")
        axis.annotate(text, (p - shift, value), ha="center", va="bottom", fontsize=8)
    axis.set_xticks(list(positions))
    axis.set_xticklabels(labels, fontsize=8)
    axis.set_ylabel(ylabel)
    axis.set_title(title, fontsize=10)
    axis.legend(fontsize=8)
    axis.margins(y=0.2)
    fig.tight_layout()
    fig.savefig(str(path), dpi=110)
    plt.close(fig)
    print("  chart: %s" % path.relative_to(ROOT))


# -- the PaperCut bulk scenarios -----------------------------------------------------------

# what each benchmark user sets: the module reads exactly these properties (plus "internal")
USER_PROPERTIES = (("full_name", "full-name"), ("email", "email"), ("department", "department"))


def papercut_users(count):
    return [{"username": "bench%05d" % i, "full_name": "Bench User %d" % i, "email": "bench%05d@example.edu" % i,
             "department": "Dept %d" % (i % 40)} for i in range(count)]


def papercut_directory(users):
    """Seed for the simulator: the users exist in the directory PaperCut imports from."""
    return {"directory": [{"username": u["username"]} for u in users]}


def papercut_seed_users(users):
    """Seed for the simulator: the users already exist as the task wants them."""
    return {"users": [dict([("username", u["username"])] + [(prop, u[opt]) for opt, prop in USER_PROPERTIES])
                      for u in users]}


def papercut_bulk_task(concurrency):
    """The measured task: every user of the list file (see :func:`users_file`) in one papercut_user task."""
    return {"name": "bulk", "printops.print_management.papercut_user": {
        "users": "{{ lookup('ansible.builtin.file', bench_users_file) | from_json }}", "concurrency": concurrency}}


def users_file(ansible, users):
    """Write the users where the play reads them; returns the extra vars naming the file.

    Sites keep lists of thousands of people in files (an export of the student
    record system, read with a lookup as the roles of this collection do), not in
    extra vars: ansible-core 2.19 spends about 1.4 s loading 5,000 items given as
    ``--extra-vars @file`` (it tags every value with its origin), a cost of the way
    a harness passes data rather than of the collection.
    """
    path = ansible.base / "bench_users.json"
    path.write_text(json.dumps(users))
    return {"bench_users_file": str(path)}


def raw_list_users(raw, page_size=1000):
    """What a papercut_user bulk run does first, made with the raw client: list every username."""
    names, offset = set(), 0
    while True:
        page = raw.call("listUserAccounts", offset, page_size)
        names.update(name.lower() for name in page)
        if len(page) < page_size:
            raw.listed = names
            return
        offset += page_size


def raw_reconcile_user(raw, user):
    """What papercut_user does for one user, made with the raw client: read a listed user; create and set
    one that is not listed."""
    if user["username"].lower() in raw.listed:
        raw.call("getUserProperties", user["username"], ["internal"] + [prop for _opt, prop in USER_PROPERTIES])
    else:
        raw.call("addNewUser", user["username"])
        raw.call("setUserProperties", user["username"], [[prop, user[opt]] for opt, prop in USER_PROPERTIES])


def papercut_bulk_scenario(label, users, prepare, concurrency, repeats, latency_ms, expect):
    """Measure the bulk task against the raw client, interleaved, ``repeats`` times each.

    ``prepare(sim)`` puts the simulator in the starting state before every run;
    ``expect`` is the summary key every user must land in (created / unchanged).
    Returns the row for the table and the raw measurements.
    """
    ansible = Ansible()
    measured, floors, ansible_calls, raw_calls = [], [], [], []
    by_method = {}
    try:
        with SimProcess("papercut", latency_ms=latency_ms) as sim:
            for repeat in range(repeats):
                # alternate which goes first, so drift in the machine's load hits both alike
                order = ("ansible", "raw") if repeat % 2 == 0 else ("raw", "ansible")
                for which in order:
                    prepare(sim)
                    sim.inspector.clear_calls()
                    if which == "ansible":
                        elapsed, run = ansible.run([papercut_bulk_task(concurrency)],
                                                   module_defaults=papercut_defaults(sim.url),
                                                   extra_vars=users_file(ansible, users), env=PAPERCUT_ENV)
                        summary = run["bulk"][0]["summary"]
                        if summary[expect] != len(users) or summary["failed"]:
                            raise RuntimeError("%s: unexpected summary %s" % (label, summary))
                        measured.append(elapsed)
                        count, by_method = sim.calls()
                        ansible_calls.append(count)
                    else:
                        floors.append(RawPaperCut(sim.url).run(users, raw_reconcile_user, concurrency, setup=raw_list_users))
                        raw_calls.append(sim.calls()[0])
                    latest = (measured if which == "ansible" else floors)[-1]
                    print("  %s %d/%d %-7s %7.2f s  load %.2f"
                          % (label, repeat + 1, repeats, which, latest, load_average()), flush=True)
    finally:
        ansible.close()
    row = {"scenario": label, "items": len(users), "concurrency": concurrency, "latency_ms": latency_ms,
           "wall_s": median(measured), "floor_s": median(floors), "calls": median(ansible_calls),
           "floor_calls": median(raw_calls), "calls_per_item": median(ansible_calls) / len(users),
           "calls_by_method": by_method, "runs": measured, "floor_runs": floors}
    row["ratio"] = row["wall_s"] / row["floor_s"]
    row["ms_per_item"] = 1000.0 * row["wall_s"] / len(users)
    return row


PAPERCUT_COLUMNS = [("scenario", "scenario", "%s"), ("items", "items", "%d"), ("wall_s", "wall s (median)", "%.2f"),
                    ("calls", "API calls", "%d"), ("calls_per_item", "calls/item", "%.2f"),
                    ("floor_s", "raw client s", "%.2f"), ("ratio", "ratio", "%.2fx"),
                    ("ms_per_item", "ms/item", "%.2f")]
