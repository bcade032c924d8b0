"""Word classes for token rules: verbs of saying and stating, participles, gendered nouns.

The classes are data (dictionaries/wordclasses.yaml, whose header describes the format). Only base
forms are written there; the inflected forms are derived here, by rule, so that a new verb is one
line. A word is looked up bare (tashkeel stripped): the classes never see tanween.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import regex
import yaml

from .resources import data_path

WORDCLASSES_FILE = "wordclasses.yaml"
_SECTIONS = ("verbs", "participles", "patterns", "words", "inflections")


@dataclass(frozen=True)
class _Pattern:
    name: str
    compiled: regex.Pattern[str]
    excepted: regex.Pattern[str] | None
    exceptions: frozenset[str]

    def matches(self, word: str) -> bool:
        if word in self.exceptions or self.compiled.fullmatch(word) is None:
            return False
        return self.excepted is None or self.excepted.fullmatch(word) is None


@dataclass(frozen=True)
class WordClasses:
    """Listed and derived forms by class, pattern classes, and the inflection tables."""

    forms: Mapping[str, frozenset[str]]  # class → its bare forms
    patterns: tuple[_Pattern, ...] = ()
    inflections: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return sorted({*self.forms, *(p.name for p in self.patterns), *self._parents()})

    def _parents(self) -> set[str]:
        return {name.rsplit(".", 1)[0] for name in (*self.forms, *(p.name for p in self.patterns))
                if name.endswith((".masculine", ".feminine"))}

    def members(self, name: str) -> tuple[frozenset[str], tuple[_Pattern, ...]]:
        """The listed forms and the patterns of class `name` and of its gendered subclasses."""
        names = {name, f"{name}.masculine", f"{name}.feminine"}
        words = frozenset().union(*(self.forms.get(n, frozenset()) for n in names))
        return words, tuple(p for p in self.patterns if p.name in names)


def inflect(word: str, table: tuple[tuple[str, str], ...]) -> str | None:
    """`word` with its ending replaced through `table` (longest ending first); None if none fits."""
    for ending, replacement in table:
        if word.endswith(ending):
            return word[:len(word) - len(ending)] + replacement
    return None


# -- derivation -----------------------------------------------------------------------------------
def feminine_past(past: str) -> str:
    """قال → قالت, نفى → نفت, دعا → دعت: a final ى or ا gives way to the ت."""
    return (past[:-1] if past.endswith(("ى", "ا")) else past) + "ت"


def feminine_present(present: str) -> str:
    """يقول → تقول."""
    return "ت" + present[1:] if present.startswith("ي") else present


def plural_past(past: str) -> str:
    """قال → قالوا, نفى → نفوا."""
    return (past[:-1] if past.endswith(("ى", "ا")) else past) + "وا"


def _verb_forms(name: str, entries: list[str]) -> dict[str, set[str]]:
    """By gender (the singular forms), by tense and gender (`past`, `present`), and the plural
    and dual forms, which belong to the class `verbs.NAME` only."""
    forms: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        past, *present = str(entry).split()
        feminine = feminine_past(past)
        for tense, masculine, female in (("past", [past], [feminine]),
                                         ("present", present, list(map(feminine_present, present)))):
            forms[f"verbs.{name}.{tense}.masculine"].update(masculine)
            forms[f"verbs.{name}.{tense}.feminine"].update(female)
            forms[f"verbs.{name}.masculine"].update(masculine)
            forms[f"verbs.{name}.feminine"].update(female)
        forms[f"verbs.{name}"].update([plural_past(past), past + "ا", feminine + "ا"])
    return forms


def _participle_forms(name: str, stems: list[str]) -> dict[str, set[str]]:
    return {f"participles.{name}.masculine": {f"{stem}ا" for stem in stems},
            f"participles.{name}.feminine": {f"{stem}ة" for stem in stems}}


def _pattern(name: str, spec: Mapping[str, object]) -> _Pattern:
    excepted = spec.get("except-regex")
    return _Pattern(name, regex.compile(str(spec["regex"])),
                    regex.compile(str(excepted)) if excepted else None,
                    frozenset(map(str, spec.get("except", []) or [])))  # type: ignore[call-overload]


def parse(data: Mapping[str, object]) -> WordClasses:
    unknown = set(data) - set(_SECTIONS)
    if unknown:
        raise ValueError(f"unknown section in {WORDCLASSES_FILE}: {', '.join(sorted(unknown))}")
    forms: dict[str, set[str]] = defaultdict(set)
    for name, entries in dict(data.get("verbs") or {}).items():  # type: ignore[call-overload]
        for key, values in _verb_forms(name, entries).items():
            forms[key] |= values
    for name, stems in dict(data.get("participles") or {}).items():  # type: ignore[call-overload]
        for key, values in _participle_forms(name, stems).items():
            forms[key] |= values
    for name, words in dict(data.get("words") or {}).items():  # type: ignore[call-overload]
        forms[name] |= set(map(str, words))
    patterns = tuple(_pattern(name, spec) for name, spec
                     in dict(data.get("patterns") or {}).items())  # type: ignore[call-overload]
    inflections = {name: tuple(sorted(((str(k), str(v)) for k, v in table.items()),
                                      key=lambda pair: -len(pair[0])))
                   for name, table in dict(data.get("inflections") or {}).items()}  # type: ignore[call-overload]
    return WordClasses({k: frozenset(v) for k, v in forms.items()}, patterns, inflections)


@functools.lru_cache(maxsize=4)
def load(path: Path | None = None) -> WordClasses:
    """The shipped word classes (or those of `path`), read once per process."""
    source = path or data_path("dictionaries") / WORDCLASSES_FILE
    with open(source, encoding="utf-8") as stream:
        # libyaml's parser when PyYAML has it: the same data, read about eight times faster.
        return parse(yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {})
