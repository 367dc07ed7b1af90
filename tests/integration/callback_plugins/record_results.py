# -*- coding: utf-8 -*-
# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Test-only callback: append every task result to a JSON-lines file.

The integration harness reads the file back so tests can assert on the exact
result dict a module returned, instead of scraping ansible-playbook's output.
The file is named by the environment variable PRINTOPS_TEST_RESULTS; without it
the callback does nothing.
"""

from __future__ import annotations

DOCUMENTATION = r"""
name: record_results
type: aggregate
short_description: Record task results as JSON lines for the test harness
description:
  - Appends one JSON object per task result to the file named by E(PRINTOPS_TEST_RESULTS).
requirements:
  - enable in configuration
"""

import json
import os
from collections.abc import Mapping

from ansible.plugins.callback import CallbackBase


def _plain(value):
    """Turn what json cannot encode into something it can, without losing information a test needs."""
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if isinstance(value, bytes):
        return value.decode('utf-8', errors='replace')
    return str(value)


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'record_results'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        self._path = os.environ.get('PRINTOPS_TEST_RESULTS')

    def _record(self, result, status, ignore_errors=False):
        if not self._path:
            return
        # ansible-core 2.19 names these result/task/host; older releases only have the underscored names.
        data = getattr(result, 'result', None)
        if data is None:
            data = result._result
        task = getattr(result, 'task', None) or result._task
        host = getattr(result, 'host', None) or result._host
        record = {
            'task': task.get_name(),
            'action': task.action,
            'host': host.get_name(),
            'status': status,
            'ignore_errors': bool(ignore_errors),
            'result': data,
        }
        line = json.dumps(record, default=_plain, sort_keys=True)
        with open(self._path, 'a', encoding='utf-8') as stream:
            stream.write(line + '\n')

    def v2_runner_on_ok(self, result):
        data = getattr(result, 'result', None)
        if data is None:
            data = result._result
        self._record(result, 'changed' if data.get('changed') else 'ok')

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, 'failed', ignore_errors=ignore_errors)

    def v2_runner_on_skipped(self, result):
        self._record(result, 'skipped')

    def v2_runner_on_unreachable(self, result):
        self._record(result, 'unreachable')
