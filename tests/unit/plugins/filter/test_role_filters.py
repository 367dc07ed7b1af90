# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The roles' filter and test plugins: what each one makes of the people, results and accounts it is given."""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.printops.print_management.plugins.filter.bulk_summary import bulk_summary
from ansible_collections.printops.print_management.plugins.filter.leaver_balances import leaver_balances
from ansible_collections.printops.print_management.plugins.filter.offboarding_papercut_users import \
    offboarding_papercut_users
from ansible_collections.printops.print_management.plugins.filter.onboarding_balance_settled import \
    onboarding_balance_settled
from ansible_collections.printops.print_management.plugins.filter.onboarding_papercut_users import MARKER, \
    onboarding_papercut_users
from ansible_collections.printops.print_management.plugins.filter.printix_card_items import printix_card_items
from ansible_collections.printops.print_management.plugins.filter.retire_items import retire_items
from ansible_collections.printops.print_management.plugins.filter.savapage_balance_items import savapage_balance_items
from ansible_collections.printops.print_management.plugins.filter.shared_account_access import shared_account_access
from ansible_collections.printops.print_management.plugins.test.finite_money import finite_money

PEOPLE = [{"username": "new", "card_number": 123, "card_pin": 4321, "initial_balance": 5, "groups": ["Students"]},
          {"username": "pending"}, {"username": "given"}, {"username": "before_the_role"}]
EXISTING = [{"username": "pending", "notes": "met at open day\n" + MARKER}, {"username": "given", "notes": ""},
            {"username": "before_the_role"}]


def by_name(items, key="username"):
    return dict((i[key], i) for i in items)


def test_on_create_gives_the_balance_to_new_users_with_the_marker():
    items = by_name(onboarding_papercut_users(PEOPLE, EXISTING, initial_balance=2.5))
    assert items["new"]["balance"] == 5.0 and items["new"]["notes"] == MARKER
    assert items["new"]["primary_card_number"] == "123" and items["new"]["card_pin"] == "4321"


def test_on_create_gives_the_balance_while_the_marker_says_it_is_owed():
    items = by_name(onboarding_papercut_users(PEOPLE, EXISTING, initial_balance=2.5))
    assert items["pending"]["balance"] == 2.5 and items["pending"]["notes"] == "met at open day\n" + MARKER


def test_on_create_never_gives_the_balance_again_after_it_was_given_or_to_older_users():
    items = by_name(onboarding_papercut_users(PEOPLE, EXISTING, initial_balance=2.5))
    for name in ("given", "before_the_role"):
        assert items[name]["balance"] is None and "notes" not in items[name]


def test_always_sets_every_balance_and_writes_no_marker():
    items = onboarding_papercut_users(PEOPLE, EXISTING, initial_balance=2.5, balance_update="always")
    assert [i["balance"] for i in items] == [5.0, 2.5, 2.5, 2.5]
    assert all("notes" not in i for i in items)


def test_internal_users_get_their_password_or_the_default():
    items = onboarding_papercut_users([{"username": "a", "password": "own"}, {"username": "b"}],
                                      internal=True, default_password="dflt")
    assert [i["password"] for i in items] == ["own", "dflt"]
    assert onboarding_papercut_users([{"username": "a", "password": "own"}])[0]["password"] is None


@pytest.mark.parametrize("amount", ["nan", "inf", "1e309", float("nan")])
def test_a_balance_that_is_not_finite_is_refused(amount):
    with pytest.raises(AnsibleFilterError, match="finite"):
        onboarding_papercut_users([{"username": "a", "initial_balance": amount}])


def test_settled_takes_the_marker_out_only_for_users_whose_item_succeeded():
    sent = onboarding_papercut_users(PEOPLE, EXISTING, initial_balance=2.5)
    results = [{"username": "new", "failed": False}, {"username": "pending", "failed": True},
               {"username": "given"}, {"username": "before_the_role"}]
    assert onboarding_balance_settled(sent, results) == [{"username": "new", "notes": ""}]
    results[1]["failed"] = False
    assert by_name(onboarding_balance_settled(sent, results))["pending"]["notes"] == "met at open day"


def test_access_grants_each_account_its_people_in_order():
    people = [{"username": "a", "shared_accounts": ["Lab", "Library"]}, {"username": "b", "shared_accounts": ["Lab"]},
              {"username": "c"}]
    assert shared_account_access(people) == [{"name": "Lab", "access_users": ["a", "b"]},
                                             {"name": "Library", "access_users": ["a"]}]
    assert shared_account_access(people, only=["b"]) == [{"name": "Lab", "access_users": ["b"]}]


