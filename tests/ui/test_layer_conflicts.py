"""Two windows on one annotator's layer (issue 20): the one that is behind reloads, says so, and its edit
is redone on the stored layer, or visibly undone when it no longer fits. Nothing is overwritten."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from ui_helpers import ANNOTATOR, press, select_words, show

from annotator.editing import RelabelSpan, RemoveSpan
from annotator.storage import Store
from annotator.ui.window.main_window import MainWindow
from annotator.ui.workspace.session import REBASED_MESSAGE


def _focus(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.article_view.setFocus()


def _two_windows(qtbot, project_path: Path, settings):  # noqa: ANN001, ANN202
    stores = [Store.open(project_path), Store.open(project_path)]
    windows = [show(qtbot, MainWindow(store, ANNOTATOR, settings)) for store in stores]
    return stores, windows


def test_the_window_behind_redoes_its_edit_on_the_stored_layer(qtbot, project_path, settings, reader) -> None:  # noqa: ANN001
    stores, (a, b) = _two_windows(qtbot, project_path, settings)
    try:
        _focus(qtbot, a)
        select_words(a, "Moscow")
        press(qtbot, a, Qt.Key.Key_3)  # A adds a GPE; B has not seen it
        _focus(qtbot, b)
        select_words(b, "Dmitry Peskov")
        with qtbot.waitSignal(b.session.saved) as saved:
            qtbot.keyClick(b.article_view, Qt.Key.Key_1)
        assert saved.args == [REBASED_MESSAGE]
        stored = {b.article_view.text[s.start : s.end] for s in reader("a1").spans}
        assert stored == {"Moscow", "Dmitry Peskov"}  # neither window's edit was lost
        assert {b.article_view.text[s.start : s.end] for s in b.session.state.spans} == stored  # B shows it
    finally:
        for w, s in zip((a, b), stores, strict=True):
            w.close()
            s.close()


def test_an_edit_that_no_longer_fits_is_visibly_undone(qtbot, project_path, settings, reader) -> None:  # noqa: ANN001
    stores, (a, b) = _two_windows(qtbot, project_path, settings)
    try:
        _focus(qtbot, a)
        select_words(a, "Moscow")
        press(qtbot, a, Qt.Key.Key_3)
        span_id = reader("a1").spans[0].id
        b.session.editing.reload()  # B sees the span...
        assert a.session.perform(RemoveSpan(span_id))  # ...which A then deletes
        with qtbot.waitSignal(b.session.errorRaised) as error, qtbot.waitSignal(b.session.changed):
            assert not b.session.perform(RelabelSpan(span_id, "ORG"))
        assert "changed this layer" in error.args[0] and "undone" in error.args[0]
        assert b.session.state == reader("a1") and reader("a1").spans == ()  # B shows what is stored
        assert "changed this layer" in b.status.error_label.text()
    finally:
        for w, s in zip((a, b), stores, strict=True):
            w.close()
            s.close()
