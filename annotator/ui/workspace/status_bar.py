"""The status bar: "Saved" after each write, errors that stay until read, and the article's counts."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from .article_list import STATUS_TEXT
from .article_view import ArticleView
from .session import UiSession

#: How long an error stays in plain view; it then moves to the tooltip history (never lost).
ERROR_VISIBLE_MS = 10_000
MAX_HISTORY = 50


class StatusBar(QStatusBar):
    """Listens to the session: ``saved`` -> "Saved", ``errorRaised`` -> red message; to the view: counts."""

    def __init__(self, session: UiSession, view: ArticleView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._view = view
        self._errors: list[str] = []
        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.counts_label = QLabel()
        self.counts_label.setObjectName("countsLabel")
        self.mode_label = QLabel("Snap: words")
        self.user_label = QLabel(f"Annotator: {session.annotator}")
        for label in (self.error_label, self.counts_label, self.mode_label, self.user_label):
            label.setTextFormat(label.textFormat().PlainText)
        self.addWidget(self.error_label, 1)
        self.addPermanentWidget(self.counts_label)
        self.addPermanentWidget(self.mode_label)
        self.addPermanentWidget(self.user_label)
        self._error_timer = QTimer(self)
        self._error_timer.setSingleShot(True)
        self._error_timer.timeout.connect(self.error_label.clear)
        session.saved.connect(self.show_saved)
        session.errorRaised.connect(self.show_error)
        view.rendered.connect(self.show_counts)  # after each change, once the view has counted the marks

    @property
    def errors(self) -> list[str]:
        """Every error shown since the window opened, oldest first."""
        return list(self._errors)

    def show_saved(self, message: str = "Saved") -> None:
        self.showMessage(message, 3000)

    def show_error(self, message: str) -> None:
        self._errors = (self._errors + [message])[-MAX_HISTORY:]
        self.error_label.setText(f"⚠ {message}")
        self.error_label.setToolTip("\n".join(self._errors[-10:]))
        self._error_timer.start(ERROR_VISIBLE_MS)

    def show_counts(self) -> None:
        state = self._session.state
        if state is None:
            return
        pending = self._view.pending_count
        quotes = sum(1 for s in state.spans if s.label == "QUOTE")
        label = self.counts_label
        label.setText(
            f"{len(state.spans)} spans · {quotes} quotes · {pending} suggestions pending · {STATUS_TEXT[state.status]}"
        )
        # Of a fixed size that only grows: a label of fixed size changing its text lays out nothing
        # around it, where any other makes the status bar lay out and repaint all of itself (and the
        # counts change on most keys).
        hint = label.sizeHint()
        fixed = label.minimumSize() == label.maximumSize()
        width = max(hint.width(), label.minimumWidth()) if fixed else hint.width()
        if not fixed or (width, hint.height()) != (label.minimumWidth(), label.minimumHeight()):
            label.setFixedSize(width, hint.height())

    def show_char_mode(self, on: bool) -> None:
        self.mode_label.setText("Snap: characters" if on else "Snap: words")
