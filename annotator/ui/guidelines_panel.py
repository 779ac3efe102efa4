"""The guidelines panel: the project's annotation guidelines as Markdown, editable per project.

The text lives in the project file (setting ``guidelines``) so that every annotator of a project
reads the same rules; a project without its own starts from ``resources/guidelines.md``. Links
are shown but never opened from here (no external content in the tool).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..paths import resources_dir
from ..storage import Store

SETTING_KEY = "guidelines"


def default_guidelines() -> str:
    """The shipped guidelines (Markdown)."""
    return (resources_dir() / "guidelines.md").read_text(encoding="utf-8")


def project_guidelines(store: Store) -> str:
    """The project's guidelines, or the shipped ones when it has none of its own."""
    return store.setting(SETTING_KEY) or default_guidelines()


class GuidelinesPanel(QWidget):
    """Shows the guidelines; "Edit" switches to a plain-text editor, "Save" stores them in the project.

    ``saved(str)`` after the text reached the project file.
    """

    saved = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.editor = QPlainTextEdit()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.browser)
        self.stack.addWidget(self.editor)
        self.edit_button = QPushButton("Edit")
        self.edit_button.setCheckable(True)
        self.edit_button.toggled.connect(self._toggle)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        layout.addLayout(buttons)
        self.reload()

    @property
    def editing(self) -> bool:
        return self.stack.currentWidget() is self.editor

    def reload(self) -> None:
        self.browser.setMarkdown(project_guidelines(self.store))

    def _toggle(self, on: bool) -> None:
        if on:
            self.editor.setPlainText(project_guidelines(self.store))
            self.stack.setCurrentWidget(self.editor)
            self.edit_button.setText("Save")
            self.cancel_button.setVisible(True)
            self.editor.setFocus()
        else:
            self.save()

    def save(self) -> None:
        """Store the edited text in the project and show it."""
        text = self.editor.toPlainText()
        self.store.set_setting(SETTING_KEY, text)
        self._show_browser()
        self.saved.emit(text)

    def cancel(self) -> None:
        self._show_browser()

    def _show_browser(self) -> None:
        self.reload()
        self.stack.setCurrentWidget(self.browser)
        self.cancel_button.setVisible(False)
        self.edit_button.blockSignals(True)
        self.edit_button.setChecked(False)
        self.edit_button.blockSignals(False)
        self.edit_button.setText("Edit")
