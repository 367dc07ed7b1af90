# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""BalanceReconciler (savapage_balance's logic) against the in-process simulator."""

import pytest

from ansible_collections.printops.print_management.plugins.module_utils._http import ClientError
from ansible_collections.printops.print_management.plugins.module_utils._savapage_balance import BalanceReconciler
from ansible_collections.printops.print_management.tests.simulators.fixtures import SAVAPAGE_RELEASES

# every test runs against both readings of the balance POST (tests/simulators/README.md)
pytestmark = pytest.mark.parametrize("sp", SAVAPAGE_RELEASES, indirect=True)

PARAMS = {"account_type": "USER", "name": None, "balance": None, "adjust": None, "details": None}


def reconcile(client, check_mode=False, **opts):
    params = dict(PARAMS, **opts)
    return BalanceReconciler(client, params, check_mode=check_mode, diff=True).one()


def test_check_mode_predicts_and_sends_no_write(sp, sp_client):
    sp.seed({"accounts": [{"type": "USER", "name": "u", "balance": 1.0}]})
    if sp.sim.release == "1.5":
        # the real run would be refused (1.5 sets where adjust is asked): check mode says so
        with pytest.raises(ClientError, match="does not honour adjust"):
            reconcile(sp_client, check_mode=True, name="u", adjust=2.25)
    else:
        result = reconcile(sp_client, check_mode=True, name="u", adjust=2.25)
        assert result["changed"] and result["balance_after"] == 3.25
    assert sp.writes() == []
    result = reconcile(sp_client, check_mode=True, name="u", balance=7)
    assert result["changed"] and result["diff"]["after"] == {"balance": 7.0} and sp.writes() == []


def test_zero_adjustment_changes_nothing(sp, sp_client):
    sp.seed({"accounts": [{"type": "USER", "name": "u", "balance": 1.0}]})
    result = reconcile(sp_client, name="u", adjust=0)
    assert not result["changed"] and sp.writes() == []


def test_identical_answer_is_unchanged(sp, sp_client):
    sp.seed({"accounts": [{"type": "USER", "name": "u", "balance": 1.0}]})
    sp.fault("succes_false", method="balance.set", error="amount identical to current balance.")
    result = reconcile(sp_client, name="u", balance=2)
    assert not result["changed"] and result["balance_after"] == 1.0


def test_other_server_refusal_names_the_account(sp, sp_client):
    sp.seed({"accounts": [{"type": "GROUP", "name": "g", "balance": 1.0}]})
    sp.fault("succes_false", method="balance.set", error="account is locked.")
    with pytest.raises(ClientError, match="GROUP account 'g': setting the balance .* account is locked"):
        reconcile(sp_client, account_type="GROUP", name="g", balance=2)


def test_bulk_item_balance_or_adjust_replaces_both_defaults(sp, sp_client):
    sp.seed({"accounts": [{"type": "USER", "name": n, "balance": 1.0} for n in ("a", "b")]})
    params = dict(PARAMS, balance=5.0, details="bulk")
    if sp.sim.release == "1.5":
        with pytest.raises(ClientError, match=r"adjust \(for 1 of 2 accounts: 'b'\) was refused before anything"):
            BalanceReconciler(sp_client, params).bulk([{"name": "a"}, {"name": "b", "adjust": 1.0}], 2)
        assert sp.writes() == []
        return
    result = BalanceReconciler(sp_client, params).bulk([{"name": "a"}, {"name": "b", "adjust": 1.0}], 2)
    assert [a["operation"] for a in result["accounts"]] == ["set", "adjust"]
    users = sp.state()["accounts"]["USER"]
    assert (users["a"]["balance"], users["b"]["balance"]) == (5.0, 2.0)
    assert [t["comment"] for t in sp.state()["transactions"]][-2:] == ["bulk", "bulk"]
