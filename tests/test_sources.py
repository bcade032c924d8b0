"""Markdown, HTML and plain extraction: what is checked, what is skipped, where offsets point."""

from __future__ import annotations

import pytest
from support import builtin_rules, check_text

from copycheck.document import OffsetMap, Segment
from copycheck.engine import Linter, select_rules
from copycheck.sources import load, plain


def findings_in(source: str, fmt: str, select: tuple[str, ...] = ()):
    doc = load(source, "t", fmt)
    findings, problems = Linter(select_rules(builtin_rules(), select)).check(doc)
    assert not problems
    return doc, findings


def flagged_source(source: str, fmt: str) -> list[str]:
    doc, findings = findings_in(source, fmt)
    return [source[slice(*doc.source_span(f.start, f.end))] for f in findings]


# -- the offset map -----------------------------------------------------------------------------
MAP = OffsetMap((Segment(0, 3, 10, 13, True), Segment(3, 4, 13, 18, False),
                 Segment(4, 6, 20, 22, True)))


def test_copied_characters_map_one_to_one():
    assert [MAP.to_source(i) for i in (0, 2, 4, 5)] == [10, 12, 20, 21]
    assert MAP.span(1, 3) == (11, 13)


def test_a_standing_for_segment_maps_to_its_whole_source_span():
    assert MAP.span(3, 4) == (13, 18)
    assert MAP.span(2, 5) == (12, 21)
    assert MAP.to_source(6) == 22


def test_only_unbroken_copies_may_be_rewritten():
    assert MAP.copied_span(0, 3) == (10, 13)
    assert MAP.copied_span(3, 3) == (13, 13)  # an insertion right after copied text
    assert MAP.copied_span(2, 4) is None
    assert MAP.copied_span(3, 4) is None
    assert MAP.copied_span(4, 6) == (20, 22)


def test_plain_text_maps_to_itself():
    extracted = plain.extract("قال , إن")
    assert extracted.text == "قال , إن"
    assert extracted.offset_map.span(4, 5) == (4, 5)


# -- Markdown ---------------------------------------------------------------------------------
def test_markdown_checks_headings_paragraphs_lists_quotes_and_tables():
    source = ("# عنوان , أول\n\nقال الوزير , إن\n\n- بند , أول\n\n> اقتباس , هنا\n\n"
              "| رأس , أ | ب |\n|---|---|\n| خلية , ج | د |\n")
    assert flagged_source(source, "markdown") == [","] * 6
    doc = load(source, "t", "markdown")
    assert len(doc.paragraphs) == 8  # every table cell is its own paragraph


def test_markdown_skips_code_urls_comments_and_front_matter():
    source = ("---\ntitle: قال , إن\n---\n"
              "```\nقال , إن\n```\n\n    قال , إن\n\n"
              "انظر [الرابط](http://x.y/قال,إن \"قال , إن\") و`قال , إن` هنا\n\n"
              "<!-- قال , إن -->\n")
    doc = load(source, "t", "markdown")
    assert "title" not in doc.text and "http" not in doc.text
    assert doc.text == "انظر الرابط وقال , إن هنا"
    assert flagged_source(source, "markdown") == []
    assert [source[start:end] for start, end in doc.comments] == ["<!-- قال , إن -->"]


def test_markdown_inline_markup_inserts_no_space():
    doc = load("قال **الوزير**، *إن* [الخبر](u) صحيح\n", "t", "markdown")
    assert doc.text == "قال الوزير، إن الخبر صحيح"


def test_markdown_entity_maps_to_its_whole_spelling():
    source = "قال&nbsp;, إن\n"
    doc = load(source, "t", "markdown")
    assert doc.text == "قال\xa0, إن"
    assert doc.source_span(3, 5) == (3, 10)
    assert doc.copied_source_span(3, 5) is None


def test_markdown_soft_line_break_is_the_source_line_break():
    source = "> قال الوزير\r\n> إن , الخبر\r\n"
    doc = load(source, "t", "markdown")
    assert doc.text == "قال الوزير\r\nإن , الخبر"
    location = doc.locate(doc.text.index(","), doc.text.index(",") + 1)
    assert (location.line, location.column) == (2, 6)


# -- HTML -------------------------------------------------------------------------------------
def test_html_cms_body_of_paragraphs():
    source = "<p>قال الوزير , إن الخبر</p>\n<p>وأضاف &quot;نعم&quot; , ثم</p>"
    doc = load(source, "t", "html")
    assert doc.text == "قال الوزير , إن الخبر\n\nوأضاف \"نعم\" , ثم"
    assert len(doc.paragraphs) == 2
    assert flagged_source(source, "html") == [",", ",", "ثم"]  # the last paragraph stops on «ثم»


