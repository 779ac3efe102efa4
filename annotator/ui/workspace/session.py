"""UiSession: the GUI's hold on a project. Wraps editing sessions in Qt undo stacks and tells views what changed.

Data flows one way: a gesture builds a command, :meth:`UiSession.perform` pushes it, the command's
``redo`` writes to the project file, and the ``changed`` signal lets every view re-render from state.
"""

from __future__ import annotations

import gc
import zlib

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoGroup, QUndoStack

from ...domain import Annotations, AnnotatorError, Change, LabelScheme, suggestion_key
from ...editing import Command
from ...services.editing_session import EditingSession, Transition
from ...storage import LayerConflictError, Store

#: What the status bar says when another writer's change was found and the edit was redone on it.
REBASED_MESSAGE = "Another window or program had changed this layer: it was reloaded and your edit redone on it"


#: How long after an article opens its objects are collected once and frozen (see ``UiSession``).
SETTLE_MS = 250


def settle_garbage() -> None:
    """Collect garbage once and move what survives out of the collector's way (``gc.freeze``).

    Unfreezing first lets what the previous article left behind be collected too.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class _EditCommand(QUndoCommand):
    """One command on the undo stack. The first redo performs it; later ones restore its result."""

    def __init__(self, session: UiSession, editing: EditingSession, command: Command) -> None:
        super().__init__(command.name)
        self._session = session
        self._editing = editing
        self._command = command
        self._transition: Transition | None = None
        self.failed: Exception | None = None

    def id(self) -> int:  # noqa: A003 - Qt's name
        key = getattr(self._command, "merge_key", None)
        return zlib.crc32(key.encode()) & 0x7FFFFFFF if key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, _EditCommand) or other._transition is None or self._transition is None:
            return False
        if other._editing is not self._editing or other._transition.generation != self._transition.generation:
            return False
        self._transition = Transition(
            self.text(), self._transition.before, other._transition.after, other._transition.generation
        )
        return True

    def redo(self) -> None:
        first = self._transition is None
        try:
            if self._transition is None:
                self._transition = self._editing.perform(self._command)
            else:
                self._editing.restore(self._transition.after, generation=self._transition.generation)
        except (AnnotatorError, ValueError, KeyError) as exc:
            self.failed = exc
            self.setObsolete(True)
            self._session.report_error(str(exc))
            if isinstance(exc, LayerConflictError):
                self._session.after_reload(self._editing)
            return
        change = self._editing.last_change
        if first and change is not None and change.is_empty and not self._transition.rebased:
            self.setObsolete(True)  # nothing changed: no empty undo step, nothing to redraw
            return
        self._session.after_write(self._editing, REBASED_MESSAGE if self._transition.rebased else "Saved")

    def undo(self) -> None:
        if self._transition is None:
            return
        try:
            self._editing.restore(self._transition.before, generation=self._transition.generation)
        except AnnotatorError as exc:
            self._session.report_error(f"Undo was not stored: {exc}")
            if isinstance(exc, LayerConflictError):
                self._session.after_reload(self._editing)
            return
        self._session.after_write(self._editing)


class UiSession(QObject):
    """One project open in the GUI for one annotator.

    Signals: ``articleOpened(article_id)``, ``changed(Annotations)`` after every edit, undo or redo
    (:attr:`last_change` then says what it touched, or is ``None`` when anything may differ),
    ``saved(message)`` when a write reached the file, ``errorRaised(message)`` when an edit was refused
    or could not be stored (nothing changed then), ``selectionChanged(span_id)``.
    """

    articleOpened = Signal(str)
    changed = Signal(object)
    saved = Signal(str)
    errorRaised = Signal(str)
    selectionChanged = Signal(str)
    modelChanged = Signal()

    def __init__(self, store: Store, annotator: str, scheme: LabelScheme, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.annotator = annotator
        self.scheme = scheme
        self.undo_group = QUndoGroup(self)
        self._stacks: dict[str, QUndoStack] = {}
        self._sessions: dict[str, EditingSession] = {}
        self.editing: EditingSession | None = None
        self.selected_span: str = ""
        self._select_after: str | None = None
        self._selected_key: str = ""
        """Label and bounds of the selected span, so that the selection follows it across an undo
        (an accepted span back to its suggestion) or a redo (the suggestion to the accepted span)."""
        self.min_stance_confidence = 0.0
        """Stance suggestions below this confidence are hidden (the app's setting, see AppSettings)."""
        #: What the edit behind the latest ``changed`` touched; ``None``: redraw everything.
        self.last_change: Change | None = None
        # A long article is tens of thousands of long-lived objects (spans, marks, highlights); a
        # full collection over them costs 20-50 ms, and the collector runs it whenever allocations
        # say so: inside some key press. Once the article is open and the user has not typed yet,
        # collect once and freeze what survives, so later collections skip it.
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(settle_garbage)

    # -- articles -------------------------------------------------------------------------
    def open_article(self, article_id: str) -> EditingSession:
        """Make ``article_id`` current; each article keeps its own undo history while the project is open."""
        editing = self._sessions.get(article_id)
        if editing is None:
            editing = EditingSession(
                self.store, article_id, self.annotator, self.scheme, min_stance_confidence=self.min_stance_confidence
            )
            self._sessions[article_id] = editing
            stack = QUndoStack(self.undo_group)
            self._stacks[article_id] = stack
        self.editing = editing
        self.undo_group.setActiveStack(self._stacks[article_id])
        self.selected_span = ""
        self.last_change = None
        self._settle.start()
        self.articleOpened.emit(article_id)
        self.changed.emit(editing.state)
        return editing

    @property
    def article_id(self) -> str | None:
        return self.editing.article.id if self.editing else None

    @property
    def state(self) -> Annotations | None:
        return self.editing.state if self.editing else None

    def undo_stack(self) -> QUndoStack | None:
        return self.undo_group.activeStack()

    # -- edits ----------------------------------------------------------------------------
    def perform(self, command: Command, *, select: str | None = None) -> bool:
        """Push ``command`` on the current article's undo stack; True when it was applied and stored.

        ``select`` names the span to select once the edit is applied (e.g. the one just added), so
        that views redraw once for the edit and the new selection together.
        """
        if self.editing is None:
            self.report_error("Open an article first")
            return False
        stack = self._stacks[self.editing.article.id]
        edit = _EditCommand(self, self.editing, command)
        self._select_after = select
        try:
            stack.push(edit)
        finally:
            self._select_after = None
        return edit.failed is None

    def undo(self) -> None:
        self.undo_group.undo()

    def redo(self) -> None:
        self.undo_group.redo()

    def select(self, span_id: str) -> None:
        if span_id != self.selected_span:
            self.selected_span = span_id
            self._selected_key = self._key_of(span_id)
            self.selectionChanged.emit(span_id)

    def _span_of(self, ref: str) -> object | None:
        if self.editing is None or not ref:
            return None
        if ref.startswith("model:"):
            span = self.editing.model.get_span(ref[len("model:") :])
            return span if span is not None and self.editing.state.pending([span]) else None
        return self.editing.state.get_span(ref)

    def _key_of(self, ref: str) -> str:
        span = self._span_of(ref)
        return suggestion_key(span) if span is not None else ""  # type: ignore[arg-type]

    def _follow_selection(self) -> bool:
        """After an undo or redo: when the selected span is gone, select what stands in its place
        (the same label and bounds, own or suggested). True when the selection moved."""
        if self.editing is None or not self.selected_span or not self._selected_key:
            return False
        if self._span_of(self.selected_span) is not None:
            return False
        key = self._selected_key
        own = next((s.id for s in self.editing.state.spans if suggestion_key(s) == key), None)
        if own is None:
            own = next((f"model:{s.id}" for s in self.editing.pending_suggestions() if suggestion_key(s) == key), None)
        self.selected_span = own or ""
        if not own:
            self._selected_key = ""
        return True

    def set_min_stance_confidence(self, threshold: float) -> None:
        """Hide stance suggestions below ``threshold`` (0 shows all) in every article, and redraw."""
        self.min_stance_confidence = max(0.0, min(1.0, float(threshold)))
        self.reload_model()

    def reload_model(self) -> None:
        """Re-read the model layer of open articles (after pre-annotation) and redraw."""
        for editing in self._sessions.values():
            editing.reload_model(self.min_stance_confidence)
        self.last_change = None
        self.modelChanged.emit()
        if self.editing is not None:
            self.changed.emit(self.editing.state)

    def reload_layer(self) -> None:
        """Re-read the open article's layer as stored (a team server back after a lost connection:
        an edit whose answer was lost may have landed) and redraw everything: the last edit's change
        no longer leads to the state shown, so no view may roll its figures forward by it."""
        if self.editing is None:
            return
        self.editing.state = self.store.annotations(self.editing.article.id, self.annotator)
        self.after_reload(self.editing)

    # -- notifications --------------------------------------------------------------------
    def after_reload(self, editing: EditingSession) -> None:
        """The layer was re-read from the file (another writer's change): redraw from it."""
        if editing is self.editing:
            self.last_change = None
            self.changed.emit(editing.state)

    def after_write(self, editing: EditingSession, message: str = "Saved") -> None:
        selection_moved = False
        if editing is self.editing:
            if self._select_after is not None and self._select_after != self.selected_span:
                self.selected_span = self._select_after
                self._selected_key = self._key_of(self._select_after)
                selection_moved = True
            elif self._select_after is None:
                selection_moved = self._follow_selection()
            self.last_change = editing.last_change
            self.changed.emit(editing.state)
        if selection_moved:
            self.selectionChanged.emit(self.selected_span)
        self.saved.emit(message)

    def report_error(self, message: str) -> None:
        self.errorRaised.emit(message)
