"""The spelling rules (kind `spelling`): what they judge, where findings point, suggestions, word
lists, bad dictionaries, one finding per problem, the verdict cache, and `dictionary learn`."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from support import builtin_rules, check_text, rule_from_yaml, run_cli, run_rules

from copycheck.checks import Environment, spelling
from copycheck.document import Document
from copycheck.engine import Linter, one_per_span, select_rules
from copycheck.findings import Applicability, Finding, Severity
from copycheck.runner import Runner, RunOptions
from copycheck.speller import Speller

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_9eb9693275b328fe.txt"
SPELLING = ("orthography.hamza-variant", "spelling.unknown-word", "spelling.unrecognised-word")
UNKNOWN = "الحكزمة"  # a made-up word: unknown, and no hamza/ta marbuta/alef maqsura slip


def spelling_findings(text: str, env: Environment | None = None) -> list[Finding]:
    return run_rules(select_rules(builtin_rules(), SPELLING), text, env)


def spans(text: str, findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.rule, text[f.start:f.end]) for f in findings]


# --- acceptance: the seed ----------------------------------------------------------------------


def test_the_seed_has_no_spelling_finding_for_its_names():
    text = SEED.read_text(encoding="utf-8")
    for name in ("بوريطة", "بلينكين", "نولاند", "داعش", "بداعش", "لداعش", "مراكش", "مايتي", "مصطفى"):
        assert name in text
    assert spelling_findings(text) == []
    assert [f for f in check_text(text) if f.category == "spelling"] == []


# --- what is judged, and where findings point --------------------------------------------------


def test_orthographic_error_with_its_variant_first_and_an_unsafe_fix():
    [finding] = spelling_findings("وصل الوزير الى مراكش")
    assert finding.rule == "orthography.hamza-variant"
    assert finding.severity is Severity.ERROR
    assert finding.replacements[0] == "إلى"
    assert finding.applicability is Applicability.UNSAFE
    assert "«الى»" in finding.message and "«إلى»" in finding.message


def test_an_orthographic_slip_is_offered_its_spellings_not_other_words_one_edit_away():
    # على and صلى are one edit from الى, but they are other words: the writer meant إلى.
    [finding] = spelling_findings("وصل الوزير الى مراكش")
    assert finding.replacements == ("إلى",)
    [finding] = spelling_findings("بدأت اعمال البناء")
    assert finding.replacements[0] == "أعمال" and "المال" not in finding.replacements


def test_unknown_word_is_a_warning_with_suggestions_and_no_fix():
    [finding] = spelling_findings(f"قالت {UNKNOWN} أمس")
    assert (finding.rule, finding.severity) == ("spelling.unknown-word", Severity.WARNING)
    assert finding.replacements[0] == "الحكومة"
    assert 1 < len(finding.replacements) <= 5
    assert not finding.fixable and finding.applicability is Applicability.NONE


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("وصل الوزيرُ الَى مراكش", "الَى"),  # tashkeel
        ("وصل الوزير الــى مراكش", "الــى"),  # tatweel inside the word
        ("وصل الوزير ﺍﻟﻰ مراكش", "ﺍﻟﻰ"),  # presentation forms
        (f"«{UNKNOWN}»، ثم", UNKNOWN),
    ],
)
def test_findings_point_at_the_original_text(text, word):
    [finding] = spelling_findings(text)
    assert text[finding.start:finding.end] == word


def test_latin_numbers_urls_hashtags_mentions_and_emails_are_never_judged():
    text = (f"نشر BBC Arabic في 2022 و١٤٤٥ على https://example.com/{UNKNOWN} و#{UNKNOWN}_2024 "
            "وكتب @newsroom وراسل desk@example.com")
    assert spelling_findings(text) == []


def test_letters_are_split_from_digits():
    text = f"في القارة2022 و{UNKNOWN}2022"
    assert spans(text, spelling_findings(text)) == [("spelling.unknown-word", f"و{UNKNOWN}")]


def test_sic_marks_a_word_quoted_as_written():
    for text in (f"قال «{UNKNOWN} [كذا]»", "كتب الى (sic) الوزير", "كتب الى [ sic ] الوزير",
                 f"قال {UNKNOWN}(كذا)"):
        assert spelling_findings(text) == [], text


def test_what_typography_reports_is_not_reported_again():
    # Persian letters, tatweel and invisible characters: the typography rules' findings only.
    for text in ("قرأ الكتاب", "قرأ الکتاب", "قرأ الكتـــاب", "عقد الاجت\u200bماع", "عقد الاجت\u200fماع"):
        assert spelling_findings(text) == [], text


def test_prefixes_written_alone_and_single_letters_are_not_words():
    assert spelling_findings("فاز بـ3 أهداف في الـ20 دقيقة، نقلا عن ا ف ب") == []


def test_parts_of_a_hyphenated_compound_name_are_not_judged():
    text = "زار زقزون-بلطوش وكزمان-فرطوس العاصمة، وقال زقزون إن الأمر - كما يرى - محسوم"
    assert spans(text, spelling_findings(text)) == [("spelling.unrecognised-word", "زقزون")]


def test_unknown_word_is_reported_once_per_text_with_its_count():
    text = f"قالت {UNKNOWN} إن {UNKNOWN} لن تجتمع وإن {UNKNOWN} [كذا] ستستقيل"
    [finding] = spelling_findings(text)
    assert finding.start == text.index(UNKNOWN)
    assert "(2 times in this text)" in finding.message and "2 مرات" in finding.message_ar


def test_orthographic_errors_are_reported_at_every_occurrence():
    assert len(spelling_findings("ذهب الى السوق ثم الى البيت")) == 2


# --- suggestions -------------------------------------------------------------------------------


def test_no_suggestions_keeps_only_the_variant():
    env = Environment(suggestions=False)
    findings = spelling_findings(f"وصل الى {UNKNOWN}", env)
    assert [f.replacements for f in findings] == [("إلى",), ()]


def test_no_suggestions_on_the_command_line(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(f"قالت {UNKNOWN} أمس\n", encoding="utf-8")
    result = run_cli("check", "--format", "json", "--no-suggestions", "--select", "spelling",
                     str(article))
    [finding] = result.report["files"][0]["findings"]
    assert finding["rule"] == "spelling.unknown-word" and finding["replacements"] == []


# --- user word lists and bad dictionaries ------------------------------------------------------


def test_a_user_word_list_is_known_with_its_prefixes(tmp_path):
    words = tmp_path / "names.txt"
    words.write_text("# our names\nحكزمة\n", encoding="utf-8")
    text = f"قالت {UNKNOWN} إن وزراء {UNKNOWN[2:]} ولل{UNKNOWN[2:]} الى"
    findings = spelling_findings(text, Environment(dictionaries=(words,)))
    assert spans(text, findings) == [("orthography.hamza-variant", "الى")]


def test_dictionary_option_and_configuration_key(tmp_path):
    (tmp_path / "names.txt").write_text("حكزمة\n", encoding="utf-8")
    (tmp_path / "article.txt").write_text(f"قالت {UNKNOWN} أمس.\n", encoding="utf-8")
    assert run_cli("check", "--select", "spelling", "article.txt", cwd=tmp_path).code == 1
    assert run_cli("check", "--select", "spelling", "--dictionary", "names.txt", "article.txt",
                   cwd=tmp_path).code == 0
    (tmp_path / ".copycheck.toml").write_text('dictionaries = ["names.txt"]\n', encoding="utf-8")
    assert run_cli("check", "--select", "spelling", "article.txt", cwd=tmp_path).code == 0


@pytest.mark.parametrize(("where", "content", "message"), [
    ("option", None, "file not found"),
    ("option", b"\xff\xfe\x00bad", "not UTF-8 text (byte 0)"),
    # (a missing path in the configuration is a configuration error: test_config.py)
    ("configuration", b"\xff\xfe\x00bad", "not UTF-8 text (byte 0)"),
])
def test_a_bad_word_list_is_one_error_per_run_naming_the_file_and_other_rules_still_run(
        tmp_path, where, content, message):
    words = tmp_path / "names.txt"
    if content is not None:
        words.write_bytes(content)
    (tmp_path / "a.txt").write_text("قال الوزير ، إن الاجتماع انتهى.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("انتهى الاجتماع ، أمس.\n", encoding="utf-8")
    if where == "option":
        options = ["--dictionary", str(words)]
    else:
        options = []
        (tmp_path / ".copycheck.toml").write_text(f"dictionaries = ['{words.name}']\n", encoding="utf-8")
    expected = (f"cannot use the word list {words}: {message}; the spelling rules were skipped, "
                "the other rules still ran")
    result = run_cli("check", "--format", "json", *options, "a.txt", "b.txt", cwd=tmp_path)
    assert result.code == 2
    assert result.report["errors"] == [{"message": expected}]
    assert result.stderr == f"copycheck: error: {expected}\n"
    files = result.report["files"]
    assert [f["rule"] for file in files for f in file["findings"]] == ["spacing.before-punctuation"] * 2
    assert not any("error" in file for file in files)
    text = run_cli("check", *options, "a.txt", "b.txt", cwd=tmp_path)
    assert text.code == 2 and text.stdout.count("cannot use the word list") == 1


def test_building_the_rules_reads_no_dictionary(tmp_path, monkeypatch):
    def refuse(self):
        raise AssertionError("Hunspell loaded")

    monkeypatch.setattr(Speller, "_load_hunspell", refuse)
    monkeypatch.setattr(spelling, "_spellers", {})
    [rule] = [r for r in builtin_rules() if r.id == "spelling.unknown-word"]
    rule.build(Environment(dictionaries=(tmp_path / "missing.txt",)))  # lazy: no error yet
    assert spelling._spellers == {}


# --- one problem, one finding ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule"),
    [("عقد إجتماع أمس", "orthography.hamzat-wasl"), ("وافق لاكن بشروط", "orthography.common-misspellings"),
     ("سنلتقي انشاء الله", "orthography.common-misspellings")],
)
def test_a_reviewed_substitution_beats_the_dictionary_on_the_same_word(text, rule):
    assert [f.rule for f in check_text(text)] == [rule]


def _finding(rule: str, start: int, end: int, severity: Severity,
             fix: Applicability = Applicability.NONE, replacements: tuple[str, ...] = ("x",)) -> Finding:
    return Finding(rule, rule.split(".")[0], severity, start, end, "m", "m", replacements, fix)


def test_one_per_span_keeps_what_a_weightier_rewrite_does_not_settle():
    safe = _finding("a.safe", 0, 5, Severity.WARNING, Applicability.SAFE)
    unsafe = _finding("b.unsafe", 0, 5, Severity.ERROR, Applicability.UNSAFE)  # the fix outweighs
    inner = _finding("c.inner", 1, 3, Severity.WARNING)
    first, second = _finding("d.first", 7, 9, Severity.INFO), _finding("e.second", 7, 9, Severity.INFO)
    diagnosis = _finding("f.diagnosis", 10, 14, Severity.ERROR, replacements=())  # rewrites nothing
    nested = _finding("g.nested", 11, 12, Severity.INFO)
    insertion = _finding("h.insert", 3, 3, Severity.INFO)
    findings = [unsafe, inner, safe, first, second, diagnosis, nested, insertion]
    kept = one_per_span(findings)
    assert [f.rule for f in kept] == ["a.safe", "d.first", "e.second", "f.diagnosis", "g.nested",
                                      "h.insert"]  # in their original order


def test_one_per_span_applies_to_any_rules(tmp_path):
    rules = rule_from_yaml(tmp_path, """
        pack: test
        rules:
          - {id: style.loud, kind: pattern, category: style, severity: error, message: m,
             message_ar: m, pattern: 'كلمة', replace: 'كلمات',
             examples: {bad: [{text: '⟦كلمة⟧'}], good: ['x']}}
          - {id: style.quiet, kind: pattern, category: style, severity: info, message: m,
             message_ar: m, pattern: 'كلمة', replace: 'كلم',
             examples: {bad: [{text: '⟦كلمة⟧'}], good: ['x']}}
    """)
    assert [f.rule for f in run_rules(rules, "كلمة")] == ["style.loud"]


def test_a_safe_substitution_beats_a_weightier_severity_from_the_dictionary():
    # orthography.final-yeh is a warning with a safe fix; the dictionary's «not a word» is an error.
    assert [f.rule for f in check_text("قال الوزير الذى وصل")] == ["orthography.final-yeh"]


# --- the verdict cache -------------------------------------------------------------------------


def test_a_run_saves_the_cache_once_and_a_warm_run_never_loads_hunspell(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(spelling, "_spellers", {})
    saves = []
    original_save = Speller.save_cache
    monkeypatch.setattr(Speller, "save_cache", lambda self: saves.append(original_save(self)))
    article = tmp_path / "a.txt"
    article.write_text(f"قالت {UNKNOWN} إن الوزير وصل الى مراكش.\n", encoding="utf-8")
    options = RunOptions(select=["spelling", "orthography"])
    cold = Runner(options).run([str(article), str(article)])
    assert len(saves) == 1 and list((tmp_path / "cache").glob("spelling-*.json"))

    def refuse(self):
        raise AssertionError("Hunspell loaded on a warm run")

    monkeypatch.setattr(spelling, "_spellers", {})
    monkeypatch.setattr(Speller, "_load_hunspell", refuse)
    warm = Runner(options).run([str(article)])
    assert [f.rule for f in warm.files[0].findings] == [f.rule for f in cold.files[0].findings]


# --- dictionary learn --------------------------------------------------------------------------


def test_dictionary_learn_end_to_end(tmp_path):
    archive = tmp_path / "archive"
    (archive / "one").mkdir(parents=True)
    (archive / "two").mkdir()
    (archive / "one" / "a.txt").write_text("وصل الكزماوي الى تطاوين أمس.\n", encoding="utf-8")
    (archive / "one" / "b.txt").write_text("قال الكزماوي إن تطاوين تنتظر.\n", encoding="utf-8")
    (archive / "two" / "c.txt").write_text("زار الكزماوي مدينة بتطاوين وعاد الى بيته.\n", encoding="utf-8")
    output = tmp_path / "words.txt"
    result = run_cli("dictionary", "learn", "one", "two", "--min-docs", "2", "--min-sources", "2",
                     "--output", str(output), cwd=archive)
    assert result.code == 0, result.stderr
    assert result.stdout == "" and "\x1b" not in result.stderr  # no progress bar off a terminal
    assert "2 word(s)" in result.stderr
    words = [line.split("\t") for line in output.read_text("utf-8").splitlines() if not line.startswith("#")]
    assert sorted(words) == [["تطاوين", "3", "3", "2"], ["كزماوي", "3", "3", "2"]]  # not الى: an error
    article = tmp_path / "article.txt"
    article.write_text("قال الكزماوي إن بتطاوين مشروعا.\n", encoding="utf-8")
    # The names are unrecognised words (no typo evidence): a picky finding.
    assert run_cli("check", "--select", "spelling", "--level", "picky", str(article)).code == 1
    assert run_cli("check", "--select", "spelling", "--level", "picky", "--dictionary", str(output),
                   str(article)).code == 0


def test_dictionary_learn_reads_jsonl_with_a_field_and_reports_bad_input(tmp_path):
    archive = tmp_path / "archive.jsonl.gz"
    records = [{"body": {"text": "وصل الكزماوي أمس."}, "source": outlet} for outlet in ("a", "b", "c")]
    with gzip.open(archive, "wt", encoding="utf-8") as stream:
        stream.writelines(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    result = run_cli("dictionary", "learn", str(archive), "--field", "body.text", "--min-sources", "3")
    assert result.code == 0 and "كزماوي\t3\t3\t3" in result.stdout
    missing = run_cli("dictionary", "learn", str(tmp_path / "nope"))
    assert missing.code == 2 and "nope: no such file or directory" in missing.stderr


def test_rules_list_shows_both_spelling_rules():
    result = run_cli("rules", "list")
    assert "orthography.hamza-variant" in result.stdout and "spelling.unknown-word" in result.stdout


def test_check_linter_with_a_missing_word_list_reports_it_once_not_in_the_document(
        tmp_path, monkeypatch):
    monkeypatch.setattr(spelling, "_spellers", {})
    env = Environment(dictionaries=(tmp_path / "missing.txt",))
    findings, problems = Linter(select_rules(builtin_rules(), SPELLING), env).check(
        Document("الى", "a.txt"))
    assert findings == []
    [problem] = problems  # one for both rules, located outside the document
    assert problem.path != "a.txt" and problem.rule is None
    assert problem.message.endswith("missing.txt: file not found; the spelling rules were skipped, "
                                    "the other rules still ran")


# --- evidence from the text itself -------------------------------------------------------------


def test_a_rare_form_one_edit_from_a_word_of_the_same_text_is_its_typo():
    """الشمش is too short for the frequency evidence alone; الشمس in the same text settles it,
    and the text's word is the first suggestion."""
    text = "غروب الشمس جميل، وتحب الطيور الشمش"
    [finding] = spelling_findings(text)
    assert spans(text, [finding]) == [("spelling.unknown-word", "الشمش")]
    assert finding.replacements[0] == "الشمس"
    alone = "يحب الأطفال الشمش"
    assert [f.rule for f in spelling_findings(alone)] == ["spelling.unrecognised-word"]


