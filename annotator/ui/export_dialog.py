"""Export from the GUI: the same choices as ``annotator export``, with a progress bar.

The export runs in a worker thread on its own connection to the project file (SQLite connections
must not cross threads); the dialog stays responsive and shows progress.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain import AnnotatorError, Status
from ..services.exporting import SUFFIX, export_project
from ..storage import Store, open_store


class ExportWorker(QObject):
    """Runs one export in a worker thread. Signals ``progress(done, total)``, ``finished(count)``, ``failed(msg)``."""

    progress = Signal(int, int)
    finished = Signal(int)
    failed = Signal(str)

    def __init__(self, project: Path | str, out: Path, fmt: str, annotator: str, statuses: list[Status],
                 force: bool, bom: bool) -> None:
        super().__init__()
        self.args = (project, out, fmt, annotator, statuses, force, bom)

    @Slot()
    def run(self) -> None:
        project, out, fmt, annotator, statuses, force, bom = self.args
        try:
            with open_store(project, create=False) as store:
                count = export_project(store, out, format=fmt, annotator=annotator, statuses=statuses,
                                       force=force, bom=bom, progress=lambda d, t: self.progress.emit(d, t))
        except (AnnotatorError, OSError) as exc:
            self.failed.emit(str(exc))
            return
        self.finished.emit(count)


class ExportDialog(QDialog):
    """Choose format, layer, statuses and file; export with a progress bar. ``exported(count)`` when done."""

    exported = Signal(int)

    def __init__(self, store: Store, annotator: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        if store.reopen_target is None:
            raise AnnotatorError("an in-memory project cannot be exported from the GUI")
        self.project = store.reopen_target
        self.format_box = QComboBox()
        self.format_box.addItems(list(SUFFIX))
        self.layer_box = QComboBox()
        layers = store.annotators()
        self.layer_box.addItems(layers or [annotator])
        if annotator in layers:
            self.layer_box.setCurrentText(annotator)
        self.status_boxes = {s: QCheckBox(s.value.replace("_", " ")) for s in Status}
        statuses = QHBoxLayout()
        for box in self.status_boxes.values():
            statuses.addWidget(box)
        self.bom_box = QCheckBox("UTF-8 with byte-order mark (for Excel)")
        self.force_box = QCheckBox("Overwrite an existing file")
        self.path_edit = QLineEdit(str(self.project.with_suffix(SUFFIX["jsonl"])))
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit)
        path_row.addWidget(browse)
        self.format_box.currentTextChanged.connect(self._format_changed)
        form = QFormLayout()
        form.addRow("Format", self.format_box)
        form.addRow("Layer", self.layer_box)
        form.addRow("Only status (none = all)", statuses)
        form.addRow("", self.bom_box)
        form.addRow("File", path_row)
        form.addRow("", self.force_box)
        self.progress = QProgressBar()
        self.message = QLabel()
        self.message.setTextFormat(self.message.textFormat().PlainText)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.clicked.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._thread: QThread | None = None
        self._format_changed("jsonl")

    def _format_changed(self, fmt: str) -> None:
        self.bom_box.setEnabled(fmt == "csv")
        current = Path(self.path_edit.text())
        stem = current.name.split(".")[0] or self.project.stem
        self.path_edit.setText(str(current.with_name(stem + SUFFIX[fmt])))

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export to", self.path_edit.text())
        if name:
            self.path_edit.setText(name)

    def start(self) -> None:
        """Begin the export in a worker thread."""
        statuses = [s for s, box in self.status_boxes.items() if box.isChecked()]
        worker = ExportWorker(self.project, Path(self.path_edit.text()), self.format_box.currentText(),
                              self.layer_box.currentText(), statuses, self.force_box.isChecked(),
                              self.bom_box.isChecked())
        thread = QThread(self)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progress.connect(self._on_progress)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        for signal in (worker.finished, worker.failed):
            signal.connect(thread.quit)
        thread.finished.connect(worker.deleteLater)
        self._worker, self._thread = worker, thread
        self.export_button.setEnabled(False)
        self.message.setText("Exporting…")
        thread.start()

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _on_finished(self, count: int) -> None:
        self.export_button.setEnabled(True)
        self.progress.setValue(self.progress.maximum())
        self.message.setText(f"{count} record(s) exported to {self.path_edit.text()}")
        self.exported.emit(count)

    def _on_failed(self, message: str) -> None:
        self.export_button.setEnabled(True)
        self.message.setText(f"Export failed: {message}")

    def wait(self) -> None:
        if self._thread is not None:
            # The worker's own quit request is queued to this (GUI) thread: blocking here before it is
            # delivered would wait forever. quit() is thread-safe; the loop ends once the run returns.
            self._thread.quit()
            self._thread.wait()

    def done(self, result: int) -> None:  # noqa: D401 - Qt's name
        self.wait()
        super().done(result)
