"""The reference the end-to-end benchmark compares copycheck with: a 3-rule Python `re` scan.

    python bench/reference_scan.py FILE [--field text --id-field id]

What a competent engineer would write in an afternoon: three precompiled `re` patterns (a space
before an Arabic comma, a Latin comma after an Arabic letter, a word typed twice), each match
located by line and column (a bisection over the line starts) and printed as one JSON object per
text. FILE is plain text, or with `--field` JSON lines with the text in that field (one object of
output per record). It is the ceiling a pure-Python checker can hope to approach, not a checker.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from bisect import bisect_right
from collections.abc import Iterator

RULES = {
    "space-before-comma": re.compile(r"[ \t]+(?=[،؛])"),
    "latin-comma": re.compile(r"(?<=[\u0621-\u064a]),"),
    "repeated-word": re.compile(r"\b(\w+)\s+\1\b"),
}
LINE_BREAK = re.compile(r"\n")


def findings(text: str) -> list[dict[str, object]]:
    starts = [0, *(m.end() for m in LINE_BREAK.finditer(text))]
    found = []
    for rule, pattern in RULES.items():
        for match in pattern.finditer(text):
            line = bisect_right(starts, match.start())
            found.append({"rule": rule, "start": match.start(), "end": match.end(), "line": line,
                          "column": match.start() - starts[line - 1] + 1, "text": match.group()})
    found.sort(key=lambda finding: finding["start"])
    return found


def texts(path: str, field: str | None, id_field: str | None) -> Iterator[tuple[str, str]]:
    with open(path, encoding="utf-8") as lines:
        if field is None:
            yield path, lines.read()
            return
        for number, line in enumerate(lines, 1):
            record = json.loads(line)
            yield str(record.get(id_field, number) if id_field else number), record[field]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--field")
    parser.add_argument("--id-field")
    args = parser.parse_args()
    out = sys.stdout
    for name, text in texts(args.file, args.field, args.id_field):
        out.write(json.dumps({"id": name, "findings": findings(text)}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
