# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Money safety: 100 balance adjustments under random injected failures, none applied twice.

For PaperCut ``adjustUserAccountBalance`` and SavaPage ``adjust`` the test queues one
fault before each adjustment (a pass-through ``delay`` of 0 s when the call should go
through untouched), runs 100 adjustments, each with a unique comment, then reads the simulator's
transaction log: every comment appears at most once, every adjustment the client reported
as done appears exactly once, every one it reported as ambiguous was sent exactly once,
and the final balance is the sum of what the log says was applied. Setting an exact
balance afterwards, itself under faults, converges.
"""

import random
import time
from decimal import Decimal

import pytest

from ansible_collections.printops.print_management.plugins.module_utils._http import (
    AmbiguousResult,
    ClientError,
    HttpClient,
    Redactor,
)
from ansible_collections.printops.print_management.plugins.module_utils._papercut import PaperCutClient
from ansible_collections.printops.print_management.tests.simulators.fixtures import SAVAPAGE_RELEASES, savapage_client
from ansible_collections.printops.print_management.tests.simulators.papercut import DEFAULT_TOKEN

N = 100
# (name, fault spec, weight): about half the adjustments meet a failure
FAULTS = [
    ("none", dict(kind="delay", seconds=0), 10),
    ("lost_answer", dict(kind="drop_after"), 3),          # applied, answer lost: ambiguous
    ("reset_before", dict(kind="drop"), 2),               # not applied, but the client cannot know: ambiguous
    ("http_500", dict(kind="http_status", status=500), 2),
    ("http_502", dict(kind="http_status", status=502), 1),
    ("http_503", dict(kind="http_status", status=503), 1),
    ("throttled", dict(kind="http_status", status=429, body="Too Many Requests"), 2),  # retried, applied once
    ("slow", dict(kind="delay", seconds=1.1), 1),        # applied after the client's timeout: ambiguous
    ("garbled", dict(kind="garbage", body="<html>proxy error</html>", content_type="text/xml"), 1),
]
TIMEOUT = 0.8


def plan(seed):
    rng = random.Random(seed)
    names = [f[0] for f in FAULTS]
    weights = [f[2] for f in FAULTS]
    specs = dict((f[0], f[1]) for f in FAULTS)
    chosen = rng.choices(names, weights, k=N)
    amounts = [Decimal(rng.randint(-500, 1500)) / 100 for _i in range(N)]
    return chosen, specs, amounts


def run_adjustments(inspector, method, adjust, seed):
    chosen, specs, amounts = plan(seed)
    inspector.clear_faults()
    outcomes = []
    for i in range(N):
        # queued one at a time: a retried 429 must not consume the next adjustment's fault
        spec = dict(specs[chosen[i]])
        inspector.fault(spec.pop("kind"), count=1, method=method, **spec)
        try:
            adjust(amounts[i], "adj-%03d" % i)
            outcomes.append("done")
        except AmbiguousResult as exc:
            assert "not re-sent" in str(exc), exc
            outcomes.append("ambiguous")
        except ClientError as exc:  # pragma: no cover - would be a finding
            outcomes.append("error: %s" % exc)
    time.sleep(1.2)  # slow calls finish on the server after the client gave up on them
    assert inspector._req("GET", "faults")["faults"] == []  # pylint: disable=protected-access
    return chosen, amounts, outcomes


def check(chosen, amounts, outcomes, applied_comments, balance, start):
    assert not [o for o in outcomes if o.startswith("error")], outcomes
    counts = dict((c, applied_comments.count(c)) for c in set(applied_comments))
    twice = [c for c, n in counts.items() if n > 1]
    assert not twice, "applied more than once: %s" % twice
    for i, (fault, outcome) in enumerate(zip(chosen, outcomes)):
        comment = "adj-%03d" % i
        if fault in ("none", "throttled"):
            assert outcome == "done" and counts.get(comment) == 1, (i, fault, outcome)
        else:
            assert outcome == "ambiguous", (i, fault, outcome)
            expected = 1 if fault in ("lost_answer", "slow") else 0
            assert counts.get(comment, 0) == expected, (i, fault, counts.get(comment))
    expected_balance = start + sum(amounts[i] for i in range(N) if counts.get("adj-%03d" % i))
    assert abs(Decimal(str(balance)) - expected_balance) < Decimal("0.000001")
    assert "ambiguous" in outcomes and "done" in outcomes


@pytest.mark.parametrize("seed", [2026])
def test_papercut_100_adjustments_under_random_failures_none_applied_twice(papercut, seed):
    papercut.seed({"users": [{"username": "alice", "balance": 10.0}]})
    http = HttpClient(redactor=Redactor([DEFAULT_TOKEN]), timeout=TIMEOUT, backoff=0.01, sleep=lambda s: None)
    client = PaperCutClient(papercut.sim.url, DEFAULT_TOKEN, http=http)

    def adjust(amount, comment):
        client.adjust_user_balance("alice", float(amount), comment)

    chosen, amounts, outcomes = run_adjustments(papercut, "adjustUserAccountBalance", adjust, seed)
    state = papercut.state()
    applied = [t["comment"] for t in state["transactions"] if t["account"] == "alice" and t["kind"] == "adjust"]
    check(chosen, amounts, outcomes, applied, round(state["users"]["alice"]["balance"], 6), Decimal(10))
    sends = [c for c in papercut.calls() if c["method"] == "adjustUserAccountBalance" and c["ok"]]
    assert len(sends) == len(applied)

    # converge: an exact balance, itself through a lost answer and a burst of errors
    papercut.fault("drop_after", method="setUserAccountBalance")
    papercut.fault("http_status", count=2, method="setUserAccountBalance", status=503)
    client.set_user_balance("alice", 25.0, "reconciled")
    assert papercut.state()["users"]["alice"]["balance"] == 25.0
    client.set_user_balance("alice", 25.0, "reconciled")
    assert papercut.state()["users"]["alice"]["balance"] == 25.0


@pytest.mark.parametrize("sp", SAVAPAGE_RELEASES, indirect=True)
@pytest.mark.parametrize("seed", [2026])
def test_savapage_100_adjustments_under_random_failures_none_applied_twice(sp, seed):
    sp.seed({"accounts": [{"type": "USER", "name": "rijk", "balance": 10}]})
    client = savapage_client(sp.sim, timeout=TIMEOUT)

    def adjust(amount, comment):
        client.adjust_balance("USER", "rijk", amount, comment)

    if sp.sim.release == "1.5":
        # 1.5 would SET the balance to each amount: not one adjustment may reach it
        for i in range(N):
            with pytest.raises(ClientError, match="does not honour adjust"):
                adjust(Decimal(i + 1), "adj-%03d" % i)
        assert [c for c in sp.calls() if "adjust" in c["args"]] == [] and sp.writes() == []
        assert len([c for c in sp.calls() if c["method"] == "system.version"]) == 1
        assert sp.state()["accounts"]["USER"]["rijk"]["balance"] == 10
    else:
        chosen, amounts, outcomes = run_adjustments(sp, "balance.adjust", adjust, seed)
        state = sp.state()
        applied = [t["comment"] for t in state["transactions"]
                   if t["account_name"] == "rijk" and t["trx_type"] == "ADJUST"]
        check(chosen, amounts, outcomes, applied, state["accounts"]["USER"]["rijk"]["balance"], Decimal(10))

    sp.fault("drop_after", method="balance.set")
    sp.fault("http_status", count=2, method="balance.set", status=503)
    assert client.set_balance("USER", "rijk", "25.00", "reconciled") in (None, Decimal("25"))
    assert sp.state()["accounts"]["USER"]["rijk"]["balance"] == 25.0
    assert client.set_balance("USER", "rijk", "25.00") is None  # "amount identical": nothing written
