# SPDX-License-Identifier: GPL-3.0-or-later
"""printix_group(+_info) and printix_printer_info end to end against the Printix simulator."""

from __future__ import annotations

from fixtures_printix import *  # noqa: F401,F403  pylint: disable=wildcard-import,unused-wildcard-import
from fixtures_printix import (
    PRINT_ID,
    PRINT_SECRET,
    USER_ID,
    USER_SECRET,
    assert_clean_failure,
    px_defaults,
    px_env,
    px_task,
    px_writes,
)

GROUP = {"name": "Finance", "external_id": "979a4164-9767-4d00-96bb-fb2ebc1d277e", "description": "Money"}


def group(args, name="t"):
    return px_task("printix_group", args, name)


def test_group_lifecycle_check_create_rerun_delete(ansible, printix):
    md, env = px_defaults(printix, client_id=USER_ID), px_env(USER_SECRET)
    printix.clear_calls()
    run = ansible.run_tasks([group(GROUP)], check=True, module_defaults=md, env=env).assert_ok()
    assert run.task("t").changed and px_writes(printix) == [] and printix.state()["groups"] == []

    run = ansible.run_tasks([group(GROUP), group(GROUP, "again"), px_task("printix_group_info", {"query": "fin"}, "info")],
                            module_defaults=md, env=env).assert_ok()
    assert run.task("t").changed and not run.task("again").changed
    groups = printix.state()["groups"]
    assert [(g["name"], g["externalId"], g["description"]) for g in groups] == [
        ("Finance", GROUP["external_id"], "Money")]
    assert [g["name"] for g in run.task("info")["groups"]] == ["Finance"]

    printix.clear_calls()
    run = ansible.run_tasks([group(GROUP)], check=True, module_defaults=md, env=env).assert_ok()
    assert not run.task("t").changed and px_writes(printix) == []

    gone = {"name": "Finance", "state": "absent"}
    run = ansible.run_tasks([group(gone), group(gone, "again")], module_defaults=md, env=env).assert_ok()
    assert run.task("t").changed and not run.task("again").changed and printix.state()["groups"] == []


def test_group_created_elsewhere_with_same_external_id_counts_as_present(ansible, printix):
    printix.seed({"groups": [{"name": "Old name", "externalId": GROUP["external_id"]}]})
    run = ansible.run_tasks([group(GROUP)], module_defaults=px_defaults(printix, client_id=USER_ID),
                            env=px_env(USER_SECRET)).assert_ok()
    assert not run.task("t").changed and len(printix.state()["groups"]) == 1


def test_printer_info_lists_every_page_and_filters(ansible, printix):
    printers = [{"name": "Floor %03d" % i, "model": "M", "vendor": "V", "location": "L", "serialNo": "S%d" % i}
                for i in range(230)] + [{"name": "Reception", "model": "Anywhere Printer", "vendor": "Printix"}]
    printix.seed({"printers": printers})
    printix.configure(hal_arrays=True)
    md, env = px_defaults(printix, client_id=PRINT_ID), px_env(PRINT_SECRET)
    run = ansible.run_tasks([px_task("printix_printer_info", {}, "all"),
                             px_task("printix_printer_info", {"query": "recep"}, "one")],
                            module_defaults=md, env=env).assert_ok()
    assert len(run.task("all")["printers"]) == 231
    (one,) = run.task("one")["printers"]
    assert one["name"] == "Reception" and one["connection_status"] == "ONLINE" and one["printer_id"]

    run = ansible.run_tasks([px_task("printix_printer_info", {})], module_defaults=md, env=px_env(USER_SECRET))
    assert_clean_failure(run, "refused the client credentials")


def test_print_submits_uploads_without_authorization_and_completes(ansible, printix, tmp_path):
    printix.seed({"printers": [{"name": "Reception", "id": "q1", "printer_id": "p1"}],
                  "users": [{"email": "jane@example.com", "role": "USER"}]})
    doc = tmp_path / "doc.pdf"
    doc.write_bytes(b"%PDF-1.4 test")
    args = {"path": str(doc), "printer_id": "p1", "queue_id": "q1", "duplex": "LONG_EDGE", "copies": 2,
            "media_size": "A4", "user_email": "jane@example.com", "wait_for": ["PRINTED"]}
    md, env = px_defaults(printix, client_id=PRINT_ID), px_env(PRINT_SECRET)
    printix.clear_calls()
    run = ansible.run_tasks([px_task("printix_print", args)], check=True, module_defaults=md, env=env).assert_ok()
    assert run.task("t").changed and px_writes(printix) == []
    run = ansible.run_tasks([px_task("printix_print", args)], module_defaults=md, env=env).assert_ok()
    assert run.task("t").changed and run.task("t")["job"]["status"] == "PRINTED"
    (job,) = printix.state()["jobs"]
    assert job["options"]["duplex"] == "LONG_EDGE" and job["options"]["copies"] == 2
    assert printix.state()["uploads"][job["id"]]["size"] == len(b"%PDF-1.4 test")
    upload = [c for c in printix.calls() if c["method"] == "upload"][0]
    assert "Authorization" not in upload["args"]["headers"]
