"""What a check worker process does: one request's text in, the finished answer's bytes out.

The HTTP front parses and validates requests (cheap) and hands each a Job; a worker process holds
the warm Checker, builds the Document, runs the rules and renders the answer, so the front only
moves bytes and a check that runs too long can be stopped by ending its process. Nothing here
imports the web framework: a worker needs only copycheck.
"""

from __future__ import annotations

import json
import pickle
import signal
import sys
import traceback
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from ..checker import Checker
from ..config import validate_selectors
from ..document import Document
from ..engine import matches
from ..errors import UsageError
from ..findings import Severity
from ..formatters import json as json_report
from ..formatters import languagetool
from ..report import FileReport, Report
from ..sources import annotated

LANGUAGETOOL, NATIVE = "languagetool", "native"
READY = "ready"
# A short text that reaches every kind of rule (each builds its check on first use), so the first
# request a worker takes is as fast as the others.
WARM_UP_TEXT = "قال الوزير ، إن الاجتماع  مهم وأن الاقتصاد ينمو.\n\nوأضاف أن «الحكومة ستعمل"
CHECKERS_KEPT = 32  # per worker: one Checker per distinct rule selection asked for, least recent out
SAVE_EVERY = 1000  # checks between two saves of the spelling verdict cache


@dataclass(frozen=True)
class Selection:
    """A request's rule choice on top of the service's configuration (the command line's
    --select, --extend-select, --ignore and --level)."""

    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    level: str | None = None
    lenient: bool = False  # True: unknown ids and categories are dropped (LanguageTool ignores them)


@dataclass(frozen=True)
class Job:
    api: str  # LANGUAGETOOL or NATIVE
    selection: Selection = field(default_factory=Selection)
    text: str = ""
    annotation: Any = None  # LanguageTool's annotated text: a parsed list of pieces
    format: str = "plain"  # native API: plain, markdown or html
    path: str = "-"
    language: str = "ar"  # LanguageTool API: the code to answer with
    severity: str = "info"  # native API: report findings at or above this
    all_replacements: bool = False  # LanguageTool API: offer every candidate, not only safe fixes

    @property
    def characters(self) -> int:
        """How long the text is (for the log, which never holds the text itself)."""
        if self.annotation is None:
            return len(self.text)
        return sum(len(piece.get("text", "")) for piece in self.annotation if isinstance(piece, dict)
                   and isinstance(piece.get("text", ""), str))


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes


def error_body(status: int, message: str, field_name: str | None = None) -> bytes:
    """The JSON error every endpoint answers with: the status, what is wrong and, when one field of
    the request is to blame, its name."""
    error: dict[str, Any] = {"status": status, "error": message}
    if field_name is not None:
        error["field"] = field_name
    return json.dumps(error, ensure_ascii=False).encode("utf-8")


