"""Keyboard editing in the article view, each step checked in the project file through a second connection."""

from __future__ import annotations

from PySide6.QtCore import Qt
from ui_helpers import press, select_words

from annotator.domain import Origin, Verdict


def test_label_key_stores_a_span_snapped_to_words(qtbot, window, reader) -> None:  # noqa: ANN001
    start, end = select_words(window, "ropean Uni")  # a sloppy drag inside the words
    press(qtbot, window, Qt.Key.Key_2)
    (span,) = reader("a1").spans
    assert (span.label, span.origin) == ("ORG", Origin.HUMAN)
    assert window.article_view.text[span.start : span.end] == "European Union"
    assert window.session.selected_span == span.id
    assert window.inspector.field("Label") == "ORG"


def test_relabel_resize_delete_undo_redo(qtbot, window, reader) -> None:  # noqa: ANN001
    select_words(window, "Dmitry")
    press(qtbot, window, Qt.Key.Key_1)
    span_id = reader("a1").spans[0].id

    press(qtbot, window, Qt.Key.Key_3)  # relabel the selected span
    assert reader("a1").span(span_id).label == "GPE"

    press(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
    span = reader("a1").span(span_id)
    assert window.article_view.text[span.start : span.end] == "Dmitry Peskov"
    press(qtbot, window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    span = reader("a1").span(span_id)
    assert window.article_view.text[span.start : span.end] == "spokesman Dmitry Peskov"
    press(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    span = reader("a1").span(span_id)
    assert window.article_view.text[span.start : span.end] == "Dmitry Peskov"

    press(qtbot, window, Qt.Key.Key_Delete)
    assert reader("a1").get_span(span_id) is None

    undo = window.actions["undo"]
    assert undo.text() == "Undo Delete span"
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.article_view.text[reader("a1").span(span_id).start :].startswith("Dmitry Peskov")
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the nudges merged: one step
    span = reader("a1").span(span_id)
    assert (window.article_view.text[span.start : span.end], span.label) == ("Dmitry", "GPE")
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    span = reader("a1").span(span_id)
    assert window.article_view.text[span.start : span.end] == "Dmitry Peskov"


def test_quote_key_guesses_direct_inside_quotation_marks(qtbot, window, reader) -> None:  # noqa: ANN001
    select_words(window, "We will not be intimidated")
    press(qtbot, window, Qt.Key.Key_Q)
    (quote,) = reader("a1").spans
    assert (quote.label, quote.attrs.get("kind")) == ("QUOTE", "direct")
    select_words(window, "officials")
    press(qtbot, window, Qt.Key.Key_S)
    select_words(window, "said", occurrence=1)
    press(qtbot, window, Qt.Key.Key_C)
    assert sorted(s.label for s in reader("a1").spans) == ["CUE", "QUOTE", "SPEAKER"]


def test_character_mode_keeps_a_partial_word(qtbot, window, reader) -> None:  # noqa: ANN001
    qtbot.keyClick(window.article_view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert window.annotation.char_mode
    select_words(window, "Kreml")
    press(qtbot, window, Qt.Key.Key_3)
    span = reader("a1").spans[0]
    assert window.article_view.text[span.start : span.end] == "Kreml"


def test_a_refused_key_reports_an_error_and_stores_nothing(qtbot, window, reader) -> None:  # noqa: ANN001
    window.article_view.clear_text_selection()
    with qtbot.waitSignal(window.session.errorRaised, timeout=2000) as blocker:
        qtbot.keyClick(window.article_view, Qt.Key.Key_1)
    assert "Select" in blocker.args[0]
    assert window.status.errors and window.status.error_label.text()
    assert reader("a1").spans == ()


def test_tab_walks_spans_and_suggestions_in_reading_order(qtbot, window) -> None:  # noqa: ANN001
    select_words(window, "Kremlin")
    press(qtbot, window, Qt.Key.Key_2)
    window.session.select("")
    window.article_view.scroll_to(0)
    seen = []
    for _ in range(6):
        qtbot.keyClick(window.article_view, Qt.Key.Key_Tab)
        mark = window.article_view.mark(window.session.selected_span)
        seen.append(window.article_view.text[mark.start : mark.end])
    assert seen == ["Kremlin", "Dmitry Peskov", "Moscow", "European Union", "Washington", "Kremlin"]
    qtbot.keyClick(window.article_view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    mark = window.article_view.mark(window.session.selected_span)
    assert window.article_view.text[mark.start : mark.end] == "Washington"
    assert window.inspector.field("Origin").startswith("suggestion from en_core_web_sm")


def test_accept_one_then_reject_one_then_accept_all(qtbot, window, reader) -> None:  # noqa: ANN001
    window.article_view.scroll_to(0)
    qtbot.keyClick(window.article_view, Qt.Key.Key_Tab)  # Dmitry Peskov (suggested)
    press(qtbot, window, Qt.Key.Key_Return)
    layer = reader("a1")
    (accepted,) = layer.spans
    assert (accepted.label, accepted.origin) == ("PERSON", Origin.HUMAN)
    assert list(layer.decisions.values()) == [Verdict.ACCEPTED]
    # The accepted span stays selected; ] moves on to the next suggestion: Moscow. Reject it.
    assert window.session.selected_span == accepted.id
    qtbot.keyClick(window.article_view, Qt.Key.Key_BracketRight)
    mark = window.article_view.mark(window.session.selected_span)
    assert window.article_view.text[mark.start : mark.end] == "Moscow"
    press(qtbot, window, Qt.Key.Key_X)
    assert sorted(v.value for v in reader("a1").decisions.values()) == ["accepted", "rejected"]

    press(qtbot, window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    layer = reader("a1")
    assert sorted(window.article_view.text[s.start : s.end] for s in layer.spans) == [
        "Dmitry Peskov", "European Union", "Washington"]
    assert window.session.editing.pending_suggestions() == []
    assert window.actions["undo"].text() == "Undo Accept all suggestions"
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one step undoes them all
    assert len(reader("a1").spans) == 1


def test_relabelling_a_suggestion_accepts_it_with_the_new_label(qtbot, window, reader) -> None:  # noqa: ANN001
    window.article_view.scroll_to(0)
    qtbot.keyClick(window.article_view, Qt.Key.Key_Tab)
    qtbot.keyClick(window.article_view, Qt.Key.Key_Tab)  # Moscow, suggested as GPE
    press(qtbot, window, Qt.Key.Key_5)
    (span,) = reader("a1").spans
    assert (window.article_view.text[span.start : span.end], span.label) == ("Moscow", "LOC")
    assert window.actions["undo"].text() == "Undo Relabel as LOC"
