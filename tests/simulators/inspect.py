# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A small client of a simulator's inspection API (``/_sim/``), for tests and the demo."""

import json
import urllib.request


class Inspector(object):
    def __init__(self, base_url, ca_path=None):
        self.base_url = base_url.rstrip("/")
        self._context = None
        if base_url.startswith("https"):
            import ssl
            self._context = ssl.create_default_context(cafile=ca_path) if ca_path else ssl._create_unverified_context()

    def _req(self, verb, path, data=None):
        body = None if data is None else json.dumps(data).encode("utf-8")
        request = urllib.request.Request(self.base_url + "/_sim/" + path, data=body, method=verb,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30, context=self._context) as response:
            return json.loads(response.read().decode("utf-8") or "null")

    def state(self):
        return self._req("GET", "state")

    def calls(self):
        return self._req("GET", "calls")["calls"]

    def writes(self):
        return [c for c in self.calls() if c["write"]]

    def clear_calls(self):
        return self._req("DELETE", "calls")

    def reset(self, seed=None):
        return self._req("POST", "reset", seed or {})

    def seed(self, data):
        return self._req("POST", "seed", data)

    def fault(self, kind, count=1, method=None, **spec):
        spec.update({"kind": kind, "count": count, "method": method})
        return self._req("POST", "faults", spec)

    def clear_faults(self):
        return self._req("DELETE", "faults")

    def configure(self, **options):
        return self._req("POST", "config", options)
