"""The keyboard flow of issue 18: accept stays put, walking quotes and suggestions, undo keeps the selection."""

from __future__ import annotations

from PySide6.QtCore import Qt
from ui_helpers import press, select_words

from annotator.domain import Origin


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
