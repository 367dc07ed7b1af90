# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""AWX readiness: the onboarding playbook through ansible-runner (what AWX runs jobs with), with
credentials only in environment variables rendered from the credential types' injectors in
extensions/awx/, and the execution environment definition building a context."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import yaml
from ansible.module_utils.parsing.convert_bool import boolean
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from fixtures_roles import ALL_SECRETS, CARD_ID, CARD_SECRET, all_writes, card_secret, people, seed_people

from ansible_collections.printops.print_management.tests.simulators.papercut import DEFAULT_TOKEN
from ansible_collections.printops.print_management.tests.simulators.savapage import DEFAULT_ADMIN

ROOT = Path(__file__).resolve().parents[2]
AWX = ROOT / "extensions" / "awx"


# -- AWX's credential injection, re-implemented from its source -------------------------------
# awx_plugins/interfaces/injectors.py inject_credential() (formerly CredentialType.inject_credential in
# awx/main/models/credential/__init__.py), CredentialInputField.validate and
# CredentialTypeInjectorField.validate (awx/main/fields.py). What matters here:
# - only the inputs the credential stores are in the namespace: a field's `default` is a UI
#   pre-fill, never applied at injection;
# - a boolean stored is used as is; a boolean NOT stored is set to False ("default missing boolean
#   fields to False");
# - a string stored empty, or not stored, is left out, and Jinja renders the undefined name as '';
# - templates render in jinja2's ImmutableSandboxedEnvironment with a `tower` namespace;
# - `required` fields must be present and truthy, and injectors may name only defined fields.
AWX_ENV_BLOCKLIST = frozenset((
    "VIRTUAL_ENV", "PATH", "PYTHONPATH", "JOB_ID", "INVENTORY_ID", "INVENTORY_SOURCE_ID", "INVENTORY_UPDATE_ID",
    "AD_HOC_COMMAND_ID", "REST_API_URL", "REST_API_TOKEN", "MAX_EVENT_RES", "CALLBACK_QUEUE", "CALLBACK_CONNECTION",
    "CACHE", "JOB_CALLBACK_DEBUG", "INVENTORY_HOSTVARS", "AWX_HOST", "PROJECT_REVISION", "SUPERVISOR_CONFIG_PATH"))


class AwxRefused(Exception):
    """AWX would refuse to save this credential."""


def credential_type(kind):
    return yaml.safe_load((AWX / "credential_types" / ("%s.yml" % kind)).read_text())


def awx_inject(kind, **inputs):
    """The environment AWX injects into a job from a credential of ``kind`` storing ``inputs``."""
    spec = credential_type(kind)
    fields = dict((f["id"], f) for f in spec["inputs"]["fields"])
    unknown = sorted(set(inputs) - set(fields))
    if unknown:
        raise AwxRefused("not a field of the credential type: %s" % unknown)
    for name, value in inputs.items():  # the inputs' JSON schema
        wanted = bool if fields[name].get("type", "string") == "boolean" else str
        if type(value) is not wanted:  # pylint: disable=unidiomatic-typecheck
            raise AwxRefused("%s must be a %s" % (name, wanted.__name__))
    missing = [name for name in spec["inputs"].get("required", []) if not inputs.get(name)]
    if missing:
        raise AwxRefused("required for %s: %s" % (spec["name"], missing))

    namespace = {"tower": SimpleNamespace(filename=None)}
    for name, value in inputs.items():
        if type(value) is bool or value:  # pylint: disable=unidiomatic-typecheck
            namespace[name] = value
    for field in spec["inputs"]["fields"]:
        if field.get("type") == "boolean" and field["id"] not in inputs:
            namespace[field["id"]] = False
    sandbox = ImmutableSandboxedEnvironment()
    return dict((var, sandbox.from_string(template).render(**namespace))
                for var, template in spec["injectors"]["env"].items() if var not in AWX_ENV_BLOCKLIST)


