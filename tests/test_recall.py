"""Recall: inject each error class into correct articles and check that it is found.

The articles in tests/data/clean_articles were written for these tests (short, realistic news
copy, no corpus text). Each injector changes one thing in one article at a position drawn by a
seeded generator, so every run checks the same cases:

- pasted: a run of 3–5 words pasted again right after itself, as a title typed twice
  («قال وزير الخارجية، وزير الخارجية، إن …»);
- cut: a full stop put inside a sentence so that its last 2–6 words stand alone;
- swapped: one word of a spelling family (إفريقي/أفريقي, مسؤول/مسئول, a transliterated name, a
  digit system) rewritten in another accepted spelling;
- ended: the text cut after a word in the middle of a sentence.

An injection counts as found when a rule of its class reports a finding on the changed part of
the text (a swap that leaves two spellings once each may be reported on either); the clean
articles themselves have no finding of these rules, so nothing is found by accident.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import builtin_rules, run_rules

from copycheck.document import Document

ARTICLES = sorted((Path(__file__).parent / "data" / "clean_articles").glob("*.txt"))
PACKS = ("repetition.yaml", "truncation.yaml", "consistency.yaml", "dates.yaml")
PER_ARTICLE = 4  # injections per article and class (the swaps take every occurrence instead)
RECALL = 0.9
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@dataclass(frozen=True)
class Injection:
    text: str
    start: int  # the changed part of the text, in the new text's offsets
    end: int
    # A swap that leaves both spellings once each: the rule may report either of them.
    anywhere: bool = False


def error_class_rules():
    return [rule for rule in builtin_rules() if Path(rule.path).name in PACKS]


def clean_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in ARTICLES]


def body_sentences(doc: Document):
    """Sentences of every paragraph but the headline."""
    return [s for p in doc.paragraphs[1:] for s in doc.sentences_in(*p)]


def joined(doc: Document, words) -> bool:
    """Consecutive Arabic words with only spaces between them (no comma, no number)."""
    return all(w.kind == "arabic" for w in words) and all(
        doc.text[a.end:b.start] == " " for a, b in itertools.pairwise(words))


# -- injectors -----------------------------------------------------------------------------------
def pasted(text: str, rng: random.Random) -> Iterator[Injection]:
    doc = Document(text)
    candidates = []
    for sentence in body_sentences(doc):
        words = doc.words_in(*sentence)
        for size in (3, 4, 5):
            candidates += [words[i:i + size] for i in range(len(words) - size + 1)
                           if joined(doc, words[i:i + size])]
    for run in rng.sample(candidates, PER_ARTICLE):
        phrase = text[run[0].start:run[-1].end]
        copy = rng.choice(["، {}،", " {}", "، السيد {}،", " أي {}"]).format(phrase)
        at = run[-1].end
        yield Injection(text[:at] + copy + text[at:], at, at + len(copy))


def cut(text: str, rng: random.Random) -> Iterator[Injection]:
    doc = Document(text)
    candidates = []
    for sentence in body_sentences(doc):
        words = doc.words_in(*sentence)
        if text[sentence.start:sentence.end].endswith("."):
            candidates += [(sentence, w) for w in words[2:-1] if len(words[words.index(w):]) <= 6]
    for sentence, word in rng.sample(candidates, PER_ARTICLE):
        head = text[:word.start].rstrip().rstrip("،").rstrip()
        new = f"{head}. {text[word.start:]}"
        yield Injection(new, sentence.start, sentence.end + len(new) - len(text))


def swapped(text: str, rng: random.Random) -> Iterator[Injection]:
    """Every occurrence of a family written at least twice, in each other spelling."""
    doc = Document(text)
    for variants in spelling_families():
        found = [(w, v) for w in doc.words for v in variants if spelled_with(w.text, v)]
        if len(found) < 2:
            continue
        for word, variant in found:
            for other in variants:
                if other != variant:
                    new_word = word.text.replace(variant, other, 1)
                    yield replaced(text, word.start, word.end, new_word, len(found) == 2)
    numbers = [t for t in doc.tokens if t.kind == "number"]
    for number in numbers if len(numbers) >= 2 else ():
        new_number = number.text.translate(ARABIC_INDIC)
        yield replaced(text, number.start, number.end, new_number, len(numbers) == 2)


def ended(text: str, rng: random.Random) -> Iterator[Injection]:
    doc = Document(text)
    candidates = [w for s in body_sentences(doc) for w in doc.words_in(*s)[:-1]]
    for word in rng.sample(candidates, PER_ARTICLE):
        new = text[:word.end]
        yield Injection(new, word.start, word.end)


def spelling_families() -> list[list[str]]:
    """The plain-text variant groups of the shipped consistency rules."""
    return [[v for v in group if isinstance(v, str)]
            for rule in error_class_rules() if rule.kind == "consistency"
            for group in rule.options.groups if all(isinstance(v, str) for v in group)]


def spelled_with(word: str, variant: str) -> bool:
    """The word starts with the variant, after at most a clitic or two (و ب ال …)."""
    at = word.find(variant)
    return at >= 0 and at <= 3 and (at == 0 or word[:at] in CLITICS)


CLITICS = {"و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "فال", "لل", "كال", "ول", "وب", "ولل"}


def replaced(text: str, start: int, end: int, new: str, anywhere: bool) -> Injection:
    return Injection(text[:start] + new + text[end:], start, start + len(new), anywhere)


# -- measuring -----------------------------------------------------------------------------------
CLASSES: dict[str, tuple[Callable[[str, random.Random], Iterator[Injection]], tuple[str, ...]]] = {
    "pasted": (pasted, ("repetition.",)),
    "cut": (cut, ("truncation.fragment", "truncation.verbless-sentence", "truncation.dangling-word")),
    "swapped": (swapped, ("consistency.",)),
    "ended": (ended, ("truncation.missing-final-punctuation", "truncation.dangling-word")),
}


# At the default level a verbless run between two stops is reported only with evidence of a cut
# or a paste in the text (truncation.fragment); a tail cut from its sentence rarely repeats other
# words, so most cuts are found at the picky level (truncation.verbless-sentence) only.
DEFAULT_RECALL = {"cut": 0.15, "ended": 0.9}
# A cut whose tail is a subject and its verb or predicate (`… وأن جميع. البيانات تخزن في مراكز
# وطنية.`) leaves a complete nominal sentence, which no fragment rule reports.
PICKY_RECALL = {"cut": 0.85}


def measure(name: str, level: str = "picky") -> tuple[int, list[Injection]]:
    """How many injections of a class were made, and the ones no rule of the class found by the
    rules that run at that level."""
    inject, prefixes = CLASSES[name]
    rules = [rule for rule in error_class_rules() if rule.id.startswith(prefixes)
             and (level == "picky" or rule.level == "default")]
    total, missed = 0, []
    for number, text in enumerate(clean_texts()):
        for injection in inject(text, random.Random(f"{name}-{number}")):
            total += 1
            findings = run_rules(rules, injection.text)
            if not any(injection.anywhere or (f.start < injection.end and injection.start < f.end)
                       for f in findings):
                missed.append(injection)
    return total, missed


def test_there_are_enough_articles():
    assert len(ARTICLES) >= 10


@pytest.mark.parametrize("text", clean_texts(), ids=[path.stem for path in ARTICLES])
def test_the_clean_articles_have_no_findings(text):
    assert [(f.rule, text[f.start:f.end]) for f in run_rules(error_class_rules(), text)] == []


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_recall(name):
    total, missed = measure(name)
    assert total >= 30
    recall = 1 - len(missed) / total
    context = [m.text[max(0, m.start - 40):m.end + 20] for m in missed]
    assert recall >= PICKY_RECALL.get(name, RECALL), (
        f"{name}: {total - len(missed)}/{total} found", context)


@pytest.mark.parametrize("name", sorted(DEFAULT_RECALL))
def test_recall_at_the_default_level(name):
    total, missed = measure(name, level="default")
    recall = 1 - len(missed) / total
    assert recall >= DEFAULT_RECALL[name], f"{name}: {total - len(missed)}/{total} found"
