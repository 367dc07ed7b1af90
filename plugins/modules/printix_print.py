#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: printix_print
short_description: Print a local file to a Printix queue
version_added: 1.0.0
description:
  - Submits a print job to a Printix queue, uploads the file to the cloud storage URL Printix returns (with
    exactly the headers it returns and no Authorization header), and completes the upload.
  - The file is uploaded with its C(Content-Type) (from its name, or O(content_type)), as the API document's
    upload example does.
  - Optionally waits until the job reaches one of O(wait_for).
  - Needs credentials of the B(Cloud Print) API area.
author:
  - printops contributors (@printops)
extends_documentation_fragment:
  - printops.print_management.printix
  - printops.print_management.connection
  - printops.print_management.attributes
  - printops.print_management.attributes.ACTIONGROUP_PRINTIX
attributes:
  check_mode:
    support: full
    details:
      - In check mode nothing is submitted; the file is only checked to be readable.
  diff_mode:
    support: none
  idempotent:
    support: none
    details:
      - Every run prints again and reports a change.
options:
  path:
    description: The local file to print (on the host that runs the module).
    type: path
    required: true
  printer_id:
    description: ID of the printer (see M(printops.print_management.printix_printer_info)).
    type: str
    required: true
  queue_id:
    description: ID of the queue on that printer.
    type: str
    required: true
  title:
    description: Title of the job; the file name by default.
    type: str
  color:
    description: Print in color.
    type: bool
  duplex:
    description: Duplex mode.
    type: str
    choices: [NONE, LONG_EDGE, SHORT_EDGE]
  orientation:
    description: Page orientation.
    type: str
    choices: [PORTRAIT, LANDSCAPE, AUTO]
  copies:
    description: Number of copies.
    type: int
  media_size:
    description: Paper size, for example V(A4) or V(LETTER).
    type: str
  scaling:
    description: How the document is scaled to the paper.
    type: str
    choices: [NOSCALE, SHRINK, FIT]
  user_email:
    description: Assign the job to the user with this email (user mapping).
    type: str
  pdl:
    description: Page description language of a file that is not PDF.
    type: str
    choices: [PCL5, PCLXL, POSTSCRIPT, UFRII, TEXT, XPS]
  release_immediately:
    description: Print at once, rather than hold the job for release at the printer.
    type: bool
    default: true
  content_type:
    description:
      - The C(Content-Type) the file is uploaded with.
      - By default it is guessed from the file name; a name without a known type is sent as V(application/pdf)
        without O(pdl) (the API prints PDF unless told otherwise) and as V(application/octet-stream) with it.
    type: str
  wait_for:
    description:
      - Wait until the job has reached one of these stages, or a later one. The stages, in order, are the
        statuses the API reports after the upload (V(CONVERTING), V(CONVERTED), V(AWAIT_PRINT)) and V(PRINTED).
      - V(PRINTED) is not a status the API reports. Printix removes a job once it has printed (or was deleted),
        and then answers HTTP 404 to C(GET /jobs/{id}); a 404 after a successful upload counts as V(PRINTED),
        whatever was waited for. A held job (O(release_immediately=false)) stays at V(AWAIT_PRINT) until someone
        releases it at a printer.
    type: list
    elements: str
    choices: [CONVERTING, CONVERTED, AWAIT_PRINT, PRINTED]
  wait_timeout:
    description: Seconds to wait for O(wait_for).
    type: int
    default: 120
"""

EXAMPLES = r"""
- name: Print the weekly report in duplex
  printops.print_management.printix_print:
    path: /tmp/report.pdf
    printer_id: 208914e7-4875-47c7-b7e5-ced9a2dc6df9
    queue_id: f82e5dcd-05bd-4b5d-93b4-5c41b5aace35
    duplex: LONG_EDGE
    copies: 2
    wait_for: [PRINTED]

- name: Hold a job for release at the printer, and wait until it is ready there
  printops.print_management.printix_print:
    path: /tmp/contract.pdf
    printer_id: 208914e7-4875-47c7-b7e5-ced9a2dc6df9
    queue_id: f82e5dcd-05bd-4b5d-93b4-5c41b5aace35
    release_immediately: false
    wait_for: [AWAIT_PRINT]
"""

RETURN = r"""
job:
  description:
    - The job (id, title, status, ownerId, contentType) as last read; absent in check mode.
    - After a wait that ended with the job gone (printed), C(status) is the last status read and RV(reached) is
      V(PRINTED).
  returned: success, not in check mode
  type: dict
