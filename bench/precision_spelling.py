"""Spelling findings per 1,000 words on a news corpus, and a random sample to classify by hand.

Run from the project root:
    python bench/precision_spelling.py [--corpus PATH] [--sample 40] [--seed 7] [--show-top 30]
    python bench/precision_spelling.py --inject 2000 [--seed 7]   # injected errors, suggestion time
    python bench/precision_spelling.py --inject 1000 --in-article  # typos in an article, in context

Runs the two spelling rules (orthography.hamza-variant, spelling.unknown-word) as shipped, without
suggestions, over every article and prints: Arabic words, findings per rule per 1,000 words, the
same with unknown words counted once per article, the most frequent flagged words, and a random
sample of findings with their context (printed only: corpus text is never stored in the repo).

With --inject N it measures instead, on the corpus' own words (drawn by occurrence, so common
words weigh as they do in copy): recall on N injected errors of each class and how often the first
suggestion is the word written before the injection, and the time to compute the suggestions of
every default spelling finding of each article. Orthographic slips are hamza dropped from an
initial alef (after any proclitic), ة→ه, ى→ي, ي→ى; typos are a letter dropped, doubled, added,
replaced or two letters swapped, and a missing space. An injection counts only when it makes a
non-word (Hunspell rejects it, and the frequency list has it less than once in 16 million words,
as real text would have written it otherwise). Found means a default-level finding
(orthography.hamza-variant or spelling.unknown-word). Recall is printed by typo kind and by the
length of the word the typo was made in.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from copycheck.checks import Environment  # noqa: E402
from copycheck.document import Document  # noqa: E402
from copycheck.engine import Linter, load_rules, select_rules  # noqa: E402
from copycheck.lexicon import read_texts  # noqa: E402
from copycheck.speller import Speller, iter_words, normalise_for_lookup  # noqa: E402

CORPORA = ROOT.parent / "shared/corpus"
DEFAULT_CORPUS = CORPORA / "news-ant-multisource-v2.1/articles.jsonl.gz"
RULES = ("orthography.hamza-variant", "spelling.unknown-word")


def spelling_linter(once_per_document: bool | None = None) -> Linter:
    rules, problems = load_rules()
    assert not problems, problems
    chosen = select_rules(rules, RULES)
    if once_per_document is not None:
        chosen = [replace(rule, options=replace(rule.options, once_per_document=once_per_document))
                  if rule.id == "spelling.unknown-word" else rule for rule in chosen]
    return Linter(chosen, Environment(suggestions=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sample", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show-top", type=int, default=30)
    parser.add_argument("--inject", type=int, default=0, help="measure N injected errors per class")
    parser.add_argument("--in-article", action="store_true",
                        help="inject each error into an article and check the whole article")
    args = parser.parse_args()
    if args.inject:
        texts = [t.text for t in read_texts([args.corpus])]
        if args.in_article:
            _injected_in_articles(texts, args.inject, args.seed)
            return
        _injected(texts, args.inject, args.seed)
        _suggestion_times(texts)
        return

    docs = [Document(t.text, f"article-{i}") for i, t in enumerate(read_texts([args.corpus]))]
    words = sum(len(doc.words) for doc in docs)
    print(f"{args.corpus.parent.name}: {len(docs)} articles, {words:,} Arabic words")
    for once in (False, True):
        linter = spelling_linter(once)
        findings = [(doc, f) for doc in docs for f in linter.check(doc)[0]]
        counts = Counter(f.rule for _, f in findings)
        label = "unknown words once per article" if once else "every occurrence"
        rates = ", ".join(f"{rule} {counts[rule] * 1000 / words:.2f}" for rule in RULES)
        print(f"per 1,000 words ({label}): {rates}")
    _show_top(findings, args.show_top)
    _show_sample(findings, args.sample, args.seed)


def _show_top(findings: list, top: int) -> None:
    for rule in RULES:
        words = Counter(doc.text[f.start:f.end] for doc, f in findings if f.rule == rule)
        print(f"\nmost frequent for {rule}: " + "، ".join(f"{w} {n}" for w, n in words.most_common(top)))


def _show_sample(findings: list, size: int, seed: int) -> None:
    print(f"\nrandom sample of {size} findings (seed {seed}):")
    for number, (doc, f) in enumerate(random.Random(seed).sample(findings, min(size, len(findings))), 1):
        variant = f" → {f.replacements[0]}" if f.replacements else ""
        context = doc.context(f.start, f.end, 5)
        print(f"{number:3d}. [{f.rule}] «{doc.text[f.start:f.end]}»{variant} | {context}")


ALPHABET = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"
PROCLITICS = ("", "و", "ب", "ل", "ف", "ال", "وال", "بال", "لل")


def _orthographic_slip(word: str, rng: random.Random) -> str | None:
    options = []
    for prefix in PROCLITICS:
        rest = word[len(prefix):]
        if word.startswith(prefix) and len(rest) > 2 and rest[0] in "أإآ":
            options.append(prefix + "ا" + rest[1:])
    swaps = {"ة": "ه", "ى": "ي", "ي": "ى"}
    if len(word) > 2 and word[-1] in swaps:
        options.append(word[:-1] + swaps[word[-1]])
    return rng.choice(options) if options else None


def _typo(word: str, following: str, rng: random.Random) -> tuple[str, str]:
    """A random typo of `word` and its kind (a kind that cannot be made there is a lost space)."""
    i = rng.randrange(len(word))
    kind = rng.choice(TYPO_KINDS)
    wrong = _edit(word, following, kind, i, rng)
    return (wrong, kind) if wrong else (word + following, "space")


def _length_class(word: str) -> str:
    return f"{len(word)}" if len(word) < 9 else "9+"


def _print_breakdown(label: str, tried: Counter[str], found: Counter[str]) -> None:
    cells = ", ".join(f"{key} {found[key] / tried[key]:.0%} ({tried[key]})"
                      for key in sorted(tried, key=lambda k: (len(k), k)))
    print(f"  {label}: {cells}")


def _injected(texts: list[str], per_class: int, seed: int) -> None:
    rng = random.Random(seed)
    speller = Speller(persistent_cache=False)
    hunspell_only = Speller(persistent_cache=False, use_frequencies=False)
    pairs = [(normalise_for_lookup(a.text), normalise_for_lookup(b.text))
             for text in texts for a, b in pairwise(iter_words(text))]
    pairs = [(a, b) for a, b in pairs if len(a) >= 3 and speller.verdict(a).status == "ok"]
    frequencies = speller._freq()
    assert frequencies is not None
    for label, make in (("orthographic slips", lambda w, f: (_orthographic_slip(w, rng), "")),
                        ("typos", lambda w, f: _typo(w, f, rng))):
        tried = found = first = 0
        misses: Counter[str] = Counter()
        by_kind: tuple[Counter[str], Counter[str]] = (Counter(), Counter())
        by_length: tuple[Counter[str], Counter[str]] = (Counter(), Counter())
        while tried < per_class:
            word, following = rng.choice(pairs)
            wrong, kind = make(word, following)
            if (not wrong or wrong == word or hunspell_only.verdict(wrong).status == "ok"
                    or wrong in frequencies):
                continue
            tried += 1
            status = speller.verdict(wrong).status
            right = (word + " " + following) if wrong == word + following else word
            hit = status in ("orthographic", "unknown")
            for (tried_by, found_by), key in ((by_kind, kind), (by_length, _length_class(word))):
                tried_by[key] += 1
                found_by[key] += hit
            if hit:
                found += 1
                first += speller.suggest(wrong)[:1] == [right]
            else:
                misses[status] += 1
        print(f"{label}: {tried} injected, found {found / tried:.1%}, first suggestion right "
              f"{first / max(found, 1):.1%} of found ({first / tried:.1%} of all); "
              f"not found: {dict(misses)}")
        if kind:
            _print_breakdown("by kind", *by_kind)
        _print_breakdown("by letters of the word", *by_length)


TYPO_KINDS = ("drop", "double", "add", "replace", "swap", "space")


def _typo_of_kind(word: str, following: str, kind: str, rng: random.Random) -> str | None:
    return _edit(word, following, kind, rng.randrange(len(word)), rng)


def _edit(word: str, following: str, kind: str, i: int, rng: random.Random) -> str | None:
    """One typo of `kind` at letter `i`; None where that kind cannot be made there."""
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "add":
        return word[:i] + rng.choice(ALPHABET) + word[i:]
    if kind == "replace":
        return word[:i] + rng.choice(ALPHABET.replace(word[i], "")) + word[i + 1:]
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:] if i + 1 < len(word) else None
    return word + following if following else None


def _injected_in_articles(texts: list[str], per_class: int, seed: int) -> None:
    """In context: pick an article and one occurrence of a dictionary word in it (uniformly, so
    whether the word occurs elsewhere in the article is left to chance), write a typo for it, and
    check the whole article with the default rules. Found: a default finding on the typo's span."""
    rng = random.Random(seed)
    speller = Speller(persistent_cache=False)
    hunspell_only = Speller(persistent_cache=False, use_frequencies=False)
    frequencies = speller._freq()
    assert frequencies is not None
    linter = spelling_linter()
    words_of = [list(iter_words(text)) for text in texts]
    found_by: Counter[str] = Counter()
    tried_by: Counter[str] = Counter()
    by_length: tuple[Counter[str], Counter[str]] = (Counter(), Counter())
    elsewhere = Counter()
    for kind in TYPO_KINDS:
        while tried_by[kind] < per_class:
            index = rng.randrange(len(texts))
            text, words = texts[index], words_of[index]
            if len(words) < 2:
                continue
            position = rng.randrange(len(words) - 1)
            word, after = words[position], words[position + 1]
            key = normalise_for_lookup(word.text)
            if word.text != key or len(key) < 3 or speller.verdict(key).status != "ok":
                continue  # diacritics and the like: the typo would not replace the word as written
            gap_is_space = text[word.end:after.start] == " "
            wrong = _typo_of_kind(key, after.text if gap_is_space else "", kind, rng)
            if (not wrong or wrong == key or hunspell_only.verdict(wrong).status == "ok"
                    or wrong in frequencies):
                continue
            tried_by[kind] += 1
            end = after.end if kind == "space" else word.end
            new_text = text[:word.start] + wrong + text[end:]
            findings, _ = linter.check(Document(new_text, f"article-{index}"))
            span_end = word.start + len(wrong)
            hit = any(f.start < span_end and f.end > word.start for f in findings)
            found_by[kind] += hit
            by_length[0][_length_class(key)] += 1
            by_length[1][_length_class(key)] += hit
            others = sum(normalise_for_lookup(w.text) == key for w in words) > 1
            elsewhere[(others, hit)] += 1
    for kind in TYPO_KINDS:
        print(f"in article, {kind}: {tried_by[kind]} injected, found {found_by[kind] / tried_by[kind]:.1%}")
    total = sum(tried_by.values())
    print(f"in article, all typos: {total} injected, found {sum(found_by.values()) / total:.1%}")
    _print_breakdown("by letters of the word", *by_length)
    for others in (True, False):
        n = elsewhere[(others, True)] + elsewhere[(others, False)]
        label = "the word occurs elsewhere in the article" if others else "it does not"
        print(f"  {label}: {n} injected, found {elsewhere[(others, True)] / max(n, 1):.1%}")


def _suggestion_times(texts: list[str]) -> None:
    """Per article: verdicts first (not timed), then the suggestions of every default finding."""
    import statistics
    import time

    speller = Speller(persistent_cache=False)
    times = []
    for text in texts:
        rejected = [w.text for w in iter_words(text)
                    if speller.verdict(w.text).status in ("orthographic", "unknown")]
        started = time.perf_counter()
        for word in rejected:
            speller.suggest(word)
        times.append(time.perf_counter() - started)
    print(f"suggestions per article ({len(times)} articles, verdicts computed first): median "
          f"{1000 * statistics.median(times):.2f} ms, mean {1000 * statistics.mean(times):.2f} ms, "
          f"max {1000 * max(times):.1f} ms")


if __name__ == "__main__":
    main()
