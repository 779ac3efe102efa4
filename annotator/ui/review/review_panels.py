"""Side panels of the review window: the decision on the current difference, and review comments."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .review_model import versions
from .review_session import ReviewSession


def _plain_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class DecisionPanel(QWidget):
    """Progress, the current difference, and one button per choice (keys 1.., 0, E)."""

    editRequested = Signal()

    def __init__(self, review: ReviewSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._review = review
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("reviewProgress")
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(8)
        self.progress_label = _plain_label()
        self.progress_label.setObjectName("reviewProgressText")
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress_bar)
        self.heading = _plain_label()
        self.heading.setObjectName("reviewCurrent")
        self.heading.setStyleSheet("font-weight: 600;")
        layout.addWidget(self.heading)
        self.versions = _plain_label()
        layout.addWidget(self.versions)
        self._buttons_row = QHBoxLayout()
        layout.addLayout(self._buttons_row)
        self.buttons: list[QPushButton] = []
        review.layersChanged.connect(self._rebuild_buttons)
        review.currentChanged.connect(self.refresh)
        review.resolutionChanged.connect(self.refresh)
        self._rebuild_buttons()

    def _rebuild_buttons(self) -> None:
        for button in self.buttons:
            self._buttons_row.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.buttons = []
        choices = [(n, f"{n}  Keep {name}") for n, name in enumerate(self._review.layers, start=1)]
        choices += [(0, "0  Keep none")]
        for option, text in choices:
            button = QPushButton(text)
            button.setObjectName(f"reviewChoice{option}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, o=option: self._review.decide(o))
            self._buttons_row.addWidget(button)
            self.buttons.append(button)
        edit = QPushButton("E  Edit gold…")
        edit.setObjectName("reviewEdit")
        edit.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        edit.clicked.connect(self.editRequested)
        self._buttons_row.addWidget(edit)
        self.buttons.append(edit)
        self.refresh()

    def refresh(self) -> None:
        resolved, total = self._review.progress()
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(resolved)
        self.progress_label.setText(f"{resolved} of {total} differences resolved" if total else "No differences")
        current = self._review.current
        for button in self.buttons:
            button.setEnabled(current is not None)
        if current is None:
            self.heading.setText("Pick two or more layers and an article." if not self._review.article_id else "")
            self.versions.setText("")
            return
        n = self._review.current_index + 1
        kept = self._review.decision(current)
        state = "undecided" if kept is None else f"decided: {kept}"
        what = current.kind.value.replace("_", " ")
        self.heading.setText(f"Difference {n} of {len(self._review.differences)}: {what} ({state})")
        self.versions.setText("\n".join(versions(current, self._review.layer_annotations, self._review.layers)))


class CommentsPanel(QWidget):
    """Review comments of the open article, plain text; new ones on the article or the current difference."""

    def __init__(self, review: ReviewSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._review = review
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.list = QListWidget()
        self.list.setObjectName("reviewComments")
        self.list.setWordWrap(True)
        layout.addWidget(self.list, 1)
        self.editor = QLineEdit()
        self.editor.setObjectName("reviewCommentEditor")
        self.editor.setPlaceholderText("Write a review comment…")
        layout.addWidget(self.editor)
        row = QHBoxLayout()
        self.on_difference = QPushButton("On difference")
        self.on_difference.setObjectName("commentOnDifference")
        self.on_article = QPushButton("On article")
        self.on_article.setObjectName("commentOnArticle")
        row.addWidget(self.on_difference)
        row.addWidget(self.on_article)
        layout.addLayout(row)
        self.on_difference.clicked.connect(lambda: self._add(on_difference=True))
        self.on_article.clicked.connect(lambda: self._add(on_difference=False))
        self.editor.returnPressed.connect(lambda: self._add(on_difference=True))
        review.articleOpened.connect(self.reload)
        review.commentsChanged.connect(self.reload)

    def _add(self, *, on_difference: bool) -> None:
        if self._review.add_comment(self.editor.text(), on_difference=on_difference) is not None:
            self.editor.clear()

    def reload(self) -> None:
        self.list.clear()
        for comment in self._review.comments():
            where = f"on {comment.span_id}" if comment.span_id else "on the article"
            self.list.addItem(
                f"{comment.annotator} {where}, {comment.created_at[:16].replace('T', ' ')}:\n{comment.body}"
            )
