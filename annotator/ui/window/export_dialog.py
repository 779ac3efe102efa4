"""Export from the GUI: the same choices as ``annotator export``, with a progress bar.

The export runs in a worker thread on its own connection to the project file (SQLite connections
must not cross threads); the dialog stays responsive and shows progress.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
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

from ...domain import AnnotatorError, Status
from ...services.exporting import SUFFIX, export_project
from ...storage import Store, open_store
from ..common.jobs import JobRunner


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
        self.runner = JobRunner(self)
        self.runner.progress.connect(self._on_progress)
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self._on_failed)
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
        """Begin the export on the dialog's job runner (a worker thread with its own connection)."""
        statuses = [s for s, box in self.status_boxes.items() if box.isChecked()]
        project, out, fmt = self.project, Path(self.path_edit.text()), self.format_box.currentText()
        annotator, force, bom = self.layer_box.currentText(), self.force_box.isChecked(), self.bom_box.isChecked()

        def job(progress: Callable[[int, int], bool]) -> int:
            with open_store(project, create=False) as store:
                return export_project(store, out, format=fmt, annotator=annotator, statuses=statuses,
                                      force=force, bom=bom, progress=progress)

        if self.runner.start(job):
            self.export_button.setEnabled(False)
            self.message.setText("Exporting…")

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
        """Block until a running export has returned (closing the dialog, tests)."""
        self.runner.wait()

    def done(self, result: int) -> None:  # noqa: D401 - Qt's name
        self.wait()
        super().done(result)
