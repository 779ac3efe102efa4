"""CodebookDialog (Project → Codebook…): edit the team's span labels, relation labels and stance
values, with their keys, colours and descriptions.

One table per family. A row remembers the name it had when the dialog opened, so editing a name is a
rename carried into every layer; removing a row whose label is in use is refused unless "drop the
uses" is ticked, exactly as ``annotator scheme --set`` does (both call
:func:`annotator.services.codebook.change_codebook`, one transaction). Keys are checked live
against each other and against the keys the window binds whatever the codebook says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain import AnnotatorError, LabelScheme
from ...domain.codebook import CodebookPlan, CodebookRefused, plan_codebook_change
from ...services.codebook import change_codebook, scheme_from_data
from ...services.scheme import project_scheme
from ...storage import Store
from ..workspace.shortcuts import fixed_keys

#: (section of label_scheme.json, tab title) in the order the tabs show.
SECTIONS = (("entities", "Entities"), ("quotes", "Quote spans"), ("relations", "Relations"), ("stances", "Stances"))
COLUMNS = ("Label", "Key", "Colour", "Description")
LABEL, KEY, COLOUR, DESCRIPTION = range(4)
#: Item data of a row's label cell: the name the label had when the dialog opened ("" for a new row).
ORIGINAL = Qt.ItemDataRole.UserRole + 1
NEW_COLOUR = "#cccccc"


def reserved_keys(actions: Iterable[QAction]) -> dict[str, str]:
    """Keys the window binds that a codebook must not take: every live action's keys except the
    codebook's own (labels, stances) and "mark quote" (it shares Q with the QUOTE label on purpose)."""
    keys = fixed_keys()
    for action in actions:
        name = action.objectName()
        if name.startswith(("action-label:", "quote_stance_")) or name == "quote_mark_quote":
            continue
        for sequence in action.shortcuts():
            if not sequence.isEmpty():
                keys.setdefault(sequence.toString(), action.text().replace("&", "").lower())
    return keys


