"""The linter core: load and select rules, run each over a Document, stamp findings, fix."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from . import sources, suppressions
from .checks import Check, Environment
from .checks.suppression import KIND as SUPPRESSION_KIND
from .document import Document, windows
from .errors import CheckError, RuleFileError, UsageError
from .findings import LEVELS, Applicability, Diagnostic, Finding, Hit, Severity
from .fix import Edit, apply_edits
from .resources import data_path
from .rules import Rule, check_unique, load_pack, read_defines

MAX_FIX_PASSES = 8
PLAIN = "text"  # the input format whose source is its prose


def builtin_packs() -> list[Path]:
    return sorted(data_path("rules").glob("*.yaml"))


def load_rules(extra_packs: Sequence[Path] = (),
               env: Environment | None = None) -> tuple[list[Rule], list[Diagnostic]]:
    """Built-in packs, then the user's. A pack that fails to load is reported and skipped, so the
    other rules still run. User rules must pass their own examples on every load; built-in
    examples are verified by the test suite instead, which keeps startup fast.

    Macros: the built-in packs' `define`s are a library every pack can use; a user pack's own
    `define`s are for that pack only. So a user pack naming its fragment `AR` changes its own
    rules, never a built-in rule nor another user's pack."""
    builtin = builtin_packs()
    packs = [*builtin, *extra_packs]
    library: dict[str, str] = {}
    problems: list[Diagnostic] = []
    for pack in builtin:
        try:
            library.update(read_defines(pack))
        except RuleFileError as error:
            problems.append(error.diagnostic)
    rules: list[Rule] = []
    for pack in packs:
        try:
            loaded = load_pack(pack, library)
            if pack not in extra_packs:
                loaded = [replace(rule, builtin=True) for rule in loaded]
            if pack in extra_packs:
                _verify_pack(loaded, env or Environment())
            check_unique([*rules, *loaded])
        except RuleFileError as error:
            if error.diagnostic not in problems:
                problems.append(error.diagnostic)
            continue
        rules.extend(loaded)
    return rules, problems


def _verify_pack(rules: Sequence[Rule], env: Environment) -> None:
    for rule in rules:
        failures = verify_examples(rule, env)
        if failures:
            raise RuleFileError(f"example does not behave as declared: {failures[0]}",
                                rule.path, rule.line, rule.id)


def matches(rule: Rule, selector: str) -> bool:
    return selector in (rule.id, rule.category) or rule.id.startswith(selector + ".")


def select_rules(rules: Sequence[Rule], select: Sequence[str] = (), ignore: Sequence[str] = (),
                 extend_select: Sequence[str] = (), level: str = "default") -> list[Rule]:
    """ruff's precedence: `select` is the base (default: every rule enabled by default),
    `extend_select` adds, `ignore` removes. Opt-in rules join only when named by their full id;
    picky rules join at `level="picky"` (by category too) or when named by their full id."""
    if level not in LEVELS:
        raise UsageError(f"unknown level '{level}' (choose {' or '.join(LEVELS)})")
    for selector in [*select, *ignore, *extend_select]:
        if not any(matches(rule, selector) for rule in rules):
            raise UsageError(f"unknown rule or category '{selector}' (see `copycheck rules list`)")

    def runs(rule: Rule) -> bool:  # without being named by its id
        return rule.enabled and (rule.level == "default" or level == "picky")

    def chosen(rule: Rule, selectors: Sequence[str]) -> bool:
        return any(matches(rule, s) and (runs(rule) or s == rule.id) for s in selectors)

    base = [r for r in rules if chosen(r, select)] if select else [r for r in rules if runs(r)]
    added = [r for r in rules if chosen(r, extend_select) and r not in base]
    return [r for r in [*base, *added] if not any(matches(r, s) for s in ignore)]


class Checked(NamedTuple):
    """What Linter.check found in one Document."""

    findings: list[Finding]
    problems: list[Diagnostic]


class Fixed(NamedTuple):
    """What Linter.fix did, with the checks it ran on both ends: a caller need not repeat them."""

    document: Document  # after the last pass
    count: int  # fixes applied
    before: Checked  # the check of the Document as given
    after: Checked  # the check of `document`
    unsettled: tuple[str, ...] = ()  # rules whose fixes were still rewriting when fixing stopped


