"""Pre-annotation in the background: a job on :class:`~.jobs.JobRunner` with its own Store connection, and its status-bar controls.

SQLite connections must not cross threads, so the job opens the project file again in the
worker thread; the GUI's connection is never touched there. The spaCy pipeline is loaded in the
worker too (never on the GUI thread) and cached for later runs. Results land in the model layer
only; the GUI then re-reads it (``session.reload_model()``) and shows them as suggestions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from ...domain import LabelScheme
from ...services.models import current_model
from ...services.pipelines import cached_pipeline
from ...services.preannotation import PreannotationResult, preannotate_project
from ...storage import open_store
from ..common.jobs import JobRunner
from ..workspace.session import UiSession

Progress = Callable[[int, int], bool]


@dataclass(frozen=True)
class PreannotationJob:
    """One run of :func:`preannotate_project` on a project file, as a :data:`~.jobs.Job`.

    Called in the worker thread with the runner's progress callback (False there stops the run after
    the batch in hand; the result then says ``cancelled``). With ``cluster`` set (``local:N`` or
    ``tcp://HOST:PORT``) the batches run on Dask workers and this thread only stores them; ``detail``
    then hears the rate, workers and time left.
    """

    path: Path | str
    scheme: LabelScheme
    article_ids: Sequence[str] | None
    batch_size: int = 32
    pipeline: str | None = None
    cluster: str | None = None
    detail: Callable[[str], None] = lambda _text: None

    def __call__(self, progress: Progress) -> PreannotationResult:
        if self.cluster:
            return self._on_cluster(self.cluster, progress)
        loaded = cached_pipeline(self.pipeline)
        with open_store(self.path, create=False) as store:
            return preannotate_project(
                store, loaded, self.scheme, article_ids=self.article_ids,
                batch_size=self.batch_size, progress=progress,
            )

    def _on_cluster(self, cluster: str, progress: Progress) -> PreannotationResult:
        from ...services.cluster import ClusterProgress, ClusterSpec, preannotate_on_cluster

        def report(state: ClusterProgress) -> bool:
            eta = "" if state.eta_s is None else f" · {_duration(state.eta_s)} left"
            self.detail(f"{state.words_per_s:,.0f} words/s · {state.workers} worker(s){eta}")
            return progress(state.done, state.total)

        spec = ClusterSpec.parse(cluster)
        self.detail(f"connecting to {spec}…")
        with open_store(self.path, create=False) as store:
            return preannotate_on_cluster(
                store, self.pipeline, self.scheme, spec, article_ids=self.article_ids,
                batch_size=self.batch_size, progress=report,
            )


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds + 0.5), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class PreannotationRunner(QObject):
    """Starts pre-annotation runs for a session on a :class:`~.jobs.JobRunner`, one at a time, and
    reloads suggestions when one ends.

    Relays the job's ``progress``, ``detail`` (cluster runs), ``finished(PreannotationResult)`` (also
    after a cancel: ``result.cancelled``) and ``failed(message)``; ``started()`` when a run begins.
    """

    started = Signal()
    progress = Signal(int, int)
    detail = Signal(str)  # emitted from the worker thread; Qt queues it to the receivers' thread
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, session: UiSession, parent: QObject | None = None, batch_size: int = 32) -> None:
        super().__init__(parent or session)
        self.session = session
        self.batch_size = batch_size
        self.pipeline: str | None = None
        #: ``local:N`` or ``tcp://HOST:PORT`` to run on Dask; ``None`` runs in this process.
        self.cluster: str | None = None
        self.jobs = JobRunner(self)
        self.jobs.started.connect(self.started)
        self.jobs.progress.connect(self.progress)
        self.jobs.finished.connect(self._finished)
        self.jobs.cancelled.connect(lambda: self._failed("Pre-annotation was cancelled"))
        self.jobs.failed.connect(lambda message: self._failed(f"Pre-annotation failed: {message}"))

    @property
    def running(self) -> bool:
        return self.jobs.running

    def start(self, article_ids: Sequence[str] | None = None) -> bool:
        """Pre-annotate ``article_ids`` (``None``: the whole project); False when a run is going or no file."""
        if self.running:
            self.session.report_error("A pre-annotation run is already going")
            return False
        path = self.session.store.reopen_target
        if path is None:
            self.session.report_error("Pre-annotation needs a project saved to a file")
            return False
        pipeline = self.pipeline or current_model(self.session.store)  # the project's own model, once chosen
        job = PreannotationJob(path, self.session.scheme, list(article_ids) if article_ids is not None else None,
                               self.batch_size, pipeline, self.cluster, self.detail.emit)
        return self.jobs.start(job)

    def cancel(self) -> None:
        """Ask the run to stop after the batch in hand (thread-safe; what was stored stays)."""
        self.jobs.cancel()

    def wait(self, ms: int = 30000) -> None:
        """Block until the thread has ended (for closing the window)."""
        self.jobs.wait(ms)

    @Slot(object)
    def _finished(self, result: PreannotationResult) -> None:
        self.session.reload_model()
        self.finished.emit(result)

    def _failed(self, message: str) -> None:
        self.session.report_error(message)
        self.failed.emit(message)


class PreannotationStatus(QWidget):
    """Status-bar controls of a run: a label, a progress bar and Cancel; hidden when idle."""

    def __init__(self, runner: PreannotationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.label = QLabel("Pre-annotating…")
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(220)
        self.bar.setRange(0, 0)  # busy until the first batch (the model may be loading)
        self.detail = QLabel("")
        self.detail.setObjectName("preannotation_detail")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self._cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.label, self.bar, self.detail, self.cancel_button):
            layout.addWidget(widget)
        runner.started.connect(self._started)
        runner.progress.connect(self._progress)
        runner.detail.connect(self.detail.setText)
        runner.finished.connect(self._ended)
        runner.failed.connect(self._ended)
        self.setVisible(False)

    def _started(self) -> None:
        self.label.setText("Pre-annotating…")
        self.bar.setRange(0, 0)
        self.detail.setText("")
        self.cancel_button.setEnabled(True)
        self.setVisible(True)

    def _progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.label.setText(f"Pre-annotating {done} of {total}")

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText("Cancelling after this batch…")
        self.runner.cancel()

    def _ended(self, *_: object) -> None:
        self.setVisible(False)
