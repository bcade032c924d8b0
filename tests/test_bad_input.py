"""Bad input ends in exit code 2 with a message that says where, and never stops the other files
(or the other rules) from being checked."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

import pytest
from support import run_cli

from copycheck import inputs
from copycheck.runner import Runner, RunOptions

GOOD_ARTICLE = "قال الوزير ، إن الاجتماع انتهى.\n"  # one finding: spacing.before-punctuation


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "good.txt"
    path.write_text(GOOD_ARTICLE, encoding="utf-8")
    return path


def checked(result) -> dict[str, list[str]]:
    """path → rules found, for every file in a JSON report."""
    return {file["path"]: [f["rule"] for f in file["findings"]] for file in result.report["files"]}


def file_error(result, path) -> dict:
    return next(file["error"] for file in result.report["files"] if file["path"] == str(path))


# -- inputs ----------------------------------------------------------------------------------------
def test_non_utf8_file_is_reported_with_its_line_and_the_others_are_checked(tmp_path, good):
    bad = tmp_path / "archive.txt"
    bad.write_bytes("السطر الأول.\nالسطر الثاني.\n".encode() + "الثالث".encode("cp1256"))
    result = run_cli("check", "--format", "json", str(bad), str(good))
    assert result.code == 2
    assert checked(result)[str(good)] == ["spacing.before-punctuation"]
    error = file_error(result, bad)
    assert (error["path"], error["line"]) == (str(bad), 3)
    assert "cannot decode" in error["message"] and "--encoding cp1256" in error["message"]
    assert f"{bad}:3: cannot decode" in result.stderr

    text = run_cli("check", str(bad), str(good))
    assert text.code == 2 and f"{bad}:3: error: cannot decode" in text.stdout
    assert f"{good}:1:11: warning [spacing.before-punctuation]" in text.stdout


def test_binary_file(tmp_path, good):
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    result = run_cli("check", "--format", "json", str(binary), str(good))
    assert result.code == 2
    assert "binary file" in file_error(result, binary)["message"]
    assert checked(result)[str(good)] == ["spacing.before-punctuation"]


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\n\n  \r\n"], ids=["empty", "bom-only", "blank"])
def test_empty_file_is_an_input_error(tmp_path, content, good):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    result = run_cli("check", "--format", "json", str(path), str(good))
    assert result.code == 2
    assert "empty input" in file_error(result, path)["message"]
    assert checked(result)[str(good)] == ["spacing.before-punctuation"]
    assert run_cli("check", "--fix", str(path)).code == 2 and path.read_bytes() == content


def test_missing_path(tmp_path, good):
    missing = tmp_path / "no-such-file.txt"
    result = run_cli("check", "--format", "json", str(missing), str(good))
    assert result.code == 2
    assert file_error(result, missing) == {"message": "no such file or directory", "path": str(missing)}
    assert checked(result)[str(good)] == ["spacing.before-punctuation"]


@pytest.mark.parametrize(("link_to", "message"), [
    ("self.txt", "symbolic link loop: the link never reaches a file"),
    ("gone.txt", "dangling symbolic link: its target does not exist"),
])
def test_a_link_that_reaches_no_file_is_an_input_error(tmp_path, link_to, message):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    link = folder / "self.txt"
    link.symlink_to(link_to)
    for target in (folder, link):  # found by walking the folder, or named on the command line
        result = run_cli("check", "--format", "json", str(target), str(folder / "good.txt"))
        assert result.code == 2 and "Traceback" not in result.stderr
        assert file_error(result, link) == {"message": message, "path": str(link)}
        assert checked(result)[str(folder / "good.txt")] == ["spacing.before-punctuation"]


def test_fix_refuses_a_read_only_file_and_fixes_the_others(tmp_path, good):
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD_ARTICLE, encoding="utf-8")
    locked.chmod(0o444)
    result = run_cli("check", "--fix", str(locked), str(good))
    assert result.code == 2 and "Traceback" not in result.stderr
    assert f"{locked}: error: read-only file: the fixes were not written" in result.stdout
    assert locked.read_text(encoding="utf-8") == GOOD_ARTICLE  # even for root, who could rename
    assert oct(locked.stat().st_mode & 0o777) == oct(0o444)
    assert good.read_text(encoding="utf-8") == "قال الوزير، إن الاجتماع انتهى.\n"
    assert "Fixed 1 finding(s)." in result.stdout  # the refused file's fix is not counted
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a folder without write permission")
def test_fix_in_a_folder_that_cannot_be_written_is_an_error_for_that_file(tmp_path, good):
    folder = tmp_path / "sealed"
    folder.mkdir()
    article = folder / "article.txt"
    article.write_text(GOOD_ARTICLE, encoding="utf-8")
    folder.chmod(0o555)
    try:
        result = run_cli("check", "--fix", str(article), str(good))
    finally:
        folder.chmod(0o755)
    assert result.code == 2 and "Traceback" not in result.stderr
    assert f"{article}: error: cannot write the fixed file (Permission denied)" in result.stdout
    assert article.read_text(encoding="utf-8") == GOOD_ARTICLE
    assert good.read_text(encoding="utf-8") == "قال الوزير، إن الاجتماع انتهى.\n"


def test_a_failed_write_leaves_the_file_and_no_temporary_file(tmp_path, good, monkeypatch):
    """The same failure for every user (root included): the rename is refused."""
    article = tmp_path / "article.txt"
    article.write_text(GOOD_ARTICLE, encoding="utf-8")

    def refuse(source, target):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(inputs.os, "replace", refuse)
    report = Runner(RunOptions(fix=True)).run([str(article), str(good)])
    errors = [error for file in report.files for error in file.errors]
    assert [(e.path, e.message) for e in errors] == [
        (str(article), "cannot write the fixed file (Permission denied); it was left unchanged"),
        (str(good), "cannot write the fixed file (Permission denied); it was left unchanged")]
    assert article.read_text(encoding="utf-8") == GOOD_ARTICLE
    assert not list(tmp_path.glob(".*.tmp"))
    assert report.fixed == 0


def test_empty_directory(tmp_path, good):
    folder = tmp_path / "nothing-here"
    folder.mkdir()
    (folder / "notes.rtf").write_text(GOOD_ARTICLE, encoding="utf-8")  # not included by default
    result = run_cli("check", "--format", "json", str(folder), str(good))
    assert result.code == 2
    assert "no files matching *.txt *.md" in file_error(result, folder)["message"]
    assert checked(result)[str(good)] == ["spacing.before-punctuation"]


def test_undecodable_stdin():
    result = run_cli("check", "-", stdin=b"\xfa\xfb not utf-8")
    assert result.code == 2 and "-:1: error: cannot decode byte 0xfa" in result.stdout


def test_unknown_encoding(good):
    result = run_cli("check", "--encoding", "klingon", str(good))
    assert result.code == 2 and "unknown encoding 'klingon'" in result.stdout



# A lone half of a UTF-16 pair, written as an escape in the JSON file: not a character.
LONE_SURROGATE_EXPORT = (
    '{"id": 1, "text": "قال الوزير , إن \\ud853 الاجتماع مهم."}\n'
    '{"id": 2, "text": "قال الوزير , إن الاجتماع مهم."}\n'
    '{"id": 3, "text": "قال \\ud83d\\ude00 الوزير , إن الاجتماع مهم."}\n')  # a valid pair


@pytest.mark.parametrize("output", ["json", "text", "sarif", "github", "html"])
def test_a_record_with_a_lone_surrogate_is_a_record_error_and_the_others_are_checked(tmp_path,
                                                                                   output):
    export = tmp_path / "articles.jsonl"
    export.write_text(LONE_SURROGATE_EXPORT, encoding="utf-8")
    result = run_cli("check", "--format", output, "--field", "text", "--id-field", "id",
                     str(export))
    assert result.code == 2
    assert "Traceback" not in result.stderr and "UnicodeEncodeError" not in result.stderr
    message = "field 'text' holds a lone surrogate \\ud853 at offset 16"
    assert message in (result.stdout if output == "text" else result.stderr)
    if output == "json":
        files = {file["path"]: file for file in result.report["files"]}
        assert message in files[f"{export}#1"]["error"]["message"]
        assert files[f"{export}#1"]["error"]["line"] == 1
        assert [f["rule"] for f in files[f"{export}#2"]["findings"]] == ["punctuation.latin-comma"]
        assert [f["rule"] for f in files[f"{export}#3"]["findings"]] == ["punctuation.latin-comma"]
    if output == "text":
        assert f"{export}#1:1: error: {message}" in result.stdout
        assert f"{export}#2:1:12: warning [punctuation.latin-comma]" in result.stdout


def test_a_lone_surrogate_in_a_record_id_is_shown_as_its_escape(tmp_path):
    export = tmp_path / "articles.jsonl"
    export.write_text('{"id": "a\\udc00", "text": "قال الوزير , إن الاجتماع مهم."}\n',
                      encoding="utf-8")
    result = run_cli("check", "--format", "json", "--field", "text", "--id-field", "id",
                     str(export))
    assert result.code == 1
    assert result.report["files"][0]["path"] == f"{export}#a\\udc00"


def test_a_codec_that_decodes_to_a_lone_surrogate_is_an_input_error(tmp_path):
    article = tmp_path / "article.txt"
    article.write_bytes(b"first line\nsecond +2FM- line\n")  # UTF-7 for a lone U+D853
    result = run_cli("check", "--encoding", "utf-7", str(article))
    assert result.code == 2 and "Traceback" not in result.stderr
    assert f"{article}:2: error: lone surrogate \\ud853 at offset 18" in result.stdout

# -- rule files ------------------------------------------------------------------------------------
RULE = """\
  - id: style.example-rule
    kind: pattern
    category: style
    severity: info
    message: "Example"
    message_ar: "مثال"
    description: A rule written by a newsroom.
    pattern: 'مثال'
    examples:
      bad:
        - text: "هذا ⟦مثال⟧ واضح"
      good:
        - "هذا نص واضح"