class CodebookDialog(QDialog):
    """The codebook editor. ``applied(CodebookPlan)`` after the change is stored."""

    applied = Signal(object)

    def __init__(self, store: Store, reserved: Mapping[str, str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codebookDialog")
        self.setWindowTitle("Codebook")
        self.store = store
        self.reserved = dict(reserved if reserved is not None else fixed_keys())
        self.original = project_scheme(store)
        self.use = store.label_use()  # counted once; the change itself recounts under the write lock
        self.plan: CodebookPlan | None = None
        self._built = False  # rows added while building are checked once, at the end
        self.tabs = QTabWidget()
        self.tables: dict[str, QTableWidget] = {}
        data = self.original.to_dict()
        for section, title in SECTIONS:
            self.tabs.addTab(self._family_page(section, data.get(section, [])), title)
        self.force = QCheckBox("Drop the uses of removed labels (spans deleted, stances cleared)")
        self.force.setObjectName("codebookForce")
        self.force.toggled.connect(self.check)
        self.problems = QLabel()
        self.problems.setObjectName("codebookProblems")
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.preview = QLabel()
        self.preview.setObjectName("codebookPreview")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setObjectName("codebookApply")
        self.apply_button.clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        note = QLabel(
            "Renaming a label renames it in every layer. Keys are single characters; a letter works in either case.\n"
            "The window reopens with the new codebook (its undo history starts afresh)."
        )
        note.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.force)
        layout.addWidget(self.problems)
        layout.addWidget(self.preview)
        layout.addWidget(self.buttons)
        self.resize(760, 520)
        self._built = True
        self.check()

    # -- the tables -------------------------------------------------------------------------
    def _family_page(self, section: str, items: list[dict[str, str]]) -> QWidget:
        table = QTableWidget(0, len(COLUMNS))
        table.setObjectName(f"codebook-{section}")
        table.setHorizontalHeaderLabels(list(COLUMNS))
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        self.tables[section] = table
        for item in items:
            self.add_row(section, item, original=item["label"])
        table.itemChanged.connect(self._on_item_changed)
        add = QPushButton("Add")
        add.setObjectName(f"codebookAdd-{section}")
        add.clicked.connect(lambda: self._add_new(section))
        remove = QPushButton("Remove")
        remove.setObjectName(f"codebookRemove-{section}")
        remove.clicked.connect(lambda: self.remove_row(section, table.currentRow()))
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(table, 1)
        layout.addLayout(buttons)
        return page

    def add_row(self, section: str, item: Mapping[str, str], original: str = "") -> int:
        """Append a row (``original``: the stored name of an existing label, "" for a new one)."""
        table = self.tables[section]
        blocked = table.blockSignals(True)
        row = table.rowCount()
        table.insertRow(row)
        values = (
            item.get("label", ""),
            item.get("key", ""),
            item.get("color", NEW_COLOUR),
            item.get("description", ""),
        )
        for column, value in enumerate(values):
            cell = QTableWidgetItem(value)
            if column == LABEL:
                cell.setData(ORIGINAL, original)
            table.setItem(row, column, cell)
        self._paint_colour(table, row)
        table.blockSignals(blocked)
        self.check()
        return row

    def _add_new(self, section: str) -> None:
        row = self.add_row(section, {"label": "", "color": NEW_COLOUR})
        table = self.tables[section]
        table.setCurrentCell(row, LABEL)
        table.editItem(table.item(row, LABEL))

    def remove_row(self, section: str, row: int) -> None:
        if 0 <= row < self.tables[section].rowCount():
            self.tables[section].removeRow(row)
            self.check()

    def set_cell(self, section: str, label: str, column: int, value: str) -> None:
        """Set one cell of the row now named ``label`` (what typing into the cell does)."""
        table = self.tables[section]
        row = next(r for r in range(table.rowCount()) if table.item(r, LABEL).text() == label)
        table.item(row, column).setText(value)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == COLOUR:
            table = item.tableWidget()
            blocked = table.blockSignals(True)
            self._paint_colour(table, item.row())
            table.blockSignals(blocked)
        self.check()

    @staticmethod
    def _paint_colour(table: QTableWidget, row: int) -> None:
        cell = table.item(row, COLOUR)
        colour = QColor(cell.text().strip())
        if colour.isValid():
            cell.setBackground(colour)
            cell.setForeground(QColor("#000000") if colour.lightness() > 128 else QColor("#ffffff"))

    # -- what the tables say ----------------------------------------------------------------
    def document(self) -> dict[str, Any]:
        """The tables as the JSON structure of ``label_scheme.schema.json``."""
        data: dict[str, Any] = {"name": self.original.name, "quote_kinds": list(self.original.quote_kinds)}
        for section, table in self.tables.items():
            items = []
            for row in range(table.rowCount()):
                label, key, colour, description = (table.item(row, c).text().strip() for c in range(len(COLUMNS)))
                item = {"label": label, "color": colour}
                if key:
                    item["key"] = key
                if description:
                    item["description"] = description
                items.append(item)
            data[section] = items
        return data

    def renames(self) -> dict[str, str]:
        """Rows whose name was edited: stored name -> new name."""
        out: dict[str, str] = {}
        for table in self.tables.values():
            for row in range(table.rowCount()):
                cell = table.item(row, LABEL)
                original, now = str(cell.data(ORIGINAL) or ""), cell.text().strip()
                if original and now and original != now:
                    out[original] = now
        return out

    def _scheme(self) -> LabelScheme:
        return scheme_from_data(self.document(), "the codebook", self.reserved)

    def check(self) -> bool:
        """Re-check the tables (keys, names, colours, labels in use); enable Apply only when fine."""
        if not self._built:
            return False
        try:
            self.plan = plan_codebook_change(
                self.original,
                self._scheme(),
                self.use,
                self.renames(),
                force=self.force.isChecked(),
                reserved_keys=self.reserved,
            )
        except (CodebookRefused, AnnotatorError) as exc:
            self.plan = None
            self.problems.setText(_readable(str(exc)))
            self.preview.setText("")
        else:
            self.problems.setText("")
            self.preview.setText("\n".join(self.plan.summary()) or "No label in use changes.")
        self.apply_button.setEnabled(self.plan is not None)
        return self.plan is not None

    def apply(self) -> bool:
        """Store the codebook (one transaction); on success emit ``applied`` and close."""
        if not self.check():
            return False
        try:
            plan = change_codebook(
                self.store, self._scheme(), self.renames(), force=self.force.isChecked(), reserved_keys=self.reserved
            )
        except AnnotatorError as exc:  # a colleague's edit meanwhile, or the file: nothing was changed
            self.problems.setText(f"Not changed: {_readable(str(exc))}")
            return False
        self.plan = plan
        self.applied.emit(plan)
        self.accept()
        return True


def _readable(message: str) -> str:
    """One problem per line, in the dialog's words rather than the command line's."""
    message = re.sub(
        r"use --rename \S+=NEW, or --force to drop its uses",
        "keep its row (rename it there), or tick \u201cDrop the uses\u201d",
        message,
    )
    message = re.sub(r"--rename (\S+?)=(\S+?):", r"renaming \1 to \2:", message)
    return "\n".join(part.strip() for part in message.split("; "))
