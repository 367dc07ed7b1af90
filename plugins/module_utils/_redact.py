# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Secret redaction: one home for what must never reach a user. Internal; may change in any release."""

from __future__ import annotations

import json
import re
from urllib.parse import quote, quote_plus

REDACTED = "********"


class Redactor(object):
    """Removes secrets, also as servers echo them escaped, from any text that may reach a user."""

    _PATTERNS = [
        # credentials embedded in URLs: scheme://user:pass@host
        (re.compile(r"(?i)([a-z][a-z0-9+.-]*://)([^/@\s:]+):([^/@\s]+)@"), r"\1\2:" + REDACTED + "@"),
        # Authorization / X-Auth-Key style headers shown in exception text
        (re.compile(r"(?i)((?:authorization|x-auth-key|proxy-authorization)['\"]?\s*[:=]\s*['\"]?)([^'\",}\r\n]+)"),
         r"\1" + REDACTED),
        # bearer tokens
        (re.compile(r"(?i)(bearer\s+)[a-z0-9._~+/=-]+"), r"\1" + REDACTED),
        # client_secret=... / password=... in form bodies or query strings
        (re.compile(r"(?i)((?:client_secret|password|access_token|auth_token|secret|pin)=)[^&\s'\"]+"),
         r"\1" + REDACTED),
    ]

    def __init__(self, secrets=()):
        self._secrets = set()
        self._ordered = []
        for secret in secrets:
            self.add(secret)

    def add(self, secret):
        if secret is None:
            return
        secret = str(secret)
        # Very short values (a 1-char PIN) would shred every message; they
        # are still kept out of output by no_log on the option itself.
        if len(secret) >= 3 and secret not in self._secrets:
            self._secrets.update(_escaped_forms(secret))
            # longest first, so a secret containing another is removed whole
            self._ordered = sorted(self._secrets, key=len, reverse=True)

    def __call__(self, text):
        if text is None:
            return text
        text = str(text)
        for secret in self._ordered:
            if secret in text:
                text = text.replace(secret, REDACTED)
        for pattern, repl in self._PATTERNS:
            text = pattern.sub(repl, text)
        return text


def _escaped_forms(secret):
    """``secret`` as it is and as a server may echo it: XML/HTML-, JSON- and URL-escaped."""
    xml_min = secret.replace("&", "&amp;").replace("<", "&lt;")  # all XML requires
    xml_gt = xml_min.replace(">", "&gt;")
    xml_quoted = xml_gt.replace('"', "&quot;")
    forms = {secret, xml_min, xml_gt, xml_quoted, xml_quoted.replace("'", "&apos;"),
             xml_quoted.replace("'", "&#39;"), xml_quoted.replace("'", "&#x27;"),
             quote(secret, safe=""), quote_plus(secret), quote(secret, safe="/:@")}
    as_json = json.dumps(secret)[1:-1]
    forms.update((as_json, as_json.replace("/", "\\/"), json.dumps(secret, ensure_ascii=False)[1:-1]))
    # HTML-safe JSON (Gson, Jackson's escapeNonAscii, Java web frameworks): <>&=' as \\u00XX
    safe = "".join("\\u%04x" % ord(c) if c in "<>&='" else c for c in as_json)
    forms.update((safe, safe.replace("/", "\\/"), safe.replace("\\u", "\\U")))
    forms.update(form.upper() for form in list(forms) if "\\u" in form)
    return forms
