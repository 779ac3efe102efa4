"""Training and evaluation Docs from a project's layers: the entity spans of the project's labels.

An article and one annotator's layer become one ``Doc`` whose ``doc.ents`` are that layer's entity
spans of the given labels, snapped outwards to token boundaries (the DocBin exporter's rule, which
this reuses). Every token outside them is taken as *not an entity*: a finished layer is a complete
statement of what the article names, which is what spaCy's entity recogniser learns from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, DocBin

from annotator.domain import Annotations, Article

from ..docbin import make_doc


def entity_docs(nlp: Any, pairs: Iterable[tuple[Article, Annotations]], labels: Sequence[str]) -> list[Doc]:
    """One Doc per (article, layer), with only the spans labelled with one of ``labels`` as entities."""
    wanted = set(labels)
    docs: list[Doc] = []
    for article, layer in pairs:
        spans = tuple(s for s in layer.spans if s.label in wanted)
        only_entities = Annotations(layer.article_id, layer.annotator, spans, (), layer.status)
        doc = make_doc(nlp, article, only_entities)
        doc.user_data.clear()  # the training corpus needs the entities only
        doc.spans.clear()
        docs.append(doc)
    return docs


def write_corpus(docs: Sequence[Doc], path: Path) -> Path:
    """Write ``docs`` as a DocBin (spaCy's training corpus format) and return the path."""
    DocBin(attrs=["ENT_IOB", "ENT_TYPE"], docs=docs).to_disk(path)
    return path


def entity_count(docs: Iterable[Doc]) -> int:
    return sum(len(doc.ents) for doc in docs)
