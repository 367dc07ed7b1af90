#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: papercut_task
short_description: Start a PaperCut MF/NG background task and wait for it
version_added: 1.0.0
description:
  - Start a user/group synchronisation, a group sync, the import of new users, or an online backup, and by default
    wait for it by polling C(getTaskStatus) until it completes or O(wait_timeout) passes.
  - PaperCut runs one background task at a time; when one is already running the module fails before starting
    anything.
  - PaperCut documents C(getTaskStatus) for synchronisation and import tasks; whether an online backup is reported
    there depends on the server version, so waiting for V(online_backup) may return as soon as it has started.
author:
  - printops contributors (@printops)
extends_documentation_fragment:
  - printops.print_management.papercut
  - printops.print_management.connection
  - printops.print_management.attributes
  - printops.print_management.attributes.ACTIONGROUP_PAPERCUT
attributes:
  check_mode:
    support: full
    details:
      - In check mode nothing is started; the task reports the change it would make.
  diff_mode:
    support: none
  idempotent:
    support: none
    details:
      - Starting a task is an action; the module always reports a change when it starts one. A start is never
        re-sent after an ambiguous failure, so a retry cannot start the task twice.
options:
  task:
    description:
      - V(user_group_sync) (C(performUserAndGroupSync)), V(user_group_sync_advanced)
        (C(performUserAndGroupSyncAdvanced), with O(delete_non_existent_users) and O(update_user_details)),
        V(group_sync) (C(performGroupSync)), V(add_new_users) (C(addNewUsers)), V(online_backup)
        (C(performOnlineBackup)).
    type: str
    required: true
    choices: [user_group_sync, user_group_sync_advanced, group_sync, add_new_users, online_backup]
  delete_non_existent_users:
    description: With V(user_group_sync_advanced), delete PaperCut users that are no longer in the directory.
    type: bool
    default: false
  update_user_details:
    description: With V(user_group_sync_advanced), update existing users' details from the directory.
    type: bool
    default: false
  wait:
    description: Wait until the task completes.
    type: bool
    default: true
  wait_timeout:
    description: With O(wait), how many seconds to wait before failing. The task keeps running on the server.
    type: int
    default: 3600
  poll_interval:
    description: With O(wait), seconds between two C(getTaskStatus) calls.
    type: float
    default: 5
seealso:
  - module: printops.print_management.papercut_user
"""

EXAMPLES = r"""
- name: Synchronise users and groups, updating details, and wait up to 2 hours
  printops.print_management.papercut_task:
    task: user_group_sync_advanced
    update_user_details: true
    wait_timeout: 7200

- name: Start an online backup and do not wait
  printops.print_management.papercut_task:
    task: online_backup
    wait: false
"""

RETURN = r"""
completed:
  description: Whether the task had completed when the module returned (always V(false) without O(wait)).
  returned: always
  type: bool
  sample: true
message:
  description: The last status message PaperCut reported for the task.
  returned: always
  type: str
  sample: Sync complete.
elapsed:
  description: Seconds spent waiting.
  returned: always
  type: float
  sample: 12.5
"""

import time

from ansible_collections.printops.print_management.plugins.module_utils._http import AmbiguousResult, ClientError
from ansible_collections.printops.print_management.plugins.module_utils import _validate as check
from ansible_collections.printops.print_management.plugins.module_utils._module import new_module, run
from ansible_collections.printops.print_management.plugins.module_utils._papercut import PaperCutClient


def main():
    module = new_module("papercut", dict(
        task=dict(type="str", required=True,
                  choices=["user_group_sync", "user_group_sync_advanced", "group_sync", "add_new_users",
                           "online_backup"]),
        delete_non_existent_users=dict(type="bool", default=False),
        update_user_details=dict(type="bool", default=False),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=3600),
        poll_interval=dict(type="float", default=5),
    ))
    check.refuse(module, dict(wait_timeout=check.positive_number, poll_interval=check.positive_number))
    client = PaperCutClient.from_module(module)
    params = module.params

    def status():
        answer = client.task_status() or {}
        return bool(answer.get("completed")), "%s" % (answer.get("message") or "")

    def body():
        if params["wait_timeout"] <= 0 or params["poll_interval"] <= 0:
            raise ClientError("wait_timeout and poll_interval must be positive")
        done, message = status()
        if not done:
            raise ClientError("a PaperCut background task is already running (%s); %s was not started. Try again "
                              "when it has completed." % (message or "no message", params["task"]))
        if module.check_mode:
            return {"changed": True, "completed": False, "message": "not started (check mode)", "elapsed": 0.0}
        try:
            client.start_task(params["task"], params["delete_non_existent_users"], params["update_user_details"])
        except AmbiguousResult as exc:
            raise ClientError("%s %s may have been started: see its progress in the PaperCut admin interface "
                              "(Logs > Application Log) or with this module's check mode (it reports a task still "
                              "running) before starting it again." % (exc, params["task"]),
                              details={"changed": True, "uncertain": True})
        start = time.monotonic()
        done, message = False, ""
        while params["wait"]:
            done, message = status()
            elapsed = time.monotonic() - start
            if done:
                break
            if elapsed + params["poll_interval"] > params["wait_timeout"]:
                raise ClientError("%s started but had not completed after %d seconds (last status: %s); it keeps "
                                  "running on the server" % (params["task"], params["wait_timeout"],
                                                             message or "no message"),
                                  details={"changed": True})
            time.sleep(params["poll_interval"])
        return {"changed": True, "completed": done, "message": message,
                "elapsed": round(time.monotonic() - start, 2)}

    run(module, body, client.redact)


if __name__ == "__main__":
    main()
