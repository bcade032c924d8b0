"""`copycheck serve` on loopback: the real server in a subprocess, real LanguageTool clients.

language_tool_python (remote_server mode: it never downloads LanguageTool) and the pylanguagetool
command line talk to it unchanged; raw HTTP checks the protocol itself (UTF-16 offsets, errors,
limits, the time budget, clients that go away).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import httpx
import jsonschema
import pytest
from served import Server, free_port, start_server
from support import run_cli, validate_report

from copycheck.formatters.languagetool import CATEGORIES

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_9eb9693275b328fe.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
# The issue types Superdesk keeps (superdesk/text_checkers/spellcheckers/languagetool.py): a
# finding mapped to any other type would never reach its editors.
SUPERDESK_ISSUE_TYPES = {"misspelling", "whitespace", "other", "grammar", "characters",
                         "typographical", "locale-violation"}
MAX_TEXT_BYTES = 100_000
# Emoji, a flag and a mathematical letter (all outside the BMP: two UTF-16 units each) before,
# between and after findings.
ASTRAL_TEXT = "🇲🇦 قال الوزير 😀 ، إن الاجتماع 𝐀  مهم 👍🏽 ؛ وأضاف , أن الوفد وصل 🙂."


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(tmp_path_factory.mktemp("serve"), "--workers", "1",
                           "--max-text-bytes", str(MAX_TEXT_BYTES))
    yield running
    running.stop()


SLOW_PACK = """\
pack: slow
rules:
  - id: house.slow-rule
    kind: pattern
    category: style
    severity: warning
    message: "Nested run «{match}»"
    message_ar: "تكرار متداخل «{match}»"
    pattern: '(?:ب|ب)+ج'
    examples:
      bad:
        - text: "⟦ببج⟧"
      good:
        - "كتاب"
"""
# The pattern backtracks exponentially on a long run of ب without a ج.
SLOW_TEXT = "قال " + "ب" * 40 + " الوزير"


@pytest.fixture(scope="module")
def slow_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One worker, a user rule that never finishes on SLOW_TEXT, a one-second budget."""
    folder = tmp_path_factory.mktemp("slow")
    (folder / "slow.yaml").write_text(SLOW_PACK, encoding="utf-8")
    (folder / ".copycheck.toml").write_text('extend-rules = ["slow.yaml"]\n', encoding="utf-8")
    running = start_server(folder, "--workers", "1", "--time-budget", "1", "--max-queue", "1",
                           cwd=folder)
    yield running
    running.stop()


def cli_findings(text: str, tmp_path: Path, name: str = "article.txt", *args: str) -> list[dict]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return run_cli("check", str(path), "--format", "json", *args).report["files"][0]["findings"]


def utf16_cut(text: str, offset: int, length: int) -> str:
    """What a JavaScript client (UTF-16 strings) cuts out of `text`."""
    units = text.encode("utf-16-le")
    return units[offset * 2:(offset + length) * 2].decode("utf-16-le")


# -- the clients --------------------------------------------------------------------------------
def test_language_tool_python_reports_the_seed_findings_at_their_characters(server, tmp_path,
                                                                          monkeypatch):
    import language_tool_python

    downloads = tmp_path / "language-tool-downloads"
    monkeypatch.setenv("LTP_PATH", str(downloads))  # where it would download LanguageTool to
    tool = language_tool_python.LanguageTool("ar", remote_server=server.url)
    matches = tool.check(SEED_TEXT)
    assert not downloads.exists() or not any(downloads.iterdir())  # remote: nothing fetched
    expected = cli_findings(SEED_TEXT, tmp_path)
    assert [(m.rule_id, m.offset, m.error_length) for m in matches] == [
        (f["rule"], f["start"], f["end"] - f["start"]) for f in expected]
    assert [SEED_TEXT[m.offset:m.offset + m.error_length] for m in matches] == [f["text"] for f in expected]
    assert {m.rule_issue_type for m in matches} <= SUPERDESK_ISSUE_TYPES
    # Only safe fixes are offered as replacements: the unsafe «الأفريقية» → «الإفريقية» is not.
    offered = {m.rule_id for m in matches if m.replacements}
    assert offered == {f["rule"] for f in expected if f["fixable"]}


