"""The installed `copycheck` command, run as a subprocess with stdout and stderr on pipes."""

from __future__ import annotations

import json
import os
import stat

import pytest
from support import run_cli

from copycheck import __version__

# One space before «،» (warning, safe fix) and a run of spaces (info, safe fix).
ARTICLE = "قال الوزير ، إن الاجتماع  انتهى.\n"
FIXED_ARTICLE = "قال الوزير، إن الاجتماع انتهى.\n"
CLEAN = "قال الوزير، إن الاجتماع انتهى.\n"


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def rules_in(result) -> list[str]:
    return [f["rule"] for file in result.report["files"] for f in file["findings"]]


# -- reports ----------------------------------------------------------------------------------------
def test_text_report_line_quote_fix_and_summary(article):
    result = run_cli("check", str(article))
    assert result.code == 1
    lines = result.stdout.splitlines()
    column = ARTICLE.index(" ،") + 1
    assert (f"{article}:1:{column}: warning [spacing.before-punctuation] [*] "
            "Space before «،»: punctuation attaches to the word before it") in lines
    assert "    | قال الوزير⟦␣⟧، إن الاجتماع" in lines
    assert "    fix: delete it" in lines
    assert "Found 2 finding(s) in 1 file(s): 1 warning, 1 info." in lines
    assert "By category: spacing 2." in lines
    assert result.stderr == ""


def test_json_report_fields(article):
    result = run_cli("check", "--format", "json", str(article))
    assert result.code == 1 and result.stderr == ""
    report = result.report
    assert report["version"] == 1 and report["tool"] == {"name": "copycheck", "version": __version__}
    (file,) = report["files"]
    assert file["path"] == str(article) and "error" not in file
    first = file["findings"][0]
    start = ARTICLE.index(" ،")
    assert first == {
        "rule": "spacing.before-punctuation", "category": "spacing", "severity": "warning",
        "message": "Space before «،»: punctuation attaches to the word before it",
        "message_ar": "مسافة قبل «،»: علامة الترقيم تلتصق بالكلمة التي قبلها",
        "start": start, "end": start + 1, "line": 1, "column": start + 1,
        "end_line": 1, "end_column": start + 2, "utf16_start": start, "utf16_end": start + 1,
        "text": " ", "context": ARTICLE.strip(), "replacements": [""],
        "fixable": True, "applicability": "safe",
    }
    assert report["summary"]["findings"] == 2 and report["summary"]["fixable"] == 2
    assert report["summary"]["by_severity"] == {"error": 0, "warning": 1, "info": 1}


def test_output_on_a_pipe_has_no_ansi_colours_or_progress_bar(tmp_path):
    for index in range(12):  # more files than the progress-bar threshold
        (tmp_path / f"{index:02d}.txt").write_text(ARTICLE, encoding="utf-8")
    for fmt in ("text", "json"):
        result = run_cli("check", "--format", fmt, str(tmp_path))
        assert "\x1b" not in result.stdout + result.stderr
        assert result.stderr == ""
    assert len(result.report["files"]) == 12


def test_json_on_stdout_stays_valid_when_there_are_errors(tmp_path, article):
    result = run_cli("check", "--format", "json", str(article), str(tmp_path / "missing.txt"))
    assert result.code == 2
    assert [f["path"] for f in result.report["files"]] == [str(article), str(tmp_path / "missing.txt")]
    assert result.report["files"][1]["error"]["message"] == "no such file or directory"
    assert "missing.txt" in result.stderr and "no such file" in result.stderr


# -- rule selection --------------------------------------------------------------------------------
@pytest.mark.parametrize(("options", "expected"), [
    (["--select", "spacing.before-punctuation"], ["spacing.before-punctuation"]),
    (["--select", "spacing"], ["spacing.before-punctuation", "spacing.repeated-spaces"]),
    (["--select", "punctuation,typography"], []),
    (["--ignore", "spacing.repeated-spaces"], ["spacing.before-punctuation"]),
    (["--ignore", "spacing"], []),
    (["--select", "spacing", "--ignore", "spacing.before-punctuation"], ["spacing.repeated-spaces"]),
])
def test_select_and_ignore_by_id_and_category(article, options, expected):
    result = run_cli("check", "--format", "json", *options, str(article))
    assert rules_in(result) == expected
    assert result.code == (1 if expected else 0)