class Service:
    """One worker's checking: the service's Checker and the variants requests ask for."""

    def __init__(self, checker: Checker) -> None:
        self.base = checker
        self.catalogue = list(checker.linter.catalogue)
        self.by_id = {rule.id: rule for rule in self.catalogue}
        self._names = sorted({name for rule in self.catalogue for name in (rule.id, rule.category)})
        self._variants: OrderedDict[Selection, Checker] = OrderedDict()
        self._checks = 0

    def warm(self) -> None:
        """Dictionaries loaded, every rule's check built (the picky level's too: LanguageTool
        clients ask for it), every module a request needs imported."""
        self.base.warm()
        for job in (Job(LANGUAGETOOL, text=WARM_UP_TEXT), Job(NATIVE, text=WARM_UP_TEXT),
                    Job(NATIVE, text=WARM_UP_TEXT, format="markdown"),
                    Job(NATIVE, text=f"<p>{WARM_UP_TEXT}</p>", format="html"),
                    Job(LANGUAGETOOL, annotation=[{"text": WARM_UP_TEXT}]),
                    Job(LANGUAGETOOL, Selection(level="picky"), text=WARM_UP_TEXT)):
            self.answer(job)

    def answer(self, job: Job) -> Answer:
        try:
            checker = self.checker_for(job.selection)
            doc = self._document(job)
        except _FieldError as error:
            return Answer(400, error_body(400, error.message, error.field))
        threshold = Severity.parse(job.severity)
        findings, problems = checker.check(doc) if checker is not None else ([], [])
        findings = [finding for finding in findings if finding.severity >= threshold]
        self._count()
        if job.api == LANGUAGETOOL:
            language = languagetool.Language(job.language, languagetool.arabic_share(doc.text))
            body = languagetool.render(doc, findings, self.by_id, language, problems,
                                       job.all_replacements)
            return Answer(200, json.dumps(body, ensure_ascii=False).encode("utf-8"))
        report = Report(files=[FileReport(doc.path, doc, findings, list(problems))])
        return Answer(200, json_report.render(report).encode("utf-8"))

    def checker_for(self, selection: Selection) -> Checker | None:
        """The Checker for a selection; None when it names only rules that do not exist (an
        `enabledOnly` request for another checker's rules): nothing runs."""
        asked = selection.select
        selection = self._known(selection)
        if asked and not selection.select:
            return None
        if selection == Selection():
            return self.base
        checker = self._variants.get(selection)
        if checker is None:
            base = self.base.selection
            checker = Checker(config=self.base.settings, select=selection.select,
                              extend_select=selection.extend_select, ignore=selection.ignore,
                              level=selection.level, rule_files=base.rule_files,
                              dictionaries=base.dictionaries, suggestions=base.suggestions,
                              regex_timeout=base.regex_timeout)
            self._variants[selection] = checker
            if len(self._variants) > CHECKERS_KEPT:
                self._variants.popitem(last=False)
        self._variants.move_to_end(selection)
        return checker

    def _known(self, selection: Selection) -> Selection:
        """The selection with unknown names dropped (lenient) or refused, naming the field."""
        def known(selector: str) -> bool:
            return any(matches(rule, selector) for rule in self.catalogue)

        fields = {"select": selection.select, "extend_select": selection.extend_select,
                  "ignore": selection.ignore}
        if selection.lenient:
            kept = {name: tuple(s for s in values if known(s)) for name, values in fields.items()}
            return Selection(kept["select"], kept["extend_select"], kept["ignore"], selection.level)
        for name, values in fields.items():
            try:
                validate_selectors(((name, value) for value in values), known, candidates=self._names)
            except UsageError as error:
                raise _FieldError(error.diagnostic.message, name) from None
        return selection

    def _document(self, job: Job) -> Document:
        if job.annotation is None:
            return self.base.document(job.text, job.format, job.path)
        try:
            return annotated.document(job.annotation, job.path)
        except annotated.AnnotationError as error:
            raise _FieldError(f"data: {error}", "data") from None

    def _count(self) -> None:
        self._checks += 1
        if self._checks % SAVE_EVERY == 0:
            self.base.finish()

    def finish(self) -> None:
        self.base.finish()


class _FieldError(Exception):
    def __init__(self, message: str, field_name: str) -> None:
        super().__init__(message)
        self.message, self.field = message, field_name


def worker_main(connection: Connection, checker_pickle: bytes) -> None:
    """A check worker: answer Jobs from the connection until it closes or sends None."""
    # The front owns its workers: Ctrl-C, or SIGTERM sent to the whole process group, stops the
    # front, which asks each worker to save its cache and exit.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    service = Service(pickle.loads(checker_pickle))
    service.warm()
    connection.send(READY)
    try:
        while True:
            try:
                job = connection.recv()
            except EOFError:
                break
            if job is None:
                break
            connection.send(_safely(service, job))
    finally:
        service.finish()


def _safely(service: Service, job: Job) -> Answer:
    try:
        return service.answer(job)
    except Exception as error:
        # A bug in copycheck: where it happened goes to the log, but not the exception's message,
        # which may quote the request's text.
        sys.stderr.write("copycheck: internal error while checking, at:\n"
                         + "".join(traceback.format_tb(error.__traceback__))
                         + f"{type(error).__name__} (message withheld: it may quote the text)\n")
        return Answer(500, error_body(500, "internal error while checking (see the service log)"))


def languagetool_selection(enabled_rules: Sequence[str], disabled_rules: Sequence[str],
                           enabled_categories: Sequence[str], disabled_categories: Sequence[str],
                           enabled_only: bool, level: str | None) -> Selection:
    """LanguageTool's parameters as copycheck's selection: enabled rules and categories are added
    (with enabledOnly they are the only ones), disabled ones removed. Categories may be named by
    LanguageTool's id (TYPOS) or copycheck's name (spelling)."""
    names = languagetool.category_ids()
    enabled = (*enabled_rules, *(names.get(c.upper(), c) for c in enabled_categories))
    disabled = (*disabled_rules, *(names.get(c.upper(), c) for c in disabled_categories))
    if enabled_only:
        return Selection(select=enabled, ignore=disabled, level=level, lenient=True)
    return Selection(extend_select=enabled, ignore=disabled, level=level, lenient=True)
