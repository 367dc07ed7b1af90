#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: shared_account
short_description: Manage PaperCut MF/NG shared accounts, their balance, PIN and access lists
version_added: 1.0.0
description:
  - Create, update and delete shared accounts (and sub-accounts) of a PaperCut MF/NG server through its XML-RPC
    web services API.
  - Only the options you set are compared and changed; everything else about the account is left alone.
  - Manage one account with O(name), or thousands in one task with O(accounts).
author:
  - printops contributors (@printops)
extends_documentation_fragment:
  - printops.print_management.papercut
  - printops.print_management.connection
  - printops.print_management.attributes
  - printops.print_management.attributes.ACTIONGROUP_PAPERCUT
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
    details:
      - O(pin) is never shown.
  idempotent:
    support: full
options:
  name:
    description:
      - The account's name. A sub-account is named C(parent\sub), with a name on both sides of the backslash
        (C(Dept\) is refused). Required unless O(accounts) is given.
    type: str
  state:
    description:
      - V(present) creates or updates the account, V(absent) deletes it (with its sub-accounts).
    type: str
    choices: [present, absent]
    default: present
  create_parent:
    description:
      - When creating a sub-account C(parent\sub) whose parent does not exist, create the parent too.
      - When V(false), creating such a sub-account fails before anything is written, unless the parent is an
        item of the same O(accounts) list (it is then created first).
      - Check mode judges a task against the server as it is. A parent that an earlier task would create does
        not exist during a check run, so a sub-account in a later task fails as needing it, exactly as the
        real run would if the earlier task had not run. List parents and sub-accounts in one O(accounts) list
        (or set O(create_parent=true)) to plan them in one check run.
    type: bool
    default: false
  balance:
    description:
      - The exact balance of the account. Set with a transaction (C(setSharedAccountAccountBalance)) only when the
        current balance differs by at least 0.005.
    type: float
  balance_comment:
    description: Comment recorded with the balance transaction.
    type: str
    default: Set by Ansible
  pin:
    description:
      - The account's PIN (property C(pin)), used to select it at the print client. The server rejects PINs that are
        not digits or not unique.
    type: str
  restricted:
    description: Whether the account may not go below its overdraft (property C(restricted)).
    type: bool
  disabled:
    description: Whether the account is disabled (property C(disabled)).
    type: bool
  notes:
    description: Notes (property C(notes)).
    type: str
  comment_option:
    description:
      - Whether users are asked for a comment when charging the account (property C(comment-option)).
      - One of C(NO_COMMENT), C(COMMENT_OPTIONAL), C(COMMENT_REQUIRED).
    type: str
  invoice_option:
    description:
      - Invoicing of charges to the account (property C(invoice-option)).
      - One of C(ALWAYS_INVOICE), C(NEVER_INVOICE), C(USER_CHOICE_ON), C(USER_CHOICE_OFF).
    type: str
  overdraft_amount:
    description: The overdraft allowed when O(restricted=true) (property C(overdraft-amount)).
    type: float
  access_users:
    description:
      - Users allowed to charge to the account. Every user added must exist in PaperCut; this is checked before
        anything is written.
      - With O(append=false) (the default) users not listed lose access.
    type: list
    elements: str
  access_groups:
    description:
      - Groups whose members may charge to the account. Every group added must exist in PaperCut.
      - With O(append=false) (the default) groups not listed lose access.
    type: list
    elements: str
  append:
    description: With V(true), O(access_users) and O(access_groups) are only added; nobody loses access.
    type: bool
    default: false
  properties:
    description:
      - Any other shared account property by its PaperCut name. Values are sent as strings (booleans as
        C(true)/C(false)) and numbers are compared numerically.
    type: dict
  accounts:
    description:
      - Bulk form. A list of accounts, each a dictionary of the per-account options above (O(name) required).
      - Options given at the top level act as defaults for every item.
      - One failed account does not stop the others, but fails the task after all have been reported.
      - A sub-account whose parent is in the same list waits for it, in any order and at any O(concurrency);
        parents are reconciled first, then sub-accounts in parallel. In check mode a parent the list creates
        counts as existing.
      - Before the first write the task checks, once for the whole list, every parent it relies on (one not in
        the list and not created with O(create_parent)), access group and access user. If any is missing,
        nothing is written and the task fails naming each missing object and the items that need it (see
        RV(missing)); check mode fails the same way.
    type: list
    elements: dict
    suboptions:
      name:
        description:
          - The natural key of the item (see O(name)); required.
        type: str
        required: true
      state:
        description:
          - Per-item O(state); falls back to the top-level O(state).
        type: str
        choices: [present, absent]
      create_parent:
        description:
          - Per-item O(create_parent); falls back to the top-level O(create_parent).
        type: bool
      balance:
        description:
          - Per-item O(balance); falls back to the top-level O(balance).
        type: float
      balance_comment:
        description:
          - Per-item O(balance_comment); falls back to the top-level O(balance_comment).
        type: str
      pin:
        description:
          - Per-item O(pin); falls back to the top-level O(pin).
        type: str
      restricted:
        description:
          - Per-item O(restricted); falls back to the top-level O(restricted).
        type: bool
      disabled:
        description:
          - Per-item O(disabled); falls back to the top-level O(disabled).
        type: bool
      notes:
        description:
          - Per-item O(notes); falls back to the top-level O(notes).
        type: str
      comment_option:
        description:
          - Per-item O(comment_option); falls back to the top-level O(comment_option).
        type: str
      invoice_option:
        description:
          - Per-item O(invoice_option); falls back to the top-level O(invoice_option).
        type: str
      overdraft_amount:
        description:
          - Per-item O(overdraft_amount); falls back to the top-level O(overdraft_amount).
        type: float
      access_users:
        description:
          - Per-item O(access_users); falls back to the top-level O(access_users).
        type: list
        elements: str
      access_groups:
        description:
          - Per-item O(access_groups); falls back to the top-level O(access_groups).
        type: list
        elements: str
      append:
        description:
          - Per-item O(append); falls back to the top-level O(append).
        type: bool
      properties:
        description:
          - Per-item O(properties); falls back to the top-level O(properties).
        type: dict
  concurrency:
    description: With O(accounts), how many accounts are processed at once, from 1 to 64.
    type: int
    default: 8
