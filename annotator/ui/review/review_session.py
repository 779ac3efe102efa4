"""ReviewSession: the state of the review window, one reviewer adjudicating layers into gold.

Holds which layers are compared, the article under review, its differences and the current
one. Every decision is a command pushed on a :class:`UiSession` over the ``gold`` layer, so it
is written at once and undone with the same stack as any edit. Views subscribe to the signals
and re-render from the public state; nothing here knows about widgets.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from ...domain import GOLD_LAYER, Annotations, AnnotatorError, Span
from ...editing import Command, Macro
from ...review import AgreementRegion, Difference, is_resolved
from ...review.bulk import labels_of, remaining_like
from ...review.differences import DifferenceKind
from ...services.adjudication import (
    AcceptAgreements,
    Adjudicate,
    ArticleReview,
    MarkDecided,
    decided_elsewhere,
    decided_keys,
    decision_of,
    gold_span_for,
    iter_reviews,
    load_review,
)
from ...services.reviewing import human_layers
from ...services.scheme import project_scheme
from ...storage import Comment, LayerSaved, Store
from ..workspace.session import UiSession


class ReviewSession(QObject):
    """Signals: ``layersChanged`` (the compared layers), ``articleOpened(article_id)``,
    ``currentChanged(index)`` (-1: none), ``resolutionChanged()`` after every write to gold
    (decisions, undo, redo), ``commentsChanged()``, ``errorRaised(message)``, ``articlesChanged()``
    when colleagues' saves changed which articles can be reviewed or how far they are."""

    layersChanged = Signal()
    articlesChanged = Signal()
    articleOpened = Signal(str)
    currentChanged = Signal(int)
    resolutionChanged = Signal()
    commentsChanged = Signal()
    errorRaised = Signal(str)
    filterChanged = Signal()
    refreshed = Signal()

    def __init__(self, store: Store, reviewer: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.reviewer = reviewer
        self.gold = UiSession(store, GOLD_LAYER, project_scheme(store), self)
        self.auto_advance = True
        self._layers: tuple[str, ...] = ()
        self._review: ArticleReview | None = None
        self._current = -1
        self.filter_kind: DifferenceKind | None = None
        self.filter_label: str | None = None
        self._revisions: tuple[int, ...] = ()
        self.gold.changed.connect(self._on_gold_changed)
        self.gold.errorRaised.connect(self.errorRaised)

    # -- layers and articles --------------------------------------------------------------
    def available_layers(self) -> list[str]:
        """The layers one can compare: every human layer of the project."""
        return human_layers(self.store)

    @property
    def layers(self) -> tuple[str, ...]:
        return self._layers

    def set_layers(self, names: Sequence[str]) -> None:
        """Compare ``names`` (in this order: the first is "A", key 1); re-open the current article."""
        names = tuple(names)
        if names == self._layers:
            return
        self._layers = names
        article_id = self.article_id
        self._review = None
        self._current = -1
        self.layersChanged.emit()
        if article_id is not None and len(names) >= 2 and all(n in self.store.layers_of(article_id) for n in names):
            self.open_article(article_id)
        else:
            self.currentChanged.emit(-1)

    def on_saved(self, saved: Sequence[LayerSaved]) -> None:
        """Saves made elsewhere (a colleague on the server, another window or program on the file):
        re-read the open article when one of the compared layers or gold changed, keeping the current
        difference; the article list follows. This window's own gold saves are skipped."""
        try:
            touched = [s for s in saved if s.layer in self._layers or (s.layer == GOLD_LAYER and not self._own_gold(s))]
            if not touched:
                return
            self.articlesChanged.emit()
            if self.article_id is not None and any(s.article_id == self.article_id for s in touched):
                self.refresh_article()
        except AnnotatorError as exc:  # the server went away meanwhile: say so, keep what is shown
            self.errorRaised.emit(f"Could not show a save made elsewhere: {exc}")

    def _own_gold(self, saved: LayerSaved) -> bool:
        """Whether a gold save is the one this window just made (its revision is the one we hold)."""
        editing = self.gold.editing
        return (
            editing is not None
            and editing.article.id == saved.article_id
            and self.store.layer_revision(saved.article_id, GOLD_LAYER) == editing.revision
        )

    def refresh_article(self) -> None:
        """Re-read the open article's layers and gold as stored now; the current difference stays
        (clamped when there are fewer)."""
        article_id = self.article_id
        if article_id is None or len(self._layers) < 2:
            return
        editing = self.gold.editing
        if editing is not None and editing.article.id == article_id:
            if self.store.layer_revision(article_id, GOLD_LAYER) != editing.revision:
                editing.reload()
        current = self._current
        self._review = load_review(self.store, article_id, self._layers)
        count = len(self.differences)
        self._current = min(max(current, 0), count - 1) if count else -1
        self.articleOpened.emit(article_id)
        self.currentChanged.emit(self._current)
        self.resolutionChanged.emit()

    def reviews(self) -> list[ArticleReview]:
        """Every article that has all the compared layers, with its differences and gold."""
        return list(iter_reviews(self.store, self._layers))

    def open_article(self, article_id: str) -> None:
        if len(self._layers) < 2:
            self.errorRaised.emit("Pick at least two layers to compare")
            return
        self._review = load_review(self.store, article_id, self._layers)
        self._revisions = self._layer_revisions()
        self.gold.open_article(article_id)
        self._current = 0 if self.differences else -1
        self.articleOpened.emit(article_id)
        self.currentChanged.emit(self._current)

    @property
    def article_id(self) -> str | None:
        return self._review.article_id if self._review else None

    @property
    def text(self) -> str:
        return self.gold.editing.article.text if self.gold.editing and self._review else ""

    @property
    def layer_annotations(self) -> dict[str, Annotations]:
        return dict(self._review.layers) if self._review else {}

    @property
    def differences(self) -> tuple[Difference, ...]:
        return self._review.differences.differences if self._review else ()

    @property
    def agreements(self) -> tuple[AgreementRegion, ...]:
        return self._review.differences.agreements if self._review else ()

    @property
    def gold_state(self) -> Annotations | None:
        return self.gold.state if self._review else None

    # -- progress -------------------------------------------------------------------------
    def is_resolved(self, difference: Difference) -> bool:
        gold = self.gold_state
        return gold is not None and is_resolved(difference, gold, rejected=decided_keys(gold))

    def progress(self) -> tuple[int, int]:
        """``(resolved, total)`` differences of the open article."""
        return sum(self.is_resolved(d) for d in self.differences), len(self.differences)

    def decision(self, difference: Difference) -> str | None:
        """What was decided: the kept layer's name, ``"none"``, ``"edited"``; ``None`` while undecided."""
        gold = self.gold_state
        if gold is None or not self.is_resolved(difference):
            return None
        return decision_of(difference, gold)

    # -- moving ---------------------------------------------------------------------------
    @property
    def current_index(self) -> int:
        return self._current

    @property
    def current(self) -> Difference | None:
        return self.differences[self._current] if 0 <= self._current < len(self.differences) else None

    def go_to(self, index: int) -> None:
        if not self.differences:
            return
        index = max(0, min(index, len(self.differences) - 1))
        if index != self._current:
            self._current = index
            self.currentChanged.emit(index)

    def step(self, delta: int) -> None:
        """The next (``delta`` > 0) or previous difference the filter shows, stopping at the ends."""
        index = self._current + delta
        while 0 <= index < len(self.differences) and not self.visible(self.differences[index]):
            index += 1 if delta > 0 else -1
        if 0 <= index < len(self.differences):
            self.go_to(index)

    # -- filter, count left, bulk decisions --------------------------------------------------
    def visible(self, difference: Difference) -> bool:
        """Whether the kind and label filter shows ``difference``."""
        if self.filter_kind is not None and difference.kind is not self.filter_kind:
            return False
        return self.filter_label is None or self.filter_label in labels_of(difference)

    def set_filter(self, kind: DifferenceKind | None = None, label: str | None = None) -> None:
        """Show only differences of ``kind`` and with ``label`` (``None``: any); moves to the first shown."""
        self.filter_kind, self.filter_label = kind, label
        self.filterChanged.emit()
        if self.current is not None and not self.visible(self.current):
            first = next((n for n, d in enumerate(self.differences) if self.visible(d)), -1)
            if first >= 0:
                self.go_to(first)

    def remaining(self) -> int:
        """Undecided differences the filter shows."""
        return sum(1 for d in self.differences if self.visible(d) and not self.is_resolved(d))

    def decide_all(self, option: int, *, by_label: bool = True, by_kind: bool = True) -> int:
        """Keep layer ``option``'s version (0: none) for every remaining difference of the current one's
        label and/or kind (within the filter), as one undo step. Returns how many were decided."""
        current = self.current
        if current is None or self._review is None or not 0 <= option <= len(self._layers):
            return 0
        targets = [d for d in remaining_like(self.differences, current, self.is_resolved,
                                             by_label=by_label, by_kind=by_kind) if self.visible(d)]
        if not targets:
            self.errorRaised.emit("No differences like this one are left")
            return 0
        layer = self.option_layer(option)
        self._seed_gold()
        commands = tuple(Adjudicate(d, layer if layer in d.span_ids else None, self._review.layers) for d in targets)
        scope = " and ".join(w for w, on in (("label", by_label), ("kind", by_kind)) if on)
        if not self.gold.perform(Macro(f"Keep {layer or 'none'} for {len(targets)} differences of this {scope}",
                                       commands)):
            return 0
        return len(targets)

    # -- following other writers ----------------------------------------------------------------
    def _layer_revisions(self) -> tuple[int, ...]:
        article_id = self.article_id
        if article_id is None:
            return ()
        return tuple(self.store.layer_revision(article_id, name) for name in self._layers)

    def refresh(self, *_: object) -> bool:
        """Re-read the compared layers when they changed (this window, another window, a colleague):
        the differences, the article list and its progress follow. True when something changed."""
        article_id = self.article_id
        if article_id is None or len(self._layers) < 2:
            return False
        revisions = self._layer_revisions()
        if revisions == self._revisions:
            return False
        self._revisions = revisions
        current = self.current
        self._review = load_review(self.store, article_id, self._layers)
        keys = [d.key for d in self.differences]
        self._current = keys.index(current.key) if current is not None and current.key in keys else (
            min(max(self._current, 0), len(keys) - 1) if keys else -1)
        self.refreshed.emit()
        self.articleOpened.emit(article_id)
        self.currentChanged.emit(self._current)
        return True

    # -- decisions ------------------------------------------------------------------------
    def option_layer(self, option: int) -> str | None:
        """The layer of decision key ``option`` (1 = first layer), ``None`` for 0 or out of range."""
        return self._layers[option - 1] if 1 <= option <= len(self._layers) else None

    def decide(self, option: int) -> bool:
        """Keep the version of layer number ``option`` (1-based) of the current difference; 0 keeps none.

        Choosing a layer that lacks the item means agreeing with it that there is none.
        """
        difference = self.current
        if difference is None or self._review is None or not 0 <= option <= len(self._layers):
            return False
        if self._decided_meanwhile(difference):
            return False
        layer = self.option_layer(option)
        choice = layer if layer in difference.span_ids else None
        self._seed_gold()
        done = self.gold.perform(Adjudicate(difference, choice, self._review.layers))
        if done and self.auto_advance:
            self.step(1)
        return done

    def edit_gold_span(self, label: str, commands: Sequence[Command]) -> bool:
        """Apply the reviewer's own edits of gold at the current difference, counted as its decision."""
        difference = self.current
        if difference is None or self._decided_meanwhile(difference):
            return False
        self._seed_gold()
        return self.gold.perform(Macro(f"Edit gold {label}", (*commands, MarkDecided(difference))))

    def _decided_meanwhile(self, difference: Difference) -> bool:
        """A difference this window shows undecided that another curator decided since: say who, show
        their decision, and decide nothing (never a silent overwrite). One this window already showed
        decided may be changed on purpose."""
        editing = self.gold.editing
        if editing is None or self.is_resolved(difference):
            return False
        who = decided_elsewhere(self.store, editing.article.id, difference, editing.revision)
        if who is None:
            return False
        self.refresh_article()
        self.errorRaised.emit(f"This difference was already decided by {who}; their decision is shown")
        return True

    def _seed_gold(self) -> None:
        """Copy the agreed spans into an empty gold layer first (its own undo step)."""
        gold = self.gold_state
        if self._review is None or gold is None or gold.spans or not self.agreements:
            return
        self.gold.perform(AcceptAgreements(self.agreements, self._layers[0], self._review.layers, self.differences))

    def gold_span_at(self, difference: Difference) -> Span | None:
        """Gold's span for ``difference``: one with a layer's range and label, else an overlapping one of its labels."""
        gold = self.gold_state
        return gold_span_for(difference, gold) if gold is not None else None

    def undo(self) -> None:
        self.gold.undo()

    def redo(self) -> None:
        self.gold.redo()

    def _on_gold_changed(self, _state: object) -> None:
        self.resolutionChanged.emit()

    # -- comments -------------------------------------------------------------------------
    def comments(self) -> list[Comment]:
        return self.store.comments(self.article_id) if self.article_id else []

    def add_comment(self, body: str, *, on_difference: bool) -> int | None:
        """Store a plain-text comment on the article or on the current difference's first span.

        A span comment's ``span_id`` names the layer too (``"alice:e4"``): span ids are per layer.
        """
        body = body.strip()
        if not body or self.article_id is None:
            return None
        span_ref = None
        if on_difference and self.current is not None:
            layer, sid = next(iter(self.current.span_ids.items()))
            span_ref = f"{layer}:{sid}"
        comment_id = self.store.add_comment(self.article_id, self.reviewer, body, span_ref)
        self.commentsChanged.emit()
        return comment_id

