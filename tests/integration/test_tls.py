# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""TLS: validate_certs defaults to true for every module; a self-signed server is refused by
default, accepted with ca_path, and accepted with validate_certs=false only with a warning.

Each product's simulator is served over HTTPS with a generated self-signed certificate
(SavaPage's own, PaperCut's and Printix's through tests/simulators/tls.py).
"""

from __future__ import annotations

import pytest

from fixtures_printix import CARD_SECRET, SECRET_FROM_ENV
from fixtures_savapage import savapage_defaults

from ansible_collections.printops.print_management.tests.simulators.inspect import Inspector
from ansible_collections.printops.print_management.tests.simulators.papercut import DEFAULT_TOKEN
from ansible_collections.printops.print_management.tests.simulators.printix import PrintixSimulator
from ansible_collections.printops.print_management.tests.simulators.tls import https

NS = "printops.print_management."
WARNING = "validate_certs is false"


@pytest.fixture(scope="module")
def printix_https():
    sim = https(PrintixSimulator)().start()
    Inspector(sim.url, ca_path=sim.ca_path).reset({"groups": [{"name": "Staff", "externalId": "staff"}]})
    yield sim
    sim.stop()


def three_ways(module, args, ca_path):
    """The same read three times: default verification, ca_path, validate_certs=false."""
    return [
        {"name": "default", NS + module: dict(args), "ignore_errors": True},
        {"name": "ca_path", NS + module: dict(args, ca_path=ca_path)},
        {"name": "no verification", NS + module: dict(args, validate_certs=False)},
    ]


def assert_three_ways(run, *refusal_phrases):
    default = run.task("default")
    assert default.failed, run.describe()
    for phrase in ("TLS verification failed", "ca_path") + refusal_phrases:
        assert phrase in default["msg"], default["msg"]
    assert "Traceback" not in run.stdout + run.stderr
    trusted = run.task("ca_path")
    assert not trusted.failed and not any(WARNING in w for w in trusted.get("warnings", [])), trusted
    unverified = run.task("no verification")
    assert not unverified.failed, unverified
    assert any(WARNING in w and "ca_path" in w for w in unverified.get("warnings", [])), unverified
    assert WARNING in run.stdout + run.stderr  # shown to the user, not only recorded


def test_validate_certs_defaults_to_true_for_every_product_and_is_documented_so(ansible_env):
    import importlib
    import sys

    import yaml

    sys.path.insert(0, ansible_env["ANSIBLE_COLLECTIONS_PATH"])
    base = "ansible_collections.printops.print_management.plugins."
    specs = importlib.import_module(base + "module_utils._module").CONNECTION_SPECS
    for product, spec in specs.items():
        assert spec["validate_certs"]["default"] is True, product
        assert spec["validate_certs"]["type"] == "bool", product
        # documented once for every product, in the shared connection fragment
        fragment = yaml.safe_load(importlib.import_module(base + "doc_fragments.connection").ModuleDocFragment.DOCUMENTATION)
        assert fragment["options"]["validate_certs"]["default"] is True, product


def test_papercut_self_signed_is_refused_by_default_trusted_with_ca_path_warned_without_verification(
        ansible, papercut_https):
    tasks = three_ways("papercut_user_info", {"username": "alice"}, papercut_https.ca_path)
    run = ansible.run_tasks(tasks, module_defaults={"group/printops.print_management.papercut": {
        "papercut_url": papercut_https.url, "papercut_auth_token": "{{ lookup('ansible.builtin.env', "
                                                                   "'TEST_PAPERCUT_TOKEN') }}"}})
    assert_three_ways(run, "PaperCut")
    assert run.task("ca_path")["users"][0]["balance"] == 2.0
    assert DEFAULT_TOKEN not in run.stdout


def test_printix_self_signed_is_refused_by_default_trusted_with_ca_path_warned_without_verification(
        ansible, printix_https):
    tasks = three_ways("printix_group_info", {}, printix_https.ca_path)
    run = ansible.run_tasks(tasks, env={"TEST_PRINTIX_SECRET": CARD_SECRET.replace("card", "user")},
                            module_defaults={"group/printops.print_management.printix": {
                                "printix_client_id": "sim-usermanager", "printix_client_secret": SECRET_FROM_ENV,
                                "printix_api_url": printix_https.url + "/cloudprint",
                                "printix_token_url": printix_https.url + "/oauth/token"}})
    assert_three_ways(run, "Printix token request")
    assert [g["name"] for g in run.task("ca_path")["groups"]] == ["Staff"]


def test_savapage_self_signed_is_refused_by_default_trusted_with_ca_path_warned_without_verification(
        ansible, savapage):
    savapage.seed({"accounts": [{"type": "USER", "name": "rijk", "balance": 3}]})
    tasks = three_ways("savapage_balance_info", {"name": ["rijk"]}, savapage.sim.ca_path)
    run = ansible.run_tasks(tasks, module_defaults=savapage_defaults(savapage, ca=False))
    assert_three_ways(run, "self-signed")
    assert savapage.writes() == []


# -- the environment's CA bundle (how corporate CAs reach execution environments) -------------------


def test_a_private_ca_from_requests_ca_bundle_is_trusted_unless_the_task_says_otherwise(
        ansible, papercut_https, tmp_path):
    from ansible_collections.printops.print_management.tests.simulators.savapage import make_certificate

    other_ca = make_certificate(str(tmp_path))[0]  # a CA that did not sign the server's certificate
    read = {"username": "alice"}
    tasks = [
        {"name": "environment CA", NS + "papercut_user_info": dict(read)},
        {"name": "ca_path wins", NS + "papercut_user_info": dict(read, ca_path=other_ca), "ignore_errors": True},
        {"name": "validate_certs false", NS + "papercut_user_info": dict(read, validate_certs=False)},
    ]
    run = ansible.run_tasks(tasks, env={"REQUESTS_CA_BUNDLE": papercut_https.ca_path},
                            module_defaults={"group/printops.print_management.papercut": {
                                "papercut_url": papercut_https.url,
                                "papercut_auth_token": "{{ lookup('ansible.builtin.env', 'TEST_PAPERCUT_TOKEN') }}"}})
    assert run.task("environment CA")["users"][0]["balance"] == 2.0, run.describe()
    refused = run.task("ca_path wins")
    assert refused.failed and "TLS verification failed" in refused["msg"], refused
    assert not run.task("validate_certs false").failed
    # with a bundle that does not exist, verification off still connects: the environment is not consulted
    run = ansible.run_tasks(tasks[2:], env={"REQUESTS_CA_BUNDLE": "/nonexistent/bundle.pem"},
                            module_defaults={"group/printops.print_management.papercut": {
                                "papercut_url": papercut_https.url,
                                "papercut_auth_token": "{{ lookup('ansible.builtin.env', 'TEST_PAPERCUT_TOKEN') }}"}})
    assert not run.task("validate_certs false").failed, run.describe()
