"""Requests as the service reads them: LanguageTool's form fields and the native JSON body, each
turned into a Job or refused with a BadRequest that names the field."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs

from ..findings import LEVELS, Severity
from .jobs import LANGUAGETOOL, NATIVE, Job, Selection, languagetool_selection

MAX_FIELDS = 200
_ARABIC_CODE = re.compile(r"ar(?:[-_][A-Za-z0-9]{1,8})*", re.IGNORECASE)
NATIVE_FORMATS = {"text": "plain", "markdown": "markdown", "html": "html"}
_NATIVE_LISTS = ("select", "extend_select", "ignore")
NATIVE_KEYS = frozenset({*NATIVE_FORMATS, *_NATIVE_LISTS, "level", "severity", "path"})


class BadRequest(Exception):
    """400: what is wrong, and the field to blame."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message, self.field = message, field


class TooLarge(Exception):
    """413: the text (or the whole request) is over the limit."""


# -- LanguageTool: POST /v2/check -------------------------------------------------------------
def form_fields(body: bytes, query: str = "") -> dict[str, str]:
    """The fields of an application/x-www-form-urlencoded body (and of the query string, which
    LanguageTool reads too); the body's value wins. A field given twice keeps its first value."""
    fields: dict[str, str] = {}
    for source, name in ((body, "the request body"), (query.encode("latin-1"), "the query string")):
        try:
            parsed = parse_qs(source.decode("utf-8"), keep_blank_values=True, encoding="utf-8",
                              errors="strict", max_num_fields=MAX_FIELDS)
        except UnicodeDecodeError:
            raise BadRequest(f"{name} is not UTF-8 (percent-encode the text as UTF-8)", "text") from None
        except ValueError as error:  # too many fields
            raise BadRequest(f"{name}: {error}") from None
        for key, values in parsed.items():
            fields.setdefault(key, values[0])
    return fields


def languagetool_job(fields: Mapping[str, str], max_text_bytes: int, all_replacements: bool) -> Job:
    """A LanguageTool check request; fields it does not know are ignored, as LanguageTool does."""
    language = _language(fields.get("language"))
    selection = languagetool_selection(
        _list(fields.get("enabledRules")), _list(fields.get("disabledRules")),
        _list(fields.get("enabledCategories")), _list(fields.get("disabledCategories")),
        _flag(fields.get("enabledOnly"), "enabledOnly"), _level(fields.get("level")))
    if _flag(fields.get("enabledOnly"), "enabledOnly") and not (
            fields.get("enabledRules") or fields.get("enabledCategories")):
        raise BadRequest("enabledOnly=true needs enabledRules or enabledCategories", "enabledOnly")
    if "text" in fields and "data" in fields:
        raise BadRequest("give 'text' or 'data', not both", "data")
    if "text" not in fields and "data" not in fields:
        raise BadRequest("no text: give the 'text' field (or 'data', LanguageTool's annotated text)",
                         "text")
    data = _data(fields["data"]) if "data" in fields else {"text": fields["text"]}
    annotation = data.get("annotation")
    shown = data["text"] if annotation is None else "".join(
        str(piece.get("text", piece.get("markup", ""))) for piece in annotation if isinstance(piece, dict))
    _limit(shown, max_text_bytes)
    return Job(LANGUAGETOOL, selection, text=data.get("text", ""), annotation=annotation,
               language=language, all_replacements=all_replacements)


def _data(raw: str) -> dict[str, Any]:
    try:
        data = json.loads(raw)
    except ValueError as error:
        raise BadRequest(f"'data' is not JSON: {error}", "data") from None
    if not isinstance(data, dict):
        raise BadRequest("'data' must be a JSON object with 'text' or 'annotation'", "data")
    if ("text" in data) == ("annotation" in data):
        raise BadRequest("'data' needs 'text' or 'annotation' (one of them)", "data")
    if "text" in data and not isinstance(data["text"], str):
        raise BadRequest("'data.text' must be a string", "data")
    if "annotation" in data and not isinstance(data["annotation"], list):
        raise BadRequest("'data.annotation' must be a list of {text} or {markup, interpretAs}", "data")
    return data


def _language(code: str | None) -> str:
    if not code:
        raise BadRequest("no language: give 'language' (ar, ar-XX or auto)", "language")
    if code.lower() == "auto":
        return "ar"
    if not _ARABIC_CODE.fullmatch(code):
        raise BadRequest(f"unsupported language '{code}': this service checks Arabic "
                         "(ar, ar-XX or auto)", "language")
    primary, _, region = code.replace("_", "-").partition("-")
    return f"{primary.lower()}-{region.upper()}" if region else primary.lower()


def _list(value: str | None) -> tuple[str, ...]:
    return tuple(item.strip() for item in (value or "").split(",") if item.strip())


def _flag(value: str | None, name: str) -> bool:
    if value is None or value.lower() in ("", "false"):
        return False
    if value.lower() == "true":
        return True
    raise BadRequest(f"{name} must be true or false, not '{value}'", name)


def _level(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if value not in LEVELS:
        raise BadRequest(f"level must be {' or '.join(LEVELS)}, not '{value}'", "level")
    return value


def _limit(text: str, max_text_bytes: int) -> None:
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:
        raise BadRequest("the text holds a lone surrogate (half of a UTF-16 pair)", "text") from None
    if size > max_text_bytes:
        raise TooLarge()


# -- native: POST /v1/check -------------------------------------------------------------------
def native_job(body: bytes, max_text_bytes: int) -> Job:
    """`{"text" | "markdown" | "html": …, "select"?, "extend_select"?, "ignore"?, "level"?,
    "severity"?, "path"?}`: the command line's options, by their names."""
    try:
        data = json.loads(body)
    except ValueError as error:
        raise BadRequest(f"the body is not JSON: {error}") from None
    if not isinstance(data, dict):
        raise BadRequest("the body must be a JSON object")
    unknown = sorted(set(data) - NATIVE_KEYS)
    if unknown:
        raise BadRequest(f"unknown field '{unknown[0]}' (fields: {', '.join(sorted(NATIVE_KEYS))})",
                         unknown[0])
    given = [key for key in NATIVE_FORMATS if key in data]
    if len(given) != 1:
        raise BadRequest("give one of 'text', 'markdown' or 'html'" + (
            f", not {' and '.join(given)}" if given else ""), given[-1] if given else "text")
    key = given[0]
    if not isinstance(data[key], str):
        raise BadRequest(f"'{key}' must be a string", key)
    _limit(data[key], max_text_bytes)
    selection = Selection(*(_names(data.get(name), name) for name in _NATIVE_LISTS),
                          level=_native_level(data.get("level")))
    return Job(NATIVE, selection, text=data[key], format=NATIVE_FORMATS[key],
               path=_string(data.get("path", "-"), "path"), severity=_severity(data.get("severity")))


def _names(value: Any, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return _list(value)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(item.strip() for item in value if item.strip())
    raise BadRequest(f"'{name}' must be a list of rule ids or categories (or a comma-separated "
                     "string)", name)


def _native_level(value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        raise BadRequest("'level' must be a string", "level")
    return _level(value)


def _severity(value: Any) -> str:
    if value is None:
        return Severity.INFO.label
    try:
        return Severity.parse(_string(value, "severity")).label
    except ValueError as error:
        raise BadRequest(f"severity: {error}", "severity") from None


def _string(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise BadRequest(f"'{name}' must be a string", name)
    return value
