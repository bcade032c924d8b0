"""The README's code blocks, read as the tests run them (see "README examples" in the README).

A block is a fenced block (``` or ~~~). Its kind comes from its info string and its first line:

- a block whose first line starts with `$ ` is a **session**: each `$ ` line (with its `> `
  continuation lines) is run by bash in a fresh folder holding `seeds/` and the files of
  `tests/data/readme/`, and what it prints (stdout and stderr together) must be the lines below it.
  A `...` line stands for any number of lines, `…` inside a line for any characters. `$ cat FILE`
  of a file not yet there first writes FILE with the lines shown, so a block shows its input;
- `sh`: commands to copy; each `copycheck` command may use only options its `--help` lists, and
  `pip install` names this project;
- `text`: the same option check; `text clean` is copy that must be checked clean, `text wordlist`
  a word list `--dictionary` accepts, `text tree` a layout whose paths exist, `text pre-commit`
  real pre-commit output compared by tests/test_precommit.py;
- `yaml`: a rule pack (loaded, its examples run), a `.pre-commit-config.yaml` (its hook ids are
  published) or CI steps (their `run:` commands checked as `sh`);
- `toml`: a configuration copycheck accepts; `python`: run as a script (not as `__main__`);
  `json`: a report valid against the shipped schema;
- any block tagged `service` as its second word (```python service, ```text service) talks to a
  running `copycheck serve`: tests/test_service.py starts one and runs it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
_FENCE = re.compile(r"^(`{3,}|~{3,})(.*)$")


@dataclass(frozen=True)
class Block:
    line: int  # 1-based line of the opening fence
    info: tuple[str, ...]  # the info string's words: language first
    lines: tuple[str, ...]

    @property
    def kind(self) -> str:
        if "service" in self.info[1:]:  # needs a running server: tests/test_service.py runs it
            return "service"
        if self.lines and self.lines[0].startswith("$ "):
            return "session"
        return " ".join(self.info) or "untagged"

    @property
    def text(self) -> str:
        return "".join(line + "\n" for line in self.lines)

    def __str__(self) -> str:  # the test id: where it is and how it starts
        return f"README.md:{self.line} {self.kind}"


def blocks(text: str) -> Iterator[Block]:
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        opened = _FENCE.match(lines[index])
        if not opened:
            index += 1
            continue
        fence, info = opened.groups()
        end = next((i for i in range(index + 1, len(lines))
                    if lines[i].startswith(fence[0] * len(fence))
                    and not lines[i].strip(fence[0])), len(lines))
        yield Block(index + 1, tuple(info.split()), tuple(lines[index + 1:end]))
        index = end + 1


@dataclass(frozen=True)
class Step:
    command: str
    expected: tuple[str, ...]


def session(block: Block) -> list[Step]:
    """`$ ` lines, their `> ` continuations, and the output lines under each."""
    steps: list[tuple[list[str], list[str]]] = []
    for line in block.lines:
        if line.startswith("$ "):
            steps.append(([line[2:]], []))
        elif line.startswith("> ") and steps and not steps[-1][1]:
            steps[-1][0].append(line[2:])
        else:
            steps[-1][1].append(line)
    return [Step("\n".join(command), tuple(expected)) for command, expected in steps]


ANY_LINES = "..."
ANY_TEXT = "…"


def matches(expected: tuple[str, ...], actual: str) -> bool:
    """Whether `actual` is the expected lines, `...` lines and `…` standing for what they elide."""
    parts = []
    for line in expected:
        if line == ANY_LINES:
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            parts.append(".*?".join(map(re.escape, line.split(ANY_TEXT))) + r"\n")
    return re.fullmatch("".join(parts), actual) is not None


_OPTION = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")


def options(line: str) -> list[str]:
    return _OPTION.findall(line)


def copycheck_commands(text: str) -> Iterator[tuple[tuple[str, ...], list[str]]]:
    """Each copycheck command in `text` (shell lines, or a synopsis whose indented lines belong
    to the command above them): its subcommand and the options it uses."""
    current: tuple[str, ...] | None = None
    for raw in text.splitlines():
        line = re.sub(r"\s#\s.*$", "", raw)
        for command in re.split(r"&&|\|\||;|\|", line):
            words = command.split()
            if words[:1] == ["copycheck"]:
                current = tuple(w for w in words[1:3] if re.fullmatch(r"[a-z]+", w))
                current = current[:2] if current[:1] in (("rules",), ("dictionary",)) else current[:1]
                yield current, options(command)
            elif raw.startswith(" ") and current is not None and options(command):
                yield current, options(command)
