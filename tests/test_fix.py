"""--fix: only fixable findings, no overlaps, stable, idempotent, and the file keeps its form."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import builtin_rules, rule_from_yaml

from copycheck.document import Document
from copycheck.engine import MAX_FIX_PASSES, Linter, select_rules
from copycheck.errors import InputError
from copycheck.fix import Edit, apply_edits
from copycheck.inputs import Decoded, encode
from copycheck.runner import Runner, RunOptions

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_9eb9693275b328fe.txt"
GOLDEN = Path(__file__).parent / "golden" / "seed.fixed.txt"
LINTER = Linter(select_rules(builtin_rules()), catalogue=builtin_rules())


def fix(text: str, unsafe: bool = False) -> str:
    return LINTER.fix(Document(text), unsafe=unsafe)[0].text


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "copycheck", "check", "--no-color", *args],
                          input=stdin, capture_output=True, check=False)


# -- apply_edits ------------------------------------------------------------------------------
def test_overlapping_edits_keep_the_first():
    assert apply_edits("abcdef", [Edit(1, 3, "X"), Edit(2, 4, "Y"), Edit(4, 5, "Z")]) == ("aXdZf", 2)


def test_two_insertions_at_one_point_apply_once():
    assert apply_edits("ab", [Edit(1, 1, "X"), Edit(1, 1, "Y")]) == ("aXb", 1)


def test_an_edit_that_changes_nothing_is_not_counted():
    assert apply_edits("ab", [Edit(0, 1, "a")]) == ("ab", 0)


# -- the sample article -----------------------------------------------------------------------
def test_fixing_the_seed_gives_the_reviewed_golden_file():
    # Reviewed by hand, word by word: only spaces before «،» «.» go, «.،» becomes «.», and the
    # detached «و شهد» is joined; every letter is unchanged.
    assert fix(SEED.read_text(encoding="utf-8")) == GOLDEN.read_text(encoding="utf-8")


def test_fixed_seed_has_no_fixable_finding_and_is_stable():
    fixed = GOLDEN.read_text(encoding="utf-8")
    findings, _ = LINTER.check(Document(fixed))
    assert not [f for f in findings if f.fixable]
    assert fix(fixed) == fixed


def test_fix_changes_only_punctuation_and_spacing():
    def letters(text: str) -> str:
        return "".join(c for c in text if c.isalnum())

    assert letters(fix(SEED.read_text(encoding="utf-8"))) == letters(SEED.read_text(encoding="utf-8"))


def test_unsafe_fixes_only_with_the_flag():
    text = "قال الوزير إن العمل مستمر فی المغرب"
    assert fix(text) == text
    assert fix(text, unsafe=True) == "قال الوزير إن العمل مستمر في المغرب"


def test_suppressed_findings_are_not_fixed():
    text = "قال الوزير ، إن copycheck: ignore[spacing.before-punctuation]"
    assert fix(text) == text


# -- idempotence on any text ------------------------------------------------------------------
ARABIC_COPY = st.text(alphabet=st.sampled_from(list("قال الوزير ،؛؟!.:,;?«»()و ـیکﺍ\u200b\n0123456789٠١ab")),
                      max_size=80)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ARABIC_COPY)
def test_fix_is_idempotent(text):
    once = fix(text)
    assert fix(once) == once
    assert once.encode("utf-8").decode("utf-8") == once


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_fix_is_idempotent_on_any_unicode(text):
    once = fix(text, unsafe=True)
    assert fix(once, unsafe=True) == once


# -- the command line: in place, atomic, the file keeps its form ------------------------------
def test_cli_fix_writes_in_place_and_a_second_fix_changes_nothing(tmp_path):
    article = tmp_path / "article.txt"
    shutil.copy(SEED, article)
    first = run_cli("--fix", str(article))
    # Exit 1: the findings no fix can settle (fragments, repeats…) are still reported.
    assert first.returncode == 1, first.stdout.decode()
    assert b"Fixed 28 finding(s)." in first.stdout and b"[*]" not in first.stdout
    assert article.read_text(encoding="utf-8") == GOLDEN.read_text(encoding="utf-8")
    second = run_cli("--fix", str(article))
    assert second.returncode == 1 and b"Fixed" not in second.stdout
    assert article.read_text(encoding="utf-8") == GOLDEN.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["article.txt"]  # no temporary file left


@pytest.mark.parametrize(("encoding", "bom"), [("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"),
                                               ("cp1256", b"")])
def test_cli_fix_keeps_bom_encoding_line_endings_and_permissions(tmp_path, encoding, bom):
    article = tmp_path / "article.txt"
    article.write_bytes(bom + "قال الوزير ، إن\r\nانتهى الاجتماع ؟\r\n".encode(encoding))
    os.chmod(article, 0o640)
    args = ["--encoding", encoding] if encoding == "cp1256" else []
    assert run_cli("--fix", *args, str(article)).returncode == 0
    assert article.read_bytes() == bom + "قال الوزير، إن\r\nانتهى الاجتماع؟\r\n".encode(encoding)
    assert stat.S_IMODE(article.stat().st_mode) == 0o640


def test_fixed_text_the_encoding_cannot_store_is_an_input_error():
    with pytest.raises(InputError, match="cannot store; the file was left unchanged"):
        encode("قال، إن", Decoded("قال ، إن", "latin-1"), "article.txt")


def test_cli_fix_reports_what_it_cannot_fix(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("قال الوزير ، إن العمل مستمر فی المغرب\n", encoding="utf-8")
    result = run_cli("--fix", str(article))
    assert result.returncode == 1
    assert b"typography.persian-yeh" in result.stdout and b"Fixed 1 finding(s)." in result.stdout
    assert article.read_text(encoding="utf-8") == "قال الوزير، إن العمل مستمر فی المغرب\n"


def test_cli_fix_on_stdin_prints_the_fixed_text():
    result = run_cli("--fix", "-", stdin="قال الوزير ، إن\n".encode())
    assert result.stdout == "قال الوزير، إن\n".encode()
    assert b"Fixed 1 finding(s)." in result.stderr


def test_cli_diff_writes_nothing(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("قال الوزير ، إن\n", encoding="utf-8")
    result = run_cli("--diff", str(article))
    assert result.returncode == 1
    assert "-قال الوزير ، إن\n+قال الوزير، إن\n".encode() in result.stdout
    assert article.read_text(encoding="utf-8") == "قال الوزير ، إن\n"


# -- each text is checked once ----------------------------------------------------------------
@pytest.mark.parametrize(("options", "reported"), [
    ({"fix": True}, "قال الوزير، إن العمل مستمر فی المغرب\n"),
    ({"diff": True}, "قال الوزير ، إن العمل مستمر فی المغرب\n"),
])
def test_the_runner_reuses_the_checks_of_the_fix_passes(tmp_path, monkeypatch, options, reported):
    article = tmp_path / "article.txt"
    article.write_text("قال الوزير ، إن العمل مستمر فی المغرب\n", encoding="utf-8")
    checked: list[str] = []
    check = Linter.check

    def counted(self, doc, skip=()):
        checked.append(doc.text)
        return check(self, doc, skip)

    monkeypatch.setattr(Linter, "check", counted)
    report = Runner(RunOptions(**options)).run([str(article)])
    # The text as given, then as fixed (no more edits: stable); the report reuses the right one.
    assert checked == ["قال الوزير ، إن العمل مستمر فی المغرب\n", "قال الوزير، إن العمل مستمر فی المغرب\n"]
    [file] = report.files
    assert file.document.text == reported and report.fixed == 1
    assert [f.rule for f in file.findings] == [f.rule for f in check(LINTER, Document(reported))[0]]


# -- fixes reach a fixed point, or the run says they did not ----------------------------------
@pytest.mark.parametrize("level", ["default", "picky"])
def test_markdown_date_between_emphasis_reaches_a_fixed_point(tmp_path, level):
    article = tmp_path / "article.md"
    article.write_text("**\n\n** 2022 **/** 05 **/** 11 ۔", encoding="utf-8")
    first = run_cli("--fix", "--level", level, str(article))
    assert first.returncode in (0, 1) and b"stopped before" not in first.stdout
    fixed = article.read_bytes()
    second = run_cli("--fix", "--level", level, str(article))
    assert b"Fixed" not in second.stdout and article.read_bytes() == fixed


# Two newsroom rules that undo each other: each passes its own examples, together they never settle.
FIGHTING_RULES = """\
pack: newsroom
rules:
  - id: style.hyphen-to-slash
    kind: pattern
    category: style
    severity: info
    message: "Slash, not hyphen"
    message_ar: "شرطة مائلة"
    pattern: '(?<=\\d)-(?=\\d)'
    replace: '/'
    fix: safe
    examples:
      bad:
        - text: "في 11⟦-⟧05"
          fixed: "في 11/05"
      good: ["في 11/05"]
  - id: style.slash-to-hyphen
    kind: pattern
    category: style
    severity: info
    message: "Hyphen, not slash"
    message_ar: "شرطة"
    pattern: '(?<=\\d)/(?=\\d)'
    replace: '-'
    fix: safe
    examples:
      bad:
        - text: "في 11⟦/⟧05"
          fixed: "في 11-05"
      good: ["في 11-05"]
