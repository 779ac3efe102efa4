"""What review reads from a layer: its human spans by label and, for each quote, speaker and stance.

Review compares decisions, so model suggestions still waiting in a layer (``origin="model"``)
are left out, together with the relations that touch them; in the ``model`` layer itself every
span is a suggestion and is kept, so that the model can be compared like any annotator (how often
analysts keep its quotes, speakers and stances). A :class:`LayerView` is built once
per layer and article, which keeps relation look-ups out of the inner loops of matching.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from operator import attrgetter

from annotator.domain import (
    LINK_RELATIONS,
    MODEL_LAYER,
    Annotations,
    Article,
    InvariantError,
    Origin,
    Relation,
    Span,
    resolve_stance,
)

QUOTE = "QUOTE"
SPEAKER = "SPEAKER"
CUE = "CUE"
# Relation labels with a structural meaning; every other relation from a quote links it to its
# target (see annotator.domain.stance: TARGET before a stance is chosen, else the stance).
STRUCTURAL_RELATIONS = LINK_RELATIONS
NO_STANCE = "none"


def span_key(span: Span) -> tuple[int, int, str]:
    """What makes two spans of different layers 'the same span': range and label, not id."""
    return (span.start, span.end, span.label)


_READING_ORDER = attrgetter("start", "end", "label", "id")


def reading_order(span: Span) -> tuple[int, int, str, str]:
    """Sort key of spans in reading order; ties broken by label and id so order is stable."""
    return (span.start, span.end, span.label, span.id)


@dataclass(frozen=True)
class QuoteFacts:
    """A quote with what review compares on it.

    ``speaker_name`` is the resolved name stripped and case-folded (``None`` when unset);
    ``mentions`` are the ranges of the spans its SPEAKER relations point at; ``stance`` is what
    :func:`annotator.domain.stance_and_target` says, ``"none"`` when it has no stance (a target
    linked before a stance was chosen is no stance either, never a category ``TARGET``).
    """

    span: Span
    mentions: tuple[tuple[int, int], ...]
    speaker_name: str | None
    stance: str

    @property
    def has_speaker(self) -> bool:
        return bool(self.mentions) or self.speaker_name is not None

    def speaker_label(self) -> str:
        """A short human-readable form of the speaker, for difference lists."""
        if self.speaker_name is not None:
            return self.speaker_name
        if self.mentions:
            return ", ".join(f"{s}-{e}" for s, e in self.mentions)
        return NO_STANCE


def speakers_agree(a: QuoteFacts, b: QuoteFacts) -> bool:
    """Whether two matched quotes have the same speaker.

    Same speaker: a SPEAKER mention of one overlaps a mention of the other (labels of the
    mentions may differ: PERSON in one layer, SPEAKER in the other), or both resolved the same
    ``speaker_name`` case-insensitively. Two quotes without any speaker agree (both left it open).
    """
    if not a.has_speaker and not b.has_speaker:
        return True
    if a.speaker_name is not None and a.speaker_name == b.speaker_name:
        return True
    return any(s1 < e2 and s2 < e1 for s1, e1 in a.mentions for s2, e2 in b.mentions)


class LayerView:
    """One layer of one article, indexed for review (read-only after construction).

    ``name`` is the layer's name in the comparison, by default its annotator.
    """

    __slots__ = ("annotator", "annotations", "spans", "by_label", "quotes")

    def __init__(self, annotations: Annotations, name: str | None = None) -> None:
        self.annotator: str = name if name is not None else annotations.annotator
        self.annotations = annotations
        keep_model = annotations.annotator == MODEL_LAYER
        spans = sorted((s for s in annotations.spans if keep_model or s.origin is not Origin.MODEL), key=_READING_ORDER)
        self.spans: tuple[Span, ...] = tuple(spans)
        by_label: dict[str, list[Span]] = {}
        for s in spans:
            by_label.setdefault(s.label, []).append(s)
        self.by_label: Mapping[str, list[Span]] = by_label
        self.quotes: Mapping[str, QuoteFacts] = _quote_facts(spans, annotations)

    def labelled(self, label: str) -> list[Span]:
        return self.by_label.get(label, [])


def _quote_facts(spans: list[Span], annotations: Annotations) -> dict[str, QuoteFacts]:
    quotes = {s.id: s for s in spans if s.label == QUOTE}
    if not quotes:
        return {}
    by_id = {s.id: s for s in spans}
    mentions: dict[str, list[tuple[int, int]]] = {}
    outgoing: dict[str, list[Relation]] = {}
    for rel in annotations.relations:
        if rel.head not in quotes:
            continue
        outgoing.setdefault(rel.head, []).append(rel)
        child = by_id.get(rel.child)
        if child is None:  # points at a suggestion: not a decision yet
            continue
        if rel.label == SPEAKER:
            mentions.setdefault(rel.head, []).append((child.start, child.end))
    facts: dict[str, QuoteFacts] = {}
    for qid, q in quotes.items():
        name = q.attrs.get("speaker_name")
        name_key = str(name).strip().casefold() if name is not None and str(name).strip() else None
        stance = resolve_stance(q, outgoing.get(qid, ()), by_id).stance or NO_STANCE
        facts[qid] = QuoteFacts(q, tuple(sorted(mentions.get(qid, ()))), name_key, stance)
    return facts


@dataclass(frozen=True)
class ArticleLayers:
    """The input of agreement for one article: its id, optionally its length, and its layers.

    ``layers`` maps annotator name to that annotator's :class:`Annotations`. An annotator absent
    from the mapping has no layer on the article (counted as missing, not as an empty layer).
    When ``text_length`` is given every span is checked to lie inside the text, which catches
    layers made on another version of the text.
    """

    article_id: str
    layers: Mapping[str, Annotations] = field(default_factory=dict)
    text_length: int | None = None

    def __post_init__(self) -> None:
        for name, ann in self.layers.items():
            if ann.article_id != self.article_id:
                raise InvariantError(f"layer {name!r} belongs to article {ann.article_id!r}, not {self.article_id!r}")
            if self.text_length is not None:
                ann.validate(self.text_length)

    @classmethod
    def of(cls, article: Article, layers: Iterable[Annotations]) -> ArticleLayers:
        """The layers of ``article``, keyed by their annotator, checked against its text."""
        return cls(article.id, {ann.annotator: ann for ann in layers}, len(article.text))
