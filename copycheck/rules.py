"""Load YAML rule packs into Rule objects, strictly, with errors that point into the file.

A pack is a YAML mapping: `pack` (its name), optional `description`, optional `define`
(named pattern fragments used as `${NAME}` in any kind's options) and `rules` (a list).
Built-in packs and a newsroom's own packs go through exactly this code.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex
import yaml

from .checks import KINDS, Check, Environment
from .errors import RuleFileError
from .findings import CATEGORIES, LEVELS, Applicability, Severity

MARK_OPEN, MARK_CLOSE = "⟦", "⟧"
RULE_ID = regex.compile(r"^[a-z]+(?:\.[a-z0-9-]+)+$")
COMMON_KEYS = ("id", "kind", "category", "severity", "message", "message_ar", "description",
               "rationale", "fix", "fix_title", "enabled", "level", "examples")
REQUIRED_KEYS = ("id", "kind", "category", "severity", "message", "message_ar", "examples")
PACK_KEYS = ("pack", "description", "define", "rules")
_MACRO = regex.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class _LineDict(dict):
    """A YAML mapping that remembers the line of each of its keys (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


# libyaml's parser when PyYAML was built with it: several times faster, the same nodes and marks.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):  # type: ignore[misc,valid-type]
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> _LineDict:
        mapping = _LineDict(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {key.value: key.start_mark.line + 1 for key, _ in node.value}
        return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                            _LineLoader.construct_mapping)


@dataclass(frozen=True)
class BadExample:
    text: str  # with the markers removed
    spans: tuple[tuple[int, int], ...]
    fixed: str | None


@dataclass(frozen=True)
class Examples:
    bad: tuple[BadExample, ...]
    good: tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    category: str
    severity: Severity
    message: str
    message_ar: str
    options: Any
    examples: Examples
    fix: Applicability = Applicability.NONE
    description: str = ""
    rationale: str = ""
    fix_title: str = ""
    enabled: bool = True
    # "default": runs unless deselected; "picky": runs only at `--level picky` or when named by
    # id. Rules whose precision on professional copy was measured below 85 % are picky.
    level: str = "default"
    path: str = ""
    line: int = 0
    # Shipped with copycheck. Built-in patterns are tested to read any run of characters in linear
    # time (tests/test_pattern_linearity.py), so they run without the regex time limit, which is
    # kept for the rule files of users.
    builtin: bool = False

    def build(self, env: Environment) -> Check:
        if self.builtin:
            env = dataclasses.replace(env, regex_timeout=None)
        return KINDS[self.kind].build(self.options, env)


def load_pack(path: Path | str, defines: Mapping[str, str] | None = None) -> list[Rule]:
    """Load one pack; `defines` are fragments from other packs (the pack's own override them)."""
    path_text = str(path)
    data = _read_yaml(Path(path), path_text)
    macros = {**(defines or {}), **_pack_defines(data, path_text)}
    rules = data.get("rules", [])
    if not isinstance(rules, list):
        raise RuleFileError("'rules' must be a list", path_text, data.key_lines.get("rules"))
    return [_parse_rule(entry, path_text, macros) for entry in rules]


def read_defines(path: Path | str) -> dict[str, str]:
    return _pack_defines(_read_yaml(Path(path), str(path)), str(path))


def check_unique(rules: Iterable[Rule]) -> None:
    seen: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in seen:
            first = seen[rule.id]
            raise RuleFileError(f"duplicate rule id (first defined in {first.path}:{first.line})",
                                rule.path, rule.line, rule.id)
        seen[rule.id] = rule


def _read_yaml(path: Path, path_text: str) -> _LineDict:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RuleFileError(f"cannot read rule file: {error}", path_text) from None
    try:
        data = _parse_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(error, "problem", None) or str(error)
        raise RuleFileError(f"invalid YAML: {problem}", path_text, line) from None
    if not isinstance(data, _LineDict):
        raise RuleFileError("a rule pack must be a YAML mapping with a 'rules' list", path_text, 1)
    _reject_unknown(data, PACK_KEYS, path_text, None)
    return data


@functools.lru_cache(maxsize=64)
def _parse_yaml(text: str) -> Any:
    """Parse once per content: load_rules reads every pack twice (its defines, then its rules).
    Callers never modify the result."""
    return yaml.load(text, Loader=_LineLoader)


def _pack_defines(data: _LineDict, path: str) -> dict[str, str]:
    defines = data.get("define", {})
    if not isinstance(defines, dict) or not all(isinstance(v, str) for v in defines.values()):
        raise RuleFileError("'define' must map names to pattern text", path,
                            data.key_lines.get("define"))
    return dict(defines)


def _reject_unknown(data: _LineDict, allowed: Sequence[str], path: str, rule: str | None) -> None:
    for key in data:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise RuleFileError(f"unknown key '{key}'{hint}", path, data.key_lines.get(key), rule)


def _parse_rule(entry: Any, path: str, macros: Mapping[str, str]) -> Rule:
    if not isinstance(entry, _LineDict):
        raise RuleFileError("each rule must be a mapping", path)
    rule_id = entry.get("id")
    where = {"path": path, "line": entry.line, "rule": rule_id if isinstance(rule_id, str) else None}
    if "kind" not in entry:
        raise RuleFileError("missing required key 'kind'", **where)
    kind = KINDS.get(entry["kind"])
    if kind is None:
        raise RuleFileError(f"unknown kind '{entry['kind']}' (known: {', '.join(KINDS)})",
                            path, entry.key_lines["kind"], where["rule"])
    # Unknown keys first: a misspelt required key («severty») deserves "did you mean", not "missing".
    option_names = [f.name for f in dataclasses.fields(kind.Options)]
    _reject_unknown(entry, (*COMMON_KEYS, *option_names), path, where["rule"])
    for key in REQUIRED_KEYS:
        if key not in entry:
            raise RuleFileError(f"missing required key '{key}'", **where)
    try:
        return _make_rule(entry, kind.Options, path, macros)
    except (ValueError, TypeError) as error:
        # A kind may know the line of the option at fault (a position of a `tokens` rule).
        line = getattr(error, "line", None) or where["line"]
        raise RuleFileError(str(error), path, line, where["rule"]) from None


def _make_rule(entry: _LineDict, options_class: type, path: str, macros: Mapping[str, str]) -> Rule:
    rule_id = _text(entry, "id")
    if not RULE_ID.match(rule_id):
        raise ValueError(f"id {rule_id!r} must look like 'category.name' (lowercase, dashes)")
    category = _text(entry, "category")
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r} (known: {', '.join(CATEGORIES)})")
    fields = {f.name for f in dataclasses.fields(options_class)}
    raw_options = {k: _expand(v, macros) for k, v in entry.items() if k in fields}
    options = options_class(**_typed_options(options_class, raw_options))
    rule = Rule(
        id=rule_id, kind=entry["kind"], category=category,
        severity=Severity.parse(_text(entry, "severity")),
        message=_text(entry, "message"), message_ar=_text(entry, "message_ar"),
        options=options, examples=_examples(entry["examples"]),
        fix=Applicability(entry.get("fix", "none")),
        description=str(entry.get("description", "")).strip(),
        rationale=str(entry.get("rationale", "")).strip(),
        fix_title=str(entry.get("fix_title", "")), enabled=bool(entry.get("enabled", True)),
        level=_level(entry), path=path, line=entry.line,
    )
    rule.build(Environment())  # compiles patterns now, so a bad regex fails at load time
    return rule


