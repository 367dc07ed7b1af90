# -*- coding: utf-8 -*-
# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Run the real ansible-playbook against localhost and collect each task's result.

Generic test infrastructure: it knows Ansible, not any print management product.
Results come from the record_results callback (callback_plugins/), one dict per
task result, so tests assert on what modules returned rather than on console text.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
NAMESPACE = 'printops'
NAME = 'print_management'
CALLBACK_DIR = Path(__file__).resolve().parent / 'callback_plugins'
RESULTS_ENV = 'PRINTOPS_TEST_RESULTS'

# Inherited variables with these prefixes are dropped: the tests decide what the
# modules see (connection fallbacks) and how Ansible behaves (a developer's
# ANSIBLE_* settings must not change the outcome).
# The machine's proxies and CA bundles go too (tests/simulators/fixtures.py, NETWORK_VARIABLES): the
# tests that need them (test_proxy.py, test_tls.py) set them per run.
SCRUBBED_PREFIXES = ('ANSIBLE_', 'PAPERCUT_', 'PRINTIX_', 'SAVAPAGE_')

DEFAULT_TIMEOUT = 900

# -- secret scan ------------------------------------------------------------------------------
# Every run's stdout, stderr and recorded results (return values, diffs, warnings) are
# scanned for every secret the run was given; one occurrence fails the run's test.
# Secrets are known three ways: registered (register_secret, e.g. the simulators'
# credentials), passed through the environment under a secret-looking name
# (TEST_PRINTIX_SECRET, SMTP_PW, ...), or written into the tasks or extra vars under a
# secret-looking option name (password, card_pin, client_secret, card_number, ...).
# Every run is made at least at -vvv (DEFAULT_VERBOSITY), so the scan also sees what
# -vvv prints (full results, module invocations, connection details); measured on 41
# integration tests run side by side: +2 % wall time, no measurable CPU. Set
# PRINTOPS_TEST_VERBOSITY=0 to run at the verbosity each test asks for.
VERBOSITY_ENV = 'PRINTOPS_TEST_VERBOSITY'
DEFAULT_VERBOSITY = 3
SECRET_SCAN_ENV = 'PRINTOPS_TEST_SECRET_SCAN'   # "0" turns the scan off (debugging only)
# Badge (card) numbers count as secrets: the collection never shows one in full (SECURITY.md).
_SECRET_ENV_NAME = re.compile(r'(?i)(SECRET|TOKEN|PASSW|_PW$|PIN$|_PIN|API_?KEY|_KEY$|LDAP|WRONG|CREDENTIAL|CARD_?N)')
_SECRET_OPTION = re.compile(r'(?i)^(?!update_|no_log|.*_(url|file|path|mode|length|type)$)'
                            r'(.*_)?(password|passwd|pin|card_pin|secret|client_secret|token|auth_token|api_key|apikey'
                            r'|card_number)$')
_REGISTERED = {}
_LOADED = []


def register_secret(value, label='secret'):
    """Add a value that must never appear in any run's output (idempotent)."""
    if isinstance(value, str) and len(value) >= 3 and '{{' not in value:
        _REGISTERED.setdefault(value, label)


def _secrets_in_args(node, found, path=''):
    if isinstance(node, Mapping):
        for key, value in node.items():
            where = '%s.%s' % (path, key) if path else str(key)
            if isinstance(value, (str, int)) and not isinstance(value, bool) and _SECRET_OPTION.match(str(key)):
                value = str(value)
                if len(value) >= 3 and '{{' not in value:
                    found.setdefault(value, 'option %s' % where)
            else:
                _secrets_in_args(value, found, where)
    elif isinstance(node, (list, tuple)):
        for index, item in enumerate(node):
            _secrets_in_args(item, found, '%s[%d]' % (path, index))


def _load_known_secrets():
    """Import the suite's registry of fixture credentials (known_secrets.py beside this file), once."""
    if not _LOADED:
        _LOADED.append(True)
        try:
            __import__('known_secrets')
        except ImportError as exc:  # the harness also works without it (its own tests)
            if getattr(exc, 'name', None) != 'known_secrets':
                raise


