"""The command line: parse options, call the engine, pick a formatter, return an exit code."""

from __future__ import annotations

import difflib
import json
import re
import sys
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

import copycheck

from . import sources
from .checker import Checker
from .checks import Environment
from .config import SettingsStore
from .engine import load_rules
from .errors import CopycheckError, UsageError
from .findings import LEVELS, Diagnostic, Severity
from .formatters import FORMATTERS, jsonl
from .formatters import text as text_format
from .formatters import write as write_report
from .inputs import STDIN
from .report import FileReport, Report
from .rules import Rule
from .runner import Runner, RunOptions, usable_cores

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
PROGRESS_MIN_FILES = 10
_PLACEHOLDER = re.compile(r"\{\w+\}")

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Editorial quality checker for Arabic copy.")
rules_app = typer.Typer(no_args_is_help=True, help="List and explain the rules.")
app.add_typer(rules_app, name="rules")
dictionary_app = typer.Typer(no_args_is_help=True, help="Word lists for the spelling rules.")
app.add_typer(dictionary_app, name="dictionary")

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
class Output:
    output_format: str
    color: bool
    quiet: bool
    statistics: bool
    isolate: bool = False  # Arabic in bidi isolates (the text report only)


def _split(values: list[str] | None) -> list[str]:
    return [item.strip() for value in values or [] for item in value.split(",") if item.strip()]


