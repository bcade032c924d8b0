"""One checked text as LanguageTool's HTTP API v2 answers `/v2/check`, field for field.

Not a `--format` of the command line (LanguageTool's answer describes one text, a run has many
files): the service renders it. Offsets and lengths count UTF-16 code units of the text as the
client sent it (with the markup of annotated text), as LanguageTool's Java server counts them.

The issue type and category of a finding come from copycheck's category, mapped into the issue
types that clients keep: Superdesk shows only misspelling, whitespace, typographical, grammar,
characters, locale-violation and other, so repetition, truncation and consistency go to grammar and
other rather than LanguageTool's duplication, omission and inconsistency, which it would drop.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import copycheck

from ..document import Document
from ..findings import Diagnostic, Finding, Severity
from ..rules import Rule

API_VERSION = 1
CONTEXT_UNITS = 40  # UTF-16 units either side of a match in `context`, LanguageTool's default
ELLIPSIS = "..."
_PLACEHOLDER = re.compile(r"\{\w+\}")


class LanguageToolCategory(NamedTuple):
    issue_type: str  # ITS 2.0 localization quality issue type, as LanguageTool names them
    id: str
    name: str


# copycheck's category → LanguageTool's issueType and category. TYPOS is LanguageTool's spelling
# category: clients turn spelling off by disabling it (language_tool_python's disable_spellchecking).
CATEGORIES: dict[str, LanguageToolCategory] = {
    "spacing": LanguageToolCategory("whitespace", "SPACING", "Spacing"),
    "punctuation": LanguageToolCategory("typographical", "PUNCTUATION", "Punctuation"),
    "typography": LanguageToolCategory("characters", "TYPOGRAPHY", "Typography"),
    "orthography": LanguageToolCategory("misspelling", "ORTHOGRAPHY", "Orthography"),
    "spelling": LanguageToolCategory("misspelling", "TYPOS", "Possible Typo"),
    "repetition": LanguageToolCategory("grammar", "REPETITIONS", "Repetitions"),
    "truncation": LanguageToolCategory("grammar", "TRUNCATION", "Truncated text"),
    "consistency": LanguageToolCategory("other", "CONSISTENCY", "Consistency"),
    "style": LanguageToolCategory("locale-violation", "STYLE", "House style"),
    "grammar": LanguageToolCategory("grammar", "GRAMMAR", "Grammar"),
}
# Kinds whose verdict needs the whole sentence or text (a cut sentence, a repeat, a mixed spelling):
# LanguageTool tells editors that check as the user types to wait for the sentence to end.
_WHOLE_TEXT_KINDS = frozenset({"sentence", "consistency", "repetition"})


@dataclass(frozen=True)
class Language:
    """What the `language` section says: the code asked for and what the text looks like."""

    code: str  # "ar", or the regional code asked for ("ar-MA")
    confidence: float  # share of the text's letters that are Arabic


ARABIC = "Arabic"


def language_name(code: str) -> str:
    region = code.partition("-")[2]
    return f"{ARABIC} ({region.upper()})" if region else ARABIC


def arabic_share(text: str) -> float:
    """Arabic letters among all letters, rounded as LanguageTool's detector reports confidence."""
    letters = [character for character in text if character.isalpha()]
    if not letters:
        return 0.0
    arabic = sum(1 for character in letters if "\u0600" <= character <= "\u06ff"
                 or "\u0750" <= character <= "\u077f" or "\ufb50" <= character <= "\ufeff")
    return round(arabic / len(letters), 3)


def category_ids() -> dict[str, str]:
    """Every name a request may use for a category (LanguageTool's id, copycheck's name), folded
    to upper case → copycheck's category."""
    names = {mapped.id: category for category, mapped in CATEGORIES.items()}
    names.update({category.upper(): category for category in CATEGORIES})
    return names


def render(doc: Document, findings: Sequence[Finding], rules: Mapping[str, Rule], language: Language,
           problems: Sequence[Diagnostic] = (), all_replacements: bool = False) -> dict[str, Any]:
    """The `/v2/check` answer for `doc`. `all_replacements` False offers as `replacements` only the
    safe fixes (what a client may apply without asking: language_tool_python's `correct()` applies
    the first replacement of every match); True offers every candidate, for editors where a person
    picks one."""
    sentences = doc.sentences
    where = _Sentences(doc)
    return {
        "software": {"name": "copycheck", "version": copycheck.__version__, "buildDate": "",
                     "apiVersion": API_VERSION, "premium": False, "status": ""},
        "warnings": _warnings(problems),
        "language": {"name": language_name(language.code), "code": language.code,
                     "detectedLanguage": {"name": ARABIC, "code": "ar",
                                          "confidence": language.confidence, "source": "script"}},
        "matches": [_match(doc, finding, rules[finding.rule], where, all_replacements)
                    for finding in findings],
        "sentenceRanges": [[location.utf16_start, location.utf16_end]
                           for location in (doc.locate(*span) for span in sentences)],
    }


