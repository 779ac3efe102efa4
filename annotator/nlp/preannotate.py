"""Pre-annotation: a processed Doc becomes the ``model`` layer of an article (suggestions).

The contract with the rest of the tool is :class:`annotator.domain.Annotations`: entity spans
with the scheme's labels, a QUOTE span per quoted fragment (``kind``, ``speaker_name``), CUE
spans, the speaker mention (the entity span when one lies inside it, else a SPEAKER span) and
relations ``SPEAKER`` and ``CUE`` from each QUOTE, and (see :mod:`.stance`) each QUOTE's suggested
``stance`` with its ``stance_confidence`` and a relation labelled with the stance to its target
entity. Every span is ``Origin.MODEL`` and carries
``model`` and ``model_version``; ids are deterministic (same text and model, same ids).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from annotator.domain import MODEL_LAYER, Annotations, LabelScheme, Origin, Relation, Span

from .pipeline import LoadedPipeline
from .quotes import Quotation, QuoteFinder
from .stance import StanceGuess, StanceSuggester

# spaCy (OntoNotes, CoNLL) labels -> label scheme names; labels the scheme lacks are dropped
ENTITY_LABELS: dict[str, str] = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "NORP": "NORP",
    "LOC": "LOC",
    "FAC": "FAC",
    "EVENT": "EVENT",
}

_default_finder: QuoteFinder | None = None
_default_suggester: StanceSuggester | None = None


def default_suggester() -> StanceSuggester:
    """One shared stance suggester with the shipped stance lexicon."""
    global _default_suggester
    if _default_suggester is None:
        _default_suggester = StanceSuggester()
    return _default_suggester


def default_finder() -> QuoteFinder:
    """One shared finder with the shipped cue lexicon (its matchers are built once per vocab)."""
    global _default_finder
    if _default_finder is None:
        _default_finder = QuoteFinder()
    return _default_finder


class _LayerBuilder:
    """Collects spans and relations with deterministic ids, reusing a span for equal ranges."""

    def __init__(self, model_name: str, model_version: str, trained_on: str = "") -> None:
        self.attrs = {"model": model_name, "model_version": model_version}
        if trained_on:
            self.attrs["model_trained_on"] = trained_on
        self.spans: list[Span] = []
        self.relations: list[Relation] = []
        self._by_range: dict[tuple[int, int, str], str] = {}
        self._counts: dict[str, int] = {}

    def span(self, prefix: str, start: int, end: int, label: str, **attrs: str | float) -> str:
        key = (start, end, label)
        if not attrs and key in self._by_range:
            return self._by_range[key]
        self._counts[prefix] = self._counts.get(prefix, 0) + 1
        span_id = f"{prefix}{self._counts[prefix]}"
        self.spans.append(Span(span_id, start, end, label, Origin.MODEL, {**self.attrs, **attrs}))
        self._by_range.setdefault(key, span_id)
        return span_id

    def set_attrs(self, span_id: str, **attrs: str | float) -> None:
        """Add attributes to a span already collected (an entity that takes a stance)."""
        self.spans = [s.with_attrs(**attrs) if s.id == span_id else s for s in self.spans]

    def relate(self, head: str, child: str, label: str) -> None:
        self.relations.append(Relation(f"r{len(self.relations) + 1}", head, child, label))


#: Weekday and month names: the small English model sometimes calls "Tuesday" a PERSON or "March" an ORG;
#: a suggestion a reader sees as wrong at a glance costs more trust than it saves work.
CALENDAR_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december".split()
)


def calendar_name(text: str) -> bool:
    """Whether an entity's text is only weekday or month names ("Tuesday", "March", "Monday's")."""
    words = [w.lower().removesuffix("'s").removesuffix("’s").strip(".,") for w in text.split()]
    return bool(words) and all(w in CALENDAR_WORDS for w in words)


