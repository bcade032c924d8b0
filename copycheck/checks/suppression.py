"""`kind: suppression`: reports inline suppressions that suppress nothing (ruff's RUF100).

Whether a directive was used is only known after every other rule has run, so the check itself
yields nothing: the engine produces these findings once suppressions are applied. The kind exists
so that the rule is an ordinary YAML rule: listed, explained, selected and ignored like any other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..document import Document
from ..findings import Hit

if TYPE_CHECKING:
    from . import Environment

KIND = "suppression"


@dataclass(frozen=True)
class Options:
    pass


def build(options: Options, env: Environment) -> Callable[[Document], Iterator[Hit]]:
    def check(doc: Document) -> Iterator[Hit]:
        yield from ()

    return check