reached:
  description: The stage the wait ended at (V(CONVERTING), V(CONVERTED), V(AWAIT_PRINT) or V(PRINTED)).
  returned: when O(wait_for) is given
  type: str
  sample: PRINTED
"""

import mimetypes
import os
import time

from ansible_collections.printops.print_management.plugins.module_utils._http import ClientError
from ansible_collections.printops.print_management.plugins.module_utils._module import new_module, run
from ansible_collections.printops.print_management.plugins.module_utils._printix import NotFound, PrintixClient, hal_link

BODY = (("color", "color"), ("duplex", "duplex"), ("page_orientation", "orientation"), ("copies", "copies"),
        ("media_size", "media_size"), ("scaling", "scaling"))
# The statuses seed 003 shows, in the order a job goes through them, then PRINTED: the job is gone.
STAGES = ("UPLOADING", "CONVERTING", "CONVERTED", "AWAIT_PRINT", "PRINTED")


def content_type(path, pdl, given=None):
    if given:
        return given
    guessed = mimetypes.guess_type(path)[0]
    return guessed or ("application/octet-stream" if pdl else "application/pdf")


def wait(client, job, wait_for, timeout, sleep=time.sleep, clock=time.time):
    """Poll the job until it reaches the earliest stage of ``wait_for`` or a later one.

    Returns (job as last read, stage reached). A 404 means the job printed or was removed:
    the upload was completed, so it is done.
    """
    if not job.get("id"):
        raise ClientError("Printix accepted the print job but returned no job id to wait on")
    goal = min(STAGES.index(stage) for stage in wait_for)
    deadline = clock() + timeout
    while True:
        try:
            job = client.get_job(job["id"]) or job
        except NotFound:
            return job, "PRINTED"
        status = job.get("status")
        if status in STAGES and STAGES.index(status) >= goal:
            return job, status
        if clock() > deadline:
            raise ClientError("print job %s is %s after %ss, not yet %s" % (
                job.get("id"), status, timeout, " or ".join(wait_for)))
        sleep(1)


def main():
    module = new_module("printix", dict(
        path=dict(type="path", required=True), printer_id=dict(type="str", required=True),
        queue_id=dict(type="str", required=True), title=dict(type="str"), color=dict(type="bool"),
        duplex=dict(type="str", choices=["NONE", "LONG_EDGE", "SHORT_EDGE"]),
        orientation=dict(type="str", choices=["PORTRAIT", "LANDSCAPE", "AUTO"]), copies=dict(type="int"),
        media_size=dict(type="str"), scaling=dict(type="str", choices=["NOSCALE", "SHRINK", "FIT"]),
        user_email=dict(type="str"), pdl=dict(type="str", choices=["PCL5", "PCLXL", "POSTSCRIPT", "UFRII", "TEXT", "XPS"]),
        release_immediately=dict(type="bool", default=True), content_type=dict(type="str"),
        wait_for=dict(type="list", elements="str", choices=list(STAGES[1:])),
        wait_timeout=dict(type="int", default=120),
    ))
    client = PrintixClient.from_module(module)
    p = module.params

    def body():
        if not os.path.isfile(p["path"]) or not os.access(p["path"], os.R_OK):
            raise ClientError("cannot read the file to print: %s" % p["path"])
        if module.check_mode:
            return {"changed": True}
        title = p["title"] or os.path.basename(p["path"])
        request = dict((theirs, p[ours]) for theirs, ours in BODY if p[ours] is not None)
        request["userMapping"] = {"key": "Email", "value": p["user_email"]} if p["user_email"] else None
        submitted = client.submit(p["printer_id"], p["queue_id"], title, request, pdl=p["pdl"],
                                  release_immediately=p["release_immediately"])
        links = submitted.get("uploadLinks") or []
        done = hal_link(submitted, "uploadCompleted")
        if not links or not done:
            raise ClientError("Printix accepted print job %r but returned no upload link" % title)
        with open(p["path"], "rb") as handle:
            data = handle.read()
        client.upload(links[0]["url"], links[0].get("headers"), data,
                      content_type=content_type(p["path"], p["pdl"], p["content_type"]))
        completed = client.complete_upload(done, title)
        job = submitted.get("job") or {}
        for doc in (completed or {}).get("jobs") or []:
            if doc.get("id") == job.get("id"):
                job = doc
        result = {"changed": True}
        if p["wait_for"]:
            job, result["reached"] = wait(client, job, p["wait_for"], p["wait_timeout"])
        result["job"] = dict((k, v) for k, v in job.items() if k != "_links")
        result["rate_limit"] = client.rate_limit_report()
        return result

    run(module, body, client.redact)


if __name__ == "__main__":
    main()
