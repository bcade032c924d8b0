"""Rule kinds: one module each, registered here by name.

A kind module exposes `KIND`, an `Options` dataclass (the YAML keys it accepts, with defaults) and
`build(options, env) -> Check`. `build` raises ValueError for options it cannot use; a Check takes a
Document and yields Hits, or raises CheckError when it cannot run (the rule is skipped, and the
engine reports the cause once per run, where it lies). `build` must stay cheap: rules are built at
load time to validate them. A kind with state across documents may expose `finish()`, called once
at the end of a run, and one that loads data on first use `preload(env)`, called by a long-running
service at start, and `prepare(env)`, what a batch's first texts will need, called before worker
processes are forked. Kinds know nothing of severities, configuration or output formats.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TypeVar

from ..document import Document
from ..findings import Hit
from . import consistency, date, pattern, repetition, sentence, spelling, substitution, suppression, tokens

Check = Callable[[Document], Iterable[Hit]]
_R = TypeVar("_R")


@dataclass(frozen=True)
class Environment:
    """Run-wide settings that some kinds need (time limits, extra word lists)."""

    # Seconds a rule's regex may take on one text; None: no limit (the built-in rules, which the
    # tests show to read any text in linear time, run without one: passing the limit costs about
    # 1 µs per call and a fifth of a scan).
    regex_timeout: float | None = 2.0
    dictionaries: tuple[Path, ...] = ()
    suggestions: bool = True
    extra: dict[str, object] = field(default_factory=dict)

    def limited(self, method: Callable[..., _R]) -> Callable[..., _R]:
        """A `regex` pattern's `finditer`, `search`, … under this environment's time limit."""
        if self.regex_timeout is None:
            return method
        return functools.partial(method, timeout=self.regex_timeout)

KINDS: dict[str, ModuleType] = {
    pattern.KIND: pattern,
    substitution.KIND: substitution,
    repetition.KIND: repetition,
    sentence.KIND: sentence,
    consistency.KIND: consistency,
    date.KIND: date,
    suppression.KIND: suppression,
    spelling.KIND: spelling,
    tokens.KIND: tokens,
}


def preload(env: Environment) -> None:
    """Load what kinds would load on first need (a kind may expose `preload(env)`): for a
    long-running service, whose first request should be as fast as the others."""
    _each_kind("preload", env)


def prepare(env: Environment) -> None:
    """Load what the first texts of a batch will need (a kind may expose `prepare(env)`): before
    worker processes are forked, so that they share it instead of each loading it."""
    _each_kind("prepare", env)


def finish_run() -> None:
    """End of a run: kinds that keep state across documents (the spelling verdict cache) may
    expose `finish()`, called here once."""
    _each_kind("finish")


def _each_kind(hook: str, *args: object) -> None:
    for kind in KINDS.values():
        call = getattr(kind, hook, None)
        if call is not None:
            call(*args)
