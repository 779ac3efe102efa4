"""Helpers for the format round trips: the seed gold as domain objects, and what must survive a trip."""

from __future__ import annotations

from typing import Any

from annotator.domain import Annotations, Article, LabelDef, LabelKind, LabelScheme, Relation, Span, Status
from annotator.interchange import default_label_scheme


def seed_pair(gold: dict[str, Any]) -> tuple[Article, Annotations]:
    """The seed gold article and its gold layer, as the store would hand them to an exporter."""
    article = Article(id=gold["id"], text=gold["text"], title=gold["meta"]["title"], outlet=gold["meta"]["outlet"])
    rels = [Relation(f"r{i}", r["head"], r["child"], r["label"]) for i, r in enumerate(gold["relations"], start=1)]
    spans = [Span(s["id"], s["start"], s["end"], s["label"], attrs=dict(s.get("attrs", {}))) for s in gold["spans"]]
    return article, Annotations(gold["id"], gold["annotator"], tuple(spans), tuple(rels), Status.DONE)


def essence(article: Article, layer: Annotations) -> tuple[Any, ...]:
    """What every format must keep: span bounds and labels, relations between them (by span bounds),
    quote kinds, speaker names and stances. Ids may change (a format may renumber)."""
    key = {s.id: (s.start, s.end, s.label) for s in layer.spans}
    spans = sorted(
        (s.start, s.end, s.label, article.text[s.start : s.end])
        + tuple(str(s.attrs.get(a, "")) for a in ("kind", "speaker_name", "stance"))
        for s in layer.spans
    )
    relations = sorted((key[r.head], key[r.child], r.label) for r in layer.relations)
    return article.text, tuple(spans), tuple(relations)


def codebook_scheme() -> LabelScheme:
    """The shipped scheme plus a new span label (POLICY) and a new stance value (sceptical)."""
    base = default_label_scheme()
    return base.with_labels(
        [LabelDef("POLICY", LabelKind.ENTITY, "#123456", "y"), LabelDef("sceptical", LabelKind.STANCE, "#654321")]
    )


def codebook_pair(gold: dict[str, Any]) -> tuple[Article, Annotations]:
    """The seed gold with one quote's stance set to the new value and a POLICY span targeted by it."""
    article, layer = seed_pair(gold)
    quote = next(s for s in layer.spans if s.label == "QUOTE")
    start = article.text.index("diplomatic procedure")
    policy = Span("p1", start, start + len("diplomatic procedure"), "POLICY")
    layer = layer.with_span(quote.with_attrs(stance="sceptical")).with_span(policy)
    return article, layer.with_relation(Relation("rp", quote.id, "p1", "sceptical"))
