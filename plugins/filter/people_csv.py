# -*- coding: utf-8 -*-
# Copyright: (c) 2026, printops contributors
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
  - Columns listed in O(number_columns) are turned into numbers when they read as one; a cell that does not
    stays text, so that the role's argument validation names it.
  - Rows whose cells are all empty, and lines starting with C(#), are skipped.
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

from ansible.errors import AnsibleFilterError


def _column(name):
    return str(name or "").strip().lower().replace(" ", "_").replace("-", "_")


def _number(text):
    try:
        value = float(text)
    except ValueError:
        return text
    return int(value) if value.is_integer() and "." not in text else value


def people_csv(text, list_columns=None, number_columns=None, separator=";", delimiter=","):
    if text is None:
        raise AnsibleFilterError("people_csv: expected the text of a CSV file, got nothing")
    if not isinstance(text, str):
        raise AnsibleFilterError("people_csv: expected the text of a CSV file, got %s" % type(text).__name__)
    lists = set(_column(c) for c in (["shared_accounts", "groups"] if list_columns is None else list_columns))
    numbers = set(_column(c) for c in (["initial_balance"] if number_columns is None else number_columns))
    lines = [line for line in text.lstrip("\ufeff").splitlines() if not line.lstrip().startswith("#")]
    try:
        reader = csv.reader(lines, delimiter=delimiter)
        rows = list(reader)
    except csv.Error as exc:
        raise AnsibleFilterError("people_csv: not a valid CSV file: %s" % exc)
    if not rows:
        return []
    header = [_column(c) for c in rows[0]]
    if "" in header:
        raise AnsibleFilterError("people_csv: column %d has no name in the first row" % (header.index("") + 1))
    duplicates = sorted(set(c for c in header if header.count(c) > 1))
    if duplicates:
        raise AnsibleFilterError("people_csv: columns named more than once: %s" % ", ".join(duplicates))
    people = []
    for number, row in enumerate(rows[1:], start=2):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if len(cells) > len(header):
            raise AnsibleFilterError("people_csv: row %d has %d cells but there are only %d columns"
                                     % (number, len(cells), len(header)))
        person = {}
        for column, cell in zip(header, cells):
            if cell == "":
                continue
            if column in lists:
                person[column] = [item.strip() for item in cell.split(separator) if item.strip()]
            elif column in numbers:
                person[column] = _number(cell)
            else:
                person[column] = cell
        people.append(person)
    return people


class FilterModule(object):
    def filters(self):
        return {"people_csv": people_csv}
