"""A fix in Markdown or HTML changes the prose by its own replacement and nothing else.

Rewriting the source can change the document outside the edited span (emphasis that no longer
opens, a BOM whose removal makes a list marker, a backslash that becomes an escape, whitespace that
collapses): such a fix is offered as a suggestion, never applied.
"""

from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support import builtin_rules, run_cli

from copycheck import engine, sources
from copycheck.document import Document
from copycheck.engine import Linter, select_rules
from copycheck.fix import Edit, apply_edits

PICKY = Linter(select_rules(builtin_rules(), level="picky"), catalogue=builtin_rules())

# (file name, source, the rule whose fix would change the document beyond its span, options)
REFUSED = [
    ("quote.md", "> جلالة الملك محمد السادس **.**\n", "spacing.before-punctuation", ()),
    ("quote.md", "**ْْ«** بوريطة\n", "spacing.after-opening-bracket", ()),
    # Not at the start of the file, where a BOM is the file's byte-order mark.
    ("list.md", "مقدمة.\n\n\ufeff- في الاجتماع\n", "typography.invisible-character", ()),
    ("escape.md", "\\،.\n", "punctuation.double", ()),
    ("page.html", "في  \n \u202e في", "typography.bidi-control", ("--level", "picky",
                                                                  "--unsafe-fixes")),
]


@pytest.mark.parametrize(("name", "source", "rule", "options"), REFUSED)
def test_a_fix_that_would_change_the_document_elsewhere_is_only_suggested(tmp_path, name, source,
                                                                          rule, options):
    article = tmp_path / name
    article.write_bytes(source.encode("utf-8"))
    result = run_cli("check", "--fix", *options, str(article))
    assert article.read_bytes() == source.encode("utf-8")
    assert result.code == 1 and "Fixed" not in result.stdout
    assert f"[{rule}]" in result.stdout and f"[{rule}] [*]" not in result.stdout
    assert "suggestions:" in result.stdout and "[*] 0 fixable" not in result.stdout


def test_the_other_fixes_of_the_document_are_still_made(tmp_path):
    article = tmp_path / "article.md"
    article.write_text("قال الوزير , إن **الاجتماع**  مهم .\n\n> الملك محمد السادس **.**\n",
                       encoding="utf-8")
    result = run_cli("check", "--fix", str(article))
    assert article.read_text(encoding="utf-8") == ("قال الوزير، إن **الاجتماع** مهم.\n\n"
                                                   "> الملك محمد السادس **.**\n")
    assert "Fixed 4 finding(s)." in result.stdout


# -- the invariant, over generated documents ---------------------------------------------------
PIECES = {
    "markdown": ["**", "*", "_", "`", "\\", "> ", "- ", "1. ", "# ", "\n", "\n\n", "    ", "[", "](x)",
                 "&amp;", "<b>", "|", "\ufeff"],
    "html": ["<p>", "</p>", "<b>", "</b>", "<br>", "&amp;", "&nbsp;", "&#1575;", "<!--", "-->", "\n",
             "<div>", "</div>", "<script>", "</script>"],
}
PROSE = ["قال", "الوزير", "في", "و", " ", "  ", "،", ",", ".", "؟", "?", "«", "»", "(", ")", "۔",
         "\u200b", "\u202e", "ـ", "ی", "2022", "/", "05", "\t"]


# Markdown also gets HTML's pieces and HTML Markdown's: each format must survive the other's.
DOCUMENTS = st.lists(st.sampled_from([*PIECES["markdown"], *PIECES["html"], *PROSE]),
                     max_size=30).map("".join)


def assert_the_edits_keep_the_prose(doc: Document, chosen, fmt: str) -> None:
    """The spec, written apart from the engine: the edits a pass makes change the extracted prose
    by exactly their findings' replacements."""
    source, _ = apply_edits(doc.source, [edit for _, edit in chosen])
    prose, _ = apply_edits(doc.text, [Edit(f.start, f.end, f.replacements[0]) for f, _ in chosen])
    assert sources.load(source, doc.path, fmt).text == prose, (doc.source, source)


@pytest.mark.parametrize("fmt", ["markdown", "html"])
@example(source="****\ufeff\ufeff")  # in Markdown each deletion alone is fine, not both
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(source=DOCUMENTS)
def test_every_fix_made_keeps_the_rest_of_the_document(fmt, source):
    made = []

    def recording(doc, chosen, input_format):
        kept = faithful(doc, chosen, input_format)
        made.append((doc, kept))
        return kept

    faithful = engine._faithful
    with mock.patch.object(engine, "_faithful", recording):
        fixed = PICKY.fix(sources.load(source, "a", fmt), fmt, unsafe=True)
    for doc, chosen in made:
        assert_the_edits_keep_the_prose(doc, chosen, fmt)
    assert not any(f.fixable for f in fixed.after.findings)  # what is left is only suggested
