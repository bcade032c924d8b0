"""Configuration: discovery, validation, precedence, per-file ignores and house style."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from copycheck.config import SettingsStore, load_settings
from copycheck.errors import UsageError
from copycheck.findings import Severity

ERRORS = "قال الوزير ، إن «المغرب» حقق نموا بلغ 5% في عام 2022\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "copycheck", "check", "--no-color", *args],
                          cwd=cwd, capture_output=True, text=True, check=False)


def rules_found(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line.split("[", 1)[1].split("]", 1)[0] for line in result.stdout.splitlines()
            if ": warning [" in line or ": error [" in line or ": info [" in line]


# -- reading and validation -------------------------------------------------------------------
def test_every_key_is_read(tmp_path):
    write(tmp_path / "rules" / "extra.yaml", "pack: extra\nrules: []\n")
    write(tmp_path / "words.txt", "مراكش\n")
    config = write(tmp_path / ".copycheck.toml", """
        select = ["spacing", "punctuation"]
        extend-select = ["style.tamma-passive"]
        ignore = ["spacing.repeated-spaces"]
        extend-rules = ["rules"]
        dictionaries = ["words.txt"]
        include = ["*.txt"]
        exclude = ["archive/**"]
        [severity]
        "spacing.before-punctuation" = "error"
        [per-file-ignores]
        "drafts/*.txt" = ["punctuation"]
        [house-style]
        quotes = "«»"
        digits = "western"
        percent = "٪"
        abdallah = "joined"
    """)
    settings = load_settings(config)
    assert settings.select == ("spacing", "punctuation")
    assert settings.severity == {"spacing.before-punctuation": Severity.ERROR}
    assert settings.extend_rules == (tmp_path / "rules" / "extra.yaml",)
    assert settings.dictionaries == (tmp_path / "words.txt",)
    assert settings.house_rules == ("style.quotes-guillemets", "style.digits-western",
                                    "style.percent-arabic", "style.abdallah-joined")
    assert settings.ignores_for(str(tmp_path / "drafts" / "a.txt")) == ("punctuation",)
    assert settings.ignores_for(str(tmp_path / "a.txt")) == ()
    assert settings.excludes(str(tmp_path / "archive" / "2019" / "a.txt"))


@pytest.mark.parametrize(("body", "message"), [
    ("selct = []", "unknown key 'selct' (did you mean 'select'?)"),
    ("select = 'spacing'", "key 'select': expected a list"),
    ("[house-style]\nquotes = '<>'", "quotes = '<>': choose one of"),
    ("[house-style]\ncolour = 'red'", "unknown option 'colour'"),
    ("[severity]\n'spacing' = 'loud'", "unknown severity 'loud'"),
    ("extend-rules = ['missing/']", "does not exist"),
    ("select = [", "invalid TOML"),
])
def test_bad_configuration_names_the_key_and_file(tmp_path, body, message):
    config = write(tmp_path / ".copycheck.toml", body)
    with pytest.raises(UsageError) as caught:
        load_settings(config)
    assert message in str(caught.value) and str(config) in str(caught.value)


@pytest.mark.parametrize(("body", "line"), [
    ("# house style\n\nselct = []", 3),
    ("select = ['spacing']\n\n[severity]\nspacing = 'loud'", 3),
    ("select = ['spacing']\nhouse-style.quotes = '<>'", 2),
    ("select = [\n  'spacing',\n  'spacing' 'typography',\n]", 3),  # tomllib's own line
])
def test_bad_configuration_names_the_line(tmp_path, body, line):
    config = write(tmp_path / ".copycheck.toml", body)
    with pytest.raises(UsageError) as caught:
        load_settings(config)
    assert caught.value.diagnostic.line == line


def test_pyproject_keys_are_named_with_their_table(tmp_path):
    config = write(tmp_path / "pyproject.toml", "[tool.copycheck]\nignor = []\n")
    with pytest.raises(UsageError, match=r"unknown key 'tool\.copycheck\.ignor'"):
        load_settings(config)


# -- discovery --------------------------------------------------------------------------------
def test_closest_file_wins_whole_and_pyproject_without_our_table_is_skipped(tmp_path):
    write(tmp_path / ".copycheck.toml", 'select = ["spacing"]')
    write(tmp_path / "desk" / ".copycheck.toml", 'ignore = ["punctuation"]')
    write(tmp_path / "desk" / "sub" / "pyproject.toml", "[project]\nname = 'x'\n")
    store = SettingsStore()
    inner = store.for_file(str(tmp_path / "desk" / "sub" / "a.txt"))
    assert inner.path == tmp_path / "desk" / ".copycheck.toml"
    assert inner.select == ()  # nothing merged from the outer file
    assert store.for_file(str(tmp_path / "a.txt")).select == ("spacing",)


def test_copycheck_toml_beats_pyproject_in_the_same_folder(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.copycheck]\nselect = ["punctuation"]\n')
    write(tmp_path / ".copycheck.toml", 'select = ["spacing"]')
    assert SettingsStore().for_file(str(tmp_path / "a.txt")).select == ("spacing",)


def test_config_option_overrides_discovery(tmp_path):
    write(tmp_path / ".copycheck.toml", 'select = ["spacing"]')
    other = write(tmp_path / "other.toml", 'select = ["punctuation"]')
    assert SettingsStore(other).for_file(str(tmp_path / "a.txt")).select == ("punctuation",)


# -- through the command line -----------------------------------------------------------------
def test_unknown_rule_id_in_configuration_exits_2_naming_key_and_file(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.copycheck]\nignore = ["spacing.nope"]\n')
    write(tmp_path / "a.txt", ERRORS)
    write(tmp_path / "other" / "b.txt", ERRORS)
    result = run("a.txt", "other/b.txt", "--config", "pyproject.toml", cwd=tmp_path)
    assert result.returncode == 2
    assert "pyproject.toml:2: key 'ignore': unknown rule or category 'spacing.nope'" in result.stdout
    assert result.stdout.count("spacing.nope") == 1  # once per run, not once per file


def test_unknown_selector_names_its_line_in_our_table_not_another_tools(tmp_path):
    write(tmp_path / "pyproject.toml", """
        [tool.ruff]
        select = ["E", "nope"]

        [tool.copycheck]
        select = [
          "spacing",
          "nope",
        ]
    """)
    write(tmp_path / "a.txt", ERRORS)
    result = run("a.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert "pyproject.toml:8: key 'select': unknown rule or category 'nope'" in result.stdout


def test_broken_config_in_one_folder_does_not_stop_the_others(tmp_path):
    write(tmp_path / "bad" / ".copycheck.toml", "selct = []")
    write(tmp_path / "bad" / "a.txt", ERRORS)
    write(tmp_path / "bad" / "c.txt", ERRORS)
    write(tmp_path / "good" / "b.txt", ERRORS)
    result = run("bad/a.txt", "good/b.txt", "bad/c.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout.count("unknown key 'selct'") == 1
    assert "good/b.txt:1:11: warning [spacing.before-punctuation]" in result.stdout
    assert "bad/a.txt" not in result.stdout and "bad/c.txt" not in result.stdout


def test_cli_select_replaces_config_select_and_ignore_adds(tmp_path):
    write(tmp_path / ".copycheck.toml", 'select = ["punctuation"]\nignore = ["spacing.repeated-spaces"]')
    write(tmp_path / "a.txt", "قال الوزير ،  إن المغرب۔\n")
    assert rules_found(run("a.txt", cwd=tmp_path)) == ["punctuation.urdu-full-stop"]
    assert rules_found(run("a.txt", "--select", "spacing", cwd=tmp_path)) == [
        "spacing.before-punctuation"]


def test_severity_override_and_per_file_ignores(tmp_path):
    write(tmp_path / ".copycheck.toml", """
        [severity]
        spacing = "info"
        "spacing.before-punctuation" = "error"
        [per-file-ignores]
        "drafts/*" = ["spacing"]
    """)
    write(tmp_path / "a.txt", "قال الوزير ، إن\n")
    write(tmp_path / "drafts" / "b.txt", "قال الوزير ، إن\n")
    result = run("a.txt", "drafts/b.txt", cwd=tmp_path)
    assert "a.txt:1:11: error [spacing.before-punctuation]" in result.stdout
    assert "drafts/b.txt" not in result.stdout


def test_include_and_exclude_when_walking_folders(tmp_path):
    write(tmp_path / ".copycheck.toml", 'include = ["*.text"]\nexclude = ["archive/*"]')
    write(tmp_path / "a.text", ERRORS)
    write(tmp_path / "b.txt", ERRORS)
    write(tmp_path / "archive" / "c.text", ERRORS)
    result = run(".", cwd=tmp_path)
    assert "a.text:1" in result.stdout
    assert "b.txt" not in result.stdout and "c.text" not in result.stdout


def test_extend_rules_loads_a_newsroom_pack(tmp_path):
    write(tmp_path / "house" / "names.yaml", """
        pack: names
        rules:
          - id: style.house-marrakech
            kind: substitution
            category: style
            severity: warning
            message: "House spelling is «مراكش»"
            message_ar: "الإملاء المعتمد «مراكش»"
            description: The newsroom writes مراكش.
            map: {مراكيش: مراكش}
            fix: safe
            examples:
              bad: [{text: "في ⟦مراكيش⟧ أمس", fixed: "في مراكش أمس"}]
              good: ["في مراكش أمس"]
    """)
    write(tmp_path / ".copycheck.toml", 'extend-rules = ["house"]\nextend-select = ["style.house-marrakech"]')
    write(tmp_path / "a.txt", "عقد الاجتماع في مراكيش\n")
    assert rules_found(run("a.txt", cwd=tmp_path)) == ["style.house-marrakech"]


@pytest.mark.parametrize(("option", "value", "text", "rule"), [
    ("quotes", "«»", 'قال "نحن ملتزمون"', "style.quotes-guillemets"),
    ("quotes", "“”", "قال «نحن ملتزمون»", "style.quotes-curly"),
    ("digits", "western", "شارك ٤٧ وزيرا", "style.digits-western"),
    ("digits", "arabic-indic", "شارك 47 وزيرا", "style.digits-arabic-indic"),
    ("percent", "%", "نمو 5٪ هذا العام", "style.percent-latin"),
    ("percent", "٪", "نمو 5% هذا العام", "style.percent-arabic"),
    ("abdallah", "joined", "استقبل عبد الله الوفد", "style.abdallah-joined"),
    ("abdallah", "split", "استقبل عبدالله الوفد", "style.abdallah-split"),
])
def test_house_style_options_switch_their_rule_on(tmp_path, option, value, text, rule):
    write(tmp_path / "a.txt", text + "\n")
    assert rules_found(run("a.txt", cwd=tmp_path)) == []
    write(tmp_path / ".copycheck.toml", f'[house-style]\n{option} = "{value}"\n')
    assert rules_found(run("a.txt", cwd=tmp_path)) == [rule]