@pytest.mark.parametrize("text", [
    "زار الوفد مدينة سالزبري ثم غادر سولزبري مساء",  # long vowels: a name's transliterations
    "زارت كامبريدج ثم غادرت كامبريدغ",  # the letters of a foreign g
    "التقى الوزير بالمحافظ ثم زار الكحافظ",  # the first letter after the article
    "التقى المدرب بالسيد الكحلاوي ثم الحكلاوي",  # a family name's shape
])
def test_spellings_of_a_name_and_words_that_differ_where_names_do_are_not_typos(text):
    assert [f.rule for f in spelling_findings(text)] == ["spelling.unrecognised-word"]


def test_a_short_word_of_the_text_needs_a_likely_edit_such_as_the_next_key():
    """ل is the key beside ر on the Arabic layout: وزيرل is وزير with two keys hit."""
    text = "وصل الوزير إلى المدينة وقال الوزير إن وزيرل التعليم سيحضر"
    assert spans(text, spelling_findings(text)) == [("spelling.unknown-word", "وزيرل")]


def test_two_words_of_the_text_written_together_are_a_missing_space():
    text = "سافر الوفد عبر اليونان ثم زار تيرانا وعاد عبرتيرانا"
    [finding] = spelling_findings(text)
    assert spans(text, [finding]) == [("spelling.unknown-word", "عبرتيرانا")]
    assert finding.replacements[0] == "عبر تيرانا"
    assert [f.rule for f in spelling_findings("سافر الوفد عبرتيرانا")] == ["spelling.unrecognised-word"]


def test_a_missing_space_whose_seam_no_word_writes_needs_no_help_from_the_text():
    """«رأل» is written by no form of the frequency list: عبر + ألبانيا, both common."""
    text = "سافر الوفد عبرألبانيا"
    [finding] = spelling_findings(text)
    assert spans(text, [finding]) == [("spelling.unknown-word", "عبرألبانيا")]
    assert finding.replacements[0] == "عبر ألبانيا"


@pytest.mark.parametrize("text", ["ﷺ", "قال محمد ﷺ.", "ﷻ", "ﷺالنبي"])
def test_a_phrase_ligature_is_judged_without_crashing(text: str) -> None:
    # ﷺ folds to «صلى الله عليه وسلم»: the suggestion search met a key holding spaces and split
    # it into three parts where it expected two (found by bench/fuzz_campaign.py).
    import copycheck

    findings = copycheck.check_text(text, level="picky")
    assert all(not f.replacements for f in findings if f.rule.startswith("spelling."))
