"""Export annotations as a spaCy ``DocBin`` for training: entities, quotes, cues, speakers and their links.

Each (article, layer) becomes one ``Doc`` made by the blank English tokenizer (or the ``nlp``
given), with character offsets snapped outwards to token boundaries
(``char_span(alignment_mode="expand")``):

- ``doc.ents``: entity spans (every label that is not QUOTE, CUE or SPEAKER). ``doc.ents`` cannot
  overlap, so overlaps are resolved by one rule: the longest span wins, and between equally long
  spans the earliest (``spacy.util.filter_spans``). Every entity, overlapping or not, is also in
  ``doc.spans["entities"]``.
- ``doc.spans["quotes"]``, ``["cues"]``, ``["speakers"]``: QUOTE, CUE and SPEAKER spans.
  A team's own span label that its codebook lists beside the quote-layer labels (not an entity;
  e.g. ``CLAIM``) gets a span group of its own, named as the label. Every span carries our span id
  as ``span.id_``.
- ``doc.user_data`` (kept because the DocBin stores user data): ``article_id``, ``annotator``,
  ``status``; ``quotes``, one record per quote with ``kind``, ``speaker_name``, ``stance``, the
  ids of its ``speaker`` and ``cue`` spans and its ``targets`` (span id and stance, ``None`` for a
  target picked before its stance); stance and target follow :func:`annotator.domain.stance_and_target`;
  ``spans`` and ``relations`` in our JSONL form (lossless, exact offsets); ``unaligned``, the ids
  of spans that cover no token (only white space) and so are in no span group; ``snapped``, the
  ids of spans whose ends fell inside a token and were widened (reported by :func:`write_docbin`); ``meta``, the
  article's fields as our JSONL has them. :func:`iter_docbin_records` reads a DocBin back as records
  in our JSONL form (lossless: exact offsets from ``user_data``), which import checks as any record.

A DocBin is one serialised blob, so unlike the text exporters this one holds the docs in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import spacy
from spacy.tokens import Doc, DocBin
from spacy.tokens import Span as SpacySpan
from spacy.util import filter_spans

from annotator.domain import Annotations, Article, LabelScheme, Span, stance_and_target

QUOTE_GROUPS = {"QUOTE": "quotes", "CUE": "cues", "SPEAKER": "speakers"}
"""Quote-layer labels and the ``doc.spans`` key of each; every other span label is an entity."""

_LINKS = ("SPEAKER", "CUE")


def write_docbin(
    pairs: Iterable[tuple[Article, Annotations]],
    path: Path | str,
    nlp: Any = None,
    scheme: LabelScheme | None = None,
    notes: list[str] | None = None,
) -> int:
    """Write one Doc per (article, layer) to ``path``; returns the number of docs. ``scheme`` (the
    project's codebook) says which labels are entities; without it every other label is one.

    ``notes`` receives, per layer, the count and ids of spans snapped to tokens and of spans left out.
    """
    nlp = nlp if nlp is not None else spacy.blank("en")
    docbin = DocBin(store_user_data=True)
    count = 0
    for article, ann in pairs:
        doc = make_doc(nlp, article, ann, scheme)
        docbin.add(doc)
        if notes is not None:
            where = f"{article.id}/{ann.annotator}"
            if doc.user_data["snapped"]:
                snapped = doc.user_data["snapped"]
                notes.append(
                    f"{where}: {len(snapped)} span(s) cut a token and are widened to whole tokens in the DocBin "
                    f"(exact offsets kept in user_data): {', '.join(snapped[:20])}"
                )
            if doc.user_data["unaligned"]:
                unaligned = doc.user_data["unaligned"]
                notes.append(f"{where}: {len(unaligned)} span(s) cover no token: {', '.join(unaligned[:20])}")
        count += 1
    docbin.to_disk(path)
    return count


def span_group(label: str, scheme: LabelScheme | None = None) -> str:
    """The ``doc.spans`` key of a label: entities together, each quote-layer label in its own group."""
    if label in QUOTE_GROUPS:
        return QUOTE_GROUPS[label]
    if scheme is None or label in scheme.entity_labels or not scheme.has_span_label(label):
        return "entities"
    return label


def make_doc(nlp: Any, article: Article, ann: Annotations, scheme: LabelScheme | None = None) -> Doc:
    """The training Doc of one article and layer (see the module docstring for what goes where)."""
    doc: Doc = nlp.make_doc(article.text)
    groups: dict[str, list[SpacySpan]] = {"entities": [], **{key: [] for key in QUOTE_GROUPS.values()}}
    unaligned: list[str] = []
    snapped: list[str] = []
    for span in ann.sorted_spans():
        aligned = doc.char_span(span.start, span.end, label=span.label, alignment_mode="expand", span_id=span.id)
        if aligned is None or len(aligned) == 0:
            unaligned.append(span.id)
            continue
        if (aligned.start_char, aligned.end_char) != (span.start, span.end):
            snapped.append(span.id)
        groups.setdefault(span_group(span.label, scheme), []).append(aligned)
    doc.ents = filter_spans(groups["entities"])
    for key, spans in groups.items():
        doc.spans[key] = spans
    doc.user_data.update(
        {
            "article_id": article.id,
            "annotator": ann.annotator,
            "status": ann.status.value,
            "quotes": [_quote_record(q, ann) for q in ann.spans_labelled("QUOTE")],
            "spans": [_span_record(s) for s in ann.sorted_spans()],
            "relations": [{"id": r.id, "head": r.head, "child": r.child, "label": r.label} for r in ann.relations],
            "unaligned": unaligned,
            "snapped": snapped,
            "meta": _meta(article),
        }
    )
    return doc


def _meta(article: Article) -> dict[str, Any]:
    fields = {name: getattr(article, name) for name in ("title", "outlet", "url", "published", "byline")}
    extra = {k: v for k, v in sorted(article.meta.items()) if k not in fields and v not in (None, "")}
    return {**{k: v for k, v in fields.items() if v}, **extra}


def iter_docbin_records(path: Path | str) -> Iterator[dict[str, Any]]:
    """The docs of a DocBin we wrote, one record each in our JSONL form (``annotated_article``)."""
    nlp = spacy.blank("en")
    for doc in DocBin().from_disk(path).get_docs(nlp.vocab):
        data = doc.user_data
        spans = [
            {**dict(s), "attrs": dict(s.get("attrs", {})), "text": doc.text[s["start"] : s["end"]]}
            for s in data.get("spans", [])
        ]
        record: dict[str, Any] = {
            "id": data.get("article_id"),
            "text": doc.text,
            "meta": dict(data.get("meta", {})),
            "spans": spans,
            "relations": [dict(r) for r in data.get("relations", [])],
        }
        for key in ("annotator", "status"):
            if data.get(key) is not None:
                record[key] = data[key]
        yield record


def _span_record(span: Span) -> dict[str, Any]:
    return {
        "id": span.id,
        "start": span.start,
        "end": span.end,
        "label": span.label,
        "origin": span.origin.value,
        "attrs": dict(span.attrs),
    }


def _quote_record(quote: Span, ann: Annotations) -> dict[str, Any]:
    linked = {label: next((r.child for r in ann.relations_from(quote.id, label)), None) for label in _LINKS}
    facts = stance_and_target(ann, quote.id)  # the one rule: a TARGET link is a target without stance
    targets = [{"span": facts.target.id, "label": facts.stance}] if facts.target is not None else []
    return {
        "id": quote.id,
        "start": quote.start,
        "end": quote.end,
        "kind": quote.attrs.get("kind"),
        "speaker_name": quote.attrs.get("speaker_name"),
        "stance": facts.stance,
        "speaker": linked["SPEAKER"],
        "cue": linked["CUE"],
        "targets": targets,
    }
