"""Project → Codebook…: the real dialog edits the team's codebook, the project file changes in one
step, and the reopened window labels, keys, colours and stance column follow the new codebook."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from codebook_fixtures import NEW_LABEL, NEW_LABEL_KEY, NEW_STANCE, NEW_STANCE_KEY, codebook_scheme
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QTableWidget, QToolButton
from ui_helpers import ANNOTATOR, press, select_words

from annotator.app import Workspace
from annotator.domain import Annotations, Span
from annotator.services.scheme import project_scheme
from annotator.storage import Store
from annotator.ui.common.settings import AppSettings
from annotator.ui.quotes.quotes_panel import STANCE
from annotator.ui.window.codebook_dialog import COLOUR, KEY, LABEL, CodebookDialog, reserved_keys
from annotator.ui.window.main_window import MainWindow
from annotator.ui.workspace.shortcuts import QUOTE_TOOL_KEYS, fixed_keys


@pytest.fixture
def workspace(qtbot: Any, project_path: Path, settings: AppSettings) -> Iterator[Workspace]:
    """The app's own owner of the project and its window (the codebook reopens the project)."""
    ws = Workspace(settings, ANNOTATOR)
    _shown(qtbot, ws.open(project_path))
    yield ws
    if ws.window is not None:
        ws.window.close()
    if ws.store is not None:
        ws.store.close()


def _shown(qtbot: Any, window: MainWindow) -> MainWindow:
    """Show and focus a window the workspace owns (it deletes the old one on reopening, so the
    window is not handed to qtbot to close)."""
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.article_view.setFocus()
    return window


def _stored(path: Path) -> tuple[dict[str, Any], Annotations]:
    with Store.open(path, create=False) as store:
        return project_scheme(store).to_dict(), store.annotations("a1", ANNOTATOR)


def _open_dialog(qtbot: Any, window: MainWindow) -> CodebookDialog:
    window.actions["codebook"].trigger()
    dialog = window.codebook_dialog
    qtbot.waitExposed(dialog)
    return dialog


def _type(table: QTableWidget, row: int, column: int, text: str) -> None:
    """Enter ``text`` in a cell: the cell's item takes it, as the cell editor's commit does. (Typing into
    the editor with QTest does not commit while a main window is open offscreen, Return or focus-out.)"""
    table.setCurrentCell(row, column)
    table.item(row, column).setText(text)


def _add(qtbot: Any, dialog: CodebookDialog, section: str, label: str, key: str, colour: str) -> int:
    dialog.tabs.setCurrentWidget(dialog.tables[section].parentWidget())
    qtbot.mouseClick(dialog.findChild(QPushButton, f"codebookAdd-{section}"), Qt.MouseButton.LeftButton)
    table = dialog.tables[section]
    row = table.rowCount() - 1
    _type(table, row, LABEL, label)
    _type(table, row, KEY, key)
    _type(table, row, COLOUR, colour)
    return row


def _apply(qtbot: Any, workspace: Workspace, dialog: CodebookDialog) -> MainWindow:
    old = workspace.window
    assert dialog.apply_button.isEnabled(), dialog.problems.text()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: workspace.window is not old)
    return _shown(qtbot, workspace.window)


def test_new_label_and_stance_from_the_dialog_are_used_by_keys(
    qtbot: Any, workspace: Workspace, project_path: Path
) -> None:
    dialog = _open_dialog(qtbot, workspace.window)
    _add(qtbot, dialog, "quotes", NEW_LABEL, NEW_LABEL_KEY, "#ff7f50")
    row = _add(qtbot, dialog, "stances", NEW_STANCE, "k", "#9b5de5")
    assert "'K'" in dialog.problems.text() and "cycling the quote kind" in dialog.problems.text()
    assert not dialog.apply_button.isEnabled()
    _type(dialog.tables["stances"], row, KEY, "a")  # taken by "accusing"
    assert "bound twice" in dialog.problems.text() and not dialog.apply_button.isEnabled()
    _type(dialog.tables["stances"], row, KEY, NEW_STANCE_KEY)
    assert dialog.problems.text() == ""
    window = _apply(qtbot, workspace, dialog)

    scheme, _ = _stored(project_path)
    assert {"label": NEW_LABEL, "key": NEW_LABEL_KEY, "color": "#ff7f50"} in scheme["quotes"]
    assert {"label": NEW_STANCE, "key": NEW_STANCE_KEY, "color": "#9b5de5"} in scheme["stances"]
    chip = window.findChild(QToolButton, f"chip-{NEW_LABEL}")
    assert chip is not None and "#ff7f50" in chip.styleSheet()

    select_words(window, "officials in Brussels said")
    press(qtbot, window, Qt.Key.Key_W)
    select_words(window, "We will not be intimidated")
    press(qtbot, window, Qt.Key.Key_Q)
    press(qtbot, window, Qt.Key.Key_O)  # the selected quote takes the team's stance
    _, layer = _stored(project_path)
    assert sorted(s.label for s in layer.spans) == [NEW_LABEL, "QUOTE"]
    quote = next(s for s in layer.spans if s.label == "QUOTE")
    assert quote.attrs["stance"] == NEW_STANCE
    with qtbot.waitSignal(window.quote_tools.actions.popupShown) as shown:
        qtbot.keyClick(window.article_view, Qt.Key.Key_T)  # a team's own span can be a stance's target
    popup = shown.args[0]
    assert NEW_LABEL in [c.mention.label for c in popup.candidates]
    qtbot.keyClicks(popup.filter, "officials in")
    with qtbot.waitSignal(window.session.saved, timeout=2000):
        qtbot.keyClick(popup.filter, Qt.Key.Key_Return)
    _, layer = _stored(project_path)
    claim = next(s for s in layer.spans if s.label == NEW_LABEL)
    assert [(r.label, r.child) for r in layer.relations_from(quote.id)] == [(NEW_STANCE, claim.id)]
    panel = window.quote_tools.quotes.model
    assert panel.data(panel.index(panel.row_of(quote.id), STANCE)) == NEW_STANCE
    assert panel.data(panel.index(panel.row_of(quote.id), STANCE), Qt.ItemDataRole.DecorationRole).name() == "#9b5de5"


