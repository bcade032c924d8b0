"""Arabic in the text report on a terminal: wrapped in Unicode bidi isolates, and nowhere else.

The installed command runs with its stdout on a real pseudo-terminal, as in an editor's shell.
"""

from __future__ import annotations

import os
import pty
import subprocess
from pathlib import Path

import pytest
from support import copycheck_executable, run_cli

ARTICLE = "قال الوزير ، إن Apple الاجتماع مهم.\n"
ISOLATES = ("\u2066", "\u2067", "\u2068", "\u2069")
FSI, RLI, PDI = "\u2068", "\u2067", "\u2069"


def on_terminal(*args: str, cwd: Path, stdin: bytes | None = None) -> tuple[int, str]:
    """Run copycheck with stdout on a pseudo-terminal; what the terminal received."""
    leader, follower = pty.openpty()
    process = subprocess.Popen([copycheck_executable(), *args], cwd=cwd, stdout=follower,
                               stderr=subprocess.DEVNULL,
                               stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL)
    os.close(follower)
    if stdin is not None:
        process.stdin.write(stdin)  # type: ignore[union-attr]
        process.stdin.close()  # type: ignore[union-attr]
    received = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other side closed (EIO on Linux)
            break
        if not chunk:
            break
        received += chunk
    os.close(leader)
    return process.wait(timeout=60), received.decode("utf-8").replace("\r\n", "\n")


def without_isolates(text: str) -> str:
    return text.translate({ord(char): None for char in ISOLATES})


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_on_a_terminal_arabic_is_isolated_and_the_report_is_otherwise_the_same(article):
    code, shown = on_terminal("check", "--no-color", article.name, cwd=article.parent)
    piped = run_cli("check", article.name, cwd=article.parent)
    assert code == piped.code == 1
    lines = shown.splitlines()
    assert lines[0].endswith(f"Space before «{FSI}،{PDI}»: punctuation attaches to the word before it")
    assert lines[1] == f"    {RLI}مسافة قبل «،»: علامة الترقيم تلتصق بالكلمة التي قبلها{PDI}"
    # The context stays one right-to-left piece, Latin word and marker included.
    assert lines[2] == f"    | {RLI}قال الوزير⟦␣⟧، إن Apple الاجتماع{PDI}"
    assert without_isolates(shown) == piped.stdout
    assert not any(char in piped.stdout for char in ISOLATES)


def test_the_choice_can_be_forced_either_way(article):
    forced = run_cli("check", "--bidi", "isolate", article.name, cwd=article.parent)
    assert f"| {RLI}قال" in forced.stdout
    _, plain = on_terminal("check", "--no-color", "--bidi", "none", article.name, cwd=article.parent)
    assert not any(char in plain for char in ISOLATES)
    wrong = run_cli("check", "--bidi", "visual", article.name, cwd=article.parent)
    assert wrong.code == 2 and "--bidi: choose auto, isolate, none, not 'visual'" in wrong.stderr


@pytest.mark.parametrize("report", ["json", "jsonl", "sarif", "github"])
def test_no_other_format_carries_isolates_even_on_a_terminal(article, report):
    code, shown = on_terminal("check", "--bidi", "isolate", "--format", report, article.name,
                              cwd=article.parent)
    assert code == 1 and "Space before" in shown
    assert not any(char in shown for char in ISOLATES)


def test_fixed_text_never_carries_isolates(article):
    code, shown = on_terminal("check", "--fix", "--bidi", "isolate", "-", cwd=article.parent,
                              stdin=ARTICLE.encode("utf-8"))
    assert code == 0 and shown == "قال الوزير، إن Apple الاجتماع مهم.\n"
    on_terminal("check", "--fix", "--bidi", "isolate", article.name, cwd=article.parent)
    assert article.read_text(encoding="utf-8") == "قال الوزير، إن Apple الاجتماع مهم.\n"
