# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""URL options are checked before use: credentials refused and masked, whitespace named, plain http warned."""

import pytest

from ansible_collections.printops.print_management.plugins.module_utils._module import (
    CONNECTION_SPECS,
    check_urls,
)


class _Failed(Exception):
    pass


class _FakeModule(object):
    def __init__(self, **params):
        self.params = params
        self.warnings = []
        self.no_log_values = set()

    def warn(self, text):
        self.warnings.append(text)

    def fail_json(self, **result):
        raise _Failed(result["msg"])


@pytest.mark.parametrize("product", sorted(CONNECTION_SPECS))
def test_every_connection_has_use_proxy_on_by_default_with_a_product_env_fallback(product):
    option = CONNECTION_SPECS[product]["use_proxy"]
    assert option["type"] == "bool" and option["default"] is True
    assert option["fallback"][1] == ["%s_USE_PROXY" % product.upper()]


def test_credentials_in_a_url_fail_and_are_masked_in_everything_returned():
    module = _FakeModule(savapage_url="https://admin:Hunter2Pass@savapage.example.edu:8632")
    with pytest.raises(_Failed, match="savapage_url holds credentials") as err:
        check_urls(module, "savapage")
    assert "Hunter2Pass" not in str(err.value)
    assert "Hunter2Pass" in module.no_log_values  # AnsibleModule scrubs these from the echoed invocation


@pytest.mark.parametrize("url, where", [("https://pc.example.edu:9192 ", "at its end"),
                                        (" https://pc.example.edu:9192", "at its start")])
def test_whitespace_around_a_url_is_named(url, where):
    with pytest.raises(_Failed, match="whitespace %s" % where):
        check_urls(_FakeModule(papercut_url=url), "papercut")


@pytest.mark.parametrize("url, warned", [
    ("http://papercut.example.edu:9191", True),
    ("http://10.1.2.3:9191", True),
    ("https://papercut.example.edu:9192", False),
    ("http://127.0.0.1:9191", False),
    ("http://localhost:9191", False),
    ("http://[::1]:9191", False),
])
def test_credentials_over_plain_http_to_another_host_are_warned_about(url, warned):
    module = _FakeModule(papercut_url=url)
    check_urls(module, "papercut")
    assert bool(module.warnings) is warned
    if warned:
        assert "plain http://" in module.warnings[0] and "papercut_auth_token" in module.warnings[0]


def test_printix_default_urls_pass_unwarned():
    module = _FakeModule(printix_api_url="https://api.printix.net/cloudprint",
                         printix_token_url="https://auth.printix.net/oauth/token")
    check_urls(module, "printix")
    assert module.warnings == []
