"""The service's OpenAPI 3.1 document (served at /openapi.json) and a plain page about it (/docs).

The native answer's schema is the JSON report's own schema, shipped with the package, so the two
cannot drift apart. The page fetches nothing from elsewhere.
"""

from __future__ import annotations

import html
import json
from functools import cache
from typing import Any

import copycheck

from ..formatters import languagetool
from ..resources import data_path

_STRING = {"type": "string"}
_INTEGER = {"type": "integer"}
_BOOLEAN = {"type": "boolean"}
_IDS = {"type": "string", "description": "comma-separated ids"}


def _object(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    return schema


@cache
def _report_schema() -> dict[str, Any]:
    return json.loads((data_path("schema") / "report.schema.json").read_text(encoding="utf-8"))


def _languagetool_match() -> dict[str, Any]:
    issue_types = sorted({mapped.issue_type for mapped in languagetool.CATEGORIES.values()})
    category_ids = sorted(mapped.id for mapped in languagetool.CATEGORIES.values())
    return _object({
        "message": {"type": "string", "description": "the Arabic message"},
        "shortMessage": {"type": "string", "description": "the English message"},
        "replacements": {"type": "array", "items": _object({"value": _STRING}, ("value",))},
        "offset": {"type": "integer", "description": "UTF-16 code units into the text as sent"},
        "length": {"type": "integer", "description": "UTF-16 code units"},
        "context": _object({"text": _STRING, "offset": _INTEGER, "length": _INTEGER},
                           ("text", "offset", "length")),
        "sentence": _STRING,
        "type": _object({"typeName": {"enum": ["UnknownWord", "Hint", "Other"]}}, ("typeName",)),
        "rule": _object({"id": _STRING, "description": _STRING,
                         "issueType": {"enum": issue_types},
                         "category": _object({"id": {"enum": category_ids}, "name": _STRING},
                                             ("id", "name"))},
                        ("id", "description", "issueType", "category")),
        "ignoreForIncompleteSentence": _BOOLEAN,
        "contextForSureMatch": _INTEGER,
    }, ("message", "replacements", "offset", "length", "context", "sentence", "type", "rule",
        "ignoreForIncompleteSentence", "contextForSureMatch"))


def _languagetool_answer() -> dict[str, Any]:
    language = _object({"name": _STRING, "code": _STRING}, ("name", "code"))
    return _object({
        "software": _object({"name": _STRING, "version": _STRING, "buildDate": _STRING,
                             "apiVersion": _INTEGER, "premium": _BOOLEAN, "status": _STRING},
                            ("name", "version", "apiVersion")),
        "warnings": _object({"incompleteResults": _BOOLEAN, "incompleteResultsReason": _STRING}),
        "language": {**language, "properties": {
            **language["properties"],
            "detectedLanguage": _object({"name": _STRING, "code": _STRING,
                                         "confidence": {"type": "number"}, "source": _STRING},
                                        ("name", "code", "confidence"))},
            "required": ["name", "code", "detectedLanguage"]},
        "matches": {"type": "array", "items": {"$ref": "#/components/schemas/LanguageToolMatch"}},
        "sentenceRanges": {"type": "array", "items": {"type": "array", "items": _INTEGER}},
    }, ("software", "language", "matches"))


def _error() -> dict[str, Any]:
    return _object({"status": _INTEGER, "error": _STRING,
                    "field": {"type": "string", "description": "the request field to blame"}},
                   ("status", "error"))


def _answers(schema: str, *statuses: int) -> dict[str, Any]:
    reasons = {400: "a field is missing or wrong (named in `field`)",
               413: "the text is over the size limit",
               503: "the time budget ran out, or too many requests are waiting"}
    answers: dict[str, Any] = {"200": {"description": "checked", "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{schema}"}}}}}
    for status in statuses:
        answers[str(status)] = {"description": reasons[status], "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Error"}}}}
    return answers


def _get(summary: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"get": {"summary": summary, "responses": {"200": {
        "description": "OK", "content": {"application/json": {"schema": schema}}}}}}


