"""Per-label precision, recall and F1 of a pipeline's entities against held-out reference Docs.

The pipeline's entities are judged as the tool would show them: each predicted label is mapped
the way pre-annotation maps it (:data:`annotator.nlp.preannotate.ENTITY_LABELS`, or an explicit
``label_map``) and kept only when it is one of the project's labels. Matching is exact (same start,
same end, same label) and is spaCy's own :meth:`Scorer.score_spans`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.scorer import Scorer
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.training import Example

from ..preannotate import ENTITY_LABELS


@dataclass(frozen=True)
class LabelScore:
    """Exact-match figures of one label; ``support`` is the number of reference entities."""

    label: str
    precision: float
    recall: float
    f1: float
    support: int

    def to_dict(self) -> dict[str, Any]:
        return {"p": self.precision, "r": self.recall, "f": self.f1, "support": self.support}


@dataclass(frozen=True)
class EntityScores:
    """Micro-averaged and per-label figures over ``articles`` held-out articles."""

    precision: float
    recall: float
    f1: float
    labels: tuple[LabelScore, ...]
    articles: int

    def label(self, name: str) -> LabelScore:
        return next(s for s in self.labels if s.label == name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "p": self.precision,
            "r": self.recall,
            "f": self.f1,
            "articles": self.articles,
            "per_label": {s.label: s.to_dict() for s in self.labels},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EntityScores:
        labels = tuple(
            LabelScore(name, float(v["p"]), float(v["r"]), float(v["f"]), int(v.get("support", 0)))
            for name, v in data.get("per_label", {}).items()
        )
        return cls(float(data["p"]), float(data["r"]), float(data["f"]), labels, int(data.get("articles", 0)))


def _shown_entities(doc: Doc, labels: set[str], label_map: Mapping[str, str]) -> Doc:
    kept = []
    for ent in doc.ents:
        label = label_map.get(ent.label_, ent.label_)
        if label in labels and ent.text.strip():
            kept.append(SpacySpan(doc, ent.start, ent.end, label=label))
    doc.ents = kept
    return doc


def score_entities(
    nlp: Language,
    references: Sequence[Doc],
    labels: Sequence[str],
    *,
    label_map: Mapping[str, str] | None = None,
    batch_size: int = 8,
) -> EntityScores:
    """Run ``nlp`` over the references' texts and score its entities of ``labels`` against theirs."""
    wanted = set(labels)
    mapping = dict(ENTITY_LABELS if label_map is None else label_map)
    predicted = nlp.pipe((ref.text for ref in references), batch_size=batch_size)
    examples = [
        Example(_shown_entities(pred, wanted, mapping), ref) for pred, ref in zip(predicted, references, strict=True)
    ]
    scores = Scorer.score_spans(examples, "ents")
    per_type = scores.get("ents_per_type") or {}
    support = Counter(ent.label_ for ref in references for ent in ref.ents)
    per_label = []
    for label in labels:
        figures = per_type.get(label, {"p": 0.0, "r": 0.0, "f": 0.0})
        per_label.append(
            LabelScore(label, float(figures["p"]), float(figures["r"]), float(figures["f"]), support[label])
        )
    return EntityScores(
        precision=float(scores.get("ents_p") or 0.0),
        recall=float(scores.get("ents_r") or 0.0),
        f1=float(scores.get("ents_f") or 0.0),
        labels=tuple(per_label),
        articles=len(references),
    )