def injected_validate_certs(env, prefix):
    """How the modules read <PREFIX>_VALIDATE_CERTS (env_fallback, then type bool)."""
    return boolean(env["%s_VALIDATE_CERTS" % prefix], strict=True)


def test_credential_types_are_valid_awx_credential_types():
    for kind in ("papercut", "printix", "savapage"):
        spec = credential_type(kind)
        fields = spec["inputs"]["fields"]
        # CredentialTypeInjectorField.validate: every template renders with StrictUndefined
        # over the defined fields
        valid = dict((f["id"], True if f.get("type") == "boolean" else "EXAMPLE") for f in fields)
        valid["tower"] = SimpleNamespace(filename=None)
        for template in spec["injectors"]["env"].values():
            ImmutableSandboxedEnvironment(undefined=StrictUndefined).from_string(template).render(**valid)
        assert set(spec["inputs"].get("required", [])) <= set(valid), kind
        for field in fields:
            assert field.get("type", "string") in ("string", "boolean"), field
            if field.get("type") == "boolean":
                # AWX never applies a boolean default: a default here would only mislead
                assert "default" not in field, (kind, field["id"])
                assert not field.get("secret"), (kind, field["id"])


def test_a_credential_without_the_tls_field_verifies_certificates():
    """The issue-15 defect: AWX injects an unset boolean as False, so the field must name the unsafe choice."""
    for kind, prefix, required in (
            ("papercut", "PAPERCUT", dict(papercut_url="https://pc.example.edu:9192", papercut_auth_token="t")),
            ("savapage", "SAVAPAGE", dict(savapage_url="https://sp.example.edu:8632"))):
        env = awx_inject(kind, **required)
        assert injected_validate_certs(env, prefix) is True, (kind, env)
        assert env["%s_CA_PATH" % prefix] == ""  # a string not stored renders as ''
        assert injected_validate_certs(awx_inject(kind, skip_tls_verify=False, **required), prefix) is True
        assert injected_validate_certs(awx_inject(kind, skip_tls_verify=True, **required), prefix) is False
    # every boolean of every type: none of them, left unset, may switch a protection off
    for kind in ("papercut", "printix", "savapage"):
        for field in credential_type(kind)["inputs"]["fields"]:
            if field.get("type") == "boolean":
                assert field["id"].startswith(("skip_", "insecure_", "disable_")), (kind, field["id"])


def test_printix_credential_needs_its_urls_and_leaves_the_tenant_to_discovery():
    # Printix has no TLS field (a public CA); its URL fields carry a `default` that AWX only pre-fills
    # in the form, so they are required: a credential made through the API without them is refused
    # instead of injecting empty URLs.
    try:
        awx_inject("printix", printix_client_id="id", printix_client_secret="s")
    except AwxRefused as exc:
        assert "printix_api_url" in str(exc) and "printix_token_url" in str(exc)
    else:
        raise AssertionError("AWX would refuse a Printix credential without its URLs")
    env = awx_inject("printix", printix_client_id="id", printix_client_secret="s",
                     printix_api_url="https://api.printix.net/cloudprint",
                     printix_token_url="https://auth.printix.net/oauth/token")
    assert env["PRINTIX_TENANT_ID"] == ""
    assert env["PRINTIX_API_URL"] == "https://api.printix.net/cloudprint"


def test_a_job_with_a_credential_made_without_the_tls_field_refuses_a_self_signed_server(ansible, papercut_https):
    """End to end: what AWX injects for a credential created with url and token only."""
    read = {"name": "read", "printops.print_management.papercut_user_info": {"username": "alice"},
            "ignore_errors": True}
    env = awx_inject("papercut", papercut_url=papercut_https.url, papercut_auth_token=DEFAULT_TOKEN)
    run = ansible.run_tasks([read], env=env)
    assert run.task("read").failed and "TLS verification failed" in run.task("read")["msg"], run.describe()
    env = awx_inject("papercut", papercut_url=papercut_https.url, papercut_auth_token=DEFAULT_TOKEN,
                     ca_path=papercut_https.ca_path)
    run = ansible.run_tasks([read], env=env).assert_ok()
    assert run.task("read")["users"][0]["balance"] == 2.0
    assert not run.task("read").get("warnings"), run.task("read")


