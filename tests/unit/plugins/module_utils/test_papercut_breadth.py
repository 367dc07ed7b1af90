# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""PaperCutClient breadth (shared accounts, printers, groups, tasks, config) against the strict simulator."""

import xmlrpc.client

import pytest

from ansible_collections.printops.print_management.plugins.module_utils._http import AmbiguousResult, ClientError
from ansible_collections.printops.print_management.plugins.module_utils._papercut import PrinterNotFound
from ansible_collections.printops.print_management.plugins.module_utils._papercut_groups import quota_target, NO_QUOTA
from ansible_collections.printops.print_management.plugins.module_utils._papercut_printers import (
    PrinterGroups,
    not_found,
)
from ansible_collections.printops.print_management.tests.simulators.papercut import DEFAULT_TOKEN


def test_list_printers_pages_and_drops_the_template_printer(papercut, pc_client):
    papercut.seed({"printers": [{"server": "srv", "printer": "p%04d" % i} for i in range(1500)]})
    printers = list(pc_client.list_printers())
    assert len(printers) == 1500 and printers[0] == ("srv", "p0000")
    pages = [c["args"] for c in papercut.calls() if c["method"] == "listPrinters"]
    assert pages == [[0, 1000], [1000, 1000]]


def test_simulator_is_strict_about_doubles_for_cost_and_quota(papercut):
    papercut.seed({"printers": [{"server": "s", "printer": "p"}], "groups": ["G"]})
    api = xmlrpc.client.ServerProxy(papercut.sim.url + "/rpc/api/xmlrpc").api
    for call in (lambda: api.setPrinterCostSimple(DEFAULT_TOKEN, "s", "p", 1),
                 lambda: api.setGroupQuota(DEFAULT_TOKEN, "G", 5, "DAILY", 0.0),
                 lambda: api.getTaskStatus(DEFAULT_TOKEN)):
        with pytest.raises(xmlrpc.client.Fault) as err:
            call()
        assert err.value.faultCode == -1


def test_client_sends_doubles_and_reads_quota(papercut, pc_client):
    papercut.seed({"printers": [{"server": "s", "printer": "p"}], "groups": ["G"]})
    pc_client.set_printer_cost_simple("s", "p", 1)
    pc_client.set_group_quota("G", 5, "DAILY", 0)
    assert pc_client.get_printer_cost_simple("s", "p") == 1.0
    assert pc_client.get_group_quota("G") == {"amount": 5.0, "period": "DAILY", "max_accumulation": 0.0}


def test_unknown_printer_is_a_typed_error_and_lists_near_matches(papercut, pc_client):
    papercut.seed({"printers": [{"server": "srv", "printer": "library-1"}]})
    with pytest.raises(PrinterNotFound):
        pc_client.get_printer_properties("srv", "library-2", ["disabled"])
    assert "near matches: srv\\library-1" in str(not_found(pc_client, "srv", "library-2"))


def test_starting_a_task_is_never_resent_after_a_lost_answer(papercut, pc_client):
    papercut.fault("drop_after", method="performGroupSync")
    with pytest.raises(AmbiguousResult):
        pc_client.start_task("group_sync")
    assert len([c for c in papercut.calls() if c["method"] == "performGroupSync"]) == 1


def test_shared_account_adjustment_is_never_resent(papercut, pc_client):
    papercut.seed({"shared_accounts": [{"name": "A", "balance": 1.0}]})
    papercut.fault("drop_after", method="adjustSharedAccountAccountBalance")
    with pytest.raises(AmbiguousResult):
        pc_client.adjust_shared_account_balance("A", 2, "c")
    assert papercut.state()["shared_accounts"]["A"]["balance"] == 3.0


def test_printer_groups_plan_is_exact_append_and_absent_against_the_record(papercut, pc_client):
    papercut.seed({"printers": [{"server": "s", "printer": "p"}], "groups": ["Staff"]})
    pg = PrinterGroups(pc_client, "s", "p", "custom-field-6")
    steps, _before, after = pg.plan("present", ["B", "A"], ["Staff"], False)
    pg.apply(steps, after)
    assert PrinterGroups(pc_client, "s", "p", "custom-field-6").plan("present", ["A", "B"], ["Staff"], False)[0] == []
    steps = PrinterGroups(pc_client, "s", "p", "custom-field-6").plan("absent", ["A"], None, False)[0]
    assert steps == [("set printer groups", "set_printer_groups", ["B"])]
    with pytest.raises(ClientError, match="cannot remove printer groups"):
        PrinterGroups(pc_client, "s", "p", "").plan("absent", ["A"], None, False)


def test_quota_period_is_validated_and_keys_not_given_are_kept():
    assert quota_target(dict(NO_QUOTA, amount=3.0), {"period": "weekly"})["amount"] == 3.0
    with pytest.raises(ClientError, match="quota period 'YEARLY' is not valid"):
        quota_target(NO_QUOTA, {"period": "YEARLY"})
