"""`copycheck check --format html` and the playground page, loaded in headless Chromium.

The report's marks are drawn by the page's script, so what an editor sees is the DOM after load:
these tests read it there, from pages the installed command wrote.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright import sync_api
from served import start_server
from support import copycheck_executable, run_cli

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_9eb9693275b328fe.txt"
README = (ROOT / "README.md").read_text(encoding="utf-8")
SCREENSHOT = Path("/tmp/copycheck-report.png")
PLAYGROUND_MAX_TEXT_BYTES = 20_000

if not CHROMIUM.exists():
    # A developer without the browser is told and goes on; CI (.ci/run) requires it.
    reason = "Debian's chromium is not installed (apt-get install -y chromium; .ci/run does it)"
    if os.environ.get("COPYCHECK_REQUIRE_BROWSER"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason, allow_module_level=True)

# A newsroom's own rules, so that the real command reports findings that cross each other
# (`قال,` and `, إن` share the comma) and one of no characters (a position before `إن الوزير`).
CROSSING_RULES = """\
pack: crossing
rules:
  - id: style.said-comma
    kind: pattern
    category: style
    severity: info
    message: "Comma straight after «{match}»"
    message_ar: "فاصلة بعد «{match}» مباشرة"
    pattern: 'قال,'
    examples:
      bad:
        - text: "⟦قال,⟧ إن"
      good:
        - "قال إن"
  - id: grammar.comma-before-inna
    kind: pattern
    category: grammar
    severity: error
    message: "A comma before «إن»"
    message_ar: "فاصلة قبل «إن»"
    pattern: ', إن'
    examples:
      bad:
        - text: "قال⟦, إن⟧"
      good:
        - "قال إن"
  - id: style.point-before-minister
    kind: pattern
    category: style
    severity: info
    message: "A position before the minister"
    message_ar: "موضع قبل الوزير"
    pattern: '(?=إن الوزير)'
    examples:
      bad:
        - text: "قال ⟦⟧إن الوزير"
      good:
        - "قال"
