"""`[tool.copycheck]` in pyproject.toml, or `.copycheck.toml` → a validated Settings object.

The closest configuration file above a checked file wins, whole: nothing is merged from files
further up (ruff's rule). In one folder `.copycheck.toml` wins over `pyproject.toml`, and a
`pyproject.toml` without a `[tool.copycheck]` table does not count. Every problem is a UsageError
naming the file and the key.
"""

from __future__ import annotations

import difflib
import fnmatch
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import UsageError
from .findings import LEVELS, Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

CONFIG_FILES = (".copycheck.toml", "pyproject.toml")

# house-style option → {value: the opt-in rule (rules/house-style.yaml) that enforces it}
HOUSE_STYLE: dict[str, dict[str, str]] = {
    "quotes": {"«»": "style.quotes-guillemets", "“”": "style.quotes-curly"},
    "digits": {"western": "style.digits-western", "arabic-indic": "style.digits-arabic-indic"},
    "percent": {"%": "style.percent-latin", "٪": "style.percent-arabic"},
    "abdallah": {"joined": "style.abdallah-joined", "split": "style.abdallah-split"},
}


@dataclass(frozen=True)
class Settings:
    path: Path | None = None  # the file the settings came from; None: built-in defaults
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    level: str = "default"  # "picky" also runs the rules of the picky level
    severity: Mapping[str, Severity] = field(default_factory=dict)
    extend_rules: tuple[Path, ...] = ()
    dictionaries: tuple[Path, ...] = ()
    include: tuple[str, ...] = ()  # empty: the built-in list of file types
    exclude: tuple[str, ...] = ()
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    house_style: Mapping[str, str] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    @property
    def house_rules(self) -> tuple[str, ...]:
        return tuple(HOUSE_STYLE[option][value] for option, value in self.house_style.items())

    def ignores_for(self, file: str) -> tuple[str, ...]:
        relative = self._relative(file)
        return tuple(selector for pattern, selectors in self.per_file_ignores.items()
                     if glob_match(relative, pattern) for selector in selectors)

    def excludes(self, file: str) -> bool:
        relative = self._relative(file)
        return any(glob_match(relative, pattern) for pattern in self.exclude)

    def selectors(self) -> Iterator[tuple[str, str]]:
        """(key, rule id or category) for every selector the file names, to validate them."""
        for key, values in (("select", self.select), ("extend-select", self.extend_select),
                            ("ignore", self.ignore), ("severity", tuple(self.severity))):
            yield from ((f"key '{key}'", value) for value in values)
        for pattern, values in self.per_file_ignores.items():
            yield from ((f"key 'per-file-ignores.\"{pattern}\"'", value) for value in values)

    def _relative(self, file: str) -> str:
        try:
            path = Path(file).resolve()
        except (OSError, RuntimeError):  # a symlink loop: the path as given
            path = Path(os.path.abspath(file))
        try:
            return path.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


def glob_match(relative: str, pattern: str) -> bool:
    """A pattern with a slash matches the path from the config folder; one without, any name."""
    if "/" in pattern:
        return fnmatch.fnmatch(relative, pattern)
    return fnmatch.fnmatch(relative.rsplit("/", 1)[-1], pattern) or fnmatch.fnmatch(relative, pattern)


