"""Our JSONL record (``schemas/annotated_article.schema.json``) to and from domain objects.

The record is the model for every export: ``id``, ``text``, ``meta`` (only non-empty values),
``annotator``, ``status``, ``spans`` in reading order and ``relations``. Writing is deterministic
(fixed key order, sorted spans and relations, sorted extra metadata) so that exporting what was
imported gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from annotator.domain import Annotations, Article, AttrValue, Span, Status

from .layers import RelationDraft, SpanDraft, build_layer
from .options import ImportOptions
from .results import RecordError

ARTICLE_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("title", ("title", "headline")),
    ("outlet", ("outlet", "publisher", "sitename", "source")),
    ("url", ("url",)),
    ("published", ("published", "date", "publication_date")),
    ("byline", ("byline", "author", "authors")),
)
"""Article fields and the record keys that fill them, first match wins; other keys stay metadata."""

ANNOTATION_KEYS = ("spans", "relations", "annotator", "status")
_FIELD_NAMES = tuple(name for name, _ in ARTICLE_FIELDS)


def meta_value(value: Any) -> AttrValue:
    """A metadata value as the domain keeps it: scalars as they are, lists and objects as compact JSON."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def article_from_fields(
    fields: Mapping[str, Any], text: str, fallback_id: str, source: str, raw: str | None = None
) -> Article:
    """An article from the other fields of a record (text already taken out).

    A nested ``meta`` object is read as if its keys were at the top; top-level keys win.
    """
    flat: dict[str, Any] = {}
    nested = fields.get("meta")
    if isinstance(nested, Mapping):
        flat.update(nested)
    flat.update((k, v) for k, v in fields.items() if k != "meta" or not isinstance(v, Mapping))
    article_id = flat.pop("id", None)
    values: dict[str, str] = {}
    for name, aliases in ARTICLE_FIELDS:
        for alias in aliases:
            value = flat.get(alias)
            if value not in (None, ""):
                values[name] = value if isinstance(value, str) else str(meta_value(value))
                del flat[alias]
                break
    meta = {k: meta_value(v) for k, v in flat.items() if v not in (None, "")}
    article_id = str(article_id) if article_id is not None else ""
    return Article(
        id=article_id if article_id.strip() else fallback_id, text=text, source=source, raw=raw, meta=meta, **values
    )


def article_meta(article: Article) -> dict[str, AttrValue]:
    """The ``meta`` object of an export: article fields in a fixed order, then other metadata sorted by key."""
    meta: dict[str, AttrValue] = {}
    for name in _FIELD_NAMES:
        value = getattr(article, name)
        if value:
            meta[name] = value
    for key in sorted(article.meta):
        value = article.meta[key]
        if key not in meta and key not in _FIELD_NAMES and value not in (None, ""):
            meta[key] = value
    return meta


def span_record(span: Span, text: str) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": span.id,
        "start": span.start,
        "end": span.end,
        "label": span.label,
        "text": text[span.start : span.end],
        "origin": span.origin.value,
    }
    if span.attrs:
        record["attrs"] = {k: span.attrs[k] for k in sorted(span.attrs)}
    return record


def ordered_relations(ann: Annotations) -> list[dict[str, str]]:
    """Relations in reading order of their head, then child, then label and id."""
    rank = {s.id: i for i, s in enumerate(ann.sorted_spans())}
    rels = sorted(ann.relations, key=lambda r: (rank.get(r.head, -1), rank.get(r.child, -1), r.label, r.id))
    return [{"id": r.id, "head": r.head, "child": r.child, "label": r.label} for r in rels]


def article_record(article: Article, ann: Annotations) -> dict[str, Any]:
    """The JSONL record of one article and one layer."""
    return {
        "id": article.id,
        "text": article.text,
        "meta": article_meta(article),
        "annotator": ann.annotator,
        "status": ann.status.value,
        "spans": [span_record(s, article.text) for s in ann.sorted_spans()],
        "relations": ordered_relations(ann),
    }


def is_annotated(record: Mapping[str, Any]) -> bool:
    return "spans" in record or "relations" in record


def layer_from_record(record: Mapping[str, Any], article: Article, options: ImportOptions) -> Annotations:
    """The layer an annotated record carries (record validated against the schema already)."""
    spans = [
        SpanDraft(
            id=s["id"],
            start=s["start"],
            end=s["end"],
            label=s["label"],
            text=s.get("text"),
            origin=s.get("origin", "human"),
            attrs=dict(s.get("attrs", {})),
        )
        for s in record.get("spans", [])
    ]
    relations = [RelationDraft(r.get("id", ""), r["head"], r["child"], r["label"]) for r in record.get("relations", [])]
    status = Status(record.get("status", Status.TODO.value))
    owner = options.owner(record.get("annotator"))
    return build_layer(article.id, article.text, owner, spans, relations, options, status)


def split_record(record: Mapping[str, Any], text_field: str) -> tuple[str, dict[str, Any]]:
    """The text of a record and its other fields; raises when the text is missing or not a string."""
    text = record.get(text_field)
    if not isinstance(text, str):
        found = "missing" if text is None else f"a {type(text).__name__}, not a string"
        raise RecordError(f"the text field {text_field!r} is {found}")
    if not text.strip():
        raise RecordError(f"the text field {text_field!r} is empty")
    rest = {k: v for k, v in record.items() if k != text_field and k not in ANNOTATION_KEYS}
    return text, rest