"""
CROSSING_SELECT = "style.said-comma,grammar.comma-before-inna,style.point-before-minister"
# An emoji (two UTF-16 units) before the findings, and markup that must stay text.
HOSTILE_TEXT = ("😀 قال, إن الوزير <b>حضر</b> &amp; </script><script>window.pwned = 1</script>"
                "<!-- « -->\n")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    tab = context.new_page()
    tab.problems = []
    tab.on("pageerror", lambda error: tab.problems.append(str(error)))
    tab.on("console", lambda message: message.type == "error" and tab.problems.append(message.text))
    yield tab
    context.close()


def open_report(page, path: Path):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(path.as_uri())
    page.wait_for_selector("#report section")
    assert page.problems == []
    assert requested == [path.as_uri()], "the report fetches nothing but itself"
    return page


def html_and_json(tmp_path: Path, *args: str) -> tuple[Path, dict]:
    """The HTML report the command writes for `args`, and its JSON report of the same run."""
    html = run_cli("check", "--format", "html", *args)
    assert html.code in (0, 1, 2) and "Traceback" not in html.stderr
    path = tmp_path / "report.html"
    path.write_text(html.stdout, encoding="utf-8")
    return path, run_cli("check", "--format", "json", *args).report


def pieces(page, key: str) -> list[str]:
    return page.eval_on_selector_all(f'mark[data-finding="{key}"]', "marks => marks.map(m => m.textContent)")


def assert_marks_match(page, report: dict) -> None:
    """One <mark data-rule> per finding, and its characters (with any continued pieces) are the
    finding's; each file's text is drawn whole and unchanged."""
    sections = page.locator("#report section.file")
    assert sections.count() == len(report["files"])
    for number, file in enumerate(report["files"], start=1):
        section = sections.nth(number - 1)
        marks = section.locator("mark[data-rule]")
        assert marks.count() == len(file["findings"])
        for index, finding in enumerate(file["findings"]):
            key = f"{number}-{index}"
            assert section.locator(f"#m-{key}").get_attribute("data-rule") == finding["rule"]
            assert "".join(pieces(page, key)) == finding["text"]
        if "error" not in file and "record" not in file:  # a record's text lives inside its JSON
            source = Path(file["path"]).read_text(encoding="utf-8")
            assert section.locator(".article").evaluate("node => node.textContent") == source


def readme_command() -> str:
    section = README[README.index("## HTML report"):]
    match = re.search(r"^\$ (copycheck check --format html [^;\n]*)", section, re.MULTILINE)
    assert match, "the README's HTML report section shows its command"
    return match.group(1)


def test_the_readme_command_marks_every_finding_of_the_sample(tmp_path, page):
    (tmp_path / "seeds").mkdir()
    shutil.copy(SEED, tmp_path / "seeds" / SEED.name)
    bin_dir = str(Path(copycheck_executable()).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ["PATH"]}
    done = subprocess.run(["bash", "-c", readme_command()], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr  # the sample has findings
    report = run_cli("check", "--format", "json", f"seeds/{SEED.name}", cwd=tmp_path).report
    assert report["summary"]["findings"] > 20
    open_report(page, tmp_path / "report.html")
    report["files"][0]["path"] = str(tmp_path / report["files"][0]["path"])
    assert_marks_match(page, report)
    article = page.locator(".article")
    assert (article.get_attribute("dir"), article.get_attribute("lang")) == ("rtl", "ar")
    summary = page.locator("#summary")
    for label, count in report["summary"]["by_severity"].items():
        assert summary.locator(f'.severities [data-severity="{label}"] b').inner_text() == str(count)
    for category, count in report["summary"]["by_category"].items():
        assert summary.locator(f'.legend [data-category="{category}"] b').inner_text() == str(count)
    page.locator("mark[data-rule]").nth(4).hover()
    page.screenshot(path=tmp_path / "report.png")
    page.screenshot(path=SCREENSHOT)


def test_hovering_a_mark_shows_its_messages_and_its_fix(tmp_path, page):
    path, report = html_and_json(tmp_path, str(SEED))
    open_report(page, path)
    findings = report["files"][0]["findings"]
    tip = page.locator("#tip")
    assert tip.is_hidden()
    index, finding = next((i, f) for i, f in enumerate(findings) if f["fixable"] and f["replacements"][0])
    page.locator(f"#m-1-{index}").hover()
    assert tip.is_visible()
    shown = tip.locator(".finding").first
    assert shown.locator("[lang=ar]").first.inner_text() == finding["message_ar"]
    assert shown.locator("[lang=en].en").inner_text() == finding["message"]
    assert shown.locator(".fix q").first.text_content() == finding["replacements"][0].strip()
    page.mouse.move(1, 1)
    assert tip.is_hidden()


def test_the_keyboard_reaches_every_mark_and_focus_shows_the_message(tmp_path, page):
    path, report = html_and_json(tmp_path, str(SEED))
    open_report(page, path)
    findings = report["files"][0]["findings"]
    in_text_order = sorted(range(len(findings)), key=lambda i: (findings[i]["start"], -findings[i]["end"]))
    for index in in_text_order[:3]:
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id")
        assert focused == f"m-1-{index}"
        assert page.locator("#tip").is_visible()
        assert findings[index]["message"] in page.locator("#tip").inner_text()
        described = page.locator(f"#{focused}").get_attribute("aria-describedby")
        assert findings[index]["message_ar"] in page.locator(f"#{described}").inner_text()


def test_each_entry_of_the_list_links_to_its_mark(tmp_path, page):
    path, report = html_and_json(tmp_path, str(SEED))
    open_report(page, path)
    findings = report["files"][0]["findings"]
    links = page.locator("ol.findings a.goto")
    assert links.count() == len(findings)
    targets = links.evaluate_all(
        "links => links.map(a => document.getElementById(a.getAttribute('href').slice(1)))"
        ".map(m => m && m.tagName === 'MARK' ? [m.dataset.rule, m.textContent] : null)")
    assert targets == [[f["rule"], f["text"]] for f in findings]
    last = len(findings) - 1
    links.nth(last).click()
    page.wait_for_function(f"document.activeElement.id === 'm-1-{last}'")
    assert page.evaluate("location.hash") == f"#m-1-{last}"
    assert findings[last]["message"] in page.locator("#tip").inner_text()


def test_crossing_nested_and_empty_findings_stay_readable_and_text_stays_text(tmp_path, page):
    pack = tmp_path / "crossing.yaml"
    pack.write_text(CROSSING_RULES, encoding="utf-8")
    article = tmp_path / "<b>article &amp; co.txt"
    article.write_text(HOSTILE_TEXT, encoding="utf-8")
    path, report = html_and_json(tmp_path, "--rule-file", str(pack), "--extend-select", CROSSING_SELECT,
                                 str(article))
    open_report(page, path)
    assert page.evaluate("window.pwned") is None
    assert page.title() == f"copycheck: {article}"
    assert page.locator("section.file h2").inner_text() == str(article)
    assert_marks_match(page, report)
    findings = {f["rule"]: (f"1-{i}", f) for i, f in enumerate(report["files"][0]["findings"])}
    assert set(findings) >= {"style.said-comma", "grammar.comma-before-inna", "style.point-before-minister",
                             "punctuation.latin-comma"}
    said, inna = findings["style.said-comma"][0], findings["grammar.comma-before-inna"][0]
    # The two that cross: the second is drawn in two pieces, the first holding the shared comma.
    assert pieces(page, said) == ["قال,"]
    assert pieces(page, inna) == [",", " إن"]
    comma = findings["punctuation.latin-comma"][0]
    enclosing = "m => m.parentElement.closest('mark').dataset.finding"
    assert page.locator(f"#m-{comma}").evaluate(enclosing) == inna
    # The empty finding: a mark of no text inside the one that spans its position, shown by a sign.
    empty = page.locator(f"#m-{findings['style.point-before-minister'][0]}")
    assert empty.evaluate("m => [m.textContent, m.parentElement.dataset.finding]") == ["", inna]
    assert empty.evaluate("m => getComputedStyle(m, '::after').content") == '"‸"'
    empty.focus()
    assert "A position before the minister" in page.locator("#tip").inner_text()
    # Hovering the shared comma describes every finding drawn over it, innermost first.
    page.locator(f"#m-{comma}").hover()
    assert page.locator("#tip .finding .rule").all_inner_texts() == [
        "punctuation.latin-comma [*]", "grammar.comma-before-inna", "style.said-comma"]
    page.screenshot(path=tmp_path / "crossing.png")


def test_several_files_give_one_page_with_a_section_each(tmp_path, page):
    bad = "قال الوزير , إن الخبر صحيح"
    (tmp_path / "a.md").write_text(f"# عنوان\n\n**{bad}** و هذا\n", encoding="utf-8")
    (tmp_path / "b.html").write_text(f"<p>&quot;{bad}&quot;</p>\n<p>انتهى  الخبر.</p>\n",
                                     encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"\x00\x01binary\xff")
    path, report = html_and_json(tmp_path, str(tmp_path / "a.md"), str(tmp_path / "b.html"),
                                 str(tmp_path / "c.txt"))
    open_report(page, path)
    assert_marks_match(page, report)
    sections = page.locator("#report section.file")
    assert sections.locator("h2").all_inner_texts() == [f["path"] for f in report["files"]]
    assert report["files"][2]["error"]["message"] in sections.nth(2).inner_text()
    # Markdown and HTML are shown as stored, markup included, and the marks cut the stored text.
    assert sections.nth(1).locator(".article").inner_text().startswith("<p>&quot;")


def test_json_lines_records_give_a_section_each(tmp_path, page):
    records = [{"id": "first", "body": "قال الوزير , إن الخبر صحيح"}, {"id": "second", "body": "نص سليم."},
               {"id": "third", "body": "😀 في في البيت , قال"}]
    export = tmp_path / "export.jsonl"
    export.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    path, report = html_and_json(tmp_path, str(export), "--field", "body", "--id-field", "id")
    open_report(page, path)
    assert_marks_match(page, report)
    sections = page.locator("#report section.file")
    for number, record in enumerate(records):
        assert sections.nth(number).locator("h2 .path").inner_text() == record["id"]
        assert sections.nth(number).locator(".article").evaluate("n => n.textContent") == record["body"]


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    running = start_server(tmp_path_factory.mktemp("playground"), "--workers", "1",
                           "--max-text-bytes", str(PLAYGROUND_MAX_TEXT_BYTES))
    yield running
    running.stop()


def test_the_service_serves_the_playground_and_it_draws_what_v1_check_answers(service, page, tmp_path):
    page.goto(service.url + "/")
    assert page.title() == "copycheck playground"
    text = SEED.read_text(encoding="utf-8")
    page.fill("#playground-text", text)
    with page.expect_response("**/v1/check") as answered:
        page.click("#playground button[type=submit]")
    assert json.loads(answered.value.request.post_data) == {"text": text}
    page.wait_for_selector("#report section.file mark[data-rule]")
    expected = run_cli("check", "--format", "json", "-", stdin=text).report
    assert page.locator("mark[data-rule]").count() == expected["summary"]["findings"]
    for index, finding in enumerate(expected["files"][0]["findings"]):
        assert "".join(pieces(page, f"1-{index}")) == finding["text"]
    assert page.locator(".article").evaluate("n => n.textContent") == text
    assert page.locator("#summary .total").inner_text().startswith(str(expected["summary"]["findings"]))
    page.locator("mark[data-rule]").first.hover()
    assert expected["files"][0]["findings"][0]["message"] in page.locator("#tip").inner_text()
    page.screenshot(path=tmp_path / "playground.png")
    assert page.problems == []


def test_the_playground_checks_markdown_at_its_stored_characters(service, page):
    page.goto(service.url + "/")
    text = "# عنوان\n\n**قال الوزير , إن** الخبر و هذا صحيح.\n"
    page.fill("#playground-text", text)
    page.select_option("#playground-format", "markdown")
    page.click("#playground button[type=submit]")
    page.wait_for_selector("#report mark[data-rule]")
    expected = run_cli("check", "--format", "json", "-", "--input-format", "markdown", stdin=text).report
    assert [f["text"] for f in expected["files"][0]["findings"]] == [
        "".join(pieces(page, f"1-{index}")) for index in range(len(expected["files"][0]["findings"]))]
    assert page.locator(".article").evaluate("n => n.textContent") == text


def test_the_playground_says_why_the_service_refused_a_text(service, page):
    page.goto(service.url + "/")
    page.fill("#playground-text", "ب" * PLAYGROUND_MAX_TEXT_BYTES)
    page.click("#playground button[type=submit]")
    page.wait_for_function("document.getElementById('playground-status').textContent.startsWith('413')")
    status = page.locator("#playground-status").inner_text()
    assert status.startswith("413: the text is over the limit") and status.endswith("(text)")
    assert page.locator("#report section").count() == 0