"""


def write_pack(tmp_path, rules: str = RULE, header: str = "pack: newsroom\nrules:\n"):
    path = tmp_path / "newsroom.yaml"
    path.write_text(header + rules, encoding="utf-8")
    return path


def run_with_pack(pack, good):
    """The built-in rules must still run on `good` whatever is wrong with the pack."""
    result = run_cli("check", "--format", "json", "--rule-file", str(pack), str(good))
    assert result.code == 2
    assert checked(result)[str(good)] == ["spacing.before-punctuation"]
    (error,) = result.report["errors"]
    assert error["path"] == str(pack)
    return error


def test_a_valid_pack_adds_its_rule(tmp_path, good):
    pack = write_pack(tmp_path)
    good.write_text("هذا مثال واضح، " + GOOD_ARTICLE, encoding="utf-8")
    result = run_cli("check", "--format", "json", "--rule-file", str(pack), str(good))
    assert result.code == 1 and result.report["errors"] == []
    assert checked(result)[str(good)] == ["style.example-rule", "spacing.before-punctuation"]


def test_broken_yaml_names_file_and_line(tmp_path, good):
    pack = write_pack(tmp_path, RULE.replace('message: "Example"', 'message: "Example'))
    error = run_with_pack(pack, good)
    assert error["line"] in (7, 8) and error["message"].startswith("invalid YAML")


def test_unknown_key_suggests_the_right_one(tmp_path, good):
    pack = write_pack(tmp_path, RULE.replace("severity:", "severty:"))
    error = run_with_pack(pack, good)
    assert error == {"path": str(pack), "line": 6, "rule": "style.example-rule",
                     "message": "unknown key 'severty' (did you mean 'severity'?)"}


def test_missing_key(tmp_path, good):
    pack = write_pack(tmp_path, RULE.replace('    message_ar: "مثال"\n', ""))
    error = run_with_pack(pack, good)
    assert error["message"] == "missing required key 'message_ar'" and error["line"] == 3


def test_bad_regex_names_the_rule(tmp_path, good):
    pack = write_pack(tmp_path, RULE.replace("pattern: 'مثال'", "pattern: '(مثال'"))
    error = run_with_pack(pack, good)
    assert error["rule"] == "style.example-rule" and error["line"] == 3
    assert error["message"].startswith("invalid regular expression")


def test_example_that_does_not_behave_as_declared(tmp_path, good):
    pack = write_pack(tmp_path, RULE.replace('"هذا نص واضح"', '"هذا مثال آخر"'))
    error = run_with_pack(pack, good)
    assert error["rule"] == "style.example-rule"
    assert "example does not behave as declared: good[0]" in error["message"]


def test_duplicate_rule_id(tmp_path, good):
    pack = write_pack(tmp_path, RULE + RULE)
    error = run_with_pack(pack, good)
    assert error["rule"] == "style.example-rule" and error["line"] == 16
    assert "duplicate rule id (first defined in" in error["message"] and f"{pack}:3" in error["message"]


def test_a_pack_reusing_a_builtin_id(tmp_path, good):
    pack = write_pack(tmp_path, RULE.replace("style.example-rule", "spacing.before-punctuation")
                      .replace("category: style", "category: spacing"))
    error = run_with_pack(pack, good)
    assert error["rule"] == "spacing.before-punctuation" and "rules/spacing.yaml" in error["message"]


def test_rule_file_errors_in_the_text_report(tmp_path, good):
    pack = write_pack(tmp_path, RULE.replace("severity:", "severty:"))
    result = run_cli("check", "--rule-file", str(pack), str(good))
    assert result.code == 2
    assert (f"error: {pack}:6: rule style.example-rule: unknown key 'severty' "
            "(did you mean 'severity'?)") in result.stdout.splitlines()


# -- a catastrophic pattern ------------------------------------------------------------------------
CATASTROPHIC = textwrap.dedent("""\
  - id: style.runaway
    kind: pattern
    category: style
    severity: info
    message: "Runaway"
    message_ar: "نمط جامح"
    description: Nested alternatives that backtrack exponentially when the final $ fails.
    pattern: '(a|aa)+$'
    examples:
      bad:
        - text: "⟦aaaa⟧"
      good:
        - "b"
