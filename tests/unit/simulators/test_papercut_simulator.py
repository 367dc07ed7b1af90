# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The PaperCut simulator is as strict as the real server (so that it catches client bugs)."""

import xmlrpc.client

import pytest

from ansible_collections.printops.print_management.tests.simulators.papercut import DEFAULT_TOKEN


@pytest.fixture
def proxy(papercut):
    return xmlrpc.client.ServerProxy(papercut.sim.url + "/rpc/api/xmlrpc").api


def test_an_int_where_a_double_is_expected_is_no_such_method(papercut, proxy):
    papercut.seed({"users": [{"username": "a"}]})
    with pytest.raises(xmlrpc.client.Fault) as err:
        proxy.setUserAccountBalance(DEFAULT_TOKEN, "a", 5, "c", "")
    assert err.value.faultCode == -1
    assert "NoSuchMethodException" in err.value.faultString
    assert "setUserAccountBalance(java.lang.String, java.lang.String, int" in err.value.faultString


def test_wrong_arity_is_no_such_method(proxy):
    with pytest.raises(xmlrpc.client.Fault) as err:
        proxy.isUserExists(DEFAULT_TOKEN, "a", "extra")
    assert err.value.faultCode == -1


def test_property_values_must_be_string_pairs(papercut, proxy):
    papercut.seed({"users": [{"username": "a"}]})
    with pytest.raises(xmlrpc.client.Fault) as err:
        proxy.setUserProperties(DEFAULT_TOKEN, "a", [["restricted", True]])
    assert err.value.faultCode == -1


def test_wrong_token_is_refused_and_nothing_is_written(papercut, proxy):
    with pytest.raises(xmlrpc.client.Fault, match="authentication token"):
        proxy.addNewInternalUser("nope", "a", "pw", "", "", "", "")
    assert papercut.state()["users"] == {}


def test_getters_return_strings(papercut, proxy):
    papercut.seed({"users": [{"username": "a", "balance": 3.5}]})
    assert proxy.getUserProperties(DEFAULT_TOKEN, "a", ["balance", "restricted"]) == ["3.50", "false"]
    assert proxy.getUserAccountBalance(DEFAULT_TOKEN, "a", "") == 3.5


def test_void_methods_answer_true(papercut, proxy):
    papercut.seed({"users": [{"username": "a"}]})
    assert proxy.setUserProperty(DEFAULT_TOKEN, "a", "notes", "x") is True


def test_fault_codes(papercut, proxy):
    papercut.seed({"users": [{"username": "a"}, {"username": "b", "card-pin": "1234"}]})
    cases = [
        (lambda: proxy.getUserProperty(DEFAULT_TOKEN, "ghost", "email"), 262),
        (lambda: proxy.getUserProperty(DEFAULT_TOKEN, "a", "bogus"), 261),
        (lambda: proxy.addUserToGroup(DEFAULT_TOKEN, "a", "NoGroup"), 263),
        (lambda: proxy.setUserProperty(DEFAULT_TOKEN, "a", "card-pin", "12ab"), 271),
        (lambda: proxy.setUserProperty(DEFAULT_TOKEN, "a", "card-pin", "1234"), 272),
        (lambda: proxy.setUserProperty(DEFAULT_TOKEN, "a", "card-pin", "12"), 273),
        (lambda: proxy.setUserProperty(DEFAULT_TOKEN, "a", "password", "x"), 270),
        (lambda: proxy.setUserProperty(DEFAULT_TOKEN, "a", "email", "not-an-email"), 269),
    ]
    for call, code in cases:
        with pytest.raises(xmlrpc.client.Fault) as err:
            call()
        assert err.value.faultCode == code


def test_call_log_flags_writes(papercut, proxy):
    papercut.seed({"users": [{"username": "a"}]})
    papercut.clear_calls()
    proxy.isUserExists(DEFAULT_TOKEN, "a")
    proxy.setUserProperty(DEFAULT_TOKEN, "a", "notes", "x")
    assert [(c["method"], c["write"]) for c in papercut.calls()] == [("isUserExists", False),
                                                                     ("setUserProperty", True)]
    assert papercut.calls()[0]["args"] == ["a"]  # the token is not logged


def test_add_new_user_imports_only_directory_users(papercut, proxy):
    papercut.seed({"directory": [{"username": "d", "full-name": "Dee", "groups": ["Staff"]}]})
    proxy.addNewUser(DEFAULT_TOKEN, "d")
    proxy.addNewUser(DEFAULT_TOKEN, "nobody")
    users = papercut.state()["users"]
    assert sorted(users) == ["d"]
    assert users["d"]["groups"] == ["Staff"] and users["d"]["properties"]["full-name"] == "Dee"


def test_background_task_completes_after_polls(papercut, proxy):
    papercut.seed({"directory": [{"username": "d"}]})
    papercut.configure(task_polls=2)
    proxy.performUserAndGroupSync(DEFAULT_TOKEN)
    assert proxy.getTaskStatus()["completed"] is False
    assert proxy.getTaskStatus()["completed"] is True
    assert "d" in papercut.state()["users"]


def test_list_user_groups_includes_builtin_groups(papercut, proxy):
    papercut.seed({"groups": ["Staff"]})
    assert proxy.listUserGroups(DEFAULT_TOKEN, 0, 100) == ["!!All Users!!", "!!Internal Users!!", "Staff"]
