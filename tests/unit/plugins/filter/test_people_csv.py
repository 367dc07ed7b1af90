# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The people_csv filter: what it does with the rows issue 15 and 18 found handled silently or vaguely."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _controller_code():
    """The filter is controller code: importing it switches ansible-core into controller mode, where a
    module's deprecations go to the display instead of its result. Imported here, not at collection,
    and the switch undone after each test, so that modules' tests in the same process see module mode."""
    try:
        from ansible.module_utils import _internal
    except ImportError:  # before ansible-core 2.19 there is no such switch
        yield
        return
    was = _internal.is_controller
    yield
    _internal.is_controller = was


def people_csv(*args, **kwargs):
    from ansible_collections.printops.print_management.plugins.filter.people_csv import people_csv as read

    return read(*args, **kwargs)


HEADER = "# SPDX-" + "License-Identifier: GPL-3.0-or-later\n# a comment before the header is fine\n" \
         "username,full_name,email,initial_balance,groups\n"


def _error(text):
    from ansible.errors import AnsibleFilterError

    with pytest.raises(AnsibleFilterError) as info:
        people_csv(text)
    return str(info.value)


def test_comment_lines_before_the_header_are_skipped_and_rows_counted_from_the_first_line():
    people = people_csv(HEADER + "jo,Jo Smith,jo@example.edu,5.50,Students;Physics\n\nal,Al,al@example.edu,-2,\n")
    assert people == [{"username": "jo", "full_name": "Jo Smith", "email": "jo@example.edu", "initial_balance": 5.5,
                       "groups": ["Students", "Physics"]},
                      {"username": "al", "full_name": "Al", "email": "al@example.edu", "initial_balance": -2}]


def test_a_row_whose_username_starts_with_a_hash_is_an_error_not_a_dropped_person():
    msg = _error(HEADER + "jo,Jo,jo@example.edu,5,\n#al,Al,al@example.edu,5,\n")
    assert "row 5" in msg and "'#al'" in msg and "delete the row" in msg


def test_a_line_break_inside_a_quoted_cell_is_read_whole_and_refused_with_its_row():
    msg = _error(HEADER + 'jo,"Jo\nSmith",jo@example.edu,5,\n')
    assert "row 4" in msg and "username 'jo'" in msg and "full_name" in msg and "line break" in msg
    # the row after a cell that spans two lines keeps its true line number
    msg = _error(HEADER + 'jo,Jo,jo@example.edu,5,"A;\nB"\nal,=1+1,al@example.edu,5,\n')
    assert "row 4" in msg and "line break" in msg


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\")", "+1-2", "-A", "@SUM(A1)"])
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_refused(cell):
    msg = _error(HEADER + "jo,%s,jo@example.edu,5,\n" % cell.replace('"', '""').join('""'))
    assert "row 4" in msg and "username 'jo'" in msg and "full_name" in msg and "formula" in msg


@pytest.mark.parametrize("cell", ['"12,50"', "twelve", "nan", "inf", "1e309", "true"])
def test_a_balance_that_is_not_a_number_names_row_username_and_value(cell):
    msg = _error(HEADER + "jo,Jo,jo@example.edu,%s,\n" % cell)
    assert "row 4" in msg and "username 'jo'" in msg and "initial_balance" in msg
    assert repr(cell.strip('"')) in msg


def test_an_unquoted_decimal_comma_says_which_row_and_why():
    msg = _error("username,email,initial_balance\njdoe,jdoe@example.edu,12,50\n")
    assert "row 2" in msg and "username 'jdoe'" in msg and "12.50" in msg
