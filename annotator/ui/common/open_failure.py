"""The message shown when a project cannot be opened: short enough to fit the screen, details folded away,
and for a damaged project a way on: open its backup, or make a salvage copy of what is readable.

SQLite's report on a damaged file can run to hundreds of lines ("Rowid out of order" for every page);
put in the message text itself it made a box taller than the screen, with its buttons off it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from ...storage import ProjectDamagedError
from ...storage.salvage import salvage_copy

#: Characters of the error shown in the box itself; the rest is under "Show Details…".
SHORT = 240

OpenProject = Callable[[Path], object]


def shorten(message: str, limit: int = SHORT) -> str:
    one_line = " ".join(message.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1].rstrip() + "…"


def backups_of(path: Path) -> list[Path]:
    """Backups made beside ``path`` before migrations, newest first."""
    found = [p for p in path.parent.glob(f"{path.name}.v*.bak") if p.is_file()]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


class OpenFailureBox(QMessageBox):
    """Non-blocking; ``open_project`` is called with the backup's copy or the salvage copy."""

    def __init__(self, parent: QWidget | None, path: Path, error: Exception, open_project: OpenProject) -> None:
        super().__init__(parent)
        self.setObjectName("openFailure")
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle("Cannot open project")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(shorten(str(error)))
        self.setDetailedText(str(error))
        self.path = path
        self._open_project = open_project
        self.backup_button = self.salvage_button = None
        if isinstance(error, ProjectDamagedError):
            backups = backups_of(path)
            lines = []
            if backups:
                self.backup = backups[0]
                self.backup_button = self.addButton("Open the backup", QMessageBox.ButtonRole.ActionRole)
                lines.append(f"A backup made before its last upgrade is beside it ({self.backup.name}).")
            self.salvage_button = self.addButton("Make a salvage copy", QMessageBox.ButtonRole.ActionRole)
            lines.append(
                "A salvage copy is a new project with everything that can still be read; the damaged "
                "file is left as it is."
            )
            self.setInformativeText("\n".join(lines))
        self.addButton(QMessageBox.StandardButton.Close)
        self.buttonClicked.connect(self._clicked)

    def _clicked(self, button: object) -> None:
        if button is self.salvage_button:
            try:
                report = salvage_copy(self.path)
            except Exception as exc:  # noqa: BLE001 - whatever went wrong is said, the file is untouched
                QMessageBox.warning(self.parentWidget(), "Salvage failed", shorten(f"{self.path}: {exc}"))
                return
            window = self._open_project(report.path)
            status = getattr(window, "status", None)
            if status is not None:
                status.showMessage(report.summary(), 15000)
        elif button is self.backup_button:
            copy = _free_name(self.path.with_name(f"{self.path.stem}.from-backup{self.path.suffix}"))
            shutil.copy2(self.backup, copy)  # the backup itself stays untouched (opening may upgrade it)
            self._open_project(copy)


def _free_name(path: Path) -> Path:
    n = 1
    candidate = path
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def show_open_failure(
    parent: QWidget | None, path: Path, error: Exception, open_project: OpenProject
) -> OpenFailureBox:
    box = OpenFailureBox(parent, path, error, open_project)
    box.open()
    return box
