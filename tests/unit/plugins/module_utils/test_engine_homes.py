# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One home for each cross-cutting piece (issue 17): the clients build themselves from a module's
options, and the engine holds what resource files used to copy (the create sent once, the empty-key
check, field comparisons, the quiet look, the bulk spec, the end of main())."""

from __future__ import annotations

import pytest

from ansible_collections.printops.print_management.plugins.module_utils import _module
from ansible_collections.printops.print_management.plugins.module_utils._bulk_plan import item_label
from ansible_collections.printops.print_management.plugins.module_utils._errors import or_else
from ansible_collections.printops.print_management.plugins.module_utils._http import (
    AmbiguousResult,
    ClientError,
    HttpClient,
)
from ansible_collections.printops.print_management.plugins.module_utils._papercut import PaperCutClient, to_props
from ansible_collections.printops.print_management.plugins.module_utils._printix import PrintixClient
from ansible_collections.printops.print_management.plugins.module_utils._reconcile import (
    Reconciler,
    Resource,
    same_money,
)
from ansible_collections.printops.print_management.plugins.module_utils._savapage import SavaPageClient
from ansible_collections.printops.print_management.plugins.module_utils._validate import problems


class Failed(Exception):
    pass


class FakeModule(object):
    """What the builders use of an AnsibleModule: params, warn, fail_json (and exit_json for reconcile())."""

    check_mode = False
    _diff = False

    def __init__(self, product, **params):
        self.params = dict((name, spec.get("default")) for name, spec in _module.CONNECTION_SPECS[product].items())
        self.params.update(params)
        self.warnings = []
        self.exited = None

    def warn(self, msg):
        self.warnings.append(msg)

    def fail_json(self, msg, **kwargs):
        raise Failed(msg)

    def exit_json(self, **kwargs):
        self.exited = kwargs


def test_the_builders_live_beside_their_clients_not_in_the_module_base():
    for gone in ("papercut_client", "printix_client", "savapage_client", "http_client"):
        assert not hasattr(_module, gone), gone


def test_each_client_builds_itself_from_the_connection_options_and_hides_its_secrets():
    papercut = PaperCutClient.from_module(FakeModule("papercut", papercut_url="https://pc.example:9192",
                                                     papercut_auth_token="tok-secret"))
    assert isinstance(papercut, PaperCutClient) and "tok-secret" not in papercut.redact("x tok-secret y")
    printix = PrintixClient.from_module(FakeModule("printix", printix_client_id="id", printix_client_secret="px-secret"))
    assert isinstance(printix, PrintixClient) and "px-secret" not in printix.http.redact("px-secret")
    savapage = SavaPageClient.from_module(FakeModule("savapage", savapage_url="https://sp.example:8632",
                                                     savapage_username="admin", savapage_password="sp-pass",
                                                     savapage_api_key="sp-key"))
    assert isinstance(savapage, SavaPageClient)
    assert "sp-pass" not in savapage.http.redact("sp-pass") and "sp-key" not in savapage.http.redact("sp-key")


def test_a_client_that_cannot_be_built_fails_the_task_with_the_reason():
    with pytest.raises(Failed) as err:
        PaperCutClient.from_module(FakeModule("papercut", papercut_url="not a url", papercut_auth_token="t"))
    assert "not a url" in str(err.value)


def test_the_http_client_follows_the_common_options():
    module = FakeModule("papercut", validate_certs=False, timeout=7, use_proxy=False, concurrency=32)
    http = HttpClient.from_module(module, secrets=["secret-s3-value"])
    assert http.verify is False and http.timeout == 7 and "secret-s3-value" not in http.redact("secret-s3-value")
    assert module.warnings and "validate_certs is false" in module.warnings[0]


def test_bulk_spec_gives_items_the_same_options_without_defaults_and_the_key_required():
    spec = _module.bulk_spec(dict(name=dict(type="str"), state=dict(type="str", choices=["present", "absent"])),
                             "name", "things", dict(state="present"))
    assert spec["state"] == dict(type="str", choices=["present", "absent"], default="present")
    item = spec["things"]["options"]
    assert item["name"]["required"] is True and "default" not in item["state"]
    assert "required" not in spec["name"] and spec["concurrency"] == dict(type="int", default=8)


class _Thing(Resource):
    compare = {"balance": same_money}

    def read(self, key):
        return None


def test_fields_with_their_own_comparison_never_match_an_unknown_value():
    thing = _Thing(None)
    assert thing.equal("balance", 10.001, 10.0)
    assert not thing.equal("balance", None, 10.0) and not thing.equal("balance", 10.01, 10.0)
    assert thing.equal("name", "a", "a") and not thing.equal("name", "a", "b")


def test_a_create_whose_answer_was_lost_carries_on_when_the_object_is_there():
    thing = _Thing(None)

    def lost(name):
        raise AmbiguousResult("the answer was lost")

    thing.create_once("created", lost, ("a",), lambda: True, "thing", "not there")
    assert thing.done == ["created (its answer was lost; the thing is there)"]


def test_a_create_whose_answer_was_lost_fails_settled_when_the_object_is_not_there():
    thing = _Thing(None)
    thing.done.append("parent created")

    def lost(name):
        raise AmbiguousResult("the answer was lost")

    with pytest.raises(ClientError) as err:
        thing.create_once("created", lost, ("a",), lambda: False, "thing", "The thing is not there now")
    assert not isinstance(err.value, AmbiguousResult) and err.value.__suppress_context__
    assert str(err.value) == "the answer was lost. The thing is not there now. Run the task again."
    assert err.value.details == {"changed": True}


def test_a_refused_create_says_what_was_already_applied():
    thing = _Thing(None)
    thing.done.append("parent created")

    def refused(name):
        raise ClientError("refused")

    with pytest.raises(ClientError, match=r"refused \(already applied: parent created\)"):
        thing.create_once("created", refused, ("a",), lambda: False, "thing", "-")


def test_the_engine_refuses_an_empty_key_by_the_key_option_name():
    class Users(Reconciler):
        key_option = "username"

    for blank in (None, "", "  "):
        with pytest.raises(ClientError, match="^username must not be empty$"):
            Users(None, {}).require_key({"username": blank})
    Users(None, {}).require_key({"username": "jo"})


def test_the_one_constructor_takes_warn_and_defaults_to_silence():
    said = []
    assert Reconciler(None, {}, warn=said.append).warn("x") is None and said == ["x"]
    Reconciler(None, {}).warn("nobody hears this")


def test_or_else_answers_the_default_only_for_a_client_error():
    def fails():
        raise ClientError("down")

    assert or_else(False, fails) is False and or_else(None, len, "abc") == 3
    with pytest.raises(ZeroDivisionError):
        or_else(None, lambda: 1 / 0)


def test_papercut_property_values_as_strings():
    assert to_props({"a": True, "b": 2.5, "c": "x"}) == {"a": "true", "b": "2.5", "c": "x"} and to_props(None) == {}


def test_bulk_items_are_named_the_same_way_by_the_argument_checks_and_the_engine():
    item = dict(username=dict(type="str"), balance=dict(type="float"))
    spec = {"users": dict(type="list", elements="dict", options=item)}
    raw = {"users": [{"username": "jo", "balance": True}]}
    found = problems(spec, raw, raw, {"balance": lambda option, raw, value: "bad"}, items="users")
    assert found == ["%s: bad" % item_label("users", 0, "username", "jo")]


def test_reconcile_runs_the_reconciler_over_the_task_options_and_exits():
    seen = {}

    class Echo(Reconciler):
        def __init__(self, client, params, check_mode=False, diff=False, extra=None):
            super(Echo, self).__init__(client, params, check_mode, diff)
            seen.update(params=params, check_mode=check_mode, extra=extra)

        def run(self):
            return {"changed": False, "msg": "secret-x"}

    class Client(object):
        @staticmethod
        def redact(text):
            return text.replace("secret-x", "********")

    module = FakeModule("papercut", name="a")
    module.check_mode = True
    _module.reconcile(module, Client(), Echo, extra=1)
    assert seen == {"params": module.params, "check_mode": True, "extra": 1}
    assert module.exited["changed"] is False


def test_a_bulk_run_returns_the_tasks_own_figures_beside_its_results_and_in_its_failure():
    class Figures(Reconciler):
        bulk_option = "things"

        def bulk_one(self, opts):
            if opts.get("name") == "bad":
                raise ClientError("refused")
            return {"changed": False, "action": "none"}

        def report(self):
            return {"rate_limit": {"waited_seconds": 0}}

    result = Figures(None, {}).bulk([{"name": "a"}])
    assert result["rate_limit"] == {"waited_seconds": 0} and result["summary"]["unchanged"] == 1
    with pytest.raises(ClientError) as err:
        Figures(None, {}).bulk([{"name": "a"}, {"name": "bad"}])
    assert err.value.details["rate_limit"] == {"waited_seconds": 0} and err.value.details["summary"]["failed"] == 1
