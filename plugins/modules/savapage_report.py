#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: savapage_report
short_description: Download the SavaPage account transaction report as CSV or PDF
version_added: 1.0.0
description:
  - Download the account transactions report (RESTful C(/reports/accounttrx)) of one account, or of all user
    accounts, to a file on the managed host.
  - Like M(ansible.builtin.get_url), the task reports a change only when the file's content differs from what
    is already at O(dest); the file is replaced atomically.
author:
  - printops contributors (@printops)
extends_documentation_fragment:
  - printops.print_management.savapage
  - printops.print_management.connection
  - printops.print_management.attributes
  - printops.print_management.attributes.ACTIONGROUP_SAVAPAGE
  - ansible.builtin.files
attributes:
  check_mode:
    support: full
    details:
      - The report is downloaded and compared, but nothing is written.
  diff_mode:
    support: none
  idempotent:
    support: full
    details:
      - A second run reports no change unless new transactions changed the report.
options:
  dest:
    description:
      - Where to write the report. When an existing directory, the file C(AccountTrxList.csv) (or C(.pdf)) is
        written in it.
    type: path
    required: true
  media_type:
    description: The report format.
    type: str
    choices: [CSV, PDF]
    default: CSV
  account_type:
    description: The kind of account whose transactions are listed.
    type: str
    choices: [USER, GROUP, SHARED]
    default: USER
  account_name:
    description:
      - The account whose transactions are listed. Optional for V(USER) (all users), required for V(GROUP)
        and V(SHARED).
    type: str
  text:
    description: Only transactions whose comment contains this text.
    type: str
  trx_type:
    description: Only transactions of this type.
    type: str
    choices: [ADJUST, DEPOSIT, GATEWAY, INITIAL, PDF_OUT, PRINT_IN, PRINT_OUT, PURCHASE, TRANSFER, VOUCHER]
  date_from:
    description: Only transactions on or after this date, as C(YYYY-MM-DD).
    type: str
  date_to:
    description: Only transactions on or before this date, as C(YYYY-MM-DD).
    type: str
  utc_offset:
    description:
      - The time zone of O(date_from) and O(date_to) as an offset in hours, for example V(+01) or V(-05).
      - By default each date carries the offset of the host that runs the module (usually the controller)
        on that date, so summer time applies as in the API document's own example (V(+01) on 1 January,
        V(+02) on 1 June in Central Europe). The API document gives every date with its offset
        (C(zzz)), so one is always sent.
      - A host whose offset is not a whole number of hours must set this option.
    type: str
  sort_field:
    description: How transactions are ordered.
    type: str
    choices: [TRX_DATE, TRX_TYPE]
    default: TRX_DATE
  sort_ascending:
    description: Ascending (V(true)) or descending order.
    type: bool
    default: true
seealso:
  - module: printops.print_management.savapage_balance
"""

EXAMPLES = r"""
- name: Save this term's transactions of a shared account as CSV
  printops.print_management.savapage_report:
    savapage_url: https://savapage.example.edu:8632
    savapage_username: admin
    savapage_password: "{{ savapage_admin_password }}"
    account_type: SHARED
    account_name: Physics
    date_from: "2026-01-01"
    date_to: "2026-06-30"
    dest: /srv/reports/physics-2026-t1.csv
    mode: "0640"

- name: Every user's adjustments, newest first, as PDF
  printops.print_management.savapage_report:
    trx_type: ADJUST
    sort_ascending: false
    media_type: PDF
    dest: /srv/reports/adjustments.pdf
"""

RETURN = r"""
dest:
  description: The file written (or that would be written in check mode).
  returned: always
  type: str
  sample: /srv/reports/physics-2026-t1.csv
checksum:
  description: SHA-1 checksum of the report.
  returned: always
  type: str
  sample: 6e642bb8dd5c2e027bf21dd923337cbb4214f827
size:
  description: Size of the report in bytes.
  returned: always
  type: int
  sample: 1204
media_type:
  description: The report format.
  returned: always
  type: str
  sample: CSV
