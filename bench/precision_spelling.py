"""Spelling findings per 1,000 words on a news corpus, and a random sample to classify by hand.

Run from the project root:
    python bench/precision_spelling.py [--corpus PATH] [--sample 40] [--seed 7] [--show-top 30]

Runs the two spelling rules (orthography.hamza-variant, spelling.unknown-word) as shipped, without
suggestions, over every article and prints: Arabic words, findings per rule per 1,000 words, the
same with unknown words counted once per article, the most frequent flagged words, and a random
sample of findings with their context (printed only: corpus text is never stored in the repo).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from copycheck.checks import Environment  # noqa: E402
from copycheck.document import Document  # noqa: E402
from copycheck.engine import Linter, load_rules, select_rules  # noqa: E402
from copycheck.lexicon import read_texts  # noqa: E402

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
    args = parser.parse_args()

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


if __name__ == "__main__":
    main()
