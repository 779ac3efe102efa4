"""Model → Train…: train the project's entity pipeline from a layer, off the GUI thread, then report.

The dialog builds a :class:`TrainingRequest`, runs :func:`train_project` as a job (its own Store
connection in a worker thread), shows progress with Cancel, and when done a small report: per-label
F1 of the base and the trained pipeline on the held-out articles, and the learning curve (F1 against
the number of training articles). "Use this model for suggestions" makes it the project's current
model, which pre-annotation then uses.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain import GOLD_LAYER, MODEL_LAYER, Status
from ...nlp.training import TrainingSettings
from ...services.models import new_model_folder, use_model
from ...services.training import TrainingRequest, TrainingResult, train_project
from ...storage import Store
from ..common.jobs import JobRunner
from .training_charts import CurveChart

STATUS_CHOICES: tuple[tuple[str, tuple[Status, ...]], ...] = (
    ("done", (Status.DONE,)),
    ("done or in progress", (Status.DONE, Status.IN_PROGRESS)),
)
CURVE_SHARES = (0.25, 0.5, 0.75)


class TrainDialog(QDialog):
    """Signals: ``trained(TrainingResult)`` when a run ends well, ``modelChosen(path)`` after "Use this model"."""

    trained = Signal(object)
    modelChosen = Signal(str)

    def __init__(self, store: Store, annotator: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainDialog")
        self.setWindowTitle("Train the project's model")
        self.store = store
        self.result: TrainingResult | None = None
        self.runner = JobRunner(self)

        self.layer = QComboBox()
        layers = [a for a in store.annotators() if a != MODEL_LAYER]
        for name in [GOLD_LAYER, *[a for a in layers if a != GOLD_LAYER]]:
            self.layer.addItem(name)
        default = GOLD_LAYER if GOLD_LAYER in layers else annotator
        if self.layer.findText(default) < 0:
            self.layer.addItem(default)
        self.layer.setCurrentText(default)
        self.statuses = QComboBox()
        for text, _ in STATUS_CHOICES:
            self.statuses.addItem(text)
        self.epochs = QSpinBox()
        self.epochs.setRange(1, 200)
        self.epochs.setValue(TrainingSettings().max_epochs)
        self.eval_split = QDoubleSpinBox()
        self.eval_split.setRange(0.05, 0.5)
        self.eval_split.setSingleStep(0.05)
        self.eval_split.setValue(0.2)
        self.curve = QCheckBox("Learning curve (also trains on 25, 50 and 75% of the articles)")
        self.curve.setChecked(True)
        form = QFormLayout()
        form.addRow("Learn from the layer of", self.layer)
        form.addRow("Articles marked", self.statuses)
        form.addRow("Passes (epochs)", self.epochs)
        form.addRow("Held out for scoring", self.eval_split)
        form.addRow("", self.curve)

        self.train_button = QPushButton("Train")
        self.train_button.setObjectName("trainButton")
        self.train_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setValue(0)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.bar, 1)
        buttons.addWidget(self.train_button)
        buttons.addWidget(self.cancel_button)

        self.report = QTableWidget(0, 4)
        self.report.setHorizontalHeaderLabels(["Label", "Held-out entities", "F1 before (base)", "F1 after (trained)"])
        self.report.verticalHeader().setVisible(False)
        self.chart = CurveChart()
        self.use_button = QPushButton("Use this model for suggestions")
        self.use_button.setObjectName("useModelButton")
        self.use_button.clicked.connect(self.use_result)
        self.report_box = QWidget()
        report_layout = QVBoxLayout(self.report_box)
        report_layout.setContentsMargins(0, 0, 0, 0)
        report_layout.addWidget(self.report)
        report_layout.addWidget(self.chart)
        report_layout.addWidget(self.use_button)
        self.report_box.setVisible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.report_box, 1)

        self.runner.progress.connect(self._progress)
        self.runner.finished.connect(self._finished)
        self.runner.cancelled.connect(self._cancelled)
        self.runner.failed.connect(self._failed)
        self.resize(620, 560)

    def request(self) -> TrainingRequest:
        """The request the controls describe (the output folder is new, next to the project file)."""
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S-%f")
        statuses = dict(STATUS_CHOICES)[self.statuses.currentText()]
        return TrainingRequest(
            layer=self.layer.currentText(),
            out=new_model_folder(self.store, stamp),
            statuses=statuses,
            eval_split=round(self.eval_split.value(), 2),
            settings=TrainingSettings(max_epochs=self.epochs.value()),
            curve=CURVE_SHARES if self.curve.isChecked() else (),
        )

    def start(self) -> bool:
        try:
            request = self.request()
        except Exception as exc:  # noqa: BLE001 - shown in the dialog
            self.message.setText(str(exc))
            return False
        path = Path(str(self.store.path))

        def job(progress):  # noqa: ANN001, ANN202 - the job shape of ui.jobs
            with Store.open(path, create=False) as store:
                return train_project(store, request, progress)

        if not self.runner.start(job):
            return False
        self.result = None
        self.report_box.setVisible(False)
        self.train_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.bar.setValue(0)
        self.message.setText(f"Training on the {request.layer!r} layer… (the held-out articles are never trained on)")
        return True

    def cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.message.setText("Cancelling…")
        self.runner.cancel()

    def use_result(self) -> None:
        if self.result is None:
            return
        use_model(self.store, self.result.path)
        self.use_button.setEnabled(False)
        self.use_button.setText("This model makes the project's suggestions")
        self.modelChosen.emit(str(self.result.path))

    def _progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)

    def _idle(self) -> None:
        self.train_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def _finished(self, result: TrainingResult) -> None:
        self._idle()
        self.result = result
        self.bar.setValue(self.bar.maximum())
        self.message.setText(
            f"{result.name} {result.version}: F1 {result.base_scores.f1:.2f} → {result.scores.f1:.2f} on "
            f"{result.held_out_articles} held-out article(s), trained on {result.trained_articles} "
            f"in {result.seconds:.0f} s."
        )
        rows = result.comparison()
        self.report.setRowCount(len(rows))
        for row, (label, _bp, _br, base_f1, _tp, _tr, f1, support) in enumerate(rows):
            for column, text in enumerate((label, str(support), f"{base_f1:.3f}", f"{f1:.3f}")):
                self.report.setItem(row, column, QTableWidgetItem(text))
        self.report.resizeColumnsToContents()
        self.chart.set_points(tuple((p.articles, p.f1) for p in result.curve))
        self.use_button.setEnabled(True)
        self.use_button.setText("Use this model for suggestions")
        self.report_box.setVisible(True)
        self.trained.emit(result)

    def _cancelled(self) -> None:
        self._idle()
        self.bar.setValue(0)
        self.message.setText("Training cancelled; nothing was written.")

    def _failed(self, message: str) -> None:
        self._idle()
        self.message.setText(f"Training failed: {message}")

    def done(self, code: int) -> None:  # noqa: D401 - Qt's name
        """Closing while training cancels the run and waits for its thread."""
        if self.runner.running:
            self.runner.cancel()
            self.runner.wait()
        super().done(code)