def _warnings(problems: Sequence[Diagnostic]) -> dict[str, Any]:
    if not problems:
        return {"incompleteResults": False}
    return {"incompleteResults": True,
            "incompleteResultsReason": "; ".join(str(problem) for problem in problems)}


def _match(doc: Document, finding: Finding, rule: Rule, where: _Sentences,
           all_replacements: bool) -> dict[str, Any]:
    location = doc.locate(finding.start, finding.end)
    offset, end = location.utf16_start, location.utf16_end
    whole_text = rule.kind in _WHOLE_TEXT_KINDS
    mapped = CATEGORIES[finding.category]
    offered = _replacements(doc, finding, all_replacements)
    withheld = finding.replacements[0] if finding.replacements and not offered else None
    return {
        "message": _naming(finding.message_ar, withheld, "هل تقصد «{}»؟"),
        "shortMessage": _naming(finding.message, withheld, "did you mean «{}»?"),
        "replacements": [{"value": value} for value in offered],
        "offset": offset,
        "length": end - offset,
        "context": _context(doc.source, location.start, location.end),
        "sentence": where.around(finding.start),
        "type": {"typeName": _type_name(rule, finding)},
        "rule": {"id": rule.id, "description": summary(rule), "issueType": mapped.issue_type,
                 "category": {"id": mapped.id, "name": mapped.name}},
        "ignoreForIncompleteSentence": whole_text,
        "contextForSureMatch": -1 if whole_text else 0,
    }


def summary(rule: Rule) -> str:
    """The rule's message without its placeholders: what it flags, in a line."""
    return _PLACEHOLDER.sub("…", rule.message)


def _replacements(doc: Document, finding: Finding, all_replacements: bool) -> tuple[str, ...]:
    if doc.copied_source_span(finding.start, finding.end) is None:
        return ()  # the span crosses markup: replacing the characters as sent would break it
    if all_replacements or finding.fixable:
        return finding.replacements
    return ()


def _naming(message: str, suggestion: str | None, question: str) -> str:
    """A message that names the likely word when it is not offered as a replacement (and does
    not name it already)."""
    if not suggestion or f"«{suggestion}»" in message:
        return message
    return f"{message} — {question.format(suggestion)}"


def _type_name(rule: Rule, finding: Finding) -> str:
    if rule.kind == "spelling":
        return "UnknownWord"
    return "Hint" if finding.severity is Severity.INFO else "Other"


def _context(source: str, start: int, end: int) -> dict[str, Any]:
    """CONTEXT_UNITS UTF-16 units either side, line breaks as spaces, "..." where it is cut: never
    half of a surrogate pair."""
    low, high = _reach_back(source, start), _reach_forward(source, end)
    prefix = ELLIPSIS if low > 0 else ""
    text = prefix + source[low:high].replace("\n", " ").replace("\r", " ") + (
        ELLIPSIS if high < len(source) else "")
    return {"text": text, "offset": len(prefix) + _units(source[low:start]),
            "length": _units(source[start:end])}


def _reach_back(source: str, start: int) -> int:
    low = max(start - CONTEXT_UNITS, 0)
    if _bmp(source[low:start]):  # the common case: one unit a character
        return low
    low, spent = start, 0
    while low > 0 and spent + _width(source[low - 1]) <= CONTEXT_UNITS:
        low -= 1
        spent += _width(source[low])
    return low


def _reach_forward(source: str, end: int) -> int:
    high = min(end + CONTEXT_UNITS, len(source))
    if _bmp(source[end:high]):
        return high
    high, spent = end, 0
    while high < len(source) and spent + _width(source[high]) <= CONTEXT_UNITS:
        spent += _width(source[high])
        high += 1
    return high


def _bmp(text: str) -> bool:
    return not text or max(text) <= "\uffff"


class _Sentences:
    """The sentence (else the line) a finding starts in, found by bisection."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.starts = [span.start for span in doc.sentences]
        self.line_starts = [line.start for line in doc.lines]

    def around(self, start: int) -> str:
        sentences = self.doc.sentences
        index = bisect_right(self.starts, start) - 1
        if index >= 0 and start < max(sentences[index].end, sentences[index].start + 1):
            span = sentences[index]
        else:
            span = self.doc.lines[bisect_right(self.line_starts, start) - 1]
        return self.doc.text[span.start:span.end].strip()


def _width(character: str) -> int:
    return 2 if ord(character) > 0xFFFF else 1


def _units(text: str) -> int:
    return len(text) if _bmp(text) else len(text) + sum(1 for character in text if ord(character) > 0xFFFF)

