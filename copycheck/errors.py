"""Errors that end in exit code 2: bad usage, unreadable input, invalid rule files."""

from __future__ import annotations

from .findings import Diagnostic


class CopycheckError(Exception):
    """Base class: carries a Diagnostic that names file, line and rule where known."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None,
                 rule: str | None = None) -> None:
        self.diagnostic = Diagnostic(message, path, line, rule)
        super().__init__(str(self.diagnostic))


class UsageError(CopycheckError):
    """A wrong option value, an unknown rule id, a missing path."""


class InputError(CopycheckError):
    """A file that cannot be read or decoded, or holds nothing to check."""


class RuleFileError(CopycheckError):
    """A rule file that does not load: broken YAML, unknown keys, a bad regex, a failing example."""


class CheckError(CopycheckError):
    """A rule that cannot run (a missing word list): the rule is skipped, the other rules still
    run, the problem is reported once per run (not per file or per rule), and the run ends with
    exit code 2."""
