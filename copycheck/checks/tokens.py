"""`kind: tokens`: a sequence of token conditions, matched over the Document's tokens.

Each position of `tokens` is a condition on one token (punctuation marks are tokens too):
`word` (its form with tashkeel stripped), `key` (the matching key: hamza seats, ى/ي and ة/ه
folded), `regex` (a full match of the bare form, under the regex time limit for a user's rule),
`class` (a word class of dictionaries/wordclasses.yaml), `kind` (arabic, number, punct …), with
`clitics` (`none`, `allow`: a proclitic و ف ب ل ك may be attached, `conjunction`: و or ف may,
`require`, or a list of the proclitics required) and `not` (a condition the token must not
meet); `not_after` is a condition that no token before it in its sentence may meet (up to
MAX_SKIP tokens back); a list of conditions is met when any of them is. A position may be preceded
by `skip: 0-3` tokens, none of which meets its `barrier` condition and none past the end of the
`scope` (a sentence, or a paragraph); `mark: true` positions make the finding's span (all of
them when none is marked), and `replace` builds the replacement from the matched tokens:
`{2}` is the token of position 2 (or `{name}` of a position with that `name`) as written,
`{2:feminine}` the same inflected through a table of endings (`مشيرًا` → `مشيرةً`).

Matching is linear in the tokens: each position looks at most `skip` tokens ahead of the previous
one, and conditions are memoised per form.
"""

from __future__ import annotations

import difflib
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress
from typing import TYPE_CHECKING, Any

import regex

from .. import wordclasses
from ..arabic import STRIPPED_CHARACTERS, match_key, strip_marks
from ..document import Document, per_document
from ..findings import Hit

if TYPE_CHECKING:
    from . import Environment

KIND = "tokens"
SCOPES = ("sentence", "paragraph")
CLITIC_MODES = ("none", "allow", "require", "conjunction")
# Longest first: وب before و.
CLITICS = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")
CONJUNCTIONS = ("و", "ف")  # what a verb may carry: «وقال», never «بقال»
CONDITION_KEYS = ("word", "key", "regex", "class", "kind", "clitics", "not")
POSITION_KEYS = (*CONDITION_KEYS, "skip", "barrier", "not_after", "mark", "name")
MAX_SKIP = 60
_MIN_STEM = 2
_MEMO_LIMIT = 200_000  # forms remembered per condition before the memo starts again
_PLACEHOLDER = regex.compile(r"\{(\w+)(?::([\w-]+))?\}")
_SKIP = regex.compile(r"(\d+)(?:\s*-\s*(\d+))?")

Test = Callable[[str, str], bool]  # (bare form, token kind) → matches


@dataclass(frozen=True)
class Options:
    tokens: Sequence[Mapping[str, Any]]
    # Replacement template(s), best first: `{2}`, `{2:TABLE}`, `{name}`, and literal text.
    replace: str | Sequence[str] | None = None
    scope: str = "sentence"


@dataclass(frozen=True)
class _Position:
    test: Test
    low: int = 0  # tokens skipped before this position: at least low, at most high
    high: int = 0
    barrier: Test | None = None
    not_after: Test | None = None  # no token before this one in its sentence meets it
    mark: bool = False
    name: str | None = None


