"""Typing in the article list's search box filters the list without switching the open article."""

from __future__ import annotations

from PySide6.QtCore import Qt


def _search(qtbot, window, text: str, rows: int) -> None:  # noqa: ANN001
    panel = window.article_list
    panel.search_box.clear()
    qtbot.keyClicks(panel.search_box, text)
    qtbot.waitUntil(lambda: panel.model.query == text and panel.model.rowCount() == rows, timeout=3000)


def test_typing_a_search_keeps_the_open_article(qtbot, window) -> None:  # noqa: ANN001
    panel = window.article_list
    assert window.session.article_id == "a1"
    opened: list[str] = []
    window.session.articleOpened.connect(opened.append)

    _search(qtbot, window, "Merkel", rows=1)  # only a2 matches
    assert window.session.article_id == "a1" and opened == []
    assert panel.current_row() == -1  # nothing current: the list does not pretend a2 is open
    assert window.article_view.text.startswith("Kremlin spokesman")

    _search(qtbot, window, "the", rows=2)  # a1 and a3: the open article is the current row again
    assert panel.model.article_id(panel.current_row()) == "a1"
    assert window.session.article_id == "a1" and opened == []

    _search(qtbot, window, "Merkel", rows=1)
    with qtbot.waitSignal(window.session.articleOpened):  # Enter goes to the first match
        qtbot.keyClick(panel.search_box, Qt.Key.Key_Return)
    assert window.session.article_id == "a2"

    panel.search_box.clear()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3, timeout=3000)
    assert window.session.article_id == "a2"
    assert panel.model.article_id(panel.current_row()) == "a2"


def test_the_status_filter_keeps_the_open_article(qtbot, window) -> None:  # noqa: ANN001
    panel = window.article_list
    with qtbot.waitSignal(window.session.articleOpened):
        panel.select_row(2)
    assert window.session.article_id == "a3"
    panel.status_filter.setCurrentIndex(panel.status_filter.findText("To do"))
    assert window.session.article_id == "a3"
    assert panel.model.article_id(panel.current_row()) == "a3"
