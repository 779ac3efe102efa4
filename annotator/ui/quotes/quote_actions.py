"""Keyboard actions for quotes, speakers and stance: QActions with shortcuts, installed on a window.

Every action builds its command through :class:`QuoteEdits`, so a key does exactly what the
quotes panel does. Popups (speaker candidates, speaker name, target) are non-modal; the action
performs the command when one picks. ``shortcut_sheet()`` lists the keys for the help sheet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, QRect, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from ...domain import LabelKind, Span
from ...domain.quote_kind import trim_quote
from ...editing.candidates import Candidate, cue_candidates, cue_of, speaker_candidates, target_candidates
from ...editing.mention_context import context_of, grouped, text_occurrences
from ...editing.mentions import Mention
from ..workspace.quote_focus import selected_span
from ..workspace.session import UiSession
from .quote_edits import QuoteEdits
from .quote_popups import CandidatePopup, NamePopup

#: The current text selection of the article view, in code points, or ``None``.
SelectionSource = Callable[[], "tuple[int, int] | None"]


SHEET_GROUP = "Quotes, speakers and stance"


@dataclass(frozen=True)
class KeyHelp:
    """One line of the shortcut sheet."""

    keys: str
    what: str


class QuoteActions(QObject):
    """The quote tools' actions. ``popupShown(QWidget)`` announces each popup (tests and tours use it)."""

    popupShown = Signal(QWidget)

    def __init__(self, session: UiSession, selection: SelectionSource, host: QWidget,
                 edits: QuoteEdits | None = None, taken_keys: Iterable[str] = ()) -> None:
        super().__init__(host)
        self.session = session
        self.selection = selection
        self.host = host
        self.edits = edits or QuoteEdits(session)
        self.popup: QWidget | None = None
        self.actions: dict[str, QAction] = {}
        self.help: list[KeyHelp] = []
        scheme = session.scheme
        self._taken = {QKeySequence(k).toString() for k in taken_keys}
        self._add("mark_quote", "Mark the selection as a quote (kind guessed from the marks)", "Q", self.mark_quote)
        self._add("link_cue", "Cue of the selected quote: mark the selection, or pick a nearby cue", "Shift+C",
                  self.link_cue)
        self._add("cycle_kind", "Cycle quote kind (direct, indirect, mixed)", "K", self.edits.cycle_kind)
        self._add("link_speaker", "Link speaker: pick from nearby mentions (1-9 or Enter)", "L", self.link_speaker)
        self._add("speaker_name", "Set the resolved speaker name", "R", self.speaker_name)
        self._add("target", "Set the stance target (type to narrow)", "T", self.target)
        for label in scheme.of_kind(LabelKind.STANCE):  # the codebook's key; none when it gives none
            key = label.key.upper()
            self._add(f"stance_{label.name}", f"Stance: {label.name}", key,
                      lambda name=label.name: self.edits.set_stance(name))
        self._add("clear_stance", "Clear stance", "0", lambda: self.edits.set_stance(None))
        self._add("accept_stance", "Accept the model's stance for the selected quote or actor", "Shift+S",
                  self.edits.accept_stance)
        self._add("accept_target", "Accept the model's target for the selected quote or actor", "Shift+T",
                  self.edits.accept_target)
        self._add("clear_speaker", "Clear speaker link", "Alt+L", lambda: self.edits.unlink("SPEAKER"))
        self._add("clear_cue", "Clear cue link", "Alt+C", lambda: self.edits.unlink("CUE"))
        self._add("clear_name", "Clear speaker name", "Alt+N", lambda: self.edits.set_speaker_name(None))
        self._add("clear_target", "Clear target", "Alt+T", lambda: self.edits.set_target(None))
        self._add("clear_kind", "Clear quote kind", "Alt+K", lambda: self.edits.set_kind(None))

    def _add(self, name: str, text: str, keys: str, slot: Callable[..., object]) -> None:
        action = QAction(text, self.host)
        action.setObjectName(f"quote_{name}")
        action.setProperty("group", SHEET_GROUP)
        if keys and QKeySequence(keys).toString() in self._taken:
            # The window binds this key already (Q labels QUOTE in the article view, trimming the
            # quotation marks as this action does): the menu and the sheet still show it.
            action.setText(f"{text}\t{keys}")
        else:
            action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.host.addAction(action)
        self.actions[name] = action
        if keys:
            self.help.append(KeyHelp(keys, text))

    def shortcut_sheet(self) -> tuple[str, list[KeyHelp]]:
        """The section of the shortcut sheet: its title and lines."""
        return "Quotes, speakers and stance", list(self.help)

    # -- gestures -------------------------------------------------------------------------
    def mark_quote(self) -> bool:
        bounds = self.selection()
        if bounds is None:
            self.session.report_error("Select the words of the quote first")
            return False
        return self.edits.mark_quote(*bounds)

    def link_cue(self) -> bool | CandidatePopup | None:
        """With text selected: mark it as the selected quote's cue. Without: pick from nearby cue spans."""
        bounds = self.selection()
        if bounds is not None:
            return self.edits.mark_cue(*bounds)
        editing = self.session.editing
        quote = selected_span(self.session)
        if editing is None or quote is None or quote.label != "QUOTE":
            self.session.report_error("Select a quote first")
            return None
        candidates = cue_candidates(editing.article.text, quote, editing.state, editing.pending_suggestions())[:9]
        popup = CandidatePopup("Cue", candidates, parent=self.host)
        popup.picked.connect(lambda cand: self.edits.link_cue(cand))
        self._show(popup)
        return popup

    def _show(self, popup: QWidget) -> None:
        if self.popup is not None:
            try:
                self.popup.close()
            except RuntimeError:  # already deleted on close
                pass
        self.popup = popup
        back_to = QApplication.focusWidget() or self.host
        popup.closed.connect(lambda: self._popup_closed(back_to))  # type: ignore[attr-defined]
        popup.show_at(self.host, self._quote_on_screen())  # type: ignore[attr-defined]
        self.popupShown.emit(popup)

    def _quote_on_screen(self) -> QRect | None:
        """Where the selected quote (or span) is on screen, for the popup to leave it visible."""
        span = selected_span(self.session)
        view = getattr(self.host, "article_view", None)
        if span is None or view is None or not hasattr(view, "span_rect"):
            return None
        return view.span_rect(span.start, span.end)

    def _popup_closed(self, back_to: QWidget) -> None:
        """Give the keyboard back to where it was, so the next key works at once."""
        self.popup = None
        back_to.activateWindow()
        back_to.setFocus()

    def link_speaker(self) -> CandidatePopup | None:
        """Offer nearby mentions for the selected quote's speaker, most likely first."""
        editing = self.session.editing
        quote = selected_span(self.session)
        if editing is None or quote is None or quote.label != "QUOTE":
            self.session.report_error("Select a quote first")
            return None
        pending = editing.pending_suggestions()
        text = editing.article.text
        cue = cue_of(text, quote, editing.state, editing.model, pending)
        candidates = self._with_context(text, quote, speaker_candidates(text, quote, editing.state, pending, cue))[:9]
        popup = CandidatePopup("Speaker", candidates, parent=self.host)
        popup.picked.connect(self._speaker_picked)
        self._show(popup)
        return popup

    def _with_context(self, text: str, anchor: Span, candidates: list[Candidate]) -> list[Candidate]:
        """Each candidate with its sentence, distance and person; one person's mentions kept together,
        the groups in the order of their most likely mention."""
        names = self.edits.names()
        bounds = (anchor.start, anchor.end)
        decorated = [replace(c, context=context_of(text, c.mention.start, c.mention.end, bounds, names))
                     for c in candidates]
        return grouped(decorated, lambda c: c.context.person if c.context else c.text)

    def _speaker_picked(self, candidate: object) -> None:
        # The name is a separate step (R offers the mention's longest form), so undo takes back one thing at a time.
        if isinstance(candidate, Candidate):
            self.edits.link_speaker(candidate)

    def speaker_name(self) -> NamePopup | None:
        if selected_span(self.session) is None:
            self.session.report_error("Select a quote first")
            return None
        popup = NamePopup("Speaker name", self.edits.names(), self.edits.proposed_name(), parent=self.host)
        popup.accepted.connect(lambda name: self.edits.set_speaker_name(name or None))
        self._show(popup)
        return popup

    def target(self) -> CandidatePopup | None:
        """Pick the target: from the article's mentions (type to narrow), or, with words selected in the
        text, that selection (an existing span there, else a new entity span whose label one picks by number)."""
        editing = self.session.editing
        span = selected_span(self.session)
        if editing is None or span is None:
            self.session.report_error("Select a quote or an actor span first")
            return None
        text = editing.article.text
        pending = editing.pending_suggestions()
        own_labels = [name for name in self.session.scheme.span_labels if name not in ("QUOTE", "CUE")]
        candidates = self._with_context(text, span, target_candidates(text, span, editing.state, pending, own_labels))
        bounds = self.selection()
        if bounds is not None:
            start, end = trim_quote(text, *bounds)
            exact = [c for c in candidates if (c.mention.start, c.mention.end) == (start, end)]
            if exact:
                self.edits.set_target(exact[0])
                return None
            labels = self.session.scheme.entity_labels[:9]
            candidates = [Candidate(Mention(start, end, label), text[start:end], f"new {label}") for label in labels]
            popup = CandidatePopup("Target: mark the selection as", candidates, parent=self.host)
        else:
            taken = [(c.mention.start, c.mention.end) for c in candidates]
            labels = [label for label in ("PERSON", "ORG", "GPE", "NORP") if label in self.session.scheme.entity_labels]
            names = self.edits.names()

            def from_text(typed: str) -> list[Candidate]:
                """What was typed, found in the text with no span yet: offered as a new entity span."""
                return [
                    Candidate(Mention(s, e, label), text[s:e], f"new {label} from the text",
                              context=context_of(text, s, e, (span.start, span.end), names))
                    for s, e in text_occurrences(text, typed, (span.start, span.end), taken)
                    for label in labels
                ]

            popup = CandidatePopup("Target (type a name; one with no span yet is found in the text)", candidates,
                                   filterable=True, parent=self.host, more=from_text)
        popup.picked.connect(lambda cand: self.edits.set_target(cand))
        self._show(popup)
        return popup
