# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""printix_group(+_info) and printix_printer_info end to end against the Printix simulator."""

from __future__ import annotations

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
    # the create answer's self link is ".../groups/{group}" (seed 003): the id comes from the list, not the template
    assert run.task("t")["group"]["id"] == groups[0]["id"] == run.task("again")["group"]["id"]
    assert run.task("info")["groups"][0]["id"] == groups[0]["id"]

    printix.clear_calls()
    run = ansible.run_tasks([group(GROUP)], check=True, module_defaults=md, env=env).assert_ok()
    assert not run.task("t").changed and px_writes(printix) == []

    gone = {"name": "Finance", "state": "absent"}
    run = ansible.run_tasks([group(gone), group(gone, "again")], module_defaults=md, env=env).assert_ok()
    assert run.task("t").changed and not run.task("again").changed and printix.state()["groups"] == []


def test_group_is_keyed_by_name_and_an_external_id_taken_elsewhere_fails_clearly(ansible, printix):
    # the API never returns externalId (seed 003 group documents): a 409 on create names the cause
    printix.seed({"groups": [{"name": "Old name", "externalId": GROUP["external_id"]}]})
    md, env = px_defaults(printix, client_id=USER_ID), px_env(USER_SECRET)
    run = ansible.run_tasks([group(GROUP)], module_defaults=md, env=env)
    assert_clean_failure(run, "Finance", "external_id", "under another name", "nothing was changed")
    assert [g["name"] for g in printix.state()["groups"]] == ["Old name"]

    # two groups of one name: which one is meant cannot be told, so nothing is deleted
    printix.seed({"groups": [{"name": "Twins", "externalId": "t1"}, {"name": "Twins", "externalId": "t2"}]})
    run = ansible.run_tasks([group({"name": "Twins", "state": "absent"})], module_defaults=md, env=env)
    assert_clean_failure(run, "Twins", "2 Printix groups have this name")
    assert len(printix.state()["groups"]) == 3


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
    # no PRINTED status exists (seed 003): the job printed and is gone, GET /jobs/{id} answers 404
    assert run.task("t").changed and run.task("t")["reached"] == "PRINTED"
    assert run.task("t")["job"]["status"] in ("CONVERTING", "CONVERTED")
    assert printix.state()["jobs"] == []
    (job,) = printix.state()["printed"]
    assert job["options"]["duplex"] == "LONG_EDGE" and job["options"]["copies"] == 2
    # the file's Content-Type goes with the upload (seed 003, "Upload a file")
    assert printix.state()["uploads"][job["id"]] == {"size": len(b"%PDF-1.4 test"), "content_type": "application/pdf"}
    upload = [c for c in printix.calls() if c["method"] == "upload"][0]
    assert "Authorization" not in upload["args"]["headers"]
    assert [c["status"] for c in printix.calls() if c["method"] == "get_job"][-1] == 404

    held = dict(args, release_immediately=False, wait_for=["AWAIT_PRINT"])
    run = ansible.run_tasks([px_task("printix_print", held)], module_defaults=md, env=env).assert_ok()
    assert run.task("t")["reached"] == "AWAIT_PRINT" and run.task("t")["job"]["status"] == "AWAIT_PRINT"