def _level(entry: Mapping[str, Any]) -> str:
    level = str(entry.get("level", "default"))
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    return level


def _text(entry: Mapping[str, Any], key: str) -> str:
    value = entry[key]
    if not isinstance(value, str) or not value.strip() or "\n" in value.strip():
        raise ValueError(f"'{key}' must be non-empty text on one line")
    return value.strip()


def _expand(value: Any, macros: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        def replace(match: regex.Match[str]) -> str:
            name = match.group(1)
            if name not in macros:
                raise ValueError(f"unknown pattern fragment ${{{name}}}")
            return macros[name]
        return _MACRO.sub(replace, value)
    if isinstance(value, list):
        return [_expand(item, macros) for item in value]
    if isinstance(value, dict):
        expanded = {key: _expand(item, macros) for key, item in value.items()}
        return _with_lines(expanded, value) if isinstance(value, _LineDict) else expanded
    return value


def _with_lines(mapping: dict[str, Any], original: _LineDict) -> _LineDict:
    """`mapping` with the lines of `original`, for errors that point inside an option."""
    kept = _LineDict(mapping)
    kept.line, kept.key_lines = original.line, original.key_lines
    return kept


def _typed_options(options_class: type, raw: dict[str, Any]) -> dict[str, Any]:
    hints = _type_hints(options_class)
    return {name: _conform(name, value, hints[name]) for name, value in raw.items()}


@functools.cache
def _type_hints(options_class: type) -> dict[str, Any]:
    """The annotations of a kind's Options, resolved once per kind (not once per rule: resolving
    them was a fifth of loading the built-in rules at every start)."""
    return typing.get_type_hints(options_class)


def _conform(name: str, value: Any, hint: Any) -> Any:
    """Check a YAML value against an Options annotation; lists become tuples."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        for option in typing.get_args(hint):
            try:
                return _conform(name, value, option)
            except TypeError:
                continue
    elif origin in (Sequence, tuple, list) and isinstance(value, list):
        item = typing.get_args(hint)[0] if typing.get_args(hint) else Any
        return tuple(_conform(name, v, item) for v in value)
    elif origin in (Mapping, dict) and isinstance(value, dict):
        return value  # a _LineDict keeps its lines, for errors that point into the file
    elif _is_scalar(value, hint):
        return float(value) if hint is float else value
    raise TypeError(f"option '{name}' has the wrong type ({type(value).__name__})")


def _is_scalar(value: Any, hint: Any) -> bool:
    if hint is Any:
        return True
    if hint is type(None):
        return value is None
    if isinstance(value, bool):
        return hint is bool
    numeric = (int, float) if hint is float else (hint,)
    return isinstance(hint, type) and isinstance(value, numeric)


def _examples(data: Any) -> Examples:
    if not isinstance(data, dict):
        raise ValueError("'examples' must be a mapping with 'bad' and 'good' lists")
    unknown = set(data) - {"bad", "good"}
    if unknown:
        raise ValueError(f"unknown key in examples: {', '.join(map(str, sorted(unknown)))}")
    bad, good = data.get("bad") or [], data.get("good") or []
    if not isinstance(bad, list) or not isinstance(good, list) or not bad or not good:
        raise ValueError("examples need at least one 'bad' and one 'good' entry")
    if not all(isinstance(text, str) for text in good):
        raise ValueError("each 'good' example must be text")
    return Examples(tuple(_bad_example(item) for item in bad), tuple(good))


def _bad_example(item: Any) -> BadExample:
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        raise ValueError("each 'bad' example needs 'text' with the span marked ⟦like this⟧")
    unknown = set(item) - {"text", "fixed"}
    if unknown:
        raise ValueError(f"unknown key in a bad example: {', '.join(map(str, sorted(unknown)))}")
    text, spans = unmark(item["text"])
    if not spans:
        raise ValueError(f"bad example {item['text']!r} marks no span with ⟦ ⟧")
    fixed = item.get("fixed")
    if fixed is not None and (not isinstance(fixed, str) or fixed == text):
        raise ValueError(f"bad example {item['text']!r}: 'fixed' must be text that differs")
    return BadExample(text, spans, fixed)


def unmark(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Remove ⟦ ⟧ markers; return the text and the marked spans."""
    parts, spans, position, start = [], [], 0, None
    for piece in regex.split(f"([{MARK_OPEN}{MARK_CLOSE}])", marked):
        if piece == MARK_OPEN and start is None:
            start = position
        elif piece == MARK_CLOSE and start is not None:
            spans.append((start, position))
            start = None
        elif piece in (MARK_OPEN, MARK_CLOSE):
            raise ValueError(f"unbalanced ⟦ ⟧ markers in {marked!r}")
        else:
            parts.append(piece)
            position += len(piece)
    if start is not None:
        raise ValueError(f"unbalanced ⟦ ⟧ markers in {marked!r}")
    return "".join(parts), tuple(spans)
