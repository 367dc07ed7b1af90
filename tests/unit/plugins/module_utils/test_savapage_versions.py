# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""SavaPage releases: 1.5 sets where 1.6 adjusts, and answers the balance POST without ``result``.

Against both readings of the simulator (fixture parameter ``sp``: "1.6", the seed's, and "1.5", the
1.5.0 server source). Server state and what was sent are read through the simulator's inspection API.
"""

import os
import ssl
import subprocess
import sys
import urllib.request
from decimal import Decimal

import pytest

from ansible_collections.printops.print_management.plugins.module_utils._http import ClientError
from ansible_collections.printops.print_management.plugins.module_utils._savapage import (
    UnsupportedByServer,
    parse_version,
)
from ansible_collections.printops.print_management.plugins.module_utils._savapage_balance import BalanceReconciler
from ansible_collections.printops.print_management.tests.simulators.fixtures import (
    SAVAPAGE_RELEASES,
    savapage_client,
)

PARAMS = {"account_type": "USER", "name": None, "balance": None, "adjust": None, "details": None}
BOTH = pytest.mark.parametrize("sp", SAVAPAGE_RELEASES, indirect=True)
OLD = pytest.mark.parametrize("sp", ["1.5"], indirect=True)


def reconcile(client, check_mode=False, **opts):
    return BalanceReconciler(client, dict(PARAMS, **opts), check_mode=check_mode, diff=True).one()


def bulk(client, items, **opts):
    return BalanceReconciler(client, dict(PARAMS, **opts)).bulk(items, 4)


def sent(sp, method):
    return [c for c in sp.calls() if c["method"] == method]


def adjust_requests(sp):
    """Every balance POST that carried adjust, whatever the server made of it."""
    return [c for c in sp.calls() if c["method"].startswith("balance.") and "adjust" in c["args"]]


def balance(sp, name="rijk", kind="USER"):
    return sp.state()["accounts"][kind][name]["balance"]


@pytest.mark.parametrize("text, number", [
    ("SavaPage 1.6.0 (Build 20240315)", (1, 6, 0)),       # reference/savapage-notes.md
    ("SavaPage 1.2.0-rc (Build 20200121)", (1, 2, 0)),    # seed 002, C.2.3.1.1 GET /system/version
    ("SavaPage 1.5.0 (Build 20231228)", (1, 5, 0)),
    ("SavaPage 1.10 (Build 1)", (1, 10, 0)),
    ("  savapage 2.0.1\n", (2, 0, 1)),
    ("<html>nginx</html>", None), ("", None), ("SavaPage", None), ("PrintFlowLite 1.6.0 (Build 1)", None),
])
def test_version_text_is_parsed(text, number):
    assert parse_version(text) == number


@BOTH
def test_set_reports_a_change_truthfully_on_both_releases(sp, sp_client):
    sp.seed({"accounts": [{"type": "USER", "name": "rijk", "balance": 9.26}]})
    sp.clear_calls()
    result = reconcile(sp_client, name="rijk", balance=12.5, details="term credit")
    assert result["changed"] and result["operation"] == "set", result
    assert (result["balance_before"], result["balance_after"]) == (9.26, 12.5)
    assert result["diff"] == {"before": {"balance": 9.26}, "after": {"balance": 12.5}}
    assert balance(sp) == 12.5
    methods = [c["method"] for c in sp.calls()]
    if sp.sim.release == "1.5":
        # no result in the answer: the balance is read back, never taken as "unchanged"
        assert methods == ["balance.get", "balance.set", "balance.get"]
        assert sp.state()["transactions"][-1]["comment"] == "Web Service", "1.5 does not record details"
    else:
        assert methods == ["balance.get", "balance.set"]
        assert sp.state()["transactions"][-1]["comment"] == "term credit"
    assert "system.version" not in methods, "a set needs no version"
    again = reconcile(sp_client, name="rijk", balance=12.5)
    assert not again["changed"] and again["balance_after"] == 12.5


@BOTH
def test_set_identical_answer_is_unchanged_on_both_releases(sp, sp_client):
    sp.seed({"accounts": [{"type": "SHARED", "name": "Physics", "balance": 5.0}]})
    sp.fault("succes_false", method="balance.set", error="amount identical to current balance.")
    result = reconcile(sp_client, account_type="SHARED", name="Physics", balance=6.0)
    assert not result["changed"] and result["balance_after"] == 5.0 and balance(sp, "Physics", "SHARED") == 5.0


@BOTH
def test_client_set_balance_returns_the_new_balance_without_result(sp, sp_client):
    sp.seed({"accounts": [{"type": "USER", "name": "rijk", "balance": 1.0}]})
    assert sp_client.set_balance("USER", "rijk", "7.25") == Decimal("7.25")
    assert sp_client.set_balance("USER", "rijk", "7.25") is None  # identical: nothing written


@OLD
def test_adjust_on_1_5_is_refused_before_any_write_naming_the_version(sp, sp_client):
    sp.seed({"accounts": [{"type": "USER", "name": "rijk", "balance": 10.0}]})
    sp.clear_calls()
    with pytest.raises(ClientError) as info:
        reconcile(sp_client, name="rijk", adjust=5)
    message = str(info.value)
    assert "USER account 'rijk'" in message and "SavaPage 1.5.0 (Build 20231228)" in message, message
    assert "does not honour adjust" in message and "balance option" in message and "Nothing was changed" in message
    assert adjust_requests(sp) == [] and sp.writes() == []
    assert [c["method"] for c in sp.calls()] == ["balance.get", "system.version"]
    assert balance(sp) == 10.0, "not 5.00: the adjustment never reached the server"


@OLD
def test_adjust_on_1_5_is_refused_in_check_mode_too(sp, sp_client):
    sp.seed({"accounts": [{"type": "USER", "name": "rijk", "balance": 10.0}]})
    with pytest.raises(ClientError, match="does not honour adjust"):
        reconcile(sp_client, check_mode=True, name="rijk", adjust=5)
    assert sp.writes() == []


@OLD
def test_client_adjust_balance_itself_refuses_on_1_5(sp, sp_client):
    sp.seed({"accounts": [{"type": "USER", "name": "rijk", "balance": 10.0}]})
    with pytest.raises(UnsupportedByServer, match="adjusting the balance of USER account 'rijk' by 5 was refused"):
        sp_client.adjust_balance("USER", "rijk", 5)
    assert adjust_requests(sp) == [] and balance(sp) == 10.0


@BOTH
def test_bulk_with_an_adjustment_reads_the_version_once_and_on_1_5_writes_nothing(sp, sp_client):
    sp.seed({"accounts": [{"type": "USER", "name": n, "balance": 1.0} for n in ("a", "b", "c", "d")]})
    sp.clear_calls()
    items = [{"name": "a"}, {"name": "b", "adjust": 1.0}, {"name": "c", "adjust": 2.0}, {"name": "d"}]
    if sp.sim.release == "1.5":
        with pytest.raises(ClientError, match=r"adjust \(for 2 of 4 accounts: 'b', 'c'\) was refused"):
            bulk(sp_client, items, balance=5.0)
        assert sp.writes() == [] and [c["method"] for c in sp.calls()] == ["system.version"]
        return
    result = bulk(sp_client, items, balance=5.0)
    assert [a["operation"] for a in result["accounts"]] == ["set", "adjust", "adjust", "set"]
    assert len(sent(sp, "system.version")) == 1, "read once per task, whatever the concurrency"
    users = sp.state()["accounts"]["USER"]
    assert [users[n]["balance"] for n in "abcd"] == [5.0, 2.0, 3.0, 5.0]


@BOTH
def test_task_without_an_adjustment_never_reads_the_version(sp, sp_client):
    sp.seed({"accounts": [{"type": "USER", "name": "rijk", "balance": 1.0}]})
    reconcile(sp_client, name="rijk", balance=2.0)
    reconcile(sp_client, name="rijk", adjust=0)  # a zero adjustment writes nothing, so asks nothing
    assert sent(sp, "system.version") == []


def test_adjust_on_1_6_is_sent_once_and_version_read_once(sp, sp_client):
    sp.seed({"accounts": [{"type": "USER", "name": "rijk", "balance": 10.0}]})
    sp.clear_calls()
    result = reconcile(sp_client, name="rijk", adjust=-2.5, details="refund")
    assert result["changed"] and (result["balance_before"], result["balance_after"]) == (10.0, 7.5)
    reconcile(sp_client, name="rijk", adjust=1)
    assert [c["method"] for c in sp.calls()] == ["balance.get", "system.version", "balance.adjust",
                                                 "balance.get", "balance.adjust"]
    assert balance(sp) == 8.5


@pytest.mark.parametrize("fault, problem", [
    ({"kind": "http_status", "status": 404, "body": "", "content_type": "text/plain"}, "HTTP 404"),
    ({"kind": "garbage", "body": "<html>nginx</html>", "content_type": "text/html"}, "not a SavaPage version"),
    ({"kind": "http_status", "status": 401, "body": "", "content_type": "text/plain"}, "HTTP 401"),
])
def test_version_missing_or_unreadable_means_no_adjustment_is_sent(sp, sp_client, fault, problem):
    """The stricter reading: a server that cannot say it is 1.6 or later might set instead of adding."""
    sp.seed({"accounts": [{"type": "USER", "name": "rijk", "balance": 10.0}]})
    spec = dict(fault)
    sp.fault(spec.pop("kind"), method="system.version", **spec)
    with pytest.raises(ClientError) as info:
        reconcile(sp_client, name="rijk", adjust=5)
    message = str(info.value)
    assert "version could not be read" in message and problem in message and "1.6 or later" in message, message
    assert sp.writes() == [] and balance(sp) == 10.0
    # a set does not depend on the version
    assert reconcile(sp_client, name="rijk", balance=11.0)["changed"] and balance(sp) == 11.0


def test_version_is_read_with_the_admin_credentials_when_configured(sp):
    sp.configure(version="SavaPage 1.6.1 (Build 20250101)")
    client = savapage_client(sp.sim)
    assert client.server_version().number == (1, 6, 1) and client.server_version().honours_adjust
    no_credentials = savapage_client(sp.sim, username=None, password=None)
    assert no_credentials.server_version().honours_adjust
    assert len(sent(sp, "system.version")) == 2, "cached per client"


@pytest.mark.parametrize("release, version", [(None, "SavaPage 1.6.0 (Build 20240315)"),
                                              ("1.5", "SavaPage 1.5.0 (Build 20231228)")])
def test_standalone_simulator_switch(tmp_path, release, version):
    """``python -m tests.simulators savapage --savapage-release 1.5`` serves the 1.5 reading."""
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
    cert = str(tmp_path / "sp.crt")
    command = [sys.executable, "-m", "tests.simulators", "savapage", "--option", "cert_file=" + cert]
    if release:
        command += ["--savapage-release", release]
    proc = subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        port = int(proc.stdout.readline())
        context = ssl.create_default_context(cafile=cert)
        with urllib.request.urlopen("https://127.0.0.1:%d/restful/v1/system/version" % port, timeout=5,
                                    context=context) as answer:
            assert answer.read().decode() == version
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    wrong = subprocess.run([sys.executable, "-m", "tests.simulators", "printix", "--savapage-release", "1.5"],
                           cwd=root, capture_output=True, text=True, timeout=30, check=False)
    assert wrong.returncode == 2 and "applies to the savapage simulator only" in wrong.stderr
