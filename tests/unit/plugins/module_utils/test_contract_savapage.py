# Copyright (c) Printops contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Contract: the SavaPage seed's own examples, quoted verbatim, against the client and the simulator.

Every quote below is copied from ../shared/seeds/002_aa8605f629713f4b.txt ("SavaPage: Web Services,
fuller extraction"), section named on each constant; ``test_quotes_are_verbatim_from_the_seed`` fails
when a quote drifts from the seed (it runs wherever the seed is reachable). Each example is then

* replayed against the client's parsers (a scripted transport answers the quoted response), and
* checked against what the simulator answers to the same request, for both readings where they
  differ ("1.6", the seed's, and "1.5", the 1.5.0 server source: see tests/simulators/README.md).

Two examples are annotated, not wire text: the POST /financial/account/balance success response
(a ``# resulting balance`` comment and a missing comma) and the full /reports/accounttrx body
(``#`` comments). ``wire()`` strips the annotations; the tests assert the quote itself is not JSON,
so nobody "fixes" the quote instead.
"""

from __future__ import annotations

import base64
import json
import os
import re
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal

import pytest

from ansible_collections.printops.print_management.plugins.module_utils._http import ClientError, Redactor
from ansible_collections.printops.print_management.plugins.module_utils._savapage import (
    JsonRpcError,
    SavaPageClient,
    SavaPageError,
    UnsupportedByServer,
    parse_version,
)
from ansible_collections.printops.print_management.tests.simulators.savapage import DEFAULT_ADMIN
from ansible_collections.printops.print_management.tests.simulators.fixtures import (
    SAVAPAGE_RELEASES,
    savapage_client,
)

SEED = "002_aa8605f629713f4b.txt"

# C.2.2.1. systemStatus (the seed's blank line between request and response holds one space: \x20)
SYSTEM_STATUS = """# sample request
curl --request POST --header "X-Auth-Key: 7961b5ec-bee4-11e7-8731-406186940c49" \\
     --data '{"jsonrpc":"2.0","id":"reference","method":"systemStatus"}' \\
     https://savapage:8632/jsonrpc/v1
\x20
# sample response
 {
  "jsonrpc" : "2.0",
  "id" : "reference",
  "result" : {
    "data" : {
      "@type" : "enum",
      "value" : "READY"
    }
  }
}"""

# C.2.2.2. authUserSource
AUTH_USER_SOURCE_RESPONSE = """# sample response
{
  "jsonrpc" : "2.0",
  "id" : "reference",
  "result" : {
    "data" : {
      "@type" : "boolean",
      "value" : true
    }
  }
}"""
AUTH_USER_SOURCE_ERROR = """# sample error
{
  "jsonrpc" : "2.0",
  "id" : "reference",
  "result" : false,
  "error" : {
    "code" : -32603,
    "message" : "ldapserver:636 [No route to host (Host unreachable)]",
    "data" : {
      "@type" : "BASIC",
      "reason" : "ldapserver:636"
    }
  }
}"""

# C.2.3.1.1. GET /system/version
VERSION = """curl -k -X GET "https://savapage:8632/restful/v1/system/version"

# sample response
SavaPage 1.2.0-rc (Build 20200121)"""

# C.2.3.2.7. GET /financial/account/balance
GET_BALANCE = """curl -k -u admin:password -X GET \\
     "https://savapage:8632/restful/v1/financial/account/balance?type=USER&name=rijk"

# sample response
{
  "succes" : true,
  "result" : "9.260000"
}

# sample response
{
  "succes" : false,
  "error" : "error message"
}"""

# C.2.3.2.8. POST /financial/account/balance
POST_BALANCE_PARAMETERS = """# Mandatory :
#
# type=USER   : USER | GROUP | SHARED
# name=rijk   : identifying name of account
# amount=2.50 : can be negative, like -2.50
#
# Optional:
#
# details=my%20text : transaction details "my text"
# adjust=true       : 'true' creates a transaction to adjust the balance with amount"""
POST_BALANCE = """curl -k -u admin:password -X POST \\
  "https://savapage:8632/restful/v1/financial/account/balance?type=USER&name=rijk&amount=2.50"

# sample response
{
  "succes" : true
  "result" : "2.50"    # resulting balance
}

# sample response
{
  "succes" : false,
  "error" : "error message"
}"""

# C.2.3.2.9. POST /reports/accounttrx
REPORT_REQUEST = """-d '{"select":{"account_type":"USER","account_name":"rijk"}}' > AccountTrxList.csv"""
REPORT_FULL = """{
  "select" : {
    "account_type" : "USER",  # USER | GROUP | SHARED
    "account_name" : "rijk",  # optional for USER (all users)
                              # mandatory for GROUP | SHARED
    "text" : null,            # (optional) transaction comment snippet
    "trx_type" : "PRINT_OUT", # (optional )
                              # ADJUST | DEPOSIT | GATEWAY | INITIAL |
                              # PDF_OUT | PRINT_IN | PRINT_OUT |
                              # PURCHASE | TRANSFER | VOUCHER
    "date_from" : {           # (optional) Sun Jan 01 00:00:00 CET 2023
      "ccyy" : 2023,
      "mm" : 1,
      "dd" : 1,
      "zzz" : "+01"
    },
    "date_to" : {             # (optional) Thu Jun 01 00:00:00 CEST 2023
      "ccyy" : 2023,
      "mm" : 6,
      "dd" : 1,
      "zzz" : "+02"
    }
  },
  "sort" : {                  # (optional)
    "field" : "TRX_DATE",     # TRX_DATE (default) | TRX_TYPE
    "ascending" : true        # true (default)| false
  },
  "media_type" : "CSV"        # CSV (default) | PDF
}"""

# C.2.3.3.2. GET /financial/balance
USER_BALANCE = """curl -k -u janet:97008e2c-d8b2-11e9-aa13-406186940c49 -X GET \\
     "https://savapage:8632/restful/v1/financial/balance"

# sample response
{
  "succes" : true,
  "result" : "5.350000"
}"""

# C.2.3.3.3. POST /financial/transfer
TRANSFER = """curl -k -u janet:97008e2c-d8b2-11e9-aa13-406186940c49 -X POST \\
     "https://savapage:8632/restful/v1/financial/transfer?name=rijk&amount=15.00"

# sample response
{
  "succes" : true
}"""

QUOTES = [SYSTEM_STATUS, AUTH_USER_SOURCE_RESPONSE, AUTH_USER_SOURCE_ERROR, VERSION, GET_BALANCE,
          POST_BALANCE_PARAMETERS, POST_BALANCE, REPORT_REQUEST, REPORT_FULL, USER_BALANCE, TRANSFER]
BOTH = pytest.mark.parametrize("sp", SAVAPAGE_RELEASES, indirect=True)
JANET_UUID = "97008e2c-d8b2-11e9-aa13-406186940c49"


# -- reading the quotes ------------------------------------------------------------------------
def bodies(quote):
    """The JSON documents of a quote, in order (each starts at a line that is "{" or " {")."""
    out, current = [], None
    for line in quote.splitlines():
        if current is None and line.strip() == "{":
            current = []
        if current is not None:
            current.append(line)
            if line == "}":
                out.append("\n".join(current))
                current = None
    return out


def wire(annotated):
    """An annotated example as the server sends it: ``# ...`` comments removed, the missing comma added."""
    text = re.sub(r"\s+#[^\n]*", "", annotated)
    return re.sub(r'(true|false|"|\d)\n(\s*")', r"\1,\n\2", text)


def curl_query(quote):
    url = re.search(r'"(https://[^"]+)"', quote).group(1)
    return dict(part.split("=", 1) for part in url.partition("?")[2].split("&") if part)


def _seed_text():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.abspath(os.path.join(here, "..", "..", "..", ".."))
    for directory in (os.environ.get("PRINTOPS_SEEDS"), os.path.join(root, "..", "shared", "seeds"),
                      os.path.join(root, "..", "..", "shared", "seeds"), "/work/shared/seeds"):
        if directory and os.path.isfile(os.path.join(directory, SEED)):
            with open(os.path.join(directory, SEED), encoding="utf-8") as handle:
                return handle.read()
    return None


def test_quotes_are_verbatim_from_the_seed():
    text = _seed_text()
    if text is None:
        pytest.skip("seed %s not reachable from this checkout (set PRINTOPS_SEEDS)" % SEED)
    for quote in QUOTES:
        assert quote in text, "drifted from the seed:\n%s" % quote


def test_annotated_examples_are_not_wire_json_but_their_wire_form_is():
    post_ok = bodies(POST_BALANCE)[0]
    with pytest.raises(ValueError):
        json.loads(post_ok)
    assert json.loads(wire(post_ok)) == {"succes": True, "result": "2.50"}
    with pytest.raises(ValueError):
        json.loads(REPORT_FULL)
    assert json.loads(wire(REPORT_FULL))["select"]["date_to"] == {"ccyy": 2023, "mm": 6, "dd": 1, "zzz": "+02"}


# -- a scripted transport for the client's parsers ---------------------------------------------
class _Answer(object):
    def __init__(self, body, status=200, content_type="text/plain"):
        self.status_code = status
        self.content = body.encode("utf-8")
        self.text = body
        self.headers = {"Content-Type": content_type}


class ScriptedHttp(object):
    """Answers each request with the next scripted body; records what the client sent."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.sent = []
        self.redact = Redactor()

    def request(self, method, url, idempotent=None, what=None, **kwargs):
        self.sent.append(dict(kwargs, method=method, url=url))
        return _Answer(self.answers.pop(0))


def sent_query(sent):
    """The query parameters of a recorded request (the client encodes them into the URL itself)."""
    assert not sent.get("params"), "the query goes in the URL, encoded as the seed writes it"
    raw = sent["url"].partition("?")[2]
    return dict((urllib.parse.unquote(k), urllib.parse.unquote(v))
                for k, _s, v in (part.partition("=") for part in raw.split("&") if part))


def scripted(*answers):
    http = ScriptedHttp(*answers)
    return SavaPageClient("https://savapage:8632", DEFAULT_ADMIN[0], DEFAULT_ADMIN[1], "api-key", http=http), http


# -- the simulator's side ----------------------------------------------------------------------
def sim_call(sim, path, method="GET", body=None, auth=DEFAULT_ADMIN, headers=None):
    context = ssl.create_default_context(cafile=sim.ca_path)
    all_headers = {"Accept": "*/*"}
    if auth:
        all_headers["Authorization"] = "Basic " + base64.b64encode(("%s:%s" % auth).encode()).decode()
    all_headers.update(headers or {})
    request = urllib.request.Request(sim.url + path, data=body, method=method, headers=all_headers)
    try:
        with urllib.request.urlopen(request, timeout=5, context=context) as response:
            return response.status, response.headers.get("Content-Type"), response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type"), exc.read().decode("utf-8")


def shape(document):
    """Keys and value types, recursively: what a parser depends on."""
    if isinstance(document, dict):
        return dict((k, shape(v)) for k, v in document.items())
    return type(document).__name__


def balance_text(value):
    """The seed's balance texts: a plain decimal string ("9.260000", "2.50")."""
    return isinstance(value, str) and re.match(r"^-?\d+\.\d+$", value) is not None


# -- JSON-RPC ----------------------------------------------------------------------------------
def test_system_status_request_and_response(sp):
    request = json.loads(re.search(r"--data '([^']+)'", SYSTEM_STATUS).group(1))
    response = bodies(SYSTEM_STATUS)[0]
    client, http = scripted(response)
    assert client.system_status() == "READY"
    sent = json.loads(http.sent[0]["data"].decode("utf-8"))
    assert sorted(sent) == sorted(request) and sent["method"] == request["method"] == "systemStatus"
    assert sent["jsonrpc"] == request["jsonrpc"] and http.sent[0]["headers"]["X-Auth-Key"] == "api-key"
    # the simulator answers the seed's own request in the seed's shape
    status, _ctype, body = sim_call(sp.sim, "/jsonrpc/v1", "POST", json.dumps(request).encode(), auth=None,
                                    headers={"X-Auth-Key": sp.sim.jsonrpc_key})
    assert status == 200 and json.loads(body) == json.loads(response)


def test_auth_user_source_response_and_error(sp):
    client, _http = scripted(bodies(AUTH_USER_SOURCE_RESPONSE)[0])
    assert client.auth_user_source("john", "AzFi7I") is True
    client, _http = scripted(bodies(AUTH_USER_SOURCE_ERROR)[0])
    with pytest.raises(JsonRpcError, match=r"ldapserver:636 \[No route to host \(Host unreachable\)\].*-32603") as info:
        client.auth_user_source("john", "AzFi7I")
    assert info.value.code == -32603 and info.value.reason == "ldapserver:636"
    # the simulator: a success and an error of the seed's shapes
    sp.seed({"user_source": {"john": "AzFi7I"}})
    request = {"jsonrpc": "2.0", "id": "reference", "method": "authUserSource",
               "params": {"username": "john", "password": "AzFi7I"}}
    status, _ctype, body = sim_call(sp.sim, "/jsonrpc/v1", "POST", json.dumps(request).encode(), auth=None,
                                    headers={"X-Auth-Key": sp.sim.jsonrpc_key})
    assert status == 200 and json.loads(body) == json.loads(bodies(AUTH_USER_SOURCE_RESPONSE)[0])
    sp.fault("jsonrpc_error", method="jsonrpc.authUserSource", code=-32603, message="ldapserver:636")
    _status, _ctype, body = sim_call(sp.sim, "/jsonrpc/v1", "POST", json.dumps(request).encode(), auth=None,
                                     headers={"X-Auth-Key": sp.sim.jsonrpc_key})
    assert shape(json.loads(body)["error"]) == shape(json.loads(bodies(AUTH_USER_SOURCE_ERROR)[0])["error"])


# -- RESTful -----------------------------------------------------------------------------------
@BOTH
def test_version_text(sp):
    quoted = VERSION.splitlines()[-1]
    client, _http = scripted(quoted)
    assert client.version() == quoted and parse_version(quoted) == (1, 2, 0)
    # a 1.2 server cannot honour adjust: refused before anything is sent
    client, http = scripted(quoted)
    with pytest.raises(UnsupportedByServer, match=r"SavaPage 1\.2\.0-rc \(Build 20200121\) does not honour adjust"):
        client.adjust_balance("USER", "rijk", 1)
    assert [s["method"] for s in http.sent] == ["GET"]
    status, ctype, body = sim_call(sp.sim, "/restful/v1/system/version", auth=None)
    assert status == 200 and ctype.startswith("text/plain")
    assert re.match(r"^SavaPage \d+\.\d+\.\d+(-\w+)? \(Build \d+\)$", body), "the seed's form: %r" % body
    assert parse_version(body)[:2] == tuple(int(n) for n in sp.sim.release.split("."))


@BOTH
def test_get_account_balance_response_and_failure(sp):
    ok, failure = bodies(GET_BALANCE)
    query = curl_query(GET_BALANCE)
    assert query == {"type": "USER", "name": "rijk"}
    client, http = scripted(ok)
    assert client.get_balance("USER", "rijk") == Decimal("9.26")
    assert sent_query(http.sent[0]) == query and http.sent[0]["method"] == "GET"
    client, _http = scripted(failure)
    with pytest.raises(SavaPageError, match="error message"):
        client.get_balance("USER", "rijk")
    # the simulator, same request: text/plain, the seed's keys, a six-decimal text
    sp.seed({"accounts": [{"type": "USER", "name": "rijk", "balance": 9.26}]})
    status, ctype, body = sim_call(sp.sim, "/restful/v1/financial/account/balance?type=USER&name=rijk")
    assert status == 200 and ctype.startswith("text/plain")
    assert json.loads(body) == json.loads(ok), "seed C.2.3.2.7 answers exactly this for rijk at 9.26"
    _status, _ctype, body = sim_call(sp.sim, "/restful/v1/financial/account/balance?type=USER&name=nobody")
    assert shape(json.loads(body)) == shape(json.loads(failure))


@BOTH
def test_post_account_balance_request_and_responses(sp):
    ok, failure = bodies(POST_BALANCE)
    query = curl_query(POST_BALANCE)
    assert query == {"type": "USER", "name": "rijk", "amount": "2.50"}
    # the client sends the documented mandatory parameters
    client, http = scripted(wire(ok))
    assert client.set_balance("USER", "rijk", query["amount"]) == Decimal("2.50")
    sent = http.sent[0]
    assert sent["method"] == "POST" and sent_query(sent) == query, "the seed's own text, amount=2.50 included"
    client, _http = scripted(failure)
    with pytest.raises(SavaPageError, match="error message"):
        client.set_balance("USER", "rijk", "2.50")
    # a success without result (1.5) is a success: the balance is read back, not "unchanged"
    client, http = scripted('{\n  "succes" : true\n}\n', bodies(GET_BALANCE)[0])
    assert client.set_balance("USER", "rijk", "9.26") == Decimal("9.26")
    assert [s["method"] for s in http.sent] == ["POST", "GET"]

    # the simulator, same request
    sp.seed({"accounts": [{"type": "USER", "name": "rijk", "balance": 9.26}]})
    status, ctype, body = sim_call(sp.sim, "/restful/v1/financial/account/balance?type=USER&name=rijk&amount=2.50",
                                   "POST")
    answer = json.loads(body)
    assert status == 200 and ctype.startswith("text/plain") and answer["succes"] is True
    if sp.sim.release == "1.5":
        assert answer == {"succes": True}, "1.5.0 source: RestResponseDto without result"
    else:
        assert sorted(answer) == sorted(json.loads(wire(ok))) and balance_text(answer["result"])
        assert Decimal(answer["result"]) == Decimal("2.50")
    _status, _ctype, body = sim_call(sp.sim, "/restful/v1/financial/account/balance?type=USER&name=rijk&amount=2.5",
                                     "POST")
    assert shape(json.loads(body)) == shape(json.loads(failure)), "identical amount: succes false with an error"


@BOTH
def test_post_account_balance_optional_parameters(sp):
    """details=my%20text and adjust=true (C.2.3.2.8): sent as documented to a 1.6 server, never to 1.5."""
    documented = dict(re.findall(r"^# (\w+)=(\S+)", POST_BALANCE_PARAMETERS, re.M))
    assert documented == {"type": "USER", "name": "rijk", "amount": "2.50", "details": "my%20text", "adjust": "true"}
    sp.seed({"accounts": [{"type": "USER", "name": "rijk", "balance": 1.0}]})
    client = savapage_client(sp.sim)
    if sp.sim.release == "1.5":
        with pytest.raises(UnsupportedByServer):
            client.adjust_balance("USER", "rijk", "2.50", "my text")
        assert [c for c in sp.calls() if "adjust" in c["args"]] == []
        return
    assert client.adjust_balance("USER", "rijk", "2.50", "my text") == Decimal("3.5")
    args = [c for c in sp.calls() if c["method"] == "balance.adjust"][0]["args"]
    assert args == {"type": "USER", "name": "rijk", "amount": "2.50", "details": "my text", "adjust": "true"}
    assert sp.state()["transactions"][-1]["comment"] == "my text"


def test_account_transaction_report_requests(sp):
    """The seed's minimal request and its full annotated example are both accepted by the simulator."""
    minimal = json.loads(re.search(r"-d '([^']+)'", REPORT_REQUEST).group(1))
    sp.seed({"accounts": [{"type": "USER", "name": "rijk", "balance": 9.26}]})
    status, ctype, body = sim_call(sp.sim, "/restful/v1/reports/accounttrx", "POST", json.dumps(minimal).encode(),
                                   headers={"Content-Type": "application/json"})
    assert status == 200 and ctype.startswith("text/csv") and "rijk" in body
    status, ctype, body = sim_call(sp.sim, "/restful/v1/reports/accounttrx", "POST", wire(REPORT_FULL).encode(),
                                   headers={"Content-Type": "application/json"})
    assert status == 200 and ctype.startswith("text/csv") and not body.startswith("{"), body
    # the client sends the seed's select as it is, with the documented media_type
    client, http = scripted("Date,Account Type,Account,Transaction,Amount,Balance,Comment\r\n")
    client.account_trx_report(minimal["select"])
    assert json.loads(http.sent[0]["data"].decode("utf-8")) == dict(minimal, media_type="CSV")


def test_user_balance_and_transfer(sp):
    client, http = scripted(bodies(USER_BALANCE)[0])
    assert client.user_balance("janet", JANET_UUID) == Decimal("5.35")
    assert http.sent[0]["headers"]["Authorization"] == "Basic " + base64.b64encode(
        ("janet:" + JANET_UUID).encode()).decode()
    client, http = scripted(bodies(TRANSFER)[0])
    client.transfer("janet", JANET_UUID, "rijk", "15.00")
    assert sent_query(http.sent[0]) == curl_query(TRANSFER), "name=rijk&amount=15.00, two decimals"
    # the simulator
    sp.seed({"accounts": [{"type": "USER", "name": "janet", "balance": 20, "uuid": JANET_UUID},
                          {"type": "USER", "name": "rijk", "balance": 0}]})
    _status, _ctype, body = sim_call(sp.sim, "/restful/v1/financial/balance", auth=("janet", JANET_UUID))
    assert shape(json.loads(body)) == shape(json.loads(bodies(USER_BALANCE)[0]))
    assert balance_text(json.loads(body)["result"])
    _status, _ctype, body = sim_call(sp.sim, "/restful/v1/financial/transfer?name=rijk&amount=15.00", "POST",
                                     auth=("janet", JANET_UUID))
    assert json.loads(body) == json.loads(bodies(TRANSFER)[0])


# -- audit: the seed's encodings, and what the server source says of the transfer amount -----------------------
def test_details_space_is_sent_as_the_seeds_percent_20():
    """C.2.3.2.8: ``details=my%20text : transaction details "my text"``; form encoding (``my+text``) is not it."""
    documented = dict(re.findall(r"^# (\w+)=(\S+)", POST_BALANCE_PARAMETERS, re.M))
    client, http = scripted(wire(bodies(POST_BALANCE)[0]))
    client.set_balance("USER", "rijk", "2.50", details="my text")
    raw = http.sent[0]["url"].partition("?")[2]
    assert "details=" + documented["details"] in raw.split("&") and "+" not in raw


@BOTH
def test_simulator_reads_a_plus_in_the_query_as_a_plus(sp):
    """RFC 3986: a ``+`` in a query is a plus; only the seed's ``%20`` is a space (strict simulator)."""
    sp.seed({"accounts": [{"type": "USER", "name": "a+b", "balance": 1}, {"type": "USER", "name": "a b", "balance": 2}]})
    _status, _ctype, body = sim_call(sp.sim, "/restful/v1/financial/account/balance?type=USER&name=a+b")
    assert json.loads(body)["result"] == "1.000000"
    _status, _ctype, body = sim_call(sp.sim, "/restful/v1/financial/account/balance?type=USER&name=a%20b")
    assert json.loads(body)["result"] == "2.000000"
    client = savapage_client(sp.sim)
    assert client.get_balance("USER", "a b") == Decimal("2") and client.get_balance("USER", "a+b") == Decimal("1")


@pytest.mark.parametrize("amount, sent", [(15, "15.00"), ("2.5", "2.50"), (Decimal("0.10"), "0.10")])
def test_transfer_amount_has_two_decimals(amount, sent):
    """C.2.3.3.3 sends ``amount=15.00``; the server source reads a "Decimal point amount with two decimal
    fraction" (units and cents apart), so ``2.5`` would not be two and a half there."""
    assert curl_query(TRANSFER)["amount"] == "15.00"
    client, http = scripted(bodies(TRANSFER)[0])
    client.transfer("janet", JANET_UUID, "rijk", amount)
    assert sent_query(http.sent[0])["amount"] == sent


def test_transfer_amount_below_a_cent_is_refused_before_sending():
    client, http = scripted(bodies(TRANSFER)[0])
    with pytest.raises(ClientError, match="whole number of cents"):
        client.transfer("janet", JANET_UUID, "rijk", "0.125")
    assert http.sent == []


def test_simulator_refuses_a_transfer_amount_without_two_decimals(sp):
    sp.seed({"accounts": [{"type": "USER", "name": "janet", "balance": 20, "uuid": JANET_UUID},
                          {"type": "USER", "name": "rijk", "balance": 0}]})
    _status, _ctype, body = sim_call(sp.sim, "/restful/v1/financial/transfer?name=rijk&amount=2.5", "POST",
                                     auth=("janet", JANET_UUID))
    assert json.loads(body)["succes"] is False
    assert sp.state()["accounts"]["USER"]["rijk"]["balance"] == 0


def test_simulator_adjusts_only_on_the_seeds_true(sp):
    """C.2.3.2.8: 'true' adjusts, 'false' (default) sets; anything else is not 'true' (set, on a 1.6 server)."""
    assert "'true' creates a transaction to adjust" in POST_BALANCE_PARAMETERS
    sp.seed({"accounts": [{"type": "USER", "name": "rijk", "balance": 1}]})
    sim_call(sp.sim, "/restful/v1/financial/account/balance?type=USER&name=rijk&amount=2.00&adjust=yes", "POST")
    assert sp.state()["accounts"]["USER"]["rijk"]["balance"] == 2.0
    sim_call(sp.sim, "/restful/v1/financial/account/balance?type=USER&name=rijk&amount=2.00&adjust=true", "POST")
    assert sp.state()["accounts"]["USER"]["rijk"]["balance"] == 4.0


def test_the_seeds_own_post_success_sample_is_read_as_it_is_printed():
    """C.2.3.2.8 prints the success without a comma and with a comment; a server answering that text succeeded."""
    quoted = bodies(POST_BALANCE)[0]
    with pytest.raises(ValueError):
        json.loads(quoted)
    client, http = scripted(quoted)
    assert client.set_balance("USER", "rijk", "2.50") == Decimal("2.50")
    assert len(http.sent) == 1, "read from the answer, not asked again"
    client, _http = scripted("not json at all")
    with pytest.raises(ClientError, match="did not answer .* with JSON"):
        client.set_balance("USER", "rijk", "2.50")


def test_every_report_date_carries_its_offset_as_the_seed_writes_it(sp, monkeypatch):
    """Seed C.2.3.2.9 gives every date with "zzz"; without utc_offset the host's offset on that day is sent."""
    from ansible_collections.printops.print_management.plugins.modules import savapage_report

    params = dict(account_type="USER", account_name="rijk", text=None, trx_type=None, date_from="2023-01-01",
                  date_to="2023-06-01", utc_offset=None, sort_field="TRX_DATE", sort_ascending=True)
    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    time.tzset()
    try:
        select, _sort = savapage_report.report_request(params)
        assert select["date_from"] == json.loads(wire(REPORT_FULL))["select"]["date_from"]
        assert select["date_to"] == json.loads(wire(REPORT_FULL))["select"]["date_to"]
        select, _sort = savapage_report.report_request(dict(params, utc_offset="-05"))
        assert select["date_from"]["zzz"] == select["date_to"]["zzz"] == "-05"
        monkeypatch.setenv("TZ", "Asia/Kolkata")  # +05:30: no whole hour, the task must say
        time.tzset()
        with pytest.raises(ClientError, match="utc_offset"):
            savapage_report.report_request(params)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    # the simulator takes the stricter reading: a date without its offset is refused
    full = json.loads(wire(REPORT_FULL))
    del full["select"]["date_from"]["zzz"]
    sp.seed({"accounts": [{"type": "USER", "name": "rijk", "balance": 9.26}]})
    _status, _ctype, body = sim_call(sp.sim, "/restful/v1/reports/accounttrx", "POST", json.dumps(full).encode(),
                                     headers={"Content-Type": "application/json"})
    assert json.loads(body) == {"error": "invalid date."}
