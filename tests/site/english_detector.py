"""Heuristic detector of English prose left untranslated in Japanese or French pages.

Input: the text blocks of an article (code, <cite>, and elements marked with another
`lang` already removed by site_html). Before looking for English, each block loses its
URLs, e-mail addresses, domain names, kebab-case identifiers, and the allowed terms,
phrases and proper names of translation_allowlist.yml; each removal breaks a run of words.

- Japanese: a run of 4 or more consecutive Latin-script words (no Japanese character in
  between) that contains an English function word ("the", "and", "of", "is", …).
- French: a window of 8 consecutive words holding 3 or more words that exist only in
  English ("the", "and", "with", "which", …) and more of them than French function words.
  With ``short_texts`` (catalog messages, a few words each), a run of words shorter than
  the window needs only 2 of them.

The same detector checks the message catalogs (tests/test_catalog.py).

A deliberate English quote is marked in Markdown, e.g. `*set and forget*{lang=en}` or a
paragraph ending with `{lang=en}` (attr_list), or kept in <cite>.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

ALLOWLIST_FILE = Path(__file__).with_name("translation_allowlist.yml")

# English function words; any one of them in a run of Latin words inside Japanese text.
ENGLISH_STOPWORDS = frozenset("""
a about after all also an and any are as at be because been before being but by can
could did do does doing for from had has have how if in into is it its may more most
must no not of on once only or other our should so such than that the their them then
there these they this those through to under until was we were what when where which
while who why will with would you your
""".split())

# Words of English that are not also French words, so their presence in French prose
# means English. ("a", "on", "or", "an", "as", "but", "son", "en", "for" are French too.)
ENGLISH_ONLY = frozenset("""
the and with which that this these those is are was were been being have has had of to
from by it its you your we our they their them will would should could can not if
when what how who there here into only also than then because about does did must
may while where why such each every any some
""".split())
FRENCH_FUNCTION_WORDS = frozenset("""
le la les de des du et un une est sont pour par que qui dans sur avec pas ne ce cette
ces il elle ils elles au aux en se son sa ses leur leurs ou mais donc ni car l d qu n
s c j y à être a ont été comme plus si
""".split())

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
# What may sit between two Latin words of one run in Japanese text: ASCII non-letters.
ASCII_GAP = re.compile(r"[\x00-\x40\x5b-\x60\x7b-\x7f]*")
URL = re.compile(r"(?:https?|mailto|ftp)://\S+|www\.\S+|\S+@\S+", re.I)
# ASCII classes on purpose: to Python, Japanese characters are \w too.
DOMAIN = re.compile(r"\b[\w-]+(?:\.[\w-]+)+\.?\b", re.ASCII)
# Lower-case identifiers of three or more parts: draft names, anchors, file names
# ("draft-brand-indicators-for-message-identification", "myth-set-and-forget").
IDENTIFIER = re.compile(r"(?<![\w-])[a-z0-9]+(?:[-_][a-z0-9]+){2,}(?![\w-])", re.ASCII)
BREAK = "\u241e"  # a run of words never crosses a removed term (any non-ASCII, non-word char)


@dataclass(frozen=True)
class Allowlist:
    terms: tuple[str, ...]
    phrases: tuple[str, ...]
    same_titles: frozenset[str]

    @classmethod
    def load(cls, path: Path = ALLOWLIST_FILE) -> "Allowlist":
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return cls(
            terms=tuple(data.get("terms", [])),
            phrases=tuple(data.get("phrases", [])) + tuple(data.get("names", [])),
            same_titles=frozenset(data.get("same_titles", [])),
        )


@dataclass(frozen=True)
class Finding:
    language: str
    snippet: str  # the English words found
    block: str  # the block they were found in

    def __str__(self) -> str:
        block = self.block if len(self.block) <= 160 else self.block[:157] + "…"
        return f"{self.snippet!r} in: {block}"


def _alternation(items, flags=0):
    if not items:
        return None
    ordered = sorted(set(items), key=len, reverse=True)  # longest first
    # Whole words in the ASCII sense: "DNS" is found in "設定されたDNSリゾルバー".
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(i) for i in ordered) + r")(?![\w-])", flags | re.ASCII)


class EnglishDetector:
    def __init__(self, allowlist: Allowlist | None = None, *, short_texts: bool = False) -> None:
        self.allowlist = allowlist or Allowlist.load()
        self.short_texts = short_texts
        self._phrases = _alternation(self.allowlist.phrases, re.I)
        self._terms = _alternation(self.allowlist.terms)

    def clean(self, block: str) -> str:
        """The block without URLs, domains and allowed terms (each replaced by a break)."""
        text = URL.sub(BREAK, block)
        text = DOMAIN.sub(BREAK, text)
        text = IDENTIFIER.sub(BREAK, text)
        if self._phrases:
            text = self._phrases.sub(BREAK, text)
        if self._terms:
            text = self._terms.sub(BREAK, text)
        return text

    def find(self, blocks: list[str] | str, language: str) -> list[Finding]:
        if isinstance(blocks, str):
            blocks = [b for b in blocks.splitlines() if b.strip()]
        if language == "ja":
            check = self._japanese
        elif language == "fr":
            check = self._french
        else:
            raise ValueError(f"no English detector for language {language!r}")
        findings = []
        for block in blocks:
            snippet = next(check(self.clean(block)), None)  # one finding per block is enough
            if snippet is not None:
                findings.append(Finding(language, snippet, block))
        return findings

    # -- Japanese: runs of Latin words ----------------------------------------------
    @staticmethod
    def _latin_runs(text: str):
        run: list[str] = []
        last_end = None
        for match in LATIN_WORD.finditer(text):
            gap = text[last_end:match.start()] if last_end is not None else ""
            if run and not ASCII_GAP.fullmatch(gap):
                yield run
                run = []
            run.append(match.group(0))
            last_end = match.end()
        if run:
            yield run

    def _japanese(self, text: str):
        for run in self._latin_runs(text):
            if len(run) >= 4 and any(w.lower() in ENGLISH_STOPWORDS for w in run):
                yield " ".join(run)

    # -- French: windows of words ---------------------------------------------------
    @staticmethod
    def _word_runs(text: str):
        for segment in text.split(BREAK):
            words = [w.lower().replace("’", "'") for w in WORD.findall(segment)]
            # Split elisions: "l'usurpation" -> "l", "usurpation".
            split = []
            for w in words:
                split.extend(w.split("'"))
            if split:
                yield split

    def _french(self, text: str, window: int = 8):
        for words in self._word_runs(text):
            needed = 2 if self.short_texts and len(words) < window else 3
            for start in range(max(1, len(words) - window + 1)):
                part = words[start:start + window]
                english = sum(w in ENGLISH_ONLY for w in part)
                french = sum(w in FRENCH_FUNCTION_WORDS for w in part)
                if english >= needed and english > french:
                    yield " ".join(part)
                    break