def secrets_for_run(run_env, tasks=None, extra_vars=None):
    """{secret value: label} of everything this run must not reveal."""
    _load_known_secrets()
    found = dict(_REGISTERED)
    for key, value in run_env.items():
        if _SECRET_ENV_NAME.search(key) and value and len(value) >= 3 and key not in os.environ:
            found.setdefault(value, 'environment variable %s' % key)
    if tasks is not None:
        _secrets_in_args(tasks, found)
    if extra_vars:
        _secrets_in_args(extra_vars, found)
    return found


# Ansible's own temporary directory names: ansible-tmp-<time>-<pid>-<random>. A 4-digit PIN
# is sometimes the process id in them (a false leak seen in CI), so short values are not
# looked for there.
_ANSIBLE_TMP_NAME = re.compile(r'ansible-tmp-[0-9.]+-[0-9]+-[0-9]+')


def _find(secret, text):
    """Index of the first occurrence of ``secret`` in ``text``, or -1."""
    if len(secret) >= 8:
        return text.find(secret)
    # short values (PINs) only as a whole word (a port number may contain "8642"), and not in
    # Ansible's temporary directory names (same length, so indexes stay valid)
    text = _ANSIBLE_TMP_NAME.sub(lambda m: 'x' * len(m.group(0)), text)
    match = re.search(r'(?<![A-Za-z0-9])%s(?![A-Za-z0-9])' % re.escape(secret), text)
    return match.start() if match else -1


class SecretLeak(AssertionError):
    """A secret given to a run appeared in its output or results."""


def scan_for_secrets(secrets, sources):
    """Raise SecretLeak naming where each secret appeared (the secret itself is masked)."""
    leaks = []
    for secret, label in secrets.items():
        for where, text in sources.items():
            index = _find(secret, text) if text else -1
            if index >= 0:
                context = text[max(0, index - 80):index + len(secret) + 80]
                for other, other_label in sorted(secrets.items(), key=lambda item: -len(item[0])):
                    if len(other) >= 8:  # mask every long secret in the excerpt, not only this one
                        context = context.replace(other, '<%s>' % other_label)
                context = context.replace(secret, '<%s>' % label)
                leaks.append('%s appeared in %s: ...%s...' % (label, where, context))
    if leaks:
        raise SecretLeak('secret(s) leaked:\n' + '\n'.join(leaks))


class TaskResult(dict):
    """One task's result dict as the module returned it, plus where it came from.

    It is the result dict itself (``r['changed']``, ``r.get('diff')``); the
    attributes say which task produced it and how Ansible classified it:
    ``status`` is one of ok, changed, failed, skipped, unreachable.
    """

    def __init__(self, record):
        super().__init__(record.get('result') or {})
        self.name = record.get('task')
        self.action = record.get('action')
        self.host = record.get('host')
        self.status = record.get('status')
        self.ignore_errors = record.get('ignore_errors', False)

    @property
    def changed(self):
        return bool(self.get('changed'))

    @property
    def failed(self):
        return self.status in ('failed', 'unreachable')

    def __repr__(self):
        return 'TaskResult(name=%r, action=%r, status=%r, result=%s)' % (
            self.name, self.action, self.status, dict.__repr__(self))