@pytest.mark.parametrize("option", ["--select", "--ignore", "--extend-select"])
def test_unknown_rule_or_category_is_reported_once_per_run(tmp_path, option):
    paths = []
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
        paths.append(name)
    result = run_cli("check", option, "spacing.no-such-rule", *paths, cwd=tmp_path)
    assert result.code == 2
    # Named with its option, once however many files; nothing is checked with a selection that
    # is not the one asked for.
    assert f"error: {option}: unknown rule or category 'spacing.no-such-rule'" in result.stdout
    assert result.stdout.count("no-such-rule") == 1
    assert "spacing.before-punctuation" not in result.stdout
    as_json = run_cli("check", "--format", "json", option, "spacing.no-such-rule", *paths,
                      cwd=tmp_path)
    assert as_json.code == 2 and len(as_json.report["errors"]) == 1
    assert as_json.stderr.count("no-such-rule") == 1


@pytest.mark.parametrize(("threshold", "expected", "code"), [
    ("info", ["spacing.before-punctuation", "spacing.repeated-spaces"], 1),
    ("warning", ["spacing.before-punctuation"], 1),
    ("error", [], 0),
])
def test_severity_threshold(article, threshold, expected, code):
    result = run_cli("check", "--format", "json", "--severity", threshold, str(article))
    assert (rules_in(result), result.code) == (expected, code)


def test_bad_severity_is_a_usage_error(article):
    result = run_cli("check", "--severity", "fatal", str(article))
    assert result.code == 2 and "unknown severity 'fatal'" in result.stderr


