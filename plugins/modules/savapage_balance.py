#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: savapage_balance
short_description: Set or adjust the balance of SavaPage user, group and shared accounts
version_added: 1.0.0
description:
  - Set the exact balance of a SavaPage account, or add an amount to it, through the RESTful admin services
    (C(/financial/account/balance)).
  - An exact O(balance) is only written when the current balance differs by a cent or more; SavaPage itself
    treats smaller differences as identical.
  - Manage one account with O(name), or many in one task with O(accounts).
  - SavaPage releases differ on this route. SavaPage 1.6 honours O(adjust) and O(details) and answers the new
    balance; SavaPage 1.5 ignores both, always sets the balance to the amount sent, and answers without the new
    balance. The module reads the balance back when the answer does not carry it, so a change is reported as a
    change on every release; O(adjust) is only sent to SavaPage 1.6 or later (see O(adjust)). The
    R(compatibility guide,ansible_collections.printops.print_management.docsite.guide_compatibility) has the
    details and their sources.
author:
  - printops contributors (@printops)
extends_documentation_fragment:
  - printops.print_management.savapage
  - printops.print_management.connection
  - printops.print_management.attributes
  - printops.print_management.attributes.ACTIONGROUP_SAVAPAGE
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  idempotent:
    support: partial
    details:
      - Idempotent with O(balance). O(adjust) adds the amount on every run and always reports a change.
options:
  account_type:
    description:
      - The kind of account. V(USER) is the personal account of the user called O(name).
    type: str
    choices: [USER, GROUP, SHARED]
    default: USER
  name:
    description:
      - The identifying name of the account (the user name for V(USER)). Required unless O(accounts) is given.
      - The account must exist; this module does not create accounts.
    type: str
  balance:
    description:
      - The exact balance the account must have. Written, as a transaction, only when different.
      - Mutually exclusive with O(adjust).
    type: float
  adjust:
    description:
      - Add this amount (negative to subtract) to the account's balance.
      - B(Not idempotent by nature:) every run adds the amount again and reports a change. Prefer O(balance)
        when you know the amount the account should hold. An adjustment of V(0) does nothing.
      - An adjustment is sent at most once. After an ambiguous failure (connection lost or timeout after the
        request was sent, a server error) the task fails, says the adjustment may have been applied, and how to
        check the account's transactions before running again.
      - B(Needs SavaPage 1.6 or later.) A task with a non-zero O(adjust) first reads the server's version
        (C(GET /restful/v1/system/version), once per task, also in check mode). On SavaPage 1.5 or older, whose
        balance route ignores C(adjust=true) and would set the balance to the amount instead, and on a server whose
        version cannot be read, the task fails before anything is written, naming the version; with O(accounts) the
        whole task fails before any account is written. Use O(balance) there.
      - Mutually exclusive with O(balance).
    type: float
  details:
    description:
      - Transaction comment, visible in the account's transaction log and in reports.
      - SavaPage 1.5 does not record it; its transactions say C(Web Service).
    type: str
  accounts:
    description:
      - Bulk form. A list of accounts, each a dictionary of the per-account options above (O(name) required).
      - Options given at the top level act as defaults for every item; an item that sets O(balance) or O(adjust)
        takes neither from the top level.
      - Each account is processed independently; one failed account does not stop the others, but fails the
        task after all have been reported.
    type: list
    elements: dict
    suboptions:
      account_type:
        description: The kind of account.
        type: str
        choices: [USER, GROUP, SHARED]
      name:
        description: The identifying name of the account.
        type: str
        required: true
      balance:
        description: The exact balance.
        type: float
      adjust:
        description: The amount to add (not idempotent).
        type: float
      details:
        description: Transaction comment.
        type: str
  concurrency:
    description: With O(accounts), how many accounts are processed at once, from 1 to 64.
    type: int
    default: 8
seealso:
  - module: printops.print_management.savapage_balance_info
  - module: printops.print_management.savapage_report
  - ref: ansible_collections.printops.print_management.docsite.guide_compatibility
    description: Product versions and the behaviours the modules handle for each.