@app.command()
def check(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Files or folders to check (default: the current folder, as ruff does); - reads stdin.")] = None,  # noqa: E501, UP045
    output_format: Annotated[OutputFormat, typer.Option("--format", "--output-format",
                                                        help="Report format.")] = "text",
    select: Annotated[Optional[list[str]], typer.Option(help="Rule ids or categories to run (comma-separated).")] = None,  # noqa: E501, UP045
    extend_select: Annotated[Optional[list[str]], typer.Option(help="Add rules or categories (including opt-in rules by id).")] = None,  # noqa: E501, UP045
    ignore: Annotated[Optional[list[str]], typer.Option(help="Rule ids or categories to skip.")] = None,  # noqa: UP045
    level: Annotated[Optional[str], typer.Option(help="default, or picky: also the rules too often wrong on professional copy to run by default.")] = None,  # noqa: E501, UP045
    severity: Annotated[str, typer.Option(help="Report findings at or above: info, warning, error.")] = "info",  # noqa: E501
    encoding: Annotated[str, typer.Option(help="Input encoding: auto (UTF-8 with or without BOM, else cp1256 when it reads as Arabic; --fix writes only UTF-8 then), or a codec name such as cp1256 or utf-8.")] = "auto",  # noqa: E501
    rule_file: Annotated[Optional[list[Path]], typer.Option(help="Extra YAML rule pack(s).")] = None,  # noqa: UP045
    config: Annotated[Optional[Path], typer.Option(help="Use this configuration file for every input (no discovery).")] = None,  # noqa: E501, UP045
    input_format: Annotated[Optional[str], typer.Option("--input-format", help="text, markdown, html or jsonl (JSON/JSONL records); default: from the extension (.md .markdown .html .htm .json .jsonl), text for stdin.")] = None,  # noqa: E501, UP045
    field: Annotated[Optional[str], typer.Option("--field", help="JSON/JSONL: the field holding the text (dotted path, e.g. content.body).")] = None,  # noqa: E501, UP045
    id_field: Annotated[Optional[str], typer.Option("--id-field", help="JSON/JSONL: the field naming each record in the report (dotted path).")] = None,  # noqa: E501, UP045
    fix: Annotated[bool, typer.Option("--fix", help="Apply safe fixes in place (stdin: print the fixed text).")] = False,  # noqa: E501
    unsafe_fixes: Annotated[bool, typer.Option("--unsafe-fixes", help="With --fix or --diff, also apply the first suggestion of unsafe fixes.")] = False,  # noqa: E501
    diff: Annotated[bool, typer.Option("--diff", help="Print the fixes as a unified diff; write nothing.")] = False,  # noqa: E501
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="Worker processes for files and JSONL records (default: the usable cores; 1: no workers).")] = None,  # noqa: E501, UP045
    no_suggestions: Annotated[bool, typer.Option("--no-suggestions", help="Do not compute spelling suggestions (faster).")] = False,  # noqa: E501
    dictionary: Annotated[Optional[list[Path]], typer.Option("--dictionary", help="A word list for the spelling rules (one word a line); repeatable, adds to the configuration's.")] = None,  # noqa: E501, UP045
    baseline: Annotated[Optional[Path], typer.Option(help="Do not report findings recorded in this baseline file.")] = None,  # noqa: E501, UP045
    write_baseline: Annotated[Optional[Path], typer.Option(help="Record every finding in this baseline file; exit 0.")] = None,  # noqa: E501, UP045
    statistics: Annotated[bool, typer.Option("--statistics", help="Print counts per rule instead of each finding.")] = False,  # noqa: E501
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when there are findings.")] = False,  # noqa: E501
    no_color: Annotated[bool, typer.Option("--no-color", help="No ANSI colours.")] = False,
    bidi: Annotated[str, typer.Option("--bidi", help="Text report: isolate (wrap Arabic in Unicode bidi isolates, for terminals that lay out Arabic right to left), none, or auto: isolate on a terminal.")] = "auto",  # noqa: E501
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print findings only, no summary.")] = False,
    regex_timeout: Annotated[float, typer.Option(hidden=True, min=0.01, envvar="COPYCHECK_REGEX_TIMEOUT")
                             ] = Environment.regex_timeout,
) -> None:
    """Check Arabic copy and report the problems found."""
    try:
        options = RunOptions(_threshold(severity), encoding, fix, diff, unsafe_fixes, not no_suggestions,
                             _split(select), _split(extend_select), _split(ignore), _level(level),
                             rule_file or [],
                             config, baseline, write_baseline, input_format, field, id_field,
                             regex_timeout, dictionary or [], jobs or usable_cores())
        _check_input_options(options)
        runner = Runner(options)
    except UsageError as error:
        typer.echo(f"copycheck: error: {error}", err=True)
        raise typer.Exit(EXIT_ERROR) from None
    try:
        isolate = _isolates(bidi)
    except UsageError as error:
        typer.echo(f"copycheck: error: {error}", err=True)
        raise typer.Exit(EXIT_ERROR) from None
    output = Output(output_format.value, not no_color and sys.stdout.isatty(), quiet, statistics,
                    isolate)
    if _streams(output, options):
        runner.on_file = _write_line
    targets = list(runner.targets(paths or ["."]))
    with _progress(len(targets), quiet) as advance:
        report = runner.run(targets, advance)
    _emit(runner, output)
    raise typer.Exit(_exit_code(report, options, exit_zero or write_baseline is not None))


def _streams(output: Output, options: RunOptions) -> bool:
    """JSON lines go out record by record, unless stdout carries fixed text or another summary."""
    return output.output_format == "jsonl" and not (
        output.statistics or options.fix or options.diff or options.write_baseline)


def _write_line(file: FileReport) -> None:
    sys.stdout.write(jsonl.line(file))
    sys.stdout.flush()  # a reader of the pipe sees each record when it is checked
    _write_notes([file])
    for error in file.errors:
        sys.stderr.write(f"copycheck: error: {error}\n")


def _write_notes(files: list[FileReport]) -> None:
    for file in files:
        for note in file.notes:
            sys.stderr.write(f"copycheck: note: {file.path}: {note}\n")


def _check_input_options(options: RunOptions) -> None:
    if options.input_format is not None:
        sources.format_for(STDIN, options.input_format)  # validates the name
    if options.input_format == sources.RECORDS and not options.field:
        raise UsageError("--input-format jsonl needs --field NAME (the field that holds the text)")
    if options.unsafe_fixes and not (options.fix or options.diff):
        raise UsageError("--unsafe-fixes only says which fixes --fix or --diff may apply: add one "
                         "of them")
    if options.field and (options.fix or options.diff):
        raise UsageError("--fix and --diff do not rewrite JSON records (the text lives inside a "
                         "JSON string); check them with --field, fix the text where it is edited")


