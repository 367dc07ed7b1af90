# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Serve any simulator over HTTPS with a freshly generated self-signed certificate.

SavaPage's simulator is HTTPS by itself; this wraps the others (PaperCut, Printix)
with the same certificate code, for the TLS tests:

    sim = https(PaperCutSimulator)().start()   # sim.url is https://..., sim.ca_path the certificate
"""

import os
import ssl
import tempfile
import threading

from ._base import _Handler
from .savapage import _TLSServer, make_certificate


def https(simulator_class):
    """A subclass of ``simulator_class`` that serves HTTPS; ``ca_path`` names its certificate."""

    class HttpsSimulator(simulator_class):
        ca_path = None
        _tls_dir = None

        @property
        def scheme(self):
            return "https"

        def start(self):
            sim = self

            class Handler(_Handler):
                simulator = sim

            self._tls_dir = tempfile.mkdtemp(prefix="%s-tls-" % self.product)
            cert_path, key_path = make_certificate(self._tls_dir, self.host)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(cert_path, key_path)
            self.httpd = _TLSServer((self.host, self.port), Handler)
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True,
                                                    do_handshake_on_connect=False)
            self.ca_path = cert_path
            self.port = self.httpd.server_address[1]
            self.thread = threading.Thread(target=self.httpd.serve_forever, name="%s-tls-sim" % self.product,
                                           daemon=True)
            self.thread.start()
            return self

        def stop(self):
            super().stop()
            if self._tls_dir:
                for name in os.listdir(self._tls_dir):
                    os.unlink(os.path.join(self._tls_dir, name))
                os.rmdir(self._tls_dir)
                self._tls_dir = None

    HttpsSimulator.__name__ = "Https" + simulator_class.__name__
    return HttpsSimulator