def test_correct_applies_the_safe_fixes(server, tmp_path):
    import language_tool_python

    tool = language_tool_python.LanguageTool("ar", remote_server=server.url)
    corrected = tool.correct(SEED_TEXT)
    assert corrected != SEED_TEXT
    # correct() applies one pass of non-overlapping fixes; applied until nothing changes, the text
    # is what `copycheck check --fix` writes.
    while (again := tool.correct(corrected)) != corrected:
        corrected = again
    path = tmp_path / "article.txt"
    path.write_text(SEED_TEXT, encoding="utf-8")
    run_cli("check", "--fix", str(path))
    assert corrected == path.read_text(encoding="utf-8")


def test_offsets_hold_in_text_with_astral_characters(server, tmp_path):
    import language_tool_python

    expected = cli_findings(ASTRAL_TEXT, tmp_path)
    assert len(expected) >= 3
    tool = language_tool_python.LanguageTool("ar", remote_server=server.url)
    # language_tool_python turns LanguageTool's UTF-16 offsets into Python's code points itself.
    assert [ASTRAL_TEXT[m.offset:m.offset + m.error_length] for m in tool.check(ASTRAL_TEXT)] == [
        f["text"] for f in expected]
    # A JavaScript editor cuts UTF-16 units: offset, length and the context's offset all hold.
    matches = server.check(ASTRAL_TEXT).json()["matches"]
    assert [utf16_cut(ASTRAL_TEXT, m["offset"], m["length"]) for m in matches] == [
        f["text"] for f in expected]
    assert [m["offset"] for m in matches] == [f["utf16_start"] for f in expected]
    assert [utf16_cut(m["context"]["text"], m["context"]["offset"], m["context"]["length"])
            for m in matches] == [f["text"] for f in expected]


def test_the_context_never_cuts_an_astral_character_in_half(server):
    # 21 emoji are 42 UTF-16 units: the context's 40-unit reach ends between two of them.
    for emoji in ("😀" * 21, "ب" + "😀" * 21):
        text = f"قال الوزير{emoji} ، إن{emoji} الاجتماع مهم."
        match = server.check(text).json()["matches"][0]
        context = match["context"]
        assert not any(0xD800 <= ord(character) <= 0xDFFF for character in context["text"])
        assert utf16_cut(context["text"], context["offset"], context["length"]) == " "
        assert utf16_cut(text, match["offset"], match["length"]) == " "