class PlaybookRun:
    """Outcome of one ansible-playbook run. Never raises because a task failed."""

    def __init__(self, command, rc, stdout, stderr, results, workdir):
        self.command = command
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr
        self.results = results
        self.workdir = workdir

    @property
    def ok(self):
        return self.rc == 0

    def tasks(self, name):
        """Every result of the task called ``name`` (a task can run more than once, e.g. in a loop of plays)."""
        return [r for r in self.results if r.name == name]

    def task(self, name_or_index):
        """The result of one task, by position in ``results`` or by its (unique) name."""
        if isinstance(name_or_index, int):
            return self.results[name_or_index]
        found = self.tasks(name_or_index)
        if len(found) == 1:
            return found[0]
        if not found:
            raise KeyError('no task named %r; tasks run: %r\n%s' % (
                name_or_index, [r.name for r in self.results], self.describe()))
        raise LookupError('%d tasks are named %r; use tasks() or an index' % (len(found), name_or_index))

    def describe(self):
        """Everything needed to understand a failure, for assertion messages."""
        return 'command: %s\nrc: %s\n--- stdout ---\n%s\n--- stderr ---\n%s' % (
            ' '.join(self.command), self.rc, self.stdout, self.stderr)

    def assert_ok(self):
        assert self.rc == 0, self.describe()
        return self

    def assert_clean_failure(self, *phrases, secrets=(), result=None):
        """The last task (or ``result``) failed through fail_json: a message holding each of ``phrases``,
        no traceback, no module_stderr, none of ``secrets`` in the output."""
        result = self.results[-1] if result is None else result
        assert result.failed, self.describe()
        for phrase in phrases:
            assert phrase in result['msg'], result['msg']
        output = self.stdout + self.stderr
        assert 'Traceback' not in output, output
        assert 'module_stderr' not in result, result
        for secret in secrets:
            assert secret not in output, 'a secret leaked (%s...)' % str(secret)[:3]
        return self

    def __repr__(self):
        return 'PlaybookRun(rc=%r, tasks=%r)' % (self.rc, [(r.name, r.status) for r in self.results])


def make_collections_root(base):
    """Make ``base`` a collections path whose printops.print_management is this checkout.

    A symlink, not a copy: tests always run the code in the working tree.
    """
    base = Path(base)
    parent = base / 'ansible_collections' / NAMESPACE
    parent.mkdir(parents=True, exist_ok=True)
    link = parent / NAME
    if not link.exists():
        link.symlink_to(REPO_ROOT, target_is_directory=True)
    return base


def base_environment(base):
    """Environment for ansible-playbook: hermetic, local, quiet, and recording results.

    ``base`` is a scratch directory owned by the caller (pytest's session tmp dir).
    """
    base = Path(base)
    collections = make_collections_root(base / 'collections')
    home = base / 'ansible_home'
    home.mkdir(parents=True, exist_ok=True)
    config = base / 'ansible.cfg'
    # An empty config file: neither ~/.ansible.cfg nor /etc/ansible/ansible.cfg applies.
    config.write_text('# intentionally empty: the test harness sets everything through the environment\n')
    inventory = base / 'inventory.ini'
    inventory.write_text('localhost ansible_connection=local ansible_python_interpreter=%s\n' % sys.executable)

    # by the collection's path, which conftest.py makes importable after importing this module
    from ansible_collections.printops.print_management.tests.simulators.fixtures import without_network  # pylint: disable=import-outside-toplevel

    env = without_network(os.environ, SCRUBBED_PREFIXES)
    env.update({
        'ANSIBLE_CONFIG': str(config),
        'ANSIBLE_HOME': str(home),
        'ANSIBLE_LOCAL_TEMP': str(home / 'tmp'),
        'ANSIBLE_REMOTE_TEMP': str(home / 'remote_tmp'),
        'ANSIBLE_INVENTORY': str(inventory),
        'ANSIBLE_COLLECTIONS_PATH': str(collections),
        'ANSIBLE_COLLECTIONS_SCAN_SYS_PATH': 'False',
        'ANSIBLE_CALLBACK_PLUGINS': str(CALLBACK_DIR),
        'ANSIBLE_CALLBACKS_ENABLED': 'record_results',
        'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
        'ANSIBLE_HOST_KEY_CHECKING': 'False',
        'ANSIBLE_NOCOLOR': '1',
        'ANSIBLE_RETRY_FILES_ENABLED': '0',
        'ANSIBLE_SYSTEM_WARNINGS': 'True',
        'ANSIBLE_DEPRECATION_WARNINGS': 'True',
        'PYTHONDONTWRITEBYTECODE': '1',
    })
    return env


def ansible_playbook_executable():
    """The ansible-playbook installed beside the Python running the tests (the venv's)."""
    return str(Path(sys.executable).parent / 'ansible-playbook')


def build_playbook(tasks, module_defaults=None, name='harness'):
    play = {'name': name, 'hosts': 'localhost', 'gather_facts': False}
    if module_defaults:
        play['module_defaults'] = dict(module_defaults)
    play['tasks'] = list(tasks)
    return [play]


