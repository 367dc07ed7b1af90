# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The SavaPage simulator answers like the real server (the shapes the client must cope with)."""

import base64
import json
import ssl
import urllib.error
import urllib.request

import pytest

from ansible_collections.printops.print_management.tests.simulators.savapage import DEFAULT_ADMIN, DEFAULT_JSONRPC_KEY

AUTH = "Basic " + base64.b64encode(("%s:%s" % DEFAULT_ADMIN).encode()).decode()


def call(sim, path, method="GET", headers=None, body=None):
    context = ssl.create_default_context(cafile=sim.ca_path) if sim.ca_path else None
    request = urllib.request.Request(sim.url + path, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5, context=context) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_certificate_is_written_out_and_verifies_as_ca(sp):
    assert sp.sim.url.startswith("https://") and open(sp.sim.ca_path).read().startswith("-----BEGIN CERTIFICATE")
    assert sp.state()["tls"] is True


def test_balance_answer_is_text_plain_json_with_the_misspelt_key(sp):
    sp.seed({"accounts": [{"type": "USER", "name": "rijk", "balance": 9.26}]})
    status, headers, body = call(sp.sim, "/restful/v1/financial/account/balance?type=USER&name=rijk",
                                 headers={"Authorization": AUTH})
    assert status == 200 and headers["Content-Type"] == "text/plain"
    assert json.loads(body) == {"succes": True, "result": "9.260000"}


def test_401_carries_no_challenge(sp):
    status, headers, _body = call(sp.sim, "/restful/v1/financial/account/balance?type=USER&name=rijk")
    assert status == 401 and "WWW-Authenticate" not in headers


def test_accept_without_text_plain_is_406(sp):
    sp.seed({"accounts": [{"type": "USER", "name": "rijk"}]})
    status, _headers, _body = call(sp.sim, "/restful/v1/financial/account/balance?type=USER&name=rijk",
                                   headers={"Authorization": AUTH, "Accept": "application/json"})
    assert status == 406


@pytest.mark.parametrize("query, error", [
    ("type=USER&name=rijk&amount=abc", "amount [abc] is not a valid number."),
    ("type=USER&name=rijk&amount=9.265", "amount identical to current balance."),
    ("type=USER&name=nobody&amount=1", "USER account [nobody] not found."),
    ("type=PERSON&name=rijk&amount=1", "invalid account type [PERSON]"),
])
def test_balance_post_failures_are_succes_false(sp, query, error):
    sp.seed({"accounts": [{"type": "USER", "name": "rijk", "balance": 9.26}]})
    status, _headers, body = call(sp.sim, "/restful/v1/financial/account/balance?" + query, method="POST",
                                  headers={"Authorization": AUTH})
    assert status == 200 and json.loads(body) == {"succes": False, "error": error}
    assert sp.writes() == []


def test_plain_http_json_rpc_answers_secure_connection_required(sp_plain):
    status, _headers, body = call(sp_plain.sim, "/jsonrpc/v1", method="POST",
                                  headers={"X-Auth-Key": DEFAULT_JSONRPC_KEY},
                                  body=b'{"jsonrpc":"2.0","id":"reference","method":"systemStatus"}')
    answer = json.loads(body)
    assert status == 200 and answer["error"]["code"] == -32600
    assert answer["error"]["data"] == {"@type": "BASIC", "reason": "Secure connection required."}


def test_system_status_shape(sp):
    _status, _headers, body = call(sp.sim, "/jsonrpc/v1", method="POST", headers={"X-Auth-Key": DEFAULT_JSONRPC_KEY},
                                   body=b'{"jsonrpc":"2.0","id":"reference","method":"systemStatus"}')
    assert json.loads(body) == {"jsonrpc": "2.0", "id": "reference",
                                "result": {"data": {"@type": "enum", "value": "READY"}}}


def test_disabled_ttp_answers_ex_nil_not_a_fault(sp):
    sp.configure(ttp_enable=False)
    body = (b'<?xml version="1.0"?><methodCall><methodName>onetime-auth.createToken</methodName><params>'
            b'<param><value><string>k</string></value></param><param><value><string>u</string></value></param>'
            b'</params></methodCall>')
    status, _headers, answer = call(sp.sim, "/xmlrpc/v1", method="POST", headers={"Content-Type": "text/xml"},
                                    body=body)
    assert status == 200 and b"<ex:nil/>" in answer and b"fault" not in answer


def test_call_log_marks_writes_and_faults_consume(sp):
    sp.seed({"accounts": [{"type": "USER", "name": "rijk", "balance": 1}]})
    sp.fault("http_status", method="balance.adjust", status=502)
    for _attempt in range(2):
        call(sp.sim, "/restful/v1/financial/account/balance?type=USER&name=rijk&amount=1&adjust=true", method="POST",
             headers={"Authorization": AUTH})
    log = [(c["method"], c["status"], c["write"]) for c in sp.calls()]
    assert log == [("balance.adjust", 502, False), ("balance.adjust", 200, True)]
    assert sp.state()["accounts"]["USER"]["rijk"]["balance"] == 2.0
