"""The Python API: check_text and Checker give the command line's findings, and a Checker pickles."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from support import run_cli

import copycheck
from copycheck.errors import UsageError

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_9eb9693275b328fe.txt"


def _cli_findings(*args: str) -> list[tuple[str, int, int]]:
    result = run_cli("check", str(SEED), "--format", "json", *args)
    assert result.code in (0, 1), result.stderr
    assert result.report is not None
    return [(f["rule"], f["start"], f["end"]) for f in result.report["files"][0]["findings"]]


@pytest.mark.parametrize("options", [{}, {"level": "picky"}, {"ignore": ("spacing",)}])
def test_check_text_finds_what_the_command_line_finds(options: dict) -> None:
    args = [*(["--level", options["level"]] if "level" in options else []),
            *(["--ignore", ",".join(options["ignore"])] if "ignore" in options else [])]
    text = SEED.read_text(encoding="utf-8")
    found = [(f.rule, f.start, f.end) for f in copycheck.check_text(text, **options)]
    assert found == _cli_findings(*args)
    assert found  # the seed has findings of every kind asked for


def test_a_checker_survives_pickling_and_finds_the_same() -> None:
    checker = copycheck.Checker(level="picky")
    text = SEED.read_text(encoding="utf-8")
    before = checker.check_text(text)
    copy = pickle.loads(pickle.dumps(checker))
    assert copy.check_text(text) == before
    assert pickle.loads(pickle.dumps(copy)).check_text(text) == before  # checks built, pickles again


def test_a_configuration_file_is_honoured(tmp_path: Path) -> None:
    config = tmp_path / ".copycheck.toml"
    config.write_text('ignore = ["spacing"]\n', encoding="utf-8")
    text = "قال الوزير , إن الاجتماع  مهم."
    rules = {f.rule for f in copycheck.check_text(text, config=config)}
    assert "punctuation.latin-comma" in rules
    assert not any(rule.startswith("spacing.") for rule in rules)


def test_markdown_is_read_as_markdown() -> None:
    findings = copycheck.check_text("# عنوان\n\nقال الوزير , إن الاجتماع مهم.\n", format="markdown",
                                    select=["punctuation"])
    assert [f.rule for f in findings] == ["punctuation.latin-comma"]


@pytest.mark.parametrize("call", [
    lambda: copycheck.Checker(select=["no-such-rule"]),
    lambda: copycheck.check_text("نص", level="fussy"),
    lambda: copycheck.check_text("نص", format="jsonl"),
])
def test_bad_arguments_raise_a_usage_error(call) -> None:
    with pytest.raises(UsageError):
        call()


def test_importing_the_package_does_not_load_the_rules() -> None:
    import subprocess
    import sys

    probe = "import sys, copycheck; print(json.dumps('copycheck.api' in sys.modules))"
    result = subprocess.run([sys.executable, "-c", "import json; " + probe], capture_output=True,
                            text=True, check=True)
    assert json.loads(result.stdout) is False


@pytest.mark.parametrize("enabled", [True, False])
def test_checking_leaves_the_callers_garbage_collection_as_it_was(enabled: bool) -> None:
    # The rules pause cyclic collection while they read a long text; a program that embeds
    # copycheck must get it back as it had it, on or off.
    import gc

    from copycheck.engine import PAUSE_COLLECTOR_FROM

    checker = copycheck.Checker(ignore=["spelling", "orthography.hamza-variant"])
    seed = SEED.read_text(encoding="utf-8")
    long_text = "\n\n".join([seed] * (PAUSE_COLLECTOR_FROM // len(seed) + 1))
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        assert checker.check_text(long_text)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