# -- inputs ----------------------------------------------------------------------------------------
def test_exit_code_0_on_clean_copy(tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text(CLEAN, encoding="utf-8")
    result = run_cli("check", str(path))
    assert (result.code, result.stdout) == (0, "No findings in 1 file(s).\n")


def test_stdin(article):
    result = run_cli("check", "--format", "json", "-", stdin=ARTICLE)
    assert result.code == 1
    assert result.report["files"][0]["path"] == "-"
    assert rules_in(result) == ["spacing.before-punctuation", "spacing.repeated-spaces"]


def test_cp1256_input(tmp_path):
    path = tmp_path / "archive.txt"
    path.write_bytes(ARTICLE.encode("cp1256"))
    assert run_cli("check", "--encoding", "utf-8", str(path)).code == 2  # not UTF-8
    result = run_cli("check", "--format", "json", "--encoding", "cp1256", str(path))
    assert result.code == 1
    assert result.report["files"][0]["findings"][0]["start"] == ARTICLE.index(" ،")
    guessed = run_cli("check", "--format", "json", str(path))  # --encoding auto
    assert guessed.report["files"][0]["findings"] == result.report["files"][0]["findings"]


def test_directory_walk_includes_text_markdown_and_html_and_skips_hidden_folders(tmp_path):
    for name in ["a.txt", "sub/b.md", "sub/deeper/c.markdown", ".git/d.txt", "sub/.cache/e.md",
                 "f.html", "g.rst"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ARTICLE, encoding="utf-8")
    result = run_cli("check", "--format", "json", str(tmp_path))
    checked = [os.path.relpath(f["path"], tmp_path) for f in result.report["files"]]
    assert checked == ["a.txt", "f.html", os.path.join("sub", "b.md"),
                       os.path.join("sub", "deeper", "c.markdown")]


# -- rules and version -----------------------------------------------------------------------------
def test_rules_list():
    result = run_cli("rules", "list")
    assert result.code == 0
    line = next(line for line in result.stdout.splitlines() if line.startswith("spacing.before-punctuation"))
    assert line.split()[1:3] == ["spacing", "warning"] and "[*]" in line
    assert "{" not in result.stdout  # message placeholders are not shown raw
    opt_in = next(line for line in result.stdout.splitlines() if line.startswith("style."))
    assert "(opt-in)" in opt_in


def test_rules_show():
    result = run_cli("rules", "show", "punctuation.double")
    assert result.code == 0
    assert "category: punctuation" in result.stdout and "fix: safe" in result.stdout
    assert "message_ar: علامة ترقيم مكررة" in result.stdout
    assert "✗ بحضور ممثلين عن أكثر من 79 دولة ومنظمة دولية⟦.،⟧ وشهد" in result.stdout
    assert "✓ هل هذا معقول؟!" in result.stdout


def test_rules_show_unknown_id_suggests_the_closest():
    result = run_cli("rules", "show", "punctuation.doubled")
    assert result.code == 2
    assert "unknown rule 'punctuation.doubled' (did you mean 'punctuation.double'?)" in result.stderr


def test_version():
    result = run_cli("--version")
    assert (result.code, result.stdout) == (0, f"copycheck {__version__}\n")
    # Read from the metadata of the installed distribution, copycheck-arabic (the name copycheck
    # on PyPI is another project's).
    assert __version__ != "0.0.0+source"


# -- fixing ---------------------------------------------------------------------------------------
def test_fix_in_place_keeps_bom_crlf_and_permissions_atomically(tmp_path):
    path = tmp_path / "article.txt"
    original = "\ufeff" + ARTICLE.replace("\n", "\r\n") + "وأضاف الوزير ، أن العمل مستمر.\r\n"
    path.write_bytes(original.encode("utf-8"))
    path.chmod(0o640)
    inode = path.stat().st_ino

    result = run_cli("check", "--fix", str(path))
    assert result.code == 0, result.stdout  # everything left was fixed
    expected = "\ufeff" + FIXED_ARTICLE.replace("\n", "\r\n") + "وأضاف الوزير، أن العمل مستمر.\r\n"
    assert path.read_bytes() == expected.encode("utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.stat().st_ino != inode  # written beside and renamed over, not truncated in place
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.txt"]  # no temporary left behind
    assert "Fixed 3 finding(s)." in result.stdout

    again = run_cli("check", "--fix", str(path))
    assert (again.code, path.read_bytes()) == (0, expected.encode("utf-8"))
    assert "Fixed" not in again.stdout


def test_fix_keeps_cp1256(tmp_path):
    path = tmp_path / "archive.txt"
    path.write_bytes(ARTICLE.encode("cp1256"))
    assert run_cli("check", "--fix", "--encoding", "cp1256", str(path)).code == 0
    assert path.read_bytes() == FIXED_ARTICLE.encode("cp1256")


def test_diff_prints_the_fixes_and_writes_nothing(article):
    before = article.read_bytes()
    result = run_cli("check", "--diff", str(article))
    assert result.code == 1
    assert article.read_bytes() == before
    assert f"--- a/{article}" in result.stdout and f"+{FIXED_ARTICLE.rstrip()}" in result.stdout
    assert f"-{ARTICLE.rstrip()}" in result.stdout
    assert "2 fix(es) would be applied." in result.stderr


def test_fix_on_stdin_prints_the_fixed_text_only(article):
    result = run_cli("check", "--fix", "-", stdin=ARTICLE)
    assert result.stdout == FIXED_ARTICLE
    assert result.code == 0 and "Fixed 2 finding(s)." in result.stderr


def test_statistics(article):
    result = run_cli("check", "--statistics", str(article))
    assert result.code == 1
    lines = result.stdout.splitlines()
    assert [line.split()[:2] for line in lines[:2]] == [["1", "spacing.before-punctuation"],
                                                        ["1", "spacing.repeated-spaces"]]
    assert lines[-1] == "Found 2 finding(s). [*] 2 fixable with --fix."


def test_statistics_as_json(article):
    result = run_cli("check", "--statistics", "--format", "json", str(article))
    assert result.code == 1
    assert json.loads(result.stdout) == {
        "rules": [{"rule": "spacing.before-punctuation", "count": 1, "fixable": 1},
                  {"rule": "spacing.repeated-spaces", "count": 1, "fixable": 1}],
        "findings": 2, "fixable": 2}


def test_quiet_prints_findings_without_summary(article, tmp_path):
    result = run_cli("check", "--quiet", str(article))
    assert result.code == 1 and "[spacing.before-punctuation]" in result.stdout
    assert "Found" not in result.stdout
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN, encoding="utf-8")
    assert run_cli("check", "--quiet", str(clean)).stdout == ""


def test_exit_zero(article):
    assert run_cli("check", "--exit-zero", str(article)).code == 0


def test_json_report_is_one_document_on_stdout(article):
    result = run_cli("check", "--format", "json", str(article), "-", stdin=CLEAN)
    assert json.loads(result.stdout) == result.report
    assert [f["path"] for f in result.report["files"]] == [str(article), "-"]


# -- levels ----------------------------------------------------------------------------------------
EMPHATIC = "هل انتهى الاجتماع؟؟ قال الوزير ، إن الأمر انتهى.\n"


@pytest.mark.parametrize(("options", "picky_runs"), [
    ([], False),
    (["--select", "punctuation,spacing"], False),  # a category does not bring in its picky rules
    (["--level", "picky"], True),
    (["--level", "picky", "--select", "punctuation"], True),
    (["--extend-select", "punctuation.repeated-mark"], True),  # named by id, it runs at any level
    (["--level", "picky", "--ignore", "punctuation.repeated-mark"], False),
])
def test_picky_rules_run_at_the_picky_level_or_when_named(tmp_path, options, picky_runs):
    path = tmp_path / "column.txt"
    path.write_text(EMPHATIC, encoding="utf-8")
    result = run_cli("check", "--format", "json", *options, str(path))
    rules = rules_in(result)
    assert ("punctuation.repeated-mark" in rules) == picky_runs


def test_the_level_can_be_set_in_the_configuration(tmp_path):
    (tmp_path / "column.txt").write_text(EMPHATIC, encoding="utf-8")
    (tmp_path / ".copycheck.toml").write_text('level = "picky"\n', encoding="utf-8")
    assert "punctuation.repeated-mark" in rules_in(
        run_cli("check", "--format", "json", "column.txt", cwd=tmp_path))
    # The command line beats the configuration.
    assert "punctuation.repeated-mark" not in rules_in(
        run_cli("check", "--format", "json", "--level", "default", "column.txt", cwd=tmp_path))


def test_an_unknown_level_is_a_usage_error(tmp_path, article):
    result = run_cli("check", "--level", "strict", str(article))
    assert result.code == 2 and "--level: choose default or picky, not 'strict'" in result.stderr
    (tmp_path / ".copycheck.toml").write_text('level = "strict"\n', encoding="utf-8")
    result = run_cli("check", str(article), cwd=tmp_path)
    assert result.code == 2 and "key 'level': choose one of 'default', 'picky', not 'strict'" in (
        result.stdout + result.stderr)


def test_rules_list_and_show_name_the_picky_level():
    listed = run_cli("rules", "list").stdout.splitlines()
    assert "(picky)" in next(line for line in listed if line.startswith("punctuation.repeated-mark"))
    assert "(picky)" not in next(line for line in listed if line.startswith("punctuation.double"))
    shown = run_cli("rules", "show", "consistency.tanween").stdout
    assert "default: off (picky level: --level picky)" in shown


# -- command-line ergonomics ---------------------------------------------------------------------
def test_no_path_checks_the_current_folder(tmp_path):
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "article.txt").write_text(ARTICLE, encoding="utf-8")
    result = run_cli("check", "--format", "json", cwd=tmp_path)
    assert result.code == 1
    assert [file["path"] for file in result.report["files"]] == ["desk/article.txt"]


