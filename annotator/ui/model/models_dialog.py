"""Model → Models…: the models trained in the project, with their held-out scores; one is the current model.

The current model is the pipeline pre-annotation uses (the app's runs and ``annotator preannotate``
without ``--model``); "Use the default pipeline" goes back to the stock one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...services.models import ModelRecord, current_model, project_models, use_model
from ...storage import Store

COLUMNS = ("Current", "Model", "Version", "Trained", "Articles", "F1", "Base F1", "Folder")


class ModelsDialog(QDialog):
    """``currentChanged(path)`` after the current model changes (``""``: the default pipeline)."""

    currentChanged = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelsDialog")
        self.setWindowTitle("Models trained in this project")
        self.store = store
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.current_label = QLabel()
        self.use_button = QPushButton("Use for suggestions")
        self.use_button.clicked.connect(self.use_selected)
        self.default_button = QPushButton("Use the default pipeline")
        self.default_button.clicked.connect(self.use_default)
        buttons = QHBoxLayout()
        buttons.addWidget(self.current_label, 1)
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.default_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.records: list[ModelRecord] = []
        self.reload()
        self.resize(820, 320)

    def reload(self) -> None:
        self.records = project_models(self.store)
        current = current_model(self.store)
        self.table.setRowCount(len(self.records))
        for row, record in enumerate(self.records):
            is_current = current is not None and Path(record.path) == Path(current)
            values = (
                "★" if is_current else "",
                record.name,
                record.version,
                record.trained_at,
                str(record.articles),
                f"{record.f1:.3f}",
                f"{record.base_f1:.3f}",
                record.path,
            )
            for column, text in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.current_label.setText(f"Suggestions come from: {current or 'the default pipeline'}")
        self.use_button.setEnabled(bool(self.records))

    def current_row(self) -> int | None:
        """The row of the current model in the table, if it is one of the project's models."""
        return next((row for row in range(self.table.rowCount()) if self.table.item(row, 0).text()), None)

    def use_selected(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.records):
            return
        use_model(self.store, self.records[row].path)
        self.reload()
        self.currentChanged.emit(self.records[row].path)

    def use_default(self) -> None:
        use_model(self.store, None)
        self.reload()
        self.currentChanged.emit("")
