"""Dump every finding of the default rules on the three corpora, to diff before and after a change.

    python bench/compare_findings.py --out /tmp/before.tsv     # on the old commit
    python bench/compare_findings.py --rules-only --opt-in --out /tmp/before.tsv  # faster, wider
    python bench/compare_findings.py --out /tmp/after.tsv      # on the new one
    diff /tmp/before.tsv /tmp/after.tsv && echo identical

One line per finding: corpus, article id, rule, start, end, replacements, message, Arabic message
(tab-separated, newlines escaped), in the order the linter reports them. The file holds corpus
text (spans' replacements, messages quoting the match): keep it outside the repository.
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

from corpus import JAWHARA, MULTICOUNTRY, MULTISOURCE, articles, corpus_file

from copycheck.document import Document
from copycheck.engine import Linter, load_rules, select_rules
from copycheck.findings import Finding


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="where to write the dump")
    parser.add_argument("--rules-only", action="store_true",
                        help="leave out the spelling kind (slow with suggestions)")
    parser.add_argument("--opt-in", action="store_true", help="also run every opt-in rule")
    parser.add_argument("--level", default="default", help="default, or picky: the picky rules too")
    args = parser.parse_args()
    rules, problems = load_rules()
    assert not problems, problems
    chosen = rules if args.opt_in else select_rules(rules, level=args.level)
    linter = Linter([rule for rule in chosen if not (args.rules_only and rule.kind == "spelling")])
    count = 0
    with args.out.open("w", encoding="utf-8") as out:
        for corpus in (MULTISOURCE, JAWHARA, MULTICOUNTRY):
            for article_id, text in articles(corpus_file(corpus)):
                findings, _problems = linter.check(Document(text, article_id))
                for finding in findings:
                    out.write(_line(corpus, article_id, finding) + "\n")
                    count += 1
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()[:16]
    print(f"{count} findings written to {args.out} (sha256 {digest})")


def _line(corpus: str, article_id: str, finding: Finding) -> str:
    fields = [corpus, article_id, finding.rule, str(finding.start), str(finding.end),
              "|".join(finding.replacements), finding.message, finding.message_ar]
    return "\t".join(field.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
                     for field in fields)


if __name__ == "__main__":
    main()
