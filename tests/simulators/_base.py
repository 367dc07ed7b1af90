# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared machinery of the product simulators.

Each simulator is a threaded HTTP server that serves the product's API and,
on the same port under ``/_sim/``, an inspection API for tests and the demo:

    GET    /_sim/health              {"ok": true, "product": ...}
    GET    /_sim/state               the simulator's state as JSON
    GET    /_sim/calls               {"calls": [...]}: every API call, oldest first
    DELETE /_sim/calls               clear the call log
    POST   /_sim/reset               empty state, log, faults (body: optional seed)
    POST   /_sim/seed                add objects (product-specific JSON body)
    GET    /_sim/faults              pending injected faults
    POST   /_sim/faults              inject: {"kind": ..., "count": 1, "method": null, ...}
    DELETE /_sim/faults              clear pending faults
    POST   /_sim/config              {"latency_ms": N, ...} (product-specific keys too)

``latency_ms`` is the round trip of every API call: its answer leaves that long
after the request arrived, the simulator's own work included (a ``delay`` fault
counts within it). Requests are parsed with a lean header reader and answered with
one write, so that at thousands of calls the simulator is never the bottleneck of
what it measures.

A call-log entry is {"seq", "time", "method", "path", "args", "write", "ok",
"status", "error"}; ``write`` says whether the call changes state, so a test
proves "no write" by filtering on it.

Fault kinds (``method`` restricts a fault to calls of that method; ``count``
is how many matching calls it hits):

    http_status   answer ``status`` (default 500) with ``body``, without processing
    drop          close the connection without processing or answering
    drop_after    process the call (apply the write), then close without answering
    delay         sleep ``seconds`` then process normally (for timeouts)
    garbage       answer 200 with ``body`` and ``content_type``, without processing
    <product>     product-specific kinds (an XML-RPC fault for PaperCut, ...)
"""

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Fault(object):
    def __init__(self, spec):
        self.kind = spec["kind"]
        self.count = int(spec.get("count", 1))
        self.method = spec.get("method")
        self.spec = spec

    def as_dict(self):
        data = dict(self.spec)
        data["count"] = self.count
        return data


class Simulator(object):
    """Base class: subclasses implement ``handle_api`` and the state hooks."""

    product = "base"

    def __init__(self, host="127.0.0.1", port=0, latency_ms=0):
        self.host = host
        self.port = port
        self.latency_ms = latency_ms
        self.lock = threading.RLock()
        self.calls = []
        self.faults = []
        self._seq = 0
        self.httpd = None
        self.thread = None
        self.reset_state()

    # -- hooks for subclasses ----------------------------------------------------
    def reset_state(self):
        raise NotImplementedError

    def state_json(self):
        raise NotImplementedError

    def seed(self, data):
        raise NotImplementedError

    def configure(self, data):
        """Product-specific configuration keys; return the unknown ones."""
        return dict(data)

    def handle_api(self, request):
        """Serve one API request; return a Response."""
        raise NotImplementedError

    # -- call log and faults ------------------------------------------------------
    def log_call(self, method, path, args, write, ok, status=200, error=None):
        with self.lock:
            self._seq += 1
            entry = {"seq": self._seq, "time": time.time(), "method": method, "path": path,
                     "args": args, "write": bool(write), "ok": bool(ok), "status": status, "error": error}
            self.calls.append(entry)
            return entry

    def take_fault(self, method):
        """Consume and return the first pending fault matching ``method``."""
        with self.lock:
            for fault in self.faults:
                if fault.method and fault.method != method:
                    continue
                fault.count -= 1
                if fault.count <= 0:
                    self.faults.remove(fault)
                return fault
        return None

    # -- lifecycle ---------------------------------------------------------------
    def start(self):
        sim = self

        class Handler(_Handler):
            simulator = sim

        self.httpd = _Server((self.host, self.port), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="%s-sim" % self.product, daemon=True)
        self.thread.start()
        return self

    def stop(self):
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None

    @property
    def scheme(self):
        return "http"

    @property
    def url(self):
        return "%s://%s:%s" % (self.scheme, self.host, self.port)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class Request(object):
    def __init__(self, handler, method, path, query, headers, body):
        self.handler = handler
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.client_ip = handler.client_address[0]


class Response(object):
    def __init__(self, status=200, body=b"", content_type="application/json", headers=None):
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers = headers or {}


class DropConnection(Exception):
    """Raised by a handler to close the connection without answering."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


class Headers(object):
    """Request headers: names as sent, ``get`` case-insensitive (what http.server's email-based
    parser gives, for a fraction of its CPU: it was a third of the simulator's time per call)."""

    def __init__(self):
        self._items = []
        self._index = {}

    def add(self, name, value):
        self._items.append((name, value))
        self._index.setdefault(name.lower(), value)

    def get(self, name, default=None):
        return self._index.get(name.lower(), default)

    def __getitem__(self, name):
        return self._index.get(name.lower())

    def __contains__(self, name):
        return name.lower() in self._index

    def __len__(self):
        return len(self._items)

    def keys(self):
        return [name for name, _value in self._items]

    def items(self):
        return list(self._items)


_MAX_HEADERS = 100
_MAX_LINE = 65536


