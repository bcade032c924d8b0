"""The README stays true: every code block in it is run or checked (tests/readme_blocks.py says
how each kind is), and its rule tables name every shipped rule."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
import regex
import tomllib
import yaml
from readme_blocks import README, ROOT, Block, blocks, copycheck_commands, matches, session
from support import builtin_rules, copycheck_executable, validate_report

TEXT = README.read_text(encoding="utf-8")
BLOCKS = list(blocks(TEXT))
FIXTURES = ROOT / "tests" / "data" / "readme"
DISTRIBUTION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["name"]


# -- running a block ------------------------------------------------------------------------------
def workspace(tmp_path: Path) -> Path:
    """A folder as a reader has one: the sample article and the README's other input files."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    if FIXTURES.is_dir():
        shutil.copytree(FIXTURES, tmp_path, dirs_exist_ok=True)
    return tmp_path


def environment(cwd: Path | None = None) -> dict[str, str]:
    """The installed copycheck and python first on PATH; stdout unbuffered, so stdout and stderr
    interleave in the order they were written, as on a terminal. A block's spelling cache starts
    empty, as a new reader's does, so what it prints does not depend on the tests run before."""
    bin_dir = str(Path(copycheck_executable()).parent)
    cache = {}
    if cwd is not None:
        (cwd / ".cache").mkdir(exist_ok=True)
        cache["COPYCHECK_CACHE_DIR"] = str(cwd / ".cache")
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
            "PYTHONUNBUFFERED": "1", "LC_ALL": "C.UTF-8", "NO_COLOR": "1", **cache}


