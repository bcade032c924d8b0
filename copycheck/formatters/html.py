"""The HTML report: one self-contained page an editor opens in a browser.

The page carries the JSON report (the same document `--format json` prints) and the source text of
each file, and its script draws the text with a `<mark>` around each finding. The service's
playground is the same page with a form that fetches a JSON report from `/v1/check`, so the marks
are drawn by one piece of code for both. Nothing is fetched from elsewhere: the styles and the
script are inlined, and the page's Content-Security-Policy forbids any other source.

Offsets are the report's: `utf16_start`/`utf16_end` index the source text as a JavaScript string
holds it (the stored characters, markup included for Markdown and HTML inputs).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from ..findings import CATEGORIES, Severity
from ..report import Report
from . import json as json_format

PLAYGROUND_ENDPOINT = "/v1/check"

# Shown beside the English name in the legend and the counts.
CATEGORY_NAMES_AR = {
    "spacing": "المسافات",
    "punctuation": "الترقيم",
    "typography": "الطباعة",
    "orthography": "الإملاء",
    "spelling": "التهجئة",
    "repetition": "التكرار",
    "truncation": "النقص والبتر",
    "consistency": "الاتساق",
    "style": "الأسلوب",
    "grammar": "النحو",
}
SEVERITY_NAMES_AR = {"error": "خطأ", "warning": "تنبيه", "info": "ملاحظة"}

# Inline styles and scripts only (the page holds no other kind of content); `connect-src 'self'`
# lets the playground reach the service that served it, and nothing else.
_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
           "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'")

_PLAYGROUND_FORM = """<form id="playground" class="playground">
<label for="playground-text">النص · Text</label>
<textarea id="playground-text" name="text" dir="rtl" lang="ar" rows="10" required></textarea>
<div class="controls">
<label>الصيغة · Format <select id="playground-format" name="format">
<option value="text">plain text</option><option value="markdown">Markdown</option>
<option value="html">HTML</option>
</select></label>
<label>المستوى · Level <select id="playground-level" name="level">
<option value="default">default</option><option value="picky">picky</option>
</select></label>
<button type="submit">افحص · Check</button>
<output id="playground-status" role="status" aria-live="polite"></output>
</div>
</form>
"""


def render(report: Report, color: bool = False) -> str:
    texts = [file.document.source if file.document is not None else None for file in report.files]
    return page(json_format.document(report), texts, _title(report))


def playground_page(endpoint: str = PLAYGROUND_ENDPOINT) -> str:
    """The page with a form: the text typed there is posted to `endpoint` (the service's native
    JSON API) and the report it answers is drawn as `--format html` draws a file."""
    return page(json_format.document(Report()), [], "copycheck playground", endpoint)


def page(report: dict[str, Any], texts: list[str | None], title: str,
         endpoint: str | None = None) -> str:
    """The page for a JSON report and the source text of each of its files (None: unread)."""
    data = {
        "report": report,
        "texts": texts,
        "endpoint": endpoint,
        "categories": [{"id": name, "ar": CATEGORY_NAMES_AR.get(name, name)} for name in CATEGORIES],
        "severities": [{"id": s.label, "ar": SEVERITY_NAMES_AR[s.label]} for s in reversed(Severity)],
    }
    import html  # here, not at the top: every run of the command imports this module

    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>\n{_asset('report.css')}</style>\n</head>\n"
        '<body>\n<header>\n<h1>تقرير copycheck · <span lang="en" dir="ltr">copycheck report</span></h1>\n'
        '<div id="summary"></div>\n</header>\n'
        f"{_PLAYGROUND_FORM if endpoint else ''}"
        '<main id="report"></main>\n<div id="tip" role="tooltip" hidden></div>\n'
        "<noscript>This report is drawn by its script: allow JavaScript for this file.</noscript>\n"
        f'<script type="application/json" id="copycheck-data">{script_json(data)}</script>\n'
        f"<script>\n{_asset('report.js')}</script>\n</body>\n</html>\n"
    )


def script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element: no `<`, `>` or `&` can close it or open a
    comment, whatever the text holds (JSON.parse reads the escapes back)."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _title(report: Report) -> str:
    if len(report.files) == 1:
        return f"copycheck: {report.files[0].path}"
    return f"copycheck: {len(report.files)} files"


@cache
def _asset(name: str) -> str:
    from importlib import resources  # costs milliseconds at start-up; only this format needs it

    return resources.files(__package__).joinpath("html_page", name).read_text(encoding="utf-8")
