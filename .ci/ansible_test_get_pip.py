# -*- coding: utf-8 -*-
# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Stand-in for pip's get-pip.py, for ansible-test's sanity virtual environments.

ansible-test creates each sanity venv without pip and bootstraps pip by running a
get-pip.py it downloads from a host that CI machines often cannot reach. It runs
a cached copy instead when one exists, so `make sanity` places this file there.
It does what get-pip.py does with the arguments ansible-test passes (pip options
and pinned packages, e.g. `--disable-pip-version-check pip==24.2 --no-setuptools
--no-wheel`): install pip into the running interpreter, from Python's bundled
wheel (ensurepip), then the exact pip version requested, from the package index.
"""

from __future__ import annotations

import subprocess
import sys

# get-pip.py's own flags; pip install does not know them.
GET_PIP_ONLY = ('--no-setuptools', '--no-wheel')


def main():
    args = sys.argv[1:]
    # In a child process: ensurepip.bootstrap() in this one would point PIP_CONFIG_FILE at
    # os.devnull for the rest of our run, hiding the machine's pip configuration (certs, index).
    subprocess.run([sys.executable, '-m', 'ensurepip', '--upgrade'], check=True, stdout=subprocess.DEVNULL)
    pip = [sys.executable, '-m', 'pip']
    subprocess.run(pip + ['install', '--quiet'] + [a for a in args if a not in GET_PIP_ONLY], check=True)
    unwanted = [name for flag, name in (('--no-setuptools', 'setuptools'), ('--no-wheel', 'wheel')) if flag in args]
    if unwanted:
        # ensurepip may have brought them; get-pip.py would not have.
        subprocess.run(pip + ['uninstall', '--yes', '--quiet'] + unwanted, check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


if __name__ == '__main__':
    main()
