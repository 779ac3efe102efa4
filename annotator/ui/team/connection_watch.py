"""ConnectionWatch: whether a team project's server can be reached, shown in the window, retried by itself.

A failed edit is already undone on screen (the command never applied: see ``session._EditCommand``)
and named in the status bar; this watch adds that the window is *offline* (status bar and title) and
asks the server again every few seconds, in a background thread so that the window never freezes,
until it answers. Then it says so and re-reads what the server holds for the open article's layer
(an edit whose acknowledgement was lost with the connection may still have landed).
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QStatusBar

from ...storage import ProjectStore

#: While online: how often to make sure the server is there (cheap: one ``SELECT 1``).
CHECK_MS = 15_000
#: While offline: how often to try again.
RETRY_MS = 2_000


class ConnectionWatch(QObject):
    """Signals ``wentOffline()`` and ``cameBack()``; ``offline`` says which holds now."""

    wentOffline = Signal()
    cameBack = Signal()
    _answered = Signal(bool)

    def __init__(self, store: ProjectStore, status_bar: QStatusBar, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.offline = False
        self.label = QLabel("")
        self.label.setObjectName("connectionLabel")
        self.label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.label.hide()
        status_bar.addPermanentWidget(self.label)
        self._checking = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check_now)
        self._timer.start(CHECK_MS)
        self._answered.connect(self._on_answer)

    def check_now(self) -> None:
        """Ask the server in a background thread (at most one question at a time)."""
        if self._checking:
            return
        self._checking = True
        threading.Thread(target=lambda: self._answered.emit(self.store.ping()), name="ping", daemon=True).start()

    def stop(self) -> None:
        self._timer.stop()

    def _on_answer(self, reachable: bool) -> None:
        self._checking = False
        if not reachable and not self.offline:
            self.offline = True
            self.label.setText("Offline: the team server cannot be reached; reconnecting…")
            self.label.show()
            self._timer.start(RETRY_MS)
            self.wentOffline.emit()
        elif reachable and self.offline:
            self.offline = False
            self.label.hide()
            self._timer.start(CHECK_MS)
            self.cameBack.emit()
