"""Findings per 1,000 words of the issue-4 rules (repetition, truncation, consistency, dates) on
the ANT corpora, and a random sample of findings to classify by hand.

    python bench/precision_issue4.py                       # rates on both corpora
    python bench/precision_issue4.py --sample 40 --rule truncation.fragment --corpus multisource
    python bench/precision_issue4.py --sample 40 --kind repetition --corpus multisource

The corpora are read from ../shared next to the repository; no corpus text is stored here. Each
article is checked as its title on the first line (a headline) followed by its text.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from copycheck.document import Document
from copycheck.engine import Linter, load_rules
from copycheck.findings import Finding

CORPORA = {
    "multisource": "news-ant-multisource-v2.1",
    "jawharafm": "news-ant-jawharafm-v1.1",
}
PACKS = ("repetition.yaml", "truncation.yaml", "consistency.yaml", "dates.yaml")
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def articles(corpus: str) -> Iterator[dict[str, str]]:
    with gzip.open(SHARED / CORPORA[corpus] / "articles.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def issue4_linter() -> Linter:
    rules, problems = load_rules()
    assert not problems, problems
    return Linter([rule for rule in rules if Path(rule.path).name in PACKS])


def run(corpus: str, linter: Linter) -> tuple[Counter[str], int, float, list[tuple[str, Document, Finding]]]:
    counts: Counter[str] = Counter()
    words, seconds, found = 0, 0.0, []
    for article in articles(corpus):
        doc = Document(f"{article['title']}\n{article['text']}", article["id"])
        words += len(article["text"].split())
        started = time.perf_counter()
        findings, _problems = linter.check(doc)
        seconds += time.perf_counter() - started
        counts.update(finding.rule for finding in findings)
        found.extend((article["id"], doc, finding) for finding in findings)
    return counts, words, seconds, found


def show(article_id: str, doc: Document, finding: Finding) -> str:
    before = " ".join(doc.text[max(0, finding.start - 160):finding.start].split())
    after = " ".join(doc.text[finding.end:finding.end + 100].split())
    span = doc.text[finding.start:finding.end]
    return f"[{finding.rule}] {article_id}\n  …{before} ⟦{span}⟧ {after}…\n  {finding.message}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), action="append")
    parser.add_argument("--sample", type=int, default=0, help="print this many random findings")
    parser.add_argument("--rule", help="sample only this rule (id or prefix)")
    parser.add_argument("--kind", help="sample only the rules of this kind (repetition, sentence, …)")
    parser.add_argument("--seed", type=int, default=4)
    options = parser.parse_args()
    linter = issue4_linter()
    for corpus in options.corpus or sorted(CORPORA, reverse=True):
        counts, words, seconds, found = run(corpus, linter)
        print(f"== {corpus}: {words:,} words, {seconds:.1f} s in the checks")
        for rule in sorted({rule.id for rule in linter.rules}):
            print(f"  {rule:40} {counts[rule]:6}  {1000 * counts[rule] / words:7.3f} per 1,000 words")
        kinds = {rule.id: rule.kind for rule in linter.rules}
        pool = [item for item in found if (not options.rule or item[2].rule.startswith(options.rule))
                and (not options.kind or kinds[item[2].rule] == options.kind)]
        for item in random.Random(options.seed).sample(pool, min(options.sample, len(pool))):
            print(show(*item))


if __name__ == "__main__":
    main()
