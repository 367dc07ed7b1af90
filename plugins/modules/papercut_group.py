#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: papercut_group
short_description: Manage PaperCut MF/NG user groups, their quota and their members' balance
version_added: 1.0.0
description:
  - Add a group from the user directory to PaperCut's group list, or remove it (C(addNewGroup), C(removeGroup)).
  - PaperCut adds a group in the background; the module waits for that (C(getTaskStatus), at most
    O(wait_timeout) seconds), so the group is there when the task ends.
  - Set the group's quota (C(setGroupQuota)), compared with C(getGroupQuota) first.
  - Set every member's balance to one value (O(member_balance)), writing only for members whose balance differs.
  - A task with O(quota) or O(member_balance) never adds the group. When the group is not in PaperCut the task
    fails, naming it, and nothing is written, so a misspelt name cannot add a group and report success with
    nobody funded. Add a group with its own task (O(state=present), without O(quota) or O(member_balance)).
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
  idempotent:
    support: full
options:
  name:
    description:
      - The group's name. The built-in groups C(!!All Users!!) and C(!!Internal Users!!) can be used with
        O(member_balance) but cannot be removed or given a quota.
    type: str
    required: true
  state:
    description:
      - V(present) adds the group (it must exist in the user directory PaperCut synchronises with).
      - V(absent) removes it from PaperCut's group list; the users stay.
    type: str
    choices: [present, absent]
    default: present
  wait_timeout:
    description:
      - When the group is added, how many seconds to wait at most for PaperCut's background add to
        complete (it is watched with C(getTaskStatus), which reports the server's current background task,
        so a user sync running at the same time is waited for too).
      - When the time runs out the task fails and says so; the add keeps running on the server and the group may
        appear later. A re-run then finds it.
    type: int
    default: 120
  quota:
    description:
      - The group quota. Keys not given keep their current value.
    type: dict
    suboptions:
      amount:
        description: The amount added to each member's balance every period.
        type: float
      period:
        description: How often the quota is given, one of C(NONE), C(DAILY), C(WEEKLY), C(MONTHLY).
        type: str
      max_accumulation:
        description: The balance up to which the quota accumulates (0 means no limit).
        type: float
  member_balance:
    description:
      - Set the personal balance of every member of the group to this value.
      - Members are read page by page; only those whose balance differs by at least 0.005 get a
        C(setUserAccountBalance) transaction, O(concurrency) at a time.
      - Without O(account), on a server with several personal accounts per user, PaperCut reads the total of a
        member's personal accounts and sets only the default account, so the two never agree. After setting a
        member's balance the module reads the total back and fails for that member, saying so, when it differs;
        name the account with O(account) there.
    type: float
  account:
    description:
      - The personal account of each member whose balance O(member_balance) sets, by name, for servers with
        multiple personal accounts enabled. It is passed as C(accountName) to both the read
        (C(getUserAccountBalance)) and the write (C(setUserAccountBalance)), so like is compared with like, as the
        O(account) option of M(printops.print_management.papercut_user) does.
      - Leave it out on a server with one personal account per user.
    type: str
    version_added: 1.1.0
  balance_comment:
    description: Comment recorded with each balance transaction.
    type: str
    default: Set by Ansible
  concurrency:
    description: With O(member_balance), how many members are read and set at once.
    type: int
    default: 8
seealso:
  - module: printops.print_management.papercut_group_info
"""

EXAMPLES = r"""
- name: Students get 10.00 a week, accumulating up to 40.00
  printops.print_management.papercut_group:
    name: Students
    quota:
      amount: 10.0
      period: WEEKLY
      max_accumulation: 40.0

- name: Start of term - every student starts at 25.00
  printops.print_management.papercut_group:
    name: Students
    member_balance: 25.0
    balance_comment: Term start
    concurrency: 16

- name: On a server with several personal accounts, fund the one named "Print Quota"
  printops.print_management.papercut_group:
    name: Students
    member_balance: 25.0
    account: Print Quota

- name: Add a directory group (waits up to 5 minutes for PaperCut)
  printops.print_management.papercut_group:
    name: Year 7
    wait_timeout: 300

- name: Then give it a quota (fails, writing nothing, if the group is not there)
  printops.print_management.papercut_group:
    name: Year 7
    quota:
      amount: 5.0
      period: WEEKLY

- name: Stop tracking a group
  printops.print_management.papercut_group:
    name: Old Project
    state: absent
"""

RETURN = r"""
group:
  description: The group as it is after the task (in check mode, as it would be).
  returned: when O(state=present)
  type: dict
  sample: {name: Students, quota: {amount: 10.0, period: WEEKLY, max_accumulation: 40.0}}
member_balance:
  description: What O(member_balance) did.
  returned: when O(member_balance) is given
  type: dict
  sample: {total: 500, updated: 12, unchanged: 488, changed_members: [s001, s017]}
"""

from ansible_collections.printops.print_management.plugins.module_utils import _validate as check
from ansible_collections.printops.print_management.plugins.module_utils._module import new_module, reconcile
from ansible_collections.printops.print_management.plugins.module_utils._papercut import PaperCutClient
from ansible_collections.printops.print_management.plugins.module_utils._papercut_groups import GroupReconciler


def main():
    module = new_module("papercut", dict(
        name=dict(type="str", required=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        wait_timeout=dict(type="int", default=120),
        quota=dict(type="dict", options=dict(
            amount=dict(type="float"),
            period=dict(type="str"),  # not choices=: any case is taken (quota_target checks and upper-cases it)
            max_accumulation=dict(type="float"),
        )),
        member_balance=dict(type="float"),
        account=dict(type="str"),
        balance_comment=dict(type="str", default="Set by Ansible"),
        concurrency=dict(type="int", default=8),
    ), required_by={"account": "member_balance"})
    check.refuse(module, dict(name=check.name, member_balance=check.money,
                              quota=check.money_in("amount", "max_accumulation")))
    reconcile(module, PaperCutClient.from_module(module), GroupReconciler)


if __name__ == "__main__":
    main()
