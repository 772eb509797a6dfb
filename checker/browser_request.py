"""What every request from the web worker has in common, read and checked.

Used by checker.browser (a domain check) and checker.reports.browser (reading reports):

    request = parse_request(request_json)           # RequestError("bad_request") if not a JSON object
    msgs = messages(language(request), language(request, "site_default", SITE_DEFAULT_LANGUAGE))
    resolver = doh_resolver(request, msgs, http)    # the "doh" and "timeout" fields
    internal_message(msgs, error)                   # a bug, in words the page can show

A malformed request is a bug in the page, reported as RequestError("bad_request", ...)
in English; what the visitor can fix (an unusable DoH address) is in their language.
"""

from __future__ import annotations

import json
from functools import lru_cache

from .dns import Limits, Resolver
from .dns.errors import ResolverSpecError
from .dns.http import HttpClient
from .i18n import DEFAULT_LANGUAGE, LANGUAGES, SITE_DEFAULT_LANGUAGE, Messages

MAX_ENDPOINTS = 8
DEFAULT_TIMEOUT = 5.0


class RequestError(Exception):
    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message
        super().__init__(f"{code}: {message}")


@lru_cache(maxsize=None)
def messages(lang: str, site_default: str = SITE_DEFAULT_LANGUAGE) -> Messages:
    return Messages(lang, site_default)


def parse_request(request_json: str) -> dict:
    try:
        request = json.loads(request_json)
    except (TypeError, ValueError):
        raise RequestError("bad_request", "the request is not JSON") from None
    if not isinstance(request, dict):
        raise RequestError("bad_request", "the request must be a JSON object")
    return request


def language(request: dict, key: str = "lang", default: str = DEFAULT_LANGUAGE) -> str:
    lang = request.get(key) or default
    if lang not in LANGUAGES:
        raise RequestError("bad_request", f"{key} must be one of {', '.join(LANGUAGES)}")
    return lang


def string(request: dict, key: str) -> str:
    value = request.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RequestError("bad_request", f"{key} must be a string")
    return value


def string_list(request: dict, key: str, limit: int, *, required: bool) -> list[str]:
    value = request.get(key)
    if value is None and not required:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RequestError("bad_request", f"{key} must be a list of strings")
    if len(value) > limit:
        raise RequestError("bad_request", f"{key}: at most {limit}")
    return value


def doh_resolver(request: dict, msgs: Messages, http: HttpClient) -> Resolver:
    urls = string_list(request, "doh", MAX_ENDPOINTS, required=True)
    timeout = request.get("timeout", DEFAULT_TIMEOUT)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0.2 <= timeout <= 30:
        raise RequestError("bad_request", "timeout must be a number of seconds from 0.2 to 30")
    try:
        return Resolver.from_doh(urls, Limits(timeout=float(timeout)), http=http)
    except ResolverSpecError as error:
        raise RequestError("resolver", msgs.text(f"cli.error.resolver.{error.reason}", value=error.value)) from None


def internal_message(msgs: Messages, error: Exception) -> str:
    detail = f"{type(error).__name__}: {error}"
    return msgs.text("ui.error.internal", detail=detail)
