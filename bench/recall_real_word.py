"""Recall of real-word and orthographic slips injected into real articles, and the false alarms.

    python bench/recall_real_word.py [--corpus NAME_OR_PATH] [--articles 1000] [--seed 1]

In each article drawn, one word is slipped the way hurried copy slips it:
- **ta marbuta as ه**: a word ending in ة (الحكومة) written with ه (الحكومه). Some such forms are
  words too (a pronoun suffix: كتابه), so the count is split by whether Hunspell accepts the
  slipped form (a real-word slip) or not;
- **alef after hamza-tanween**: a word ending in اء (بناء، إجراء) written with the alef of
  tanween after the hamza (بناءا), the form copy often has for بناءً.
Found means a default-level finding (every default rule) that covers the slipped word. False
alarms are the default findings of the spelling rules on the same articles as written, per 1,000
words (professional copy: most of those are the rules' mistakes). Counts only, never text.
"""

from __future__ import annotations

import random
from collections import Counter
from typing import NamedTuple

import regex
from corpus import injection_arguments, shuffled_texts

from copycheck.document import Document
from copycheck.engine import Linter, load_rules, select_rules
from copycheck.speller import Speller

WORD = regex.compile(r"(?<![\p{L}\p{M}])\p{Arabic}+(?![\p{L}\p{M}])")
SPELLING = ("orthography.hamza-variant", "spelling.unknown-word")


class Slip(NamedTuple):
    kind: str
    start: int
    end: int
    written: str


def slips(text: str) -> list[Slip]:
    found = []
    for match in WORD.finditer(text):
        word = match.group()
        if len(word) >= 4 and word.endswith("ة"):
            found.append(Slip("ta-marbuta", match.start(), match.end(), word[:-1] + "ه"))
        elif len(word) >= 4 and word.endswith("اء"):
            found.append(Slip("alef-tanween", match.start(), match.end(), word + "ا"))
    return found


def main() -> None:
    args = injection_arguments(__doc__.splitlines()[0])
    rules, problems = load_rules()
    assert not problems, problems
    linter = Linter(select_rules(rules, []))
    speller = Speller(persistent_cache=False)
    generator = random.Random(args.seed)
    texts = shuffled_texts(args.corpus, generator)
    injected, found, words, alarms = Counter(), Counter(), 0, Counter()
    for text in texts[:args.articles]:
        candidates = slips(text)
        if not candidates:
            continue
        words += len(text.split())
        alarms.update(f.rule for f in linter.check(Document(text)).findings if f.rule in SPELLING)
        for kind in ("ta-marbuta", "alef-tanween"):
            of_kind = [slip for slip in candidates if slip.kind == kind]
            if not of_kind:
                continue
            slip = generator.choice(of_kind)
            label = kind
            if kind == "ta-marbuta":
                label += " (a word too)" if speller.hunspell_accepts(slip.written) else " (a non-word)"
            injected[label] += 1
            changed = text[:slip.start] + slip.written + text[slip.end:]
            end = slip.start + len(slip.written)
            if any(f.start < end and f.end > slip.start
                   for f in linter.check(Document(changed)).findings):
                found[label] += 1
    for label in sorted(injected):
        print(f"{label:28s} injected {injected[label]:5d}  found {found[label]:5d}  "
              f"recall {100 * found[label] / injected[label]:5.1f} %")
    for rule in SPELLING:
        print(f"{rule} on the articles as written: {alarms[rule]} "
              f"({1000 * alarms[rule] / max(words, 1):.2f} per 1,000 words)")
    print(f"{args.articles} articles drawn, {words:,} words")


if __name__ == "__main__":
    main()