@dataclass
class Linter:
    rules: Sequence[Rule]
    env: Environment = field(default_factory=Environment)
    severity_overrides: Mapping[str, Severity] = field(default_factory=dict)
    # Every loaded rule, selected or not: tells an unknown id in a suppression from an unselected one.
    catalogue: Sequence[Rule] = ()
    _checks: dict[str, Check] = field(default_factory=dict, init=False, repr=False)

    def check(self, doc: Document, skip: Sequence[str] = ()) -> Checked:
        """Run the rules (less those `skip` names, e.g. per-file ignores) and apply suppressions.

        A problem in the document (a pattern that took too long) carries its path. Rules that
        cannot run at all (CheckError: a word list that cannot be read) give one problem per
        cause, located where the cause is rather than in the document: the same for every
        document, so a caller reports it once.
        """
        rules = [rule for rule in self.rules if not any(matches(rule, s) for s in skip)
                 ] if skip else self.rules
        findings: list[Finding] = []
        problems: dict[Diagnostic, None] = {}  # in order, each once (the windows share causes)
        unusable: dict[Diagnostic, set[str]] = {}  # the cause → the kinds of the rules it stopped
        for start, end in windows(doc.text):
            with _collector_paused(end - start >= PAUSE_COLLECTOR_FROM):
                found = self._window_findings(rules, doc, start, end, problems, unusable)
            findings.extend(_shifted(found, start) if start else found)
        problems.update(dict.fromkeys(
            replace(cause, message=f"{cause.message}; the {' and '.join(sorted(kinds))} "
                    "rules were skipped, the other rules still ran")
            for cause, kinds in unusable.items()))
        findings = one_per_span(findings)
        directives = suppressions.parse(doc)
        if directives:
            findings = self._suppress(doc, findings, directives, rules)
        findings.sort(key=lambda f: (f.start, f.end, f.rule))
        return Checked(findings, list(problems))

    def _window_findings(self, rules: Sequence[Rule], doc: Document, start: int, end: int,
                         problems: dict[Diagnostic, None],
                         unusable: dict[Diagnostic, set[str]]) -> list[Finding]:
        """Every rule over doc.text[start:end], in the window's offsets; the problems go to
        `problems` and `unusable`. A window's Document (and its analyses) is gone on return."""
        part = doc if end - start == len(doc.text) else doc.window(start, end)
        findings: list[Finding] = []
        for rule in rules:
            try:
                findings.extend(self._findings(rule, part))
            except TimeoutError:
                problems[Diagnostic(
                    f"pattern took longer than {self.env.regex_timeout:g} s and was stopped "
                    f"(rule defined at {rule.path}:{rule.line}); the other rules still ran",
                    part.path, None, rule.id)] = None
            except CheckError as error:
                unusable.setdefault(error.diagnostic, set()).add(rule.kind)
        return findings

    def fix(self, doc: Document, input_format: str = "text", unsafe: bool = False,
            skip: Sequence[str] = ()) -> Fixed:
        """Apply fixes to the source until it is stable: the fixed Document, the count, and the
        checks of the Document as given and as fixed.

        Edits are made in the source, and only where it holds the flagged text as it is: a finding
        that crosses markup, an entity or a paragraph break is reported, never rewritten. After
        each pass the source is read again in its format, so offsets always come from a parse.
        Only safe fixes, unless `unsafe`: then also the first suggestion of unsafe ones.

        Fixes that have not settled after MAX_FIX_PASSES, or that bring back a source an earlier
        pass had (two rules undoing each other), stop there: the rules still rewriting are named
        in `unsettled` and in a problem on the document, so a second run is never silently
        different from the first.
        """
        escape = sources.module(input_format).escape
        current, fixed, seen = doc, 0, {doc.source}
        before = after = self.check(doc, skip)
        previous: list[tuple[Finding, Edit]] = []
        for _ in range(MAX_FIX_PASSES + 1):
            candidates = self._fix_edits(current, after, unsafe, escape)
            chosen = _faithful(current, candidates, input_format)
            source, applied = apply_edits(current.source, [edit for _, edit in chosen])
            if not applied:
                after = _as_suggestions(after, unsafe)
                return Fixed(current, fixed, before if fixed else after, after)
            if source in seen or len(seen) > MAX_FIX_PASSES:
                break
            seen.add(source)
            current, fixed = sources.load(source, doc.path, input_format), fixed + applied
            after, previous = self.check(current, skip), chosen
        # The last pass's rules and the pending ones: for two fixes undoing each other, both.
        unsettled = tuple(sorted({finding.rule for finding, _ in [*previous, *chosen]}))
        problem = _unsettled_problem(current, [finding for finding, _ in chosen], unsettled)
        return Fixed(current, fixed, _with(before, problem), _with(after, problem), unsettled)

    def _fix_edits(self, doc: Document, checked: Checked, unsafe: bool,
                   escape: Callable[[str], str]) -> list[tuple[Finding, Edit]]:
        return [(f, edit) for f in checked.findings if applies(f, unsafe)
                and (edit := _source_edit(doc, f, escape)) is not None]

    def _findings(self, rule: Rule, doc: Document) -> list[Finding]:
        if rule.kind == SUPPRESSION_KIND:
            return []  # its findings come from _suppress, after every other rule has run
        check = self._checks.get(rule.id)
        if check is None:
            check = self._checks[rule.id] = rule.build(self.env)
        severity = self.severity_overrides.get(rule.id, rule.severity)
        return [_finding(rule, severity, hit) for hit in check(doc)
                if not doc.is_protected(hit.start, hit.end)]

    def _suppress(self, doc: Document, findings: list[Finding],
                  directives: list[suppressions.Directive], rules: Sequence[Rule]) -> list[Finding]:
        by_id = {rule.id: rule for rule in self.catalogue or self.rules}
        kept = suppressions.apply(doc, findings, directives,
                                  lambda finding, s: matches(by_id[finding.rule], s))
        reporter = next((rule for rule in rules if rule.kind == SUPPRESSION_KIND), None)
        if reporter is None:
            return kept
        unused = suppressions.unused(
            directives, selected=lambda s: any(matches(rule, s) for rule in rules),
            known=lambda s: any(matches(rule, s) for rule in by_id.values()))
        severity = self.severity_overrides.get(reporter.id, reporter.severity)
        return kept + [_finding(reporter, severity, _unused_hit(doc, item)) for item in unused]


