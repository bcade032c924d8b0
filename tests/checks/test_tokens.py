"""The tokens kind: token conditions, skips, barriers, scopes, marks, inflected replacements, and
the loader's errors for them."""

from __future__ import annotations

import textwrap
import time

import pytest
from support import check_text, rule_from_yaml, run_cli, run_rules

from copycheck.checks import Environment
from copycheck.document import Document
from copycheck.engine import Linter
from copycheck.errors import RuleFileError
from copycheck.wordclasses import feminine_past, feminine_present, load, plural_past

HEADER = """\
pack: newsroom
rules:
  - id: grammar.example
    kind: tokens
    category: grammar
    severity: warning
    message: "Example «{match}»"
    message_ar: "مثال «{match}»"
"""
EXAMPLES = """\
    examples:
      bad:
        - text: "⟦قال⟧ أن"
      good:
        - "قال إن"
"""


def rule(tmp_path, body: str, examples: str = EXAMPLES):
    (loaded,) = rule_from_yaml(tmp_path, HEADER + textwrap.indent(textwrap.dedent(body), "    ")
                               + examples)
    return loaded


def spans(tmp_path, body: str, text: str, examples: str = EXAMPLES) -> list[tuple[str, tuple]]:
    findings = run_rules([rule(tmp_path, body, examples)], text)
    return [(text[f.start:f.end], f.replacements) for f in findings]


SAID_THAT = """\
tokens:
  - class: verbs.saying
    clitics: conjunction
    mark: true
  - skip: 0-3
    barrier: {word: [":", "«"]}
    word: أن
"""


@pytest.mark.parametrize(("text", "expected"), [
    ("قال أن", ["قال"]),
    ("وقال الوزير أمس أن", ["وقال"]),  # و attached, two words skipped
    ("فقالت المصادر أن", ["فقالت"]),  # the derived feminine form
    ("يقول الخبراء أن", ["يقول"]),  # the present form listed beside the past
    ("قال الوزير في مؤتمر صحفي أمس أن", []),  # four words: beyond the skip
    ("قال: أن", []),  # the barrier
    ("قال الوزير. أن", []),  # never across a sentence end
    ("بقال أن", []),  # ب is no conjunction
])
def test_skip_barrier_and_clitics(tmp_path, text, expected):
    assert [span for span, _ in spans(tmp_path, SAID_THAT, text)] == expected


def test_a_paragraph_scope_crosses_sentences_but_not_paragraphs(tmp_path):
    body = SAID_THAT.replace("skip: 0-3", "skip: 0-8") + "scope: paragraph\n"
    assert [s for s, _ in spans(tmp_path, body, "قال الوزير. وأضاف أن")] == ["قال"]
    assert spans(tmp_path, body, "قال الوزير.\n\nأن الأمر") == []


def test_the_replacement_inflects_the_token_as_written(tmp_path):
    body = """\
    tokens:
      - class: verbs.stating.past.feminine
        clitics: conjunction
        name: verb
      - skip: 0-5
        class: participles.reporting.masculine
        mark: true
    replace: ["{2:feminine}", "{verb} {2}"]
    """
    assert spans(tmp_path, body, "أكدت الوزيرة أمس، مشيرًا إلى") == [("مشيرًا", ("مشيرةً", "أكدت مشيرًا"))]
    assert spans(tmp_path, body, "أكدت الوزيرة، مشيراً") == [("مشيراً", ("مشيرةً", "أكدت مشيراً"))]
    assert spans(tmp_path, body, "أكدت الوزيرة، منوها") == [("منوها", ("منوهة", "أكدت منوها"))]


def test_a_negative_condition_and_a_regex(tmp_path):
    body = """\
    tokens:
      - word: هذا
        mark: true
      - regex: 'ال\\p{Arabic}+ة'
        not: {word: [العلامة]}
    """
    assert [s for s, _ in spans(tmp_path, body, "هذا الحملة")] == ["هذا"]
    assert spans(tmp_path, body, "هذا العلامة") == []
    assert spans(tmp_path, body, "هذا الأسبوع") == []


def test_not_after_looks_back_within_the_sentence(tmp_path):
    body = """\
    tokens:
      - class: verbs.stating.past
        not_after: {class: particles.subordinating}
        mark: true
    """
    assert [s for s, _ in spans(tmp_path, body, "أكد الوزير")] == ["أكد"]
    assert spans(tmp_path, body, "قال إن الوزير أكد") == []
    assert [s for s, _ in spans(tmp_path, body, "قال إن الأمر انتهى. أكد الوزير")] == ["أكد"]


def test_urls_and_inline_code_are_not_judged(tmp_path):
    body = """\
    tokens:
      - word: example
    """
    assert spans(tmp_path, body, "see https://example.com now") == []


