# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The module base: what a bulk task echoes back as its invocation."""

from ansible_collections.printops.print_management.plugins.module_utils._module import ECHO_ITEMS, invocation


class _FakeModule(object):
    def __init__(self, params):
        self.params = params


def _item(n, **extra):
    item = {"username": "u%d" % n, "full_name": "User %d" % n, "password": None, "email": None}
    item.update(extra)
    return item


def test_items_are_echoed_as_given_without_their_unset_sub_options():
    module = _FakeModule({"users": [_item(1), _item(2, email="b@example.edu")], "concurrency": 8, "state": None})
    args = invocation(module)["module_args"]
    assert args["users"] == [{"username": "u1", "full_name": "User 1"},
                             {"username": "u2", "full_name": "User 2", "email": "b@example.edu"}]
    assert args["concurrency"] == 8 and args["state"] is None  # top-level options as AnsibleModule shows them
    assert module.params["users"][0]["password"] is None, "the module's own params are not changed"


def test_a_long_bulk_list_is_echoed_as_its_first_items_and_a_count():
    users = [_item(n) for n in range(5000)]
    args = invocation(_FakeModule({"users": users}))["module_args"]
    assert args["users"][:3] == [{"username": "u%d" % n, "full_name": "User %d" % n} for n in range(3)]
    assert args["users"][3:] == ["... and 4997 more items (not echoed)"]


def test_lists_up_to_the_limit_and_lists_of_plain_values_are_echoed_whole():
    users = [_item(n) for n in range(ECHO_ITEMS)]
    groups = ["g%d" % n for n in range(100)]
    args = invocation(_FakeModule({"users": users, "groups": groups}))["module_args"]
    assert len(args["users"]) == ECHO_ITEMS and args["groups"] == groups
