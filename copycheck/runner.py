"""One `copycheck check` run: settings per file, a Checker per settings, fixes, the baseline.

The command line parses options into RunOptions and hands over; everything here is callable and
testable without Typer. A problem with one file becomes that file's error; a problem with a
configuration or the rule selection is the run's, reported once however many files it stops.
Either way the exit code is 2 and the other files are still checked.
"""

from __future__ import annotations

import contextlib
import difflib
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import sources
from .baseline import Baseline
from .checker import Checker
from .checks import Environment, finish_run
from .config import Settings, SettingsStore
from .document import WINDOW, Document
from .engine import Checked
from .errors import CopycheckError, InputError, UsageError
from .findings import Diagnostic, Severity
from .inputs import (
    AUTO,
    DEFAULT_INCLUDE,
    GUESSED_NOT_FIXED,
    STDIN,
    Decoded,
    encode,
    expand_paths,
    load_document,
    load_records,
    write_atomic,
)
from .report import FileReport, Report
from .sources.records import Record

if TYPE_CHECKING:
    from .parallel import Pool, Slot


@dataclass
class RunOptions:
    threshold: Severity = Severity.INFO
    encoding: str = AUTO
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
    jobs: int = 1  # worker processes checking files and records (1: all in this process)


@dataclass
class Runner:
    options: RunOptions
    report: Report = field(default_factory=Report)
    diffs: list[str] = field(default_factory=list)  # unified diffs (--diff) or fixed stdin (--fix)
    stdout_bytes: bytes = b""
    # Set: each file (or record) report goes here as soon as it is checked, and is not kept.
    on_file: Callable[[FileReport], object] | None = None

    def __post_init__(self) -> None:
        self.store = SettingsStore(self.options.config)
        self._checkers: dict[Path | None, Checker | UsageError] = {}
        self._baseline = Baseline.load(self.options.baseline) if self.options.baseline else None
        self._accepted = Baseline(self.options.write_baseline) if self.options.write_baseline else None
        self._pool: Pool | None = None
        self._pending: deque[FileReport | _Deferred] = deque()

    def run(self, targets: Sequence[str | InputError], progress: Callable[[], object] = lambda: None,
            ) -> Report:
        self._pool = self._start_pool(targets)
        try:
            for target in targets:
                for file in self._check_one(target):
                    self._queue(file)
                progress()
            self._drain(0)
        finally:
            if self._pool is not None:
                self._pool.close()
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

    # -- worker processes (--jobs) -----------------------------------------------------------
    def _start_pool(self, targets: Sequence[str | InputError]) -> Pool | None:
        """Workers only where they can pay for themselves: several files or an archive of records,
        and not for --fix / --diff (each fix pass needs the check before it)."""
        options = self.options
        if options.jobs <= 1 or options.fix or options.diff:
            return None
        files = [target for target in targets if isinstance(target, str)]
        if len(files) < 2 and not any(sources.format_for(file, options.input_format) == sources.RECORDS
                                      for file in files):
            return None
        from .parallel import Pool  # concurrent.futures and multiprocessing: only when used

        return Pool(options.jobs)

    def _queue(self, item: FileReport | _Deferred) -> None:
        """Reports leave in input order; a bounded number wait for their workers (flat memory)."""
        self._pending.append(item)
        self._drain(self._window)

    @property
    def _window(self) -> int:
        if self._pool is None:
            return 0
        from .parallel import CHUNK

        return self._pool.jobs * CHUNK * 4

    def _drain(self, keep: int) -> None:
        while len(self._pending) > keep:
            item = self._pending.popleft()
            self._keep(item.resolve() if isinstance(item, _Deferred) else item)

    def _keep(self, file: FileReport) -> None:
        if self.on_file is None:
            self.report.files.append(file)
        else:
            self.on_file(file)
            self.report.tally(file)

    # -- one file ---------------------------------------------------------------------------
    def _check_one(self, target: str | InputError) -> Iterable[FileReport | _Deferred]:
        if isinstance(target, InputError):
            return [FileReport(target.diagnostic.path or "", errors=[target.diagnostic])]
        try:
            settings = self.store.for_file(target)
            if target != STDIN and settings.excludes(target):
                return []
            checker = self._checker(settings)
        except CopycheckError as error:  # the same for every file under that configuration
            self._run_error(error.diagnostic)
            return []
        try:
            skip = settings.ignores_for(target) if target != STDIN else ()
            input_format = sources.format_for(target, self.options.input_format)
            if input_format == sources.RECORDS:
                return self._check_records(target, checker, skip)
            doc, decoded = load_document(target, self.options.encoding, input_format)
            checked = None
            if self.options.fix and decoded.guessed:
                return [self._refuse_fix(doc, checker, skip)]
            if self.options.fix or self.options.diff:
                doc, checked = self._fix(doc, decoded, input_format, checker, skip)
        except CopycheckError as error:
            return [input_error_report(target, error.diagnostic)]
        return [self._file_report(doc, checker, skip, checked=checked)]

    def _file_report(self, doc: Document, checker: Checker, skip: Sequence[str],
                     record: Record | None = None, checked: Checked | None = None,
                     ) -> FileReport | _Deferred:
        """The report on `doc`, from `checked` when the fixes have already checked it; with
        workers, one to finish when a worker has checked it."""
        if checked is None and self._pool is not None:
            slot = self._pool.submit(checker, doc, skip)
            return _Deferred(slot, lambda done: self._finish_report(doc, done, record), doc, record)
        return self._finish_report(doc, checked if checked is not None else checker.check(doc, skip),
                                   record)

    def _finish_report(self, doc: Document, checked: Checked, record: Record | None) -> FileReport:
        file, run_problems = checked_report(doc, checked, self.options.threshold, record)
        for problem in run_problems:
            self._run_error(problem)
        if self._accepted is not None:
            self._accepted.add(doc, file.findings)
        elif self._baseline is not None:
            file.findings = self._baseline.keep_new(doc, file.findings)
        return file

    def _check_records(self, target: str, checker: Checker, skip: Sequence[str],
                       ) -> Iterator[FileReport | _Deferred]:
        """One report per record, each as soon as it is checked; a record without the field is an
        error and the others still run. A file that cannot be read (or stops being readable
        part way, as a streamed archive can) is an error for the file."""
        options = self.options
        try:
            for record in load_records(target, options.field, options.id_field, options.encoding):
                yield self._record_report(target, record, checker, skip)
        except CopycheckError as error:
            yield input_error_report(target, error.diagnostic)

    def _record_report(self, target: str, record: Record, checker: Checker,
                       skip: Sequence[str]) -> FileReport | _Deferred:
        if record.text is None:
            return record_error_report(target, record)
        return self._file_report(Document(record.text, record.path), checker, skip, record)

    def _refuse_fix(self, doc: Document, checker: Checker, skip: Sequence[str]) -> FileReport:
        """The findings of a file --fix must not write, and why it was not written."""
        file = self._finish_report(doc, checker.check(doc, skip), None)
        file.errors.append(Diagnostic(GUESSED_NOT_FIXED, doc.path))
        return file

    def _fix(self, doc: Document, decoded: Decoded, input_format: str, checker: Checker,
             skip: Sequence[str]) -> tuple[Document, Checked]:
        """The Document to report on (fixed, unless only a diff was asked for) and its check."""
        fixed = checker.fix(doc, input_format, self.options.unsafe_fixes, skip)
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

    # -- one Checker per configuration file -------------------------------------------------
    def _checker(self, settings: Settings) -> Checker:
        """Built once per configuration file; one that cannot be built fails the same way for
        every file under it, without loading the rules again."""
        if settings.path not in self._checkers:
            try:
                self._checkers[settings.path] = self._build(settings)
            except UsageError as error:
                self._checkers[settings.path] = error
        found = self._checkers[settings.path]
        if isinstance(found, UsageError):
            raise found
        return found

    def _build(self, settings: Settings) -> Checker:
        """CLI beats configuration: --select replaces `select`; the other options add to it."""
        options = self.options
        checker = Checker(config=settings, select=options.select, extend_select=options.extend_select,
                          ignore=options.ignore, level=options.level, rule_files=options.rule_files,
                          dictionaries=options.dictionaries, suggestions=options.suggestions,
                          regex_timeout=options.regex_timeout)
        for problem in checker.problems:
            self._run_error(problem)
        self.report.rules.update((rule.id, rule) for rule in checker.rules)
        return checker