""").replace("\n", "\n  ").replace("- id", "  - id", 1).rstrip() + "\n"


def test_a_catastrophic_pattern_is_stopped_by_the_time_limit(tmp_path, good):
    pack = write_pack(tmp_path, CATASTROPHIC)
    victim = tmp_path / "victim.txt"
    victim.write_text("نص عادي ، ثم\n" + "a" * 64 + "!\n", encoding="utf-8")
    began = time.monotonic()
    result = run_cli("check", "--format", "json", "--regex-timeout", "0.2", "--rule-file", str(pack),
                     str(victim), str(good), timeout=30)
    assert time.monotonic() - began < 5
    assert result.code == 2
    assert result.report["errors"] == []  # the pack itself is valid: its examples pass
    error = file_error(result, victim)
    assert error["rule"] == "style.runaway"
    assert f"rule defined at {pack}:3" in error["message"] and "0.2 s" in error["message"]
    # The other rules still ran on that file, and on the next one.
    assert checked(result) == {str(victim): ["spacing.before-punctuation"],
                               str(good): ["spacing.before-punctuation"]}


REPETITION_RUNAWAY = textwrap.dedent("""\
  - id: repetition.runaway
    kind: repetition
    category: repetition
    severity: info
    message: "Runaway"
    message_ar: "نمط جامح"
    min_words: 1
    reach: adjacent
    exception_pattern: '(ب|بب)+ج'
    examples:
      bad:
        - text: "⟦في في⟧"
      good:
        - "في"
