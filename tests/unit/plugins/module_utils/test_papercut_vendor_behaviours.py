# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""PaperCut behaviours the documents describe and our code used to get wrong (issue 14, and issue 15's lost creates).

Each test drives the client or a module's reconciler in-process against the simulator and checks the
server's state through the simulator's inspection API and call log, never through the code under test.
Sources: ../shared/reference/papercut-xmlrpc.md and seed 000_a08b0e506c90fe56.txt.
"""

import time

import pytest

from ansible_collections.printops.print_management.plugins.module_utils import _papercut as pc
from ansible_collections.printops.print_management.plugins.module_utils._http import ClientError
from ansible_collections.printops.print_management.plugins.module_utils._papercut_accounts import AccountReconciler
from ansible_collections.printops.print_management.plugins.module_utils._papercut_groups import GroupReconciler
from ansible_collections.printops.print_management.plugins.module_utils._papercut_users import UserReconciler

QUOTA = {"amount": 10.0, "period": "WEEKLY", "max_accumulation": 40.0}


class FakeTime(object):
    """A clock that moves only when the client sleeps, so waits are instant and exact."""

    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time(pc_client):
    fake = FakeTime()
    pc_client.clock = fake.clock
    pc_client.sleep = fake.sleep
    return fake


def writes(papercut):
    return [(c["method"], c["args"]) for c in papercut.calls() if c["write"]]


def methods(papercut, name):
    return [c for c in papercut.calls() if c["method"] == name]


def group_params(**extra):
    params = dict(name="Students", state="present", quota=None, member_balance=None, balance_comment="c",
                  concurrency=8, wait_timeout=120)
    params.update(extra)
    return params


def user_params(**extra):
    params = dict(state="present", update_password="on_create", update_pin="on_create", append=False,
                  redact_user_data=False, balance_comment="c", internal=None)
    params.update(extra)
    return params


def one_user(pc_client, check_mode=False, diff=False, **opts):
    params = user_params(**opts)
    return UserReconciler(pc_client, params, check_mode=check_mode, diff=diff).one(params)


# -- 1. addNewGroup completes in the background --------------------------------------------------


def test_new_directory_group_is_waited_for_then_takes_its_quota_in_the_next_task(papercut_group_adding, pc_client,
                                                                                 fake_time):
    papercut = papercut_group_adding
    papercut.seed({"directory_groups": ["Students"]})
    result = GroupReconciler(pc_client, group_params()).run()
    assert result["changed"] and result["action"] == "create" and papercut.state()["groups"] == ["Students"]
    order = [c["method"] for c in papercut.calls()]
    # the task ends only after the background task said completed and the group was seen
    assert order == ["isGroupExists", "addNewGroup", "getTaskStatus", "getTaskStatus", "isGroupExists"]
    result = GroupReconciler(pc_client, group_params(quota=QUOTA)).run()
    assert result["changed"] and result["group"]["quota"] == QUOTA
    assert papercut.state()["quotas"]["Students"] == QUOTA
    assert writes(papercut) == [("addNewGroup", ["Students"]), ("setGroupQuota", ["Students", 10.0, "WEEKLY", 40.0])]


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize("extra", [{"quota": QUOTA}, {"member_balance": 10.0}], ids=["quota", "member_balance"])
def test_a_group_to_fund_or_limit_is_never_created(papercut, pc_client, extra, check_mode):
    # issue 18: a typo (Studnts) must not add a group and go green with nobody funded
    papercut.seed({"directory_groups": ["Studnts"], "groups": ["Students"]})
    with pytest.raises(ClientError) as err:
        GroupReconciler(pc_client, group_params(name="Studnts", **extra), check_mode=check_mode).run()
    message = str(err.value)
    assert message.startswith("group 'Studnts': the group does not exist") and "state: present" in message
    assert writes(papercut) == [] and papercut.state()["groups"] == ["Students"]


def test_group_wait_is_bounded_and_says_what_happened(papercut, pc_client, fake_time):
    papercut.seed({"directory_groups": ["Students"]})
    papercut.configure(task_polls=1000)
    with pytest.raises(ClientError) as err:
        GroupReconciler(pc_client, group_params(wait_timeout=10)).run()
    message = str(err.value)
    assert "'Students'" in message and "had not completed adding the group after 10 seconds" in message
    assert "wait_timeout" in message and "Adding group 'Students'" in message
    assert writes(papercut) == [("addNewGroup", ["Students"])]
    assert 9.99 <= fake_time.now <= 10.01 and max(fake_time.sleeps) <= pc.PaperCutClient.TASK_POLL_MAX


def test_group_the_directory_lacks_fails_after_the_task_completes(papercut, pc_client, fake_time):
    with pytest.raises(ClientError, match="PaperCut did not add it .*not found in the user directory"):
        GroupReconciler(pc_client, group_params(name="Nowhere")).run()
    assert writes(papercut) == [("addNewGroup", ["Nowhere"])] and papercut.state()["groups"] == []


def test_a_failure_while_waiting_names_the_group_and_what_was_sent(papercut, pc_client, fake_time):
    papercut.seed({"directory_groups": ["Students"]})
    papercut.fault("http_status", count=50, method="getTaskStatus", status=503)
    with pytest.raises(ClientError) as err:
        GroupReconciler(pc_client, group_params()).run()
    assert "group 'Students': addNewGroup was sent, then waiting for it failed" in str(err.value)
    assert writes(papercut) == [("addNewGroup", ["Students"])]


def test_simulator_adds_the_group_only_when_its_task_completes_by_polls_or_time(papercut, pc_client):
    papercut.seed({"directory_groups": ["Students", "Staff"]})
    pc_client.add_group("Students")
    assert not pc_client.group_exists("Students")
    assert pc_client.task_status() == {"completed": False, "message": "Adding group 'Students'..."}
    assert pc_client.task_status() == {"completed": True, "message": "Group 'Students' added."}
    assert pc_client.group_exists("Students")
    papercut.configure(task_polls=1000, task_seconds=0.2)
    pc_client.add_group("Staff")
    assert not pc_client.group_exists("Staff")
    time.sleep(0.3)
    assert pc_client.group_exists("Staff") and pc_client.task_status()["completed"]


def test_check_mode_for_a_new_group_sends_no_write_and_does_not_wait(papercut, pc_client, fake_time):
    papercut.seed({"directory_groups": ["Students"]})
    result = GroupReconciler(pc_client, group_params(), check_mode=True).run()
    assert result["changed"] and result["action"] == "create" and result["group"] == {"name": "Students"}
    assert writes(papercut) == [] and methods(papercut, "getTaskStatus") == []


@pytest.mark.parametrize("timeout", [0, -5, 10 ** 9])
def test_wait_timeout_out_of_bounds_is_refused_before_any_call(papercut, pc_client, timeout):
    with pytest.raises(ClientError, match="wait_timeout must be between 1 and"):
        GroupReconciler(pc_client, group_params(wait_timeout=timeout)).run()
    assert papercut.calls() == []


# -- 2. card-pin is write-only -----------------------------------------------------------------------


def test_pin_is_never_read_and_an_existing_users_pin_is_left_alone(papercut_pin_reading, pc_client):
    papercut = papercut_pin_reading
    papercut.seed({"users": [{"username": "u", "card-pin": "1111"}]})
    result = one_user(pc_client, username="u", card_pin="2468", full_name="")
    assert result["action"] == "none" and not result["changed"]
    assert writes(papercut) == []
    asked = [name for c in methods(papercut, "getUserProperties") for name in c["args"][1]]
    assert "card-pin" not in asked
    assert papercut.state()["users"]["u"]["properties"]["card-pin"] == "1111"


def test_pin_is_set_when_a_directory_user_is_created_then_the_rerun_is_unchanged(papercut_pin_reading, pc_client):
    papercut = papercut_pin_reading
    papercut.seed({"directory": [{"username": "d"}]})
    result = one_user(pc_client, username="d", card_pin="2468", email="d@example.edu", diff=True)
    assert result["action"] == "create"
    assert "card_pin" not in result["user"] and "2468" not in repr(result)
    assert writes(papercut) == [("addNewUser", ["d"]),
                                ("setUserProperties", ["d", [["email", "d@example.edu"], ["card-pin", "2468"]]])]
    papercut.clear_calls()
    again = one_user(pc_client, username="d", card_pin="2468", email="d@example.edu")
    assert again["action"] == "none" and writes(papercut) == []


def test_pin_goes_with_the_create_of_an_internal_user(papercut, pc_client):
    one_user(pc_client, username="i", internal=True, password="pw-12345", card_pin="2468")
    assert writes(papercut) == [("addNewInternalUser", ["i", "pw-12345", "", "", "", "2468"])]
    assert papercut.state()["users"]["i"]["properties"]["card-pin"] == "2468"


def test_update_pin_always_sends_it_every_run_and_reports_changed(papercut_pin_reading, pc_client):
    papercut = papercut_pin_reading
    papercut.seed({"users": [{"username": "u", "card-pin": "1111"}]})
    checked = one_user(pc_client, check_mode=True, diff=True, username="u", card_pin="2468", update_pin="always")
    assert checked["changed"] and writes(papercut) == [], "check mode sends no write"
    assert "2468" not in repr(checked)
    for _run in range(2):
        papercut.clear_calls()
        result = one_user(pc_client, username="u", card_pin="2468", update_pin="always")
        assert result["changed"] and result["action"] == "update"
        assert writes(papercut) == [("setUserProperties", ["u", [["card-pin", "2468"]]])]
    assert papercut.state()["users"]["u"]["properties"]["card-pin"] == "2468"


def test_simulator_refuses_to_read_the_pin_by_default_and_reads_it_with_the_switch(papercut, pc_client):
    papercut.seed({"users": [{"username": "u", "card-pin": "1111"}]})
    with pytest.raises(pc.InvalidProperty) as err:
        pc_client.get_user_properties("u", ["card-pin"])
    assert err.value.code == 261
    papercut.configure(card_pin_readable=True)
    assert pc_client.get_user_properties("u", ["card-pin"]) == {"card-pin": "1111"}


# -- 3. several personal accounts ----------------------------------------------------------------------


@pytest.fixture
def multi(papercut):
    papercut.configure(multiple_personal_accounts=True)
    papercut.seed({"users": [{"username": "u", "balance": 5.0, "personal_accounts": {"Print Quota": 3.0}}]})
    papercut.clear_calls()
    return papercut


def test_simulator_reads_the_total_and_sets_the_default_account(multi, pc_client):
    assert pc_client.get_user_balance("u") == 8.0
    assert pc_client.get_user_balance("u", "Print Quota") == 3.0
    pc_client.set_user_balance("u", 6.0, "c")
    user = multi.state()["users"]["u"]
    assert user["balance"] == 6.0 and user["personal_accounts"] == {"Print Quota": 3.0}
    pc_client.set_user_balance("u", 1.0, "c", "Print Quota")
    assert multi.state()["users"]["u"]["personal_accounts"] == {"Print Quota": 1.0}
    with pytest.raises(pc.MultiplePersonalAccounts) as err:
        pc_client.set_user_properties("u", {"balance": 2.0})
    assert err.value.code == 274


def test_balance_without_account_on_a_multi_account_server_fails_instead_of_writing_every_run(multi, pc_client):
    with pytest.raises(ClientError) as err:
        one_user(pc_client, username="u", balance=5.0)
    message = str(err.value)
    assert "several personal accounts" in message and "account option" in message
    assert "total of the user's personal accounts is 8.00" in message and "default personal account" in message
    # what it wrote is an absolute set of the default account to the value it already had: no money moved
    assert multi.state()["users"]["u"]["balance"] == 5.0
    assert [c["args"] for c in methods(multi, "setUserAccountBalance")] == [["u", 5.0, "c", ""]]


def test_account_option_reads_and_sets_the_named_personal_account(multi, pc_client):
    result = one_user(pc_client, username="u", balance=3.0, account="Print Quota")
    assert result["action"] == "none" and writes(multi) == []
    assert [c["args"] for c in methods(multi, "getUserAccountBalance")] == [["u", "Print Quota"]]
    result = one_user(pc_client, username="u", balance=10.0, account="Print Quota", diff=True)
    assert result["changed"] and result["diff"]["after"]["balance"] == 10.0
    assert writes(multi) == [("setUserAccountBalance", ["u", 10.0, "c", "Print Quota"])]
    assert multi.state()["users"]["u"]["personal_accounts"] == {"Print Quota": 10.0}
    assert multi.state()["users"]["u"]["balance"] == 5.0
    multi.clear_calls()
    assert one_user(pc_client, username="u", balance=10.0, account="Print Quota")["action"] == "none"
    assert writes(multi) == []


def test_adjustment_goes_to_the_named_account(multi, pc_client):
    one_user(pc_client, username="u", adjust_balance=2.0, account="Print Quota")
    assert writes(multi) == [("adjustUserAccountBalance", ["u", 2.0, "c", "Print Quota"])]
    assert multi.state()["users"]["u"]["personal_accounts"] == {"Print Quota": 5.0}


def test_fault_274_is_refused_with_the_same_clear_message(papercut, pc_client):
    papercut.seed({"users": [{"username": "u", "balance": 1.0}]})
    papercut.fault("fault", method="setUserAccountBalance", code=274,
                   string="The balance cannot be set this way with multiple personal accounts.")
    with pytest.raises(ClientError) as err:
        one_user(pc_client, username="u", balance=5.0)
    assert "several personal accounts" in str(err.value) and "account option" in str(err.value)
    assert "nothing was changed" in str(err.value)


def test_on_a_one_account_server_a_set_is_read_back_once_and_succeeds(papercut, pc_client):
    papercut.seed({"users": [{"username": "u", "balance": 1.0}]})
    result = one_user(pc_client, username="u", balance=5.0)
    assert result["changed"] and papercut.state()["users"]["u"]["balance"] == 5.0
    assert len(methods(papercut, "getUserAccountBalance")) == 2


def test_blank_account_is_refused_before_any_call(papercut, pc_client):
    with pytest.raises(ClientError, match="account must name a personal account"):
        one_user(pc_client, username="u", balance=5.0, account=" ")
    assert papercut.calls() == []


# -- 4. fault -1 before 19.2 ---------------------------------------------------------------------------


@pytest.mark.parametrize("text, cls", [
    ("The user 'ghost' cannot be found.", pc.UserNotFound),
    ("The group 'G' cannot be found.", pc.GroupNotFound),
    ("The printer/device 'srv\\p' cannot be found.", pc.PrinterNotFound),
    ("The property 'bogus' is invalid.", pc.InvalidProperty),
    ("The balance cannot be set this way when multiple personal accounts are enabled.", pc.MultiplePersonalAccounts),
    ("java.lang.NoSuchMethodException: biz.papercut.pcng.server.ws.ApiRPCHandler.isUserExists(int)", pc.NoSuchMethod),
    ("", pc.NoSuchMethod),
    ("The shared account 'X' already exists.", pc.PaperCutError),
])
def test_fault_minus_one_is_classified_by_its_text_first(papercut, pc_client, text, cls):
    papercut.fault("fault", code=-1, string=text)
    with pytest.raises(pc.PaperCutError) as err:
        pc_client.user_exists("ghost")
    assert err.type is cls
    if cls is pc.PaperCutError:
        assert "does not offer this call" not in str(err.value) and "already exists" in str(err.value)


def test_simulator_pre_19_2_switch_sends_every_fault_as_minus_one(papercut, pc_client):
    papercut.configure(pre_19_2_faults=True)
    with pytest.raises(pc.UserNotFound) as err:
        pc_client.get_user_properties("ghost", ["email"])
    assert err.value.code == -1 and "cannot be found" in str(err.value)


def test_a_new_user_is_created_and_an_existing_one_read_against_both_fault_styles(papercut_fault_codes, pc_client):
    papercut = papercut_fault_codes
    papercut.seed({"directory": [{"username": "d"}], "users": [{"username": "u", "notes": "old"}],
                   "groups": ["Staff"]})
    assert one_user(pc_client, username="d", notes="new", groups=["Staff"])["action"] == "create"
    assert one_user(pc_client, username="u", notes="old")["action"] == "none"
    assert one_user(pc_client, username="ghost", state="absent")["action"] == "none"
    users = papercut.state()["users"]
    assert users["d"]["properties"]["notes"] == "new" and users["d"]["groups"] == ["Staff"]
    # a group that does not exist is refused before any write (issue 18), whatever the fault style
    papercut.clear_calls()
    with pytest.raises(ClientError, match="group 'NoSuchGroup', which does not exist"):
        one_user(pc_client, username="u", groups=["NoSuchGroup"])
    assert papercut.writes() == []


# -- 5. a create whose answer was lost is not re-sent ------------------------------------------------


def test_internal_user_create_with_a_lost_answer_is_sent_once_and_reconciled(papercut, pc_client):
    papercut.seed({"groups": ["Staff"]})
    papercut.fault("drop_after", method="addNewInternalUser")
    result = one_user(pc_client, username="i", internal=True, password="pw-12345", full_name="Eye",
                      balance=4.0, groups=["Staff"])
    assert result["changed"] and result["action"] == "create"
    assert len(methods(papercut, "addNewInternalUser")) == 1
    user = papercut.state()["users"]["i"]
    assert user["properties"]["full-name"] == "Eye" and user["balance"] == 4.0 and user["groups"] == ["Staff"]


def test_directory_user_import_with_a_lost_answer_is_sent_once(papercut, pc_client):
    papercut.seed({"directory": [{"username": "d"}]})
    papercut.fault("drop_after", method="addNewUser")
    result = one_user(pc_client, username="d", notes="n")
    assert result["action"] == "create" and len(methods(papercut, "addNewUser")) == 1
    assert papercut.state()["users"]["d"]["properties"]["notes"] == "n"


def test_create_lost_before_it_reached_the_server_fails_without_a_resend(papercut, pc_client):
    papercut.fault("drop", method="addNewInternalUser")
    with pytest.raises(ClientError) as err:
        one_user(pc_client, username="i", internal=True, password="pw-12345")
    assert "not there now" in str(err.value) and "not re-sent" in str(err.value)
    assert len([c for c in papercut.calls() if c["method"] == "addNewInternalUser"]) <= 1
    assert papercut.state()["users"] == {}


def test_bulk_create_with_a_lost_answer_is_sent_once(papercut, pc_client):
    papercut.fault("drop_after", method="addNewInternalUser")
    params = user_params(internal=True, password="pw-12345")
    result = UserReconciler(pc_client, params).bulk([{"username": "a"}, {"username": "b"}], 2)
    assert result["summary"]["created"] == 2 and result["summary"]["failed"] == 0
    assert sorted(c["args"][0] for c in methods(papercut, "addNewInternalUser")) == ["a", "b"]


def account_params(**extra):
    params = dict(state="present", create_parent=False, append=False, balance_comment="c")
    params.update(extra)
    return params


def test_shared_account_create_with_a_lost_answer_is_sent_once_and_reconciled(papercut, pc_client):
    papercut.fault("drop_after", method="addNewSharedAccount")
    params = account_params(name="Physics", notes="n", balance=50.0)
    result = AccountReconciler(pc_client, params).one(params)
    assert result["changed"] and result["action"] == "create"
    assert len(methods(papercut, "addNewSharedAccount")) == 1
    account = papercut.state()["shared_accounts"]["Physics"]
    assert account["properties"]["notes"] == "n" and account["balance"] == 50.0


def test_shared_account_create_lost_before_the_server_fails_clearly(papercut, pc_client):
    papercut.fault("drop", method="addNewSharedAccount")
    params = account_params(name="Physics")
    with pytest.raises(ClientError, match="'Physics' is not there now"):
        AccountReconciler(pc_client, params).one(params)
    assert len(methods(papercut, "addNewSharedAccount")) <= 1 and papercut.state()["shared_accounts"] == {}