def shell(command: str, cwd: Path) -> str:
    done = subprocess.run(["bash", "-c", command], cwd=cwd, env=environment(cwd), timeout=300,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return done.stdout.decode("utf-8")


def run_session(block: Block, tmp_path: Path) -> None:
    cwd = workspace(tmp_path)
    for step in session(block):
        shown = regex.fullmatch(r"cat ([\w./-]+)", step.command)
        if shown and not (cwd / shown.group(1)).exists():
            target = cwd / shown.group(1)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("".join(line + "\n" for line in step.expected), encoding="utf-8")
        actual = shell(step.command, cwd)
        assert matches(step.expected, actual), (
            f"README.md:{block.line}: `$ {step.command}` printed\n{actual}\n"
            f"--- the README shows ---\n" + "\n".join(step.expected))


# -- checking a block that is not a session -------------------------------------------------------
@cache
def help_options(subcommand: tuple[str, ...]) -> frozenset[str]:
    done = subprocess.run([copycheck_executable(), *subcommand, "--help"], capture_output=True,
                          text=True, env={**environment(), "COLUMNS": "200"}, check=True)
    return frozenset(regex.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", done.stdout))


def check_options(text: str) -> None:
    """Each copycheck command uses only options its --help lists; pip installs this project."""
    for subcommand, used in copycheck_commands(text):
        unknown = [option for option in used if option not in help_options(subcommand)]
        assert unknown == [], f"copycheck {' '.join(subcommand)} has no {unknown}"
    for line in text.splitlines():
        for install in regex.findall(r"pip install ((?:'[^']*'|\S)+)", line):
            name = shlex.split(install)[0]
            assert name == "." or regex.match(rf"{DISTRIBUTION}(\[|$)|\.\[", name), (
                f"`pip install {name}` does not install this project ({DISTRIBUTION})")


def check_clean(block: Block, tmp_path: Path) -> None:
    """Copy shown as checked clean (a suppression example, say) is clean."""
    article = workspace(tmp_path) / "shown.txt"
    article.write_text(block.text, encoding="utf-8")
    output = shell("copycheck check shown.txt", tmp_path)
    assert output == "No findings in 1 file(s).\n", output


def check_wordlist(block: Block, tmp_path: Path) -> None:
    words = tmp_path / "words.txt"
    words.write_text(block.text, encoding="utf-8")
    article = tmp_path / "article.txt"
    listed = [line for line in block.lines if line.strip() and not line.startswith("#")]
    article.write_text(f"قال {' و'.join(listed)}.\n", encoding="utf-8")
    output = shell("copycheck check --level picky --select spelling --dictionary words.txt "
                   "article.txt", tmp_path)
    assert output == "No findings in 1 file(s).\n", output  # every listed word is known


def check_tree(block: Block, _tmp_path: Path) -> None:
    """The layout names only paths that exist (a top-level folder, or a file in the one above)."""
    folder = ROOT
    for line in block.lines:
        names = regex.findall(r"(?:^|\s{2,})([A-Za-z][\w-]*(?:\.[a-z]+|/))(?=\s|$)", line)
        if not line.startswith(" ") and names:
            folder = ROOT / names[0]
        for name in names:
            assert (ROOT / name).exists() or (folder / name).exists(), f"{name} does not exist"


def check_yaml(block: Block, tmp_path: Path) -> None:
    data = yaml.safe_load(block.text)
    if isinstance(data, dict) and "rules" in data:
        check_rule_pack(block, tmp_path)
    elif isinstance(data, dict) and "repos" in data:
        published = {hook["id"] for hook in yaml.safe_load(
            (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
        used = {hook["id"] for repo in data["repos"] for hook in repo["hooks"]}
        commented = set(regex.findall(r"#\s*- id: ([\w-]+)", block.text))
        assert used | commented <= published
    else:
        assert isinstance(data, list), "YAML that is neither a rule pack, pre-commit nor CI steps"
        check_options("\n".join(step["run"] for step in data if "run" in step))


def check_rule_pack(block: Block, tmp_path: Path) -> None:
    """A pack copied as it stands loads, passes its own examples, and its rules run."""
    pack = tmp_path / "pack.yaml"
    pack.write_text(block.text, encoding="utf-8")
    (tmp_path / "article.txt").write_text("نص قصير.\n", encoding="utf-8")
    done = subprocess.run([copycheck_executable(), "check", "--rule-file", str(pack), "article.txt"],
                          cwd=tmp_path, capture_output=True, text=True, env=environment())
    assert done.returncode != 2 and "error" not in done.stdout + done.stderr, done.stdout + done.stderr
    listed = subprocess.run([copycheck_executable(), "rules", "list", "--rule-file", str(pack)],
                            capture_output=True, text=True, env=environment()).stdout
    for entry in yaml.safe_load(block.text)["rules"]:
        assert entry["id"] in listed


def check_toml(block: Block, tmp_path: Path) -> None:
    """The configuration is accepted as it stands (the paths it names made to exist)."""
    settings = tomllib.loads(block.text)
    table = settings.get("tool", {}).get("copycheck", settings)
    for folder in table.get("extend-rules", []):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    for words in table.get("dictionaries", []):
        (tmp_path / words).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / words).write_text("كلمة\n", encoding="utf-8")
    name = "pyproject.toml" if "tool" in settings else ".copycheck.toml"
    (tmp_path / name).write_text(block.text, encoding="utf-8")
    (tmp_path / "article.txt").write_text("قال الوزير ، إن الاجتماع مهم.\n", encoding="utf-8")
    output = shell("copycheck check article.txt", tmp_path)
    assert "error:" not in output and "Found" in output, output


def check_python(block: Block, tmp_path: Path) -> None:
    script = tmp_path / "example.py"
    script.write_text(block.text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", "import runpy, sys; "
                           "runpy.run_path(sys.argv[1], run_name='readme_example')", str(script)],
                          cwd=tmp_path, capture_output=True, text=True, env=environment(), timeout=300)
    assert done.returncode == 0, done.stderr


def check_json(block: Block, _tmp_path: Path) -> None:
    validate_report(json.loads(block.text))


CHECKS: dict[str, Callable[[Block, Path], None]] = {
    "session": run_session,
    "sh": lambda block, _tmp: check_options(block.text),
    "text": lambda block, _tmp: check_options(block.text),
    "text clean": check_clean,
    "text wordlist": check_wordlist,
    "text tree": check_tree,
    "yaml": check_yaml,
    "toml": check_toml,
    "python": check_python,
    "json": check_json,
}
# Blocks run by another test file, which needs a real server or real pre-commit: the kind, then
# the README section that test reads its blocks from.
RUN_ELSEWHERE = {"text pre-commit": "## Pre-commit hook", "service": "## The HTTP service"}


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.kind not in RUN_ELSEWHERE], ids=str)
def test_every_block_is_true(block: Block, tmp_path: Path) -> None:
    assert block.kind in CHECKS, (
        f"README.md:{block.line}: tag the block (```{' | ```'.join(CHECKS)}) or start it with `$ `")
    CHECKS[block.kind](block, tmp_path)


def test_every_block_run_elsewhere_is_where_its_test_reads_it() -> None:
    # tests/test_service.py and tests/test_precommit.py run these blocks: one outside the section
    # they read would be run by nobody.
    lines = TEXT.splitlines()
    for block in BLOCKS:
        if block.kind in RUN_ELSEWHERE:
            heading = next(line for line in reversed(lines[:block.line]) if line.startswith("## "))
            assert heading == RUN_ELSEWHERE[block.kind], f"README.md:{block.line} is under {heading}"


# -- the runner itself ------------------------------------------------------------------------------
def test_a_session_that_drifted_fails(tmp_path: Path) -> None:
    drifted = Block(1, ("console",), ("$ printf 'قال الوزير ، إن\\n' | copycheck check - --quiet",
                                      "-:1:11: warning [spacing.before-punctuation] [*] Space after «،»"))
    with pytest.raises(AssertionError, match="printed"):
        run_session(drifted, tmp_path)


def test_placeholders_elide_lines_and_characters() -> None:
    assert matches(("a", "...", "d"), "a\nb\nc\nd\n")
    assert matches(("a", "...", "d"), "a\nd\n")
    assert matches(("took … s",), "took 0.25 s\n")
    assert not matches(("a", "d"), "a\nb\nd\n")
    assert not matches(("took … s",), "took 1\ns\n")


def test_a_shown_file_is_written_before_it_is_read(tmp_path: Path) -> None:
    block = Block(1, (), ("$ cat note.txt", "قال الوزير ، إن", "$ copycheck check note.txt --quiet",
                          "note.txt:1:11: warning [spacing.before-punctuation] [*] …",
                          "    مسافة قبل «،»: علامة الترقيم تلتصق بالكلمة التي قبلها",
                          "    | قال الوزير⟦␣⟧، إن", "    fix: delete it"))
    run_session(block, tmp_path)


def test_an_unknown_option_in_a_command_to_copy_fails() -> None:
    with pytest.raises(AssertionError, match="--colour"):
        check_options("copycheck check --colour articles/")
    with pytest.raises(AssertionError, match="does not install"):
        check_options("pip install copycheck")


# -- the rule tables --------------------------------------------------------------------------------
def test_every_rule_is_in_the_detection_table():
    table = TEXT[TEXT.index("## What it detects"):TEXT.index("## Command line")]
    missing = [rule.id for rule in builtin_rules()
               if f"`{rule.id}`" not in table and not _covered_by_wildcard(rule.id, table)]
    assert missing == []


def _covered_by_wildcard(rule_id: str, table: str) -> bool:
    """`style.digits-*` stands for every rule whose id starts with `style.digits-`."""
    prefixes = regex.findall(r"`([a-z.\-]+-)\*`", table)
    return any(rule_id.startswith(prefix) for prefix in prefixes)


def test_the_first_lines_give_the_two_commands():
    head = TEXT.splitlines()[:8]
    assert any("pip install . && copycheck check seeds/" in line for line in head)
    assert any("pytest" in line for line in head)


def test_the_precision_table_gives_every_rule_its_level():
    """One row per rule: a rule moved to the picky level (or back) must change the README too."""
    section = TEXT[TEXT.index("### Precision by rule"):TEXT.index("## Command line")]
    rows = dict(regex.findall(r"^\| `([a-z0-9.\-]+)`(?: \[\*\])? \| (default|picky|opt-in) \|",
                              section, flags=regex.MULTILINE))
    expected = {rule.id: "opt-in" if not rule.enabled else rule.level for rule in builtin_rules()}
    assert rows == expected


# -- the worked example of a context rule (its session is run with the other blocks) ------------
def _worked_context_rule() -> str:
    """The rule file the "Context rules" session shows with `$ cat newsroom-grammar.yaml`."""
    section = TEXT[TEXT.index("### Context rules: `kind: tokens`"):TEXT.index("## Development")]
    (block,) = [b for b in blocks(section) if b.kind == "session"]
    step = session(block)[0]
    assert step.command == "cat newsroom-grammar.yaml"
    return "".join(line + "\n" for line in step.expected)


def test_the_worked_context_rule_loads_and_its_examples_pass(tmp_path):
    from copycheck.checks import Environment
    from copycheck.engine import verify_examples
    from copycheck.rules import load_pack

    pack = tmp_path / "newsroom-grammar.yaml"
    pack.write_text(_worked_context_rule(), encoding="utf-8")
    (rule,) = load_pack(pack)
    assert rule.kind == "tokens" and verify_examples(rule, Environment()) == []


def test_the_loader_error_the_readme_quotes(tmp_path):
    from support import run_cli

    section = TEXT[TEXT.index("### Context rules: `kind: tokens`"):TEXT.index("## Development")]
    quoted = " ".join(regex.search(r"error that points at its line.*?: `([^`]+)`", section,
                                   flags=regex.DOTALL).group(1).split())
    broken = _worked_context_rule().replace("barrier:", "barier:")
    (tmp_path / "newsroom-grammar.yaml").write_text(broken, encoding="utf-8")
    (tmp_path / "article.txt").write_text("قال الوزير إن الخطة جاهزة.\n", encoding="utf-8")
    result = run_cli("check", "--rule-file", "newsroom-grammar.yaml", "article.txt", cwd=tmp_path)
    assert result.code == 2
    assert f"error: {quoted}" in result.stdout.splitlines()
