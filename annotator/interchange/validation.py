"""JSON Schema checks for every record we read, and the label scheme loader.

Validators are built once per schema and cached: building one parses and checks the schema,
which would otherwise dominate the cost of a large import.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from annotator.domain import AnnotatorError, LabelScheme
from annotator.paths import resources_dir, schemas_dir

from .results import RecordError

ANNOTATED_ARTICLE = "annotated_article"
IMPORT_RECORD = "import_record"
PRODIGY_RECORD = "prodigy_record"
LABEL_SCHEME = "label_scheme"
DOCCANO_RECORD = "doccano_record"
LABEL_STUDIO_TASK = "label_studio_task"

MAX_DEPTH = 64
"""Deeper JSON is refused before validation: no article record needs it, and recursion has a limit."""

_MAX_MESSAGE = 200


@functools.cache
def validator(name: str) -> Draft202012Validator:
    """The checked, cached validator for ``schemas/<name>.schema.json``."""
    schema = json.loads((schemas_dir() / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def schema_errors(data: Any, name: str, limit: int = 5) -> list[str]:
    """Readable messages for what is wrong with ``data`` under schema ``name`` (empty when valid).

    Messages name the place (``spans/3/start``) and are shortened, since a failing value may be a whole article.
    """
    errors = list(validator(name).iter_errors(data))
    if not errors:
        return []
    first = best_match(errors)
    ordered = [first] + [e for e in errors if e is not first]
    return [_describe(e) for e in ordered[:limit]]


def _describe(error: Any) -> str:
    place = "/".join(str(p) for p in error.absolute_path) or "record"
    message = str(error.message)
    if len(message) > _MAX_MESSAGE:
        message = message[: _MAX_MESSAGE - 1] + "…"
    return f"{place}: {message}"


def check_schema(data: Any, name: str) -> None:
    """Raise :class:`RecordError` listing the schema violations of ``data``."""
    messages = schema_errors(data, name)
    if messages:
        raise RecordError(*(f"does not match {name}.schema.json at {m}" for m in messages))


def check_depth(data: Any, limit: int = MAX_DEPTH) -> None:
    """Raise :class:`RecordError` when lists and objects nest deeper than ``limit``, without recursing."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            raise RecordError(f"the JSON is nested more than {limit} levels deep")
        stack.extend((child, depth + 1) for child in children)


def parse_json(text: str) -> Any:
    """Parse JSON text, turning every failure (syntax, absurd nesting) into a :class:`RecordError`."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordError(f"malformed JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise RecordError(f"the JSON is nested more than {MAX_DEPTH} levels deep") from None
    check_depth(data)
    return data


def load_label_scheme(path: Path | None = None) -> LabelScheme:
    """Read and validate a label scheme file; the default is ``resources/label_scheme.json``."""
    path = path or resources_dir() / "label_scheme.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    messages = schema_errors(data, LABEL_SCHEME)
    if messages:
        raise AnnotatorError(f"{path}: not a valid label scheme: {'; '.join(messages)}")
    return LabelScheme.from_dict(data)


@functools.lru_cache(maxsize=1)
def default_label_scheme() -> LabelScheme:
    """The shipped label scheme, read once."""
    return load_label_scheme()