def document(max_text_bytes: int) -> dict[str, Any]:
    """The OpenAPI document of the service."""
    form = _object({
        "text": {"type": "string", "description": f"the text, at most {max_text_bytes:,} bytes of UTF-8"},
        "data": {"type": "string", "description": "instead of text: JSON, {\"text\": …} or "
                 "{\"annotation\": [{\"text\": …} | {\"markup\": …, \"interpretAs\": …}]}"},
        "language": {"type": "string", "description": "ar, ar-XX or auto"},
        "enabledRules": _IDS, "disabledRules": _IDS, "enabledCategories": _IDS,
        "disabledCategories": _IDS,
        "enabledOnly": {"type": "string", "enum": ["true", "false"]},
        "level": {"type": "string", "enum": ["default", "picky"]},
    }, ("language",))
    names = {"oneOf": [{"type": "array", "items": _STRING}, _STRING]}
    native = _object({"text": _STRING, "markdown": _STRING, "html": _STRING, "path": _STRING,
                      "select": names, "extend_select": names, "ignore": names,
                      "level": {"enum": ["default", "picky"]},
                      "severity": {"enum": ["info", "warning", "error"]}})
    native["additionalProperties"] = False
    native["oneOf"] = [{"required": [key]} for key in ("text", "markdown", "html")]
    return {
        "openapi": "3.1.0",
        "info": {"title": "copycheck", "version": copycheck.__version__,
                 "description": "Editorial checks of Arabic copy: LanguageTool's HTTP API v2 and "
                                "copycheck's own API v1."},
        "paths": {
            "/v2/check": {"post": {
                "summary": "Check a text (LanguageTool API v2)",
                "requestBody": {"required": True, "content": {
                    "application/x-www-form-urlencoded": {"schema": form}}},
                "responses": _answers("LanguageToolCheck", 400, 413, 503)}},
            "/v2/languages": _get("Languages (LanguageTool API v2)", {"type": "array", "items": _object(
                {"name": _STRING, "code": _STRING, "longCode": _STRING})}),
            "/v2/info": _get("Software (LanguageTool API v2)", _object({"software": _object({})})),
            "/v1/check": {"post": {
                "summary": "Check a text: the command line's JSON report",
                "requestBody": {"required": True, "content": {"application/json": {"schema": native}}},
                "responses": _answers("Report", 400, 413, 503)}},
            "/v1/rules": _get("Every loaded rule", _object({"rules": {"type": "array",
                                                                      "items": _object({})}})),
            "/healthz": _get("Health and load", _object({"status": _STRING, "workers": _INTEGER,
                                                         "busy": _INTEGER, "waiting": _INTEGER})),
            "/openapi.json": _get("This document", _object({})),
            "/docs": {"get": {"summary": "A page about the API", "responses": {"200": {
                "description": "HTML", "content": {"text/html": {"schema": _STRING}}}}}},
            "/": {"get": {"summary": "The playground: a text checked through /v1/check, drawn as "
                                     "`--format html` draws a report", "responses": {"200": {
                "description": "HTML", "content": {"text/html": {"schema": _STRING}}}}}},
        },
        "components": {"schemas": {
            "LanguageToolCheck": _languagetool_answer(),
            "LanguageToolMatch": _languagetool_match(),
            "Report": _report_schema(),
            "Error": _error(),
        }},
    }


def page() -> str:
    """A self-contained page listing the endpoints, with a link to the OpenAPI document."""
    spec = document(0)
    rows = "\n".join(
        f"<tr><td>{method.upper()}</td><td><code>{html.escape(path)}</code></td>"
        f"<td>{html.escape(operation['summary'])}</td></tr>"
        for path, operations in spec["paths"].items() for method, operation in operations.items())
    return (f"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>copycheck "
            f"{html.escape(copycheck.__version__)}</title></head><body>\n<h1>copycheck service</h1>\n"
            "<p>The OpenAPI document: <a href=\"/openapi.json\">/openapi.json</a>.</p>\n"
            f"<table>\n<tr><th>method</th><th>path</th><th>what</th></tr>\n{rows}\n</table>\n"
            "</body></html>\n")
