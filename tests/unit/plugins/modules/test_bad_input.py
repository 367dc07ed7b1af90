# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Bad input catalogue, in-process: every module's main() against the simulators.

Two tables. INPUTS: what a task may give that a server would store wrongly or that must be
bounded (issue 15 "Bad input", issue 18 "Errors that say where"), each refused through
fail_json, naming the option (and the bulk item by index and key) and what was wrong, with
nothing written. ANSWERS: a server answering with the wrong shape (a missing key, a string
where an object was expected, a number beyond any range), each a clear error naming the call
and what was expected, never "Unexpected error" and never a traceback, with nothing written.

The values are given as Ansible hands them to a module after YAML: an unquoted ``true`` is the
boolean, ``01234567`` is the int 342391 (YAML 1.1 octal), ``no`` is False.
"""

from __future__ import annotations

import pytest

from ansible_collections.printops.print_management.tests.unit.plugins.modules.conftest import (
    PRINTIX_CARD_ID,
    connection,
    module_result,
)

NAN, INF = float("nan"), float("inf")
PC_SEED = {"users": [{"username": "u", "balance": 5.0}], "groups": ["Staff"],
           "printers": [{"server": "srv", "printer": "lib-1"}], "shared_accounts": [{"name": "Dept", "balance": 1.0}]}
PX_USER = "jane.doe@example.edu"
PX_SEED = {"users": [{"email": PX_USER, "fullName": "Jane"}], "groups": [{"name": "Lab", "externalId": "x-1"}]}
SP_SEED = {"accounts": [{"type": "USER", "name": "rijk", "balance": 5}]}

# (case id, module, args, phrases the message must hold)
INPUTS = [
    # -- money: booleans, NaN/inf, beyond any budget -------------------------------------------
    ("pc-user-balance-true", "papercut_user", {"username": "u", "balance": True}, ["balance", "boolean"]),
    ("pc-user-adjust-true", "papercut_user", {"username": "u", "adjust_balance": True}, ["adjust_balance", "boolean"]),
    ("pc-user-bulk-balance-true", "papercut_user", {"users": [{"username": "u"}, {"username": "v", "balance": True}]},
     ["users[1]", "username 'v'", "balance", "boolean"]),
    ("pc-user-balance-nan", "papercut_user", {"username": "u", "balance": NAN}, ["balance", "finite"]),
    ("pc-user-balance-inf", "papercut_user", {"username": "u", "balance": INF}, ["balance", "finite"]),
    ("pc-user-balance-1e308", "papercut_user", {"username": "u", "balance": 1e308}, ["balance", "between"]),
    ("pc-user-adjust-minus-inf", "papercut_user", {"username": "u", "adjust_balance": -INF}, ["adjust_balance", "finite"]),
    ("pc-user-balance-nan-text", "papercut_user", {"username": "u", "balance": "nan"}, ["balance", "finite"]),
    ("pc-shared-balance-true", "shared_account", {"name": "Dept", "balance": True}, ["balance", "boolean"]),
    ("pc-shared-overdraft-inf", "shared_account", {"name": "Dept", "overdraft_amount": INF}, ["overdraft_amount"]),
    ("pc-group-member-balance-true", "papercut_group", {"name": "Staff", "member_balance": True},
     ["member_balance", "boolean"]),
    ("pc-group-member-balance-1e308", "papercut_group", {"name": "Staff", "member_balance": 1e308},
     ["member_balance", "between"]),
    ("pc-group-quota-nan", "papercut_group", {"name": "Staff", "quota": {"amount": NAN, "period": "WEEKLY"}},
     ["quota.amount", "finite"]),
    ("pc-printer-cost-nan", "papercut_printer", {"server": "srv", "printer": "lib-1", "cost_per_page": NAN},
     ["cost_per_page", "finite"]),
    ("sp-balance-true", "savapage_balance", {"name": "rijk", "balance": True}, ["balance", "boolean"]),
    ("sp-adjust-true", "savapage_balance", {"name": "rijk", "adjust": True}, ["adjust", "boolean"]),
    ("sp-balance-nan", "savapage_balance", {"name": "rijk", "balance": NAN}, ["balance", "finite"]),
    ("sp-balance-1e308", "savapage_balance", {"name": "rijk", "balance": 1e308}, ["balance", "between"]),
    ("sp-bulk-balance-true", "savapage_balance", {"accounts": [{"name": "rijk", "balance": True}]},
     ["accounts[0]", "name 'rijk'", "boolean"]),
    # -- property values: scalars only -------------------------------------------------------
    ("pc-user-property-null", "papercut_user", {"username": "u", "properties": {"home": None}},
     ["properties.home", "null", "'None'"]),
    ("pc-user-property-list", "papercut_user", {"username": "u", "properties": {"home": ["a", "b"]}},
     ["properties.home", "list"]),
    ("pc-user-property-dict", "papercut_user", {"username": "u", "properties": {"home": {"a": 1}}},
     ["properties.home", "dictionary"]),
    ("pc-user-property-nan", "papercut_user", {"username": "u", "properties": {"overdraft-amount": NAN}},
     ["properties.overdraft-amount", "finite"]),
    ("pc-user-bulk-property-null", "papercut_user", {"users": [{"username": "u", "properties": {"home": None}}]},
     ["users[0]", "username 'u'", "properties.home", "null"]),
    ("pc-shared-property-list", "shared_account", {"name": "Dept", "properties": {"x": [1]}}, ["properties.x", "list"]),
    ("pc-printer-property-null", "papercut_printer", {"server": "srv", "printer": "lib-1", "properties": {"x": None}},
     ["properties.x", "null"]),
    ("pc-printer-custom-field-dict", "papercut_printer",
     {"server": "srv", "printer": "lib-1", "custom_fields": {"1": {"a": 1}}}, ["custom_fields.1", "dictionary"]),
    # -- names: booleans, control characters, bidi overrides, length, empty parts ----------------
    ("pc-user-name-no", "papercut_user", {"username": False}, ["username", "boolean", "quote"]),
    ("pc-user-bulk-name-no", "papercut_user", {"users": [{"username": "u"}, {"username": False}]},
     ["users[1]", "username", "boolean"]),
    ("pc-user-name-newline", "papercut_user", {"username": "jo\nsmith"}, ["username", "U+000A"]),
    ("pc-user-name-nul", "papercut_user", {"username": "jo\x00"}, ["username", "U+0000"]),
    ("pc-user-name-rlo", "papercut_user", {"username": "invoice\u202efdp.exe"}, ["username", "U+202E"]),
    ("pc-user-name-100000", "papercut_user", {"username": "x" * 100000}, ["username", "100000 characters", "255"]),
    ("pc-user-group-newline", "papercut_user", {"username": "u", "groups": ["Staff\nAdmins"]}, ["groups[0]", "U+000A"]),
    ("pc-group-name-newline", "papercut_group", {"name": "Staff\nAdmins"}, ["name", "U+000A"]),
    ("pc-group-name-rlo", "papercut_group", {"name": "Staff\u202e"}, ["name", "U+202E"]),
    ("pc-group-name-long", "papercut_group", {"name": "G" * 100000}, ["name", "255"]),
    ("pc-config-name-newline", "papercut_config", {"name": "print.x\nuser.y", "value": "1"}, ["name", "U+000A"]),
    ("pc-config-name-nul", "papercut_config", {"name": "a\x00", "value": "1"}, ["name", "U+0000"]),
    ("pc-shared-trailing-backslash", "shared_account", {"name": "Dept\\"}, ["'Dept\\\\'", "empty part"]),
    ("pc-shared-leading-backslash", "shared_account", {"name": "\\Lab"}, ["empty part"]),
    ("pc-shared-name-newline", "shared_account", {"name": "Dept\nLab"}, ["name", "U+000A"]),
    ("pc-shared-bulk-trailing-backslash", "shared_account", {"accounts": [{"name": "Dept"}, {"name": "Dept\\"}]},
     ["accounts[1]", "empty part"]),
    ("pc-shared-access-user-newline", "shared_account", {"name": "Dept", "access_users": ["a\nb"]},
     ["access_users[0]", "U+000A"]),
    ("pc-printer-group-newline", "printer_group", {"server": "srv", "printer": "lib-1", "groups": ["A\nB"]},
     ["groups[0]", "U+000A"]),
    ("px-group-empty-name", "printix_group", {"name": ""}, ["name must not be empty"]),
    ("px-group-blank-name", "printix_group", {"name": "  ", "external_id": "x-2"}, ["name must not be empty"]),
    ("px-group-name-newline", "printix_group", {"name": "Lab\n2", "external_id": "x-2"}, ["name", "U+000A"]),
    ("sp-name-no", "savapage_balance", {"name": False, "balance": 1}, ["name", "boolean"]),
    ("sp-name-newline", "savapage_balance", {"name": "rijk\n", "balance": 1}, ["name", "U+000A"]),
    ("sp-token-name-no", "savapage_login_token", {"username": False, "ttp_api_key": "k"}, ["username", "boolean"]),
    # -- card numbers that reached the module as numbers (YAML octal / lost zeros) -----------------
    ("pc-user-card-octal", "papercut_user", {"username": "u", "primary_card_number": 342391},
     ["primary_card_number", "number", "Quote it", "01234567"]),
    ("pc-user-card-lost-zeros", "papercut_user", {"username": "u", "primary_card_number": 42798},
     ["primary_card_number", "Quote it"]),
    ("pc-user-secondary-card-int", "papercut_user", {"username": "u", "secondary_card_number": 123},
     ["secondary_card_number", "Quote it"]),
    ("pc-user-bulk-card-int", "papercut_user", {"users": [{"username": "u", "primary_card_number": 42798}]},
     ["users[0]", "username 'u'", "primary_card_number", "Quote it"]),
    ("px-card-octal", "printix_card", {"card_number": 342391, "user": PX_USER}, ["card_number", "Quote it"]),
    ("px-card-bulk-int", "printix_card", {"cards": [{"card_number": "0412", "user": PX_USER},
                                                    {"card_number": 42798, "user": PX_USER}]},
     ["cards[1]", "user '%s'" % PX_USER, "card_number", "Quote it"]),
    # -- bounds ---------------------------------------------------------------------------------
    ("pc-user-concurrency-100000", "papercut_user", {"users": [{"username": "u"}], "concurrency": 100000},
     ["concurrency", "between 1 and 64", "100000"]),
    ("pc-user-concurrency-0", "papercut_user", {"users": [{"username": "u"}], "concurrency": 0}, ["concurrency"]),
    ("pc-group-concurrency-100000", "papercut_group", {"name": "Staff", "concurrency": 100000}, ["concurrency"]),
    ("px-card-concurrency-100000", "printix_card", {"cards": [{"card_number": "1", "user": PX_USER}],
                                                    "concurrency": 100000}, ["concurrency"]),
    ("sp-balance-concurrency-100000", "savapage_balance", {"accounts": [{"name": "rijk", "balance": 1}],
                                                           "concurrency": 100000}, ["concurrency"]),
    ("pc-printer-disable-minutes-2-40", "papercut_printer",
     {"server": "srv", "printer": "lib-1", "enabled": False, "disable_minutes": 1099511627776},
     ["disable_minutes", "at most"]),
    ("pc-printer-disable-minutes-zero", "papercut_printer",
     {"server": "srv", "printer": "lib-1", "enabled": False, "disable_minutes": 0}, ["disable_minutes", "positive"]),
    ("pc-task-poll-nan", "papercut_task", {"task": "group_sync", "poll_interval": NAN}, ["poll_interval", "positive"]),
    ("pc-task-poll-inf", "papercut_task", {"task": "group_sync", "poll_interval": INF}, ["poll_interval", "positive"]),
    ("sp-report-dest-empty", "savapage_report", {"dest": ""}, ["dest", "empty"]),
    # -- errors that say where: Ansible's own validation inside a bulk list ------------------------
    ("pc-user-bulk-typo", "papercut_user", {"users": [{"username": "a"}, {"username": "b", "balence": 1}]},
     ["users[1]", "username 'b'", "'balence'", "did you mean 'balance'"]),
    ("pc-user-bulk-not-a-number", "papercut_user", {"users": [{"username": "a", "balance": "12,50"}]},
     ["users[0]", "username 'a'", "balance", "'12,50'"]),
    ("pc-user-bulk-no-username", "papercut_user", {"users": [{"username": "a"}, {"notes": "x"}]},
     ["users[1]", "username"]),
    ("pc-user-bulk-not-a-dict", "papercut_user", {"users": [{"username": "a"}, 7]}, ["users[1]", "dictionary"]),
    ("pc-shared-bulk-typo", "shared_account", {"accounts": [{"name": "Dept", "balanse": 1}]},
     ["accounts[0]", "name 'Dept'", "'balanse'", "did you mean 'balance'"]),
    ("px-card-bulk-typo", "printix_card", {"cards": [{"card_number": "1", "usr": PX_USER}]},
     ["cards[0]", "'usr'", "did you mean 'user'"]),
    ("sp-bulk-typo", "savapage_balance", {"accounts": [{"name": "rijk", "ballance": 1}]},
     ["accounts[0]", "name 'rijk'", "'ballance'"]),
    ("pc-user-not-a-number", "papercut_user", {"username": "u", "balance": "12,50"}, ["balance", "'12,50'"]),
]


def _product(module):
    if module in ("printix_card", "printix_card_info"):
        return "printix", PRINTIX_CARD_ID
    if module.startswith("printix"):
        return "printix", "sim-usermanager"
    if module.startswith("savapage"):
        return "savapage", None
    return "papercut", None


@pytest.fixture
def servers(papercut, printix, savapage):
    papercut.seed(PC_SEED)
    printix.seed(PX_SEED)
    savapage.seed(SP_SEED)
    return {"papercut": papercut, "printix": printix, "savapage": savapage}


def _run(servers, module, args):
    product, client_id = _product(module)
    sim = servers[product]
    conn = connection(product, sim, client_id) if client_id else connection(product, sim)
    if module == "savapage_report" and args.get("dest") is None:
        args = dict(args, dest="/nonexistent")
    return module_result(module, dict(conn, **args)), sim


def assert_clean_refusal(result, phrases):
    msg = result.get("msg") or ""
    assert result.get("failed"), result
    assert "Unexpected error" not in msg and "unexpected error" not in msg, msg
    assert "Traceback" not in str(result.get("exception") or ""), result.get("exception")
    if "U+0000" in phrases and "embedded null character" in msg:
        # ansible-core 2.21 logs the invocation to syslog before the module's own checks and refuses
        # a NUL there: still a clear refusal before any call
        return
    missing = [p for p in phrases if p not in msg]
    assert not missing, "message lacks %r: %s" % (missing, msg)


@pytest.mark.parametrize("case_id,module,args,phrases", INPUTS, ids=[c[0] for c in INPUTS])
def test_bad_input_is_refused_clearly_before_any_write(servers, case_id, module, args, phrases):
    result, sim = _run(servers, module, args)
    assert_clean_refusal(result, phrases)
    assert [c for c in sim.writes() if c["ok"]] == [], "a write reached the server"
    assert "external_id" not in result["msg"] or case_id != "px-group-empty-name"


def test_a_zero_adjustment_writes_no_transaction(servers):
    papercut = servers["papercut"]
    result, _sim = _run(servers, "papercut_user", {"username": "u", "adjust_balance": 0})
    assert not result.get("failed") and result["changed"] is False, result
    assert papercut.writes() == []
    result, _sim = _run(servers, "papercut_user", {"username": "u", "adjust_balance": 0.001})
    assert result["changed"] is False and papercut.writes() == []


def test_quoted_card_numbers_and_plain_names_still_pass(servers):
    papercut = servers["papercut"]
    args = {"username": "u", "primary_card_number": "01234567", "balance": 7.5, "groups": ["Staff"],
            "properties": {"home": "/home/u", "overdraft-amount": 5}}
    result, _sim = _run(servers, "papercut_user", args)
    assert not result.get("failed"), result
    state = papercut.state()
    assert "01234567" in str(state["users"]["u"])


# -- answers of the wrong shape ------------------------------------------------------------------

def _xml(value):
    return ("<?xml version='1.0'?><methodResponse><params><param><value>%s</value></param></params>"
            "</methodResponse>" % value)


XML_STRING = _xml("<string>lots</string>")
XML_STRUCT = _xml("<struct><member><name>a</name><value><int>1</int></value></member></struct>")
XML_HUGE = _xml("<double>1e999999999</double>")
XML_SHORT_ARRAY = _xml("<array><data><value><string>true</string></value></data></array>")
XML_STRUCT_ARRAY = _xml("<array><data><value><struct></struct></value></data></array>")

U = {"username": "u"}
# (case id, product, module, args, fault method, body, phrases)
ANSWERS = [
    ("pc-balance-string", "papercut", "papercut_user", dict(U, balance=1), "getUserAccountBalance", XML_STRING,
     ["expected a number", "api.getUserAccountBalance('u')", "'lots'"]),
    ("pc-balance-struct", "papercut", "papercut_user", dict(U, balance=1), "getUserAccountBalance", XML_STRUCT,
     ["expected a number", "an object"]),
    ("pc-balance-1e999999999", "papercut", "papercut_user", dict(U, balance=1), "getUserAccountBalance", XML_HUGE,
     ["expected a number", "beyond the range"]),
    ("pc-properties-string", "papercut", "papercut_user", dict(U, full_name="U"), "getUserProperties", XML_STRING,
     ["expected a list", "api.getUserProperties('u')"]),
    ("pc-properties-missing", "papercut", "papercut_user", dict(U, full_name="U"), "getUserProperties",
     XML_SHORT_ARRAY, ["expected 2 values", "api.getUserProperties('u')", "got 1"]),
    ("pc-properties-struct-value", "papercut", "papercut_user", dict(U, full_name="U"), "getUserProperties",
     _xml("<array><data><value><string>true</string></value><value><struct></struct></value></data></array>"),
     ["expected a string", "full-name"]),
    ("pc-groups-struct", "papercut", "papercut_user", dict(U, groups=["Staff"]), "getUserGroups", XML_STRUCT,
     ["expected a list", "api.getUserGroups('u')"]),
    ("pc-list-users-string", "papercut", "papercut_user", {"users": [U]}, "listUserAccounts", XML_STRING,
     ["expected a list", "api.listUserAccounts"]),
    ("pc-list-users-structs", "papercut", "papercut_user", {"users": [U]}, "listUserAccounts", XML_STRUCT_ARRAY,
     ["expected a string", "api.listUserAccounts"]),
    ("pc-quota-string", "papercut", "papercut_group", {"name": "Staff", "quota": {"amount": 5, "period": "WEEKLY"}},
     "getGroupQuota", XML_STRING, ["expected an object", "api.getGroupQuota('Staff')"]),
    ("pc-quota-amount-text", "papercut", "papercut_group", {"name": "Staff", "quota": {"amount": 5}},
     "getGroupQuota", _xml("<struct><member><name>QuotaAmount</name><value><string>x</string></value></member>"
                           "</struct>"), ["expected a number", "QuotaAmount"]),
    ("pc-member-list-struct", "papercut", "papercut_group", {"name": "Staff", "member_balance": 2},
     "getGroupMembers", XML_STRUCT, ["expected a list", "api.getGroupMembers"]),
    ("pc-shared-properties-string", "papercut", "shared_account", {"name": "Dept", "notes": "n"},
     "getSharedAccountProperties", XML_STRING, ["expected a list", "api.getSharedAccountProperties('Dept')"]),
    ("pc-shared-balance-huge", "papercut", "shared_account", {"name": "Dept", "balance": 3},
     "getSharedAccountAccountBalance", XML_HUGE, ["expected a number", "beyond the range"]),
    ("pc-printer-properties-struct", "papercut", "papercut_printer", {"server": "srv", "printer": "lib-1",
                                                                      "enabled": True},
     "getPrinterProperties", XML_STRUCT, ["expected a list", "api.getPrinterProperties"]),
    ("pc-task-status-string", "papercut", "papercut_task", {"task": "group_sync"}, "getTaskStatus", XML_STRING,
     ["api.getTaskStatus", "'lots'", "not a struct"]),
    ("pc-list-groups-struct", "papercut", "papercut_group_info", {}, "listUserGroups", XML_STRUCT,
     ["expected a list", "api.listUserGroups"]),
    ("pc-config-array", "papercut", "papercut_config", {"name": "k", "value": "v"}, "getConfigValue",
     XML_SHORT_ARRAY, ["expected a string", "api.getConfigValue('k')"]),
    ("px-users-string", "printix", "printix_user_info", {}, "list_users", {"users": "everyone"},
     ["expected a list", "key 'users'", "listing Printix users"]),
    ("px-users-strings", "printix", "printix_user_info", {}, "list_users", {"users": ["a"]},
     ["expected an object", "an item of 'users'"]),
    ("px-groups-page-string", "printix", "printix_group_info", {}, "list_groups", {"groups": [], "page": "one"},
     ["expected an object", "'page'"]),
    ("px-groups-total-pages-huge", "printix", "printix_group_info", {}, "list_groups",
     '{"groups": [{"name": "A"}], "page": {"number": 0, "totalPages": 1e999999999}}',
     ["expected a number", "page.totalPages", "beyond the range"]),
    ("px-card-string", "printix", "printix_card_info", {"card_number": "0412"}, "get_card", {"card": "yes"},
     ["expected an object", "the card"]),
    ("px-root-links-list", "printix", "printix_group_info", {}, "root", {"_links": ["a"]},
     ["expected an object", "'_links'"]),
    ("px-token-expiry-text", "printix", "printix_group_info", {}, "token",
     {"access_token": "t0k3n-from-fault", "expires_in": "soon"}, ["expected a number", "expires_in"]),
    ("px-printers-object", "printix", "printix_printer_info", {}, "list_printers", {"printers": {"a": 1}},
     ["expected a list", "'printers'"]),
    ("sp-balance-huge-text", "savapage", "savapage_balance", {"name": "rijk", "balance": 3}, "balance.get",
     '{"succes": true, "result": "1e999999999"}', ["balance", "too large"]),
    ("sp-balance-huge-number", "savapage", "savapage_balance", {"name": "rijk", "balance": 3}, "balance.get",
     '{"succes": true, "result": 1e999999999}', ["balance", "finite"]),
    ("sp-balance-object", "savapage", "savapage_balance_info", {"name": ["rijk"]}, "balance.get",
     {"succes": True, "result": {"a": 1}}, ["balance", "must be a number"]),
]


@pytest.mark.parametrize("case_id,product,module,args,method,body,phrases", ANSWERS, ids=[c[0] for c in ANSWERS])
def test_an_answer_of_the_wrong_shape_is_a_clear_error(servers, case_id, product, module, args, method, body,
                                                       phrases):
    sim = servers[product]
    content_type = {"papercut": "text/xml", "savapage": "text/plain"}.get(product, "application/json")
    sim.fault("garbage", count=1, method=method, body=body, content_type=content_type)
    # "root": tenant discovery, which happens because the connection gives no printix_tenant_id
    result, _sim = _run(servers, module, args)
    assert_clean_refusal(result, phrases)
    assert [c for c in sim.writes() if c["ok"]] == [], "a write reached the server"


def test_catalogue_counts():
    """The counts for the closing note of issue 15: each case above is one tried input."""
    assert len(INPUTS) >= 70 and len(ANSWERS) >= 23
    assert len(set(c[0] for c in INPUTS + ANSWERS)) == len(INPUTS) + len(ANSWERS)


def test_an_empty_property_value_still_clears_the_property(servers):
    papercut = servers["papercut"]
    papercut.seed({"users": [{"username": "w", "home": "/home/w"}]})
    result, _sim = _run(servers, "papercut_user", {"username": "w", "properties": {"home": ""}})
    assert not result.get("failed") and result["changed"], result
    assert [c["method"] for c in papercut.writes()] == ["setUserProperties"]
