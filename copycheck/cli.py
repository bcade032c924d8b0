"""The command line: parse options, call the engine, pick a formatter, return an exit code."""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

import copycheck

from .checks import Environment
from .engine import Linter, load_rules, select_rules
from .errors import CopycheckError, InputError, UsageError
from .findings import Diagnostic, Severity
from .formatters import FORMATTERS
from .inputs import STDIN, encode, expand_paths, load_document, write_atomic
from .report import FileReport, Report
from .rules import Rule

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
PROGRESS_MIN_FILES = 10

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Editorial quality checker for Arabic copy.")
rules_app = typer.Typer(no_args_is_help=True, help="List and explain the rules.")
app.add_typer(rules_app, name="rules")

OutputFormat = Enum("OutputFormat", {name: name for name in FORMATTERS}, type=str)  # type: ignore[misc]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"copycheck {copycheck.__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version,  # noqa: UP045
                                                    is_eager=True, help="Show the version.")] = None,
) -> None:
    """Editorial quality checker for Arabic copy."""


@dataclass
class RunOptions:
    output_format: str
    threshold: Severity
    encoding: str
    color: bool
    quiet: bool
    fix: bool
    diff: bool


def _split(values: list[str] | None) -> list[str]:
    return [item.strip() for value in values or [] for item in value.split(",") if item.strip()]


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Files or folders to check; - reads stdin.")],
    output_format: Annotated[OutputFormat, typer.Option("--format", "--output-format",
                                                        help="Report format.")] = "text",
    select: Annotated[Optional[list[str]], typer.Option(help="Rule ids or categories to run (comma-separated).")] = None,  # noqa: E501, UP045
    extend_select: Annotated[Optional[list[str]], typer.Option(help="Add rules or categories (including opt-in rules by id).")] = None,  # noqa: E501, UP045
    ignore: Annotated[Optional[list[str]], typer.Option(help="Rule ids or categories to skip.")] = None,  # noqa: UP045
    severity: Annotated[str, typer.Option(help="Report findings at or above: info, warning, error.")] = "info",  # noqa: E501
    encoding: Annotated[str, typer.Option(help="Input encoding (UTF-8 with or without BOM by default; e.g. cp1256).")] = "utf-8",  # noqa: E501
    rule_file: Annotated[Optional[list[Path]], typer.Option(help="Extra YAML rule pack(s).")] = None,  # noqa: UP045
    fix: Annotated[bool, typer.Option("--fix", help="Apply safe fixes in place (stdin: print the fixed text).")] = False,  # noqa: E501
    diff: Annotated[bool, typer.Option("--diff", help="Print the safe fixes as a unified diff; write nothing.")] = False,  # noqa: E501
    statistics: Annotated[bool, typer.Option("--statistics", help="Print counts per rule instead of each finding.")] = False,  # noqa: E501
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when there are findings.")] = False,  # noqa: E501
    no_color: Annotated[bool, typer.Option("--no-color", help="No ANSI colours.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print findings only, no summary.")] = False,
) -> None:
    """Check Arabic copy and report the problems found."""
    try:
        options = RunOptions(output_format.value, _threshold(severity), encoding,
                             not no_color and sys.stdout.isatty(), quiet, fix, diff)
        report, linter = _prepare(rule_file or [], _split(select), _split(ignore),
                                  _split(extend_select))
    except UsageError as error:
        typer.echo(f"copycheck: error: {error}", err=True)
        raise typer.Exit(EXIT_ERROR) from None
    _run_files(paths, linter, options, report)
    _emit(report, options, statistics)
    raise typer.Exit(_exit_code(report, options, exit_zero))


def _threshold(value: str) -> Severity:
    try:
        return Severity.parse(value)
    except ValueError as error:
        raise UsageError(f"--severity: {error}") from None


def _prepare(rule_files: list[Path], select: list[str], ignore: list[str],
             extend_select: list[str]) -> tuple[Report, Linter]:
    env = Environment()
    rules, problems = load_rules(rule_files, env)
    chosen = select_rules(rules, select, ignore, extend_select)
    return Report(errors=problems), Linter(chosen, env)


def _run_files(paths: list[str], linter: Linter, options: RunOptions, report: Report) -> None:
    targets = list(expand_paths(paths))
    with _progress(len(targets), options) as advance:
        for target in targets:
            report.files.append(_check_one(target, linter, options, report))
            advance()


def _check_one(target: str | InputError, linter: Linter, options: RunOptions,
               report: Report) -> FileReport:
    if isinstance(target, InputError):
        return FileReport(target.diagnostic.path or "", errors=[target.diagnostic])
    try:
        doc, decoded = load_document(target, options.encoding)
    except CopycheckError as error:
        return FileReport(target, errors=[error.diagnostic])
    if options.fix or options.diff:
        doc = _apply_fixes(doc, decoded, linter, options, report)
    findings, problems = linter.check(doc)
    kept = [f for f in findings if f.severity >= options.threshold]
    return FileReport(target, doc, kept, problems)


def _apply_fixes(doc, decoded, linter: Linter, options: RunOptions, report: Report):
    from .document import Document

    fixed_text, count = linter.fix(doc)
    if fixed_text == doc.text:
        return doc
    if options.diff:
        sys.stdout.write(_unified_diff(doc.path, doc.text, fixed_text))
        report.fixed += count
        return doc
    if doc.path == STDIN:
        sys.stdout.buffer.write(encode(fixed_text, decoded))
    else:
        write_atomic(doc.path, encode(fixed_text, decoded))
    report.fixed += count
    return Document(fixed_text, doc.path)


