"""Turn the spans and relations a file claims into a checked :class:`Annotations` layer.

Every annotated format (our JSONL, Prodigy, brat) first converts its records into drafts, then
:func:`build_layer` checks them all the same way and reports *every* fault it finds, so the
analyst can repair a record in one pass. A record with any fault is not imported at all: a layer
with silently missing spans would look complete and mislead agreement figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from annotator.domain import Annotations, AttrValue, Origin, Relation, Span, Status

from .options import ImportOptions
from .results import RecordError

MAX_REPORTED = 20
"""Faults listed per record; the rest are counted."""


@dataclass(frozen=True)
class SpanDraft:
    """A span as a file states it, before any check. ``text`` is the covered text the file claims, if any."""

    id: str
    start: int
    end: int
    label: str
    text: str | None = None
    origin: str = Origin.HUMAN.value
    attrs: Mapping[str, AttrValue] = field(default_factory=dict)


@dataclass(frozen=True)
class RelationDraft:
    """A relation as a file states it; ``id`` may be empty (our format makes it optional on input)."""

    id: str
    head: str
    child: str
    label: str


def shorten(text: str, limit: int = 60) -> str:
    """A quotable excerpt for a message."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def build_layer(
    article_id: str,
    text: str,
    annotator: str,
    spans: Iterable[SpanDraft],
    relations: Iterable[RelationDraft],
    options: ImportOptions,
    status: Status = Status.TODO,
) -> Annotations:
    """The layer, or a :class:`RecordError` listing every bad offset, text, id, reference and label."""
    faults: list[str] = []
    spans = list(spans)
    checked_spans = _check_spans(text, spans, options, faults)
    known = {d.id for d in spans}  # a span with a bad label is a fault of its own, not a missing span
    checked_relations = _check_relations(relations, known, options, faults)
    if faults:
        shown = faults[:MAX_REPORTED]
        if len(faults) > MAX_REPORTED:
            shown.append(f"and {len(faults) - MAX_REPORTED} more faults")
        raise RecordError(*shown)
    return Annotations(
        article_id=article_id,
        annotator=annotator,
        spans=tuple(checked_spans),
        relations=tuple(checked_relations),
        status=status,
    )


def _check_spans(text: str, drafts: Iterable[SpanDraft], options: ImportOptions, faults: list[str]) -> list[Span]:
    scheme = options.label_scheme
    seen: set[str] = set()
    spans: list[Span] = []
    for d in drafts:
        label = options.label(d.label)
        ok = True
        if not d.id:
            faults.append(f"a {label} span at [{d.start}, {d.end}) has no id")
            ok = False
        elif d.id in seen:
            faults.append(f"span id {d.id!r} appears twice")
            ok = False
        seen.add(d.id)
        if not 0 <= d.start < d.end <= len(text):
            faults.append(
                f"span {d.id!r}: offsets [{d.start}, {d.end}) fall outside the text ({len(text)} characters)"
                if d.start < d.end
                else f"span {d.id!r}: offsets [{d.start}, {d.end}) are empty or reversed"
            )
            ok = False
        elif d.text is not None and d.text != text[d.start : d.end]:
            faults.append(
                f"span {d.id!r}: its text {shorten(d.text)} does not match the article text "
                f"at [{d.start}, {d.end}): {shorten(text[d.start : d.end])}"
            )
            ok = False
        if not scheme.has_span_label(label):
            faults.append(
                f"span {d.id!r}: unknown label {label!r} (not in the label scheme {scheme.name!r}); "
                f"map it with --map {label}=LABEL"
            )
            ok = False
        kind = d.attrs.get("kind")
        if kind is not None and kind not in scheme.quote_kinds:
            faults.append(
                f"span {d.id!r}: unknown quote kind {kind!r} (expected one of {', '.join(scheme.quote_kinds)})"
            )
            ok = False
        stance = d.attrs.get("stance")
        if stance is not None and stance not in scheme.stance_labels:
            faults.append(f"span {d.id!r}: unknown stance {stance!r} (not in the label scheme {scheme.name!r})")
            ok = False
        if d.origin not in {o.value for o in Origin}:
            faults.append(f"span {d.id!r}: unknown origin {d.origin!r} (expected human or model)")
            ok = False
        if ok:
            spans.append(Span(d.id, d.start, d.end, label, Origin(d.origin), dict(d.attrs)))
    return spans


def _check_relations(
    drafts: Iterable[RelationDraft], known: set[str], options: ImportOptions, faults: list[str]
) -> list[Relation]:
    scheme = options.label_scheme
    drafts = list(drafts)
    taken = {d.id for d in drafts if d.id}
    seen: set[str] = set()
    relations: list[Relation] = []
    counter = 0
    for d in drafts:
        rel_id = d.id
        if not rel_id:
            counter += 1
            while f"r{counter}" in taken:
                counter += 1
            rel_id = f"r{counter}"
            taken.add(rel_id)
        label = options.relation_label(d.label)
        ok = True
        if rel_id in seen:
            faults.append(f"relation id {rel_id!r} appears twice")
            ok = False
        seen.add(rel_id)
        for end_name, span_id in (("head", d.head), ("child", d.child)):
            if span_id not in known:
                faults.append(f"relation {rel_id!r}: its {end_name} points at a missing span {span_id!r}")
                ok = False
        if label not in scheme.relation_labels:
            faults.append(
                f"relation {rel_id!r}: unknown label {label!r} (not in the label scheme {scheme.name!r}); "
                f"map it with --map {label}=LABEL"
            )
            ok = False
        if ok:
            relations.append(Relation(rel_id, d.head, d.child, label))
    return relations
