"""The quote edits, shared by the keyboard actions and the quotes panel: each builds commands and performs them.

One place decides how a gesture becomes a command, so that a key and a table edit do exactly the
same thing (same undo step, same write). An edit on a pending suggestion accepts it first, in
the same undo step (:class:`OnSuggestion`).
"""

from __future__ import annotations

from collections.abc import Callable

from ...domain import Annotations, Article, Span, suggestion_key
from ...domain.names import entity_names, resolve_name
from ...domain.quote_kind import guess_quote_kind, trim_quote
from ...editing import (
    AcceptStance,
    AcceptSuggestion,
    AcceptTarget,
    AddSpan,
    Command,
    Macro,
    SetSpanAttrs,
    SetStance,
    SetTarget,
    Unlink,
)
from ...editing.candidates import Candidate
from ...editing.mentions import LinkMention, Mention, OnSuggestion, TargetMention, adopted_id
from ...review.quote_rows import target_of
from ..workspace.quote_focus import selected_span
from ..workspace.session import UiSession


class QuoteEdits:
    """Performs quote edits on a session; every method returns whether the edit was stored."""

    def __init__(self, session: UiSession) -> None:
        self.session = session
        self._names: tuple[Annotations, Annotations, Article, list[str]] | None = None

    # -- helpers -------------------------------------------------------------------------
    def _on_selected(self, build: Callable[[str], Command], span: Span | None = None) -> bool:
        """Perform ``build(id)`` on the selected span, accepting it first when it is a suggestion."""
        editing = self.session.editing
        span = span or selected_span(self.session)
        if editing is None or span is None:
            self.session.report_error("Select a quote or an actor span first")
            return False
        if not span.is_suggestion:  # an edit that changes nothing leaves no undo step (UiSession)
            return self.session.perform(build(span.id))
        new_id = adopted_id(editing.state, span)
        done = self.session.perform(OnSuggestion(span.id, build(new_id)))
        if done:
            self.session.select(new_id)
        return done

    def _own_equal(self, start: int, end: int, label: str) -> tuple[str | None, str | None]:
        """Ids of an own span and of a pending suggestion with these bounds and label."""
        editing = self.session.editing
        assert editing is not None
        key = f"{label}:{start}:{end}"
        own = next((s.id for s in editing.state.spans if suggestion_key(s) == key), None)
        suggested = next((s.id for s in editing.pending_suggestions() if suggestion_key(s) == key), None)
        return own, suggested

    # -- marking -------------------------------------------------------------------------
    def mark_quote(self, start: int, end: int) -> bool:
        """Mark ``[start, end)`` (trimmed) as a QUOTE with a guessed kind, and select it."""
        editing = self.session.editing
        if editing is None or end <= start:
            self.session.report_error("Select the words of the quote first")
            return False
        text = editing.article.text
        start, end = trim_quote(text, start, end)
        own, suggested = self._own_equal(start, end, "QUOTE")
        if own is not None:
            self.session.select(own)
            return True
        if suggested is not None:
            new_id = adopted_id(editing.state, editing.model.span(suggested))
            done = self.session.perform(AcceptSuggestion(suggested))
        else:
            new_id = editing.state.new_span_id("s")
            span = Span(new_id, start, end, "QUOTE", attrs={"kind": guess_quote_kind(text, start, end)})
            done = self.session.perform(AddSpan(span))
        if done:
            self.session.select(new_id)
        return done

    def mark_cue(self, start: int, end: int) -> bool:
        """Mark ``[start, end)`` as a CUE; with a quote selected, link it as that quote's cue."""
        editing = self.session.editing
        if editing is None or end <= start:
            self.session.report_error("Select the cue words first")
            return False
        start, end = trim_quote(editing.article.text, start, end)
        own, suggested = self._own_equal(start, end, "CUE")
        mention = Mention(start, end, "CUE", suggested)
        quote = selected_span(self.session)
        if quote is not None and quote.label == "QUOTE":
            rid = editing.state.new_relation_id("r")
            return self._on_selected(lambda qid: LinkMention(qid, mention, "CUE", rid), quote)
        if own is not None:
            return True
        if suggested is not None:
            return self.session.perform(AcceptSuggestion(suggested))
        return self.session.perform(AddSpan(Span(editing.state.new_span_id("s"), start, end, "CUE")))

    # -- attributes ----------------------------------------------------------------------
    def set_kind(self, kind: str | None, span: Span | None = None) -> bool:
        return self._on_selected(lambda sid: SetSpanAttrs(sid, {"kind": kind}, f"Kind {kind or 'cleared'}"), span)

    def cycle_kind(self) -> bool:
        """Next kind of the scheme after the selected quote's (direct -> indirect -> mixed -> direct)."""
        span = selected_span(self.session)
        if span is None or span.label != "QUOTE":
            self.session.report_error("Select a quote first")
            return False
        kinds = self.session.scheme.quote_kinds
        current = str(span.attrs.get("kind") or "")
        following = kinds[(kinds.index(current) + 1) % len(kinds)] if current in kinds else kinds[0]
        return self.set_kind(following)

    def set_speaker_name(self, name: str | None, span: Span | None = None) -> bool:
        label = "Speaker name" if name else "Clear speaker name"
        return self._on_selected(lambda sid: SetSpanAttrs(sid, {"speaker_name": name or None}, label), span)

    def set_stance(self, stance: str | None, span: Span | None = None) -> bool:
        return self._on_selected(lambda sid: SetStance(sid, stance), span)

    def accept_stance(self) -> bool:
        """Take the model's stance for the selected span (a suggestion is accepted with it)."""
        return self._on_selected(AcceptStance)

    def accept_target(self) -> bool:
        """Take the model's target for the selected span (a suggestion is accepted with it)."""
        editing = self.session.editing
        if editing is None:
            return False
        rid = editing.state.new_relation_id("r")
        return self._on_selected(lambda sid: AcceptTarget(sid, rid))

    # -- links ---------------------------------------------------------------------------
    def _already(self, quote: Span, label: str, candidate: Candidate) -> bool:
        """Whether ``quote`` already links to that mention (no empty undo step then)."""
        editing = self.session.editing
        if editing is None:
            return False
        layer = editing.model if quote.is_suggestion else editing.state
        linked = layer.linked(quote.id, label) if label else None
        if label == "" and (found := target_of(layer, quote.id, self.session.scheme)) is not None:
            linked = found
        m = candidate.mention
        return linked is not None and not quote.is_suggestion and (linked.start, linked.end, linked.label) == (
            m.start, m.end, m.label)

    def link_speaker(self, candidate: Candidate) -> bool:
        """Link the selected quote to ``candidate``; fills an empty speaker name from the article's names."""
        editing = self.session.editing
        if editing is None:
            return False
        rid = editing.state.new_relation_id("r")
        quote = selected_span(self.session)
        if quote is None:
            self.session.report_error("Select a quote first")
            return False
        if self._already(quote, "SPEAKER", candidate):
            return True
        # The name follows the new mention (a pronoun keeps the name: it stands for someone named).
        mention = candidate.mention
        name = resolve_name(editing.article.text[mention.start:mention.end], self.names())

        def build(qid: str) -> Command:
            link = LinkMention(qid, mention, "SPEAKER", rid)
            if not name or name == quote.attrs.get("speaker_name"):
                return link
            return Macro("Link speaker", (link, SetSpanAttrs(qid, {"speaker_name": name}, "Set speaker name")))

        return self._on_selected(build, quote)

    def link_cue(self, candidate: Candidate) -> bool:
        """Link the selected quote to the cue ``candidate``."""
        editing = self.session.editing
        quote = selected_span(self.session)
        if editing is None or quote is None:
            self.session.report_error("Select a quote first")
            return False
        if self._already(quote, "CUE", candidate):
            return True
        rid = editing.state.new_relation_id("r")
        return self._on_selected(lambda qid: LinkMention(qid, candidate.mention, "CUE", rid), quote)

    def proposed_name(self) -> str:
        """A speaker name to offer: the linked mention's longest known form, or the current name."""
        editing = self.session.editing
        span = selected_span(self.session)
        if editing is None or span is None:
            return ""
        current = str(span.attrs.get("speaker_name") or "")
        if current:
            return current
        layer = editing.model if span.is_suggestion else editing.state
        speaker = layer.linked(span.id, "SPEAKER")
        if speaker is None:
            return ""
        text = editing.article.text
        return resolve_name(text[speaker.start:speaker.end], self.names())

    def names(self) -> list[str]:
        """The article's PERSON/ORG names, longest first (:func:`entity_names`): once per state and model,
        as the speaker popup and the pick that follows it ask for the same state's names."""
        editing = self.session.editing
        if editing is None:
            return []
        cached = self._names
        if cached is None or cached[0] is not editing.state or cached[1] is not editing.model \
                or cached[2] is not editing.article:
            names = entity_names(editing.article.text, editing.state, editing.pending_suggestions())
            cached = self._names = (editing.state, editing.model, editing.article, names)
        return list(cached[3])

    def set_target(self, candidate: Candidate | None) -> bool:
        editing = self.session.editing
        if editing is None:
            return False
        rid = editing.state.new_relation_id("r")
        if candidate is None:
            return self._on_selected(lambda sid: SetTarget(sid, None, rid))
        span = selected_span(self.session)
        if span is not None and self._already(span, "", candidate):
            return True
        return self._on_selected(lambda sid: TargetMention(sid, candidate.mention, rid))

    def unlink(self, relation: str) -> bool:
        return self._on_selected(lambda sid: Unlink(sid, relation))