def test_credential_types_inject_only_variables_the_modules_read():
    source = (ROOT / "plugins" / "module_utils" / "_module.py").read_text()
    for kind in ("papercut", "printix", "savapage"):
        spec = yaml.safe_load((AWX / "credential_types" / ("%s.yml" % kind)).read_text())
        for var in spec["injectors"]["env"]:
            assert not var.startswith("ANSIBLE_")
            assert '"%s"' % var in source or "'%s'" % var in source or var.endswith(
                ("_VALIDATE_CERTS", "_CA_PATH")), var
        secrets = [f["id"] for f in spec["inputs"]["fields"] if f.get("secret")]
        assert secrets, kind


def test_onboarding_playbook_runs_through_ansible_runner_with_env_credentials(systems, ansible, tmp_path, monkeypatch):
    import ansible_runner

    # ansible-runner looks ansible-playbook up on this process's PATH
    monkeypatch.setenv("PATH", "%s:%s" % (Path(sys.executable).parent, os.environ.get("PATH", "")))

    pc, px, sp = systems
    persons = people(10, "r")
    seed_people(systems, persons)
    env = dict(ansible.env)
    for name in [k for k in env if k.startswith("TEST_")]:
        del env[name]
    env.update(awx_inject("papercut", papercut_url=pc.sim.url, papercut_auth_token=DEFAULT_TOKEN))
    env.update(awx_inject("printix", printix_client_id=CARD_ID, printix_client_secret=CARD_SECRET,
                          # left blank, as a site whose credentials reach one tenant would: AWX then
                          # injects an empty PRINTIX_TENANT_ID and the modules discover the tenant
                          printix_tenant_id="",
                          printix_api_url=px.sim.url + "/cloudprint", printix_token_url=px.sim.url + "/oauth/token"))
    env.update(awx_inject("savapage", savapage_url=sp.sim.url, savapage_username=DEFAULT_ADMIN[0],
                          savapage_password=DEFAULT_ADMIN[1], ca_path=sp.sim.ca_path))
    extravars = {"onboarding_people": persons, "onboarding_printix": True, "onboarding_savapage": True}
    env.pop("ANSIBLE_CALLBACKS_ENABLED", None)
    env["PATH"] = os.environ["PATH"]
    for attempt in ("apply", "reapply"):
        (tmp_path / attempt).mkdir()
        runner = ansible_runner.run(private_data_dir=str(tmp_path / attempt), project_dir=str(ROOT / "playbooks"),
                                    playbook="onboard.yml", envvars=env, extravars=extravars, quiet=True,
                                    settings={"suppress_ansible_output": True})
        stdout = runner.stdout.read()
        assert runner.status == "successful", stdout
        for secret in ALL_SECRETS:
            assert secret not in stdout
        if attempt == "apply":
            assert runner.stats["changed"].get("localhost", 0) >= 3, runner.stats
            assert sorted(pc.state()["users"]) == sorted(p["username"] for p in persons)
            assert len(px.state()["cards"]) == 10
            assert sp.state()["accounts"]["USER"]["r000"]["balance"] == 5.0
            assert card_secret(persons[0]["card_number"]) in [c["secret"] for c in px.state()["cards"]]
            for s in systems:
                s.clear_calls()
        else:
            assert runner.stats["changed"].get("localhost", 0) == 0, runner.stats
            assert all_writes(systems) == {"papercut": [], "printix": [], "savapage": []}