# Characters from which a window is read with the cyclic garbage collector paused (see below).
PAUSE_COLLECTOR_FROM = 100_000


@contextmanager
def _collector_paused(long_text: bool) -> Iterator[None]:
    """Cyclic garbage collection paused while the rules read one long window of a text. Its
    analyses make hundreds of thousands of containers (token columns, tuples of words, matches),
    none of them in a cycle, and the collector walking the growing heap again and again cost
    about a tenth of the check of a 5 MB file; reference counting frees them all the same.
    Collection resumes after each window, once the window's Document is gone (else the first
    collection would walk all of its analyses); a caller that paused it itself keeps it paused.
    An article makes too few containers for this to pay: resuming would cost more than it saves."""
    paused = long_text and gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _shifted(findings: list[Finding], offset: int) -> list[Finding]:
    """Findings on a window of a text, in the whole text's offsets."""
    return [replace(f, start=f.start + offset, end=f.end + offset) for f in findings]


_FIX_WEIGHT = {Applicability.SAFE: 2, Applicability.UNSAFE: 1, Applicability.NONE: 0}


def _weight(finding: Finding) -> tuple[int, int]:
    return _FIX_WEIGHT[finding.applicability], int(finding.severity)


def one_per_span(findings: list[Finding]) -> list[Finding]:
    """One problem, one finding: a finding is dropped when a weightier one proposes to rewrite its
    span (the same span or one around it), since that edit settles it. Weight is the fix first
    (safe over unsafe over none: a reviewed substitution beats the dictionary's guess for the same
    word, الذى → الذي over «not a word»), then severity. A finding without replacements rewrites
    nothing and hides nothing («no final punctuation» on the last word, a repeated passage), and
    equal weights are both kept."""
    reach: dict[tuple[int, int], int] = {}  # weight → furthest end of a rewrite started so far
    kept: set[int] = set()
    for finding in sorted(findings, key=lambda f: (f.start, -f.end, tuple(-w for w in _weight(f)))):
        weight = _weight(finding)
        if finding.end == finding.start or not any(
                end >= finding.end for other, end in reach.items() if other > weight):
            kept.add(id(finding))
        if finding.replacements:
            reach[weight] = max(reach.get(weight, finding.end), finding.end)
    return [finding for finding in findings if id(finding) in kept]


def applies(finding: Finding, unsafe: bool) -> bool:
    """Whether --fix (with or without --unsafe-fixes) applies this finding's first replacement."""
    if finding.fixable:
        return True
    return unsafe and finding.applicability is Applicability.UNSAFE and bool(finding.replacements)


def _unused_hit(doc: Document, item: suppressions.Unused) -> Hit:
    start, end = suppressions.text_span(doc, item.directive)
    selector = "everything" if item.selector == suppressions.ALL else item.selector
    reason = ("nothing to suppress", "لا شيء يُستثنى") if item.known else \
        ("no such rule or category", "لا توجد قاعدة أو فئة بهذا الاسم")
    return Hit(start, end, args={"selector": selector, "reason": reason[0], "reason_ar": reason[1]})


