"""Long work off the GUI thread: one job shape (progress, cancel, result, error) for the app's workers.

A job is a callable that takes a progress callback ``(done, total) -> bool`` (False asks it to stop)
and returns its result, the shape the services' long operations share (pre-annotation, training,
export). It runs in a ``QThread``; it must open its own ``Store`` there, as SQLite connections must
not cross threads. :class:`JobRunner` relays ``progress``, then exactly one of ``finished(result)``,
``cancelled()`` (the job raised :class:`~annotator.domain.errors.JobCancelled`) or ``failed(message)``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ...domain.errors import JobCancelled

Job = Callable[[Callable[[int, int], bool]], Any]


class _JobWorker(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    cancelled = Signal()
    failed = Signal(str)

    def __init__(self, job: Job, cancel: threading.Event) -> None:
        super().__init__()
        self.job = job
        self._cancel = cancel

    @Slot()
    def run(self) -> None:
        try:
            result = self.job(self._report)
        except JobCancelled:
            self.cancelled.emit()
            return
        except Exception as exc:  # noqa: BLE001 - any failure is reported to the user, not raised in a thread
            self.failed.emit(str(exc) or type(exc).__name__)
            return
        self.finished.emit(result)

    def _report(self, done: int, total: int) -> bool:
        self.progress.emit(done, total)
        return not self._cancel.is_set()


class JobRunner(QObject):
    """Runs one job at a time in a worker thread; signals arrive on the thread that owns the runner."""

    started = Signal()
    progress = Signal(int, int)
    finished = Signal(object)
    cancelled = Signal()
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: _JobWorker | None = None
        self._cancel = threading.Event()

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self, job: Job) -> bool:
        """Start ``job``; False when one is already running."""
        if self.running:
            return False
        self._cancel = threading.Event()
        worker = _JobWorker(job, self._cancel)
        thread = QThread(self)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progress.connect(self.progress)
        worker.finished.connect(self._finished)
        worker.cancelled.connect(self._cancelled)
        worker.failed.connect(self._failed)
        self._thread, self._worker = thread, worker
        thread.start()
        self.started.emit()
        return True

    def cancel(self) -> None:
        """Ask the job to stop at its next progress report (thread-safe)."""
        self._cancel.set()

    def wait(self, ms: int = 30000) -> bool:
        """Block until the job has returned (after :meth:`cancel`, for closing); True when the thread has ended.

        The thread's event loop is told to quit once the job returns; its result signal, still queued,
        is then of no one's interest and the runner is idle at once.
        """
        if self._thread is None:
            return True
        self._thread.quit()
        if not self._thread.wait(ms):
            return False
        self._stop_thread()
        return True

    def _stop_thread(self) -> None:
        thread, worker = self._thread, self._worker
        self._thread = self._worker = None
        if thread is not None:
            thread.quit()
            thread.wait()
            thread.deleteLater()
        if worker is not None:
            worker.deleteLater()

    @Slot(object)
    def _finished(self, result: object) -> None:
        self._stop_thread()
        self.finished.emit(result)

    @Slot()
    def _cancelled(self) -> None:
        self._stop_thread()
        self.cancelled.emit()

    @Slot(str)
    def _failed(self, message: str) -> None:
        self._stop_thread()
        self.failed.emit(message)