seealso:
  - module: printops.print_management.shared_account_info
"""

EXAMPLES = r"""
- name: A department account with a sub-account per project
  printops.print_management.shared_account:
    name: 'Physics\Project Neutrino'
    create_parent: true
    pin: "4711"
    balance: 500.00
    balance_comment: Grant 2026
    restricted: true
    access_groups: [Physics]
    access_users: [jsmith]

- name: Give one more user access without touching the others
  printops.print_management.shared_account:
    name: Physics
    access_users: [visitor1]
    append: true

- name: Reconcile every cost centre from the ERP export
  printops.print_management.shared_account:
    accounts: "{{ cost_centres }}"   # [{name: CC-1001, notes: ...}, ...]
    comment_option: NO_COMMENT
    concurrency: 16

- name: Delete an account
  printops.print_management.shared_account:
    name: Old Project
    state: absent
"""

RETURN = r"""
account:
  description: The account as it is after the task (in check mode, as it would be). The PIN is never returned.
  returned: when O(name) is given and O(state=present)
  type: dict
  sample: {name: 'Physics\Project Neutrino', balance: 500.0, restricted: true, access_groups: [Physics]}
action:
  description: What was done (or would be done in check mode) to the single account.
  returned: when O(name) is given
  type: str
  sample: create
diff:
  description:
    - With O(accounts) and C(--diff), one entry per account that changes (or would in check mode), with
      C(before_header) and C(after_header) naming it (C(shared account Physics\Lab)); Ansible prints each as a
      diff of its own. Unchanged accounts add nothing. With O(name), the account's C(before) and C(after).
  returned: with C(--diff)
  type: raw
  sample: [{before_header: 'shared account CC-1001', after_header: 'shared account CC-1001', before: {},
            after: {notes: cost centre}}]
missing:
  description:
    - When the task refers to objects that do not exist (a parent, an access group or user), each of them and
      the items that need it. The task then failed before writing anything.
  returned: on that failure
  type: list
  elements: dict
  sample: [{object: "parent account 'Chemistry'", needed_by: ["accounts[1] (name 'Chemistry\\Lab 1')"]}]
accounts:
  description: With O(accounts), one result per item, in input order.
  returned: when O(accounts) is given
  type: list
  elements: dict
  sample: [{name: CC-1001, changed: true, action: create}]
summary:
  description:
    - With O(accounts), how many accounts were created, updated, deleted, left unchanged or failed.
    - C(uncertain) counts the failed items whose write may have been applied although it failed (its answer was lost);
      check those before running the task again.
    - C(not_attempted) counts the items not tried because the server could not be reached for several items in a row
      (connection refused, unreachable, no answer); the task stops early instead of spending every item's retries on a
      dead server. Run it again once the server answers.
  returned: when O(accounts) is given
  type: dict
  sample: {total: 20, created: 1, updated: 0, deleted: 0, unchanged: 19, failed: 0, uncertain: 0, not_attempted: 0}
"""

from ansible_collections.printops.print_management.plugins.module_utils import _validate as check
from ansible_collections.printops.print_management.plugins.module_utils._module import bulk_spec, new_module, reconcile
from ansible_collections.printops.print_management.plugins.module_utils._papercut import PaperCutClient
from ansible_collections.printops.print_management.plugins.module_utils._papercut_accounts import AccountReconciler


def account_options():
    """The options of one account; the items of O(accounts) take the same (see bulk_spec)."""
    return dict(
        name=dict(type="str"),
        state=dict(type="str", choices=["present", "absent"]),
        create_parent=dict(type="bool"),
        balance=dict(type="float"),
        balance_comment=dict(type="str"),
        pin=dict(type="str", no_log=True),
        restricted=dict(type="bool"),
        disabled=dict(type="bool"),
        notes=dict(type="str"),
        comment_option=dict(type="str"),
        invoice_option=dict(type="str"),
        overdraft_amount=dict(type="float"),
        access_users=dict(type="list", elements="str"),
        access_groups=dict(type="list", elements="str"),
        append=dict(type="bool"),
        properties=dict(type="dict"),
    )


def main():
    spec = bulk_spec(account_options(), "name", "accounts",
                     dict(state="present", create_parent=False, append=False, balance_comment="Set by Ansible"))
    module = new_module("papercut", spec, mutually_exclusive=[("name", "accounts")],
                        required_one_of=[("name", "accounts")])
    check.refuse(module, dict(name=check.account_name, balance=check.money, overdraft_amount=check.money,
                              properties=check.properties, access_users=check.names, access_groups=check.names),
                 items="accounts")
    reconcile(module, PaperCutClient.from_module(module), AccountReconciler)


if __name__ == "__main__":
    main()