def _offline(cmd):
    """``cmd`` in a network namespace of its own (no route anywhere) where the kernel allows it."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True, check=False).returncode == 0:
        return [unshare, "-n"] + cmd
    return cmd


def test_execution_environment_context_installs_the_local_build_without_galaxy(tmp_path):
    """`ansible-builder create` from a checkout, with no network at all, gives a context whose
    galaxy stage installs this checkout's tarball (not a Galaxy release) and whose collection
    brings its Python requirement (requests) and system packages."""
    bin_dir = Path(sys.executable).parent
    definition = yaml.safe_load((AWX / "execution-environment.yml").read_text())
    # The same layout as the checkout: the EE file finds the tarball at ../../.build/ee/.
    tree = tmp_path / "checkout"
    (tree / "extensions" / "awx").mkdir(parents=True)
    shutil.copy(AWX / "execution-environment.yml", tree / "extensions" / "awx")
    (tree / ".build" / "ee").mkdir(parents=True)
    subprocess.run([str(bin_dir / "ansible-galaxy"), "collection", "build", "--output-path", str(tmp_path), str(ROOT)],
                   capture_output=True, text=True, check=True)
    version = yaml.safe_load((ROOT / "galaxy.yml").read_text())["version"]
    shutil.move(str(tmp_path / ("printops-print_management-%s.tar.gz" % version)),
                str(tree / ".build" / "ee" / "printops-print_management.tar.gz"))

    context = tmp_path / "context"
    proc = subprocess.run(_offline([str(bin_dir / "ansible-builder"), "create", "-f",
                                    str(tree / "extensions" / "awx" / "execution-environment.yml"), "-c", str(context),
                                    "--output-filename", "Containerfile"]),
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No matches" not in proc.stdout + proc.stderr
    containerfile = (context / "Containerfile").read_text()
    assert 'EE_BASE_IMAGE="%s"' % definition["images"]["base_image"]["name"] in containerfile
    assert "COPY _build /build" in containerfile and "ansible-galaxy collection install" in containerfile

    build = context / "_build"
    requirements = yaml.safe_load((build / "requirements.yml").read_text())
    assert requirements["collections"] == [{"name": "collections/printops-print_management.tar.gz", "type": "file"}]
    assert (build / "collections" / "printops-print_management.tar.gz").is_file()

    # The galaxy stage: from /build (here: _build), install what requirements.yml names, offline.
    installed = tmp_path / "installed"
    proc = subprocess.run(_offline([str(bin_dir / "ansible-galaxy"), "collection", "install", "-r", "requirements.yml",
                                    "-p", str(installed)]),
                          cwd=build, capture_output=True, text=True, check=False,
                          env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(installed)))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    collection = installed / "ansible_collections" / "printops" / "print_management"
    manifest = json.loads((collection / "MANIFEST.json").read_text())["collection_info"]
    assert manifest["version"] == version

    # The final stage's introspection of the installed collection: requests and Python itself.
    proc = subprocess.run([str(bin_dir / "ansible-builder"), "introspect", "--sanitize", str(installed)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = yaml.safe_load(proc.stdout.split("---", 1)[1])
    assert [line.split("#")[0].strip() for line in data["python"]] == \
        [line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines()
         if line.strip() and not line.startswith("#")]
    assert any(line.startswith("requests") for line in data["python"])
    assert [line.split("#")[0].strip() for line in data["system"]] == ["python3 [platform:dpkg platform:rpm]"]


def test_execution_environment_base_image_has_python_3_12_or_later():
    """ansible-core 2.20 and later need Python 3.12+ on the controller, which in an EE is the image."""
    definition = yaml.safe_load((AWX / "execution-environment.yml").read_text())
    # Python of each base image we document (its distribution's python3 package).
    known = {"quay.io/centos/centos:stream10": (3, 12), "quay.io/fedora/fedora:42": (3, 13),
             "quay.io/fedora/python-312:latest": (3, 12), "quay.io/fedora/python-313:latest": (3, 13)}
    image = definition["images"]["base_image"]["name"]
    assert image in known, "document the Python version of %s here" % image
    assert known[image] >= (3, 12)
