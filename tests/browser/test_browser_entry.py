"""checker.browser.run on CPython: whatever the page sends, an answer and never a traceback.

The same function runs in the browser (tests/browser/test_browser_checker.py); here the
request handling is exercised quickly, without a browser or a network."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.i18n import Messages
from tests.browser.harness import run_on_cpython


def answer(request) -> dict:
    text = request if isinstance(request, str) else json.dumps(request)
    return json.loads(run_on_cpython(text))


@pytest.mark.parametrize("request_json", [
    "", "not json", "null", "[]", "42",
    '{"domain": 3, "doh": ["http://127.0.0.1:9/dns-query"]}',
    '{"domain": "a.example", "doh": "http://127.0.0.1:9/dns-query"}',
    '{"domain": "a.example", "doh": ["http://127.0.0.1:9/dns-query"], "lang": "de"}',
    '{"domain": "a.example", "doh": ["http://127.0.0.1:9/dns-query"], "protocols": ["smtp"]}',
    '{"domain": "a.example", "doh": ["http://127.0.0.1:9/dns-query"], "protocols": []}',
    '{"domain": "a.example", "doh": ["http://127.0.0.1:9/dns-query"], "timeout": 0}',
    '{"domain": "a.example", "doh": ["http://127.0.0.1:9/dns-query"], "timeout": true}',
    '{"domain": "a.example", "doh": ["http://127.0.0.1:9/dns-query"], "selectors": [1]}',
])
def test_malformed_request_is_a_bad_request(request_json):
    data = answer(request_json)
    assert data["error"]["code"] == "bad_request"
    assert data["error"]["message"]
    assert "report" not in data


@pytest.mark.parametrize("doh, reason, shown", [
    ([], "no_endpoint", ""),
    (["ftp://127.0.0.1/dns-query"], "not_http_url", "ftp://127.0.0.1/dns-query"),
    (["not a url"], "not_http_url", "not a url"),
    (["https://*/dns-query"], "bad_host", "https://*/dns-query"),
    (["https://user:pw@*/"], "bad_host", "https://*/"),
])
def test_unusable_doh_endpoint_is_a_resolver_error_in_the_readers_language(doh, reason, shown):
    data = answer({"domain": "a.example", "doh": doh, "lang": "fr"})
    assert data["error"]["code"] == "resolver"
    # All in French: the reason has words of its own, no English detail from the code.
    assert data["error"]["message"] == Messages("fr").text(f"cli.error.resolver.{reason}", value=shown)


def test_invalid_domain_is_checked_before_anything_is_sent():
    data = answer({"domain": "-bad-.example", "doh": ["http://127.0.0.1:9/dns-query"], "lang": "ja"})
    assert data["error"]["code"] == "domain.bad_character"
    assert data["timing"]["requests"] == 0


_json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                        max_size=3),
                            max_leaves=8)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(["domain", "selectors", "lang", "protocols", "site_root", "timeout", "x"]),
                       _json_values, max_size=6),
       st.sampled_from([None, [], ["ftp://x"], "http://127.0.0.1:9/dns-query", [3]]))
def test_any_request_gets_an_answer_not_a_traceback(request, doh):
    # DoH endpoints here are never usable, so nothing is sent anywhere.
    if doh is not None:
        request["doh"] = doh
    data = answer(request)
    assert set(data) in ({"error", "timing"}, {"report", "view", "timing"})
    if "error" in data:
        assert data["error"]["code"] in ("bad_request", "resolver", "internal") or \
            data["error"]["code"].startswith("domain.")
        assert data["error"]["code"] != "internal", data["error"]["message"]