def test_pylanguagetool_prints_each_finding_under_its_characters(server, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(SEED_TEXT, encoding="utf-8")
    output = _pylanguagetool(server, article)
    assert output.returncode == 1  # findings, as against LanguageTool
    expected = cli_findings(SEED_TEXT, tmp_path)
    blocks = _pylanguagetool_blocks(output.stdout)
    assert [rule for rule, _, _ in blocks] == [f["rule"] for f in expected]
    # The carets under the context mark the flagged characters (the seed is all in the BMP).
    assert [context[start:end] for _, context, (start, end) in blocks] == [f["text"] for f in expected]
    assert "Arabic detected (100% confidence)" in output.stdout


def _pylanguagetool(server: Server, article: Path) -> subprocess.CompletedProcess:
    executable = Path(sys.executable).parent / "pylanguagetool"
    return subprocess.run([str(executable), "--api-url", f"{server.url}/v2/", "--lang", "ar",
                           "--no-color", "--rules", str(article)],
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def _pylanguagetool_blocks(stdout: str) -> list[tuple[str, str, tuple[int, int]]]:
    """(rule id, context, caret span in the context) of each finding pylanguagetool prints."""
    lines = stdout.splitlines()
    blocks = []
    for index, line in enumerate(lines):
        if line.startswith("  ✗ "):
            context = line[len("  ✗ "):]
            carets = lines[index + 1][4:]
            rule = next(lines[later].strip().split(":")[0] for later in range(index + 2, len(lines))
                        if re.match(r"^  [a-z]+\.[a-z\-]+: ", lines[later]))
            start = len(carets) - len(carets.lstrip(" "))
            blocks.append((rule, context, (start, len(carets.rstrip()))))
    return blocks


def test_superdesk_keeps_every_finding(server, tmp_path):
    """Superdesk posts to LANGUAGETOOL_API_URL + /check with language auto, keeps the matches of
    its issue types and cuts each one's text out of the Python string."""
    api_url = f"{server.url}/v2/"
    answer = httpx.post(api_url.rstrip("/") + "/check", data={"text": SEED_TEXT, "language": "auto"})
    answer.raise_for_status()
    matches = answer.json()["matches"]
    kept = [m for m in matches if m["rule"]["issueType"] in SUPERDESK_ISSUE_TYPES]
    assert len(kept) == len(matches) > 0
    assert [SEED_TEXT[m["offset"]:m["offset"] + m["length"]] for m in kept] == [
        f["text"] for f in cli_findings(SEED_TEXT, tmp_path)]


def test_every_category_maps_into_the_types_clients_keep(server):
    assert {mapped.issue_type for mapped in CATEGORIES.values()} <= SUPERDESK_ISSUE_TYPES
    rules = server.client.get("/v1/rules").json()["rules"]
    assert len(rules) > 40
    assert all(rule["languagetool"]["issueType"] in SUPERDESK_ISSUE_TYPES for rule in rules)
    assert {"repetition", "truncation", "consistency"} <= {rule["category"] for rule in rules}


def test_fidus_writer_posts_through_its_proxy(server):
    """Fidus Writer forwards every call to LT_URL + v2/… as a POST, annotated text in `data`."""
    languages = httpx.post(f"{server.url}/v2/languages")
    assert languages.json() == [{"name": "Arabic", "code": "ar", "longCode": "ar"}]
    assert server.client.post("/v2/info").json()["software"]["name"] == "copycheck"


# -- the LanguageTool protocol ------------------------------------------------------------------
def test_annotated_text_counts_offsets_over_text_and_markup(server):
    pieces = [{"markup": "<p>"}, {"text": "قال "}, {"markup": "<b>"}, {"text": "الوزير"},
              {"markup": "</b>"}, {"text": " ، إن الاجتماع مهم."}, {"markup": "</p>", "interpretAs": "\n\n"},
              {"markup": "<p>"}, {"text": "وأضاف , أن الوفد وصل."}, {"markup": "</p>"}]
    sent = "".join(piece.get("text", piece.get("markup")) for piece in pieces)
    answer = server.client.post("/v2/check", data={"language": "ar-MA",
                                                   "data": json.dumps({"annotation": pieces})})
    body = answer.json()
    assert answer.status_code == 200
    assert body["language"]["code"] == "ar-MA"
    cut = [(m["rule"]["id"], utf16_cut(sent, m["offset"], m["length"])) for m in body["matches"]]
    assert ("spacing.before-punctuation", " ") in cut
    assert ("punctuation.latin-comma", ",") in cut
    assert sent[body["matches"][0]["offset"] - 3:body["matches"][0]["offset"]] != "<b>"
    # `data` holding plain text reads as the `text` field does.
    plain = "قال الوزير ، إن الاجتماع مهم."
    as_data = server.client.post("/v2/check", data={"language": "ar", "data": json.dumps({"text": plain})})
    assert as_data.json()["matches"] == server.check(plain).json()["matches"]


def test_the_answer_has_languagetool_fields_and_types(server):
    body = server.check("قال الوزير ، إن الاجتماع مهم.\n\nوأضاف أن الوفد وصل إلى المدينة.\n\n"
                        "وقال إن الحكومة ستعمل على").json()
    assert set(body) >= {"software", "warnings", "language", "matches", "sentenceRanges"}
    assert body["software"]["apiVersion"] == 1
    assert body["language"]["detectedLanguage"]["code"] == "ar"
    match = body["matches"][0]
    assert set(match) == {"message", "shortMessage", "replacements", "offset", "length", "context",
                          "sentence", "type", "rule", "ignoreForIncompleteSentence",
                          "contextForSureMatch"}
    assert set(match["rule"]) == {"id", "description", "issueType", "category"}
    assert isinstance(match["ignoreForIncompleteSentence"], bool)
    assert isinstance(match["contextForSureMatch"], int)
    assert match["message"].startswith("مسافة")  # Arabic first; shortMessage is the English
    truncated = next(m for m in body["matches"] if m["rule"]["id"].startswith("truncation."))
    assert truncated["ignoreForIncompleteSentence"] is True
    assert truncated["contextForSureMatch"] == -1


def test_rule_and_category_selection(server):
    text = "قال الوزير ، إن الاجتماع مهم , جدا"
    every = {m["rule"]["id"] for m in server.check(text).json()["matches"]}
    assert {"spacing.before-punctuation", "punctuation.latin-comma"} <= every
    without_punctuation = server.check(text, disabledCategories="PUNCTUATION").json()["matches"]
    assert "punctuation.latin-comma" not in {m["rule"]["id"] for m in without_punctuation}
    only = server.check(text, enabledRules="punctuation.latin-comma,NO_SUCH_RULE",
                        enabledOnly="true").json()["matches"]
    assert {m["rule"]["id"] for m in only} == {"punctuation.latin-comma"}
    # LanguageTool's own spelling category id turns copycheck's spelling rules off too.
    typo = "قال الوزير إن الاجتماع مهم جدا للبلادد."
    assert "spelling.unknown-word" in {m["rule"]["id"] for m in server.check(typo).json()["matches"]}
    assert "spelling.unknown-word" not in {
        m["rule"]["id"] for m in server.check(typo, disabledCategories="TYPOS").json()["matches"]}
    picky = server.check("قال الوزير إن الاجتماع مهم!!", level="picky").json()["matches"]
    assert "punctuation.repeated-mark" in {m["rule"]["id"] for m in picky}


@pytest.mark.parametrize(("fields", "field"), [
    ({"language": "ar"}, "text"),
    ({"language": "ar", "data": "{not json"}, "data"),
    ({"language": "ar", "data": json.dumps({"annotation": [{"text": 1}]})}, "data"),
    ({"language": "ar", "data": json.dumps({"annotation": [{"text": "a", "markup": "<b>"}]})}, "data"),
    ({"language": "en-US", "text": "hello"}, "language"),
    ({"text": "قال"}, "language"),
    ({"language": "ar", "text": "قال", "level": "pedantic"}, "level"),
    ({"language": "ar", "text": "قال", "enabledOnly": "true"}, "enabledOnly"),
])
def test_bad_requests_get_400_naming_the_field(server, fields, field):
    answer = server.client.post("/v2/check", data=fields)
    assert answer.status_code == 400
    assert answer.json()["field"] == field
    assert answer.json()["error"]


def test_a_multipart_body_is_refused_saying_what_to_send(server):
    answer = server.client.post("/v2/check", files={"text": (None, "قال")}, data={"language": "ar"})
    assert answer.status_code == 415
    assert "x-www-form-urlencoded" in answer.json()["error"]


def test_unknown_fields_are_ignored_as_languagetool_does(server):
    answer = server.check("قال الوزير ، إن", motherTongue="fr", preferredVariants="ar", apiKey="x")
    assert answer.status_code == 200


def test_text_over_the_limit_gets_413(server):
    answer = server.check("ب" * (MAX_TEXT_BYTES // 2 + 1))
    assert answer.status_code == 413
    assert answer.json()["field"] == "text"
    native = server.client.post("/v1/check", json={"text": "ب" * (MAX_TEXT_BYTES // 2 + 1)})
    assert native.status_code == 413
    # A body declared larger than any allowed text is refused before it is read.
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as raw:
        raw.sendall(b"POST /v2/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-"
                    b"urlencoded\r\nContent-Length: 999999999\r\n\r\ntext=")
        assert raw.recv(100).startswith(b"HTTP/1.1 413")
    assert server.check("قال الوزير ، إن").status_code == 200


def test_the_log_never_holds_the_text(server):
    secret = "كلمةسريةلاتظهرفيالسجل"
    server.check(f"قال الوزير {secret} ، إن")
    server.client.get("/v2/check", params={"language": "ar", "text": f"قال {secret}"})
    server.client.post("/v1/check", json={"text": f"قال {secret}"})
    time.sleep(0.2)
    log = server.log()
    assert '"POST /v2/check" 200' in log and '"GET /v2/check" 200' in log
    assert secret not in log
    assert "%D9" not in log.upper()  # nor percent-encoded


# -- the native API -----------------------------------------------------------------------------
def test_v1_check_answers_the_command_lines_json_report(server, tmp_path):
    cli = run_cli("check", "-", "--format", "json", stdin=SEED_TEXT).report
    answer = server.client.post("/v1/check", json={"text": SEED_TEXT})
    assert answer.status_code == 200
    assert validate_report(answer.json()) == cli


@pytest.mark.parametrize(("key", "name", "source"), [
    ("markdown", "article.md", "# عنوان\n\nقال **الوزير** , إن الاجتماع [مهم](https://example.com/a,b).\n"),
    ("html", "article.html", "<h1>عنوان</h1><p>قال <b>الوزير</b> , إن الاجتماع &amp; الوفد  مهم.</p>"),
])
def test_v1_check_reads_markup_as_the_command_line_does(server, tmp_path, key, name, source):
    (tmp_path / name).write_text(source, encoding="utf-8")
    cli = run_cli("check", name, "--format", "json", "--ignore", "truncation", cwd=tmp_path).report
    assert cli["files"][0]["findings"]
    answer = server.client.post("/v1/check", json={key: source, "path": name, "ignore": ["truncation"]})
    assert answer.json() == cli


@pytest.mark.parametrize(("body", "field"), [
    ({}, "text"),
    ({"text": "قال", "html": "<p>قال</p>"}, "html"),
    ({"text": "قال", "selct": ["spacing"]}, "selct"),
    ({"text": "قال", "select": ["spacng"]}, "select"),
    ({"text": "قال", "severity": "fatal"}, "severity"),
    ({"text": "قال", "ignore": [3]}, "ignore"),
])
def test_v1_bad_requests_name_the_field(server, body, field):
    answer = server.client.post("/v1/check", json=body)
    assert answer.status_code == 400
    assert answer.json()["field"] == field
    if field == "select":
        assert "did you mean 'spacing'?" in answer.json()["error"]


def test_openapi_describes_every_route_and_the_native_answer(server):
    spec = server.client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    assert {"/v2/check", "/v2/languages", "/v2/info", "/v1/check", "/v1/rules", "/healthz"} <= set(
        spec["paths"])
    answer = server.client.post("/v1/check", json={"text": "قال الوزير ، إن"}).json()
    jsonschema.Draft202012Validator(spec["components"]["schemas"]["Report"]).validate(answer)
    docs = server.client.get("/docs")
    assert docs.status_code == 200 and "/openapi.json" in docs.text


# -- limits: the time budget, the queue, clients that go away -----------------------------------
def test_a_check_over_the_time_budget_gets_503_and_the_worker_is_replaced(slow_server):
    _wait_until_idle(slow_server)
    before = slow_server.health()["worker_pids"]
    started = time.monotonic()
    answer = slow_server.check(SLOW_TEXT)
    assert answer.status_code == 503
    assert "time budget of 1 s" in answer.json()["error"]
    assert time.monotonic() - started < 5
    assert answer.headers["retry-after"] == "1"
    _wait_until_idle(slow_server)  # a new worker starts (a second or so)
    assert slow_server.check("قال الوزير ، إن").status_code == 200
    assert slow_server.health()["worker_pids"] != before
    assert "was still checking when the time budget ran out" in slow_server.log()


@contextlib.contextmanager
def _worker_held(server: Server) -> Iterator[None]:
    """The one worker busy with the slow text for as long as the block runs."""
    _wait_until_idle(server)
    holder = threading.Thread(target=server.check, args=(SLOW_TEXT,))
    holder.start()
    _wait_for(server, busy=1)
    try:
        yield
    finally:
        holder.join()


def test_the_front_answers_while_a_worker_is_stuck(slow_server):
    with _worker_held(slow_server):
        started = time.monotonic()
        assert slow_server.health()["busy"] == 1
        assert time.monotonic() - started < 0.8  # well within the stuck check's budget of 1 s


def test_requests_beyond_the_queue_get_503(slow_server):
    with _worker_held(slow_server):
        second = threading.Thread(target=slow_server.check, args=("قال",))
        second.start()
        _wait_for(slow_server, busy=1, waiting=1)
        refused = slow_server.check("قال")  # the worker is busy and one request waits already
        assert refused.status_code == 503
        assert "busy" in refused.json()["error"]
        assert refused.headers["retry-after"] == "1"
    second.join()


def test_a_client_that_disconnects_frees_its_place(slow_server):
    # One client holds the worker; a second waits in the queue, then goes away.
    with _worker_held(slow_server):
        _post_and_hang_up(slow_server, "قال الوزير ، إن")
        _wait_for(slow_server, busy=1, waiting=0)
    # A client that goes away while its text is being checked: the answer is dropped, the worker
    # is stopped by the budget and replaced, and the next request is served.
    _post_and_hang_up(slow_server, SLOW_TEXT)
    _wait_until_idle(slow_server)
    assert slow_server.check("قال الوزير ، إن").status_code == 200
    assert "client disconnected" in slow_server.log()


def test_a_worker_killed_from_outside_is_replaced(slow_server):
    _wait_until_idle(slow_server)
    # Killed while idle: the next request starts a new worker and is served.
    os.kill(slow_server.health()["worker_pids"][0], signal.SIGKILL)
    time.sleep(0.2)
    assert slow_server.check("قال الوزير ، إن").status_code == 200
    assert "was found dead" in slow_server.log()
    # Killed while checking: that request gets 500, the next one a new worker.
    answers: list[httpx.Response] = []
    checking = threading.Thread(target=lambda: answers.append(slow_server.check(SLOW_TEXT)))
    checking.start()
    _wait_for(slow_server, busy=1)
    time.sleep(0.1)
    os.kill(slow_server.health()["worker_pids"][0], signal.SIGKILL)
    checking.join()
    assert answers[0].status_code == 500
    assert "died" in answers[0].json()["error"]
    _wait_until_idle(slow_server)
    assert slow_server.check("قال الوزير ، إن").status_code == 200


def _post_and_hang_up(server: Server, text: str) -> None:
    data = urlencode({"language": "ar", "text": text}).encode("ascii")
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as raw:
        raw.sendall(b"POST /v2/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-"
                    b"urlencoded\r\nContent-Length: " + str(len(data)).encode() + b"\r\n\r\n" + data)
        time.sleep(0.2)


def _wait_until_idle(server: Server) -> None:
    _wait_for(server, busy=0, waiting=0)


def _wait_for(server: Server, busy: int, waiting: int | None = None, timeout: float = 30) -> None:
    """Until `busy` workers check and (if given) `waiting` requests wait."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        health = server.health()
        if health["busy"] == busy and waiting in (None, health["waiting"]):
            return
        time.sleep(0.02)
    raise AssertionError(f"never {busy} busy, {waiting} waiting: {server.health()}")


# -- starting -----------------------------------------------------------------------------------
def test_serve_without_the_extra_says_what_to_install(tmp_path):
    (tmp_path / "uvicorn.py").write_text("raise ImportError('No module named uvicorn')\n")
    result = run_cli("serve", "--port", str(free_port()), env={"PYTHONPATH": str(tmp_path)})
    assert result.code == 2
    assert "pip install 'copycheck-arabic[serve]'" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_on_a_taken_port_exits_2_saying_so(server):
    result = run_cli("serve", "--port", str(server.port), "--workers", "1")
    assert result.code == 2
    assert f"cannot listen on 127.0.0.1:{server.port}" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_with_a_broken_configuration_exits_2_naming_it(tmp_path):
    config = tmp_path / "house.toml"
    config.write_text('selct = ["spacing"]\n', encoding="utf-8")
    result = run_cli("serve", "--port", str(free_port()), "--config", str(config))
    assert result.code == 2
    assert "house.toml" in result.stderr and "selct" in result.stderr
    assert "Traceback" not in result.stderr



# -- the README's section -----------------------------------------------------------------------
README_URL = "http://127.0.0.1:8081"


def _readme_section() -> str:
    start = README.index("## The HTTP service")
    return README[start:README.index("\n## ", start + 1)]


def _readme_blocks() -> list[tuple[str, str]]:
    """(language, body) of each fenced block of the section, in order."""
    return re.findall(r"^```(\w*)[^\n]*\n(.*?)^```", _readme_section(), flags=re.MULTILINE | re.DOTALL)


@pytest.fixture(scope="module")
def readme_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The server as the README starts it (on a free port instead of 8081)."""
    start = next(body for language, body in _readme_blocks() if "copycheck serve" in body)
    line = next(line for line in start.splitlines() if line.startswith("copycheck serve"))
    arguments = line.split()[2:]
    at = arguments.index("--port")
    assert arguments[at + 1] == "8081"
    del arguments[at:at + 2]
    running = start_server(tmp_path_factory.mktemp("readme"), *arguments)
    yield running
    running.stop()


def test_the_readme_language_tool_python_example_prints_what_it_shows(readme_server):
    blocks = _readme_blocks()
    index = next(i for i, (language, _) in enumerate(blocks) if language == "python")
    code = blocks[index][1].replace(README_URL, readme_server.url)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert run.returncode == 0, run.stderr
    assert run.stdout == blocks[index + 1][1]


def test_the_readme_pylanguagetool_session_prints_what_it_shows(readme_server, tmp_path):
    session = next(body for _, body in _readme_blocks() if body.startswith("$ printf"))
    shown, printed = [], []
    bin_folder = str(Path(sys.executable).parent)
    for line in session.splitlines():
        if not line.startswith("$ "):
            shown.append(line.replace(README_URL, readme_server.url))
            continue
        run = subprocess.run(line[2:].replace(README_URL, readme_server.url), shell=True,
                             executable="/bin/bash", cwd=tmp_path, capture_output=True, text=True,
                             timeout=60, stdin=subprocess.DEVNULL,
                             env={**os.environ, "PATH": f"{bin_folder}:{os.environ['PATH']}",
                                  "PYTHONIOENCODING": "utf-8"})
        printed += [printed_line.rstrip() for printed_line in run.stdout.splitlines()]
    assert printed == shown


def test_the_readme_mapping_table_is_the_mapping():
    rows = re.findall(r"^\| (\w+) \| `([a-z\-]+)` \| `([A-Z_]+)` \(([^)]+)\)", _readme_section(),
                      flags=re.MULTILINE)
    assert {row[0]: (row[1], row[2], row[3]) for row in rows} == {
        category: (mapped.issue_type, mapped.id, mapped.name) for category, mapped in CATEGORIES.items()}
