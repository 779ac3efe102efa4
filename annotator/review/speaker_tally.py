"""Who-said-what kept up to date over edits: only the actors an edit can change are looked at again.

Recomputing :func:`~annotator.review.quote_rows.who_said_what` reads every quote's stance, target
and speaker (about 200 on a long article) on every key; an edit changes a few. The tally keeps
each actor's :class:`~annotator.review.quote_rows.ActorFact` and, given the change that led from
the state it knows to a new one, recomputes the facts of the spans that change can affect
(:func:`~annotator.domain.annotations.affected_spans`). Its result always equals ``who_said_what``
of the new state (tested over sequences of edits and undos).
"""

from __future__ import annotations

from ..domain import Annotations, Change, affected_spans
from .quote_rows import ActorFact, SpeakerRow, StanceEdge, actor_fact, actor_facts, summarise


class SpeakerTally:
    """The actor facts of one state of one article's layer, rolled forward change by change."""

    def __init__(self, text: str, state: Annotations) -> None:
        self.text = text
        self.state = state
        self._facts: dict[str, ActorFact] = actor_facts(text, state)

    def advance(self, before: Annotations | None, change: Change | None, after: Annotations) -> None:
        """Move to ``after``. When ``change`` is the one from ``before`` and ``before`` is the state the
        tally knows, only the affected actors are recomputed; otherwise every actor is."""
        if after is self.state:
            return
        if change is None or before is not self.state:
            self._facts = actor_facts(self.text, after)
        else:
            for span_id in affected_spans(change, before, after):
                span = after.get_span(span_id)
                fact = actor_fact(self.text, after, span) if span is not None else None
                if fact is None:
                    self._facts.pop(span_id, None)
                else:
                    self._facts[span_id] = fact
        self.state = after

    def summary(self) -> tuple[list[SpeakerRow], list[StanceEdge]]:
        """:func:`~annotator.review.quote_rows.who_said_what` of the tally's state."""
        return summarise(self._facts.values())
