# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Secrets the simulators accept, registered with the harness's secret scan.

Loaded by ``_ansible.py`` on the first run; every ansible-playbook run of the
integration suite fails if one of these appears in its output, results or diffs.
Add here any credential a new fixture or simulator introduces.
"""

from __future__ import annotations

from _ansible import register_secret

from ansible_collections.printops.print_management.tests.simulators.papercut import DEFAULT_TOKEN
from ansible_collections.printops.print_management.tests.simulators.printix import DEFAULT_CLIENTS
from ansible_collections.printops.print_management.tests.simulators.savapage import DEFAULT_ADMIN, DEFAULT_JSONRPC_KEY, DEFAULT_TTP_KEY

register_secret(DEFAULT_TOKEN, 'the PaperCut simulator auth token')
for _client_id, _client in sorted(DEFAULT_CLIENTS.items()):
    register_secret(_client['client_secret'], 'the Printix client secret of %s' % _client_id)
register_secret(DEFAULT_ADMIN[1], 'the SavaPage admin password')
register_secret(DEFAULT_JSONRPC_KEY, 'the SavaPage JSON-RPC key')
register_secret(DEFAULT_TTP_KEY, 'the SavaPage TTP API key')
