"""Inline suppressions and the rule that reports unused ones."""

from __future__ import annotations

from support import builtin_rules

from copycheck.document import Document, OffsetMap, Segment
from copycheck.engine import Linter, select_rules
from copycheck.sources import format_for, load
from copycheck.suppressions import DIRECTIVE, parse

RULES = builtin_rules()


def findings(text: str, doc: Document | None = None) -> list[tuple[str, str]]:
    linter = Linter(select_rules(RULES, extend_select=["style.unused-suppression"]), catalogue=RULES)
    document = doc or Document(text)
    found, _ = linter.check(document)
    return [(f.rule, document.text[f.start:f.end]) for f in found]


SPACE = ("spacing.before-punctuation", " ")


def test_ignore_on_the_line_suppresses_that_rule_only():
    assert findings("قال ، نعم copycheck: ignore[spacing.before-punctuation]\nقال ، نعم") == [SPACE]


def test_the_spacing_of_a_suppression_comment_is_not_judged():
    # Spaces and a comment marker before the directive set it apart; they are no prose.
    for comment in ("  copycheck: ignore[spacing.before-punctuation]",
                    "  # copycheck: ignore[spacing.before-punctuation]",
                    "   // copycheck: ignore[spacing.before-punctuation]"):
        assert findings(f"قال ، نعم.{comment}") == []
    # Double spaces in the prose itself are still found.
    assert findings("قال  نعم.  copycheck: ignore[spacing.before-punctuation]") == [
        ("spacing.repeated-spaces", "  "),
        ("style.unused-suppression", "copycheck: ignore[spacing.before-punctuation]")]


def test_ignore_accepts_categories_and_several_ids():
    assert findings("قال ، نعم المغرب۔ copycheck: ignore[spacing, punctuation.urdu-full-stop]") == []


def test_ignore_next_line():
    text = "copycheck: ignore-next-line[spacing]\nقال ، نعم\nقال ، نعم"
    assert findings(text) == [SPACE]


def test_off_on_region():
    text = "قال ، نعم\ncopycheck: off\nقال ، نعم\nقال ، نعم\ncopycheck: on\nقال ، نعم"
    assert findings(text) == [SPACE, SPACE]


def test_off_without_on_lasts_to_the_end():
    assert findings("قال ، نعم\ncopycheck: off\nقال ، نعم") == [SPACE]


def test_unused_suppression_is_reported_with_its_reason():
    linter = Linter(select_rules(RULES, extend_select=["style.unused-suppression"]), catalogue=RULES)
    found, _ = linter.check(Document("قال إن copycheck: ignore[spacing, spacing.nope]"))
    messages = [f.message for f in found]
    assert messages == ["Suppression of «spacing» is unused: nothing to suppress",
                        "Suppression of «spacing.nope» is unused: no such rule or category"]


def test_unused_off_region_is_reported():
    assert findings("copycheck: off\nقال إن\ncopycheck: on") == [
        ("style.unused-suppression", "copycheck: off")]


def test_a_directive_for_a_rule_that_is_not_running_is_not_reported():
    # style.tamma-passive is opt-in: not running, so the directive is not "unused" in this run
    assert findings("تم تنظيم اللقاء copycheck: ignore[style.tamma-passive]") == []


def test_directive_text_is_never_flagged_by_other_rules():
    # «,» between «ignore[» ids would look like a Latin comma between words to some rules
    assert findings("قال copycheck: ignore[spacing.before-punctuation,spacing] ، إن") == []


def test_directive_in_an_html_comment_of_a_mapped_document():
    source = "<p>قال ، نعم</p><!-- copycheck: ignore[spacing] -->"
    doc = Document("قال ، نعم", "page.html", source, OffsetMap((Segment(0, 8, 3, 11, copied=True),)))
    assert findings("", doc) == []
    unused = Document("قال، إن", "page.html", "<p>قال، إن</p><!-- copycheck: ignore[spacing] -->",
                      OffsetMap((Segment(0, 8, 3, 11, copied=True),)))
    linter = Linter(select_rules(RULES, extend_select=["style.unused-suppression"]), catalogue=RULES)
    found, _ = linter.check(unused)
    assert [(f.rule, f.start, f.end) for f in found] == [("style.unused-suppression", 7, 7)]


def test_an_unused_directive_in_a_file_is_reported_over_its_own_text():
    """A plain-text or Markdown file maps its text to the source: the finding still covers the
    directive as written (an empty span after it gave the editor nothing to highlight)."""
    for name, source in [("a.txt", "قال إن المغرب copycheck: ignore[punctuation]\n"),
                         ("a.md", "قال إن المغرب copycheck: ignore[punctuation]\n")]:
        assert findings("", load(source, name, format_for(name, None))) == [
            ("style.unused-suppression", "copycheck: ignore[punctuation]")]


def test_the_directive_grammar():
    assert DIRECTIVE.search("copycheck: ignore[a.b, c]")["ids"] == "a.b, c"
    assert DIRECTIVE.search("copycheck:ignore-next-line[a]")["action"] == "ignore-next-line"
    assert DIRECTIVE.search("copycheck: offline") is None
    directives = parse(Document("a\ncopycheck: ignore-next-line[x]\nb"))
    assert [(d.first_line, d.last_line, d.ids) for d in directives] == [(3, 3, ("x",))]
