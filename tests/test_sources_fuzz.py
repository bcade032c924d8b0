"""Malformed Markdown and HTML never crash an extractor, and every offset it maps stays true."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copycheck.sources import Extracted, html, markdown

PIECES = {
    "html": ["<p>", "</p>", "<div>", "</div>", "<br>", "<br/>", "<b>", "</b>", "<script>", "</script>",
             "<code>", "</code>", "<pre>", "</pre>", "<!--", "-->", "<body>", "</body>", "<article>",
             "&amp;", "&nbsp;", "&#1575;", "&#x627;", "&#", "&bogus;", "&", "<", ">", "</", "<a href='x'>",
             "</a>", "<svg/>", "<p", "<!DOCTYPE html>", "<?x?>", "<![CDATA[", "]]>",
             "<main>", "<div itemprop='articleBody'>"],
    "markdown": ["# ", "## ", "\n", "\n\n", "*", "**", "_", "`", "```", "~~~", "    ", "> ", "- ", "1. ",
                 "[", "]", "(", ")", "](http://a.b)", "![", "<", ">", "<http://a.b>", "<!--", "-->",
                 "&amp;", "&#1575;", "\\", "|", "|---|", "---\n", "<div>", "\r\n", "\t", "&"],
}
WORDS = ["قال", "الوزير", " ", "،", ",", "؟", "x", "  ", "\u200c", "\ufeff", "\0", "\r"]


def documents(fmt: str) -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(PIECES[fmt]), st.sampled_from(WORDS), st.text(max_size=4))
    return st.lists(piece, max_size=40).map("".join)


def assert_offsets_true(source: str, extracted: Extracted) -> None:
    text, offset_map = extracted.text, extracted.offset_map
    position = 0
    for segment in offset_map.segments:
        assert segment.text_start == position, "segments cover the text in order"
        position = segment.text_end
        assert 0 <= segment.source_start <= segment.source_end <= len(source)
        if segment.copied:
            assert source[segment.source_start:segment.source_end] == \
                text[segment.text_start:segment.text_end]
    assert position == len(text)
    for index, char in enumerate(text):
        start, end = offset_map.span(index, index + 1)
        assert 0 <= start <= end <= len(source)
        if offset_map.copied_span(index, index + 1) is not None:
            assert source[offset_map.to_source(index)] == char
    for start, end in extracted.comments:
        assert source[start] == "<" and start < end <= len(source)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(documents("html"))
def test_html_extraction_survives_anything(source):
    assert_offsets_true(source, html.extract(source))


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(documents("markdown"))
def test_markdown_extraction_survives_anything(source):
    assert_offsets_true(source, markdown.extract(source))


@settings(max_examples=200)
@given(st.text(max_size=200))
def test_any_text_survives_both(source):
    assert_offsets_true(source, html.extract(source))
    assert_offsets_true(source, markdown.extract(source))
