"""Helpers shared by the tests: run rules on a text without the CLI."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jsonschema

from copycheck.checks import Environment
from copycheck.document import Document
from copycheck.engine import Linter, load_rules, select_rules
from copycheck.findings import Finding
from copycheck.rules import Rule, load_pack

_RULES: list[Rule] | None = None


def builtin_rules() -> list[Rule]:
    global _RULES
    if _RULES is None:
        rules, problems = load_rules()
        assert not problems, problems
        _RULES = rules
    return _RULES


def check_text(text: str, select: tuple[str, ...] = ()) -> list[Finding]:
    """Findings of the default rules (or the selected ones) on `text`."""
    linter = Linter(select_rules(builtin_rules(), select))
    findings, problems = linter.check(Document(text))
    assert not problems, problems
    return findings


def rule_from_yaml(tmp_path: Path, body: str) -> list[Rule]:
    """Load a one-off pack written inline in a test."""
    pack = tmp_path / "pack.yaml"
    pack.write_text(textwrap.dedent(body), encoding="utf-8")
    return load_pack(pack)


def run_rules(rules: list[Rule], text: str, env: Environment | None = None) -> list[Finding]:
    findings, problems = Linter(rules, env or Environment()).check(Document(text))
    assert not problems, problems
    return findings


# -- the JSON contract ----------------------------------------------------------------------------
def report_schema() -> dict:
    """The schema as shipped inside the package (not read from the checkout's path)."""
    return json.loads(resources.files("copycheck").joinpath("schema/report.schema.json")
                      .read_text(encoding="utf-8"))


def validate_report(report: dict) -> dict:
    """Fail the test unless `report` matches the shipped schema; return it for chaining."""
    validator = jsonschema.Draft202012Validator(report_schema())
    errors = sorted(validator.iter_errors(report), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)
    return report


# -- the installed command ------------------------------------------------------------------------
def copycheck_executable() -> str:
    """The `copycheck` console script of the environment running the tests."""
    beside_python = Path(sys.executable).parent / "copycheck"
    found = str(beside_python) if beside_python.exists() else shutil.which("copycheck")
    assert found, "copycheck is not installed in this environment"
    return found


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str
    report: dict | None = None  # the parsed (and schema-validated) JSON report, if one was asked for


def run_cli(*args: str, stdin: bytes | str | None = None, cwd: Path | None = None,
            env: dict[str, str] | None = None, timeout: float = 60) -> CliResult:
    """Run the installed CLI in a subprocess, stdout and stderr on pipes (never a terminal).

    A `--format json` run must print exactly one JSON document on stdout, valid against the schema.
    """
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    process = subprocess.run([copycheck_executable(), *args], input=data, capture_output=True,
                             cwd=cwd, env={**os.environ, **(env or {})}, timeout=timeout)
    result = CliResult(process.returncode, process.stdout.decode("utf-8"),
                       process.stderr.decode("utf-8"))
    if ("json" in args and "--format" in args and "--fix" not in args and "--diff" not in args
            and "--statistics" not in args):  # statistics have a JSON shape of their own
        result.report = validate_report(json.loads(result.stdout))
    return result


def json_report(text: str, path: str = "article.txt", select: tuple[str, ...] = ()) -> dict:
    """The JSON report of one in-memory text, rendered by the real formatter and validated."""
    from copycheck.formatters import json as json_format
    from copycheck.report import FileReport, Report

    doc = Document(text, path)
    findings = check_text(text, select)
    report = Report(files=[FileReport(path, doc, findings)])
    return validate_report(json.loads(json_format.render(report)))


# -- made-up copy ----------------------------------------------------------------------------------
# Sentences written for the tests (none is corpus text): most hold something to report or fix.
MADE_UP_SENTENCES = (
    "قال الوزير ، إن الاجتماع كان مهما.",
    "وصل الوفد إلى المدينة, ثم غادر بعد يومين.",
    "أعلنت الحكومة عن خطة جديدة لدعم المزارعين في في الريف.",
    "وقال المتحدث إن الأرباح ارتفعت هذا العام",
    "افتتح المعرض أبوابه أمام الزوار صباح اليوم.",
    "هل ستنخفض الأسعار?",
    "شارك  أكثر من مئة عداء في السباق.",
    "انتهت المباراة بالتعادل.",
    "وعقد الإجتماع في العاصمة.",
)


def made_up_article(draw: random.Random, paragraphs: int = 2) -> str:
    """Paragraphs of one to three made-up sentences each, one paragraph a line."""
    return "\n".join(" ".join(draw.choices(MADE_UP_SENTENCES, k=draw.randint(1, 3)))
                     for _ in range(paragraphs))
