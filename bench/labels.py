"""Labelled samples of real findings: draw them, read them in context, and recompute precision.

    python bench/labels.py draw                  # add a new sample's findings (unlabelled) to the labels
    python bench/labels.py show [--rule ID] [--corpus NAME] [--all]   # unlabelled ones in context
    python bench/labels.py set KEY true|false|debatable "reason"     # label one finding
    python bench/labels.py import FILE            # labels from a TSV: key, label, reason
    python bench/labels.py report [--level picky] # precision per rule and per corpus, from the labels
    python bench/labels.py readme                 # the README's table of rules, with their precision

The labels live in `bench/labels/findings.tsv`: one finding a line, identified by corpus, article id,
code-point offsets and rule (the key `corpus:article:start:end:rule`), with its label, a short
reason and the sample that drew it. No article text is stored: `show` reads the context from the
corpus each time. A finding keeps its label for as long as a rule reports the same span, so every
later change is judged against the same labels; findings a change adds show up as unlabelled.

Two samples are drawn (both reproducible from `--seed`):
- `random-SEED`: 40 findings per corpus drawn from all default findings, which is what an editor
  sees; its precision is weighted by how often each rule fires. `report --seed SEED` reads it.
- `rule`: for every rule, enough findings pooled over the three corpora to have 20 labelled ones
  that it still reports (all of them when fewer).

Precision is true / (true + false); debatable findings are counted apart. False alarms per 1,000
words of a corpus = its findings per 1,000 words × the false share of its random sample.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from corpus import CORPUS_ROOT, corpus_file
from precision import CORPORA, Run, make_linter, run_corpus

LABELS = Path(__file__).parent / "labels" / "findings.tsv"
FIELDS = ("corpus", "article", "start", "end", "rule", "label", "reason", "sample")
VERDICTS = ("true", "false", "debatable")
RANDOM_PER_CORPUS = 40
PER_RULE = 20
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


@dataclass
class Label:
    corpus: str
    article: str
    start: int
    end: int
    rule: str
    label: str = ""  # "" until read
    reason: str = ""
    sample: str = ""

    @property
    def samples(self) -> list[str]:
        return [name for name in self.sample.split(",") if name]

    @property
    def key(self) -> str:
        return f"{self.corpus}:{self.article}:{self.start}:{self.end}:{self.rule}"


def read_labels(path: Path = LABELS) -> dict[str, Label]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as stream:
        rows = csv.DictReader(stream, delimiter="\t")
        labels = [Label(r["corpus"], r["article"], int(r["start"]), int(r["end"]), r["rule"],
                        r["label"], r["reason"], r["sample"]) for r in rows]
    return {label.key: label for label in labels}


def write_labels(labels: dict[str, Label], path: Path = LABELS) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    ordered = sorted(labels.values(), key=lambda x: (x.rule, x.corpus, x.article, x.start))
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter="\t", lineterminator="\n")
        writer.writerow(FIELDS)
        for x in ordered:
            writer.writerow([x.corpus, x.article, x.start, x.end, x.rule, x.label, x.reason, x.sample])


def run_all(args: argparse.Namespace) -> dict[str, Run]:
    linter = make_linter(args.extend_select, False, False, args.level)
    return {name: run_corpus(linter, name, corpus_file(args.corpus_root / folder))
            for name, folder in CORPORA.items()}


def as_label(corpus: str, item: tuple, sample: str) -> Label:
    article, _doc, finding = item
    return Label(corpus, article, finding.start, finding.end, finding.rule, sample=sample)


def draw(args: argparse.Namespace) -> None:
    """Add the findings of a new random sample (named `random-SEED`) and, for every rule with
    fewer than PER_RULE labelled findings that it still reports, enough of its findings to reach
    PER_RULE. Findings already labelled keep their labels and join the new sample's name."""
    labels = read_labels()
    runs = run_all(args)
    generator = random.Random(args.seed)
    name = f"random-{args.seed}"
    drawn = []
    for corpus, run in runs.items():
        picked = generator.sample(run.findings, min(RANDOM_PER_CORPUS, len(run.findings)))
        drawn += [as_label(corpus, item, name) for item in picked]
    by_rule: dict[str, list[Label]] = defaultdict(list)
    for corpus, run in runs.items():
        for item in run.findings:
            by_rule[item[2].rule].append(as_label(corpus, item, "rule"))
    for pool in by_rule.values():
        have = sum(1 for x in pool if x.key in labels)
        fresh = [x for x in pool if x.key not in labels]
        drawn += generator.sample(fresh, min(max(PER_RULE - have, 0), len(fresh)))
    added = 0
    for label in drawn:
        known = labels.get(label.key)
        if known is None:
            labels[label.key] = label
            added += 1
        elif label.sample not in known.samples:
            known.sample = ",".join([*known.samples, label.sample])
    write_labels(labels)
    print(f"{added} new findings to label ({len(drawn)} drawn); `show` prints them in context")