class _Handler(BaseHTTPRequestHandler):
    simulator = None
    protocol_version = "HTTP/1.1"
    # http.server writes headers and body in two sends; with Nagle on, the
    # body waits for the client's delayed ACK (~40 ms per call on keep-alive).
    disable_nagle_algorithm = True

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        pass

    def parse_request(self):
        """Read the request line and headers (HTTP/1.0 and 1.1; what the clients under test send)."""
        self.arrived = time.monotonic()
        self.command = None
        self.request_version = version = self.default_request_version
        self.close_connection = True
        self.requestline = requestline = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n")
        words = requestline.split()
        if len(words) != 3 or not words[2].startswith("HTTP/1."):
            self.send_error(400, "Bad request line %r" % requestline)
            return False
        self.command, self.path, self.request_version = words
        version = words[2]
        headers = Headers()
        while True:
            line = self.rfile.readline(_MAX_LINE + 1)
            if len(line) > _MAX_LINE:
                self.send_error(431, "Line too long")
                return False
            if line in (b"\r\n", b"\n", b""):
                break
            name, sep, value = line.decode("iso-8859-1").partition(":")
            if not sep or not name.strip():
                self.send_error(400, "Bad header line %r" % line)
                return False
            headers.add(name.strip(), value.strip())
            if len(headers) > _MAX_HEADERS:
                self.send_error(431, "Too many headers")
                return False
        self.headers = headers
        connection = (headers.get("Connection") or "").lower()
        self.close_connection = connection == "close" or (version == "HTTP/1.0" and connection != "keep-alive")
        return True

    _date = (0, "")

    def date_time_string(self, timestamp=None):
        # formatted once a second, not once a call
        now = int(time.time()) if timestamp is None else int(timestamp)
        if self._date[0] != now:
            _Handler._date = (now, BaseHTTPRequestHandler.date_time_string(self, now))
        return self._date[1]

    def _dispatch(self):
        from urllib.parse import parse_qs, urlsplit

        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        query = dict((k, v[-1]) for k, v in parse_qs(parts.query, keep_blank_values=True).items())
        request = Request(self, self.command, parts.path, query, self.headers, body)
        sim = self.simulator
        try:
            if parts.path.startswith("/_sim/"):
                response = self._inspect(request)
            else:
                try:
                    response = sim.handle_api(request)
                finally:
                    if sim.latency_ms:
                        # the answer (or the drop) leaves latency_ms after the request arrived:
                        # the simulator's own work is part of that round trip, not added to it
                        remaining = sim.latency_ms / 1000.0 - (time.monotonic() - self.arrived)
                        if remaining > 0:
                            time.sleep(remaining)
        except DropConnection:
            self._drop()
            return
        self._send(response)

    def _drop(self):
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _send(self, response):
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        # the head and the body in one write: one packet for a small answer (end_headers()
        # followed by a write of the body would be two sends, and the second waits for
        # this thread to get the GIL back)
        self._headers_buffer.append(b"\r\n")
        self._headers_buffer.append(response.body)
        self.flush_headers()

    def _inspect(self, request):
        sim = self.simulator
        path, verb = request.path, request.method
        data = json.loads(request.body.decode("utf-8") or "null") if request.body else None
        if path == "/_sim/health":
            return Response(200, {"ok": True, "product": sim.product})
        if path == "/_sim/state" and verb == "GET":
            with sim.lock:
                return Response(200, sim.state_json())
        if path == "/_sim/calls" and verb == "GET":
            with sim.lock:
                return Response(200, {"calls": list(sim.calls)})
        if path == "/_sim/calls" and verb == "DELETE":
            with sim.lock:
                sim.calls = []
            return Response(200, {"ok": True})
        if path == "/_sim/reset" and verb == "POST":
            with sim.lock:
                sim.reset_state()
                sim.calls = []
                sim.faults = []
                if data:
                    sim.seed(data)
            return Response(200, {"ok": True})
        if path == "/_sim/seed" and verb == "POST":
            with sim.lock:
                sim.seed(data or {})
            return Response(200, {"ok": True})
        if path == "/_sim/faults":
            with sim.lock:
                if verb == "POST":
                    specs = data if isinstance(data, list) else [data]
                    for spec in specs:
                        sim.faults.append(Fault(spec))
                elif verb == "DELETE":
                    sim.faults = []
                return Response(200, {"faults": [f.as_dict() for f in sim.faults]})
        if path == "/_sim/config" and verb == "POST":
            with sim.lock:
                data = dict(data or {})
                if "latency_ms" in data:
                    sim.latency_ms = float(data.pop("latency_ms"))
                unknown = sim.configure(data)
            if unknown:
                return Response(400, {"error": "unknown config keys: %s" % sorted(unknown)})
            return Response(200, {"ok": True})
        return Response(404, {"error": "no inspection route %s %s" % (verb, path)})

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _dispatch


def apply_generic_fault(fault, process):
    """Carry out the generic fault kinds; return a Response or None.

    ``process`` runs the call for real (used by ``drop_after`` and ``delay``).
    Returns None when ``fault`` is a product-specific kind.
    """
    spec = fault.spec
    if fault.kind == "http_status":
        return Response(int(spec.get("status", 500)), spec.get("body", "<html><body>Internal Server Error</body></html>"),
                        content_type=spec.get("content_type", "text/html"))
    if fault.kind == "drop":
        raise DropConnection()
    if fault.kind == "drop_after":
        process()
        raise DropConnection()
    if fault.kind == "delay":
        time.sleep(float(spec.get("seconds", 1)))
        return process()
    if fault.kind == "garbage":
        return Response(200, spec.get("body", "<html>not what you expected</html>"),
                        content_type=spec.get("content_type", "text/html"))
    return None
