# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""account_batches: the term_start role's batches of shared accounts keep each parent with its sub-accounts."""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.printops.print_management.plugins.filter.account_batches import account_batches


def test_batches_never_split_a_parent_from_its_sub_accounts():
    names = ["Chemistry", "Physics", "Chemistry\\Lab 1", "Art", "Chemistry\\Lab 2", "Physics\\PHY101"]
    batches = account_batches([{"name": n} for n in names], 2)
    assert batches == [[0, 2, 4], [1, 5], [3]]
    assert sorted(i for b in batches for i in b) == list(range(len(names)))


def test_families_fill_batches_up_to_the_size():
    assert account_batches(["a", "b", "c", "d", "e"], 2) == [[0, 1], [2, 3], [4]]


def test_size_zero_is_one_batch_and_an_empty_list_none():
    assert account_batches(["a", "b\\c"], 0) == [[0, 1]]
    assert account_batches([], 5) == []


def test_a_size_that_is_not_a_number_is_refused():
    with pytest.raises(AnsibleFilterError, match="size"):
        account_batches(["a"], "ten")
