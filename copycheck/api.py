"""The Python API for callers that are not a shell: `check_text` and the reusable `Checker`.

    import copycheck
    findings = copycheck.check_text("النص", level="picky")
    checker = copycheck.Checker(ignore=["spelling"])   # rules loaded once, reused for every text
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from .checker import Checker
from .findings import Finding, Severity

__all__ = ["Checker", "Finding", "Severity", "check_text"]


def check_text(text: str, *, config: str | Path | None = None, format: str = "plain",
               level: str | None = None, select: Sequence[str] = (), ignore: Sequence[str] = (),
               ) -> list[Finding]:
    """The findings on `text` (plain, markdown or html) with the built-in rules, or those of a
    configuration file; `level` None is the configuration's (else "default"). A Checker for the
    same arguments is built once and reused."""
    checker = _checker(str(config) if config is not None else None, level, tuple(select), tuple(ignore))
    return checker.check_text(text, format=format)


@functools.lru_cache(maxsize=8)
def _checker(config: str | None, level: str | None, select: tuple[str, ...],
             ignore: tuple[str, ...]) -> Checker:
    # Building a Checker reads every rule pack: repeated calls with the same arguments share one.
    return Checker(config=config, level=level, select=select, ignore=ignore)
