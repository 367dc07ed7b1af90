# -*- coding: utf-8 -*-
# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The harness itself: results are captured, failures do not raise, and the environment is controlled."""

from __future__ import annotations

import sys
from pathlib import Path

from _ansible import base_environment


def test_results_are_captured_in_order_and_failures_do_not_raise(ansible):
    run = ansible.run_tasks([
        {'name': 'say hello', 'ansible.builtin.debug': {'msg': 'hello'}},
        {'name': 'fail quietly', 'ansible.builtin.command': '/bin/false', 'ignore_errors': True},
        {'name': 'skip me', 'ansible.builtin.debug': {'msg': 'never'}, 'when': False},
    ])

    assert run.rc == 0, run.describe()
    assert [(r.name, r.status) for r in run.results] == [
        ('say hello', 'ok'),
        ('fail quietly', 'failed'),
        ('skip me', 'skipped'),
    ]
    assert run.task('say hello')['msg'] == 'hello'
    assert run.task('say hello').action == 'ansible.builtin.debug'
    failed = run.task(1)
    assert failed.failed and failed.ignore_errors
    assert failed['rc'] == 1
    assert 'say hello' in run.stdout


def test_a_failed_task_fails_the_run_without_raising(ansible):
    run = ansible.run_tasks([{'name': 'boom', 'ansible.builtin.command': '/bin/false'}])

    assert run.rc != 0
    assert run.task('boom').failed


def test_check_mode_extra_vars_and_module_defaults_reach_the_play(ansible):
    run = ansible.run_tasks(
        [
            {'name': 'mode', 'ansible.builtin.debug': {'msg': '{{ ansible_check_mode }} {{ greeting }}'}},
            {'name': 'defaults', 'ansible.builtin.debug': {}},
        ],
        check=True,
        extra_vars={'greeting': 'hi'},
        module_defaults={'ansible.builtin.debug': {'msg': 'from defaults'}},
    )

    assert run.rc == 0, run.describe()
    assert run.task('mode')['msg'] == 'True hi'
    assert run.task('defaults')['msg'] == 'from defaults'


def test_modules_run_with_the_python_running_the_tests(ansible):
    run = ansible.run_tasks([
        {'name': 'facts', 'ansible.builtin.setup': {'gather_subset': ['!all', '!min', 'python']}},
    ])

    assert run.rc == 0, run.describe()
    assert run.task('facts')['ansible_facts']['ansible_python']['executable'] == sys.executable


def test_environment_is_scrubbed_and_tests_set_what_modules_see(ansible, monkeypatch, tmp_path):
    monkeypatch.setenv('PAPERCUT_URL', 'http://inherited.invalid')
    monkeypatch.setenv('ANSIBLE_STDOUT_CALLBACK', 'json')
    env = base_environment(tmp_path / 'fresh')
    assert 'PAPERCUT_URL' not in env
    assert env.get('ANSIBLE_STDOUT_CALLBACK') is None
    collection = Path(env['ANSIBLE_COLLECTIONS_PATH']) / 'ansible_collections' / 'printops' / 'print_management'
    assert (collection / 'galaxy.yml').is_file()

    run = ansible.run_tasks(
        [{'name': 'given', 'ansible.builtin.debug': {'msg': "{{ lookup('env', 'PRINTIX_CLIENT_ID') }}"}}],
        env={'PRINTIX_CLIENT_ID': 'set-by-test'},
    )

    assert run.rc == 0, run.describe()
    assert run.task('given')['msg'] == 'set-by-test'