""").replace("\n", "\n  ").replace("- id", "  - id", 1).rstrip() + "\n"


SENTENCE_RUNAWAY = REPETITION_RUNAWAY.replace("kind: repetition", "kind: sentence").replace(
    "min_words: 1\n    reach: adjacent\n    exception_pattern: '(ب|بب)+ج'",
    "detect: fragment\n    verbal_nouns: ['(ب|بب)+ج']").replace(
    '- text: "⟦في في⟧"', '- text: "انتهى الأمر. ⟦مصادر الإرهاب في القارة.⟧ وانتهى."')


@pytest.mark.parametrize("rule", [REPETITION_RUNAWAY, SENTENCE_RUNAWAY], ids=["repetition", "sentence"])
def test_a_catastrophic_pattern_in_another_kind_is_stopped_by_the_time_limit(tmp_path, good, rule):
    pack = write_pack(tmp_path, rule)
    victim = tmp_path / "victim.txt"
    run = "ب" * 60
    victim.write_text(f"قال الوزير ، إن {run} {run} انتهى. الإرهاب في القارة. و{run} {run}. تم.\n",
                      encoding="utf-8")
    began = time.monotonic()
    result = run_cli("check", "--format", "json", "--regex-timeout", "0.2", "--rule-file", str(pack),
                     str(victim), str(good), timeout=60)
    assert time.monotonic() - began < 10
    assert result.code == 2
    error = file_error(result, victim)
    assert error["rule"] == "repetition.runaway" and "0.2 s" in error["message"]
    assert "rule defined at" in error["message"]
    assert checked(result)[str(good)] == ["spacing.before-punctuation"]


def test_the_time_limit_can_come_from_the_environment(tmp_path):
    pack = write_pack(tmp_path, CATASTROPHIC)
    victim = tmp_path / "victim.txt"
    victim.write_text("a" * 64 + "!\n", encoding="utf-8")
    began = time.monotonic()
    result = run_cli("check", "--rule-file", str(pack), str(victim),
                     env={"COPYCHECK_REGEX_TIMEOUT": "0.2"}, timeout=30)
    assert time.monotonic() - began < 5
    assert result.code == 2 and "pattern took longer than 0.2 s" in result.stdout


def test_the_time_limit_option_is_hidden_from_help():
    result = run_cli("check", "--help")
    assert result.code == 0 and "--regex-timeout" not in result.stdout


def test_a_crash_exits_2_never_0_or_1(good):
    """A bug in copycheck must not pass for a clean run (0) or for findings (1)."""
    crashing = ("import sys\n"
                "from copycheck import cli\n"
                "from copycheck.formatters import FORMATTERS\n"
                "def broken(*args, **kwargs): raise RuntimeError('formatter bug')\n"
                "FORMATTERS['text'].render = broken\n"
                "sys.argv = ['copycheck', 'check', sys.argv[1]]\n"
                "cli.main()\n")
    result = subprocess.run([sys.executable, "-c", crashing, str(good)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2
    assert "RuntimeError: formatter bug" in result.stderr
    assert "copycheck: internal error" in result.stderr
