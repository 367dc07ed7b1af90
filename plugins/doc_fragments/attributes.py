# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment(object):
    # Descriptions of the attributes; each module states its own support level.
    DOCUMENTATION = r"""
options: {}
attributes:
  check_mode:
    description: Can run in check mode and return a prediction of changes without sending any write to the server.
  diff_mode:
    description: Returns C(before) and C(after) of what the task manages in diff mode, with secrets removed.
  idempotent:
    description:
      - When run twice in a row outside check mode with the same arguments, the second run reports no change
        and sends no write.
"""

    INFO_MODULE = r"""
options: {}
attributes:
  check_mode:
    support: full
    details:
      - This module only reads; it runs normally in check mode.
  diff_mode:
    support: N/A
    details:
      - This module only reads.
  idempotent:
    support: full
"""

    ACTIONGROUP_PAPERCUT = r"""
options: {}
attributes:
  action_group:
    description: Use C(group/printops.print_management.papercut) in C(module_defaults) to set the connection options once.
    support: full
    membership:
      - printops.print_management.papercut
"""

    ACTIONGROUP_PRINTIX = r"""
options: {}
attributes:
  action_group:
    description: Use C(group/printops.print_management.printix) in C(module_defaults) to set the connection options once.
    support: full
    membership:
      - printops.print_management.printix
"""

    ACTIONGROUP_SAVAPAGE = r"""
options: {}
attributes:
  action_group:
    description: Use C(group/printops.print_management.savapage) in C(module_defaults) to set the connection options once.
    support: full
    membership:
      - printops.print_management.savapage
"""
