"""EditingSession: one annotator editing one article. Applies commands, writes each change in one transaction.

Qt-free so that the CLI, the crash-safety harness and the GUI share the same path; the GUI wraps it
in a ``QUndoStack``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..domain import MODEL_LAYER, Annotations, Article, Change, LabelScheme, Span
from ..editing import Command, EditContext, hide_weak_stances
from ..storage import Store


@dataclass(frozen=True)
class Transition:
    """The states before and after one command: what undo and redo restore."""

    name: str
    before: Annotations
    after: Annotations


class EditingSession:
    """Holds the current state of ``annotator``'s layer on one article and keeps the file in step."""

    def __init__(
        self,
        store: Store,
        article_id: str,
        annotator: str,
        scheme: LabelScheme,
        model_layer: str = MODEL_LAYER,
        min_stance_confidence: float = 0.0,
    ) -> None:
        self.store = store
        self.annotator = annotator
        self.scheme = scheme
        self.article: Article = store.article(article_id)
        self.model_layer = model_layer
        self.min_stance_confidence = min_stance_confidence
        """Stance suggestions less sure than this are hidden (and so never accepted): a setting of the app."""
        self.state: Annotations = store.annotations(article_id, annotator)
        self.model: Annotations = (
            self._read_model() if annotator != model_layer else Annotations(article_id, model_layer)
        )
        self.listeners: list[Callable[[Annotations], None]] = []
        self._pending: tuple[Annotations, Annotations, list[Span]] | None = None
        self._model_sorted: tuple[Annotations, list[Span]] | None = None

    @property
    def context(self) -> EditContext:
        return EditContext(text=self.article.text, scheme=self.scheme, model=self.model)

    def pending_suggestions(self) -> list[Span]:
        """Model suggestions not yet decided, in reading order.

        Every view asks for these after every edit; they are computed once per state and model.
        """
        if self._pending is None or self._pending[0] is not self.state or self._pending[1] is not self.model:
            if self._model_sorted is None or self._model_sorted[0] is not self.model:
                self._model_sorted = (self.model, self.model.sorted_spans())
            self._pending = (self.state, self.model, self.state.pending(self._model_sorted[1]))
        return list(self._pending[2])

    def perform(self, command: Command) -> Transition:
        """Apply ``command``, store the difference, notify. On any error nothing changes."""
        before = self.state
        after = command.apply(before, self.context)
        self.restore(after)
        return Transition(command.name, before, after)

    def restore(self, target: Annotations) -> None:
        """Make ``target`` the current state (undo and redo), written in one transaction."""
        change = Change.between(self.state, target)
        if not change.is_empty:
            self.store.apply(change)
        self.state = target
        for listener in list(self.listeners):
            listener(target)

    def _read_model(self) -> Annotations:
        model = self.store.annotations(self.article.id, self.model_layer)
        return hide_weak_stances(model, self.min_stance_confidence)

    def reload_model(self, min_stance_confidence: float | None = None) -> None:
        """Re-read the model layer after a pre-annotation run (or with another stance threshold)."""
        if min_stance_confidence is not None:
            self.min_stance_confidence = min_stance_confidence
        self.model = self._read_model()
        for listener in list(self.listeners):
            listener(self.state)
