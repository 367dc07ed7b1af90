# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Input checks the argument spec cannot express, and the shape of servers' answers.

Internal to the collection; may change in any release.

Ansible converts what a task gives before a module sees it: ``true`` becomes
``1.0`` for a float option, ``no`` becomes ``"False"`` for a string option,
and YAML has already read ``01234567`` as the octal number 342391. A server
then stores those silently. The checks here look at the values *as the task
gave them* (the module base keeps them, see ``_module.new_module``) and
refuse, with the reason, what a server would store wrongly; and they bound
what must be bounded. Every check names the option, and for a bulk item its
index and key, and never echoes a secret.

The other half: :func:`expect` turns an answer of the wrong shape (a missing
key, a string where an object was expected, a number too large to be one)
into a clear :class:`BadAnswer` instead of a traceback.

No product knowledge beyond option names; no AnsibleModule import (clients use
:func:`expect`).
"""

from __future__ import annotations

import difflib
import math
import re

from ansible_collections.printops.print_management.plugins.module_utils._bulk_plan import item_label
from ansible_collections.printops.print_management.plugins.module_utils._http import ClientError

#: amounts beyond this (either sign) are refused as typos: far above any print budget,
#: and well inside the range where a double still holds every cent exactly (2**53 cents)
MAX_AMOUNT = 1000000000
#: the longest name accepted (users, groups, accounts, config keys)
MAX_NAME = 255
#: the bounds of ``concurrency``: each unit is a thread and a pooled connection
MAX_CONCURRENCY = 64

# C0/C1 control characters (newline, NUL, ...) and the Unicode bidirectional controls
# (U+061C, U+200E/F, U+202A-U+202E, U+2066-U+2069) that make a name display as another
_BAD_CHARS = re.compile("[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class BadAnswer(ClientError):
    """A server answered with something of the wrong shape."""


# -- answers -----------------------------------------------------------------------------

_KINDS = {
    "object": (dict,),
    "list": (list, tuple),
    "string": (str,),
    "number": (int, float),
    "boolean": (bool,),
}


def _describe(value):
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "a boolean (%s)" % ("true" if value else "false")
    if isinstance(value, (int, float)):
        return "the number %s" % (_short(repr(value)),)
    if isinstance(value, str):
        return "the string %s" % (_short(repr(value)),)
    if isinstance(value, dict):
        if not value:
            return "an empty object"
        return "an object with keys %s" % (_short(", ".join(sorted(str(k) for k in value))),)
    if isinstance(value, (list, tuple)):
        return "a list of %d item%s" % (len(value), "" if len(value) == 1 else "s")
    return "a %s" % type(value).__name__


def _short(text, limit=80):
    text = str(text)
    return text if len(text) <= limit else text[:limit] + "..."


def expect(value, kind, what, where=None):
    """``value`` when it is of ``kind``, else raise :class:`BadAnswer`.

    ``kind``: object, list, string, number (finite, not a boolean), boolean.
    ``what`` names the call ("the answer to PaperCut api.getUserAccountBalance('jo')"),
    ``where`` the part of it ("the key 'users'"). The message reads
    "expected a list as the key 'users' in the answer to ..., got the string 'x'".
    """
    ok = isinstance(value, _KINDS[kind])
    if kind == "number":
        ok = ok and not isinstance(value, bool) and math.isfinite(value)
    if not ok:
        article = "an" if kind[0] in "aeiou" else "a"
        place = "%s in %s" % (where, what) if where else what
        shown = _describe(value)
        if kind == "number" and isinstance(value, float) and not math.isfinite(value):
            shown = "a number beyond the range of numbers (%r)" % value
        raise BadAnswer("expected %s %s%s as %s, got %s. The server did not answer as the API documents; "
                        "nothing more was done with this answer." % (article, kind, " (finite)" if kind == "number"
                                                                     else "", place, shown))
    return value


def expect_number(value, what, where=None):
    """A finite float from a number or a numeric string (XML-RPC and JSON servers send both)."""
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            pass
    return float(expect(value, "number", what, where))


# -- what a task gives -----------------------------------------------------------------------

def money(option, raw, value):
    """An amount: a real number, finite, within +-MAX_AMOUNT. Returns the problem or None."""
    if isinstance(raw, bool):
        return "%s must be an amount, got the boolean %s (YAML reads yes/no/true/false as booleans)" % (
            option, "true" if raw else "false")
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "%s must be an amount, got %r" % (option, raw)
    if not math.isfinite(number):
        return "%s must be a finite number, got %r" % (option, raw)
    if abs(number) > MAX_AMOUNT:
        return "%s must be between -%d and %d, got %r (a typo?)" % (option, MAX_AMOUNT, MAX_AMOUNT, raw)
    return None


def positive_number(option, raw, value, maximum=None):
    """A finite number > 0 (and <= maximum): seconds, minutes, counts."""
    if isinstance(raw, bool):
        return "%s must be a number, got the boolean %s" % (option, "true" if raw else "false")
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        return "%s must be a positive number, got %r" % (option, raw)
    if maximum is not None and number > maximum:
        return "%s must be at most %s, got %r" % (option, maximum, raw)
    return None


def name(option, raw, value):
    """A name a server stores as given: no booleans, no control or bidi characters, bounded length."""
    if isinstance(raw, bool):
        return ("%s must be a name, got the boolean %s: YAML reads an unquoted yes/no/true/false/on/off as a "
                "boolean; quote it" % (option, "true" if raw else "false"))
    if value is None:
        return None
    text = str(value)
    if not text.strip():
        return "%s must not be empty" % option
    if len(text) > MAX_NAME:
        return "%s is %d characters long; at most %d are accepted" % (option, len(text), MAX_NAME)
    bad = _BAD_CHARS.search(text)
    if bad:
        return ("%s %s contains the control character U+%04X at position %d (a newline, NUL or bidirectional "
                "override makes a name look like another); remove it" % (
                    option, _short(repr(text), 60), ord(bad.group()), bad.start() + 1))
    if text != text.strip():
        return "%s %r has leading or trailing spaces; remove them" % (option, text)
    return None


def names(option, raw, value):
    """A list of names (groups, access users)."""
    for index, item in enumerate(raw if isinstance(raw, list) else []):
        problem = name("%s[%d]" % (option, index), item, item)
        if problem:
            return problem
    return None


def account_name(option, raw, value):
    """A PaperCut shared account name: ``parent`` or ``parent\\sub``, neither part empty."""
    problem = name(option, raw, value)
    if problem or value is None:
        return problem
    parts = str(value).split("\\")
    if len(parts) > 1 and any(not p.strip() for p in parts):
        return ("%s %r has an empty part: a sub-account is written parent\\sub, with a name on both sides "
                "of the backslash" % (option, str(value)))
    return None


def card_number(option, raw, value):
    """A card number must reach the module as text: as a YAML number it has lost its leading zeros
    (00123456 -> 123456) or been read as octal (01234567 -> 342391). The number is never echoed."""
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, str):
        return ("%s reached the module as a %s, not as text: YAML drops a card number's leading zeros "
                "(00123456 -> 123456) and reads a leading 0 as octal (01234567 -> 342391). Quote it "
                "(card_number: \"01234567\")" % (option, "boolean" if isinstance(raw, bool) else "number"))
    return None


def properties(option, raw, value):
    """Free-form property values: strings, booleans or finite numbers, stored as text by the server."""
    if not isinstance(raw, dict):
        return None
    for key in sorted(raw, key=str):
        item = raw[key]
        where = "%s.%s" % (option, key)
        if item is None:
            return ("%s is null, which the server would store as the text 'None'; give a string "
                    "('' to clear it)" % where)
        if isinstance(item, (dict, list, tuple, set)):
            return ("%s is a %s, which the server would store as its Python text; give a string, a number "
                    "or a boolean" % (where, "dictionary" if isinstance(item, dict) else "list"))
        if isinstance(item, float) and not math.isfinite(item):
            return "%s must be a finite number, got %r" % (where, item)
    return None


def money_in(*keys):
    """A check of the amounts ``keys`` inside a dictionary option (a quota's amount)."""
    def check(option, raw, value):
        for key in keys:
            if isinstance(raw, dict) and key in raw:
                problem = money("%s.%s" % (option, key), raw[key], (value or {}).get(key))
                if problem:
                    return problem
        return None
    return check


def minutes(option, raw, value):
    """-1 (until re-enabled) or a positive number of minutes that fits the API's 32-bit int."""
    if value is None or (value == -1 and not isinstance(raw, bool)):
        return None
    return positive_number(option, raw, value, maximum=2 ** 31 - 1)


def path(option, raw, value):
    if value is not None and not str(value).strip():
        return "%s must be a file or directory path, got an empty string" % option
    return None


def concurrency(option, raw, value):
    if value is None:
        return None
    if isinstance(raw, bool) or not 1 <= int(value) <= MAX_CONCURRENCY:
        return ("%s must be between 1 and %d, got %r: each unit is a thread and a connection, and a server "
                "takes only so many at once" % (option, MAX_CONCURRENCY, raw))
    return None


# -- applying checks to a module's parameters -------------------------------------------------

def _raw(raw_params, option, spec):
    """The value as given, under the option's name or one of its aliases."""
    for key in [option] + list((spec or {}).get("aliases") or []):
        if key in (raw_params or {}):
            return raw_params[key]
    return None


def _where(option, index, item, sub_spec):
    """Where a bulk item is (``users[3] (username 'jo')``), named by its key when it has a safe one."""
    if isinstance(item, dict):
        for key in ("username", "name", "email", "user"):
            spec = sub_spec.get(key)
            if spec is not None and not spec.get("no_log"):
                value = _raw(item, key, spec)
                if value is not None:
                    return item_label(option, index, key, value)
    return item_label(option, index)


def problems(argument_spec, raw_params, params, rules, items=None):
    """Every problem ``rules`` find in the parameters, top level and in each item of ``items``.

    ``rules`` maps an option name to a check (``money``, ``name``, ...). The same
    rules apply to the items of the list option ``items`` (their sub-options of
    those names), each problem prefixed by the item's label. Returns a list of texts.
    """
    found = []
    for option, check in rules.items():
        if option in argument_spec:
            problem = check(option, _raw(raw_params, option, argument_spec[option]), params.get(option))
            if problem:
                found.append(problem)
    if items and params.get(items):
        sub_spec = argument_spec[items].get("options") or {}
        raw_items = _raw(raw_params, items, argument_spec[items])
        raw_items = raw_items if isinstance(raw_items, list) else []
        for index, item in enumerate(params[items]):
            raw_item = raw_items[index] if index < len(raw_items) and isinstance(raw_items[index], dict) else {}
            for option, check in rules.items():
                if option in sub_spec:
                    problem = check(option, _raw(raw_item, option, sub_spec[option]), (item or {}).get(option))
                    if problem:
                        found.append("%s: %s" % (_where(items, index, raw_item, sub_spec), problem))
    return found


def refuse(module, rules, items=None, limit=10):
    """Fail the task, before any call, when ``rules`` find a problem; names every problem (up to ``limit``)."""
    found = problems(module.argument_spec, getattr(module, "raw_params", None) or {}, module.params, rules, items)
    if found:
        shown = "; ".join(found[:limit]) + (" ... and %d more" % (len(found) - limit) if len(found) > limit else "")
        module.fail_json(msg="%s. Nothing was changed." % shown)


def with_value(text, params, spec):
    """Ansible's "argument 'x' is of type str and we were unable to convert ..." with the value given
    (never a no_log one)."""
    match = re.match(r"argument '([^']+)' is of type", text)
    if match and match.group(1) in (params or {}) and not (spec.get(match.group(1)) or {}).get("no_log"):
        text = "%s (got %s)" % (text.split(":")[0], _short(repr(params[match.group(1)])))
    return text


def locate_item_errors(argument_spec, raw_params, limit=10):
    """Ansible's own validation errors inside bulk items, with each item's index and key.

    Ansible says ``Unsupported parameters ...: users.balence`` without saying
    which of 2,000 items holds the typo. Validates each item of every list-of-dicts
    option on its own and returns the texts (empty when no item is at fault).
    Only called once validation has failed, so a good run pays nothing for it.
    """
    from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

    found = []
    for option, spec in sorted(argument_spec.items()):
        sub_spec = spec.get("options")
        if spec.get("type") != "list" or spec.get("elements") != "dict" or not sub_spec:
            continue
        raw_items = _raw(raw_params, option, spec)
        if not isinstance(raw_items, list):
            continue
        legal = set(sub_spec)
        for sub in sub_spec.values():
            legal.update(sub.get("aliases") or [])
        validator = ArgumentSpecValidator(sub_spec)
        for index, item in enumerate(raw_items):
            label = _where(option, index, item, sub_spec)
            if not isinstance(item, dict):
                found.append("%s: must be a dictionary, got %s" % (label, _describe(item)))
                continue
            texts = []
            for key in sorted(set(item) - legal, key=str):
                close = difflib.get_close_matches(str(key), sorted(legal), n=1)
                texts.append("unsupported option %r%s" % (key, " (did you mean %r?)" % close[0] if close else ""))
            if not texts:
                result = validator.validate(dict(item))
                texts = [with_value(str(e), item, sub_spec) for e in result.errors.errors
                         if type(e).__name__ != "UnsupportedError"]
            if texts:
                found.append("%s: %s" % (label, "; ".join(texts)))
            if len(found) > limit:
                break
    return found