def _faithful(doc: Document, chosen: list[tuple[Finding, Edit]],
              input_format: str) -> list[tuple[Finding, Edit]]:
    """The edits that change the prose by exactly their own replacements and nothing else.

    In Markdown and HTML an edit of the source can change more than its span: deleting the space
    in `السادس **.**` makes `**` close no emphasis, deleting a BOM makes `- ` a list marker, `\\،.`
    fixed to `\\.` turns into an escape, whitespace around a deleted character collapses. The
    prose extracted again from the edited source must be the old prose with the findings'
    replacements, or the edits are not made (the findings stay suggestions). A pass's edits are
    tried together, then halves of a group that fails, down to single edits: a long document
    with one bad edit costs a few parses, not one per edit. Plain text is its own prose."""
    if input_format == PLAIN or not chosen:
        return chosen
    kept = _passing(doc, chosen, input_format)
    if kept is not chosen and len(kept) > 1 and not _keeps_prose(doc, kept, input_format):
        kept = kept[:1]  # groups fine apart but not together: one edit this pass, then look again
    return kept


def _passing(doc: Document, group: list[tuple[Finding, Edit]],
             input_format: str) -> list[tuple[Finding, Edit]]:
    if _keeps_prose(doc, group, input_format):
        return group
    if len(group) == 1:
        return []
    half = len(group) // 2
    return [*_passing(doc, group[:half], input_format), *_passing(doc, group[half:], input_format)]


def _keeps_prose(doc: Document, chosen: Sequence[tuple[Finding, Edit]], input_format: str) -> bool:
    source, _ = apply_edits(doc.source, [edit for _, edit in chosen])
    expected, _ = apply_edits(doc.text, [Edit(f.start, f.end, f.replacements[0]) for f, _ in chosen])
    return sources.load(source, doc.path, input_format).text == expected


def _as_suggestions(checked: Checked, unsafe: bool) -> Checked:
    """After fixing, a finding --fix would apply but could not (its edit would change the document
    outside its span, or it crosses markup) is offered as a suggestion, not as a fix."""
    if not any(applies(f, unsafe) for f in checked.findings):
        return checked
    return Checked([replace(f, applicability=Applicability.NONE) if applies(f, unsafe) else f
                    for f in checked.findings], checked.problems)


def _unsettled_problem(doc: Document, findings: Sequence[Finding],
                       rules: Sequence[str]) -> Diagnostic:
    line = doc.locate(findings[0].start, findings[0].end).line if findings else None
    return Diagnostic(f"fixing stopped before the text was stable: {', '.join(rules)} would still "
                      "rewrite it (their fixes undo or feed each other; the fixes made so far are "
                      "kept)", doc.path, line,
                      rules[0] if len(rules) == 1 else None)


def _with(checked: Checked, problem: Diagnostic) -> Checked:
    return Checked(checked.findings, [*checked.problems, problem])


def _source_edit(doc: Document, finding: Finding, escape: Callable[[str], str]) -> Edit | None:
    span = doc.copied_source_span(finding.start, finding.end)
    return None if span is None else Edit(span.start, span.end, escape(finding.replacements[0]))


class _KeepUnknown(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _finding(rule: Rule, severity: Severity, hit: Hit) -> Finding:
    args = _KeepUnknown(hit.args)
    return Finding(
        rule=rule.id, category=rule.category, severity=severity, start=hit.start, end=hit.end,
        message=rule.message.format_map(args), message_ar=rule.message_ar.format_map(args),
        replacements=hit.replacements, applicability=rule.fix if hit.replacements else rule.fix.NONE,
    )


def verify_examples(rule: Rule, env: Environment) -> list[str]:
    """LanguageTool's contract: each bad example is flagged exactly at its marked spans, its first
    replacement yields `fixed`, the fixed text is clean, and every good example stays silent."""
    linter = Linter([rule], env)
    failures = []
    for index, example in enumerate(rule.examples.bad):
        findings, _ = linter.check(Document(example.text))
        spans = tuple((f.start, f.end) for f in findings)
        if spans != example.spans:
            failures.append(f"bad[{index}] {example.text!r}: expected spans {list(example.spans)}, "
                            f"got {list(spans)}")
            continue
        if example.fixed is not None:
            failures.extend(_verify_fix(linter, index, example.text, example.fixed, findings))
    for index, text in enumerate(rule.examples.good):
        findings, _ = linter.check(Document(text))
        if findings:
            failures.append(f"good[{index}] {text!r}: flagged "
                            f"{[text[f.start:f.end] for f in findings]}")
    return failures


def _verify_fix(linter: Linter, index: int, text: str, fixed: str,
                findings: list[Finding]) -> list[str]:
    edits = [Edit(f.start, f.end, f.replacements[0]) for f in findings if f.replacements]
    result, _ = apply_edits(text, edits)
    if result != fixed:
        return [f"bad[{index}] {text!r}: fix gives {result!r}, expected {fixed!r}"]
    again, _ = linter.check(Document(result))
    if again:
        return [f"bad[{index}]: the fixed text {result!r} is still flagged"]
    return []
