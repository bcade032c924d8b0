"""Recall of the إن/أن rules on errors injected into real articles, and their false alarms.

    python bench/recall_particles.py [--corpus NAME_OR_PATH] [--articles 1000] [--seed 1]

In each article drawn, one correct particle after a verb is swapped: an `إن` (إنه، إنها …) within
three tokens after a verb of saying (قال، وقالت، يقول …) becomes `أن`, which grammar.said-inna must
report; an `أن` within three tokens after a past verb of stating (أكد، نفت، أعلن …) becomes `إن`,
which grammar.stated-anna must report. Only words stand between verb and particle (no
punctuation), as in the copy the rules are for. Recall is the share of swaps reported exactly at
the swapped word with the original as first suggestion. False alarms are what the two rules
report on the same articles as written (before the swap), per 1,000 words: the copy is
professional, so most of those are the rule's mistakes (some are real slips of the copy).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from corpus import injection_arguments, shuffled_texts

from copycheck.arabic import strip_marks
from copycheck.document import Document
from copycheck.engine import Linter, load_rules, select_rules
from copycheck.wordclasses import inflect, load

RULES = {"said": "grammar.said-inna", "stated": "grammar.stated-anna"}
REACH = 3


@dataclass(frozen=True)
class Swap:
    kind: str  # "said" or "stated"
    start: int
    end: int
    original: str
    written: str


def candidates(doc: Document) -> list[Swap]:
    classes = load()
    verbs = {"said": classes.members("verbs.saying")[0],
             "stated": classes.members("verbs.stating.past")[0]}
    particles = {"said": classes.members("particles.inna")[0],
                 "stated": classes.members("particles.anna")[0]}
    tables = {"said": classes.inflections["hamza-above"], "stated": classes.inflections["hamza-below"]}
    columns = doc.token_columns
    found = []
    for index, text in enumerate(columns.texts):
        bare = strip_marks(text)
        stem = bare[1:] if bare[:1] in ("و", "ف") else bare
        for kind, forms in verbs.items():
            if bare not in forms and stem not in forms:
                continue
            for after in range(index + 1, min(index + 2 + REACH, len(columns))):
                if columns.kinds[after] != "arabic":
                    break
                if strip_marks(columns.texts[after]) in particles[kind]:
                    written = inflect(columns.texts[after], tables[kind])
                    if written:
                        found.append(Swap(kind, columns.starts[after], columns.ends[after],
                                          columns.texts[after], written))
                    break
    return found


def main() -> None:
    args = injection_arguments(__doc__.splitlines()[0])
    rules, problems = load_rules()
    assert not problems, problems
    linter = Linter(select_rules(rules, list(RULES.values())))
    generator = random.Random(args.seed)
    texts = shuffled_texts(args.corpus, generator)
    injected, found, words, alarms = Counter(), Counter(), 0, Counter()
    for text in texts:
        if sum(injected.values()) >= args.articles:
            break
        doc = Document(text)
        swaps = candidates(doc)
        if not swaps:
            continue
        words += len(text.split())
        for finding in linter.check(doc).findings:
            alarms[finding.rule] += 1
        swap = generator.choice(swaps)
        injected[swap.kind] += 1
        changed = text[:swap.start] + swap.written + text[swap.end:]
        hits = linter.check(Document(changed)).findings
        if any((f.rule, f.start, f.end) == (RULES[swap.kind], swap.start, swap.end)
               and f.replacements[:1] == (swap.original,) for f in hits):
            found[swap.kind] += 1
    for kind, rule in RULES.items():
        share = found[kind] / injected[kind] if injected[kind] else float("nan")
        print(f"{rule:22s} injected {injected[kind]:5d}  found {found[kind]:5d}  "
              f"recall {100 * share:5.1f} %  findings on the articles as written: "
              f"{alarms[rule]} ({1000 * alarms[rule] / max(words, 1):.3f} per 1,000 words)")
    print(f"{sum(injected.values())} articles, {words:,} words")


if __name__ == "__main__":
    main()