BIDI_CHOICES = ("auto", "isolate", "none")


def _isolates(value: str) -> bool:
    """Whether the text report wraps Arabic in bidi isolates: on a terminal, unless told."""
    if value not in BIDI_CHOICES:
        raise UsageError(f"--bidi: choose {', '.join(BIDI_CHOICES)}, not '{value}'")
    return value == "isolate" or (value == "auto" and sys.stdout.isatty())


def _level(value: str | None) -> str | None:
    if value is not None and value not in LEVELS:
        raise UsageError(f"--level: choose {' or '.join(LEVELS)}, not '{value}'")
    return value


def _threshold(value: str) -> Severity:
    try:
        return Severity.parse(value)
    except ValueError as error:
        raise UsageError(f"--severity: {error}") from None


class _progress:
    """A progress bar on stderr for many files on a terminal; nothing otherwise."""

    def __init__(self, total: int, quiet: bool) -> None:
        self.enabled = total >= PROGRESS_MIN_FILES and sys.stderr.isatty() and not quiet
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


def _emit(runner: Runner, output: Output) -> None:
    """The report goes to stdout, except when stdout carries fixed text or a diff."""
    report, options = runner.report, runner.options
    if runner.stdout_bytes:
        sys.stdout.flush()
        sys.stdout.buffer.write(runner.stdout_bytes)
    sys.stdout.write("".join(runner.diffs))
    carries_text = options.diff or bool(runner.stdout_bytes) or (options.fix and _reads_stdin(report))
    stream = sys.stderr if carries_text else sys.stdout
    if options.write_baseline:
        stream.write(f"Recorded {len(report.findings)} finding(s) in {options.write_baseline}.\n")
    elif output.statistics:
        stream.write(_statistics_json(report) if output.output_format == "json"
                     else _statistics(report))
    elif options.diff:
        stream.write(f"{report.fixed} fix(es) would be applied.\n")
    elif output.output_format == "text" and not output.quiet:
        stream.write(text_format.render(report, color=output.color, isolate=output.isolate))
    elif output.output_format != "text":
        write_report(output.output_format, report, stream, output.color)
    elif report.findings or report.has_errors:
        stream.write(_without_summary(text_format.render(report, color=output.color,
                                                         isolate=output.isolate), report))
    _write_notes(report.files)
    if output.output_format != "text" or options.diff or output.statistics:
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
    width = max((len(f.rule) for f in report.findings), default=0) + 2
    lines = [f"{count:6d}  {rule:{width}s}{' [*]' if rule in fixable else ''}".rstrip()
             for rule, count in sorted(report.counts()["by_rule"].items(), key=lambda i: -i[1])]
    total = len(report.findings)
    lines.append(f"Found {total} finding(s). [*] {sum(f.fixable for f in report.findings)} "
                 "fixable with --fix.")
    return "\n".join(lines) + "\n"


def _statistics_json(report: Report) -> str:
    """The counts as ruff's `--statistics --output-format json` gives them: one entry per rule,
    most frequent first, with how many of its findings --fix would apply."""
    fixable = Counter(f.rule for f in report.findings if f.fixable)
    rules = [{"rule": rule, "count": count, "fixable": fixable[rule]}
             for rule, count in sorted(report.counts()["by_rule"].items(), key=lambda i: -i[1])]
    return json.dumps({"rules": rules, "findings": len(report.findings),
                       "fixable": sum(fixable.values())}, ensure_ascii=False, indent=1) + "\n"


def _exit_code(report: Report, options: RunOptions, exit_zero: bool) -> int:
    if report.has_errors:
        return EXIT_ERROR
    changes_pending = options.diff and report.fixed
    if (report.has_findings or changes_pending) and not exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