def show(args: argparse.Namespace) -> None:
    labels = read_labels()
    texts = _texts_of(args.corpus_root, {x.article for x in labels.values()})
    for label in labels.values():
        if (label.label and not args.all) or (args.rule and not label.rule.startswith(args.rule)):
            continue
        if args.corpus and label.corpus != args.corpus:
            continue
        text = texts.get((label.corpus, label.article))
        if text is None:
            continue
        print(f"{label.key}\t{label.label or '?'}\t{label.reason}")
        print(f"    {_window(text, label.start, label.end, args.width)}\n")


def _texts_of(root: Path, articles: set[str]) -> dict[tuple[str, str], str]:
    from corpus import articles as read_articles

    texts = {}
    for name, folder in CORPORA.items():
        for article, text in read_articles(corpus_file(root / folder)):
            if article in articles:
                texts[(name, article)] = text
    return texts


def _window(text: str, start: int, end: int, width: int) -> str:
    before, after = text[max(0, start - width):start], text[end:end + width]
    return f"{before}⟦{text[start:end]}⟧{after}".replace("\n", "⏎")


def set_label(args: argparse.Namespace) -> None:
    labels = read_labels()
    _apply(labels, args.key, args.label, args.reason)
    write_labels(labels)


def import_labels(args: argparse.Namespace) -> None:
    labels = read_labels()
    count = 0
    with open(args.file, encoding="utf-8") as stream:
        for line in stream:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and not line.startswith("#"):
                _apply(labels, parts[0], parts[1], parts[2] if len(parts) > 2 else "")
                count += 1
    write_labels(labels)
    print(f"{count} labels set")


def _apply(labels: dict[str, Label], key: str, verdict: str, reason: str) -> None:
    if verdict not in VERDICTS:
        raise SystemExit(f"label must be one of {', '.join(VERDICTS)}: {key}")
    if key not in labels:  # a finding from a helper's own reading: keep it with the labels
        corpus, article, start, end, rule = key.split(":")
        labels[key] = Label(corpus, article, int(start), int(end), rule, sample="rule")
    labels[key].label, labels[key].reason = verdict, reason


def report(args: argparse.Namespace) -> None:
    labels = read_labels()
    runs = run_all(args)
    current = {as_label(name, item, "").key for name, run in runs.items() for item in run.findings}
    live = [x for x in labels.values() if x.key in current]
    _rule_table(runs, live)
    _corpus_table(runs, live, f"random-{args.seed}")
    if args.by_corpus:
        _rule_by_corpus_table(runs, live)


def _rule_table(runs: dict[str, Run], live: list[Label]) -> None:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for label in live:
        counts[label.rule][label.label or "unlabelled"] += 1
    words = {name: run.words for name, run in runs.items()}
    print("| rule | " + " | ".join(f"{n} /1k w" for n in runs) + " | true | false | debatable "
          "| unlabelled | precision |")
    print("|---|" + "---|" * (len(runs) + 5))
    for rule in sorted({f[2].rule for run in runs.values() for f in run.findings}):
        c = counts[rule]
        rates = " | ".join(f"{1000 * run.counts[rule] / words[n]:.3f}" for n, run in runs.items())
        judged = c["true"] + c["false"]
        precision = f"{100 * c['true'] / judged:.0f} %" if judged else "–"
        print(f"| `{rule}` | {rates} | {c['true']} | {c['false']} | {c['debatable']} "
              f"| {c['unlabelled']} | {precision} |")