def test_access_revoke_touches_only_accounts_that_list_a_leaver():
    accounts = [{"name": "Lab", "access_users": ["old", "stays"]}, {"name": "Library", "access_users": ["stays"]},
                {"name": "Empty"}]
    assert shared_account_access(accounts, mode="revoke", leavers=["old"]) == [{"name": "Lab", "access_users": ["stays"]}]
    with pytest.raises(AnsibleFilterError, match="grant or revoke"):
        shared_account_access(accounts, mode="bogus")


def test_card_items_leave_out_people_without_a_card():
    people = [{"username": "a", "card_number": 42, "email": "a@x.edu"}, {"username": "b"}]
    assert printix_card_items(people) == [{"card_number": "42", "user": "a@x.edu"}]
    assert printix_card_items(people, state="absent") == [{"card_number": "42", "user": "a@x.edu", "state": "absent"}]


def test_offboarding_items_disable_zero_and_leave_groups():
    users = [{"username": "old", "balance": 4.0}]
    assert offboarding_papercut_users(users, balance="zero", remove_groups=True) == [
        {"username": "old", "disabled_print": True, "primary_card_number": "", "card_pin": "", "balance": 0.0,
         "groups": [], "append": False}]
    assert offboarding_papercut_users(users, action="delete") == [{"username": "old", "state": "absent"}]
    assert "balance" not in offboarding_papercut_users(users, balance="report")[0]


def test_leaver_balances_say_before_and_after():
    users = [{"username": "a", "balance": 4.0}, {"username": "b", "balance": 1.5}]
    assert leaver_balances(users, [{"username": "a"}, {"username": "b", "failed": True}], balance="zero") == [
        "PaperCut balance of a: 4.00 before, 0.00 after",
        "PaperCut balance of b: 1.50 before, 1.50 (the user's offboarding failed) after"]
    assert leaver_balances(users, action="delete")[0].endswith("deleted after")


def test_retire_items_only_for_names_that_exist():
    assert retire_items(["A", "B"], among=["B"]) == [{"name": "B", "disabled": True}]
    assert retire_items(["A"], mode="delete") == [{"name": "A", "state": "absent"}]


def test_savapage_items_skip_accounts_funded_earlier_whatever_their_balance():
    people = [{"username": "a"}, {"username": "b", "initial_balance": 7}, {"username": "missing"}]
    accounts = [{"name": "a", "exists": True, "balance": 0.0}, {"name": "b", "exists": True, "balance": 0.0},
                {"name": "missing", "exists": False}]
    assert savapage_balance_items(people, accounts, funded=["a"], initial_balance=5) == [
        {"account_type": "USER", "name": "b", "balance": 7.0}]
    assert len(savapage_balance_items(people, accounts, funded=["a"], initial_balance=5, balance_update="always")) == 2


def test_bulk_summary_adds_batches_and_names_failures():
    batches = {"results": [
        {"summary": {"created": 2, "updated": 0, "deleted": 0, "unchanged": 1, "failed": 0}, "users": []},
        {"summary": {"created": 0, "updated": 1, "deleted": 0, "unchanged": 0, "failed": 1},
         "users": [{"username": "p9", "failed": True}], "failed": True, "msg": "1 of 2 users failed"}]}
    assert bulk_summary([batches], "PaperCut users", "users", key="username") == (
        "PaperCut users: 2 created, 1 updated, 0 deleted, 1 unchanged, 1 failed (failed: p9)")
    assert bulk_summary([{}], "X", "users") == "X: not run"
    assert bulk_summary([{"skipped": True}], "X", "users") == "X: not run"


@pytest.mark.parametrize("value, expected", [
    (5, True), ("12.50", True), (0.0, True), ("12,50", False), ("nan", False), (float("inf"), False),
    ("1e309", False), (True, False), (None, False), ("lots", False), (2e9, False)])
def test_finite_money(value, expected):
    assert finite_money(value) is expected


def test_trx_report_accounts_reads_negative_amounts_and_free_comments():
    from ansible_collections.printops.print_management.plugins.filter.trx_report_accounts import trx_report_accounts
    report = ("Date,Account Type,Account,Transaction,Amount,Balance,Comment\r\n"
              "2026-01-01,USER,a,SET,5.00,5.00,Initial balance\r\n"
              "2026-01-02,USER,b,ADJUST,-2.00,3.00,=Initial balance refund\r\n"
              "2026-01-03,USER,a,SET,5.00,5.00,Initial balance\r\n")
    assert trx_report_accounts(report) == ["a", "b"]
    assert trx_report_accounts("") == []
    with pytest.raises(AnsibleFilterError, match="no 'Account' column"):
        trx_report_accounts("Date,Amount\r\n")
