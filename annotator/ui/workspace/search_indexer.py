"""The project file's search index, brought up to date off the GUI thread after the app imports.

An import in the app stores its articles on the GUI thread (the window shows them at once) and
leaves the index to this job, which opens its own connection (SQLite connections do not cross
threads). Until it ends, search still finds the new articles: the store scans what its index lacks.
A team server indexes as it stores (a generated column), so there is nothing to do there.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QObject, QThread, Signal

from ...storage import Store
from ..common.jobs import JobRunner


class SearchIndexer(QObject):
    """Indexes a project file in the background; one run at a time, another queued if asked meanwhile."""

    indexed = Signal(int)  # articles added to the index
    failed = Signal(str)

    def __init__(self, path: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = path
        self._again = False
        self._runner = JobRunner(self)
        self._runner.finished.connect(self._finished)
        self._runner.failed.connect(self._failed)

    @property
    def running(self) -> bool:
        return self._runner.running

    def request(self) -> bool:
        """Index what the file's index lacks; False when there is no file (a team server)."""
        if self._path is None:
            return False
        if self._runner.running:
            self._again = True
        else:
            self._runner.start(_index_job(self._path))
        return True

    def wait(self, timeout_ms: int = 30000) -> None:
        """Let a run end before the project closes (its thread must not outlive the window)."""
        self._again = False
        waited = QElapsedTimer()
        waited.start()
        while self._runner.running and waited.elapsed() < timeout_ms:
            self._runner.wait(50)
            QThread.msleep(5)

    def _finished(self, count: object) -> None:
        self.indexed.emit(int(count) if isinstance(count, int) else 0)
        self._next()

    def _failed(self, message: str) -> None:
        self.failed.emit(message)
        self._next()

    def _next(self) -> None:
        if self._again:
            self._again = False
            self.request()


def _index_job(path: Path) -> Callable[[Callable[[int, int], bool]], int]:
    def job(progress: Callable[[int, int], bool]) -> int:
        with Store.open(path, create=False) as store:
            return store.update_search_index()

    return job