@dataclass
class _Deferred:
    """A document handed to a worker: its report, once the worker is done with it."""

    slot: Slot
    finish: Callable[[Checked], FileReport]
    doc: Document
    record: Record | None

    def resolve(self) -> FileReport:
        from .parallel import Crash

        try:
            checked = self.slot.result()
        except Crash as crash:  # that input's error; the run goes on
            return crash_report(self.doc, self.record, str(crash))
        return self.finish(checked)


def window_notes(doc: Document) -> list[str]:
    """What a user of a text too long to analyse at once must know about its findings."""
    if len(doc.text) <= WINDOW:
        return []
    return [f"{len(doc.text):,} characters: checked in parts of at most {WINDOW:,} characters, cut "
            "at a paragraph, line or sentence break; consistency and repeated passages are compared "
            "within each part"]


# -- reports on one input, shared with the other faces (copycheck.dask) ---------------------------
def checked_report(doc: Document, checked: Checked, threshold: Severity, record: Record | None = None,
                   ) -> tuple[FileReport, list[Diagnostic]]:
    """The report on a checked document (findings at or above `threshold`) and the problems that
    are the run's rather than the document's (e.g. a word list no rule can use)."""
    findings, problems = checked
    report = FileReport(doc.path, doc, [f for f in findings if f.severity >= threshold],
                        [problem for problem in problems if problem.path == doc.path], record,
                        window_notes(doc))
    return report, [problem for problem in problems if problem.path != doc.path]


def record_error_report(target: str, record: Record) -> FileReport:
    """A record that holds no text to check (no such field, broken JSON): its error."""
    error = Diagnostic(f"{record.error} (record on line {record.line})", target, record.line)
    return FileReport(record.path, errors=[error], record=record)


def crash_report(doc: Document, record: Record | None, message: str) -> FileReport:
    """A document whose check raised or killed its worker: that input's error."""
    where = (record.file, record.line) if record else (doc.path, None)
    return FileReport(doc.path, errors=[Diagnostic(message, *where)], record=record)


def input_error_report(target: str, diagnostic: Diagnostic) -> FileReport:
    """A file that could not be read, decoded or fixed (or stopped being readable part way)."""
    return FileReport(target, errors=[_about(target, diagnostic)])


def usable_cores() -> int:
    """The cores this process may run on (a container's or taskset's share, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _about(target: str, diagnostic: Diagnostic) -> Diagnostic:
    """A problem reported on `target`; one located in another file keeps that file in its text."""
    if diagnostic.path in (None, target):
        return replace(diagnostic, path=target)
    return Diagnostic(str(diagnostic), target)


def unified_diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=f"a/{path}", tofile=f"b/{path}")
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
