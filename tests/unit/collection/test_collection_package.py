# -*- coding: utf-8 -*-
# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The collection as it is published: what the tarball holds, and that it installs and documents itself.

Builds the tarball from this checkout with the ansible-galaxy of the running venv, so `make units`
checks it with the newest ansible-core and `make units-2.16` with the oldest one we support.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent

# What a published collection may contain at its top level. Anything else (a stray log, a
# developer's scratch directory) would ship to every user, so it fails the test.
ALLOWED_TOP_LEVEL = {
    'MANIFEST.json', 'FILES.json', 'README.md', 'LICENSE', 'LICENSES', 'SECURITY.md', 'CHANGELOG.rst',
    'CHANGELOG.rst.license', 'bindep.txt', 'requirements.txt',
    'changelogs', 'docs', 'extensions', 'meta', 'playbooks', 'plugins', 'roles', 'tests',
}
REQUIRED = {
    'MANIFEST.json', 'FILES.json', 'README.md', 'LICENSE', 'LICENSES/GPL-3.0-or-later.txt', 'SECURITY.md',
    'CHANGELOG.rst', 'bindep.txt',
    'requirements.txt',  # the modules' Python requirement, read by ansible-builder from the installed collection
    'changelogs/changelog.yaml', 'changelogs/config.yaml', 'meta/runtime.yml', 'meta/execution-environment.yml',
    'docs/docsite/extra-docs.yml', 'docs/docsite/links.yml', 'tests/config.yml',
}


def _forbidden(name):
    """Why a tarball member does not belong in a published collection, or None."""
    parts = name.split('/')
    if any(part.startswith(('.venv', '.build', '.git', '.pytest_cache', '.mypy_cache', '.ruff_cache', '.tox', '.cache'))
           for part in parts):
        return 'development tooling or its cache'
    if '__pycache__' in parts or name.endswith(('.pyc', '.pyo', '.tar.gz', '.retry')):
        return 'build or cache artefact'
    if name.startswith(('tests/output', 'benchmarks', 'docs/build', 'docs/site', '.ansible/')):
        return 'test, benchmark or documentation build output'
    if parts[0] == 'docs' and name != 'docs' and not name.startswith('docs/docsite'):
        return 'only docs/docsite ships; the site sources and build stay in the repository'
    if parts[0] not in ALLOWED_TOP_LEVEL:
        return 'not part of a collection'
    return None


def _run(cmd, **kwargs):
    env = dict(os.environ, ANSIBLE_NOCOLOR='1', ANSIBLE_COLLECTIONS_SCAN_SYS_PATH='false')
    env.update(kwargs.pop('env', {}))
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, env=env, timeout=300, check=False, **kwargs)
    assert proc.returncode == 0, '%s failed (%d):\n%s\n%s' % (cmd, proc.returncode, proc.stdout, proc.stderr)
    return proc.stdout


@pytest.fixture(scope='module')
def tarball(tmp_path_factory):
    if not (BIN / 'ansible-galaxy').exists():
        pytest.skip('ansible-galaxy is not installed next to %s' % sys.executable)
    out = tmp_path_factory.mktemp('collection-build')
    _run([BIN / 'ansible-galaxy', 'collection', 'build', '--output-path', out, ROOT], cwd=out)
    built = list(out.glob('printops-print_management-*.tar.gz'))
    assert len(built) == 1, built
    return built[0]


@pytest.fixture(scope='module')
def members(tarball):
    with tarfile.open(tarball) as tar:
        return {m.name.rstrip('/') for m in tar.getmembers() if m.name not in ('', '.')}


def test_tarball_holds_nothing_that_does_not_belong(members):
    unwanted = {name: _forbidden(name) for name in members if _forbidden(name)}
    assert not unwanted, 'files that must not be published:\n' + '\n'.join(
        '%s: %s' % item for item in sorted(unwanted.items()))


def test_tarball_holds_the_metadata_docs_and_every_plugin(members):
    plugins = {str(p.relative_to(ROOT)) for p in (ROOT / 'plugins').rglob('*.py') if '__pycache__' not in p.parts}
    missing = (REQUIRED | plugins) - members
    assert not missing, 'missing from the tarball: %s' % sorted(missing)


def test_tarball_manifest_carries_the_galaxy_metadata(tarball):
    galaxy = yaml.safe_load((ROOT / 'galaxy.yml').read_text())
    with tarfile.open(tarball) as tar:
        info = json.load(tar.extractfile('MANIFEST.json'))['collection_info']
    assert tarball.name == 'printops-print_management-%s.tar.gz' % galaxy['version']
    for key in ('namespace', 'name', 'version', 'license', 'repository', 'documentation', 'issues', 'description'):
        assert info[key] == galaxy[key], key
        assert info[key], key


def test_tarball_installs_into_an_empty_path_and_ansible_doc_shows_the_module(tarball, tmp_path):
    collections = tmp_path / 'collections'
    # Only the empty path is searched: under ansible-test the checkout itself is on the collections
    # path, and ansible-galaxy would find the collection "already installed" there.
    _run([BIN / 'ansible-galaxy', 'collection', 'install', '--offline', '-p', collections, tarball], cwd=tmp_path,
         env={'ANSIBLE_COLLECTIONS_PATH': str(collections)})
    installed = collections / 'ansible_collections' / 'printops' / 'print_management'
    assert (installed / 'MANIFEST.json').is_file()

    doc = _run([BIN / 'ansible-doc', 'printops.print_management.papercut_user'], cwd=tmp_path,
               env={'ANSIBLE_COLLECTIONS_PATH': str(collections), 'ANSIBLE_HOME': str(tmp_path / 'home')})
    # Documentation of the installed copy, not of this checkout.
    assert str(installed) in doc
    words = ' '.join(doc.split())
    # The connection options come from the doc fragment, so fragments were resolved too.
    for text in ('Create, update and delete users of a PaperCut MF/NG server', 'papercut_auth_token',
                 'PAPERCUT_AUTH_TOKEN', 'EXAMPLES', 'RETURN VALUES', 'users: "{{ students }}"'):
        assert text in words, text
