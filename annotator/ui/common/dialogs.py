"""Dialogs: the annotator's name, the keyboard shortcut sheet, import problems."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def ask_user_name(parent: QWidget | None, suggested: str = "") -> str | None:
    """Ask once for the name that labels this person's annotations; ``None`` if cancelled."""
    name, ok = QInputDialog.getText(
        parent,
        "Who is annotating?",
        "Your name or initials. It labels your annotations in the project\n"
        "(so that colleagues' work stays apart) and is remembered on this computer.",
        text=suggested,
    )
    name = name.strip()
    return name if ok and name else None


class ShortcutSheet(QDialog):
    """Every action with a shortcut, grouped, read from the live actions (so nothing is left out)."""

    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutSheet")
        self.setWindowTitle("Keyboard shortcuts")
        rows = _rows(actions)
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels(["Group", "Keys", "Action"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, (group, keys, text) in enumerate(rows):
            for c, value in enumerate((group, keys, text)):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        note = QLabel(
            "Label keys work while the article text has the focus: select text (mouse, or Shift+arrows)\n"
            "and press a label key; selections snap to whole words unless character mode is on."
        )
        note.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(620, 560)

    def entries(self) -> list[tuple[str, str, str]]:
        """(group, keys, action) as listed."""
        return [
            tuple(self.table.item(r, c).text() for c in range(3))  # type: ignore[misc]
            for r in range(self.table.rowCount())
        ]


def _rows(actions: Iterable[QAction]) -> list[tuple[str, str, str]]:
    seen: set[tuple[str, str]] = set()
    rows = []
    for action in actions:
        keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())
        text = action.text().replace("&", "")
        if not keys or (keys, text) in seen:
            continue
        seen.add((keys, text))
        rows.append((str(action.property("group") or "Other"), keys, text))
    order = ["Annotate", "Suggestions", "Navigate", "Article status", "Edit", "General"]
    rows.sort(key=lambda r: (order.index(r[0]) if r[0] in order else len(order), r[0]))
    return rows


def show_import_report(
    parent: QWidget | None, summary: str, problems: Sequence[str], notes: Sequence[str] = ()
) -> QMessageBox:
    """A non-blocking message with the import's outcome; problems, then ``notes`` (e.g. layers kept
    beside an existing one), are listed in the details, as plain text."""
    box = QMessageBox(parent)
    box.setObjectName("importReport")
    box.setWindowTitle("Import")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setIcon(QMessageBox.Icon.Warning if problems else QMessageBox.Icon.Information)
    box.setText(summary)
    if problems:
        box.setInformativeText(f"{len(problems)} problem(s); nothing else was affected. See the details.")
    elif notes:
        box.setInformativeText("Existing layers were kept; see the details for where each imported layer went.")
    if problems or notes:
        box.setDetailedText("\n".join([*problems, *notes]))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()
    return box


def show_error(parent: QWidget | None, title: str, message: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Critical, title, message, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.open()
    return box
