"""A minimal editor of gold at one difference: the span's label and bounds, as undoable gold edits.

For what the buttons cannot express (e.g. a third reading of a quote's extent). Larger edits
belong in the normal workspace opened on the gold layer.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QWidget

from ...domain import Span
from ...editing import AddSpan, Command, RelabelSpan, ResizeSpan
from .review_session import ReviewSession


class GoldSpanEditor(QDialog):
    """Label, start and end of gold's span at the current difference (one is created if gold has none)."""

    def __init__(self, review: ReviewSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit gold span")
        self._review = review
        difference = review.current
        if difference is None:
            raise ValueError("no current difference")
        self._difference = difference
        existing = review.gold_span_at(difference)
        first = next(iter(difference.span_ids))
        start, end = existing and (existing.start, existing.end) or difference.bounds[first]
        self.span = existing
        form = QFormLayout(self)
        text = review.text
        self.label = QComboBox()
        self.label.addItems(list(review.gold.scheme.span_labels))
        self.label.setCurrentText(existing.label if existing else difference.labels[first])
        self.start = QSpinBox()
        self.end = QSpinBox()
        for box, value in ((self.start, start), (self.end, end)):
            box.setRange(0, len(text))
            box.setValue(value)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.start.valueChanged.connect(self._update_preview)
        self.end.valueChanged.connect(self._update_preview)
        form.addRow("Label", self.label)
        form.addRow("Start", self.start)
        form.addRow("End", self.end)
        form.addRow("Text", self.preview)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._update_preview()

    def _update_preview(self) -> None:
        self.preview.setText(self._review.text[self.start.value() : self.end.value()])

    def commands(self) -> list[Command]:
        """The gold edits the form asks for (empty when nothing changes)."""
        label, start, end = self.label.currentText(), self.start.value(), self.end.value()
        gold = self._review.gold_state
        if gold is None or end <= start:
            return []
        if self.span is None:
            return [AddSpan(Span(gold.new_span_id("g"), start, end, label))]
        out: list[Command] = []
        if label != self.span.label:
            out.append(RelabelSpan(self.span.id, label))
        if (start, end) != (self.span.start, self.span.end):
            out.append(ResizeSpan(self.span.id, start, end))
        return out

    def accept(self) -> None:
        commands = self.commands()
        if commands:
            ok = self._review.edit_gold_span(self.label.currentText(), commands)
            if not ok:
                return
        super().accept()