"""

EXAMPLES = r"""
- name: Give a user exactly 10.00 of print credit
  printops.print_management.savapage_balance:
    savapage_url: https://savapage.example.edu:8632
    savapage_username: admin
    savapage_password: "{{ savapage_admin_password }}"
    ca_path: /etc/pki/savapage.crt
    name: rijk
    balance: 10.00
    details: Start of term credit

- name: Refund 2.50 to a shared account (not idempotent - runs every time)
  printops.print_management.savapage_balance:
    account_type: SHARED
    name: Physics
    adjust: 2.50
    details: Refund for jammed printer

- name: Top up every student's account in one task
  printops.print_management.savapage_balance:
    # students: [{name: a123}, {name: b456, balance: 30.00}, ...]
    accounts: "{{ students }}"
    balance: 25.00
    details: Term allowance
    concurrency: 16
"""

RETURN = r"""
account_type:
  description: The kind of account.
  returned: when O(name) is given
  type: str
  sample: USER
name:
  description: The account's name.
  returned: when O(name) is given
  type: str
  sample: rijk
balance_before:
  description: The balance before the task.
  returned: when O(name) is given
  type: float
  sample: 9.26
balance_after:
  description: The balance after the task as SavaPage reports it (in check mode, as it would be).
  returned: when O(name) is given
  type: float
  sample: 10.0
operation:
  description: What was done (or would be done in check mode) - C(set), C(adjust) or C(none).
  returned: when O(name) is given
  type: str
  sample: set
action:
  description: C(update) when the balance changed, C(none) otherwise.
  returned: when O(name) is given
  type: str
  sample: update
adjusted_by:
  description: The amount added by O(adjust).
  returned: when O(adjust) changed the balance
  type: float
  sample: 2.5
accounts:
  description: With O(accounts), one result per item, in input order.
  returned: when O(accounts) is given
  type: list
  elements: dict
  sample:
    - {account_type: USER, name: rijk, changed: true, operation: set, balance_before: 9.26, balance_after: 25.0}
    - {account_type: USER, name: ghost, changed: false, failed: true, msg: "USER account 'ghost': no such account ..."}
summary:
  description:
    - With O(accounts), how many accounts were updated, left unchanged or failed.
    - C(uncertain) counts the failed items whose write may have been applied although it failed (its answer was lost);
      check those before running the task again.
    - C(not_attempted) counts the items not tried because the server could not be reached for several items in a row
      (connection refused, unreachable, no answer); the task stops early instead of spending every item's retries on a
      dead server. Run it again once the server answers.
  returned: when O(accounts) is given
  type: dict
  sample: {total: 200, created: 0, updated: 3, deleted: 0, unchanged: 197, failed: 0, uncertain: 0, not_attempted: 0}
"""

from ansible_collections.printops.print_management.plugins.module_utils import _validate as check
from ansible_collections.printops.print_management.plugins.module_utils._module import bulk_spec, new_module, reconcile
from ansible_collections.printops.print_management.plugins.module_utils._savapage import SavaPageClient
from ansible_collections.printops.print_management.plugins.module_utils._savapage_balance import BalanceReconciler

ACCOUNT_TYPES = ["USER", "GROUP", "SHARED"]


def main():
    spec = bulk_spec(dict(
        account_type=dict(type="str", choices=ACCOUNT_TYPES),
        name=dict(type="str"),
        balance=dict(type="float"),
        adjust=dict(type="float"),
        details=dict(type="str"),
    ), "name", "accounts", dict(account_type="USER"))
    module = new_module(
        "savapage", spec,
        mutually_exclusive=[("name", "accounts"), ("balance", "adjust")],
        required_one_of=[("name", "accounts")],
    )
    check.refuse(module, dict(name=check.name, balance=check.money, adjust=check.money), items="accounts")
    reconcile(module, SavaPageClient.from_module(module), BalanceReconciler)


if __name__ == "__main__":
    main()
