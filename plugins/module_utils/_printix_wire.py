# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What travels between PrintixClient and the Printix Cloud Print API: its errors, its HAL
links and URI templates, and the reading of its response bodies.

Internal to the collection; may change in any release.

The API names every object by a HAL link (seed 003); an id is the last segment of
its ``self`` link, never a template placeholder.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from ansible_collections.printops.print_management.plugins.module_utils._http import ClientError, _body_excerpt
from ansible_collections.printops.print_management.plugins.module_utils._validate import expect


def hal_links(doc, rel):
    """The hrefs of a HAL link relation; an object or an array of objects."""
    links = (doc if isinstance(doc, dict) else {}).get("_links") or {}
    value = links.get(rel) if isinstance(links, dict) else None
    if value is None:
        return []
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        return []
    hrefs = [link["href"].strip() for link in value if isinstance(link, dict) and isinstance(link.get("href"), str)]
    return [href for href in hrefs if href]


def hal_link(doc, rel):
    hrefs = hal_links(doc, rel)
    return hrefs[0] if hrefs else None


def expand(href, **values):
    """Fill a URI template: ``{name}`` by value, ``{&a,b}``/``{?a,b}`` by the values given (or dropped)."""
    def optional(match):
        op, names = match.group(1), match.group(2).split(",")
        pairs = ["%s=%s" % (n, quote(str(values[n]), safe="")) for n in names if values.get(n) is not None]
        if not pairs:
            return ""
        return ("?" if op == "?" else "&") + "&".join(pairs)

    href = re.sub(r"\{([?&])([^}]*)\}", optional, href)
    return re.sub(r"\{(\w+)\}", lambda m: quote(str(values.get(m.group(1), "")), safe=""), href)


def last_segment(href):
    """The last path segment of a link, or None when it is a template variable such as
    ``{group}`` (seed 003, "Create Group Example": an id is never read from a placeholder)."""
    if not href:
        return None
    segment = urlsplit(href).path.rstrip("/").rsplit("/", 1)[-1]
    if not segment or "{" in segment or "}" in segment:
        return None
    return segment


def origin(url):
    """(scheme, host, port) of a URL, the default port filled in; None when it has no host."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        return None
    scheme = (parts.scheme or "").lower()
    if not parts.hostname or scheme not in ("http", "https"):
        return None
    return scheme, parts.hostname.lower(), port or (443 if scheme == "https" else 80)


def card_path(secret_or_id):
    return "cards/%s" % quote(secret_or_id, safe="")


def _where(url):
    """scheme://host:port of a URL, for messages (no path, query or user info)."""
    where = origin(url)
    return "%s://%s:%s" % where if where else repr(url[:80])


def _card(card, what="the answer about a card"):
    card = dict(expect(card, "object", what, "the card"))
    card.setdefault("id", last_segment(hal_link(card, "self")))
    card.setdefault("owner_id", last_segment(hal_link(card, "owner")))
    return card


class PrintixError(ClientError):
    """An error answered by the Printix API (``message``/``errorText``, ``errorId``)."""

    def __init__(self, message, status=None, error_id=None):
        super().__init__(message, status=status, details={"error_id": error_id, "status": status})
        self.error_id = error_id


class AuthenticationError(PrintixError):
    """The client id/secret were refused, or a fresh token was refused too."""


class AreaError(PrintixError):
    """The credentials belong to another API area than the call needs."""


class RateLimitTimeout(PrintixError):
    """The API kept answering 429 beyond ``rate_limit_timeout``."""


class NotFound(PrintixError):
    pass


class Conflict(PrintixError):
    pass


def _json(response):
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {"items": body}


def _is_json(response):
    """True for a JSON body, and for an empty one (which decodes to nothing to read)."""
    if not (response.content or b"").strip():
        return True
    try:
        response.json()
    except ValueError:
        return False
    return True


def _excerpt(response, limit=200):
    return _body_excerpt(response, limit)


def _message(body):
    return body.get("message") or body.get("errorText") or body.get("error_description") or body.get("error")