def test_a_misspelt_rule_id_gets_the_closest_one(article):
    result = run_cli("check", "--select", "spacing.before-punctuaton", str(article))
    assert result.code == 2
    assert ("unknown rule or category 'spacing.before-punctuaton' "
            "(did you mean 'spacing.before-punctuation'?)") in result.stdout + result.stderr


def test_unsafe_fixes_without_fix_or_diff_is_a_usage_error(article):
    result = run_cli("check", "--unsafe-fixes", str(article))
    assert result.code == 2 and "--unsafe-fixes only says which fixes --fix or --diff" in result.stderr
    assert article.read_text(encoding="utf-8") == ARTICLE


HOUSE_PACK = """pack: house
rules:
  - id: style.house-ministry
    kind: pattern
    category: style
    severity: info
    message: "Write the ministry's name in full"
    message_ar: "اكتب اسم الوزارة كاملا"
    pattern: 'الخارجية(?= قال)'
    examples:
      bad:
        - text: "⟦الخارجية⟧ قال"
      good:
        - "وزارة الخارجية"
"""


def test_rules_list_and_show_see_the_users_rule_files(tmp_path):
    (tmp_path / "house.yaml").write_text(HOUSE_PACK, encoding="utf-8")
    listed = run_cli("rules", "list", "--rule-file", "house.yaml", cwd=tmp_path)
    assert listed.code == 0 and any(line.startswith("style.house-ministry") for line in
                                    listed.stdout.splitlines())
    assert "style.house-ministry" not in run_cli("rules", "list", cwd=tmp_path).stdout
    # The configuration's extend-rules, found from the current folder as check finds it.
    (tmp_path / ".copycheck.toml").write_text('extend-rules = ["house.yaml"]\n', encoding="utf-8")
    shown = run_cli("rules", "show", "style.house-ministry", cwd=tmp_path)
    assert shown.code == 0 and "Write the ministry's name in full" in shown.stdout
