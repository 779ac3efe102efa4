"""TeamWatch: colleagues' saves on a team server, as a Qt signal in the window's thread.

The storage engine hears every committed layer write (PostgreSQL ``LISTEN/NOTIFY``, see
``storage/postgres/listening.py``) in a thread of its own; this turns them into ``layersSaved`` on the
GUI thread, gathered for a moment (a bulk write notifies once per layer) so that a view reloads once.
A project file has no such announcements: the watch is then inert.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from ...storage import LayerSaved, ProjectStore

#: How long notifications are gathered before views hear them (well under the second a save may take).
GATHER_MS = 60


class TeamWatch(QObject):
    """Signals ``layersSaved(list[LayerSaved])``: every layer written by anyone (this window included)."""

    layersSaved = Signal(list)
    _heard = Signal(object)

    def __init__(self, store: ProjectStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: list[LayerSaved] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(GATHER_MS)
        self._timer.timeout.connect(self._flush)
        self._heard.connect(self._gather)  # queued: emitted from the listening thread
        self._stop = store.watch_layers(self._heard.emit)

    @property
    def active(self) -> bool:
        return self._stop is not None

    def stop(self) -> None:
        if self._stop is not None:
            self._stop()
            self._stop = None

    def _gather(self, saved: LayerSaved) -> None:
        if saved not in self._pending:
            self._pending.append(saved)
        if not self._timer.isActive():
            self._timer.start()

    def _flush(self) -> None:
        pending, self._pending = self._pending, []
        if pending:
            self.layersSaved.emit(pending)