"""


def test_fixes_that_undo_each_other_stop_and_the_run_says_so(tmp_path):
    pack = tmp_path / "newsroom.yaml"
    pack.write_text(FIGHTING_RULES, encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text("صدر القرار في 11-05.\n", encoding="utf-8")
    result = run_cli("--fix", "--rule-file", str(pack), str(article))
    assert result.returncode == 2
    assert (f"{article}:1: error: fixing stopped before the text was stable: "
            "style.hyphen-to-slash, style.slash-to-hyphen would still rewrite it").encode() \
        in result.stdout
    assert article.read_text(encoding="utf-8") in ("صدر القرار في 11/05.\n",
                                                    "صدر القرار في 11-05.\n")
    assert b"Traceback" not in result.stderr


def test_the_fixed_point_of_a_text_is_reported_as_settled():
    fixed = LINTER.fix(Document("قال الوزير , إن الاجتماع  مهم ."))
    assert fixed.unsettled == () and not fixed.after.problems


def test_a_fix_that_never_settles_stops_after_the_last_pass(tmp_path):
    (growing,) = rule_from_yaml(tmp_path, """\
        pack: newsroom
        rules:
          - id: style.longer
            kind: pattern
            category: style
            severity: info
            message: "Longer"
            message_ar: "أطول"
            pattern: 'ا(?=\\.)'
            replace: 'اا'
            fix: safe
            examples: {bad: [{text: "ج⟦ا⟧."}], good: ["جب."]}
        """)
    fixed = Linter([growing]).fix(Document("جا."))
    assert fixed.count == MAX_FIX_PASSES and fixed.document.text == "ج" + "ا" * 9 + "."
    assert fixed.unsettled == ("style.longer",)
    (problem,) = fixed.after.problems
    assert problem.rule == "style.longer" and "fixing stopped before the text was stable" in str(problem)
