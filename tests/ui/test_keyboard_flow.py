"""The keyboard flow of issue 18: accept stays put, walking quotes and suggestions, undo keeps the selection."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from ui_helpers import ANNOTATOR, answer_pending, press, select_words, show

from annotator.domain import Article, Origin, Status
from annotator.storage import Store
from annotator.ui.window.main_window import MainWindow


def _selected_text(window) -> str:  # noqa: ANN001
    mark = window.article_view.mark(window.session.selected_span)
    return window.article_view.text[mark.start : mark.end]


def test_accept_keeps_the_accepted_span_selected_and_undo_keeps_the_selection(qtbot, window, reader) -> None:  # noqa: ANN001
    window.article_view.scroll_to(0)
    qtbot.keyClick(window.article_view, Qt.Key.Key_Tab)
    qtbot.keyClick(window.article_view, Qt.Key.Key_Tab)  # Moscow, suggested
    press(qtbot, window, Qt.Key.Key_Return)
    (accepted,) = reader("a1").spans
    assert window.article_view.text[accepted.start : accepted.end] == "Moscow"
    assert window.session.selected_span == accepted.id  # the next key lands on it, not on the next suggestion
    press(qtbot, window, Qt.Key.Key_5)  # and it does: relabel the accepted span
    assert [s.label for s in reader("a1").spans] == ["LOC"]

    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.selected_span == accepted.id
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the acceptance itself
    assert reader("a1").spans == ()
    assert window.session.selected_span.startswith("model:")  # the suggestion is selected again
    assert _selected_text(window) == "Moscow"
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    (again,) = reader("a1").spans
    assert window.session.selected_span == again.id


def test_accepting_the_last_suggestion_stays_at_the_end(qtbot, window, reader) -> None:  # noqa: ANN001
    window.article_view.scroll_to(0)
    qtbot.keyClick(window.article_view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)  # Washington, the last
    assert _selected_text(window) == "Washington"
    press(qtbot, window, Qt.Key.Key_Return)
    (accepted,) = reader("a1").spans
    assert (window.article_view.text[accepted.start : accepted.end], accepted.origin) == ("Washington", Origin.HUMAN)
    assert window.session.selected_span == accepted.id
    assert window.article_view.cursor_position() >= accepted.start - 1  # not back at the top of the article


def test_next_and_previous_pending_suggestion_skip_own_spans(qtbot, window, reader) -> None:  # noqa: ANN001
    select_words(window, "Kremlin")
    press(qtbot, window, Qt.Key.Key_2)  # an own span first in the text
    window.session.select("")
    window.article_view.scroll_to(0)
    seen = []
    for _ in range(5):
        qtbot.keyClick(window.article_view, Qt.Key.Key_BracketRight)
        seen.append(_selected_text(window))
    assert seen == ["Dmitry Peskov", "Moscow", "European Union", "Washington", "Dmitry Peskov"]
    qtbot.keyClick(window.article_view, Qt.Key.Key_BracketLeft)
    assert _selected_text(window) == "Washington"
    assert reader("a1").spans[0].label == "ORG"


def test_next_and_previous_quote_keep_panel_and_inspector_on_the_same_quote(qtbot, window, reader) -> None:  # noqa: ANN001
    select_words(window, "no plans")
    press(qtbot, window, Qt.Key.Key_Q)
    select_words(window, "We will not be intimidated")
    press(qtbot, window, Qt.Key.Key_Q)
    first, second = sorted((s for s in reader("a1").spans if s.label == "QUOTE"), key=lambda s: s.start)
    select_words(window, "European Union")
    press(qtbot, window, Qt.Key.Key_2)  # an entity between the two quotes
    panel = window.quote_tools.quotes
    qtbot.keyClick(window.article_view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert window.session.selected_span == second.id
    assert panel.table.currentIndex().row() == panel.model.row_of(second.id) >= 0
    assert window.inspector.field("Label") == "QUOTE"
    qtbot.keyClick(window.article_view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert window.session.selected_span == first.id
    assert panel.model.rows[panel.table.currentIndex().row()].span_id == first.id


STRAIGHT = Article(
    id="s1",
    title="Straight marks",
    outlet="Wire",
    published="2024-03-04",
    text='The minister spoke briefly. "We will stay the course," she said on Monday.',
)


@pytest.fixture
def straight_window(qtbot, tmp_path: Path, settings):  # noqa: ANN001, ANN201
    path = tmp_path / "straight.annotator"
    store = Store.open(path)
    store.add_articles([(STRAIGHT, ())])
    win = show(qtbot, MainWindow(store, ANNOTATOR, settings))
    yield win, path
    win.close()
    store.close()


def test_quote_key_trims_straight_quotation_marks_from_a_word_snapped_selection(qtbot, straight_window) -> None:  # noqa: ANN001
    window, path = straight_window
    text = STRAIGHT.text
    start = text.index('"We')
    window.article_view.select_text(start, text.index("course") + 3)  # from the mark: snaps to '"We ... course'
    press(qtbot, window, Qt.Key.Key_Q)
    with Store.open(path, create=False) as store:
        (quote,) = store.annotations("s1", ANNOTATOR).spans
    assert text[quote.start : quote.end] == "We will stay the course"
    assert quote.attrs["kind"] == "direct"
    mark_quote = window.quote_tools.actions.actions["mark_quote"]
    assert mark_quote.text().endswith("\tQ")  # the menu shows the key that marks a quote


@pytest.mark.parametrize(
    ("choice", "verdicts", "spans"), [("accept", {"accepted"}, 4), ("reject", {"rejected"}, 0), ("keep", set(), 0)]
)
def test_marking_done_with_pending_suggestions_asks_once(qtbot, window, reader, choice, verdicts, spans) -> None:  # noqa: ANN001
    seen = answer_pending(choice)
    press(qtbot, window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert seen == ["4 suggestions pending: accept all, reject all, or keep them as they are?"]
    layer = reader("a1")
    assert layer.status is Status.DONE
    assert {v.value for v in layer.decisions.values()} == verdicts
    assert len(layer.spans) == spans
    if choice != "keep":  # the decisions and the status are one undo step
        with qtbot.waitSignal(window.session.saved, timeout=2000):
            window.session.undo()
        assert reader("a1").status is not Status.DONE
        assert reader("a1").decisions == {}


def test_marking_done_without_pending_suggestions_does_not_ask(qtbot, window, reader) -> None:  # noqa: ANN001
    window.open_article("a2")
    press(qtbot, window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert reader("a2").status is Status.DONE


def test_a_target_with_no_span_is_picked_from_the_text_in_the_popup_in_one_undo_step(qtbot, window, reader) -> None:  # noqa: ANN001
    select_words(window, "We will not be intimidated")
    press(qtbot, window, Qt.Key.Key_Q)
    (quote,) = reader("a1").spans
    tools = window.quote_tools
    with qtbot.waitSignal(tools.actions.popupShown):
        qtbot.keyClick(window.article_view, Qt.Key.Key_T)
    popup = tools.actions.popup
    qtbot.keyClicks(popup.filter, "Brussels")  # no span there yet
    shown = popup.visible_candidates()
    row = next(n for n, c in enumerate(shown) if c.mention.label == "GPE" and c.text == "Brussels")
    with qtbot.waitSignal(window.session.saved, timeout=2000):
        popup.pick_row(row)
    layer = reader("a1")
    target = next(s for s in layer.spans if s.label == "GPE")
    assert window.article_view.text[target.start : target.end] == "Brussels"
    assert [(r.head, r.child, r.label) for r in layer.relations] == [(quote.id, target.id, "TARGET")]
    with qtbot.waitSignal(window.session.saved, timeout=2000):
        window.session.undo()
    assert [s.id for s in reader("a1").spans] == [quote.id] and reader("a1").relations == ()


def test_the_quotes_panel_shows_the_quote_a_selected_entity_sits_in(qtbot, window, reader) -> None:  # noqa: ANN001
    select_words(window, "Moscow had \u201cno plans\u201d to respond")
    press(qtbot, window, Qt.Key.Key_Q)
    (quote,) = reader("a1").spans
    window.session.select("")
    window.article_view.scroll_to(0)
    qtbot.keyClick(window.article_view, Qt.Key.Key_Tab)
    qtbot.keyClick(window.article_view, Qt.Key.Key_Tab)
    qtbot.keyClick(window.article_view, Qt.Key.Key_Tab)  # Moscow, inside the quote
    assert _selected_text(window) == "Moscow"
    panel = window.quote_tools.quotes
    (selected,) = panel.table.selectionModel().selectedRows()
    assert panel.model.rows[selected.row()].span_id == quote.id
    assert window.session.selected_span != quote.id  # the text's selection stays on the entity