def _with_claim(path: Path) -> None:
    """The team's codebook on the project, and one CLAIM span of the tester's on article a1."""
    with Store.open(path) as store:
        store.set_label_scheme(codebook_scheme())
        start = store.article("a1").text.index("officials in Brussels")
        store.replace_layer(
            Annotations("a1", ANNOTATOR, spans=(Span("k1", start, start + len("officials in Brussels"), NEW_LABEL),))
        )


def test_removing_a_label_in_use_needs_the_force_box_and_says_how_many(
    qtbot: Any, project_path: Path, settings: AppSettings
) -> None:
    _with_claim(project_path)
    ws = Workspace(settings, ANNOTATOR)
    _shown(qtbot, ws.open(project_path))
    try:
        dialog = _open_dialog(qtbot, ws.window)
        table = dialog.tables["quotes"]
        row = next(r for r in range(table.rowCount()) if table.item(r, LABEL).text() == NEW_LABEL)
        table.setCurrentCell(row, LABEL)
        qtbot.mouseClick(dialog.findChild(QPushButton, "codebookRemove-quotes"), Qt.MouseButton.LeftButton)
        assert f"span label '{NEW_LABEL}' is used 1 time(s)" in dialog.problems.text()
        assert not dialog.apply_button.isEnabled()
        assert _stored(project_path)[1].spans  # nothing changed yet
        qtbot.mouseClick(dialog.force, Qt.MouseButton.LeftButton)
        assert "1 span(s) deleted" in dialog.preview.text()
        _apply(qtbot, ws, dialog)
        scheme, layer = _stored(project_path)
        assert NEW_LABEL not in [item["label"] for item in scheme["quotes"]] and not layer.spans
    finally:
        ws.window.close()
        ws.store.close()


def test_renaming_a_row_renames_in_every_layer(qtbot: Any, project_path: Path, settings: AppSettings) -> None:
    _with_claim(project_path)
    ws = Workspace(settings, ANNOTATOR)
    _shown(qtbot, ws.open(project_path))
    try:
        dialog = _open_dialog(qtbot, ws.window)
        table = dialog.tables["quotes"]
        row = next(r for r in range(table.rowCount()) if table.item(r, LABEL).text() == NEW_LABEL)
        _type(table, row, LABEL, "ASSERTION")
        assert "'CLAIM' renamed to 'ASSERTION' in 1 span(s)" in dialog.preview.text()
        _type(dialog.tables["quotes"], 0, LABEL, "STATEMENT")  # QUOTE is built in
        assert "QUOTE" in dialog.problems.text() and not dialog.apply_button.isEnabled()
        _type(dialog.tables["quotes"], 0, LABEL, "QUOTE")
        window = _apply(qtbot, ws, dialog)
        scheme, layer = _stored(project_path)
        assert [s.label for s in layer.spans] == ["ASSERTION"]
        assert "ASSERTION" in [item["label"] for item in scheme["quotes"]]
        assert window.findChild(QToolButton, "chip-ASSERTION") is not None
        assert window.findChild(QToolButton, f"chip-{NEW_LABEL}") is None
    finally:
        ws.window.close()
        ws.store.close()


def test_the_fixed_key_table_is_what_the_window_binds(window: MainWindow) -> None:
    """The command line checks a codebook against ``fixed_keys()``: it must list the quote tools'
    keys as the window really binds them, and the dialog must see them all."""
    bound = {seq.toString() for action in window.all_actions() for seq in action.shortcuts()}
    assert set(QUOTE_TOOL_KEYS) <= bound
    reserved = reserved_keys(window.all_actions())
    assert set(fixed_keys()) <= set(reserved)
    assert not {"A", "D", "M", "U", "N", "Q", "C", "S", "1"} & set(reserved)  # the codebook's own keys
