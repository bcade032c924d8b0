"""`kind: pattern`: a `regex`-module pattern, optionally with a replacement template.

The replacement is expanded per match (`\\1`, `\\g<name>`), so a pattern can keep what it needs and
drop only the error (for example the spaces before a comma).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from ..document import Document
from ..findings import Hit

if TYPE_CHECKING:
    from . import Environment

KIND = "pattern"


@dataclass(frozen=True)
class Options:
    pattern: str
    # Replacement template(s), best first; several candidates make a suggestion, never a fix.
    replace: str | Sequence[str] | None = None
    # Or: map characters of the match (`,` → `،`), or normalise it (NFKC for presentation forms).
    translate: Mapping[str, str] | None = None
    normalize: str | None = None
    # Name the matched characters in the message: `{name}` becomes "NAME (U+XXXX)".
    name_group: str | int | None = None


def build(options: Options, env: Environment) -> Callable[[Document], Iterator[Hit]]:
    try:
        compiled = regex.compile(options.pattern, regex.VERSION1)
    except regex.error as error:
        raise ValueError(f"invalid regular expression: {error}") from None
    templates = _templates(options.replace)
    for template in templates:
        _check_template(compiled, template)
    if options.normalize not in (None, "NFC", "NFKC"):
        raise ValueError(f"normalize must be NFC or NFKC, not {options.normalize!r}")
    table = str.maketrans(dict(options.translate)) if options.translate else None
    finditer = env.limited(compiled.finditer)

    def replacements(match: regex.Match[str]) -> tuple[str, ...]:
        if table is not None:
            return (match.group().translate(table),)
        if options.normalize:
            return (unicodedata.normalize(options.normalize, match.group()),)
        return tuple(match.expand(template) for template in templates)

    def check(doc: Document) -> Iterator[Hit]:
        for match in finditer(doc.text):
            yield Hit(match.start(), match.end(), replacements(match), _args(match, options))

    return check


_GROUP_REFERENCE = regex.compile(r"\\(\d+)|\\g<(\w+)>")


def _templates(replace: str | Sequence[str] | None) -> tuple[str, ...]:
    if replace is None:
        return ()
    return (replace,) if isinstance(replace, str) else tuple(replace)


def _check_template(compiled: regex.Pattern[str], template: str) -> None:
    for reference in _GROUP_REFERENCE.finditer(template):
        number, name = reference.groups()
        group = name if name and not name.isdigit() else int(number or name)
        known = group in compiled.groupindex if isinstance(group, str) else group <= compiled.groups
        if not known:
            raise ValueError(f"replacement {template!r} refers to group {group!r}, "
                             "which the pattern does not have")


def _args(match: regex.Match[str], options: Options) -> dict[str, str]:
    args = {name: value for name, value in match.groupdict().items() if value is not None}
    args["match"] = match.group()
    if options.name_group is not None:
        args["name"] = describe_characters(match.group(options.name_group))
    return args


def describe_characters(text: str) -> str:
    names = []
    for char in dict.fromkeys(text):
        name = unicodedata.name(char, "UNNAMED CHARACTER")
        names.append(f"{name} (U+{ord(char):04X})")
    return ", ".join(names)