class PositionError(ValueError):
    """A problem in one position of `tokens`: carries the line of that position in the file."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


def build(options: Options, env: Environment) -> Callable[[Document], Iterator[Hit]]:
    if options.scope not in SCOPES:
        raise ValueError(f"scope must be one of {', '.join(SCOPES)}, not {options.scope!r}")
    if not isinstance(options.tokens, Sequence) or not options.tokens:
        raise ValueError("'tokens' must be a non-empty list of token conditions")
    classes = wordclasses.load()
    positions = tuple(_position(spec, index, env, classes) for index, spec
                      in enumerate(options.tokens))
    templates = _templates(options.replace, positions, classes)
    marked = [i for i, p in enumerate(positions) if p.mark] or list(range(len(positions)))
    span_of = (marked[0], marked[-1])

    triggers = _trigger_forms(options.tokens[0], classes)
    # A text that lacks every form one position can match holds no match: one set test each.
    required = [forms for forms in (_trigger_forms(spec, classes) for spec in options.tokens)
                if forms is not None]

    def check(doc: Document) -> Iterator[Hit]:
        view = _view(doc)
        if any(forms.isdisjoint(view.forms) for forms in required):
            return
        for start in _starts(view, positions[0].test, triggers):
            chosen = _match(positions, view, start, _unit_end(doc, options.scope, start), doc)
            if chosen is not None:
                hit = _hit(doc, positions, chosen, span_of, templates)
                if hit is not None:
                    yield hit

    return check


# -- compiling the YAML ---------------------------------------------------------------------------
def _line(spec: Any) -> int | None:
    return getattr(spec, "line", None)


def _reject_unknown(spec: Mapping[str, Any], allowed: Sequence[str], where: str) -> None:
    for key in spec:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            line = getattr(spec, "key_lines", {}).get(key) or _line(spec)
            raise PositionError(f"{where}: unknown key '{key}'{hint}", line)


def _position(spec: Any, index: int, env: Environment,
              classes: wordclasses.WordClasses) -> _Position:
    where = f"token {index + 1}"
    if not isinstance(spec, Mapping):
        raise ValueError(f"{where}: each token condition must be a mapping")
    low, high = _skip(spec.get("skip", 0), where, _line(spec))
    if index == 0 and high:
        raise PositionError(f"{where}: the first token cannot skip tokens before it", _line(spec))
    barrier, not_after = spec.get("barrier"), spec.get("not_after")
    name = spec.get("name")
    if name is not None and (not isinstance(name, str) or not name.isidentifier()):
        raise PositionError(f"{where}: 'name' must be a word (letters, digits, _)", _line(spec))
    return _Position(
        test=_condition(spec, where, env, classes, POSITION_KEYS), low=low, high=high,
        barrier=_condition(barrier, f"{where} barrier", env, classes) if barrier else None,
        not_after=(_condition(not_after, f"{where} not_after", env, classes)
                   if not_after else None),
        mark=bool(spec.get("mark", False)), name=name)


def _skip(value: Any, where: str, line: int | None) -> tuple[int, int]:
    found = _SKIP.fullmatch(str(value).strip()) if not isinstance(value, bool) else None
    if found is None:
        raise PositionError(f"{where}: skip must be a number or a range like 0-3, not {value!r}",
                            line)
    low = int(found.group(1)) if found.group(2) else 0
    high = int(found.group(2) or found.group(1))
    if low > high or high > MAX_SKIP:
        raise PositionError(f"{where}: skip {value!r} must be a range low-high with "
                            f"high ≤ {MAX_SKIP}", line)
    return low, high


def _condition(spec: Any, where: str, env: Environment, classes: wordclasses.WordClasses,
               allowed: Sequence[str] = CONDITION_KEYS) -> Test:
    if isinstance(spec, list | tuple) and spec:  # any of several conditions
        alternatives = [_condition(item, where, env, classes) for item in spec]
        return _memoised(lambda bare, kind: any(test(bare, kind) for test in alternatives))
    if not isinstance(spec, Mapping):
        raise ValueError(f"{where}: a condition must be a mapping of word, class, regex …")
    _reject_unknown(spec, allowed, where)
    tests = _stem_tests(spec, where, env, classes)
    stems = _stems(spec.get("clitics", "none"), where, _line(spec))
    kinds = frozenset(_texts(spec, "kind", where)) if "kind" in spec else None
    negative = _condition(spec["not"], f"{where} not", env, classes) if "not" in spec else None

    def test(bare: str, kind: str) -> bool:
        if kinds is not None and kind not in kinds:
            return False
        if negative is not None and negative(bare, kind):
            return False
        return any(all(t(stem) for t in tests) for stem in stems(bare))

    return _memoised(test)


def _memoised(test: Test) -> Test:
    """`test` remembered per form, in one table per token kind (no tuple made per call)."""
    memo: dict[str, dict[str, bool]] = {}

    def cached(bare: str, kind: str) -> bool:
        table = memo.get(kind)
        if table is None:
            table = memo[kind] = {}
        found = table.get(bare)
        if found is None:
            if len(table) > _MEMO_LIMIT:
                table.clear()
            found = table[bare] = test(bare, kind)
        return found

    return cached


def _texts(spec: Mapping[str, Any], key: str, where: str) -> list[str]:
    value = spec[key]
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        raise PositionError(f"{where}: '{key}' must be text or a list of texts", _line(spec))
    return values


def _stem_tests(spec: Mapping[str, Any], where: str, env: Environment,
                classes: wordclasses.WordClasses) -> list[Callable[[str], bool]]:
    tests: list[Callable[[str], bool]] = []
    if "word" in spec:
        tests.append(frozenset(map(strip_marks, _texts(spec, "word", where))).__contains__)
    if "key" in spec:
        keys = frozenset(map(match_key, _texts(spec, "key", where)))
        tests.append(lambda stem: match_key(stem) in keys)
    if "regex" in spec:
        tests.append(_regex_test(_texts(spec, "regex", where), where, env, _line(spec)))
    if "class" in spec:
        tests.append(_class_test(_texts(spec, "class", where), where, classes, _line(spec)))
    return tests


def _regex_test(patterns: list[str], where: str, env: Environment,
                line: int | None) -> Callable[[str], bool]:
    try:
        compiled = regex.compile("|".join(f"(?:{p})" for p in patterns), regex.VERSION1)
    except regex.error as error:
        raise PositionError(f"{where}: invalid regular expression: {error}", line) from None
    fullmatch = env.limited(compiled.fullmatch)
    return lambda stem: fullmatch(stem) is not None


def _class_test(names: list[str], where: str, classes: wordclasses.WordClasses,
                line: int | None) -> Callable[[str], bool]:
    known = classes.names
    words: frozenset[str] = frozenset()
    patterns: tuple[Any, ...] = ()
    for name in names:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise PositionError(f"{where}: unknown word class '{name}'{hint}", line)
        listed, matched = classes.members(name)
        words, patterns = words | listed, patterns + matched
    if not patterns:
        return words.__contains__
    return lambda stem: stem in words or any(p.matches(stem) for p in patterns)


def _stems(mode: Any, where: str, line: int | None) -> Callable[[str], list[str]]:
    """The readings of a form: as written, and/or without a proclitic."""
    if isinstance(mode, list):
        required = tuple(sorted(map(str, mode), key=len, reverse=True))
        return lambda bare: _without(bare, required)
    if mode not in CLITIC_MODES:
        raise PositionError(f"{where}: clitics must be one of {', '.join(CLITIC_MODES)} or a "
                            f"list of proclitics, not {mode!r}", line)
    if mode == "none":
        return lambda bare: [bare]
    if mode == "require":
        return lambda bare: _without(bare, CLITICS)
    if mode == "conjunction":
        return lambda bare: [bare, *_without(bare, CONJUNCTIONS)]
    return lambda bare: [bare, *_without(bare, CLITICS)]


def _without(bare: str, clitics: Sequence[str]) -> list[str]:
    return [bare[len(c):] for c in clitics
            if bare.startswith(c) and len(bare) - len(c) >= _MIN_STEM]


def _trigger_forms(spec: Any, classes: wordclasses.WordClasses) -> frozenset[str] | None:
    """Every bare form a condition can match (its clitics included), when its `word` or `class`
    lists them; None when only testing a token tells (a regex, a key, a pattern class)."""
    if isinstance(spec, list):
        parts = [_trigger_forms(item, classes) for item in spec]
        return None if any(p is None for p in parts) else frozenset().union(*parts)  # type: ignore[arg-type]
    listed: list[frozenset[str]] = []
    if "word" in spec:
        listed.append(frozenset(map(strip_marks, _texts(spec, "word", ""))))
    if "class" in spec:
        members = [classes.members(name) for name in _texts(spec, "class", "")]
        if any(patterns for _words, patterns in members):
            return None
        listed.append(frozenset().union(*(words for words, _patterns in members)))
    if not listed:
        return None
    forms = frozenset.intersection(*listed)
    return frozenset(f for form in forms for f in _with_clitics(form, spec.get("clitics", "none")))


def _with_clitics(form: str, mode: Any) -> list[str]:
    if isinstance(mode, list | tuple):
        return [prefix + form for prefix in mode]
    prefixes = {"allow": CLITICS, "conjunction": CONJUNCTIONS, "require": CLITICS}.get(mode, ())
    bare_too = mode != "require"
    return [*([form] if bare_too else []), *(prefix + form for prefix in prefixes)]


def _templates(replace: str | Sequence[str] | None, positions: Sequence[_Position],
               classes: wordclasses.WordClasses) -> tuple[str, ...]:
    templates = (replace,) if isinstance(replace, str) else tuple(replace or ())
    names = {p.name for p in positions if p.name}
    for template in templates:
        for placeholder in _PLACEHOLDER.finditer(template):
            reference, table = placeholder.groups()
            if not (reference in names or (reference.isdigit()
                                           and 1 <= int(reference) <= len(positions))):
                raise ValueError(f"replacement {template!r} refers to token {reference!r}, "
                                 f"which the pattern does not have")
            if table is not None and table not in classes.inflections:
                close = difflib.get_close_matches(table, list(classes.inflections), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                raise ValueError(f"replacement {template!r}: unknown inflection '{table}'{hint}")
    return templates


# -- matching -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _View:
    kinds: list[str]
    bare: list[str]  # each token without tashkeel (what conditions read)
    forms: frozenset[str]  # the distinct bare forms


@per_document  # shared by every tokens rule
def _view(doc: Document) -> _View:
    """The bare forms: the text's few marks are found in one scan, so most tokens are taken as
    they are instead of each going through `strip_marks`."""
    columns = doc.token_columns
    bare = list(columns.texts)
    stripped = -1
    for mark in STRIPPED_CHARACTERS.finditer(doc.text):
        index = bisect_right(columns.starts, mark.start()) - 1
        if index > stripped and mark.start() < columns.ends[index]:
            bare[index], stripped = strip_marks(columns.texts[index]), index
    return _View(columns.kinds, bare, frozenset(bare))


def _starts(view: _View, test: Test, triggers: frozenset[str] | None) -> Iterator[int]:
    """The tokens the first position matches. When its forms are known (a word list, a word
    class), a text holding none of them costs one set intersection, and the others a scan in C
    (`compress`) for the tokens of those forms."""
    if triggers is None:
        candidates: Iterable[int] = range(len(view.bare))
    else:
        present = triggers.intersection(view.forms)
        if not present:
            return
        candidates = compress(range(len(view.bare)), map(present.__contains__, view.bare))
    for index in candidates:
        if test(view.bare[index], view.kinds[index]):
            yield index


def _unit(doc: Document, scope: str, index: int) -> tuple[int, int]:
    """The character span of the sentence or paragraph of token `index`."""
    spans = doc.sentences if scope == "sentence" else doc.paragraphs
    starts = _unit_starts(doc)[scope]
    unit = bisect_right(starts, doc.token_columns.starts[index]) - 1
    return spans[unit] if unit >= 0 else (0, len(doc.text))


@per_document
def _unit_starts(doc: Document) -> dict[str, list[int]]:
    return {"sentence": [span.start for span in doc.sentences],
            "paragraph": [span.start for span in doc.paragraphs]}


def _unit_end(doc: Document, scope: str, index: int) -> int:
    """The index just past the last token of the sentence or paragraph of token `index`."""
    return bisect_left(doc.token_columns.starts, _unit(doc, scope, index)[1])


def _sentence_start(doc: Document, index: int) -> int:
    """The index of the first token of the sentence of token `index`."""
    return bisect_left(doc.token_columns.starts, _unit(doc, "sentence", index)[0])


def _after(test: Test, view: _View, index: int, first: int) -> bool:
    """A token before `index`, back to `first` (at most MAX_SKIP tokens), meets `test`."""
    return any(test(view.bare[i], view.kinds[i])
               for i in range(max(first, index - MAX_SKIP), index))


def _fits(position: _Position, view: _View, index: int, doc: Document) -> bool:
    if not position.test(view.bare[index], view.kinds[index]):
        return False
    return position.not_after is None or not _after(position.not_after, view, index,
                                                    _sentence_start(doc, index))


def _match(positions: Sequence[_Position], view: _View, start: int, limit: int,
           doc: Document) -> list[int] | None:
    """Token indices of a match of all positions whose first is `start`, the nearest first. The
    first position's look-back (`not_after`), the costliest test, is made last."""
    chosen = [start]
    if not _extend(positions, view, chosen, 1, limit, doc):
        return None
    first = positions[0].not_after
    if first is not None and _after(first, view, start, _sentence_start(doc, start)):
        return None
    return chosen