def annotations_from_doc(
    doc: Doc,
    article_id: str,
    scheme: LabelScheme,
    model_name: str,
    model_version: str,
    quotations: list[Quotation] | None = None,
    suggester: StanceSuggester | None = None,
    trained_on: str = "",
) -> Annotations:
    """The ``model`` layer for one article. Finds the quotations unless they are given.

    ``trained_on`` (a pipeline trained in a project) is kept on every suggestion with the model's name.
    """
    if quotations is None:
        quotations = default_finder().find(doc)
    stances = _stances(doc, quotations, scheme, suggester)
    layer = _LayerBuilder(model_name, model_version, trained_on)
    entities: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        label = ENTITY_LABELS.get(ent.label_, ent.label_)  # a team's own labels come through as they are
        if label is not None and scheme.has_span_label(label) and ent.text.strip() and not calendar_name(ent.text):
            entities.append((ent.start_char, ent.end_char, layer.span("e", ent.start_char, ent.end_char, label)))
    quote_layer = all(scheme.has_span_label(label) for label in ("QUOTE", "CUE", "SPEAKER"))
    if not quote_layer:
        return Annotations(article_id, MODEL_LAYER, tuple(layer.spans), ())
    relations = set(scheme.relation_labels)
    for quotation, stance in zip(quotations, stances, strict=True):
        if quotation.kind not in scheme.quote_kinds:
            continue
        cue_id = layer.span("c", quotation.cue.start, quotation.cue.end, "CUE") if quotation.cue else None
        speaker_id = None
        if quotation.speaker is not None:
            m = quotation.speaker
            inside = [e for e in entities if m.start <= e[0] and e[1] <= m.end]
            around = [e for e in entities if e[0] <= m.start and m.end <= e[1]]
            match = max(inside, key=lambda e: e[1] - e[0], default=None) or (around[0] if around else None)
            speaker_id = match[2] if match else layer.span("s", m.start, m.end, "SPEAKER")
        extra: dict[str, str | float] = {"kind": quotation.kind}
        if quotation.speaker_name:
            extra["speaker_name"] = quotation.speaker_name
        target_id = _stance_attrs(stance, entities, extra, layer)
        for start, end in quotation.fragments:
            quote_id = layer.span("q", start, end, "QUOTE", **extra)
            if speaker_id is not None and "SPEAKER" in relations:
                layer.relate(quote_id, speaker_id, "SPEAKER")
            if cue_id is not None and "CUE" in relations:
                layer.relate(quote_id, cue_id, "CUE")
            if target_id is not None and stance is not None:
                layer.relate(quote_id, target_id, stance.stance)
    _actor_stances(doc, quotations, scheme, suggester, entities, layer)
    return Annotations(article_id, MODEL_LAYER, tuple(layer.spans), tuple(layer.relations))


# -- stance suggestions (see .stance): kept apart from the quote layer above -----------------
def _stances(
    doc: Doc, quotations: list[Quotation], scheme: LabelScheme, suggester: StanceSuggester | None
) -> list[StanceGuess | None]:
    if not scheme.stance_labels or not all(label in scheme.relation_labels for label in scheme.stance_labels):
        return [None] * len(quotations)
    return (suggester or default_suggester()).suggest(doc, quotations, scheme.stance_labels)


def _stance_attrs(
    stance: StanceGuess | None,
    entities: list[tuple[int, int, str]],
    extra: dict[str, str | float],
    layer: _LayerBuilder,
) -> str | None:
    """Put the stance and its confidence into a quote's attrs; the id of the target's span, if any.

    The target is the entity span at its bounds, else a new entity span (a surname the
    recogniser missed, found by :mod:`.targets`).
    """
    if stance is None:
        return None
    extra["stance"] = stance.stance
    extra["stance_confidence"] = stance.confidence
    if stance.target is None:
        return None
    t = stance.target
    found = next((e[2] for e in entities if (e[0], e[1]) == (t.start, t.end)), None)
    return found or layer.span("e", t.start, t.end, t.label)


def _actor_stances(
    doc: Doc,
    quotations: list[Quotation],
    scheme: LabelScheme,
    suggester: StanceSuggester | None,
    entities: list[tuple[int, int, str]],
    layer: _LayerBuilder,
) -> None:
    """Stances actors take in the reporter's words: on the actor's entity span, linked to the target."""
    if not scheme.stance_labels or not all(label in scheme.relation_labels for label in scheme.stance_labels):
        return
    for actor in (suggester or default_suggester()).suggest_actors(doc, quotations, scheme.stance_labels):
        actor_id = next((e[2] for e in entities if (e[0], e[1]) == (actor.start, actor.end)), None)
        if actor_id is None:
            continue
        layer.set_attrs(actor_id, stance=actor.stance, stance_confidence=actor.confidence)
        t = actor.target
        target_id = next((e[2] for e in entities if (e[0], e[1]) == (t.start, t.end)), None)
        layer.relate(actor_id, target_id or layer.span("e", t.start, t.end, t.label), actor.stance)


def preannotate_texts(
    loaded: LoadedPipeline,
    items: Iterable[tuple[str, str]],
    scheme: LabelScheme,
    batch_size: int = 16,
    n_process: int = 1,
    finder: QuoteFinder | None = None,
    suggester: StanceSuggester | None = None,
) -> Iterator[Annotations]:
    """The ``model`` layer of each ``(article_id, text)`` item, in the order given, streamed."""
    finder = finder or default_finder()
    stream = ((text, article_id) for article_id, text in items)
    for doc, article_id in loaded.nlp.pipe(stream, as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield annotations_from_doc(
            doc,
            article_id,
            scheme,
            loaded.name,
            loaded.version,
            finder.find(doc),
            suggester,
            trained_on=getattr(loaded, "trained_on", ""),
        )