def read_results(path):
    path = Path(path)
    if not path.exists():
        return []
    with path.open(encoding='utf-8') as stream:
        return [TaskResult(json.loads(line)) for line in stream if line.strip()]


def run_playbook(tasks_or_playbook, *, base_env, workdir, check=False, diff=False, extra_vars=None,
                 env=None, verbosity=0, module_defaults=None, args=(), timeout=DEFAULT_TIMEOUT):
    """Run ansible-playbook once and return a PlaybookRun.

    ``tasks_or_playbook`` is a list of task dicts (wrapped in a localhost play,
    with ``module_defaults`` at play level) or the path of a playbook file.
    ``env`` is applied over ``base_env``; a value of None removes the variable.
    """
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)

    if isinstance(tasks_or_playbook, (str, os.PathLike)):
        if module_defaults:
            raise TypeError('module_defaults only applies to a list of tasks; put it in the playbook')
        playbook = Path(tasks_or_playbook)
        if not playbook.is_absolute():
            playbook = REPO_ROOT / playbook
    elif isinstance(tasks_or_playbook, Sequence):
        playbook = workdir / 'playbook.yml'
        playbook.write_text(yaml.safe_dump(build_playbook(tasks_or_playbook, module_defaults), sort_keys=False))
    else:
        raise TypeError('expected a list of tasks or a playbook path, got %r' % type(tasks_or_playbook))

    results_file = workdir / 'results.jsonl'
    if results_file.exists():
        results_file.unlink()

    run_env = dict(base_env)
    for key, value in (env or {}).items():
        if value is None:
            run_env.pop(key, None)
        else:
            run_env[key] = str(value)
    run_env[RESULTS_ENV] = str(results_file)

    command = [ansible_playbook_executable(), str(playbook)]
    if check:
        command.append('--check')
    if diff:
        command.append('--diff')
    verbosity = max(verbosity or 0, int(os.environ.get(VERBOSITY_ENV) or DEFAULT_VERBOSITY))
    if verbosity:
        command.append('-' + 'v' * verbosity)
    if extra_vars:
        if not isinstance(extra_vars, Mapping):
            raise TypeError('extra_vars must be a mapping')
        vars_file = workdir / 'extra_vars.json'
        vars_file.write_text(json.dumps(dict(extra_vars)))
        command.extend(['--extra-vars', '@%s' % vars_file])
    command.extend(args)

    proc = subprocess.run(command, env=run_env, cwd=str(workdir), capture_output=True, text=True,
                          timeout=timeout, check=False)
    (workdir / 'stdout.txt').write_text(proc.stdout)
    (workdir / 'stderr.txt').write_text(proc.stderr)
    run = PlaybookRun(command, proc.returncode, proc.stdout, proc.stderr, read_results(results_file), workdir)
    if os.environ.get(SECRET_SCAN_ENV, '1') != '0':
        tasks = tasks_or_playbook if not isinstance(tasks_or_playbook, (str, os.PathLike)) else None
        secrets = secrets_for_run(run_env, tasks, extra_vars)
        scan_for_secrets(secrets, {
            'stdout': proc.stdout, 'stderr': proc.stderr,
            'results': results_file.read_text(encoding='utf-8') if results_file.exists() else ''})
    return run


class AnsibleRunner:
    """What the ``ansible`` fixture returns: runs playbooks in numbered work directories."""

    def __init__(self, base_env, workdir):
        self.env = dict(base_env)
        self.workdir = Path(workdir)
        self._runs = 0

    def _next_workdir(self):
        self._runs += 1
        return self.workdir / ('run-%d' % self._runs)

    def run(self, tasks_or_playbook, **kwargs):
        return run_playbook(tasks_or_playbook, base_env=self.env, workdir=self._next_workdir(), **kwargs)

    def run_tasks(self, tasks, **kwargs):
        """Run ``tasks`` (a list of task dicts) in one play against localhost."""
        if isinstance(tasks, (str, bytes, Mapping)):
            raise TypeError('run_tasks takes a list of task dicts')
        return self.run(tasks, **kwargs)

    def run_playbook(self, path, **kwargs):
        """Run a playbook file; a relative path is taken from the repository root."""
        return self.run(Path(path), **kwargs)
