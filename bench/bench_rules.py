"""Rules-only throughput: every default rule over every article, on one core.

    python bench/bench_rules.py [--corpus PATH] [--runs 5] [--top 12] [--spelling]

Spelling (the `spelling` kind, measured by bench_spelling.py) is left out unless --spelling.

Each article is checked as its own Document (as the CLI checks one file), so the figure includes
building the Document (tokens, protected spans) but not reading or decoding files. MB/s counts
megabytes (10^6 bytes) of UTF-8 article text; words/s counts whitespace-separated words.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
from collections import defaultdict

from corpus import MULTISOURCE, articles, corpus_file

from copycheck.document import Document
from copycheck.engine import Linter, load_rules, select_rules


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=MULTISOURCE, help="corpus folder or articles.jsonl.gz")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--top", type=int, default=12, help="rules to show in the breakdown")
    parser.add_argument("--spelling", action="store_true", help="include the spelling rules")
    args = parser.parse_args()
    _pin_to_one_core()

    texts = [text for _id, text in articles(corpus_file(args.corpus))]
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    words = sum(len(t.split()) for t in texts)
    rules, problems = load_rules()
    assert not problems, problems
    linter = Linter([rule for rule in select_rules(rules) if args.spelling or rule.kind != "spelling"])
    print(f"{len(texts)} articles, {megabytes:.2f} MB UTF-8, {words:,} words, "
          f"{len(linter.rules)} default rules")

    timings, findings = [], 0
    for run in range(args.runs):
        seconds, findings = _timed_run(linter, texts)
        timings.append(seconds)
        print(f"  run {run + 1}: {seconds:.2f} s  {megabytes / seconds:.2f} MB/s")
    median = statistics.median(timings)
    print(f"median {median:.2f} s: {megabytes / median:.2f} MB/s, {words / median:,.0f} words/s, "
          f"{findings} findings")
    _breakdown(linter, texts, args.top)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (ru_maxrss): {peak:.0f} MB (includes the corpus held in memory)")


def _pin_to_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def _timed_run(linter: Linter, texts: list[str]) -> tuple[float, int]:
    count = 0
    start = time.process_time()
    for text in texts:
        found, _problems = linter.check(Document(text))
        count += len(found)
    return time.process_time() - start, count


# The Document's analyses that rules share, timed on their own (in this order: each reads the
# ones before it).
_DOCUMENT_ANALYSES = ("token_columns", "word_columns", "bare_words", "protected_spans", "lines",
                      "paragraphs", "sentences")


def _breakdown(linter: Linter, texts: list[str], top: int) -> None:
    """One more pass that times the Document's shared analyses, then all rules at once, then each
    rule again on the same Document: what a rule costs on its own once every shared analysis is
    made. What the whole check costs beyond the rules' own times is the analyses that the rules
    of one kind share (per_document: the words a kind compares, quotations, token views) and the
    engine's work per rule."""
    per_rule: dict[str, float] = defaultdict(float)
    singles = {rule.id: Linter([rule], linter.env) for rule in linter.rules}
    empty = Linter([], linter.env)
    whole = 0.0
    for text in texts:
        doc = Document(text)
        for name in _DOCUMENT_ANALYSES:
            start = time.process_time()
            getattr(doc, name)
            per_rule[f"(document: {name})"] += time.process_time() - start
        start = time.process_time()
        linter.check(doc)
        whole += time.process_time() - start
        start = time.process_time()
        empty.check(doc)  # what a check costs without rules: taken off each rule's time
        overhead = time.process_time() - start
        for rule_id, single in singles.items():
            start = time.process_time()
            single.check(doc)
            per_rule[rule_id] += time.process_time() - start - overhead
    own = sum(seconds for rule_id, seconds in per_rule.items() if rule_id in singles)
    per_rule["(analyses shared within a kind, engine)"] = max(whole - own, 0.0)
    total = sum(per_rule.values())
    print(f"where the time goes (one pass, {total:.2f} s in all; a rule's time is its own, "
          "on a Document whose shared analyses are made):")
    for rule_id, seconds in sorted(per_rule.items(), key=lambda item: -item[1])[:top]:
        print(f"  {seconds:6.2f} s {100 * seconds / total:5.1f} %  {rule_id}")


if __name__ == "__main__":
    main()
