"""One configured checker: rules loaded, validated and selected once, then run on any number of texts.

The command line and the Python API are two faces of this object. It keeps no global state of its
own (the spelling rules share one loaded speller per set of word lists within a process, as the
dictionaries are the costly part) and pickles (its rules, settings and severities travel; each
process builds a rule's check on first use), so a pool of worker processes or a cluster can be
handed one Checker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from . import sources
from .checks import Environment, finish_run, preload, prepare
from .config import Settings, load_settings, validate_selectors
from .document import Document
from .engine import Checked, Fixed, Linter, load_rules, matches, select_rules
from .errors import UsageError
from .findings import Diagnostic, Finding, Severity
from .rules import Rule

# "plain" is the API's word for what the command line calls `--input-format text`.
_FORMAT_ALIASES = {"plain": "text"}


class Selection(NamedTuple):  # a NamedTuple, not a frozen dataclass: a millisecond less at start-up
    """What the caller asks for on top of a configuration (the command line's options).

    `select` replaces the configuration's `select`; `extend_select`, `ignore`, `rule_files` and
    `dictionaries` add to the configuration's; `level` None means the configuration's."""

    select: Sequence[str] = ()
    extend_select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    level: str | None = None
    rule_files: Sequence[Path] = ()
    dictionaries: Sequence[Path] = ()
    suggestions: bool = True
    regex_timeout: float | None = Environment.regex_timeout


class Checker:
    """Checks texts with one set of rules.

    Raises UsageError for a bad configuration file or an unknown rule or category. Rule files
    that fail to load are skipped and listed in `problems` (the other rules still run).
    """

    def __init__(self, *, config: str | Path | Settings | None = None, select: Sequence[str] = (),
                 extend_select: Sequence[str] = (), ignore: Sequence[str] = (), level: str | None = None,
                 rule_files: Sequence[str | Path] = (), dictionaries: Sequence[str | Path] = (),
                 suggestions: bool = True,
                 regex_timeout: float | None = Environment.regex_timeout) -> None:
        settings = config if isinstance(config, Settings) else (
            load_settings(Path(config)) if config is not None else Settings())
        self.settings = settings
        self.selection = Selection(tuple(select), tuple(extend_select), tuple(ignore), level,
                                   tuple(Path(p) for p in rule_files),
                                   tuple(Path(p) for p in dictionaries), suggestions, regex_timeout)
        self.problems: list[Diagnostic] = []
        self.linter = self._build()

    # -- building -------------------------------------------------------------------------------
    def _build(self) -> Linter:
        """The configuration's choices, then the caller's: `select` replaces, the rest adds."""
        settings, chosen = self.settings, self.selection
        env = Environment(regex_timeout=chosen.regex_timeout,
                          dictionaries=(*settings.dictionaries, *chosen.dictionaries),
                          suggestions=chosen.suggestions)
        rules, self.problems = load_rules([*settings.extend_rules, *chosen.rule_files], env)

        def known(selector: str) -> bool:
            return any(matches(rule, selector) for rule in rules)

        names = sorted({name for rule in rules for name in (rule.id, rule.category)})
        validate_selectors(settings.selectors(), known, settings.path, names)
        validate_selectors(_selectors(chosen), known, candidates=names)
        selected = select_rules(rules, chosen.select or settings.select,
                                [*settings.ignore, *chosen.ignore],
                                [*settings.extend_select, *settings.house_rules, *chosen.extend_select],
                                chosen.level or settings.level)
        return Linter(selected, env, severity_overrides(rules, settings), catalogue=rules)

    # -- checking -------------------------------------------------------------------------------
    @property
    def rules(self) -> Sequence[Rule]:
        """The rules that run, in the order they run."""
        return self.linter.rules

    def check(self, doc: Document, skip: Sequence[str] = ()) -> Checked:
        """Findings and problems (a pattern stopped by its time limit, an unreadable word list)."""
        return self.linter.check(doc, skip)

    def fix(self, doc: Document, input_format: str = "text", unsafe: bool = False,
            skip: Sequence[str] = ()) -> Fixed:
        return self.linter.fix(doc, input_format, unsafe, skip)

    def document(self, text: str, format: str = "plain", path: str = "-") -> Document:
        """`text` read as plain text, Markdown or HTML: the prose to check and a map back to it."""
        name = _FORMAT_ALIASES.get(format, format)
        if name not in sources.INPUT_FORMATS or name == sources.RECORDS:
            raise UsageError(f"unknown format '{format}' (choose plain, markdown or html)")
        return sources.load(text, path, name)

    def check_text(self, text: str, *, format: str = "plain", path: str = "-",
                   severity: Severity | str = Severity.INFO) -> list[Finding]:
        """The findings on `text`, in text order; offsets count code points of the prose (for
        Markdown and HTML: of the extracted text; `document()` maps them back to the source)."""
        threshold = Severity.parse(severity) if isinstance(severity, str) else severity
        findings, _ = self.check(self.document(text, format, path))
        return [finding for finding in findings if finding.severity >= threshold]

    def warm(self) -> None:
        """Load now what the checks load on first need (the speller's dictionaries), so that the
        first text is checked as fast as the next: for a long-running service."""
        self._load(preload)

    def prepare(self) -> None:
        """Load now what the first texts of a batch will need (the frequency list; Hunspell when
        the verdict cache is empty), and no more: before worker processes are forked, so that
        they share it instead of each loading it."""
        self._load(prepare)

    def _load(self, load: Callable[[Environment], None]) -> None:
        if any(rule.kind == "spelling" for rule in self.rules):  # only the spelling kind loads anything
            load(self.linter.env)

    def finish(self) -> None:
        """Save what the checks learned across texts (the spelling verdict cache): call once at
        the end of a batch; a later check still works."""
        finish_run()

    # -- pickling -------------------------------------------------------------------------------
    def __getstate__(self) -> dict[str, Any]:
        # A rule's built check is a closure (not picklable) and cheap to build again on first use.
        state = self.__dict__.copy()
        state["linter"] = Linter(self.linter.rules, self.linter.env, self.linter.severity_overrides,
                                 self.linter.catalogue)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)


def _selectors(selection: Selection) -> Iterator[tuple[str, str]]:
    """(option, rule id or category) for every selector the caller gave."""
    for option, values in (("--select", selection.select), ("--extend-select", selection.extend_select),
                           ("--ignore", selection.ignore)):
        yield from ((option, value) for value in values)


def severity_overrides(rules: Sequence[Rule], settings: Settings) -> dict[str, Severity]:
    """Per-rule severities from the configuration; an id beats its category."""
    ordered = sorted(settings.severity.items(), key=lambda item: "." in item[0])
    return {rule.id: level for selector, level in ordered for rule in rules if matches(rule, selector)}
