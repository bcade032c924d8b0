"""The command line with Markdown, HTML and JSON/JSONL input."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from copycheck.cli import app

BAD = "قال الوزير , إن الخبر صحيح"


def run(*args: str, stdin: str | None = None):
    result = CliRunner().invoke(app, ["check", "--format", "json", *args], input=stdin)
    return result.exit_code, result.stdout


def report(*args: str, stdin: str | None = None):
    code, out = run(*args, stdin=stdin)
    return code, json.loads(out)


def test_format_follows_the_extension_and_offsets_point_into_the_file(tmp_path):
    (tmp_path / "a.md").write_text(f"# عنوان\n\n**{BAD}**\n", encoding="utf-8")
    (tmp_path / "a.html").write_text(f"<p>&quot;{BAD}&quot;</p>", encoding="utf-8")
    code, data = report(str(tmp_path))
    assert code == 1
    for file in data["files"]:
        source = Path(file["path"]).read_text(encoding="utf-8")
        (finding,) = file["findings"]
        assert source[finding["start"]:finding["end"]] == finding["text"] == ","


def test_input_format_overrides_the_extension(tmp_path):
    page = tmp_path / "a.txt"
    page.write_text(f"<p title='{BAD}'>نص</p>", encoding="utf-8")
    assert run(str(page))[0] == 1
    assert run("--input-format", "html", str(page))[0] == 0


def test_stdin_uses_the_input_format():
    code, data = report("-", "--input-format", "markdown", stdin=f"`{BAD}`\n")
    assert code == 0
    code, data = report("-", "--input-format", "html", stdin=f"<p>{BAD}</p>")
    assert data["files"][0]["findings"][0]["start"] == 14


def test_unknown_input_format_is_a_usage_error():
    assert run("-", "--input-format", "docx", stdin="x")[0] == 2


def test_records_per_id_with_a_broken_record(tmp_path):
    export = tmp_path / "a.jsonl"
    lines = [{"id": "a", "c": {"body": BAD}}, {"id": "b"}, {"id": "c", "c": {"body": "نص سليم"}}]
    export.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in lines), encoding="utf-8")
    code, data = report(str(export), "--field", "c.body", "--id-field", "id")
    assert code == 2
    first, second, third = data["files"]
    assert first["path"].endswith("a.jsonl#a")
    assert first["record"] == {"file": str(export), "line": 1, "id": "a", "field": "c.body"}
    assert first["findings"][0]["start"] == BAD.index(",")
    assert second["error"]["line"] == 2 and "no field 'c.body'" in second["error"]["message"]
    assert third["findings"] == [] and "error" not in third


def test_json_needs_a_field(tmp_path):
    export = tmp_path / "a.json"
    export.write_text('[{"body": "نص"}]', encoding="utf-8")
    assert run(str(export))[0] == 2
    assert run(str(export), "--field", "body")[0] == 0
    assert run("-", "--input-format", "jsonl", stdin="{}")[0] == 2


def test_fix_refuses_records():
    result = CliRunner().invoke(app, ["check", "--fix", "--field", "body", "-"], input="{}")
    assert result.exit_code == 2
    assert "do not rewrite JSON records" in result.stderr


def test_fix_rewrites_markdown_and_html_sources_only_where_text_is_copied(tmp_path):
    md, page = tmp_path / "a.md", tmp_path / "a.html"
    md.write_text(f"قال **الوزير** , إن\n\n```\n{BAD}\n```\n", encoding="utf-8")
    page.write_text(f"<p>قال <b>الوزير</b> , إن</p><pre>{BAD}</pre>", encoding="utf-8")
    CliRunner().invoke(app, ["check", "--fix", str(md), str(page)])
    assert md.read_text(encoding="utf-8") == f"قال **الوزير**، إن\n\n```\n{BAD}\n```\n"
    assert page.read_text(encoding="utf-8") == f"<p>قال <b>الوزير</b>، إن</p><pre>{BAD}</pre>"
    assert run(str(md), str(page))[0] == 0


def test_fix_leaves_findings_that_cross_an_entity(tmp_path):
    page = tmp_path / "a.html"
    page.write_text("<p>قال الوزير&#32;، إن</p>", encoding="utf-8")  # the space is an entity
    CliRunner().invoke(app, ["check", "--fix", str(page)])
    assert page.read_text(encoding="utf-8") == "<p>قال الوزير&#32;، إن</p>"
    code, data = report(str(page))
    assert code == 1 and data["files"][0]["findings"][0]["text"] == "&#32;"
