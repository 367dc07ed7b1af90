# -*- coding: utf-8 -*-
# Copyright (c) 2026, printops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The module base: argument specs, env fallbacks, and client errors
turned into ``fail_json``. Each client builds itself from a module's
connection options (``PaperCutClient.from_module(module)`` and its
Printix and SavaPage twins, beside the clients).

Internal to the collection; may change in any release.

Each product's connection options are declared once here and documented
once by the matching doc fragment (``plugins/doc_fragments/<product>.py``;
the options every product shares, ``_common``, by ``connection.py``).
Environment variables never start with ``ANSIBLE_``: AWX refuses to inject
those from a credential type.
"""

from __future__ import annotations

import copy
import ipaddress
import re
import traceback
from urllib.parse import urlsplit

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.printops.print_management.plugins.module_utils._http import (
    HAS_REQUESTS,
    ClientError,
)
from ansible_collections.printops.print_management.plugins.module_utils import _validate
from ansible_collections.printops.print_management.plugins.module_utils._errors import may_have_applied


def _common(prefix):
    return dict(
        validate_certs=dict(type="bool", default=True, fallback=(env_fallback, ["%s_VALIDATE_CERTS" % prefix])),
        ca_path=dict(type="path", fallback=(env_fallback, ["%s_CA_PATH" % prefix])),
        timeout=dict(type="int", default=30, fallback=(env_fallback, ["%s_TIMEOUT" % prefix])),
        use_proxy=dict(type="bool", default=True, fallback=(env_fallback, ["%s_USE_PROXY" % prefix])),
    )


CONNECTION_SPECS = {
    "papercut": dict(
        papercut_url=dict(type="str", required=True, fallback=(env_fallback, ["PAPERCUT_URL"])),
        papercut_auth_token=dict(type="str", required=True, no_log=True,
                                 fallback=(env_fallback, ["PAPERCUT_AUTH_TOKEN"])),
        **_common("PAPERCUT")
    ),
    "printix": dict(
        printix_client_id=dict(type="str", required=True, fallback=(env_fallback, ["PRINTIX_CLIENT_ID"])),
        printix_client_secret=dict(type="str", required=True, no_log=True,
                                   fallback=(env_fallback, ["PRINTIX_CLIENT_SECRET"])),
        printix_tenant_id=dict(type="str", fallback=(env_fallback, ["PRINTIX_TENANT_ID"])),
        printix_api_url=dict(type="str", default="https://api.printix.net/cloudprint",
                             fallback=(env_fallback, ["PRINTIX_API_URL"])),
        printix_token_url=dict(type="str", default="https://auth.printix.net/oauth/token", no_log=False,
                               fallback=(env_fallback, ["PRINTIX_TOKEN_URL"])),
        rate_limit_timeout=dict(type="int", fallback=(env_fallback, ["PRINTIX_RATE_LIMIT_TIMEOUT"])),
        **_common("PRINTIX")
    ),
    "savapage": dict(
        savapage_url=dict(type="str", required=True, fallback=(env_fallback, ["SAVAPAGE_URL"])),
        savapage_username=dict(type="str", fallback=(env_fallback, ["SAVAPAGE_USERNAME"])),
        savapage_password=dict(type="str", no_log=True, fallback=(env_fallback, ["SAVAPAGE_PASSWORD"])),
        savapage_api_key=dict(type="str", no_log=True, fallback=(env_fallback, ["SAVAPAGE_API_KEY"])),
        **_common("SAVAPAGE")
    ),
}

BULK_SPEC = dict(concurrency=dict(type="int", default=8))


def bulk_spec(options, key, bulk_option, defaults):
    """The options of a module with a bulk form: ``options`` for one object, with ``defaults``;
    ``bulk_option``, a list of items taking the same options with ``key`` required and no
    defaults (the top-level values are the items' defaults); and ``concurrency``."""
    spec = copy.deepcopy(options)
    for name, value in defaults.items():
        spec[name]["default"] = value
    item = copy.deepcopy(options)
    item[key]["required"] = True
    spec[bulk_option] = dict(type="list", elements="dict", options=item)
    spec.update(BULK_SPEC)
    return spec


def argument_spec(product, module_spec):
    """Connection options of ``product`` plus the module's own options."""
    spec = copy.deepcopy(CONNECTION_SPECS[product])
    overlap = set(spec) & set(module_spec)
    if overlap:  # a programming error, caught by the unit tests
        raise ValueError("module options shadow connection options: %s" % sorted(overlap))
    spec.update(copy.deepcopy(module_spec))
    return spec


class _Module(AnsibleModule):
    """AnsibleModule that keeps the values as the task gave them (``raw_params``: ``true`` before it
    became 1.0, a card number before it became text), and says which bulk item a validation error is in."""

    raw_params = None
    _ready = False

    def _load_params(self):
        super(_Module, self)._load_params()
        # shallow is enough: Ansible validates a deep copy and replaces the top-level values
        self.raw_params = dict(self.params)

    def fail_json(self, msg, **kwargs):
        if not self._ready and getattr(self, "validation_result", None) is not None:
            located = _validate.locate_item_errors(self.argument_spec, self.raw_params)
            if located:
                msg = "%s. Nothing was changed." % "; ".join(located)
            else:
                msg = _validate.with_value(msg, self.raw_params, self.argument_spec)
        super(_Module, self).fail_json(msg, **kwargs)


def new_module(product, module_spec, **kwargs):
    """Build the AnsibleModule with the product's connection options."""
    kwargs.setdefault("supports_check_mode", True)
    module = _Module(argument_spec=argument_spec(product, module_spec), **kwargs)
    module._ready = True
    if not HAS_REQUESTS:
        # the message says what to install; the ImportError itself would only add a traceback
        module.fail_json(msg=missing_required_lib("requests"))
    check_urls(module, product)
    if module.params.get("timeout") is not None and module.params["timeout"] <= 0:
        module.fail_json(msg="timeout must be a positive number of seconds, got %s" % module.params["timeout"])
    if module.params.get("rate_limit_timeout") is not None and module.params["rate_limit_timeout"] < 0:
        module.fail_json(msg="rate_limit_timeout must be zero or a positive number of seconds")
    _validate.refuse(module, {"concurrency": _validate.concurrency})
    return module


# What each product sends with every call, named for the plain-http warning.
_SENT = {"papercut": "papercut_auth_token", "printix": "the Printix client secret and tokens",
         "savapage": "the SavaPage credentials"}


def check_urls(module, product):
    """Refuse URL options that cannot mean what they say, before any of them is used or echoed.

    Credentials written into a URL (``https://user:pass@host``) are never sent (each product
    has its own credential options), and the URL would be echoed with them: they are masked
    in everything the module returns and the task fails saying so. Whitespace around a URL
    is refused naming it (urllib would call it an invalid port). Credentials sent over plain
    http:// to a host other than this one are warned about.
    """
    for name in sorted(CONNECTION_SPECS[product]):
        value = module.params.get(name) if name.endswith("_url") else None
        if not isinstance(value, str) or "://" not in value:
            continue  # not a URL at all: the client says what one looks like
        try:
            parts = urlsplit(value.strip())
            password, username, host = parts.password, parts.username, parts.hostname
        except ValueError:
            continue  # the client says what is wrong with it
        if password is not None or username is not None:
            for secret in (password, username, parts.netloc.rpartition("@")[0]):
                if secret:
                    module.no_log_values.add(secret)
            module.fail_json(msg="%s holds credentials (user:password@ before the host): they are never sent from "
                                 "there and would be shown in logs. Remove them from the URL and give them in the "
                                 "module's credential options (see the %s connection options)." % (name, product))
        if value != value.strip() or re.search(r"\s", value):
            module.fail_json(msg="%s %r has whitespace %s; remove it" % (
                name, value, "at its end" if value.rstrip() != value else "at its start"
                if value.lstrip() != value else "inside"))
        if parts.scheme.lower() == "http" and host and not _loopback(host):
            module.warn("%s is plain http:// to %s: %s and every answer cross the network unencrypted, readable by "
                        "anyone on the way. Use https://." % (name, host, _SENT[product]))


def _loopback(host):
    if host.lower() == "localhost" or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def reconcile(module, client, reconciler, params=None, **options):
    """The end of every resource module's ``main()``: ``reconciler`` (a ``_reconcile.Reconciler``
    class) over the task's options (or ``params``) through ``client``, then exit (see :func:`run`)."""
    engine = reconciler(client, module.params if params is None else params, check_mode=module.check_mode,
                        diff=module._diff, **options)
    run(module, engine.run, client.redact)


def run(module, body, redactor=None):
    """Run ``body()`` and exit; client errors become ``fail_json``.

    ``body`` returns the result dict. Any error text is redacted once more
    on the way out, and no traceback is ever shown for a client error. A
    failure that leaves a write's outcome unknown (a lost answer) returns
    ``changed: true`` and ``uncertain: true``; one after writes were applied
    carries ``changed`` in its details.
    """
    redact = redactor or (lambda text: text)
    failure = None
    try:
        result = body()
    except ClientError as exc:
        details = dict((k, v) for k, v in (exc.details or {}).items() if v is not None)
        failure = dict(details, msg=redact(str(exc)))
        if may_have_applied(exc):
            # a write whose answer was lost: the result must not say nothing changed
            failure.update(changed=True, uncertain=True)
    except Exception as exc:  # pylint: disable=broad-except
        # a bug of ours: show it, but never with a secret in it
        failure = dict(msg=redact("Unexpected error: %s: %s" % (type(exc).__name__, exc)),
                       exception=redact(traceback.format_exc()))
    if failure is not None:
        # outside the except block: ansible-core before 2.19 would otherwise attach the
        # traceback of the handled ClientError to the result at -vvv
        module.fail_json(invocation=invocation(module), **failure)
    module.exit_json(invocation=invocation(module), **result)


# A list option with more items than this is echoed in part (see invocation()).
ECHO_ITEMS = 20


def invocation(module):
    """The task's arguments as echoed in the result (shown at -vvv), without the noise of bulk forms.

    AnsibleModule echoes ``module.params``, where each item of a list of dicts
    carries every sub-option, unset ones as None: for 5,000 users that is 2.8 MB
    that the module serialises and ansible-playbook parses, copies and hands to
    every callback, seconds of a bulk run spent on an echo nobody reads. Items
    are echoed as given (unset sub-options left out), and a list longer than
    ``ECHO_ITEMS`` as its first three and a count: each item's outcome is in the
    result itself. no_log values are masked as ever: exit_json scrubs the whole
    result, this included.
    """
    args = {}
    for name, value in module.params.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            shown = value if len(value) <= ECHO_ITEMS else value[:3]
            value = [dict((k, v) for k, v in item.items() if v is not None) if isinstance(item, dict) else item
                     for item in shown]
            if len(shown) < len(module.params[name]):
                value.append("... and %d more items (not echoed)" % (len(module.params[name]) - len(shown)))
        args[name] = value
    return {"module_args": args}