# -- reading and validating ------------------------------------------------------------------
def load_settings(path: Path) -> Settings:
    table, prefix = _read_table(path)
    values: dict[str, Any] = {}
    for key, raw in table.items():
        converter = _CONVERTERS.get(key)
        if converter is None:
            close = difflib.get_close_matches(key, _CONVERTERS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise UsageError(f"unknown key '{prefix}{key}'{hint}", str(path), _key_line(path, key))
        try:
            values[key.replace("-", "_")] = converter(raw, path.parent)
        except (TypeError, ValueError) as error:
            raise UsageError(f"key '{prefix}{key}': {error}", str(path), _key_line(path, key)) from None
    return Settings(path=path, **values)


def validate_selectors(selectors: Iterable[tuple[str, str]], known: Callable[[str], bool],
                       path: Path | None = None, candidates: Sequence[str] = ()) -> None:
    """Every rule id or category named (where, selector) must exist once the configuration's
    extend-rules are loaded; `path` is the configuration file that names them, if any. The
    closest of `candidates` (rule ids and categories) is suggested for a misspelt one."""
    for where, selector in selectors:
        if not known(selector):
            close = difflib.get_close_matches(selector, candidates, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "see `copycheck rules list`"
            raise UsageError(f"{where}: unknown rule or category '{selector}' ({hint})",
                             str(path) if path else None,
                             _selector_line(path, selector) if path else None)


def _read_table(path: Path) -> tuple[dict[str, Any], str]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"cannot read configuration: {error.strerror or error}", str(path)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        at = _PARSER_LINE.search(str(error))
        raise UsageError(f"invalid TOML: {error}", str(path), int(at[1]) if at else None) from None
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("copycheck", {}), "tool.copycheck."
    return data, ""


# -- where in the file: tomllib keeps no positions, so a problem's line is looked up in the text ---
_PARSER_LINE = re.compile(r"\(at line (\d+), column \d+\)")  # in tomllib's own messages
_TABLE_HEADER = re.compile(r"\s*\[\[?\s*([\w.-]+)")


def _key_line(path: Path, key: str) -> int | None:
    """`key = …` or a `[key]` table header (`[tool.copycheck.key]` in pyproject.toml)."""
    name = f"[\"']?{re.escape(key)}[\"']?"
    return _line_of(path, re.compile(rf"\s*(?:{name}\s*[=.]|\[\s*(?:tool\.copycheck\.)?{name}\s*\])"))


def _selector_line(path: Path, selector: str) -> int | None:
    """The selector as a quoted string (in a list, or a quoted key) or a bare key (`spacing = …`)."""
    name = re.escape(selector)
    return _line_of(path, re.compile(rf"(?:.*[\"']{name}[\"'])|\s*{name}\s*="))


def _line_of(path: Path, pattern: re.Pattern[str]) -> int | None:
    """The first line of our table (all of .copycheck.toml; [tool.copycheck…] in pyproject.toml:
    [tool.ruff] has a `select` too) that `pattern` matches from its start; None when none does."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    ours = path.name != "pyproject.toml"
    for number, line in enumerate(lines, 1):
        header = _TABLE_HEADER.match(line)
        if header and path.name == "pyproject.toml":
            ours = header[1] == "tool.copycheck" or header[1].startswith("tool.copycheck.")
        if ours and pattern.match(line):
            return number
    return None


def _strings(value: Any, _folder: Path) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise TypeError("expected a list of non-empty strings")
    return tuple(value)


def _severities(value: Any, _folder: Path) -> dict[str, Severity]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise TypeError('expected a table of rule id = "info" | "warning" | "error"')
    return {selector: Severity.parse(level) for selector, level in value.items()}


def _existing_paths(value: Any, folder: Path) -> tuple[Path, ...]:
    paths = tuple(folder / item for item in _strings(value, folder))
    for path in paths:
        if not path.exists():
            raise ValueError(f"'{path}' does not exist (paths are relative to the configuration file)")
    return paths


def _rule_packs(value: Any, folder: Path) -> tuple[Path, ...]:
    """Files as given; folders contribute their *.yaml files, sorted."""
    packs: list[Path] = []
    for path in _existing_paths(value, folder):
        packs.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    return tuple(packs)


def _per_file_ignores(value: Any, folder: Path) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise TypeError('expected a table of "glob" = [rule ids or categories]')
    return {pattern: _strings(selectors, folder) for pattern, selectors in value.items()}


def _house_style(value: Any, _folder: Path) -> dict[str, str]:
    if not isinstance(value, dict):
        raise TypeError("expected a table (quotes, digits, percent, abdallah)")
    for option, choice in value.items():
        choices = HOUSE_STYLE.get(option)
        if choices is None:
            raise ValueError(f"unknown option '{option}' (known: {', '.join(HOUSE_STYLE)})")
        if choice not in choices:
            raise ValueError(f"{option} = {choice!r}: choose one of {', '.join(map(repr, choices))}")
    return dict(value)


def _level(value: Any, _folder: Path) -> str:
    if value not in LEVELS:
        raise ValueError(f"choose one of {', '.join(map(repr, LEVELS))}, not {value!r}")
    return str(value)


_CONVERTERS: dict[str, Callable[[Any, Path], Any]] = {
    "select": _strings,
    "level": _level,
    "extend-select": _strings,
    "ignore": _strings,
    "severity": _severities,
    "extend-rules": _rule_packs,
    "dictionaries": _existing_paths,
    "include": _strings,
    "exclude": _strings,
    "per-file-ignores": _per_file_ignores,
    "house-style": _house_style,
}


# -- discovery -------------------------------------------------------------------------------
class SettingsStore:
    """Finds and loads the settings for each checked file, each configuration file once."""

    def __init__(self, override: Path | None = None) -> None:
        self.override = override
        self._by_folder: dict[Path, Path | None] = {}
        self._loaded: dict[Path | None, Settings] = {}

    def for_file(self, file: str) -> Settings:
        """Settings for `file` (stdin: the current folder); raises UsageError for a bad file."""
        return self.for_folder(Path.cwd() if file == "-" else Path(file).parent)

    def for_folder(self, folder: Path) -> Settings:
        path = self.override or self._discover(folder)
        if path not in self._loaded:
            self._loaded[path] = load_settings(path) if path else Settings()
        return self._loaded[path]

    def _discover(self, folder: Path) -> Path | None:
        folder = folder.resolve()
        if folder not in self._by_folder:
            here = next((folder / name for name in CONFIG_FILES if _is_config(folder / name)), None)
            parent = folder.parent
            self._by_folder[folder] = here or (None if parent == folder else self._discover(parent))
        return self._by_folder[folder]


def _is_config(path: Path) -> bool:
    if path.name != "pyproject.toml":
        return path.is_file()
    try:
        return path.is_file() and "copycheck" in tomllib.loads(path.read_text("utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False  # a broken pyproject.toml that is not ours is none of our business
