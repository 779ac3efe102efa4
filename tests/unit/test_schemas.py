"""Every JSON Schema is valid draft 2020-12, every example in schemas/examples validates, and so do
the seed gold file and the shipped label scheme."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
SCHEMAS = REPO / "schemas"
EXAMPLES = sorted((SCHEMAS / "examples").glob("*.json"))


def _validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _errors(name: str, data: object) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator(name).iter_errors(data)]


@pytest.mark.parametrize("path", sorted(SCHEMAS.glob("*.schema.json")), ids=lambda p: p.name)
def test_schema_is_valid_draft_2020_12(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_every_schema_has_an_example() -> None:
    schemas = {p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.schema.json")}
    examples = {p.name.split(".")[0] for p in EXAMPLES}
    assert schemas <= examples


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_validates(path: Path) -> None:
    name = path.name.split(".")[0]
    assert _errors(name, json.loads(path.read_text(encoding="utf-8"))) == []


def test_seed_gold_file_validates() -> None:
    gold = json.loads((SHARED / "examples" / "sessions-russia.gold.json").read_text(encoding="utf-8"))
    assert _errors("annotated_article", gold) == []


def test_shipped_label_scheme_validates() -> None:
    scheme = json.loads((REPO / "resources" / "label_scheme.json").read_text(encoding="utf-8"))
    assert _errors("label_scheme", scheme) == []


def test_annotated_schema_rejects_what_the_importer_must_refuse() -> None:
    base = {"id": "x", "text": "Some text."}
    assert _errors("annotated_article", {**base, "spans": [{"id": "a", "start": 0, "end": 4}]})  # no label
    assert _errors("annotated_article", {**base, "spans": [{"id": "a", "start": -1, "end": 4, "label": "ORG"}]})
    assert _errors("annotated_article", {**base, "relations": [{"head": "a", "label": "CUE"}]})  # no child
    assert _errors("annotated_article", {**base, "status": "finished"})
    assert _errors("annotated_article", {**base, "meta": {"nested": {"no": 1}}})
    assert _errors("import_record", {"title": "no text"})
