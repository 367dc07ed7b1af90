# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: bulk_summary
short_description: One line that sums up what bulk tasks did
version_added: 1.1.0
description:
  - Adds up the C(summary) of registered bulk task results (a task's result, or the C(results) of a task fed in
    batches with C(loop)) and names the items that failed.
  - Tasks that were skipped or did not run count for nothing; when none ran, the line says C(not run).
author:
  - printops contributors (@printops)
options:
  _input:
    description: Registered results of bulk tasks.
    type: list
    elements: dict
    required: true
  label:
    description: What the line is about, for example C(PaperCut users).
    type: str
    required: true
  items:
    description: The key of the per-item results that holds the results (C(users), C(accounts), C(cards)).
    type: str
    required: true
  key:
    description: The item key that names an item (C(username), C(name), C(card_number)).
    type: str
    default: name
"""

EXAMPLES = r"""
- name: Summary
  ansible.builtin.debug:
    msg: "{{ [users_result] | printops.print_management.bulk_summary('PaperCut users', 'users', key='username') }}"
# PaperCut users: 3 created, 1 updated, 0 deleted, 36 unchanged, 1 failed (p017)
"""

RETURN = r"""
_value:
  description: The summary line.
  type: str
"""

from ansible_collections.printops.print_management.plugins.plugin_utils._people import require_list

COUNTS = ("created", "updated", "deleted", "unchanged", "failed")


def _runs(result):
    if not isinstance(result, dict) or not result or result.get("skipped"):
        return []
    if isinstance(result.get("results"), list):
        return [r for run in result["results"] for r in _runs(run)]
    return [result]


def bulk_summary(results, label, items, key="name"):
    totals = dict((c, 0) for c in COUNTS)
    failed = []
    ran = False
    for run in (r for result in require_list("results", results) for r in _runs(result)):
        ran = True
        for count in COUNTS:
            totals[count] += int((run.get("summary") or {}).get(count, 0) or 0)
        failed.extend(str(i.get(key)) for i in run.get(items) or [] if isinstance(i, dict) and i.get("failed"))
        if run.get("failed") and not run.get(items):
            failed.append("the whole task: %s" % run.get("msg", "failed"))
    if not ran:
        return "%s: not run" % label
    line = "%s: %s" % (label, ", ".join("%d %s" % (totals[c], c) for c in COUNTS))
    if failed:
        line += " (failed: %s%s)" % (", ".join(failed[:20]), " ..." if len(failed) > 20 else "")
    return line


class FilterModule(object):
    def filters(self):
        return {"bulk_summary": bulk_summary}
