"""A fuzzing campaign over the Python API: random Arabic-heavy inputs in every format, four invariants.

    python bench/fuzz_campaign.py [--count 100000] [--seed 1] [--jobs 2] [--out /tmp/fuzz-violations.jsonl]

Inputs are plain text (55 %), Markdown (20 %), HTML (17 %) and JSONL (8 %), built from fragments:
made-up and common Arabic words, punctuation of both scripts, tashkeel, tatweel, joiners, bidi
controls, Persian letters, three digit systems, mixed line breaks, BOMs, emoji, Markdown and HTML
markup, JSON escapes (lone surrogates too). Every input is checked with the default Checker (one in
four at `level="picky"`) and fixed. The invariants:

1. no exception escapes the library (an InputError / a record error is an answer, not a crash);
2. every finding lies in the text, the source slice a report prints equals the flagged text where
   the span is copied, and its line, column and UTF-16 offsets agree with the source;
3. fixing is idempotent: fixing the fixed source again changes nothing (unless the first run said
   it stopped before a fixed point);
4. a fix changes nothing outside its span: the source outside the edits is kept, and for Markdown
   and HTML the prose extracted from the fixed source is the old prose with the edits applied.

Prints inputs per kind, time, peak RSS, and every violation class with its smallest reproducer;
the reproducers are written as JSON lines to `--out`, which should be outside the repository.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import resource
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

from copycheck import Checker, sources
from copycheck.document import Document
from copycheck.engine import _faithful, applies  # _faithful: to replay one fixing pass
from copycheck.errors import CopycheckError
from copycheck.fix import Edit, apply_edits
from copycheck.sources import records

KINDS = (("text", 55), ("markdown", 20), ("html", 17), ("jsonl", 8))
PICKY_SHARE = 0.25

# Made-up words and common function words only: no corpus text.
WORDS = ["قال", "في", "من", "إلى", "على", "الذى", "الذي", "هذا", "هذه", "أن", "ان", "إن", "مدرسة",
         "مدرسه", "كتب", "الكتاب", "وزير", "الوزير", "رئيس", "الحكومة", "مصر", "يوم", "سنة", "عام",
         "فى", "علي", "الى", "انه", "ذالك", "لاكن", "مسؤول", "مسئول", "بلادنا", "طرابيلوس", "زملكون",
         "تفاحيم", "سراقد", "مستنبطات", "كيبورديه", "لا", "ما", "و", "ف", "ب", "ل", "ال", "ثم",
         "أو", "او", "بين", "بعد", "قبل", "حتى", "حتي", "إلا", "الا", "كان", "كانت", "التي", "اللذين"]
PUNCT = ["،", "؛", "؟", ",", ";", "?", ".", "!", "…", "...", "«", "»", '"', "“", "”", ":", "(", ")",
         "-", "–", "—", "'", "..", "؟؟", "!!", "،،", " ،", "، ", " .", "( ", " )", "٪", "%"]
MARKS = ["\u064b", "\u064c", "\u064d", "\u064e", "\u064f", "\u0650", "\u0651", "\u0652", "\u0670"]
ODD = ["\u0640", "\u0640\u0640\u0640", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b",
       "\u202c", "\u2066", "\u2067", "\u2069", "\u061c", "\ufeff", "\u00a0", "\u200b", "\t", "  ",
       "ی", "ک", "ي", "ك", "ى", "ة", "ه", "ء", "آ", "ئ", "ؤ", "😀", "👍🏽", "𝒜", "🇪🇬", "\u0000"]
BREAKS = ["\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\n\r", " \n", "\u2028", "\u0085"]
LATIN = ["COVID-19", "http://example.com/a", "www.example.org", "x@example.com", "#وسم", "@user",
         "OK", "e.g.", "Dr.", "U.S."]
MARKDOWN = ["**", "*", "_", "__", "`", "``", "> ", "- ", "* ", "1. ", "# ", "## ", "\\", "\\*",
            "\\_", "\\،", "[", "](http://a.b)", "![", "<http://a.b>", "```\n", "    ", "---\n",
            "| ", " |", "&amp;", "&#1575;", "<!--", "-->", "<br>", "~~"]
HTML = ["<p>", "</p>", "<b>", "</b>", "<i>", "</i>", "<br>", "<br/>", "<div>", "</div>", "<span>",
        "</span>", "<a href='x'>", "</a>", "<code>", "</code>", "<pre>", "</pre>", "<script>",
        "</script>", "<!--", "-->", "<!-- copycheck: ignore -->", "&amp;", "&nbsp;", "&#1575;",
        "&#x627;", "&laquo;", "&raquo;", "&hellip;", "&bogus;", "&", "<", ">", "<h1>", "</h1>",
        "<li>", "</li>", "<article>", "</article>", "<!DOCTYPE html>"]


def digits(rng: random.Random) -> str:
    number = str(rng.randint(0, 99999))
    system = rng.choice(("0123456789", "٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹"))
    return number.translate(str.maketrans("0123456789", system))


def noise(rng: random.Random) -> str:
    """Any code point but a surrogate: what no fragment list foresaw."""
    limit = rng.choice((0x7F, 0x2FFF, 0xFFFF, 0x10FFFF))
    code = rng.randint(0, limit)
    return chr(code) if not 0xD800 <= code <= 0xDFFF else "\ufffd"


def word(rng: random.Random) -> str:
    text = rng.choice(WORDS)
    if rng.random() < 0.15:  # tashkeel on some letters
        text = "".join(c + rng.choice(MARKS) if rng.random() < 0.4 else c for c in text)
    if rng.random() < 0.05:
        cut = rng.randint(1, max(1, len(text) - 1))
        text = text[:cut] + rng.choice(("\u0640", "\u200c", "\u200d")) + text[cut:]
    return text


def prose(rng: random.Random, extra: list[str], size: int) -> str:
    parts = []
    for _ in range(size):
        roll = rng.random()
        if roll < 0.45:
            parts.append(word(rng))
        elif roll < 0.62:
            parts.append(" ")
        elif roll < 0.74:
            parts.append(rng.choice(PUNCT))
        elif roll < 0.78:
            parts.append(digits(rng))
        elif roll < 0.84:
            parts.append(rng.choice(ODD))
        elif roll < 0.88:
            parts.append(rng.choice(BREAKS))
        elif roll < 0.89:
            parts.append(rng.choice(LATIN))
        elif roll < 0.90:
            parts.append(noise(rng))
        elif extra:
            parts.append(rng.choice(extra))
        else:
            parts.append(" ")
    text = "".join(parts)
    if rng.random() < 0.05:
        text = "\ufeff" + text
    return text


def html_document(rng: random.Random) -> str:
    body = prose(rng, HTML, rng.randint(5, 60))
    if rng.random() < 0.3:
        body = f"<html><body><p>{body}</p></body></html>"
    return body


JSON_ESCAPES = ["\\n", "\\r\\n", "\\t", '\\"', "\\\\", "\\u0627", "\\u064e", "\\ud83d\\ude00",
                "\\ud800", "\\udc00", "\\u200f", "\\u0000", "\\/"]


def json_string(rng: random.Random) -> str:
    text = prose(rng, [], rng.randint(3, 30))
    encoded = json.dumps(text, ensure_ascii=rng.random() < 0.3)[1:-1]
    pieces = [encoded[i:i + 7] for i in range(0, len(encoded), 7)]
    for _ in range(rng.randint(0, 3)):
        pieces.insert(rng.randint(0, len(pieces)), rng.choice(JSON_ESCAPES))
    return "".join(pieces)


def jsonl_document(rng: random.Random) -> str:
    lines = []
    for index in range(rng.randint(1, 4)):
        roll = rng.random()
        if roll < 0.8:
            lines.append(f'{{"id": {index}, "text": "{json_string(rng)}"}}')
        elif roll < 0.9:
            lines.append(f'{{"id": {index}, "body": "{json_string(rng)}"}}')
        else:
            lines.append(f'{{"text": "{json_string(rng)}')  # broken JSON
    return rng.choice(("\n", "\r\n")).join(lines)


def generate(rng: random.Random, kind: str) -> str:
    if kind == "text":
        return prose(rng, [], rng.randint(3, 80))
    if kind == "markdown":
        return prose(rng, MARKDOWN, rng.randint(5, 60))
    if kind == "html":
        return html_document(rng)
    return jsonl_document(rng)


# -- invariants ---------------------------------------------------------------------------------

def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def line_column(source: str, offset: int) -> tuple[int, int]:
    """Independent of Document: lines break at CRLF, CR or LF only."""
    before = source[:offset].replace("\r\n", "\n").replace("\r", "\n")
    line = before.count("\n") + 1
    last = max(source.rfind("\n", 0, offset), source.rfind("\r", 0, offset))
    return line, offset - last


def location_problems(doc: Document, findings) -> list[tuple[str, str]]:
    problems = []
    for finding in findings:
        if not 0 <= finding.start <= finding.end <= len(doc.text):
            problems.append(("finding outside the text", finding.rule))
            continue
        location = doc.locate(finding.start, finding.end)
        if not 0 <= location.start <= location.end <= len(doc.source):
            problems.append(("location outside the source", finding.rule))
            continue
        copied = doc.copied_source_span(finding.start, finding.end)
        reported = doc.source[location.start:location.end]
        if copied is not None and reported != doc.text[finding.start:finding.end]:
            problems.append(("reported text differs from the flagged text", finding.rule))
        if (location.line, location.column) != line_column(doc.source, location.start) or \
                (location.end_line, location.end_column) != line_column(doc.source, location.end):
            problems.append(("line/column disagree with the source", finding.rule))
        if (location.utf16_start, location.utf16_end) != (
                utf16_length(doc.source[:location.start]), utf16_length(doc.source[:location.end])):
            problems.append(("UTF-16 offsets disagree with the source", finding.rule))
    return problems


def fix_problems(checker: Checker, doc: Document, fmt: str) -> list[tuple[str, str]]:
    problems = []
    fixed = checker.fix(doc, fmt)
    again = checker.fix(fixed.document, fmt)
    if again.document.source != fixed.document.source and not fixed.unsettled:
        rules = ",".join(sorted({f.rule for f in fixed.after.findings if applies(f, False)})) or "?"
        problems.append(("fixing the fixed source changes it again", rules))
    if fixed.count:
        problems.extend(_outside_span(checker, doc, fmt))
    return problems


def _outside_span(checker: Checker, doc: Document, fmt: str) -> list[tuple[str, str]]:
    """Replays the first fixing pass edit by edit, the way Linter.fix chooses them: the source
    outside the applied edits is kept, and the prose is the old prose with their replacements."""
    escape = sources.module(fmt).escape
    candidates = checker.linter._fix_edits(doc, checker.check(doc), False, escape)
    chosen = _faithful(doc, candidates, fmt)
    source, _ = apply_edits(doc.source, [edit for _, edit in chosen])
    problems = []
    if fmt != "text":
        expected, _ = apply_edits(doc.text, [Edit(f.start, f.end, f.replacements[0])
                                             for f, _ in chosen])
        if sources.load(source, doc.path, fmt).text != expected:
            rules = ",".join(sorted({f.rule for f, _ in chosen}))
            problems.append(("a fix changes the prose outside its span", rules))
    for finding, edit in chosen:
        if doc.source[edit.start:edit.end] != doc.text[finding.start:finding.end]:
            problems.append(("a fix rewrites source that is not the flagged text", finding.rule))
    return problems


def run_one(checker: Checker, kind: str, source: str) -> list[tuple[str, str]]:
    try:
        if kind == "jsonl":
            problems = []
            for record in records.extract(source, "fuzz.jsonl", "text", "id"):
                if record.text is None:
                    continue  # a record error: an answer
                doc = Document(record.text, record.path)
                problems += location_problems(doc, checker.check(doc).findings)
                problems += fix_problems(checker, doc, "text")
            return problems
        try:
            doc = checker.document(source, "plain" if kind == "text" else kind)
        except CopycheckError:
            return []
        problems = location_problems(doc, checker.check(doc).findings)
        return problems + fix_problems(checker, doc, kind)
    except Exception as error:  # what the campaign looks for: anything that escapes
        frame = traceback.extract_tb(error.__traceback__)[-1]
        return [("exception", f"{type(error).__name__} at {Path(frame.filename).name}:{frame.lineno}")]


# -- the campaign ---------------------------------------------------------------------------------

_CHECKERS: dict[str, Checker] = {}


def _worker(task: tuple[int, int, int]) -> tuple[Counter, dict, float]:
    seed, first, count = task
    if not _CHECKERS:
        _CHECKERS["default"] = Checker()
        _CHECKERS["picky"] = Checker(level="picky")
    kinds, weights = zip(*KINDS, strict=True)
    counts: Counter = Counter()
    found: dict[tuple[str, str, str], dict] = {}
    started = time.process_time()
    for index in range(first, first + count):
        rng = random.Random(f"{seed}:{index}")
        kind = rng.choices(kinds, weights)[0]
        level = "picky" if rng.random() < PICKY_SHARE else "default"
        source = generate(rng, kind)
        counts[kind] += 1
        counts[f"level {level}"] += 1
        for what, detail in run_one(_CHECKERS[level], kind, source):
            key = (what, detail, kind)
            counts[key] += 1
            if key not in found or len(source) < len(found[key]["input"]):
                found[key] = {"class": what, "detail": detail, "kind": kind, "level": level,
                              "index": index, "input": source}
    _CHECKERS["default"].finish()
    return counts, found, time.process_time() - started


def shrink(item: dict) -> dict:
    """Drop characters while the same violation class still shows: a minimal reproducer."""
    checker = Checker(level=item["level"])
    key = (item["class"], item["detail"])

    def fails(text: str) -> bool:
        return key in run_one(checker, item["kind"], text)

    text = item["input"]
    if not fails(text):
        return item
    size = max(1, len(text) // 2)
    while size >= 1:
        position, changed = 0, False
        while position < len(text):
            candidate = text[:position] + text[position + size:]
            if candidate != text and fails(candidate):
                text, changed = candidate, True
            else:
                position += size
        if not changed:
            size //= 2
    return {**item, "input": text}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path("/tmp/fuzz-violations.jsonl"))
    args = parser.parse_args()
    started = time.monotonic()
    chunk = 500
    tasks = [(args.seed, first, min(chunk, args.count - first)) for first in range(0, args.count, chunk)]
    counts: Counter = Counter()
    found: dict = {}
    cpu = 0.0
    with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
        for done, (part, part_found, seconds) in enumerate(pool.imap_unordered(_worker, tasks), 1):
            counts.update(part)
            cpu += seconds
            for key, item in part_found.items():
                if key not in found or len(item["input"]) < len(found[key]["input"]):
                    found[key] = item
            if done % 20 == 0:
                print(f"  {done * chunk:,} inputs, {time.monotonic() - started:.0f} s", file=sys.stderr)
    wall = time.monotonic() - started
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"inputs: {args.count:,} (seed {args.seed}, {args.jobs} processes)")
    for kind, _ in KINDS:
        print(f"  {kind:9} {counts[kind]:7,}")
    print(f"  default level {counts['level default']:,}, picky {counts['level picky']:,}")
    print(f"time: {wall:.0f} s wall, {cpu:.0f} s CPU in workers ({args.count / wall:.0f} inputs/s)")
    print(f"peak RSS: {peak_children:.0f} MB (largest worker), {peak_self:.0f} MB (parent)")
    reproducers = [shrink(item) for _, item in sorted(found.items())]
    print(f"violation classes: {len(reproducers)}")
    for item in reproducers:
        key = (item["class"], item["detail"], item["kind"])
        print(f"  {counts[key]:6,} × {item['class']} [{item['detail']}] in {item['kind']} "
              f"({item['level']}): {item['input']!r}")
    with args.out.open("w", encoding="utf-8") as out:
        for item in reproducers:
            out.write(json.dumps({**item, "count": counts[(item['class'], item['detail'], item['kind'])]},
                                 ensure_ascii=False) + "\n")
    print(f"reproducers: {args.out}")


if __name__ == "__main__":
    main()
