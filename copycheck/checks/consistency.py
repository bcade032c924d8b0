"""`kind: consistency`: accepted variants that must not be mixed in one text.

Each group lists variants. A variant written as plain text (`أفريقي`) matches at the start of a
word, after any clitic prefix (`والأفريقية`), with tashkeel or tatweel allowed between its letters,
and whatever follows it in the word: one entry covers a whole family. A variant may instead be a
mapping with a `pattern` (a regex; a group named `core` marks the part that differs) and an
optional `form` to write instead. The form used most often in the text wins (a tie goes to the one
used first); every other occurrence is reported on its whole token, with the winning form put in
place of the differing part so that clitics and suffixes stay as written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from ..arabic import MARKS, TATWEEL
from ..document import Document, Token
from ..findings import Hit
from .substitution import CLITIC_PREFIXES

if TYPE_CHECKING:
    from . import Environment

KIND = "consistency"
_WORD_START = r"(?<![\p{L}\p{M}\u0640])"
_CLITICS = "(?:" + "|".join(CLITIC_PREFIXES) + ")?"


@dataclass(frozen=True)
class Options:
    groups: Sequence[Sequence[str | Mapping[str, str]]]


@dataclass(frozen=True)
class _Variant:
    pattern: regex.Pattern[str]
    form: str | None


@dataclass(frozen=True)
class _Occurrence:
    variant: int
    start: int  # the differing part
    end: int


def build(options: Options, env: Environment) -> Callable[[Document], Iterator[Hit]]:
    if not options.groups:
        raise ValueError("'groups' must list at least one group of variants")
    groups = [_group(group) for group in options.groups]

    def check(doc: Document) -> Iterator[Hit]:
        for group in groups:
            yield from _minority_hits(doc, group, env.regex_timeout)

    return check


def _group(variants: Sequence[str | Mapping[str, str]]) -> list[_Variant]:
    if len(variants) < 2:
        raise ValueError(f"a consistency group needs two variants or more, not {list(variants)}")
    return [_variant(variant) for variant in variants]


def _variant(variant: str | Mapping[str, str]) -> _Variant:
    if isinstance(variant, str):
        return _Variant(_literal(variant), variant)
    unknown = set(variant) - {"pattern", "form"}
    if unknown or not isinstance(variant.get("pattern"), str):
        raise ValueError(f"a variant is text or a mapping with 'pattern' and optional 'form', "
                         f"not {dict(variant)}")
    try:
        compiled = regex.compile(variant["pattern"], regex.VERSION1)
    except regex.error as error:
        raise ValueError(f"invalid regular expression in a variant: {error}") from None
    return _Variant(compiled, variant.get("form"))


def _literal(form: str) -> regex.Pattern[str]:
    between = f"[{MARKS}{TATWEEL}]*"
    letters = between.join(regex.escape(char) for char in form)
    return regex.compile(f"{_WORD_START}{_CLITICS}(?P<core>{letters})")


def _occurrences(doc: Document, variants: list[_Variant], timeout: float) -> list[_Occurrence]:
    found = []
    for index, variant in enumerate(variants):
        for match in variant.pattern.finditer(doc.text, timeout=timeout):
            group = "core" if "core" in variant.pattern.groupindex else 0
            start, end = match.span(group)
            if not doc.is_protected(start, end):
                found.append(_Occurrence(index, start, end))
    return sorted(found, key=lambda o: o.start)


def _minority_hits(doc: Document, variants: list[_Variant], timeout: float) -> Iterator[Hit]:
    found = _occurrences(doc, variants, timeout)
    counts = [sum(o.variant == i for o in found) for i in range(len(variants))]
    if sum(1 for count in counts if count) < 2:
        return
    order = [o.variant for o in found]
    winner = max(range(len(variants)), key=lambda i: (counts[i], -_first_use(order, i)))
    example = next(o for o in found if o.variant == winner)
    majority = _token_text(doc, example)
    form = variants[winner].form
    for occurrence in found:
        if occurrence.variant != winner:
            yield _hit(doc, occurrence, form, majority)


def _first_use(order: list[int], variant: int) -> int:
    return order.index(variant) if variant in order else len(order)


def _enclosing(doc: Document, occurrence: _Occurrence) -> tuple[int, int]:
    """The span of the tokens the differing part lies in (the whole word, or the mark itself)."""
    tokens: list[Token] = doc.tokens_in(occurrence.start, occurrence.end)
    if not tokens:
        return occurrence.start, occurrence.end
    return min(tokens[0].start, occurrence.start), max(tokens[-1].end, occurrence.end)


def _token_text(doc: Document, occurrence: _Occurrence) -> str:
    start, end = _enclosing(doc, occurrence)
    return doc.text[start:end]


def _hit(doc: Document, occurrence: _Occurrence, form: str | None, majority: str) -> Hit:
    start, end = _enclosing(doc, occurrence)
    args = {"match": doc.text[start:end], "majority": majority}
    if form is None:
        return Hit(start, end, (), args)
    text = doc.text
    replacement = text[start:occurrence.start] + form + text[occurrence.end:end]
    return Hit(start, end, (replacement,), args)