"""

import datetime
import hashlib
import os
import re
import tempfile

from ansible_collections.printops.print_management.plugins.module_utils._http import ClientError
from ansible_collections.printops.print_management.plugins.module_utils import _validate as check
from ansible_collections.printops.print_management.plugins.module_utils._module import new_module, run
from ansible_collections.printops.print_management.plugins.module_utils._savapage import SavaPageClient, TRX_TYPES


def local_offset(year, month, day):
    """This host's UTC offset at midnight of that day, as the API writes it (+01, -05)."""
    seconds = int(datetime.datetime(year, month, day).astimezone().utcoffset().total_seconds())
    if seconds % 3600:
        raise ValueError("this host's UTC offset on that day is not a whole number of hours: set utc_offset")
    hours = seconds // 3600
    return "%s%02d" % ("-" if hours < 0 else "+", abs(hours))


def report_request(params):
    """The selection and sort of the report, as the API wants them."""
    account_type = params["account_type"]
    if account_type != "USER" and not params["account_name"]:
        raise ClientError("account_name is required for %s accounts" % account_type)
    select = {"account_type": account_type}
    for option in ("account_name", "text", "trx_type"):
        if params[option]:
            select[option] = params[option]
    offset = params["utc_offset"]
    if offset is not None and not re.match(r"^[+-]\d{2}$", offset):
        raise ClientError("utc_offset must look like +01 or -05, got %r" % offset)
    for option in ("date_from", "date_to"):
        value = params[option]
        if not value:
            continue
        match = re.match(r"^(\d{4})-(\d{2})-(\d{2})$", value)
        if not match:
            raise ClientError("%s must be a date as YYYY-MM-DD, got %r" % (option, value))
        date = {"ccyy": int(match.group(1)), "mm": int(match.group(2)), "dd": int(match.group(3))}
        try:
            date["zzz"] = offset or local_offset(date["ccyy"], date["mm"], date["dd"])
        except ValueError as exc:
            raise ClientError("%s %r: %s" % (option, value, exc))
        select[option] = date
    sort = {"field": params["sort_field"], "ascending": params["sort_ascending"]}
    return select, sort


def main():
    spec = dict(
        dest=dict(type="path", required=True),
        media_type=dict(type="str", choices=["CSV", "PDF"], default="CSV"),
        account_type=dict(type="str", choices=["USER", "GROUP", "SHARED"], default="USER"),
        account_name=dict(type="str"),
        text=dict(type="str"),
        trx_type=dict(type="str", choices=list(TRX_TYPES)),
        date_from=dict(type="str"),
        date_to=dict(type="str"),
        utc_offset=dict(type="str"),
        sort_field=dict(type="str", choices=["TRX_DATE", "TRX_TYPE"], default="TRX_DATE"),
        sort_ascending=dict(type="bool", default=True),
    )
    module = new_module("savapage", spec, add_file_common_args=True)
    check.refuse(module, dict(dest=check.path, account_name=check.name))
    client = SavaPageClient.from_module(module)
    params = module.params

    def body():
        select, sort = report_request(params)
        dest = params["dest"]
        if os.path.isdir(dest):
            dest = os.path.join(dest, "AccountTrxList.%s" % params["media_type"].lower())
        folder = os.path.dirname(dest) or "."
        if not os.path.isdir(folder):
            raise ClientError("the directory of dest does not exist: %s" % folder)
        content = client.account_trx_report(select, sort, params["media_type"])
        checksum = hashlib.sha1(content).hexdigest()
        existing = None
        if os.path.exists(dest):
            with open(dest, "rb") as handle:
                existing = hashlib.sha1(handle.read()).hexdigest()
        changed = existing != checksum
        if changed and not module.check_mode:
            fd, tmp = tempfile.mkstemp(prefix=".savapage-report-", dir=folder)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(content)
                module.atomic_move(tmp, dest)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        file_args = module.load_file_common_arguments(params, path=dest)
        if os.path.exists(dest):
            changed = module.set_fs_attributes_if_different(file_args, changed)
        return {"changed": changed, "dest": dest, "checksum": checksum, "size": len(content),
                "media_type": params["media_type"]}

    run(module, body, client.redact)


if __name__ == "__main__":
    main()