def _unified_diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=f"a/{path}", tofile=f"b/{path}")
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


class _progress:
    """A progress bar on stderr for many files on a terminal; nothing otherwise."""

    def __init__(self, total: int, options: RunOptions) -> None:
        self.enabled = total >= PROGRESS_MIN_FILES and sys.stderr.isatty() and not options.quiet
        self.total = total

    def __enter__(self):
        if not self.enabled:
            return lambda: None
        from rich.console import Console
        from rich.progress import Progress

        self._bar = Progress(console=Console(stderr=True), transient=True)
        self._bar.start()
        task = self._bar.add_task("checking", total=self.total)
        return lambda: self._bar.advance(task)

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self._bar.stop()


def _emit(report: Report, options: RunOptions, statistics: bool) -> None:
    """The report goes to stdout, except when stdout carries fixed text or a diff."""
    stream = sys.stderr if options.diff or (options.fix and _reads_stdin(report)) else sys.stdout
    if statistics:
        stream.write(_statistics(report))
    elif options.diff:
        stream.write(f"{report.fixed} fix(es) would be applied.\n")
    elif not (options.quiet and options.output_format == "text"):
        stream.write(FORMATTERS[options.output_format].render(report, color=options.color))
    elif report.findings or report.has_errors:
        stream.write(_without_summary(FORMATTERS["text"].render(report, color=options.color),
                                      report))
    if options.output_format != "text" or options.diff or statistics:
        for error in _all_errors(report):
            sys.stderr.write(f"copycheck: error: {error}\n")


def _without_summary(text: str, report: Report) -> str:
    body = [line for line in text.splitlines() if line.startswith(("    ", "error:"))
            or any(line.startswith(f.path) for f in report.files)]
    return "\n".join(body) + "\n"


def _all_errors(report: Report) -> list[Diagnostic]:
    return [*report.errors, *(error for file in report.files for error in file.errors)]


def _reads_stdin(report: Report) -> bool:
    return any(file.path == STDIN for file in report.files)


def _statistics(report: Report) -> str:
    fixable = {f.rule for f in report.findings if f.fixable}
    lines = [f"{count:6d}  {rule:34s}{' [*]' if rule in fixable else ''}"
             for rule, count in sorted(report.counts()["by_rule"].items(), key=lambda i: -i[1])]
    total = len(report.findings)
    lines.append(f"Found {total} finding(s). [*] {sum(f.fixable for f in report.findings)} "
                 "fixable with --fix.")
    return "\n".join(lines) + "\n"


def _exit_code(report: Report, options: RunOptions, exit_zero: bool) -> int:
    if report.has_errors:
        return EXIT_ERROR
    changes_pending = options.diff and report.fixed
    if (report.findings or changes_pending) and not exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


# -- rules ------------------------------------------------------------------------------------
def _all_rules() -> list[Rule]:
    rules, problems = load_rules()
    for problem in problems:
        typer.echo(f"copycheck: error: {problem}", err=True)
    return rules


@rules_app.command("list")
def rules_list() -> None:
    """One line per rule: id, category, severity, default on/off, what it checks."""
    for rule in _all_rules():
        state = "" if rule.enabled else "  (opt-in)"
        fix = " [*]" if rule.fix.value == "safe" else ""
        typer.echo(f"{rule.id:38s} {rule.category:12s} {rule.severity.label:8s}"
                   f"{rule.message}{fix}{state}")


@rules_app.command("show")
def rules_show(rule_id: Annotated[str, typer.Argument(help="A rule id.")],
               compiled: Annotated[bool, typer.Option(help="Also print the kind's options.")] = False,
               ) -> None:
    """Everything about one rule: messages, description, fix safety and examples."""
    rules = {rule.id: rule for rule in _all_rules()}
    rule = rules.get(rule_id)
    if rule is None:
        close = difflib.get_close_matches(rule_id, rules, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        typer.echo(f"copycheck: error: unknown rule '{rule_id}'{hint}", err=True)
        raise typer.Exit(EXIT_ERROR)
    typer.echo(describe_rule(rule, compiled))


def describe_rule(rule: Rule, compiled: bool = False) -> str:
    lines = [
        rule.id,
        f"  kind: {rule.kind}   category: {rule.category}   severity: {rule.severity.label}"
        f"   fix: {rule.fix.value}   default: {'on' if rule.enabled else 'off (opt-in)'}",
        f"  message: {rule.message}",
        f"  message_ar: {rule.message_ar}",
    ]
    if rule.description:
        lines += ["", f"  {rule.description}"]
    if rule.rationale:
        lines += ["", f"  Why: {rule.rationale}"]
    lines += ["", "  Flagged:"]
    for example in rule.examples.bad:
        marked = _mark(example.text, example.spans)
        lines.append(f"    ✗ {marked}" + (f"\n      → {example.fixed}" if example.fixed else ""))
    lines += ["  Not flagged:", *(f"    ✓ {text}" for text in rule.examples.good)]
    if compiled:
        lines += ["", f"  options: {rule.options!r}", f"  defined at {rule.path}:{rule.line}"]
    return "\n".join(lines)


def _mark(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    for start, end in reversed(spans):
        text = f"{text[:start]}⟦{text[start:end]}⟧{text[end:]}"
    return text


def main() -> None:
    app()