# -- rules ------------------------------------------------------------------------------------
RuleFiles = Annotated[Optional[list[Path]], typer.Option("--rule-file", help="Extra YAML rule pack(s), as for check.")]  # noqa: E501, UP045
ConfigFile = Annotated[Optional[Path], typer.Option("--config", help="Use this configuration file (default: the one found from the current folder).")]  # noqa: E501, UP045


def _all_rules(rule_files: list[Path] | None = None, config: Path | None = None) -> list[Rule]:
    """The built-in rules, the configuration's `extend-rules` and the `--rule-file` packs: what
    `check` would see from the current folder."""
    try:
        settings = SettingsStore(config).for_folder(Path.cwd())
    except UsageError as error:
        typer.echo(f"copycheck: error: {error}", err=True)
        raise typer.Exit(EXIT_ERROR) from None
    rules, problems = load_rules([*settings.extend_rules, *(rule_files or [])])
    for problem in problems:
        typer.echo(f"copycheck: error: {problem}", err=True)
    return rules


@rules_app.command("list")
def rules_list(rule_file: RuleFiles = None, config: ConfigFile = None) -> None:
    """One line per rule: id, category, severity, default on/off, what it checks."""
    for rule in _all_rules(rule_file, config):
        state = "  (opt-in)" if not rule.enabled else "  (picky)" if rule.level == "picky" else ""
        fix = " [*]" if rule.fix.value == "safe" else ""
        summary = _PLACEHOLDER.sub("…", rule.message)  # «{match}» means nothing without a match
        typer.echo(f"{rule.id:38s} {rule.category:12s} {rule.severity.label:8s}"
                   f"{summary}{fix}{state}")


