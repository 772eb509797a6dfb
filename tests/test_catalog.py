"""The message catalogs keep up with the finding codes, in Japanese, French and English.

What a reader sees for a finding is the catalog template of its code, filled
with the finding's parameters. These tests fail when a code has no words in
some language, when a template names a parameter its code does not declare
(``define(..., params=...)``) or that a finding may lack (``optional``), when a
declared parameter no language shows is not marked ``not_shown``, when a code-like value has no
words (``value.<param>.<value>``), when English is left in the Japanese or
French catalog, or when the committed ``.mo`` files are older than the ``.po``.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import string
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import checker
from checker.dns import DnsErrorKind
from checker.findings import CATALOGUE, Finding, FindingParamsError
from checker.i18n import LANGUAGES, Messages
from checker.locale.compile import compiled
from tests.site.english_detector import EnglishDetector

PROTOCOLS = ("spf", "dmarc", "dkim", "bimi", "mtasts", "tlsrpt", "mx", "dnssec")
PACKAGE = Path(checker.__file__).parent
ROOT = PACKAGE.parent

# Importing a module registers the codes it defines: every module of every protocol
# package (a code may live outside codes.py), and the verdict.
for _protocol in PROTOCOLS:
    importlib.import_module(f"checker.{_protocol}")
    for _module in pkgutil.iter_modules([str(PACKAGE / _protocol)]):
        importlib.import_module(f"checker.{_protocol}.{_module.name}")
importlib.import_module("checker.verdict")

CODES = sorted(CATALOGUE)

# Parameters whose values are codes that the renderer turns into words.
VALUE_PARAMS = ("error", "kind", "reason", "step", "source", "effect", "domainkey", "status", "adkim", "aspf")


# -- the catalogs -----------------------------------------------------------------

@cache
def catalog(lang: str) -> dict[str, str]:
    """msgid -> msgstr of ``checker.po`` (fuzzy entries count as missing, as in the .mo)."""
    path = PACKAGE / "locale" / lang / "LC_MESSAGES" / "checker.po"
    with path.open("rb") as handle:
        entries = read_po(handle)
    return {m.id: m.string for m in entries if m.id and not m.fuzzy}


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


# -- parameters declared with each define() ---------------------------------------------

def declared_params(code: str) -> set[str]:
    return set(CATALOGUE[code].params)


def shown_params(code: str) -> set[str]:
    """The parameters a message may show: required and not marked ``not_shown``."""
    return {name for name, param in CATALOGUE[code].params.items() if param.shown and not param.optional}


def declared_values(code: str, param: str) -> set[str]:
    """The literal values a parameter's declaration allows (a set, or an Enum's values)."""
    return set(CATALOGUE[code].params[param].literals)


_QUOTED = re.compile(r'"([a-z][a-z0-9_]*)"')


def spf_syntax_reasons() -> set[str]:
    """The reason codes SpfSyntaxError is raised with, read from the SPF sources."""
    reasons = set()
    for path in (PACKAGE / "spf").glob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "SpfSyntaxError(" in line or "fail(" in line or re.search(r"\breason = ", line):
                reasons.update(_QUOTED.findall(line))
    return reasons


@cache
def required_values() -> set[tuple[str, str]]:
    """Every (parameter, value) pair that needs words: value.<param>.<value>."""
    from checker.bimi.uri import URI_REASONS
    from checker.dkim.keys import REASONS as KEY_REASONS

    pairs = {(p, kind.value) for p in ("error", "kind") for kind in DnsErrorKind}
    pairs |= {("reason", r) for r in (*URI_REASONS, *KEY_REASONS, *spf_syntax_reasons())}
    for code in CODES:
        for param in VALUE_PARAMS:
            if param in declared_params(code):
                pairs |= {(param, value) for value in declared_values(code, param)}
    return pairs


def sample_value(code: str, param: str) -> object:
    """A value the declaration accepts: its first literal, else a sample of its first type."""
    spec = CATALOGUE[code].params[param]
    literals = sorted(spec.literals)
    if literals:
        return literals[0]
    first = spec.describe().split(" | ")[0]
    return {"str": "example", "int": 3, "float": 1.5, "bool": True, "None": None}.get(first, ["a", "b"])


def sample_finding(code: str, *, with_optional: bool = True) -> Finding:
    """A finding built directly (not through the code, so the production gate does not count it)."""
    entry = CATALOGUE[code]
    params = {name: sample_value(code, name) for name, param in entry.params.items()
              if with_optional or not param.optional}
    return Finding(code, entry.severity, params)


# -- English left in Japanese or French ---------------------------------------------

# One detector for articles and messages (tests/site/english_detector.py); messages are short.
DETECTOR = EnglishDetector(short_texts=True)


def english_runs(text: str, lang: str) -> list[str]:
    """The English words found in a ``lang`` ("ja" or "fr") message; placeholders are not words."""
    return [finding.snippet for finding in DETECTOR.find([re.sub(r"\{[^}]*\}", " ", text)], lang)]


# -- tests ---------------------------------------------------------------------------

def test_every_protocol_defines_codes():
    for protocol in (*PROTOCOLS, "verdict"):
        assert any(code.startswith(protocol + ".") for code in CODES), protocol


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_code_has_a_message(lang):
    missing = [code for code in CODES if not catalog(lang).get(code, "").strip()]
    assert not missing, f"{lang}: no message for {missing}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_message_for_an_unknown_code(lang):
    """A renamed or removed code leaves no orphan message behind."""
    prefixes = tuple(f"{p}." for p in (*PROTOCOLS, "verdict"))
    orphans = [key for key in catalog(lang) if key.startswith(prefixes) and key not in CATALOGUE]
    assert not orphans, f"{lang}: messages for codes that do not exist: {orphans}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_are_declared_parameters_a_message_may_show(lang):
    """A placeholder names a declared parameter that every finding of the code carries:
    not an undeclared name, not an ``optional`` one (it may be absent), not a ``not_shown`` one."""
    wrong = {}
    for code in CODES:
        bad = placeholders(catalog(lang).get(code, "")) - shown_params(code)
        if bad:
            wrong[code] = sorted(bad)
    assert not wrong, f"{lang}: placeholders that are not shown parameters of the code: {wrong}"


def test_every_shown_parameter_appears_in_some_message():
    """A parameter no language shows must be declared ``not_shown`` (data for the interface or JSON)."""
    unused = {}
    for code in CODES:
        used = set().union(*(placeholders(catalog(lang).get(code, "")) for lang in LANGUAGES))
        shown = {name for name, param in CATALOGUE[code].params.items() if param.shown}
        if shown - used:
            unused[code] = sorted(shown - used)
    assert not unused, f"declared parameters no message shows (mark them not_shown or use them): {unused}"


def test_a_finding_with_undeclared_parameters_is_refused():
    code = CATALOGUE["spf.too_many_mx"]
    good = {"domain": "example.com", "term": "mx", "count": 11, "limit": 10}
    assert code(**good).params == good
    for bad, says in [({**good, "extra": 1}, "unknown parameter 'extra'"),
                      ({k: v for k, v in good.items() if k != "term"}, "missing parameter 'term'"),
                      ({**good, "count": "11"}, "'count' must be int, got '11'"),
                      ({**good, "count": True}, "'count' must be int, got True")]:
        with pytest.raises(FindingParamsError, match=re.escape(says)):
            code(**bad)
    with pytest.raises(FindingParamsError, match="'reason' must be"):
        CATALOGUE["spf.include_target_no_record"](domain="a.example", term="include:b.example",
                                                  target="b.example", reason="gone")
    with pytest.raises(FindingParamsError, match="'kind' must be"):
        CATALOGUE["spf.dns_error"](domain="a.example", name="a.example", rdtype="TXT", kind="oops")


def test_optional_parameters_may_be_absent_and_drafts_are_completed():
    lookups = CATALOGUE["spf.too_many_lookups"]
    assert lookups(domain="a.example", total=11, limit=10).params["total"] == 11
    assert lookups(domain="a.example", total=11, limit=10, term="a").params["term"] == "a"
    testing = CATALOGUE["dkim.testing"]
    with pytest.raises(FindingParamsError, match="missing parameter 'selector'"):
        testing()
    draft = testing.draft(record="v=DKIM1; p=AAAA")
    from checker.findings import complete
    assert complete(draft, selector="s1", name="s1._domainkey.a.example").params["selector"] == "s1"
    with pytest.raises(FindingParamsError, match="missing parameter 'selector'"):
        complete(draft)


@pytest.mark.parametrize("lang", ("ja", "fr"))
def test_translations_name_the_same_values_as_english(lang):
    """Each language shows the reader the same concrete values (counts, names, limits)."""
    different = {code: (sorted(placeholders(catalog("en")[code])), sorted(placeholders(catalog(lang)[code])))
                 for code in CODES if code in catalog(lang) and code in catalog("en")
                 and placeholders(catalog("en")[code]) != placeholders(catalog(lang)[code])}
    assert not different, f"{lang}: placeholders differ from English (en, {lang}): {different}"


def test_value_words_exist_for_every_declared_value():
    missing = {lang: sorted(f"value.{p}.{v}" for p, v in required_values()
                            if not catalog(lang).get(f"value.{p}.{v}", "").strip())
               for lang in LANGUAGES}
    assert not any(missing.values()), f"no words for: {missing}"


def test_value_words_are_the_same_keys_in_every_language():
    keys = {lang: {k for k in catalog(lang) if k.startswith("value.")} for lang in LANGUAGES}
    assert keys["ja"] == keys["fr"] == keys["en"], {
        lang: sorted(keys["en"] ^ keys[lang]) for lang in LANGUAGES}
    assert len(keys["en"]) >= len(required_values())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_formats_with_its_parameters(lang):
    """Each message renders with the parameters every finding of its code carries (optional ones
    absent), and with all of them; nothing is left unfilled. Built as Finding objects directly."""
    msgs = Messages(lang)
    problems = {}
    for code in CODES:
        for finding in (sample_finding(code, with_optional=False), sample_finding(code)):
            try:
                text = msgs.finding(finding)  # the renderer's own path
            except Exception as error:  # noqa: BLE001 - every failure is reported, not only the first
                problems[code] = f"{type(error).__name__}: {error}"
                break
            if text == code:
                problems[code] = "no compiled message"
            elif re.search(r"\{[a-z_]*\}", text):
                problems[code] = f"placeholder left: {text}"
    assert not problems, f"{lang}: {problems}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_value_words_replace_the_codes(lang):
    msgs = Messages(lang)
    text = msgs.text("mx.lookup_failed", name="example.com", type="MX", error="timeout")
    assert catalog(lang)["value.error.timeout"] in text and "timeout" not in text
    text = msgs.text("dmarc.lookup_failed", name="_dmarc.example.com", type="TXT", error="servfail", step="apex")
    assert catalog(lang)["value.step.apex"] in text and catalog(lang)["value.error.servfail"] in text


def test_english_detector_finds_english():
    assert english_runs("The domain has no SPF record.", "fr")
    assert english_runs("The domain has no SPF record.", "ja")
    assert english_runs("Aucun enregistrement : the record is not valid.", "fr")
    assert english_runs("SPF レコードが見つかりません(lookup failed for this domain)", "ja")


@pytest.mark.parametrize("lang", ("ja", "fr"))
def test_english_detector_would_catch_an_untranslated_catalog(lang):
    """Run on the English messages themselves, the detector flags nearly all of them."""
    flagged = [code for code in CODES if english_runs(catalog("en").get(code, ""), lang)]
    assert len(flagged) >= 0.8 * len(CODES)


def test_english_detector_accepts_good_translations():
    assert not english_runs("Le domaine {domain} n’a pas d’enregistrement SPF : publiez v=spf1 -all.", "fr")
    assert not english_runs("« {value} » n’est pas une adresse IPv4 ou IPv6", "fr")
    assert not english_runs("{domain} に SPF レコードがありません。p=none の DMARC レコードから始めてください。", "ja")
    assert not english_runs("mailto: ou https: ; mode enforce, testing ou none", "fr")


@pytest.mark.parametrize("lang", ("ja", "fr"))
def test_no_english_left(lang):
    english = {key: runs for key, text in catalog(lang).items() if (runs := english_runs(text, lang))}
    assert not english, f"{lang}: English words left: {english}"


def test_japanese_messages_are_japanese():
    japanese = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
    technical = {"ui.", "value.error.", "value.kind."}
    not_japanese = [k for k, text in catalog("ja").items()
                    if not japanese.search(text) and not k.startswith(tuple(technical))
                    and k.startswith(tuple(f"{p}." for p in (*PROTOCOLS, "verdict")))]
    assert not not_japanese, not_japanese


def test_french_typography():
    """glossary/fr.md: a no-break space (U+00A0, or U+202F before ; ! ? %) where French
    puts a space before a double punctuation mark and inside « », never an ordinary one."""
    wrong = {key: text for key, text in catalog("fr").items()
             if re.search(r" [:;!?%»]|« ", text) or re.search("«(?!\u00a0)|(?<!\u00a0)»", text)}
    assert not wrong, f"ordinary or missing space where French needs a no-break space: {wrong}"


def test_japanese_typography():
    """glossary/ja.md: full-width （） and ：, no space between Japanese and Latin text."""
    japanese = r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]"
    wrong = {key: text for key, text in catalog("ja").items()
             if re.search(r"[()]", text) or re.search(rf"{japanese} | {japanese}", text)
             or re.search(rf"{japanese}: ", text)}
    assert not wrong, f"Japanese typography: {wrong}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalog_matches_its_po(lang):
    """The committed checker.mo is what compiling checker.po gives, byte for byte.

    (A .po needs a fixed POT-Creation-Date: without one Babel stamps the current
    minute into the .mo, and the compiled file changes on every run.)
    """
    po = PACKAGE / "locale" / lang / "LC_MESSAGES" / "checker.po"
    assert po.with_suffix(".mo").read_bytes() == compiled(po), "run python -m checker.locale.compile"


def test_compile_check_passes():
    result = subprocess.run([sys.executable, "-m", "checker.locale.compile", "--check"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"run python -m checker.locale.compile:\n{result.stdout}{result.stderr}"
