"""Precision on real copy: how often each default rule fires, and a sample of findings to read.

    python bench/precision.py                       # findings per 1,000 words, both corpora
    python bench/precision.py --sample 40 --seed 1  # plus 40 random findings (multisource)
    python bench/precision.py --sample 20 --rule spacing.before-punctuation --corpus jawhara
    python bench/precision.py --rules-only          # without the two spelling rules
    python bench/precision.py --suggestions --sample 40   # spelling suggestions in the sample (slow)

The multisource corpus is professionally edited: most of what fires there should be real errors
but rare, and every false alarm found in the sample is a rule to fix. The Jawhara FM corpus is
less polished: the same rules should fire clearly more often. Words are whitespace-separated.
The sample is reproducible: the same seed and rules give the same findings.

Spelling suggestions are off unless asked for, as in bench/precision_spelling.py: Hunspell's
suggestions cost up to a second per article (about 0.25 s on average: roughly 40 minutes for both
corpora, against half a minute without), and the rates do not depend on them (the same counts
with and without on the first 300 articles of each corpus). Without them an unknown word's
replacements print as [].
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from corpus import CORPUS_ROOT, JAWHARA, MULTICOUNTRY, MULTISOURCE, articles, corpus_file

from copycheck.checks import Environment
from copycheck.checks.spelling import KIND as SPELLING
from copycheck.document import Document
from copycheck.engine import Linter, load_rules, select_rules
from copycheck.findings import Finding

CORPORA = {"multisource": MULTISOURCE, "jawhara": JAWHARA, "multicountry": MULTICOUNTRY}


@dataclass
class Run:
    name: str
    words: int
    counts: Counter[str]
    findings: list[tuple[str, Document, Finding]]  # (article id, document, finding)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-root", type=Path, default=CORPUS_ROOT,
                        help="folder holding the corpus folders (default: ../shared/corpus)")
    parser.add_argument("--sample", type=int, default=0, help="print N random findings")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", choices=CORPORA, default="multisource",
                        help="corpus to sample from")
    parser.add_argument("--rule", action="append", default=[],
                        help="sample only these rules or categories")
    parser.add_argument("--extend-select", action="append", default=[],
                        help="also run these opt-in rules")
    parser.add_argument("--level", default="default", help="default, or picky to run those too")
    parser.add_argument("--rules-only", action="store_true",
                        help="leave out the spelling rules (kind spelling)")
    parser.add_argument("--suggestions", action="store_true",
                        help="compute spelling suggestions as `copycheck check` does (slow)")
    args = parser.parse_args()

    linter = make_linter(args.extend_select, args.rules_only, args.suggestions, args.level)
    runs = {name: run_corpus(linter, name, corpus_file(args.corpus_root / folder))
            for name, folder in CORPORA.items()}
    _print_rates(linter, list(runs.values()))
    if args.sample:
        _print_sample(runs[args.corpus], args.sample, args.seed, args.rule)


def make_linter(extend_select: list[str], rules_only: bool, suggestions: bool,
                level: str = "default") -> Linter:
    rules, problems = load_rules()
    assert not problems, problems
    chosen = select_rules(rules, extend_select=extend_select, level=level)
    if rules_only:
        chosen = [rule for rule in chosen if rule.kind != SPELLING]
    return Linter(chosen, Environment(suggestions=suggestions))


def run_corpus(linter: Linter, name: str, path: Path) -> Run:
    run = Run(name, 0, Counter(), [])
    for article_id, text in articles(path):
        doc = Document(text, article_id)
        run.words += len(text.split())
        findings, _problems = linter.check(doc)
        for finding in findings:
            run.counts[finding.rule] += 1
            run.findings.append((article_id, doc, finding))
    return run


def _print_rates(linter: Linter, runs: list[Run]) -> None:
    print("findings per 1,000 words (count)")
    print(f"{'rule':38s}" + "".join(f"{run.name + f' ({run.words:,} w)':>28s}" for run in runs))
    for rule in linter.rules:
        cells = "".join(f"{1000 * run.counts[rule.id] / run.words:19.3f} ({run.counts[rule.id]:5d})"
                        for run in runs)
        print(f"{rule.id:38s}{cells}")
    totals = "".join(f"{1000 * sum(run.counts.values()) / run.words:19.3f} "
                     f"({sum(run.counts.values()):5d})" for run in runs)
    print(f"{'all':38s}{totals}")


def _print_sample(run: Run, size: int, seed: int, selectors: list[str]) -> None:
    pool = [item for item in run.findings
            if not selectors or any(_selected(item[2].rule, s) for s in selectors)]
    sample = sorted(random.Random(seed).sample(pool, min(size, len(pool))),
                    key=lambda item: item[2].rule)
    print(f"\nsample of {len(sample)} of {len(pool)} findings on {run.name} (seed {seed})")
    for number, (article_id, doc, finding) in enumerate(sample, 1):
        print(f"{number:3d}. [{finding.rule}] {article_id} @{finding.start}: "
              f"{doc.text[finding.start:finding.end]!r} -> {list(finding.replacements)}")
        print(f"     {_window(doc.text, finding.start, finding.end)}")


def _window(text: str, start: int, end: int, width: int = 60) -> str:
    """The characters around a span as they are (spaces kept), the span marked ⟦ ⟧."""
    before, after = text[max(0, start - width):start], text[end:end + width]
    return f"{before}⟦{text[start:end]}⟧{after}".replace("\n", "⏎")


def _selected(rule_id: str, selector: str) -> bool:
    return selector in (rule_id, rule_id.split(".")[0]) or rule_id.startswith(selector + ".")


if __name__ == "__main__":
    main()