def test_html_skips_scripts_styles_code_blocks_attributes_and_head():
    source = ("<html><head><title>قال , إن</title><style>p{x:1}</style></head><body>"
              "<p title='قال , إن'>نص</p><script>قال , إن</script><pre>قال , إن</pre>"
              "<noscript>قال , إن</noscript><template>قال , إن</template>"
              "<svg><text>قال , إن</text></svg><p>و<code>قال , إن</code> هنا.</p></body></html>")
    doc = load(source, "t", "html")
    assert doc.text == "نص\n\nوقال , إن هنا."
    assert flagged_source(source, "html") == []


def test_html_entity_spans_cover_the_whole_entity():
    source = "<p>قال &amp;&amp; الوزير</p>"
    doc = load(source, "t", "html")
    index = doc.text.index("&")
    assert source[slice(*doc.source_span(index, index + 2))] == "&amp;&amp;"


def test_html_folds_source_line_breaks_but_keeps_typed_double_spaces():
    source = "<div>\n  قال\n     الوزير <b>إن</b>  الخبر\n</div>"
    doc = load(source, "t", "html")
    assert doc.text == "قال الوزير إن  الخبر"
    assert flagged_source(source, "html") == ["  "]


def test_html_block_elements_break_paragraphs_and_inline_ones_do_not():
    doc = load("<div>أ<span>ب</span></div><ul><li>ج</li><li>د</li></ul>أ<br>ب", "t", "html")
    assert doc.text == "أب\n\nج\n\nد\n\nأ\n\nب"


def test_html_whole_page_reads_only_the_article():
    source = ("<html><body><nav>قائمة , أولى</nav><article><h1>عنوان</h1><p>قال , إن</p>"
              "</article><footer>حقوق , محفوظة</footer></body></html>")
    assert load(source, "t", "html").text == "عنوان\n\nقال , إن"


CHROME_PAGE = """<html><body><article>
<h1><a href="/news/1">قال الوزير ، إن الخطة جاهزة</a></h1>
<div class="meta"><time datetime="2026-01-08">الخميس ، 8 كانون الثاني</time></div>
<div class="reading-time">3 min</div>
<p>قال الوزير ، إن <a href="https://example.org">الخطة</a> جاهزة.</p>
<p>وأضاف أن التنفيذ يبدأ غدا ، حسب <a href="/src">المصدر</a>.</p>
<ul><li><a href="/tag/a">اقتصاد ، مال</a></li><li><a href="/tag/b">سياسة</a></li></ul>
<div itemprop="keywords">اقتصاد ، سياسة</div>
<div><a href="/news/2"></a><span>قراءة ، المزيد</span><h3>وزير المالية ، يعلن موازنة جديدة</h3></div>
<aside><h2>مقالات ، ذات صلة</h2></aside>
<div hidden>نسخة ، مخفية</div>
<div class="shareButtons">شارك ، الخبر</div>
</article></body></html>"""


def test_html_page_chrome_is_left_out_by_its_structure():
    """Time, tags, another article's teaser, related and share blocks, hidden copy: none is read;
    the headline and the paragraphs, with their inline links, are."""
    doc = load(CHROME_PAGE, "t", "html")
    assert [doc.text[p.start:p.end] for p in doc.paragraphs] == [
        "قال الوزير ، إن الخطة جاهزة", "قال الوزير ، إن الخطة جاهزة.",
        "وأضاف أن التنفيذ يبدأ غدا ، حسب المصدر."]


def test_html_chrome_rules_leave_a_cms_body_whole():
    body = '<div class="tags"><a href="/t">اقتصاد ، مال</a></div><p>قال الوزير ، إن الخطة جاهزة.</p>'
    assert load(body, "t", "html").text == "اقتصاد ، مال\n\nقال الوزير ، إن الخطة جاهزة."


def test_html_page_without_markers_reads_the_densest_paragraphs():
    source = ("<body><div><p>قائمة , جانبية</p></div><div id=story><p>الفقرة الأولى الطويلة</p>"
              "<p>الفقرة الثانية الطويلة</p></div></body>")
    assert load(source, "t", "html").text == "الفقرة الأولى الطويلة\n\nالفقرة الثانية الطويلة"


def test_html_comments_are_exposed_for_suppressions():
    source = "<p>نص <!-- copycheck: ignore[x] --> آخر</p>"
    doc = load(source, "t", "html")
    assert [source[start:end] for start, end in doc.comments] == ["<!-- copycheck: ignore[x] -->"]


@pytest.mark.parametrize(("fmt", "replacement", "written"), [
    ("html", "a & <b>", "a &amp; &lt;b&gt;"),
    ("markdown", "*a* [b]", r"\*a\* \[b\]"),
    ("text", "*a* & b", "*a* & b"),
])
def test_replacements_are_escaped_for_their_format(fmt, replacement, written):
    from copycheck.sources import module

    assert module(fmt).escape(replacement) == written


def test_plain_findings_are_unchanged_by_the_map():
    text = "قال الوزير , إن"
    doc, findings = findings_in(text, "text")
    assert [(f.rule, f.start, f.end) for f in findings] == \
        [(f.rule, f.start, f.end) for f in check_text(text)]
    assert all(doc.source_span(f.start, f.end) == (f.start, f.end) for f in findings)
