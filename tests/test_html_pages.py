"""The two real Arabic news pages in ../shared: the article is read, findings point at the source.

The pages are read from ../shared (never copied into the repository); CI has them.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from support import builtin_rules, rule_from_yaml

from copycheck.engine import Linter, select_rules
from copycheck.sources import load

PAGES = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "html-news-pages"
pytestmark = pytest.mark.skipif(not PAGES.is_dir(), reason=f"{PAGES} is not there (it is in CI)")


def expected_paragraphs(name: str) -> list[str]:
    if name.startswith("cnn"):
        text = (PAGES / "cnn-arabic_article.expected.txt").read_text(encoding="utf-8")
        return [p for p in text.split("\n\n") if p.strip()]
    data = json.loads((PAGES / "lbcgroup_2026-01-08.expected.json").read_text(encoding="utf-8"))
    return [p for section in data["V1"]["body"]["sections"] for p in section["paragraphs"]]


def squeeze(text: str) -> str:
    return " ".join(text.split())


PAGE_NAMES = ["cnn-arabic_article", "lbcgroup_2026-01-08"]


def page(name: str):
    source = (PAGES / f"{name}.html").read_text(encoding="utf-8")
    return source, load(source, f"{name}.html", "html")


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_extracted_paragraphs_include_the_expected_body(name):
    _, doc = page(name)
    paragraphs = {squeeze(doc.text[p.start:p.end]) for p in doc.paragraphs}
    missing = [p[:40] for p in expected_paragraphs(name) if squeeze(p) not in paragraphs]
    assert missing == []


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_only_the_body_is_read_without_page_chrome(name):
    """No time to read, tags, next or previous headline, nor the hidden copy of the title: the
    paragraphs read are exactly the body the page's expected parse gives."""
    _, doc = page(name)
    paragraphs = [squeeze(doc.text[p.start:p.end]) for p in doc.paragraphs]
    assert paragraphs == [squeeze(p) for p in expected_paragraphs(name)]


SPELLING_RULES = {rule.id for rule in builtin_rules() if rule.kind == "spelling"}


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_default_findings_fall_only_in_article_text_and_point_at_the_source(name):
    source, doc = page(name)
    findings, problems = Linter(select_rules(builtin_rules())).check(doc)
    assert not problems
    body = [squeeze(p) for p in expected_paragraphs(name)]
    for finding in findings:
        start, end = doc.source_span(finding.start, finding.end)
        assert source[start:end] == doc.text[finding.start:finding.end]
        if finding.rule in SPELLING_RULES:
            continue  # a name in a related headline is fair game: spelling knows no layout
        paragraph = next(p for p in doc.paragraphs if p.start <= finding.start < p.end)
        assert squeeze(doc.text[paragraph.start:paragraph.end]) in body, finding


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_every_word_and_mark_of_the_article_points_at_the_source(tmp_path, name):
    """A rule that flags every word and punctuation mark exercises the map on the whole page."""
    rules = rule_from_yaml(tmp_path, r"""
        rules:
          - id: style.every-token
            kind: pattern
            category: style
            severity: info
            message: "token"
            message_ar: "كلمة"
            description: "Flags every word and mark (a test of offsets)."
            pattern: '[\p{L}\p{M}]+|[^\s\p{L}\p{M}]'
            examples:
              bad: [{text: "⟦كلمة⟧"}]
              good: [" "]
        """)
    source, doc = page(name)
    findings, _ = Linter(rules).check(doc)
    assert len(findings) > 200
    for finding in findings:
        start, end = doc.source_span(finding.start, finding.end)
        flagged = doc.text[finding.start:finding.end]
        assert html.unescape(source[start:end]) == flagged  # equal, or an entity that spells it
