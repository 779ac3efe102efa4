"""Plain records the quote views render: one row per quote, one row per speaker, one edge per stance.

Built from the session state (own layer plus pending model suggestions) in one place, displaCy-style,
so the table model, the summary and the stance picture never read the layers themselves. Plain
Python: what a quote links to is :func:`annotator.domain.quote_links`, as in the CSV export.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..domain import Annotations, LabelScheme, Span, quote_links, stance_and_target


@dataclass(frozen=True)
class QuoteRow:
    """What the quotes panel shows of one quote (own or suggested)."""

    span_id: str
    start: int
    end: int
    text: str
    kind: str
    speaker_mention: str
    speaker_name: str
    cue: str
    stance: str
    target: str
    is_suggestion: bool
    speaker_id: str | None = None
    cue_id: str | None = None
    target_id: str | None = None
    stance_confidence: float | None = None
    """How sure the model is of a suggested stance (``None`` on own quotes)."""


def clip(text: str, limit: int = 80) -> str:
    """One line of at most ``limit`` characters, for table cells."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def target_of(layer: Annotations, span_id: str, scheme: LabelScheme | None = None) -> Span | None:
    """The span a stance of ``span_id`` is about, by :func:`annotator.domain.stance_and_target`."""
    return stance_and_target(layer, span_id).target


def quote_row(text: str, layer: Annotations, span: Span, scheme: LabelScheme) -> QuoteRow:
    """The row of one quote of ``layer``."""
    links = quote_links(layer, span.id)
    speaker, cue, target = links.speaker, links.cue, links.target
    return QuoteRow(
        span_id=span.id,
        start=span.start,
        end=span.end,
        text=text[span.start:span.end],
        kind=str(span.attrs.get("kind") or ""),
        speaker_mention=text[speaker.start:speaker.end] if speaker else "",
        speaker_name=str(span.attrs.get("speaker_name") or ""),
        cue=text[cue.start:cue.end] if cue else "",
        stance=links.stance or "",
        target=text[target.start:target.end] if target else "",
        is_suggestion=span.is_suggestion,
        speaker_id=speaker.id if speaker else None,
        cue_id=cue.id if cue else None,
        target_id=target.id if target else None,
        stance_confidence=_confidence(span),
    )


def _confidence(span: Span) -> float | None:
    value = span.attrs.get("stance_confidence") if span.is_suggestion else None
    return float(value) if isinstance(value, (int, float)) else None


def quote_rows(
    text: str, state: Annotations, model: Annotations | None, pending: Sequence[Span], scheme: LabelScheme
) -> list[QuoteRow]:
    """Own quotes and pending quote suggestions, in reading order."""
    rows = [quote_row(text, state, s, scheme) for s in state.spans_labelled("QUOTE")]
    if model is not None:
        rows += [quote_row(text, model, s, scheme) for s in pending if s.label == "QUOTE"]
    rows.sort(key=lambda r: (r.start, -r.end, r.is_suggestion))
    return rows


@dataclass(frozen=True)
class StanceEdge:
    """A speaker (or actor) taking a stance toward a target."""

    source: str
    target: str
    stance: str


@dataclass(frozen=True)
class SpeakerRow:
    """Who said what: one speaker's quote count and stances."""

    speaker: str
    quotes: int
    stances: Counter[str] = field(default_factory=Counter)

    def stance_text(self) -> str:
        return ", ".join(f"{name} {n}" if n > 1 else name for name, n in sorted(self.stances.items()))


UNKNOWN_SPEAKER = "(unknown speaker)"


def speaker_label(speaker_name: str, speaker_mention: str) -> str:
    """The name a quote is listed under in who-said-what: its speaker name, else its speaker's
    mention, else "(unknown speaker)". The quotes panel filters by the same name."""
    if speaker_name:
        return speaker_name
    return clip(speaker_mention, 40) if speaker_mention else UNKNOWN_SPEAKER


def row_speaker(row: QuoteRow) -> str:
    """The who-said-what name of a quotes-panel row."""
    return speaker_label(row.speaker_name, row.speaker_mention)


def _actor_name(text: str, layer: Annotations, span: Span) -> str:
    if span.label == "QUOTE":
        speaker = layer.linked(span.id, "SPEAKER")
        mention = text[speaker.start:speaker.end] if speaker else ""
        return speaker_label(str(span.attrs.get("speaker_name") or ""), mention)
    return clip(text[span.start:span.end], 40)


@dataclass(frozen=True)
class ActorFact:
    """What one actor (a quote, or a span with a stance) adds to who-said-what: the unit
    :func:`who_said_what` sums and :class:`~annotator.review.speaker_tally.SpeakerTally` keeps per span."""

    order: tuple[int, int, str, str]
    """Reading order (start, longest first, label, id): the order of the stance edges."""
    name: str
    is_quote: bool
    stance: str
    target: str | None
    """The target's text (clipped), ``None`` without a target or a stance."""


def actor_fact(text: str, state: Annotations, span: Span) -> ActorFact | None:
    """What ``span`` of ``state`` adds to who-said-what, or ``None`` when it is no actor (not a quote
    and without a stance)."""
    if span.label != "QUOTE" and "stance" not in span.attrs and span.id not in state.heads():
        return None
    facts = stance_and_target(state, span.id)
    stance = facts.stance or ""
    if span.label != "QUOTE" and not stance:
        return None
    target = facts.target
    shown = clip(text[target.start:target.end], 40) if stance and target is not None else None
    return ActorFact((span.start, -span.end, span.label, span.id), _actor_name(text, state, span),
                     span.label == "QUOTE", stance, shown)


def summarise(facts: Iterable[ActorFact]) -> tuple[list[SpeakerRow], list[StanceEdge]]:
    """Speaker rows (most quotes first, then by name) and stance edges (in reading order) of ``facts``."""
    quotes: Counter[str] = Counter()
    stances: dict[str, Counter[str]] = {}
    edges: list[StanceEdge] = []
    for fact in sorted(facts, key=lambda f: f.order):
        name = fact.name
        if fact.is_quote:
            quotes[name] += 1
        bucket = stances.get(name)
        if bucket is None:  # not setdefault: that would make a Counter per span
            bucket = stances[name] = Counter()
        if fact.stance:
            bucket[fact.stance] += 1
            if fact.target is not None:
                edges.append(StanceEdge(name, fact.target, fact.stance))
    rows = [SpeakerRow(name, quotes[name], stances[name]) for name in stances]
    rows.sort(key=lambda r: (-r.quotes, r.speaker))
    return rows, edges


def who_said_what(text: str, state: Annotations, scheme: LabelScheme) -> tuple[list[SpeakerRow], list[StanceEdge]]:
    """Speakers with their quote counts and stances, and the stance edges (speaker -> target) of one layer.

    Actor spans that carry a stance (no quote) count as speakers with zero quotes.
    """
    return summarise(actor_facts(text, state).values())


def actor_facts(text: str, state: Annotations) -> dict[str, ActorFact]:
    """:func:`actor_fact` of every actor of ``state``, by span id."""
    heads = state.heads()
    # Only quotes and spans with a relation or a stance of their own can take a stance.
    facts = {}
    for span in state.spans:
        if span.label == "QUOTE" or span.id in heads or "stance" in span.attrs:
            fact = actor_fact(text, state, span)
            if fact is not None:
                facts[span.id] = fact
    return facts
