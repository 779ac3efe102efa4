"""The guidelines panel: the project's annotation guidelines as Markdown, editable per project.

The text lives in the project file (setting ``guidelines``) so that every annotator of a project
reads the same rules; a project without its own starts from ``resources/guidelines.md``. Links
are shown but never opened from here (no external content in the tool).

Keys and labels appear in code spans (`l`, `Shift+c`), so the code font must tell ``l`` from ``1``
and ``O`` from ``0``: Qt's Markdown reader takes the system's "monospace" alias, which on some
systems is a font where they look alike, so the panel names legible fonts itself.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...paths import resources_dir
from ...storage import Store

SETTING_KEY = "guidelines"

#: Monospaced fonts whose l, 1 and I (and O and 0) differ at a glance, best first; the first one
#: installed is used for code spans, after the system's fixed font only when none is.
LEGIBLE_CODE_FONTS = (
    "DejaVu Sans Mono",
    "Cascadia Mono",
    "Consolas",
    "Menlo",
    "SF Mono",
    "JetBrains Mono",
    "Source Code Pro",
    "Noto Sans Mono",
    "Liberation Mono",
)


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
        use_legible_code_font(self.browser.document())

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


def code_font_families() -> list[str]:
    """The families asked for code spans: the legible fonts installed here, then the system's fixed font."""
    installed = set(QFontDatabase.families())
    chosen = [name for name in LEGIBLE_CODE_FONTS if name in installed]
    return [*chosen, QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()]


def use_legible_code_font(document: QTextDocument) -> None:
    """Give every code span and code block of a rendered Markdown ``document`` a legible font.

    The browser is read-only and its document is rebuilt on every reload, so formatting it in
    place touches no undo history and no stored text.
    """
    families = code_font_families()
    legible = QTextCharFormat()
    legible.setFontFamilies(families)
    legible.setFontFixedPitch(True)
    ranges: list[tuple[int, int]] = []  # collected first: formatting splits the fragments iterated
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            if fragment.isValid() and fragment.charFormat().fontFixedPitch():
                ranges.append((fragment.position(), fragment.position() + fragment.length()))
            fragments += 1
        block = block.next()
    cursor = QTextCursor(document)
    for start, end in ranges:
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(legible)
