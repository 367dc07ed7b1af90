# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: people_csv
short_description: Read a CSV file's text of people into a list of dictionaries
version_added: 0.1.0
description:
  - Turns the text of a CSV file (first row = column names) into one dictionary per row, as the
    C(onboarding_people) input of the P(printops.print_management.onboarding#role) role expects.
  - Column names are stripped and lower-cased, and spaces and dashes in them become underscores, so
    C(Full Name) and C(full-name) both give C(full_name).
  - Cells are stripped; empty cells are left out of the row's dictionary, so a default applies instead.
  - Columns listed in O(list_columns) hold lists whose items are separated by O(separator).
  - Columns listed in O(number_columns) are turned into numbers. A cell that is not a plain number (C(12,50),
    C(twelve), C(nan), C(inf)) is an error naming the row, the username and the value; write decimals with a dot.
  - Rows whose cells are all empty are skipped.
  - Comment lines (starting with C(#)) are allowed only B(before) the first row of column names, for example
    for a licence header. After it, a row whose first cell starts with C(#) is an error, not a silently
    dropped person; delete the row instead of commenting it out.
  - A quoted cell may span lines (RFC 4180) and is read whole; but no cell may contain a line break or another
    control character, so such a cell is an error naming the row, the username and the column.
  - A cell that starts with C(=), C(+), C(-) or C(@) is an error (except a number in a number column, such as
    C(-5)), because a spreadsheet would run it as a formula when the names reach an exported report.
  - Every error names the row, counted from the first line of the text (header and comment lines included), and
    the person's username.
author:
  - printops contributors (@printops)
options:
  _input:
    description: The CSV text, for example from P(ansible.builtin.file#lookup).
    type: str
    required: true
  list_columns:
    description: Columns that hold lists.
    type: list
    elements: str
    default: [shared_accounts, groups]
  number_columns:
    description: Columns that hold numbers.
    type: list
    elements: str
    default: [initial_balance]
  separator:
    description: What separates the items of a list column.
    type: str
    default: ";"
  delimiter:
    description: What separates the columns.
    type: str
    default: ","
"""

EXAMPLES = r"""
- name: Onboard the people of a CSV file
  ansible.builtin.include_role:
    name: printops.print_management.onboarding
  vars:
    onboarding_people: "{{ lookup('ansible.builtin.file', 'files/people.csv') | printops.print_management.people_csv }}"

# people.csv:
#   username,full_name,email,department,card_number,initial_balance,shared_accounts,groups
#   jsmith,Jane Smith,jsmith@example.edu,Physics,1234567,5.00,Physics\Lab;Library,Students;Physics
# gives:
#   [{username: jsmith, full_name: Jane Smith, email: jsmith@example.edu, department: Physics,
#     card_number: "1234567", initial_balance: 5.0, shared_accounts: ['Physics\Lab', Library],
#     groups: [Students, Physics]}]
"""

RETURN = r"""
_value:
  description: One dictionary per row, keyed by the normalised column names.
  type: list
  elements: dict
"""

import csv
import io
import math
import re

from ansible.errors import AnsibleFilterError

# OWASP "CSV injection": a cell starting with one of these runs as a formula in a spreadsheet
_FORMULA = ("=", "+", "-", "@")
_CONTROL = re.compile("[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _column(name):
    return str(name or "").strip().lower().replace(" ", "_").replace("-", "_")


def _number(text):
    """The number a cell holds, or None when it holds none (a finite number, written with a dot)."""
    try:
        value = float(text)
    except ValueError:
        return None
    if not math.isfinite(value) or not re.match(r"^[+-]?(\d+\.?\d*|\.\d+)$", text):
        return None
    return int(value) if value.is_integer() and "." not in text else value


def _preamble(text):
    """Skip the comment lines before the header; returns (text from the header on, lines skipped)."""
    lines = text.split("\n")
    skipped = 0
    while skipped < len(lines) and (lines[skipped].lstrip().startswith("#") or not lines[skipped].strip()):
        skipped += 1
    return "\n".join(lines[skipped:]), skipped


def people_csv(text, list_columns=None, number_columns=None, separator=";", delimiter=","):
    if text is None:
        raise AnsibleFilterError("people_csv: expected the text of a CSV file, got nothing")
    if not isinstance(text, str):
        raise AnsibleFilterError("people_csv: expected the text of a CSV file, got %s" % type(text).__name__)
    lists = set(_column(c) for c in (["shared_accounts", "groups"] if list_columns is None else list_columns))
    numbers = set(_column(c) for c in (["initial_balance"] if number_columns is None else number_columns))
    body, skipped = _preamble(text.lstrip("\ufeff").replace("\r\n", "\n"))
    try:
        # the whole text, not line by line: a quoted cell may hold a line break
        reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)
        rows = [(skipped + reader.line_num - _lines(row) + 1, row) for row in reader]
    except csv.Error as exc:
        raise AnsibleFilterError("people_csv: not a valid CSV file: %s" % exc)
    if not rows:
        return []
    header = [_column(c) for c in rows[0][1]]
    if "" in header:
        raise AnsibleFilterError("people_csv: column %d has no name in the first row" % (header.index("") + 1))
    duplicates = sorted(set(c for c in header if header.count(c) > 1))
    if duplicates:
        raise AnsibleFilterError("people_csv: columns named more than once: %s" % ", ".join(duplicates))
    people = []
    for number, row in rows[1:]:
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        where = "people_csv: row %d" % number
        if "username" in header and header.index("username") < len(cells):
            where += " (username %r)" % cells[header.index("username")]
        if len(cells) > len(header):
            raise AnsibleFilterError("%s has %d cells but there are only %d columns (a comma in a number? write "
                                     "12.50, not 12,50; or quote the cell)" % (where, len(cells), len(header)))
        if cells[0].startswith("#"):
            raise AnsibleFilterError("%s starts with '#': comment lines are allowed only before the row of column "
                                     "names, and a person is never dropped silently; delete the row" % where)
        person = {}
        for column, cell in zip(header, cells):
            if cell == "":
                continue
            if _CONTROL.search(cell):
                raise AnsibleFilterError("%s: %s %r contains a line break or another control character; the "
                                         "people's fields are single-line" % (where, column, cell[:60]))
            if column in numbers:
                value = _number(cell)
                if value is None:
                    raise AnsibleFilterError("%s: %s %r is not a number (write decimals with a dot: 12.50)"
                                             % (where, column, cell))
                person[column] = value
                continue
            if cell.startswith(_FORMULA):
                raise AnsibleFilterError("%s: %s %r starts with %r, which a spreadsheet runs as a formula when "
                                         "the names reach an exported report; remove it"
                                         % (where, column, cell, cell[0]))
            if column in lists:
                person[column] = [item.strip() for item in cell.split(separator) if item.strip()]
            else:
                person[column] = cell
        people.append(person)
    return people


def _lines(row):
    """How many physical lines a parsed row spanned (quoted line breaks)."""
    return 1 + sum(cell.count("\n") for cell in row)


class FilterModule(object):
    def filters(self):
        return {"people_csv": people_csv}
