"""The README stays true: its rule table names every shipped rule."""

from __future__ import annotations

from pathlib import Path

import regex
from support import builtin_rules

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_rule_is_in_the_detection_table():
    table = README[README.index("## What it detects"):README.index("## Command line")]
    missing = [rule.id for rule in builtin_rules()
               if f"`{rule.id}`" not in table and not _covered_by_wildcard(rule.id, table)]
    assert missing == []


def _covered_by_wildcard(rule_id: str, table: str) -> bool:
    """`style.digits-*` stands for every rule whose id starts with `style.digits-`."""
    prefixes = regex.findall(r"`([a-z.\-]+-)\*`", table)
    return any(rule_id.startswith(prefix) for prefix in prefixes)


def test_the_first_lines_give_the_two_commands():
    head = README.splitlines()[:8]
    assert any("pip install . && copycheck check seeds/" in line for line in head)
    assert any("pytest" in line for line in head)


def test_the_precision_table_gives_every_rule_its_level():
    """One row per rule: a rule moved to the picky level (or back) must change the README too."""
    section = README[README.index("### Precision by rule"):README.index("## Command line")]
    rows = dict(regex.findall(r"^\| `([a-z0-9.\-]+)`(?: \[\*\])? \| (default|picky|opt-in) \|",
                              section, flags=regex.MULTILINE))
    expected = {rule.id: "opt-in" if not rule.enabled else rule.level for rule in builtin_rules()}
    assert rows == expected


# -- the worked example of a context rule -------------------------------------------------------------
def _context_rules_section() -> str:
    return README[README.index("### Context rules: `kind: tokens`"):README.index("## Development")]


def _blocks(section: str) -> list[str]:
    return regex.findall(r"^```[a-z]*\n(.*?)^```", section, flags=regex.MULTILINE | regex.DOTALL)


def test_the_worked_context_rule_loads_and_its_examples_pass(tmp_path):
    from copycheck.checks import Environment
    from copycheck.engine import verify_examples
    from copycheck.rules import load_pack

    pack = tmp_path / "newsroom-grammar.yaml"
    pack.write_text(_blocks(_context_rules_section())[0], encoding="utf-8")
    (rule,) = load_pack(pack)
    assert rule.kind == "tokens" and verify_examples(rule, Environment()) == []


def test_the_worked_context_rule_prints_what_the_readme_shows(tmp_path):
    from support import run_cli

    rule_text, session = _blocks(_context_rules_section())[:2]
    (tmp_path / "newsroom-grammar.yaml").write_text(rule_text, encoding="utf-8")
    lines = session.splitlines()
    assert lines[0] == "$ cat article.txt" and lines[2].startswith("$ copycheck ")
    (tmp_path / "article.txt").write_text(lines[1] + "\n", encoding="utf-8")
    result = run_cli(*lines[2].split()[2:], cwd=tmp_path)
    assert result.code == 1
    assert result.stdout.splitlines() == lines[3:]


def test_the_loader_error_the_readme_quotes(tmp_path):
    from support import run_cli

    section = _context_rules_section()
    quoted = " ".join(regex.search(r"error that points at its line.*?: `([^`]+)`", section,
                                   flags=regex.DOTALL).group(1).split())
    broken = _blocks(section)[0].replace("barrier:", "barier:")
    (tmp_path / "newsroom-grammar.yaml").write_text(broken, encoding="utf-8")
    (tmp_path / "article.txt").write_text("قال الوزير إن الخطة جاهزة.\n", encoding="utf-8")
    result = run_cli("check", "--rule-file", "newsroom-grammar.yaml", "article.txt", cwd=tmp_path)
    assert result.code == 2
    assert f"error: {quoted}" in result.stdout.splitlines()
