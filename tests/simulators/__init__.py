# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""In-memory simulators of the PaperCut, Printix and SavaPage APIs (test infrastructure and demo server)."""

SIMULATORS = {
    "papercut": "tests.simulators.papercut:PaperCutSimulator",
    "printix": "tests.simulators.printix:PrintixSimulator",
    "savapage": "tests.simulators.savapage:SavaPageSimulator",
}


def load(product):
    """Return the simulator class for ``product``."""
    import importlib

    module_name, class_name = SIMULATORS[product].split(":")
    return getattr(importlib.import_module(module_name), class_name)
