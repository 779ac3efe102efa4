"""ClusterDialog: where pre-annotation runs (this process, a local Dask cluster, or a scheduler)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...services.cluster import ClusterSpec


class ClusterDialog(QDialog):
    """Edits the pre-annotation cluster setting; refuses a value the cluster service would refuse.

    Empty means "in the app's own process". ``value`` holds the accepted setting after ``accept()``.
    """

    def __init__(self, current: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Pre-annotation cluster")
        self.value = current
        self.field = QLineEdit(current)
        self.field.setObjectName("cluster_field")
        self.field.setPlaceholderText("empty: this computer, one process")
        self.problem = QLabel("")
        self.problem.setObjectName("cluster_problem")
        self.problem.setStyleSheet("color: #b00020")
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Run pre-annotation on Dask workers: <b>local:N</b> starts N worker processes on this "
                "computer, <b>tcp://HOST:PORT</b> uses a running scheduler. Runs resume where they stopped."
            )
        )
        layout.addWidget(self.field)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def accept(self) -> None:
        text = self.field.text().strip()
        if text:
            try:
                ClusterSpec.parse(text)
            except ValueError as exc:
                self.problem.setText(str(exc))
                return
        self.value = text
        super().accept()
