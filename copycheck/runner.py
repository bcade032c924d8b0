"""One `copycheck check` run: settings per file, a Linter per settings, fixes, the baseline.

The command line parses options into RunOptions and hands over; everything here is callable and
testable without Typer. Problems with one file or one configuration become that file's errors
(exit code 2) while the other files are still checked.
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .baseline import Baseline
from .checks import Environment
from .config import Settings, SettingsStore, validate_selectors
from .document import Document
from .engine import Linter, load_rules, matches, select_rules
from .errors import CopycheckError, InputError
from .findings import Diagnostic, Severity
from .inputs import DEFAULT_INCLUDE, STDIN, Decoded, encode, expand_paths, load_document, parse, write_atomic
from .report import FileReport, Report
from .rules import Rule


@dataclass
class RunOptions:
    threshold: Severity = Severity.INFO
    encoding: str = "utf-8"
    fix: bool = False
    diff: bool = False
    unsafe_fixes: bool = False
    suggestions: bool = True
    select: Sequence[str] = ()
    extend_select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    rule_files: Sequence[Path] = ()
    config: Path | None = None
    baseline: Path | None = None
    write_baseline: Path | None = None


@dataclass
class Runner:
    options: RunOptions
    report: Report = field(default_factory=Report)
    diffs: list[str] = field(default_factory=list)  # unified diffs (--diff) or fixed stdin (--fix)
    stdout_bytes: bytes = b""

    def __post_init__(self) -> None:
        self.store = SettingsStore(self.options.config)
        self._linters: dict[Path | None, Linter] = {}
        self._baseline = Baseline.load(self.options.baseline) if self.options.baseline else None
        self._accepted = Baseline(self.options.write_baseline) if self.options.write_baseline else None

    def run(self, targets: Sequence[str | InputError], progress: Callable[[], object] = lambda: None,
            ) -> Report:
        for target in targets:
            file = self._check_one(target)
            if file is not None:
                self.report.files.append(file)
            progress()
        if self._accepted is not None:
            self._accepted.write()
        return self.report

    def targets(self, paths: Sequence[str]) -> Iterator[str | InputError]:
        """Files as given; folders walked for the file types their configuration includes."""
        for raw in paths:
            include = DEFAULT_INCLUDE
            if raw != STDIN and Path(raw).is_dir():
                with contextlib.suppress(CopycheckError):  # reported for each file, by _check_one
                    include = self.store.for_folder(Path(raw)).include or DEFAULT_INCLUDE
            yield from expand_paths([raw], include)

    # -- one file ---------------------------------------------------------------------------
    def _check_one(self, target: str | InputError) -> FileReport | None:
        if isinstance(target, InputError):
            return FileReport(target.diagnostic.path or "", errors=[target.diagnostic])
        try:
            settings = self.store.for_file(target)
            if target != STDIN and settings.excludes(target):
                return None
            linter = self._linter(settings)
            doc, decoded = load_document(target, self.options.encoding)
            skip = settings.ignores_for(target) if target != STDIN else ()
            if self.options.fix or self.options.diff:
                doc = self._fix(doc, decoded, linter, skip)
        except CopycheckError as error:
            return FileReport(target, errors=[Diagnostic(str(error.diagnostic), target)])
        findings, problems = linter.check(doc, skip)
        findings = [f for f in findings if f.severity >= self.options.threshold]
        if self._accepted is not None:
            self._accepted.add(doc, findings)
        elif self._baseline is not None:
            findings = self._baseline.keep_new(doc, findings)
        return FileReport(target, doc, findings, problems)

    def _fix(self, doc: Document, decoded: Decoded, linter: Linter, skip: Sequence[str]) -> Document:
        fixed, count = linter.fix(doc, lambda source: parse(source, doc.path),
                                  self.options.unsafe_fixes, skip)
        if fixed.source == doc.source:
            return doc
        self.report.fixed += count
        if self.options.diff:
            self.diffs.append(unified_diff(doc.path, doc.source, fixed.source))
            return doc
        data = encode(fixed.source, decoded, doc.path)
        if doc.path == STDIN:
            self.stdout_bytes += data
        else:
            write_atomic(doc.path, data)
        return fixed

    # -- one Linter per configuration file --------------------------------------------------
    def _linter(self, settings: Settings) -> Linter:
        if settings.path not in self._linters:
            self._linters[settings.path] = self._build(settings)
        return self._linters[settings.path]

    def _build(self, settings: Settings) -> Linter:
        """CLI beats configuration: --select replaces `select`; the other options add to it."""
        options = self.options
        env = Environment(dictionaries=settings.dictionaries, suggestions=options.suggestions)
        rules, problems = load_rules([*settings.extend_rules, *options.rule_files], env)
        self.report.errors.extend(p for p in problems if p not in self.report.errors)
        validate_selectors(settings, lambda selector: any(matches(r, selector) for r in rules))
        chosen = select_rules(rules, options.select or settings.select,
                              [*settings.ignore, *options.ignore],
                              [*settings.extend_select, *settings.house_rules, *options.extend_select])
        self.report.rules.update((rule.id, rule) for rule in chosen)
        return Linter(chosen, env, severity_overrides(rules, settings), catalogue=rules)


def severity_overrides(rules: Sequence[Rule], settings: Settings) -> dict[str, Severity]:
    """Per-rule severities from the configuration; an id beats its category."""
    ordered = sorted(settings.severity.items(), key=lambda item: "." in item[0])
    return {rule.id: level for selector, level in ordered for rule in rules if matches(rule, selector)}


def unified_diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=f"a/{path}", tofile=f"b/{path}")
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
