"""The workspace from 1,024 x 700 up: panels keep a usable width, the label buttons their full text,
the summary more than one row; who-said-what filters the quotes panel; the list shows each status.

The window is the real one on the seed article with the seed gold as the annotator's own layer
(many speakers, quotes and stances), shown at the sizes analysts work at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QToolButton
from test_row_updates import ANNOTATOR, gold_layer

from annotator.domain import Article
from annotator.review.quote_rows import QuoteRow, row_speaker
from annotator.storage import Store
from annotator.ui.common.dock_layout import MIN_SIDE_WIDTH
from annotator.ui.common.settings import AppSettings
from annotator.ui.quotes.quotes_panel import NAME
from annotator.ui.window.main_window import MainWindow

#: A readable line of article text: about 50 characters of the article font.
READABLE_TEXT_WIDTH = 420

Opener = Callable[[int, int], MainWindow]


@pytest.fixture()
def linked(tmp_path: Path, seed_gold: dict[str, Any]) -> Path:
    path = tmp_path / "linked.annotator"
    with Store.open(path) as store:
        store.add_articles(
            [
                (
                    Article(id=seed_gold["id"], text=seed_gold["text"], title="Sessions and Russia"),
                    [gold_layer(seed_gold, ANNOTATOR)],
                )
            ]
        )
    return path


@pytest.fixture()
def open_at(qtbot: Any, linked: Path, settings: AppSettings) -> Iterator[Opener]:
    """Opens the workspace at ``width`` x ``height`` (a first run: no remembered layout)."""
    stores: list[Store] = []

    def make(width: int, height: int) -> MainWindow:
        store = Store.open(linked)
        stores.append(store)
        window = MainWindow(store, ANNOTATOR, settings)
        qtbot.addWidget(window)
        window.resize(width, height)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.dock_layout.compact is not None)
        settle()
        return window

    yield make
    for store in stores:
        store.close()


def settle() -> None:
    """Let the main window lay its docks out (they move on the next passes of the event loop)."""
    for _ in range(3):
        QApplication.processEvents()


def side_docks(window: MainWindow) -> list[QDockWidget]:
    sides = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)
    return [
        d
        for d in window.findChildren(QDockWidget)
        if d.toggleViewAction().isChecked() and window.dockWidgetArea(d) in sides
    ]


def dock_of(window: MainWindow, widget: object) -> QDockWidget:
    return next(d for d in window.findChildren(QDockWidget) if d.widget() is widget)


def test_at_1024_by_700_panels_text_and_label_buttons_keep_their_width(open_at: Opener) -> None:
    window = open_at(1024, 700)
    assert (window.width(), window.height()) == (1024, 700), "the window does not fit a 1,024 x 700 screen"
    right = [d for d in side_docks(window) if window.dockWidgetArea(d) == Qt.DockWidgetArea.RightDockWidgetArea]
    assert len(right) == 3
    for dock in side_docks(window):
        assert dock.width() >= MIN_SIDE_WIDTH, f"{dock.windowTitle()} is {dock.width()} px wide"
    # Side by side the right-hand panels would not fit: they are tabs of one column.
    inspector = dock_of(window, window.inspector)
    assert {d.objectName() for d in window.tabifiedDockWidgets(inspector)} == {
        "panel-who-said-what",
        "panel-guidelines",
    }
    assert not inspector.visibleRegion().isEmpty()  # the inspector is the tab in front
    assert window.article_view.width() >= READABLE_TEXT_WIDTH
    bar = window.findChild(QToolButton, "chip-PERSON").parentWidget()
    chips = [b for b in bar.findChildren(QToolButton) if b.property("labelChip")]
    assert len(chips) == 10
    for chip in chips:
        assert chip.isVisible()
        assert chip.width() >= chip.sizeHint().width(), f"{chip.text()!r} is cut: {chip.width()} px"
        assert QRect(QPoint(0, 0), bar.size()).contains(chip.geometry()), f"{chip.text()!r} is outside the bar"
        assert window.centralWidget().rect().contains(chip.mapTo(window.centralWidget(), chip.rect().bottomRight()))
    assert bar.chips.rows() > 1  # wrapped, not squeezed


def test_the_right_hand_panels_split_on_a_wide_window_and_tab_again_when_narrow(open_at: Opener) -> None:
    window = open_at(1024, 700)
    inspector, summary = dock_of(window, window.inspector), dock_of(window, window.quote_tools.summary)
    assert window.tabifiedDockWidgets(inspector)
    window.resize(1600, 900)
    settle()
    assert window.dock_layout.compact is False
    assert not window.tabifiedDockWidgets(inspector)  # the inspector on its own on top
    assert [d.objectName() for d in window.tabifiedDockWidgets(summary)] == ["panel-guidelines"]
    assert inspector.geometry().bottom() < summary.geometry().top()
    assert not summary.visibleRegion().isEmpty() and not inspector.visibleRegion().isEmpty()
    window.resize(1024, 700)
    settle()
    assert window.dock_layout.compact is True and len(window.tabifiedDockWidgets(inspector)) == 2


@pytest.mark.parametrize("size", [(1024, 700), (1600, 900), (1600, 700)])
def test_who_said_what_and_the_stance_picture_show_several_rows(open_at: Opener, size: tuple[int, int]) -> None:
    window = open_at(*size)
    assert (window.width(), window.height()) == size  # never made larger than asked to fit the panels
    summary = window.quote_tools.summary
    dock = dock_of(window, summary)
    dock.raise_()  # at 1,024 px it is a tab behind the inspector
    settle()
    assert not dock.visibleRegion().isEmpty()
    assert summary.model.rowCount() >= 4
    viewport = summary.table.viewport().rect()
    for row in range(4):
        cell = summary.table.visualRect(summary.model.index(row, 0))
        assert viewport.contains(cell), f"row {row + 1} of who-said-what is out of view at {size}"
    graph = summary.graph
    assert len(graph.sources()) >= 4
    assert summary.picture.viewport().height() >= graph.height_for(4), "the stance picture shows fewer than 4 rows"


def click_speaker(qtbot: Any, window: MainWindow, name: str) -> None:
    summary = window.quote_tools.summary
    row = next(i for i, r in enumerate(summary.model.rows) if r.speaker == name)
    cell = summary.table.visualRect(summary.model.index(row, 0))
    qtbot.mouseClick(summary.table.viewport(), Qt.MouseButton.LeftButton, pos=cell.center())


def shown_quotes(window: MainWindow) -> list[QuoteRow]:
    panel = window.quote_tools.quotes
    return [r for i, r in enumerate(panel.model.rows) if not panel.table.isRowHidden(i)]


def test_clicking_a_speaker_shows_only_their_quotes_until_cleared(qtbot: Any, open_at: Opener) -> None:
    window = open_at(1600, 900)
    summary, panel = window.quote_tools.summary, window.quote_tools.quotes
    every = list(panel.model.rows)
    speaker = next(r for r in summary.model.rows if 1 < r.quotes < len(every))
    click_speaker(qtbot, window, speaker.speaker)
    shown = shown_quotes(window)
    assert len(shown) == speaker.quotes  # the seed layer has no suggestions: every row is an own quote
    assert {row_speaker(r) for r in shown} == {speaker.speaker}
    chip = panel.speaker_filter
    assert chip.isVisible() and speaker.speaker in chip.label.text() and str(speaker.quotes) in chip.label.text()
    # The chip's button shows every quote again.
    qtbot.mouseClick(chip.clear_button, Qt.MouseButton.LeftButton)
    assert shown_quotes(window) == every and not chip.isVisible()
    assert not summary.table.selectionModel().hasSelection()
    # A click on the speaker filters, a second click on the same speaker clears.
    click_speaker(qtbot, window, speaker.speaker)
    assert len(shown_quotes(window)) == speaker.quotes
    other = next(r for r in summary.model.rows if r.speaker != speaker.speaker and r.quotes)
    click_speaker(qtbot, window, other.speaker)  # another speaker: their quotes instead
    assert {row_speaker(r) for r in shown_quotes(window)} == {other.speaker}
    click_speaker(qtbot, window, other.speaker)
    assert shown_quotes(window) == every and chip.speaker == ""


def test_the_speaker_filter_follows_edits_and_ends_with_the_article(
    qtbot: Any, open_at: Opener, linked: Path, seed_gold: dict[str, Any]
) -> None:
    window = open_at(1600, 900)
    summary, panel = window.quote_tools.summary, window.quote_tools.quotes
    speaker = next(r for r in summary.model.rows if r.quotes > 1)
    click_speaker(qtbot, window, speaker.speaker)
    # Renaming one of the speaker's quotes to someone else (in the panel, an undoable edit) hides it.
    row = next(i for i, r in enumerate(panel.model.rows) if row_speaker(r) == speaker.speaker)
    span_id = panel.model.rows[row].span_id
    assert panel.model.setData(panel.model.index(row, NAME), "Somebody Else")
    with Store.open(linked, create=False) as other:  # stored
        assert other.annotations(seed_gold["id"], ANNOTATOR).span(span_id).attrs["speaker_name"] == "Somebody Else"
    assert len(shown_quotes(window)) == speaker.quotes - 1
    assert panel.table.isRowHidden(panel.model.row_of(span_id))
    window.session.undo()
    assert len(shown_quotes(window)) == speaker.quotes
    window.session.open_article(seed_gold["id"])  # the article again: a fresh list, every quote
    assert panel.speaker_filter.speaker == "" and len(shown_quotes(window)) == len(panel.model.rows)


def test_a_remembered_layout_is_kept_where_it_fits(open_at: Opener) -> None:
    window = open_at(1600, 900)
    guidelines = dock_of(window, window.quote_tools.guidelines)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, guidelines)  # the analyst's own arrangement
    window.close()  # remembers the layout
    again = open_at(1600, 900)
    guidelines = dock_of(again, again.quote_tools.guidelines)
    assert again.dockWidgetArea(guidelines) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert not again.tabifiedDockWidgets(dock_of(again, again.inspector))
    again.close()
    small = open_at(1024, 700)  # too narrow for it: the right-hand panels become tabs, the rest stays
    assert (small.width(), small.height()) == (1024, 700)
    inspector = dock_of(small, small.inspector)
    assert [d.objectName() for d in small.tabifiedDockWidgets(inspector)] == ["panel-who-said-what"]
    guidelines = dock_of(small, small.quote_tools.guidelines)
    assert small.dockWidgetArea(guidelines) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert guidelines.width() >= MIN_SIDE_WIDTH


def test_enter_on_a_speaker_filters_from_the_keyboard(qtbot: Any, open_at: Opener) -> None:
    window = open_at(1600, 900)
    summary, chip = window.quote_tools.summary, window.quote_tools.quotes.speaker_filter
    speaker = summary.model.rows[1]
    state = window.session.state
    summary.table.setFocus()
    summary.table.setCurrentIndex(summary.model.index(1, 0))
    qtbot.keyClick(summary.table, Qt.Key.Key_Return)
    assert chip.speaker == speaker.speaker and len(shown_quotes(window)) == speaker.quotes
    assert window.session.state is state  # the key went to the table, not to an edit of the text
    qtbot.keyClick(summary.table, Qt.Key.Key_Space)
    assert chip.speaker == "" and len(shown_quotes(window)) == len(window.quote_tools.quotes.model.rows)
