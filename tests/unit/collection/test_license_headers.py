# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
""".ci/license_headers.py: finds every file without a copyright or licence header, and --fix adds
them in each file type's comment syntax, once (a second run changes nothing)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / ".ci" / "license_headers.py"
SPDX = "SPDX-License-" + "Identifier: GPL-3.0-or-later"

FILES = {
    "galaxy.yml": "namespace: x\n",
    "plugins/modules/thing.py": "#!/usr/bin/python\n# -*- coding: utf-8 -*-\n# Copy" + "right: (c) 2026, someone\n# "
                                + SPDX + "\nimport os\n",
    "plugins/module_utils/_x.py": "import os\n",
    "roles/r/tasks/main.yml": "---\n# " + SPDX + "\n- name: x\n  ansible.builtin.debug:\n",
    "README.md": "# Title\n",
    "docs/guide.rst": "..\n  " + SPDX + "\n\nGuide\n=====\n",
    "data/people.csv": "a,b\n",
    "CHANGELOG.rst": "Changes\n=======\n",
    "changelogs/fragments/x.yml": "bugfixes:\n  - x\n",
    "empty.txt": "",
}


def _run(repo, *args):
    return subprocess.run([sys.executable, str(repo / ".ci" / "license_headers.py")] + list(args),
                          cwd=repo, capture_output=True, text=True, check=False)


@pytest.fixture
def repo(tmp_path):
    if not SCRIPT.exists() or not shutil.which("git"):
        pytest.skip("needs the repository's .ci/ and git")
    for name, text in FILES.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (tmp_path / ".ci").mkdir()
    shutil.copy(SCRIPT, tmp_path / ".ci")
    (tmp_path / "LICENSES").mkdir()
    shutil.copy(ROOT / "LICENSES" / "GPL-3.0-or-later.txt", tmp_path / "LICENSES")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    return tmp_path


def _snapshot(repo):
    return {str(p.relative_to(repo)): p.read_bytes() for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts}


def test_check_names_each_file_without_headers(repo):
    proc = _run(repo)
    assert proc.returncode == 1
    for name in ("galaxy.yml", "plugins/module_utils/_x.py", "README.md", "data/people.csv", "CHANGELOG.rst",
                 "roles/r/tasks/main.yml", "docs/guide.rst"):
        assert name in proc.stdout, name
    assert "plugins/modules/thing.py: copyright line with a colon" in proc.stdout
    assert "changelogs/fragments/x.yml" not in proc.stdout and "empty.txt" not in proc.stdout


def test_fix_adds_headers_once_and_the_check_then_passes(repo):
    proc = _run(repo, "--fix")
    assert proc.returncode == 0, proc.stdout
    fixed = _snapshot(repo)
    assert _run(repo, "--fix").returncode == 0
    assert _snapshot(repo) == fixed, "a second --fix changed files"

    module = (repo / "plugins/modules/thing.py").read_text().splitlines()
    assert module[:2] == ["#!/usr/bin/python", "# -*- coding: utf-8 -*-"]
    assert module[2] == "# Copy" + "right (c) 2026, someone"
    assert (repo / "README.md").read_text().startswith("<!--\nCopy" + "right (c) Printops contributors\n")
    assert (repo / "roles/r/tasks/main.yml").read_text().startswith("---\n# Copy" + "right (c) Printops contributors\n")
    assert (repo / "docs/guide.rst").read_text().startswith("..\n  Copy" + "right (c) Printops contributors\n")
    assert (repo / "data/people.csv").read_text() == "a,b\n"
    assert SPDX in (repo / "data/people.csv.license").read_text()
    assert SPDX in (repo / "CHANGELOG.rst.license").read_text()
    assert (repo / "changelogs/fragments/x.yml").read_text() == "bugfixes:\n  - x\n"