def test_derived_forms():
    assert feminine_past("قال") == "قالت" and feminine_past("نفى") == "نفت"
    assert feminine_past("دعا") == "دعت" and feminine_present("يقول") == "تقول"
    assert plural_past("نفى") == "نفوا" and plural_past("قال") == "قالوا"
    classes = load()
    forms, _ = classes.members("verbs.saying")
    assert {"قال", "قالت", "يقول", "تقول", "قالوا", "قالتا"} <= forms
    assert "تقول" not in classes.members("verbs.saying.past")[0]
    assert classes.members("participles.reporting.feminine")[0] >= {"مشيرة", "منوهة", "داعية"}


def test_the_kind_reads_a_long_text_in_linear_time(tmp_path):
    """Every feminine verb opens a search of at most `skip` tokens: ten times the text costs about
    ten times the time, never a hundred."""
    body = """\
    tokens:
      - class: verbs.stating.past.feminine
      - skip: 0-40
        class: participles.reporting.masculine
        mark: true
    scope: paragraph
    """
    loaded = rule(tmp_path, body)
    small, large = ("أكدت الوزيرة " * 500, "أكدت الوزيرة " * 5000)

    def cost(text: str) -> float:
        linter = Linter([loaded], Environment())
        began = time.process_time()
        linter.check(Document(text))
        return time.process_time() - began

    best_small = min(cost(small) for _ in range(3))
    best_large = min(cost(large) for _ in range(3))
    assert best_large < 30 * max(best_small, 0.002)


def test_a_users_regex_runs_under_the_time_limit(tmp_path):
    body = """\
    tokens:
      - regex: '(a|aa)+b'
    """
    runaway = rule(tmp_path, body, EXAMPLES.replace("⟦قال⟧ أن", "⟦aab⟧").replace("قال إن", "b"))
    linter = Linter([runaway], Environment(regex_timeout=0.2))
    began = time.monotonic()
    _findings, problems = linter.check(Document("a" * 60 + "c"))
    assert time.monotonic() - began < 5
    assert problems and "took longer than 0.2 s" in problems[0].message


# -- the loader -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("body", "line", "message"), [
    ("tokens:\n  - word: قال\n  - clitic: allow\n", 11,
     "token 2: unknown key 'clitic' (did you mean 'clitics'?)"),
    ("tokens:\n  - class: verbs.sayin\n", 10,
     "token 1: unknown word class 'verbs.sayin' (did you mean 'verbs.saying'?)"),
    ("tokens:\n  - word: قال\n  - word: أن\n    skip: a lot\n", 11,
     "token 2: skip must be a number or a range like 0-3, not 'a lot'"),
    ("tokens:\n  - word: قال\n    barrier: {wrd: x}\n", 11,
     "token 1 barrier: unknown key 'wrd' (did you mean 'word'?)"),
    # Errors in the rule's own keys point at the rule.
    ("tokens:\n  - word: قال\nreplace: '{1:feminin}'\n", 3,
     "replacement '{1:feminin}': unknown inflection 'feminin' (did you mean 'feminine'?)"),
    ("tokens:\n  - word: قال\nreplace: '{3}'\n", 3,
     "replacement '{3}' refers to token '3', which the pattern does not have"),
    ("tokens:\n  - word: قال\nscope: page\n", 3, "scope must be one of sentence, paragraph, not 'page'"),
])
def test_errors_name_the_line_and_the_rule(tmp_path, body, line, message):
    with pytest.raises(RuleFileError) as raised:
        rule(tmp_path, body)
    diagnostic = raised.value.diagnostic
    assert (diagnostic.line, diagnostic.rule, diagnostic.message) == (line, "grammar.example", message)


def test_the_cli_reports_a_broken_tokens_rule_and_runs_the_others(tmp_path):
    pack = tmp_path / "newsroom.yaml"
    pack.write_text(HEADER + "    tokens:\n      - word: قال\n      - clitic: allow\n" + EXAMPLES,
                    encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text("قال الوزير ، إن الأمر انتهى.\n", encoding="utf-8")
    result = run_cli("check", "--rule-file", str(pack), str(article))
    assert result.code == 2
    assert (f"error: {pack}:11: rule grammar.example: token 2: unknown key 'clitic' "
            "(did you mean 'clitics'?)") in result.stdout.splitlines()
    assert "spacing.before-punctuation" in result.stdout


def test_the_shipped_grammar_rules_on_a_newsroom_text():
    text = ("وأكدت الوزيرة أن الخطة جاهزة، مشيرا إلى الموعد. وقال المدير أن الفريق جاهز. "
            "ونفى المصدر إن الاجتماع ألغي. وانطلقت هذا الحملة أمس.")
    found = [(f.rule, text[f.start:f.end], f.replacements[:1]) for f in check_text(text, ("grammar",))]
    assert found == [
        ("grammar.participle-agreement", "مشيرا", ("مشيرة",)),
        ("grammar.said-inna", "أن", ("إن",)),
        ("grammar.stated-anna", "إن", ("أن",)),
        ("grammar.demonstrative-agreement", "هذا", ("هذه",)),
    ]
