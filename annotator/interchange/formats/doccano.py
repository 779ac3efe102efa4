"""doccano JSONL in and out: sequence labelling (``label: [[s, e, L]]``) and relations (``entities``/``relations``).

doccano's exports are JSONL, one example per line: a sequence-labelling project writes
``{"id", "text", "label": [[start, end, "LABEL"], ...], "Comments": [...]}``, a relation project
``{"id", "text", "entities": [{"id", "label", "start_offset", "end_offset"}], "relations":
[{"id", "from_id", "to_id", "type"}], "Comments": [...]}``; every other key is the example's
metadata, which doccano keeps on import and writes back on export.

doccano spans have no attributes, so we write ours (span id, quote kind, speaker name, stance,
origin) in one metadata key, ``annotator_spans``, which doccano carries through a round trip
untouched (checked with doccano 1.8.4 itself); spans are found in it by offsets and label,
because doccano renumbers entities on import. A file doccano wrote without it simply has none. Offsets are
characters, as ours, so nothing is snapped. The layer is the record's ``annotator`` key if
present, else the import's annotator.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

from annotator.domain import Annotations, Article

from ..layers import RelationDraft, SpanDraft, build_layer
from ..options import ImportOptions
from ..records import article_from_fields, article_meta
from ..results import ImportResult, ParsedArticle, RecordError
from ..streams import dumps_record
from ..validation import DOCCANO_RECORD, check_schema
from . import ExportContext, Format, Pairs, register

SPANS_KEY = "annotator_spans"
_OWN_KEYS = ("id", "text", "label", "labels", "entities", "relations", "Comments", "comments", SPANS_KEY, "annotator")


def is_doccano(record: Mapping[str, Any]) -> bool:
    """doccano records: ``label`` as a list of ``[start, end, label]``, or ``entities`` with ``start_offset``."""
    labels = record.get("label", record.get("labels"))
    if isinstance(labels, list) and labels and all(isinstance(x, list) and len(x) == 3 for x in labels):
        return True
    entities = record.get("entities")
    return isinstance(entities, list) and any(isinstance(e, Mapping) and "start_offset" in e for e in entities)


def parse_doccano(
    record: Mapping[str, Any], source: str, line: int | None, fallback_id: str, options: ImportOptions
) -> ParsedArticle:
    """The article and layer of one doccano example; raises :class:`RecordError` naming what is wrong."""
    check_schema(record, DOCCANO_RECORD)
    text = record["text"]
    if not text.strip():
        raise RecordError("a doccano example needs a non-empty 'text'")
    kept = record.get(SPANS_KEY)
    extra: Mapping[str, Any] = kept if isinstance(kept, Mapping) else {}
    fields = {k: v for k, v in record.items() if k not in _OWN_KEYS}
    if "id" in record and "doccano_id" not in fields:
        fields["doccano_id"] = record["id"]
    if isinstance(extra.get("article"), Mapping):
        fields = {**fields, **extra["article"]}
    article = article_from_fields(fields, text, fallback_id, source)
    ours = _Ours(extra)
    spans: list[SpanDraft] = []
    ids: dict[str, str] = {}
    if "entities" in record:
        for index, entity in enumerate(_list(record, "entities"), start=1):
            try:
                key = str(entity["id"])
                start, end, label = int(entity["start_offset"]), int(entity["end_offset"]), str(entity["label"])
            except (KeyError, TypeError, ValueError):
                raise RecordError(f"entity {index}: needs id, start_offset, end_offset and label") from None
            spans.append(ours.span(key, start, end, label, ids))
    else:  # sequence labelling: the label's place (1-based) is its id, as our relations (kept as metadata) use it
        for index, item in enumerate(record.get("label", record.get("labels")) or [], start=1):
            try:
                start, end, label = int(item[0]), int(item[1]), str(item[2])
            except (TypeError, ValueError, IndexError):
                raise RecordError(f"label {index}: expected [start, end, label], found {item!r}") from None
            spans.append(ours.span(str(index), start, end, label, ids))
    relations: list[RelationDraft] = []
    for index, rel in enumerate(_list(record, "relations"), start=1):
        try:
            head, child, label = ids.get(str(rel["from_id"]), "?"), ids.get(str(rel["to_id"]), "?"), str(rel["type"])
        except (KeyError, TypeError):
            raise RecordError(f"relation {index}: needs from_id, to_id and type") from None
        relations.append(RelationDraft(ours.relation_id(head, child, label, index), head, child, label))
    owner = options.owner(record.get("annotator"))
    return ParsedArticle(article, (build_layer(article.id, text, owner, spans, relations, options),), source, line)


def _list(record: Mapping[str, Any], key: str) -> list[Any]:
    value = record.get(key) or []
    if not isinstance(value, list):
        raise RecordError(f"{key!r} must be a list")
    return value


class _Ours:
    """Our span and relation facts kept in ``annotator_spans``, found by offsets and label.

    doccano renumbers entities on import, so its ids cannot find them; offsets and labels can.
    """

    def __init__(self, extra: Mapping[str, Any]) -> None:
        self.spans: dict[tuple[int, int, str], list[Mapping[str, Any]]] = {}
        for item in extra.get("spans", []) if isinstance(extra.get("spans"), list) else []:
            if isinstance(item, Mapping):
                key = (item.get("start"), item.get("end"), item.get("label"))
                self.spans.setdefault(key, []).append(item)  # type: ignore[arg-type]
        self.relations: dict[tuple[str, str, str], list[str]] = {}
        for item in extra.get("relations", []) if isinstance(extra.get("relations"), list) else []:
            if isinstance(item, Mapping):
                key = (str(item.get("head")), str(item.get("child")), str(item.get("label")))
                self.relations.setdefault(key, []).append(str(item.get("id")))
        self.used: set[str] = set()

    def span(self, key: str, start: int, end: int, label: str, ids: dict[str, str]) -> SpanDraft:
        found = self.spans.get((start, end, label))
        if found:
            item = found.pop(0)
            span_id = str(item.get("id") or f"d{key}")
            ids[key] = span_id
            kept = item.get("attrs")
            attrs: dict[str, Any] = dict(kept) if isinstance(kept, Mapping) else {}
            return SpanDraft(span_id, start, end, label, None, str(item.get("origin", "human")), attrs)
        ids[key] = f"d{key}"
        return SpanDraft(f"d{key}", start, end, label)

    def relation_id(self, head: str, child: str, label: str, index: int) -> str:
        found = self.relations.get((head, child, label))
        return found.pop(0) if found else ""


def read_doccano(path: Path, options: ImportOptions) -> Iterator[ImportResult]:
    """A doccano JSONL export (the JSONL reader recognises doccano records by their keys)."""
    from ..jsonl import read_jsonl

    return read_jsonl(path, options)


def doccano_record(article: Article, layer: Annotations) -> dict[str, Any]:
    """One doccano example: ``label`` for sequence-labelling projects, ``entities``/``relations`` for
    relation projects (each project type keeps the other's keys as metadata), our span facts kept."""
    spans = layer.sorted_spans()
    number = {s.id: i for i, s in enumerate(spans, start=1)}
    entities = [{"id": number[s.id], "label": s.label, "start_offset": s.start, "end_offset": s.end} for s in spans]
    relations = [
        {"id": i, "from_id": number[r.head], "to_id": number[r.child], "type": r.label}
        for i, r in enumerate(layer.relations, start=1)
    ]
    extra: dict[str, Any] = {
        "spans": [
            {
                "id": s.id,
                "start": s.start,
                "end": s.end,
                "label": s.label,
                "origin": s.origin.value,
                "attrs": dict(sorted(s.attrs.items())),
            }
            for s in spans
        ],  # fmt: skip
        "relations": [{"id": r.id, "head": r.head, "child": r.child, "label": r.label} for r in layer.relations],
        "article": {"id": article.id, **article_meta(article)},
    }
    return {
        "text": article.text,
        "label": [[s.start, s.end, s.label] for s in spans],
        "entities": entities,
        "relations": relations,
        "annotator": layer.annotator,
        SPANS_KEY: extra,
    }


def write_doccano(pairs: Pairs, out: TextIO, context: ExportContext) -> int:
    count = 0
    for article, layer in pairs:
        out.write(dumps_record(doccano_record(article, layer)))
        out.write("\n")
        count += 1
    return count


register(
    Format(
        "doccano",
        "doccano JSONL (sequence labelling and relations)",
        (),
        read_doccano,
        write_doccano,
        export_suffix=".doccano.jsonl",
    )
)
