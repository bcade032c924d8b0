"""JSON/JSONL exports: one report per record, named by id or line; broken records are errors."""

from __future__ import annotations

import json

from copycheck.sources import records


def export(*values: object) -> str:
    return "\n".join(json.dumps(v, ensure_ascii=False) for v in values) + "\n"


def test_jsonl_records_with_dotted_field_and_id():
    source = export({"id": 7, "content": {"body": "قال , إن"}}, {"content": {"body": "نص"}})
    found = list(records.extract(source, "a.jsonl", "content.body", "id"))
    assert [(r.path, r.line, r.text) for r in found] == [
        ("a.jsonl#7", 1, "قال , إن"), ("a.jsonl:2", 2, "نص")]


def test_a_record_without_the_field_is_an_error_and_the_rest_are_read():
    source = export({"id": "a", "body": "نص"}, {"id": "b"}, {"id": "c", "body": None}) + "{oops\n"
    found = list(records.extract(source, "a.jsonl", "body", "id"))
    assert [r.error for r in found] == [None, "record has no field 'body'",
                                        "field 'body' holds null, not text",
                                        "invalid JSON: Expecting property name enclosed in double "
                                        "quotes (column 2)"]
    assert [r.path for r in found] == ["a.jsonl#a", "a.jsonl#b", "a.jsonl#c", "a.jsonl:4"]


def test_json_array_records_know_their_lines():
    source = '[\n  {"body": "أ"},\n\n  {"body": "ب",\n   "id": "x"}\n]\n'
    found = list(records.extract(source, "a.json", "body", "id"))
    assert [(r.path, r.line, r.text) for r in found] == [("a.json:2", 2, "أ"), ("a.json#x", 4, "ب")]


def test_a_single_json_object_is_one_record():
    found = list(records.extract('{\n "body": "نص"\n}', "a.json", "body"))
    assert [(r.line, r.text) for r in found] == [(1, "نص")]


def test_text_is_the_decoded_string_value():
    source = '{"body": "\\u0642\\u0627\\u0644 ,\\n\\u0625\\u0646"}\n'
    (record,) = records.extract(source, "a.jsonl", "body")
    assert record.text == "قال ,\nإن"


def test_list_index_in_a_dotted_path():
    assert records.lookup({"p": ["أ", "ب"]}, "p.1") == "ب"