def _extend(positions: Sequence[_Position], view: _View, chosen: list[int], k: int,
            limit: int, doc: Document) -> bool:
    if k == len(positions):
        return True
    position = positions[k]
    for index in range(chosen[-1] + 1, min(chosen[-1] + 2 + position.high, limit)):
        skipped = index - chosen[-1] - 1
        if skipped >= position.low and _fits(position, view, index, doc):
            chosen.append(index)
            if _extend(positions, view, chosen, k + 1, limit, doc):
                return True
            chosen.pop()
        if position.barrier is not None and position.barrier(view.bare[index], view.kinds[index]):
            return False  # skipping would cross the barrier
    return False


def _hit(doc: Document, positions: Sequence[_Position], chosen: list[int],
         span_of: tuple[int, int], templates: Sequence[str]) -> Hit | None:
    columns = doc.token_columns
    start, end = columns.starts[chosen[span_of[0]]], columns.ends[chosen[span_of[1]]]
    if doc.is_protected(start, end):
        return None
    texts = [columns.texts[index] for index in chosen]
    named = {p.name: text for p, text in zip(positions, texts, strict=True) if p.name}
    replacements = tuple(r for r in (_expand(t, texts, named) for t in templates) if r is not None)
    return Hit(start, end, replacements, {"match": doc.text[start:end], **named})


def _expand(template: str, texts: Sequence[str], named: Mapping[str, str]) -> str | None:
    classes = wordclasses.load()
    failed = False

    def replace(placeholder: regex.Match[str]) -> str:
        nonlocal failed
        reference, table = placeholder.groups()
        word = named[reference] if reference in named else texts[int(reference) - 1]
        if table is None:
            return word
        inflected = wordclasses.inflect(word, classes.inflections[table])
        failed = failed or inflected is None
        return inflected or word

    expanded = _PLACEHOLDER.sub(replace, template)
    return None if failed else expanded
