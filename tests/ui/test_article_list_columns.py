"""The article list at a small window: the status column in view; "Pending" counts what is pending."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from test_small_screens import Opener, linked, open_at, settle  # noqa: F401 - fixtures shared by name
from ui_helpers import ANNOTATOR, press

from annotator.storage import Store
from annotator.ui.window.main_window import MainWindow
from annotator.ui.workspace.article_list import ArticleListModel

STATUS, PENDING = ArticleListModel.COLUMNS.index("Status"), ArticleListModel.COLUMNS.index("Pending")


def in_view(table: Any, column: int) -> bool:
    """Whether ``column`` is shown whole inside the table's viewport, without scrolling."""
    header = table.horizontalHeader()
    left = header.sectionViewportPosition(column)
    return (
        not table.isColumnHidden(column) and left >= 0 and left + header.sectionSize(column) <= table.viewport().width()
    )


def test_status_and_pending_are_in_view_at_1024_by_700(open_at: Opener) -> None:  # noqa: F811
    window = open_at(1024, 700)
    table = window.article_list.table
    assert window.article_list.width() <= 300  # the list at its default width on a small screen
    assert in_view(table, 0) and in_view(table, STATUS) and in_view(table, PENDING)
    assert table.horizontalHeader().sectionSize(0) >= 100  # the title stays readable
    assert table.horizontalScrollBar().maximum() == 0  # nothing to scroll to
    assert table.model().index(0, STATUS).data() == "in progress"
    # Wider, the list shows more columns again.
    window.resize(1600, 900)
    settle()
    assert not table.isColumnHidden(ArticleListModel.COLUMNS.index("Quotes"))
    assert in_view(table, STATUS)


def pending_in_list(window: MainWindow, article_id: str) -> Any:
    model = window.article_list.model
    row = next(r for r in range(model.rowCount()) if model.article_id(r) == article_id)
    return model.index(row, PENDING).data()


def test_pending_counts_the_suggestions_not_yet_decided(qtbot: Any, window: MainWindow, project_path: Path) -> None:
    view = window.article_view
    assert pending_in_list(window, "a1") == 4 == view.pending_count
    view.scroll_to(0)
    qtbot.keyClick(view, Qt.Key.Key_Tab)  # Dmitry Peskov (suggested): accept it
    press(qtbot, window, Qt.Key.Key_Return)
    qtbot.keyClick(view, Qt.Key.Key_BracketRight)  # Moscow: reject it
    press(qtbot, window, Qt.Key.Key_X)
    assert pending_in_list(window, "a1") == 2 == view.pending_count
    assert "2 suggestions pending" in window.status.counts_label.text()
    # As stored: a list opened afresh on the project counts the same.
    with Store.open(project_path, create=False) as other:
        fresh = ArticleListModel(other, ANNOTATOR)
        assert fresh.index(0, PENDING).data() == 2
        assert ArticleListModel(other, "someone-else").index(0, PENDING).data() == 4
    window.session.undo()  # the rejection undone: pending again
    assert pending_in_list(window, "a1") == 3


def test_pending_follows_a_preannotation_run_of_other_articles(qtbot: Any, window: MainWindow) -> None:
    assert pending_in_list(window, "a2") == 0 and window.session.article_id == "a1"
    runner = window.quote_tools.runner
    with qtbot.waitSignal(runner.finished, timeout=120_000):
        assert window.quote_tools.preannotate(["a2", "a3"])
    with Store.open(window.store.path, create=False) as other:
        stored = len(other.annotations("a2", "model").spans)
    assert stored > 0 and pending_in_list(window, "a2") == stored  # Merkel, Macron, Paris, Tuesday...
    assert window.article_list.model.article_id(window.article_list.current_row()) == "a1"  # still current
