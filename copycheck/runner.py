"""One `copycheck check` run: settings per file, a Linter per settings, fixes, the baseline.

The command line parses options into RunOptions and hands over; everything here is callable and
testable without Typer. A problem with one file becomes that file's error; a problem with a
configuration or the rule selection is the run's, reported once however many files it stops.
Either way the exit code is 2 and the other files are still checked.
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import sources
from .baseline import Baseline
from .checks import Environment, finish_run
from .config import Settings, SettingsStore, validate_selectors
from .document import Document
from .engine import Checked, Linter, load_rules, matches, select_rules
from .errors import CopycheckError, InputError, UsageError
from .findings import Diagnostic, Severity
from .inputs import (
    DEFAULT_INCLUDE,
    STDIN,
    Decoded,
    encode,
    expand_paths,
    load_document,
    load_records,
    write_atomic,
)
from .report import FileReport, Report
from .rules import Rule
from .sources.records import Record


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
    level: str | None = None  # None: the configuration's, else "default"
    rule_files: Sequence[Path] = ()
    config: Path | None = None
    baseline: Path | None = None
    write_baseline: Path | None = None
    input_format: str | None = None  # None: from each file's extension
    field: str | None = None  # JSON/JSONL records: the field holding the text
    id_field: str | None = None
    regex_timeout: float = Environment.regex_timeout
    dictionaries: Sequence[Path] = ()  # word lists for the spelling rules, after the configuration's


@dataclass
class Runner:
    options: RunOptions
    report: Report = field(default_factory=Report)
    diffs: list[str] = field(default_factory=list)  # unified diffs (--diff) or fixed stdin (--fix)
    stdout_bytes: bytes = b""

    def __post_init__(self) -> None:
        self.store = SettingsStore(self.options.config)
        self._linters: dict[Path | None, Linter | UsageError] = {}
        self._baseline = Baseline.load(self.options.baseline) if self.options.baseline else None
        self._accepted = Baseline(self.options.write_baseline) if self.options.write_baseline else None

    def run(self, targets: Sequence[str | InputError], progress: Callable[[], object] = lambda: None,
            ) -> Report:
        for target in targets:
            self.report.files.extend(self._check_one(target))
            progress()
        finish_run()  # e.g. the spelling verdict cache, written once per run
        if self._accepted is not None:
            self._accepted.write()
        return self.report

    def targets(self, paths: Sequence[str]) -> Iterator[str | InputError]:
        """Files as given; folders walked for the file types their configuration includes."""
        for raw in paths:
            include = DEFAULT_INCLUDE
            if raw != STDIN and Path(raw).is_dir():
                with contextlib.suppress(CopycheckError):  # reported once, by _check_one
                    include = self.store.for_folder(Path(raw)).include or DEFAULT_INCLUDE
            yield from expand_paths([raw], include)

    # -- one file ---------------------------------------------------------------------------
    def _check_one(self, target: str | InputError) -> list[FileReport]:
        if isinstance(target, InputError):
            return [FileReport(target.diagnostic.path or "", errors=[target.diagnostic])]
        try:
            settings = self.store.for_file(target)
            if target != STDIN and settings.excludes(target):
                return []
            linter = self._linter(settings)
        except CopycheckError as error:  # the same for every file under that configuration
            self._run_error(error.diagnostic)
            return []
        try:
            skip = settings.ignores_for(target) if target != STDIN else ()
            input_format = sources.format_for(target, self.options.input_format)
            if input_format == sources.RECORDS:
                return self._check_records(target, linter, skip)
            doc, decoded = load_document(target, self.options.encoding, input_format)
            checked = None
            if self.options.fix or self.options.diff:
                doc, checked = self._fix(doc, decoded, input_format, linter, skip)
        except CopycheckError as error:
            return [FileReport(target, errors=[_about(target, error.diagnostic)])]
        return [self._file_report(doc, linter, skip, checked=checked)]

    def _file_report(self, doc: Document, linter: Linter, skip: Sequence[str],
                     record: Record | None = None, checked: Checked | None = None) -> FileReport:
        """The report on `doc`, from `checked` when the fixes have already checked it."""
        findings, problems = checked if checked is not None else linter.check(doc, skip)
        for problem in problems:
            if problem.path != doc.path:  # e.g. a word list no rule can use: the run's problem
                self._run_error(problem)
        problems = [problem for problem in problems if problem.path == doc.path]
        findings = [f for f in findings if f.severity >= self.options.threshold]
        if self._accepted is not None:
            self._accepted.add(doc, findings)
        elif self._baseline is not None:
            findings = self._baseline.keep_new(doc, findings)
        return FileReport(doc.path, doc, findings, problems, record)

    def _check_records(self, target: str, linter: Linter, skip: Sequence[str]) -> list[FileReport]:
        """One report per record; a record without the field is an error and the others still run."""
        options, reports = self.options, []
        for record in load_records(target, options.field, options.id_field, options.encoding):
            if record.text is None:
                error = Diagnostic(f"{record.error} (record on line {record.line})", target, record.line)
                reports.append(FileReport(record.path, errors=[error], record=record))
            else:
                doc = Document(record.text, record.path)
                reports.append(self._file_report(doc, linter, skip, record))
        return reports

    def _fix(self, doc: Document, decoded: Decoded, input_format: str, linter: Linter,
             skip: Sequence[str]) -> tuple[Document, Checked]:
        """The Document to report on (fixed, unless only a diff was asked for) and its check."""
        fixed = linter.fix(doc, input_format, self.options.unsafe_fixes, skip)
        if fixed.document.source == doc.source:
            return doc, fixed.before
        if self.options.diff:
            self.report.fixed += fixed.count
            self.diffs.append(unified_diff(doc.path, doc.source, fixed.document.source))
            return doc, fixed.before
        data = encode(fixed.document.source, decoded, doc.path)
        if doc.path == STDIN:
            self.stdout_bytes += data
        else:
            write_atomic(doc.path, data, decoded.snapshot)
        self.report.fixed += fixed.count  # only once written: a refused file fixed nothing
        return fixed.document, fixed.after

    def _run_error(self, diagnostic: Diagnostic) -> None:
        if diagnostic not in self.report.errors:
            self.report.errors.append(diagnostic)

    # -- one Linter per configuration file --------------------------------------------------
    def _linter(self, settings: Settings) -> Linter:
        """Built once per configuration file; one that cannot be built fails the same way for
        every file under it, without loading the rules again."""
        if settings.path not in self._linters:
            try:
                self._linters[settings.path] = self._build(settings)
            except UsageError as error:
                self._linters[settings.path] = error
        found = self._linters[settings.path]
        if isinstance(found, UsageError):
            raise found
        return found

    def _build(self, settings: Settings) -> Linter:
        """CLI beats configuration: --select replaces `select`; the other options add to it."""
        options = self.options
        env = Environment(regex_timeout=options.regex_timeout,
                          dictionaries=(*settings.dictionaries, *options.dictionaries),
                          suggestions=options.suggestions)
        rules, problems = load_rules([*settings.extend_rules, *options.rule_files], env)
        for problem in problems:
            self._run_error(problem)

        def known(selector: str) -> bool:
            return any(matches(rule, selector) for rule in rules)

        validate_selectors(settings.selectors(), known, settings.path)
        validate_selectors(option_selectors(options), known)
        chosen = select_rules(rules, options.select or settings.select,
                              [*settings.ignore, *options.ignore],
                              [*settings.extend_select, *settings.house_rules, *options.extend_select],
                              options.level or settings.level)
        self.report.rules.update((rule.id, rule) for rule in chosen)
        return Linter(chosen, env, severity_overrides(rules, settings), catalogue=rules)


def option_selectors(options: RunOptions) -> Iterator[tuple[str, str]]:
    """(option, rule id or category) for every selector given on the command line."""
    for option, values in (("--select", options.select), ("--extend-select", options.extend_select),
                           ("--ignore", options.ignore)):
        yield from ((option, value) for value in values)


def _about(target: str, diagnostic: Diagnostic) -> Diagnostic:
    """A problem reported on `target`; one located in another file keeps that file in its text."""
    if diagnostic.path in (None, target):
        return replace(diagnostic, path=target)
    return Diagnostic(str(diagnostic), target)


def severity_overrides(rules: Sequence[Rule], settings: Settings) -> dict[str, Severity]:
    """Per-rule severities from the configuration; an id beats its category."""
    ordered = sorted(settings.severity.items(), key=lambda item: "." in item[0])
    return {rule.id: level for selector, level in ordered for rule in rules if matches(rule, selector)}


def unified_diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=f"a/{path}", tofile=f"b/{path}")
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
