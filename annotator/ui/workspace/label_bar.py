"""The strip above the text: the article's heading and a legend of labels that doubles as buttons.

The legend shows each label with its key and colour, so the colours in the text are readable without
memorising them, and a mouse user can label a selection with one click.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QToolButton, QVBoxLayout, QWidget

from ...domain import Article, LabelKind, LabelScheme
from ..common.flow_layout import FlowLayout
from ..common.style import ROLE_TINT, SUGGESTION_TINT, readable_on, tint

#: Quote-layer roles drawn tinted (their text stays readable inside a quote).
ROLE_LABELS = ("CUE", "SPEAKER")


class LabelBar(QWidget):
    """Title and source of the current article, then one chip per span label (key + name)."""

    def __init__(self, scheme: LabelScheme, actions: Mapping[str, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setObjectName("articleHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.meta = QLabel()
        self.meta.setObjectName("articleMeta")
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        # The buttons wrap onto a second row on a narrow window: every label keeps its key and full name.
        chips = FlowLayout(spacing=4)
        chips.setContentsMargins(4, 0, 4, 4)
        self.chips = chips
        for label in scheme.labels:
            if label.kind not in (LabelKind.ENTITY, LabelKind.QUOTE):
                continue
            action = actions.get(f"label:{label.name}")
            button = QToolButton()
            button.setProperty("labelChip", True)
            button.setObjectName(f"chip-{label.name}")
            button.setText(f"{label.key}  {label.name}" if label.key else label.name)
            button.setToolTip(f"{label.name} (key {label.key}): {label.description}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep the keyboard focus in the text
            # as the text shows them (style.FormatCache): roles tinted, a team's own labels in full colour
            background = tint(label.color, ROLE_TINT * 1.4).name() if label.name in ROLE_LABELS else label.color
            if label.name == "QUOTE":
                background = tint(label.color, 0.25).name()
            button.setStyleSheet(
                f"QToolButton {{ background: {background}; color: {readable_on(tint(background, 1.0)).name()}; }}"
            )
            if action is not None:
                button.clicked.connect(action.trigger)
            chips.addWidget(button)
        suggestion = QLabel("dashed = suggestion")
        suggestion.setToolTip("A suggestion from the model: Enter or y accepts it, x or Backspace rejects it")
        suggestion.setTextFormat(Qt.TextFormat.PlainText)
        suggestion.setStyleSheet(
            f"border-bottom: 1px dashed #555; background: {tint('#888888', SUGGESTION_TINT).name()}; padding: 1px 4px;"
        )
        chips.addWidget(suggestion)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.heading)
        layout.addWidget(self.meta)
        layout.addLayout(chips)

    def show_article(self, article: Article | None) -> None:
        if article is None:
            self.heading.setText("No article open")
            self.meta.setText("Import articles with File > Import, or drop files on this window.")
            return
        self.heading.setText(article.title or article.id)
        parts = [p for p in (article.outlet, article.published[:10], article.byline) if p]
        self.meta.setText("  ·  ".join(parts))
