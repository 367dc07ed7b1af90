# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: trx_report_accounts
short_description: The accounts named in a SavaPage transaction report
version_added: 1.1.0
description:
  - Reads the CSV text of a SavaPage account transaction report, as M(printops.print_management.savapage_report)
    downloads it, and returns the distinct names of its C(Account) column, in first-seen order.
  - The onboarding role uses it to find the accounts that were given their initial balance already.
  - "Not P(printops.print_management.people_csv#filter): a report holds negative amounts and free-text comments,
    which that filter rightly refuses in a list of people."
author:
  - printops contributors (@printops)
options:
  _input:
    description: The report's CSV text.
    type: str
    required: true
  column:
    description: The column that names the account.
    type: str
    default: Account
"""

EXAMPLES = r"""
- name: Accounts that were given an initial balance
  ansible.builtin.debug:
    msg: "{{ report.content | b64decode | printops.print_management.trx_report_accounts }}"
"""

RETURN = r"""
_value:
  description: The account names.
  type: list
  elements: str
"""

import csv

from ansible.errors import AnsibleFilterError


def trx_report_accounts(text, column="Account"):
    if not isinstance(text, str):
        raise AnsibleFilterError("trx_report_accounts: expected the CSV text of a report, got %s" % type(text).__name__)
    rows = list(csv.reader(text.lstrip("\ufeff").splitlines()))
    if not rows:
        return []
    header = [c.strip() for c in rows[0]]
    if column not in header:
        raise AnsibleFilterError("trx_report_accounts: the report has no %r column (columns: %s)"
                                 % (column, ", ".join(header)))
    index = header.index(column)
    names = []
    for row in rows[1:]:
        if len(row) > index and row[index].strip() and row[index].strip() not in names:
            names.append(row[index].strip())
    return names


class FilterModule(object):
    def filters(self):
        return {"trx_report_accounts": trx_report_accounts}
