"""Inspector: everything about the selected span, as plain text (the label is readable without colour)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from ...domain import Annotations, Span, stance_and_target
from ..common.style import tint
from .article_view import ArticleView
from .marks import Mark
from .session import UiSession

_EXCERPT = 300


def _plain_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # article text is never interpreted as markup
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class Inspector(QWidget):
    """Shows the selected span: label, text, origin, attributes and relations. Read-only."""

    FIELDS = ("Label", "Text", "Origin", "Kind", "Speaker", "Stance", "Relations", "Position")

    def __init__(self, session: UiSession, view: ArticleView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self._session = session
        self._view = view
        self._empty = _plain_label("No span selected.\nSelect text and press a label key, or press Tab.")
        self._empty.setObjectName("inspectorEmpty")
        self._labels = {name: _plain_label() for name in self.FIELDS}
        self._labels["Label"].setObjectName("inspectorLabel")
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for name in self.FIELDS:
            form.addRow(name, self._labels[name])
        self._form = QWidget()
        self._form.setLayout(form)
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.addWidget(self._empty)
        inner.addWidget(self._form)
        inner.addStretch(1)
        # In a scroll area the wrapped values get the height they need, however small the dock.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self._stale = False
        self._was_shown = False  # never shown (tests, start-up): follows every change
        view.rendered.connect(self._on_rendered)  # after every change and selection, once the marks are fresh
        self.refresh()

    def field(self, name: str) -> str:
        """The text shown for ``name`` (one of :attr:`FIELDS`): what tests and screen readers see."""
        return self._labels[name].text()

    def _on_rendered(self) -> None:
        if self.isVisible() or not self._was_shown:
            self.refresh()
        else:
            self._stale = True  # redrawn when shown (see showEvent), not on every key

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._was_shown = True
        if self._stale:
            self.refresh()

    def refresh(self, *_: object) -> None:
        self._stale = False
        mark = self._view.mark(self._session.selected_span) if self._session.selected_span else None
        self._empty.setVisible(mark is None)
        self._form.setVisible(mark is not None)
        if mark is None:
            return
        editing = self._session.editing
        if editing is None:
            return
        span = mark.span
        text = editing.article.text[span.start : span.end]
        excerpt = text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…"
        colour = tint(self._session.scheme.color_of(span.label), 0.8).name()
        label = self._labels["Label"]
        label.setText(span.label)
        style = f"background: {colour}; padding: 2px 6px; font-weight: 600;"
        if label.styleSheet() != style:  # restyling is costly: only when the label changes
            label.setStyleSheet(style)
        self._labels["Text"].setText(excerpt)
        self._labels["Origin"].setText(_origin(mark))
        self._labels["Kind"].setText(str(span.attrs.get("kind", "—")))
        self._labels["Speaker"].setText(_speaker(span, editing.state, editing.article.text, mark.suggestion))
        layer = editing.model if mark.suggestion else editing.state
        found = stance_and_target(layer, span.id).stance if layer.get_span(span.id) is not None else None
        stance = found or "—"
        sure = span.attrs.get("stance_confidence")
        if found and span.is_suggestion and isinstance(sure, int | float):
            stance += f" (model's confidence {sure:.2f})"
        self._labels["Stance"].setText(stance)
        self._labels["Relations"].setText(_relations(span, editing.model if mark.suggestion else editing.state,
                                                     editing.article.text))
        self._labels["Position"].setText(f"characters {span.start}–{span.end}")


def _origin(mark: Mark) -> str:
    if not mark.suggestion:
        return "yours (human)"
    model = mark.span.attrs.get("model", "the model")
    version = mark.span.attrs.get("model_version")
    score = mark.span.attrs.get("score")
    text = f"suggestion from {model}" + (f" {version}" if version else "")
    if isinstance(score, int | float):
        text += f", score {score:.2f}"
    trained_on = mark.span.attrs.get("model_trained_on")
    if trained_on:
        text += f" (trained on {trained_on})"
    return text + " — not yet accepted"


def _excerpt(text: str, span: Span | None) -> str:
    if span is None:
        return "?"
    words = text[span.start : span.end]
    return words if len(words) <= 60 else words[:59] + "…"


def _speaker(span: Span, state: Annotations, text: str, suggestion: bool) -> str:
    name = span.attrs.get("speaker_name")
    linked = None if suggestion else state.linked(span.id, "SPEAKER")
    if linked is not None:
        return f"{_excerpt(text, linked)}" + (f" ({name})" if name else "")
    return str(name) if name else "—"


def _relations(span: Span, layer: Annotations, text: str) -> str:
    lines = [f"{rel.label} → {_excerpt(text, layer.get_span(rel.child))}" for rel in layer.relations_from(span.id)]
    for rel in layer.relations_to(span.id):  # the layer's index: no walk over every relation
        if rel.head != span.id:
            head = layer.get_span(rel.head)
            lines.append(f"{head.label if head else '?'} ({_excerpt(text, head)}) → this, as {rel.label}")
    return "\n".join(lines) if lines else "—"
