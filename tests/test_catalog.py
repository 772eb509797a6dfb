"""The message catalogs keep up with the finding codes, in Japanese, French and English.

What a reader sees for a finding is the catalog template of its code, filled
with the finding's parameters. These tests fail when a code has no words in
some language, when a template names a parameter its code does not document
(read from the comment next to each ``define()``), when a code-like value has no
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
from checker.findings import CATALOGUE
from checker.i18n import LANGUAGES, Messages
from checker.locale.compile import compiled

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

# Where codes are declared: every module that calls define().
CODE_SOURCES = sorted(path for path in PACKAGE.rglob("*.py")
                      if path.name != "findings.py" and re.search(r"\bdefine\(", path.read_text(encoding="utf-8")))
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


# -- parameters documented next to each define() ------------------------------------

# A parameter name is followed by ":", ";" or "," (or ends a line), or closes a
# list with "." ("name; record."); in the comments written below a define()
# (plain lists: "domain, term (...)") it may also be followed by "(", elsewhere
# only when it starts a list item ("; effective (policy values)").
_PARAM_NAME = re.compile(r'(?<![\w.=<"\'`-])([a-z][a-z0-9_]*)(?=\s*(?:[:;,]|$))', re.MULTILINE)
_PARAM_NAME_IN_LIST = re.compile(r'(?<![\w.=<"\'`-])([a-z][a-z0-9_]*)(?=\s*(?:[:;,(.]|$))', re.MULTILINE)
_PARAM_NAME_LAST = re.compile(r"(?:^\s*|[;.]\s+)([a-z][a-z0-9_]*)\.(?=\s|$)", re.MULTILINE)
_PARAM_NAME_NOTE = re.compile(r"(?:^\s*|[;,]\s*)([a-z][a-z0-9_]*)\s*\(", re.MULTILINE)  # "; effective (...)"
_BACKTICKED = re.compile(r"``([a-z][a-z0-9_]*)``")
_DOC_LIST_ITEM = re.compile(r"^\s{2}([a-z][a-z0-9_]*)\s{2,}", re.MULTILINE)


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def _strip(lines: list[str]) -> str:
    return "\n".join(line.lstrip()[1:] for line in lines)


@cache
def _documentation() -> dict[str, tuple[str, str, bool]]:
    """code -> (its comment, its module's docstring, whether the comment is below the define()).

    A file whose every define() is directly followed by a comment documents each
    code below it (spf, verdict); the others document it in the comment block
    right above, plus any comment paragraph of the same section that belongs to
    no define (the shared parameters of the DMARC policy findings).
    """
    found = {}
    for path in CODE_SOURCES:
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        module = ast.parse(source)
        docstring = ast.get_docstring(module) or ""
        defines = []
        for node in module.body:
            call = getattr(node, "value", None)
            if (isinstance(node, ast.Assign) and isinstance(call, ast.Call)
                    and getattr(call.func, "id", "") == "define"
                    and call.args and isinstance(call.args[0], ast.Constant)):
                defines.append((call.args[0].value, node.lineno - 1, node.end_lineno))
        below = all(end < len(lines) and _is_comment(lines[end]) for _, _, end in defines)
        for code, start, end in defines:
            if below:
                block = []
                for line in lines[end:]:
                    if not _is_comment(line):
                        break
                    block.append(line)
                found[code] = (_strip(block), docstring, True)
                continue
            found[code] = (_strip(_comment_above(lines, start)), docstring, False)
    return found


def _comment_above(lines: list[str], start: int) -> list[str]:
    """The comment block right above line ``start``, and the paragraph that heads its group.

    Defines written without blank lines between them form a group; a comment
    paragraph standing alone (blank lines around it) right before the group holds
    parameters the group shares (the DMARC policy findings), or a section title.
    """
    own, i = [], start - 1
    while i >= 0 and _is_comment(lines[i]):
        own.insert(0, lines[i])
        i -= 1
    while i >= 0 and lines[i].strip():  # the rest of the group: other defines and their comments
        i -= 1
    while i >= 0 and not lines[i].strip():
        i -= 1
    shared = []
    while i >= 0 and _is_comment(lines[i]):
        shared.insert(0, lines[i])
        i -= 1
    if i >= 0 and lines[i].strip():
        shared = []  # that paragraph is attached to code above it
    return shared + own


def documented_params(code: str) -> set[str]:
    if code not in _documentation():
        return set()
    comment, docstring, below = _documentation()[code]
    names = set((_PARAM_NAME_IN_LIST if below else _PARAM_NAME).findall(comment))
    names |= set(_PARAM_NAME_LAST.findall(comment)) | set(_PARAM_NAME_NOTE.findall(comment))
    # parameters common to a module's codes, named in its docstring
    return names | set(_BACKTICKED.findall(docstring)) | set(_DOC_LIST_ITEM.findall(docstring))


_NEXT_PARAM = re.compile(r"(?:;|\n)\s*[a-z_]+(?:\s*,\s*[a-z_]+)*\s*:")
_QUOTED = re.compile(r'"([a-z][a-z0-9_]*)"')
_WORD = re.compile(r"[a-z][a-z0-9_]*")


def documented_values(code: str, param: str) -> set[str]:
    """The values a comment lists for ``param``: ``"a" | "b"``, ``"a" or "b"``, ``a | b``."""
    comment = _documentation().get(code, ("",))[0]
    values = set()
    start = re.compile(rf'(?<![\w."]){param}\b(?=\s*[:(]|\s*,\s*[a-z_]+\s*:)')
    for match in start.finditer(comment):
        rest = comment[match.end():]
        end = _NEXT_PARAM.search(rest)
        segment = rest[:end.start()] if end else rest
        quoted = _QUOTED.findall(segment)
        if quoted:
            values.update(quoted)
        elif "|" in segment:
            body = re.split(r"[:(]", segment, maxsplit=1)[-1]
            values.update(m.group() for piece in body.split("|") if (m := _WORD.search(piece)))
    return values


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
            if param in documented_params(code):
                pairs |= {(param, value) for value in documented_values(code, param)}
    return pairs


def dummy_params(code: str) -> dict[str, object]:
    """A value for each parameter the messages use, and a documented code value for each code-like one."""
    used = set().union(*(placeholders(catalog(lang).get(code, "")) for lang in LANGUAGES))
    params: dict[str, object] = {}
    for name in used | (documented_params(code) & set(VALUE_PARAMS)):
        values = sorted(documented_values(code, name)) if name in VALUE_PARAMS else []
        params[name] = values[0] if values else "example"
    return params


# -- English left in Japanese or French ---------------------------------------------

STOP_WORDS = frozenset("""
    the and of is are not no to with for this that these record records domain domains found lookup
    lookups an in by be has have was it its or from at if can cannot does do will may must should
    only than when which there mail sender senders receiver receivers server servers key address
    policy report reports missing failed unknown valid invalid error name host
""".split())
PROTOCOL_WORDS = frozenset("""
    mailto https http none quarantine reject enforce testing pass fail softfail neutral permerror
    temperror include redirect exp all ptr exists mx ip4 ip6 rua ruf fo sp np pct psd adkim aspf
    brand personal relaxed strict sha1 sha256 rsa ed25519 email version mode max_age id
""".split())
_PUNCTUATION = ".,;:!?()[]«»\"“”‘’'「」『』()、。"
_JAPANESE = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]+")


def _technical(word: str) -> bool:
    """Record text, tags, numbers, acronyms and protocol keywords are not prose."""
    return bool(re.search(r"[=:/_.@%0-9]", word) or re.fullmatch(r"[A-Z0-9-]{2,}", word)
                or word.lower() in PROTOCOL_WORDS)


def english_runs(text: str) -> list[str]:
    """Runs of two or more common English words left after removing technical tokens."""
    text = re.sub(r"\{[^}]*\}", " | ", text)  # placeholders
    text = _JAPANESE.sub(" | ", text)          # Japanese text separates Latin words
    runs: list[str] = []
    current: list[str] = []
    for token in re.split(r"[\s\u00a0\u202f]+", text):
        word = token.strip(_PUNCTUATION)
        if word and not _technical(word) and re.fullmatch(r"[A-Za-z']+", word) and word.lower() in STOP_WORDS:
            current.append(word)
            continue
        if len(current) >= 2:
            runs.append(" ".join(current))
        current = []
    if len(current) >= 2:
        runs.append(" ".join(current))
    return runs


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


def test_every_code_is_declared_with_a_comment():
    """The message writers' only source: a comment next to each define() call."""
    undocumented = [code for code in CODES if not _documentation().get(code, ("",))[0].strip()]
    assert not undocumented, f"codes without a parameter comment next to define(): {undocumented}"


def test_parameter_parser_reads_each_comment_style():
    """The documented parameters come from the right comment, whatever its style."""
    assert {"domain", "addresses", "name", "type", "record", "null_mx_record"} <= documented_params("mx.no_mx_implicit")
    assert {"domain", "term", "count", "limit"} <= documented_params("spf.too_many_mx")
    assert "nxdomain" not in documented_params("spf.too_many_mx")  # the neighbour's parameter
    assert {"policy_domain", "tag", "requested", "effective", "record", "name"} <= documented_params("dmarc.policy_reject")
    assert {"selector", "bits"} <= documented_params("dkim.rsa_key_ok")
    assert {"policy", "grade"} <= documented_params("verdict.protected")
    assert "grade" not in documented_params("verdict.spoofable_monitoring")
    assert "key" not in documented_params("dkim.ed25519_key_ok")  # "an Ed25519 key (RFC 8463)" is prose
    assert "key" not in documented_params("dkim.ed25519_key_invalid")  # "a 32-byte key." is prose
    assert "requested" in documented_params("dmarc.policy_none")  # the shared paragraph
    assert "requested" not in documented_params("dmarc.alignment")
    assert {"name", "record"} <= documented_params("mtasts.record_discarded")  # "name; record."
    assert "value" in documented_params("mtasts.policy_bad_mode")  # "invalid policy. value."
    assert {"key", "used", "ignored"} <= documented_params("mtasts.policy_duplicate_key")
    assert documented_values("mx.no_address", "status") == {"nxdomain", "nodata"}
    assert documented_values("dmarc.alignment", "adkim") == {"relaxed", "strict"}
    assert "single_label" in documented_values("spf.invalid_domain", "reason")
    assert documented_values("spf.include_target_no_record", "reason") == {"no_record", "invalid_domain"}
    assert "destination_walk" in documented_values("dmarc.lookup_failed", "step")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_are_documented_parameters(lang):
    wrong = {}
    for code in CODES:
        unknown = placeholders(catalog(lang).get(code, "")) - documented_params(code)
        if unknown:
            wrong[code] = sorted(unknown)
    assert not wrong, f"{lang}: placeholders that are not parameters of the code: {wrong}"


@pytest.mark.parametrize("lang", ("ja", "fr"))
def test_translations_name_the_same_values_as_english(lang):
    """Each language shows the reader the same concrete values (counts, names, limits)."""
    different = {code: (sorted(placeholders(catalog("en")[code])), sorted(placeholders(catalog(lang)[code])))
                 for code in CODES if code in catalog(lang) and code in catalog("en")
                 and placeholders(catalog("en")[code]) != placeholders(catalog(lang)[code])}
    assert not different, f"{lang}: placeholders differ from English (en, {lang}): {different}"


def test_value_words_exist_for_every_documented_value():
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
    msgs = Messages(lang)
    problems = {}
    for code in CODES:
        try:
            text = msgs.finding(CATALOGUE[code](**dummy_params(code)))  # the renderer's own path
        except Exception as error:  # noqa: BLE001 - every failure is reported, not only the first
            problems[code] = f"{type(error).__name__}: {error}"
            continue
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
    assert english_runs("The domain has no SPF record.")
    assert english_runs("Aucun enregistrement : the record is not valid.")
    assert english_runs("SPF レコードが見つかりません(lookup failed for this domain)")


def test_english_detector_would_catch_an_untranslated_catalog():
    """Run on the English messages themselves, the detector flags nearly all of them."""
    flagged = [code for code in CODES if english_runs(catalog("en").get(code, ""))]
    assert len(flagged) >= 0.8 * len(CODES)


def test_english_detector_accepts_good_translations():
    assert not english_runs("Le domaine {domain} n’a pas d’enregistrement SPF : publiez v=spf1 -all.")
    assert not english_runs("« {value} » n’est pas une adresse IPv4 ou IPv6")
    assert not english_runs("{domain} に SPF レコードがありません。p=none の DMARC レコードから始めてください。")
    assert not english_runs("mailto: ou https: ; mode enforce, testing ou none")


@pytest.mark.parametrize("lang", ("ja", "fr"))
def test_no_english_left(lang):
    english = {key: runs for key, text in catalog(lang).items() if (runs := english_runs(text))}
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
