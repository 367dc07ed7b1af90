#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, printops contributors
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
  - Optionally waits until the job reaches one of O(wait_for).
  - Needs credentials of the B(Cloud Print) API area.
author:
  - printops contributors (@printops)
extends_documentation_fragment:
  - printops.print_management.printix
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
  wait_for:
    description: Wait until the job's status is one of these (for example V(PRINTED)).
    type: list
    elements: str
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
"""

RETURN = r"""
job:
  description: The job (id, title, status, ownerId, contentType); absent in check mode.
  returned: success, not in check mode
  type: dict
"""

import os
import time

from ansible_collections.printops.print_management.plugins.module_utils._http import ClientError
from ansible_collections.printops.print_management.plugins.module_utils._module import new_module, printix_client, run
from ansible_collections.printops.print_management.plugins.module_utils._printix import hal_link

BODY = (("color", "color"), ("duplex", "duplex"), ("page_orientation", "orientation"), ("copies", "copies"),
        ("media_size", "media_size"), ("scaling", "scaling"))


def main():
    module = new_module("printix", dict(
        path=dict(type="path", required=True), printer_id=dict(type="str", required=True),
        queue_id=dict(type="str", required=True), title=dict(type="str"), color=dict(type="bool"),
        duplex=dict(type="str", choices=["NONE", "LONG_EDGE", "SHORT_EDGE"]),
        orientation=dict(type="str", choices=["PORTRAIT", "LANDSCAPE", "AUTO"]), copies=dict(type="int"),
        media_size=dict(type="str"), scaling=dict(type="str", choices=["NOSCALE", "SHRINK", "FIT"]),
        user_email=dict(type="str"), pdl=dict(type="str", choices=["PCL5", "PCLXL", "POSTSCRIPT", "UFRII", "TEXT", "XPS"]),
        release_immediately=dict(type="bool", default=True), wait_for=dict(type="list", elements="str"),
        wait_timeout=dict(type="int", default=120),
    ))
    client = printix_client(module)
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
        client.upload(links[0]["url"], links[0].get("headers"), data)
        client.complete_upload(done, title)
        job = submitted.get("job") or {}
        if p["wait_for"]:
            deadline = time.time() + p["wait_timeout"]
            while True:
                job = client.get_job(job["id"]) or job
                if job.get("status") in p["wait_for"]:
                    break
                if time.time() > deadline:
                    raise ClientError("print job %s is %s after %ss, not one of %s" % (
                        job.get("id"), job.get("status"), p["wait_timeout"], ", ".join(p["wait_for"])))
                time.sleep(1)
        job = dict((k, v) for k, v in job.items() if k != "_links")
        return {"changed": True, "job": job, "rate_limit": client.rate_limit_report()}

    run(module, body, client.redact)


if __name__ == "__main__":
    main()