def _rule_by_corpus_table(runs: dict[str, Run], live: list[Label]) -> None:
    """Precision of each rule on each corpus's labels: true / false / debatable, precision."""
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for label in live:
        counts[(label.rule, label.corpus)][label.label or "unlabelled"] += 1
    print("\n| rule | " + " | ".join(runs) + " |")
    print("|---|" + "---|" * len(runs))
    for rule in sorted({rule for rule, _corpus in counts}):
        cells = []
        for corpus in runs:
            c = counts[(rule, corpus)]
            judged = c["true"] + c["false"]
            precision = f"{100 * c['true'] / judged:.0f} %" if judged else "–"
            cells.append(f"{precision} ({c['true']}/{c['false']}/{c['debatable']})")
        print(f"| `{rule}` | " + " | ".join(cells) + " |")


def _corpus_table(runs: dict[str, Run], live: list[Label], random_sample: str) -> None:
    print(f"\nrandom sample {random_sample}")
    print("\n| corpus | findings /1k w | random sample true / false / debatable / unlabelled "
          "| precision | false alarms /1k w |")
    print("|---|---|---|---|---|")
    for name, run in runs.items():
        sample = Counter(x.label or "unlabelled" for x in live
                         if x.corpus == name and random_sample in x.samples)
        rate = 1000 * sum(run.counts.values()) / run.words
        judged = sample["true"] + sample["false"]
        precision = sample["true"] / judged if judged else float("nan")
        drawn = sum(sample.values())
        false_rate = rate * sample["false"] / drawn if drawn else float("nan")
        print(f"| {name} | {rate:.2f} | {sample['true']} / {sample['false']} / "
              f"{sample['debatable']} / {sample['unlabelled']} | {100 * precision:.0f} % "
              f"| {false_rate:.2f} |")


def readme(args: argparse.Namespace) -> None:
    """One row per rule: level, what it flags, rate per corpus and precision on the labels."""
    args.level = "picky"
    labels = read_labels()
    runs = run_all(args)
    current = {as_label(name, item, "").key for name, run in runs.items() for item in run.findings}
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for label in labels.values():
        if label.key in current and label.label:
            counts[label.rule][label.label] += 1
    from copycheck.engine import load_rules

    rules, _problems = load_rules()
    print("| rule | level | flags | per 1,000 words: " + " / ".join(runs) + " | precision "
          "(true / false / debatable) |")
    print("|---|---|---|---|---|")
    for rule in sorted(rules, key=lambda r: (r.category, r.id)):
        level = "opt-in" if not rule.enabled else rule.level
        fix = " [*]" if rule.fix.value == "safe" else ""
        flags = _PLACEHOLDER.sub("…", rule.message).replace("|", "\\|")
        rates = " / ".join(f"{1000 * run.counts[rule.id] / run.words:.2f}" for run in runs.values())
        c = counts[rule.id]
        judged = c["true"] + c["false"]
        precision = f"{100 * c['true'] / judged:.0f} %" if judged else "–"
        print(f"| `{rule.id}`{fix} | {level} | {flags} | {rates if rule.enabled else '–'} "
              f"| {precision} ({c['true']} / {c['false']} / {c['debatable']}) |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-root", type=Path, default=CORPUS_ROOT)
    parser.add_argument("--level", default="default", help="default or picky")
    parser.add_argument("--extend-select", action="append", default=[])
    commands = parser.add_subparsers(dest="command", required=True)
    drawing = commands.add_parser("draw")
    drawing.add_argument("--seed", type=int, default=1)
    showing = commands.add_parser("show")
    showing.add_argument("--rule", default="")
    showing.add_argument("--corpus", default="")
    showing.add_argument("--all", action="store_true", help="labelled ones too")
    showing.add_argument("--width", type=int, default=90)
    setting = commands.add_parser("set")
    setting.add_argument("key")
    setting.add_argument("label", choices=VERDICTS)
    setting.add_argument("reason", nargs="?", default="")
    importing = commands.add_parser("import")
    importing.add_argument("file")
    reporting = commands.add_parser("report")
    reporting.add_argument("--seed", type=int, default=1, help="the random sample to weigh by")
    reporting.add_argument("--by-corpus", action="store_true", help="also each rule on each corpus")
    commands.add_parser("readme")
    args = parser.parse_args()
    {"draw": draw, "show": show, "set": set_label, "import": import_labels,
     "report": report, "readme": readme}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