@rules_app.command("show")
def rules_show(rule_id: Annotated[str, typer.Argument(help="A rule id.")],
               compiled: Annotated[bool, typer.Option(help="Also print the kind's options.")] = False,
               rule_file: RuleFiles = None, config: ConfigFile = None) -> None:
    """Everything about one rule: messages, description, fix safety and examples."""
    rules = {rule.id: rule for rule in _all_rules(rule_file, config)}
    rule = rules.get(rule_id)
    if rule is None:
        close = difflib.get_close_matches(rule_id, rules, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        typer.echo(f"copycheck: error: unknown rule '{rule_id}'{hint}", err=True)
        raise typer.Exit(EXIT_ERROR)
    typer.echo(describe_rule(rule, compiled))


def _default_state(rule: Rule) -> str:
    if not rule.enabled:
        return "off (opt-in)"
    return "off (picky level: --level picky)" if rule.level == "picky" else "on"


def describe_rule(rule: Rule, compiled: bool = False) -> str:
    lines = [
        rule.id,
        f"  kind: {rule.kind}   category: {rule.category}   severity: {rule.severity.label}"
        f"   fix: {rule.fix.value}   default: {_default_state(rule)}",
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


# -- dictionary -------------------------------------------------------------------------------
@dictionary_app.command("learn")
def dictionary_learn(
    corpus: Annotated[list[Path], typer.Argument(help="Text files, folders (.txt .md .jsonl .jsonl.gz inside) or JSONL archives.")],  # noqa: E501
    min_docs: Annotated[int, typer.Option("--min-docs", min=1, help="Keep words found in at least N documents.")] = 3,  # noqa: E501
    min_sources: Annotated[int, typer.Option("--min-sources", min=1, help="…and in at least M sources (outlets; files for plain text).")] = 1,  # noqa: E501
    field: Annotated[str, typer.Option("--field", help="JSONL: the field holding the text (dotted path).")] = "text",  # noqa: E501
    source_field: Annotated[str, typer.Option("--source-field", help="JSONL: the field naming the outlet (dotted path).")] = "source",  # noqa: E501
    dictionary: Annotated[Optional[list[Path]], typer.Option("--dictionary", help="A word list whose words are known already (repeatable).")] = None,  # noqa: E501, UP045
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the word list here (default: stdout).")] = None,  # noqa: E501, UP045
) -> None:
    """Mine an archive for words the spelling rules would flag that recur across documents
    (names, modern words), clitics stripped and orthographic errors left out: a word list to
    review, then use with --dictionary or `dictionaries` in the configuration."""
    from .lexicon import format_lexicon, learn, read_texts
    from .speller import Speller

    try:
        speller = Speller(wordlists=dictionary or [], persistent_cache=False)
        with _learning_progress() as advance:
            entries = learn(read_texts(corpus, field, source_field), speller, min_docs, min_sources,
                            progress=advance)
    except CopycheckError as error:
        typer.echo(f"copycheck: error: {error}", err=True)
        raise typer.Exit(EXIT_ERROR) from None
    title = "copycheck lexicon learned from " + ", ".join(path.name for path in corpus)
    text = format_lexicon(entries, title)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
    typer.echo(f"{len(entries)} word(s) in at least {min_docs} document(s) and {min_sources} "
               f"source(s){f' written to {output}' if output else ''}.", err=True)


@contextmanager
def _learning_progress() -> Iterator[Callable[[int], object]]:
    """A live count of documents on stderr when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        yield lambda _count: None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("learning: {task.completed:,} documents"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("learning", total=None)
        yield lambda count: bar.advance(task, count)


# -- serve ------------------------------------------------------------------------------------
@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on (LanguageTool's is 8081).")] = 8081,  # noqa: E501
    config: ConfigFile = None,
    workers: Annotated[Optional[int], typer.Option(min=1, help="Check worker processes, each with the rules loaded (default: the usable cores).")] = None,  # noqa: E501, UP045
    time_budget: Annotated[float, typer.Option(min=0.1, help="Seconds a request may take, waiting included; then 503 and the worker is replaced.")] = 10.0,  # noqa: E501
    max_text_bytes: Annotated[int, typer.Option(min=1, help="Largest text accepted (UTF-8 bytes); more is 413.")] = 1_000_000,  # noqa: E501
    max_queue: Annotated[int, typer.Option(min=0, help="Requests that may wait for a worker; more are refused with 503.")] = 100,  # noqa: E501
    replacements: Annotated[str, typer.Option(help="LanguageTool API: 'fixes' offers only safe fixes as replacements (what correct() may apply unasked); 'all' every suggestion, for editors where a person picks.")] = "fixes",  # noqa: E501
) -> None:
    """Serve the checks over HTTP: LanguageTool's API v2 (/v2/check) and copycheck's (/v1/check)."""
    from . import service

    missing = service.missing_modules()
    if missing:
        typer.echo(f"copycheck: error: `copycheck serve` needs {' and '.join(missing)}: "
                   "pip install 'copycheck-arabic[serve]'", err=True)
        raise typer.Exit(EXIT_ERROR)
    if replacements not in ("fixes", "all"):
        typer.echo(f"copycheck: error: --replacements: choose fixes or all, not '{replacements}'", err=True)
        raise typer.Exit(EXIT_ERROR)
    try:
        settings = SettingsStore(config).for_folder(Path.cwd())
        checker = Checker(config=settings)
    except CopycheckError as error:
        typer.echo(f"copycheck: error: {error}", err=True)
        raise typer.Exit(EXIT_ERROR) from None
    if checker.problems:  # a service must not run quietly without some of its rules
        for problem in checker.problems:
            typer.echo(f"copycheck: error: {problem}", err=True)
        raise typer.Exit(EXIT_ERROR)
    try:
        service.serve(checker, service.ServeOptions(host, port, workers or usable_cores(),
                                                    max_text_bytes, time_budget, max_queue,
                                                    replacements == "all"))
    except UsageError as error:  # the port is taken, or the address is not this machine's
        typer.echo(f"copycheck: error: {error}", err=True)
        raise typer.Exit(EXIT_ERROR) from None


def main() -> None:
    """Run the command line. A crash is copycheck's own bug, never a verdict on the copy: it ends
    with exit 2 (a traceback's default 1 would read as "findings", and a CI step could pass)."""
    try:
        app()
    except Exception:
        traceback.print_exc()
        sys.stderr.write("copycheck: internal error (the traceback above): please report it; "
                         "nothing after it was checked\n")
        sys.exit(EXIT_ERROR)
