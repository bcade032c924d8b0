"""The values that flow from checks to formatters. Imports nothing else from copycheck."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum, IntEnum

CATEGORIES = (
    "spacing",
    "punctuation",
    "typography",
    "orthography",
    "spelling",
    "repetition",
    "truncation",
    "consistency",
    "style",
    "grammar",
)
# Which rules run: "default" ones always, "picky" ones too at `--level picky` (LanguageTool's
# API calls the same idea `level=picky`): rules too often wrong on professional copy to be on.
LEVELS = ("default", "picky")


class Severity(IntEnum):
    INFO = 0
    WARNING = 1
    ERROR = 2

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.upper()]
        except KeyError:
            choices = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {value!r} (choose one of {choices})") from None


class Applicability(str, Enum):
    """Whether the first replacement may be applied without a human (ruff's fix safety)."""

    SAFE = "safe"
    UNSAFE = "unsafe"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Hit:
    """What a check reports: a span of `Document.text` and what could replace it.

    `args` fill the `{placeholders}` of the rule's messages; the engine turns a Hit into a Finding.
    """

    start: int
    end: int
    replacements: tuple[str, ...] = ()
    args: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem, with offsets (code points, end exclusive) into the checked text."""

    rule: str
    category: str
    severity: Severity
    start: int
    end: int
    message: str
    message_ar: str
    replacements: tuple[str, ...] = ()
    applicability: Applicability = Applicability.NONE

    @property
    def fixable(self) -> bool:
        return self.applicability is Applicability.SAFE and bool(self.replacements)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem with the run itself (unreadable input, broken rule): always exit code 2."""

    message: str
    path: str | None = None
    line: int | None = None
    rule: str | None = None

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line:
            where += f":{self.line}"
        prefix = f"{where}: " if where else ""
        rule = f"rule {self.rule}: " if self.rule else ""
        return f"{prefix}{rule}{self.message}"
