# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""papercut_group's member_balance and the multiple-personal-accounts contract (issue 14's notes, issue 18).

../shared/reference/papercut-xmlrpc.md, "Behaviours that surprise": with several personal accounts enabled,
getUserAccountBalance(user, "") reads the total of a user's personal accounts while
setUserAccountBalance(user, x, comment, "") sets the default account; ``accountName`` names one account.
The ``account`` option names it, as papercut_user's does. Each test runs the group reconciler in-process
against the simulator (its multiple_personal_accounts switch) and checks the server through its
inspection API and call log.
"""

from __future__ import annotations

import pytest

from ansible_collections.printops.print_management.plugins.module_utils._http import ClientError
from ansible_collections.printops.print_management.plugins.module_utils._papercut_groups import GroupReconciler


def writes(papercut):
    return [(c["method"], c["args"]) for c in papercut.calls() if c["write"]]


def fund(pc_client, check_mode=False, **extra):
    params = dict(name="Students", state="present", quota=None, member_balance=10.0, balance_comment="c",
                  concurrency=4, wait_timeout=120)
    params.update(extra)
    return GroupReconciler(pc_client, params, check_mode=check_mode).run()


def seed(papercut, multiple):
    papercut.configure(multiple_personal_accounts=multiple)
    users = [{"username": "u", "balance": 5.0, "groups": ["Students"]},
             {"username": "v", "balance": 10.0, "groups": ["Students"]}]
    if multiple:
        users[0]["personal_accounts"] = {"Print Quota": 3.0}
        users[1]["personal_accounts"] = {"Print Quota": 10.0}
    papercut.seed({"groups": ["Students"], "users": users})
    papercut.clear_calls()


def test_member_balance_sets_the_named_personal_account(papercut, pc_client):
    seed(papercut, multiple=True)
    result = fund(pc_client, account="Print Quota")
    assert result["changed"] and result["member_balance"]["changed_members"] == ["u"]
    assert writes(papercut) == [("setUserAccountBalance", ["u", 10.0, "c", "Print Quota"])]
    users = papercut.state()["users"]
    assert users["u"]["personal_accounts"] == {"Print Quota": 10.0} and users["u"]["balance"] == 5.0
    reads = [c["args"] for c in papercut.calls() if c["method"] == "getUserAccountBalance"]
    assert sorted(reads) == [["u", "Print Quota"], ["v", "Print Quota"]]

    papercut.clear_calls()
    again = fund(pc_client, account="Print Quota")
    assert not again["changed"] and writes(papercut) == []


def test_member_balance_with_account_in_check_mode_writes_nothing(papercut, pc_client):
    seed(papercut, multiple=True)
    result = fund(pc_client, check_mode=True, account="Print Quota")
    assert result["changed"] and result["member_balance"]["changed_members"] == ["u"]
    assert writes(papercut) == []


def test_member_balance_without_account_on_a_multi_account_server_fails_for_the_member(papercut, pc_client):
    seed(papercut, multiple=True)
    with pytest.raises(ClientError) as err:
        fund(pc_client)
    message = str(err.value)
    assert "user 'u'" in message and "several personal accounts" in message and "account option" in message
    assert "total of its personal accounts is 13.00" in message
    # v reads as 20.00 (total) against 10.00 and is set too: each set is an absolute set of the default account
    assert papercut.state()["users"]["u"]["personal_accounts"] == {"Print Quota": 3.0}


def test_member_balance_on_a_one_account_server_reads_back_and_succeeds(papercut, pc_client):
    seed(papercut, multiple=False)
    result = fund(pc_client)
    assert result["member_balance"]["changed_members"] == ["u"]
    assert writes(papercut) == [("setUserAccountBalance", ["u", 10.0, "c", ""])]
    assert papercut.state()["users"]["u"]["balance"] == 10.0
    papercut.clear_calls()
    assert not fund(pc_client)["changed"] and writes(papercut) == []


def test_an_account_a_one_account_server_does_not_have_fails_before_any_write(papercut, pc_client):
    seed(papercut, multiple=False)
    with pytest.raises(ClientError) as err:
        fund(pc_client, account="Print Quota")
    assert "user 'u'" in str(err.value) and "Print Quota" in str(err.value)
    assert writes(papercut) == []
