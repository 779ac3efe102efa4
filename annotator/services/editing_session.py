"""EditingSession: one annotator editing one article. Applies commands, writes each change in one transaction.

Qt-free so that the CLI, the crash-safety harness and the GUI share the same path; the GUI wraps it
in a ``QUndoStack``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..domain import MODEL_LAYER, Annotations, AnnotatorError, Article, Change, LabelScheme, Span, suggestion_key
from ..editing import Command, EditContext, hide_weak_stances
from ..storage import LayerConflictError, Store
from .rebase import rebase


@dataclass(frozen=True)
class Transition:
    """The states before and after one command: what undo and redo restore."""

    name: str
    before: Annotations
    after: Annotations
    #: The session's :attr:`EditingSession.generation` when it was made: a transition from before a
    #: reload refers to states that no longer exist and is not restored.
    generation: int = 0
    #: Set when another writer's change was found at write time: the layer was reloaded and the
    #: command applied again on the fresh state (what the window then tells the user).
    rebased: bool = False


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
        self.state, self.revision = store.annotations_at(article_id, annotator)
        #: Counted up by every reload after a conflict; see :class:`Transition`.
        self.generation = 0
        self.model: Annotations = (
            self._read_model() if annotator != model_layer else Annotations(article_id, model_layer)
        )
        self.listeners: list[Callable[[Annotations], None]] = []
        #: What the latest restore changed (an edit, undo or redo), so that views redraw only that;
        #: ``None`` after a reload, when anything may differ.
        self.last_change: Change | None = None
        self._last_before: Annotations | None = None  # the state ``last_change`` went from
        self._pending: tuple[Annotations, Annotations, list[Span]] | None = None
        self._model_sorted: tuple[Annotations, list[tuple[str, Span]], set[str]] | None = None

    @property
    def last_before(self) -> Annotations | None:
        """The state :attr:`last_change` went from (views that keep their own figures roll them forward
        from it only when it is the state they last saw)."""
        return self._last_before

    @property
    def context(self) -> EditContext:
        return EditContext(text=self.article.text, scheme=self.scheme, model=self.model)

    def pending_suggestions(self) -> list[Span]:
        """Model suggestions not yet decided, in reading order.

        Every view asks for these after every edit; they are computed once per state and model.
        """
        if self._pending is None or self._pending[0] is not self.state or self._pending[1] is not self.model:
            if self._model_sorted is None or self._model_sorted[0] is not self.model:
                # Each suggestion's key once per model run, not once per edit (as Annotations.pending would).
                keyed = [(suggestion_key(s), s) for s in self.model.sorted_spans()]
                self._model_sorted = (self.model, keyed, {key for key, _ in keyed})
            previous = self._pending
            if previous is not None and previous[1] is self.model and self._same_pending(previous[0]):
                pending = previous[2]  # the edit touched no span a suggestion is compared with
            else:
                decided, own = self.state.decisions, {suggestion_key(s) for s in self.state.spans}
                pending = [s for key, s in self._model_sorted[1] if key not in decided and key not in own]
            self._pending = (self.state, self.model, pending)
        return list(self._pending[2])

    def _same_pending(self, before: Annotations) -> bool:
        """Whether the pending suggestions of ``before`` are those of the current state: the last
        change went from ``before`` to it, decided nothing, and touched no span with a suggestion's key."""
        change, after = self.last_change, self.state
        if change is None or self._model_sorted is None or change.upsert_decisions or change.delete_decisions:
            return False
        if before.decisions is not after.decisions and before.decisions != after.decisions:
            return False
        if before is not self._last_before:
            return False  # the change is not the one from ``before`` (another state came between)
        keys = self._model_sorted[2]
        for span_id in change.touched:
            for span in (before.get_span(span_id), after.get_span(span_id)):
                if span is not None and suggestion_key(span) in keys:
                    return False
        return True

    def perform(self, command: Command) -> Transition:
        """Apply ``command``, store the difference, notify. On any error nothing changes.

        Every write names the layer revision this session read; if another window or program wrote
        the layer since, the session reloads it and replays the command's difference on the fresh
        state (``rebased`` in the result; see :func:`rebase`). If the command no longer fits the fresh state, it raises
        :class:`LayerConflictError` saying so: the layer shown is then the stored one, without the edit.
        """
        before = self.state
        after = command.apply(before, self.context)
        try:
            self.restore(after)
        except LayerConflictError:
            self.reload()
            fresh = self.state
            try:
                # The edit's own difference, replayed on the stored layer (new ids renamed if taken).
                after = rebase(before, after, fresh, len(self.article.text))
            except (AnnotatorError, ValueError, KeyError) as exc:
                raise LayerConflictError(
                    f"another window or program changed this layer meanwhile; it was reloaded and "
                    f"“{command.name}” was undone, as it no longer fits ({exc})"
                ) from exc
            self.restore(after)  # a second conflict in a row propagates: nothing stored, state reloaded
            return Transition(command.name, fresh, after, self.generation, rebased=True)
        return Transition(command.name, before, after, self.generation)

    def restore(self, target: Annotations, *, generation: int | None = None) -> None:
        """Make ``target`` the current state (undo and redo), written in one transaction.

        ``generation`` is the transition's; a state from before a reload is refused (restoring it
        would silently remove what the other writer stored).
        """
        if generation is not None and generation != self.generation:
            raise LayerConflictError(
                "this step was made before the layer was reloaded (another window or program changed "
                "it); it cannot be undone or redone any more"
            )
        change = Change.between(self.state, target)
        if not change.is_empty:
            try:
                self.revision = self.store.apply(change, expected_revision=self.revision)
            except LayerConflictError:
                if generation is not None:  # an undo or redo: show the stored layer, then say so
                    self.reload()
                raise
        self._last_before, self.state = self.state, target
        self.last_change = change
        for listener in list(self.listeners):
            listener(target)

    def reload(self) -> None:
        """Re-read the layer from the file (after another writer's change) and notify listeners."""
        self.state, self.revision = self.store.annotations_at(self.article.id, self.annotator)
        self.last_change = None
        self.generation += 1
        for listener in list(self.listeners):
            listener(self.state)

    def _read_model(self) -> Annotations:
        model = self.store.annotations(self.article.id, self.model_layer)
        return hide_weak_stances(model, self.min_stance_confidence)

    def reload_model(self, min_stance_confidence: float | None = None) -> None:
        """Re-read the model layer after a pre-annotation run (or with another stance threshold)."""
        if min_stance_confidence is not None:
            self.min_stance_confidence = min_stance_confidence
        self.model = self._read_model()
        self.last_change = None
        for listener in list(self.listeners):
            listener(self.state)
