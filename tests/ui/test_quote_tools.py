"""The quote tools inside the real main window: installed panels, keys that do not clash, emoji-safe offsets."""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget
from ui_helpers import ANNOTATOR

from annotator.storage import Store
from annotator.ui.quotes.quote_actions import SHEET_GROUP
from annotator.ui.quotes.quote_tools import QuoteTools


def test_installed_in_the_main_window(window: Any) -> None:
    tools = window.quote_tools
    assert isinstance(tools, QuoteTools)
    titles = {d.windowTitle() for d in window.findChildren(QDockWidget)}
    assert {"Quotes", "Who said what", "Guidelines"} <= titles
    local = (Qt.ShortcutContext.WidgetShortcut, Qt.ShortcutContext.WidgetWithChildrenShortcut)
    # A key bound in two disjoint places (the text, the quotes table) is not ambiguous: count per place.
    keys = Counter((k.toString(), id(a.parent()) if a.shortcutContext() in local else 0)
                   for a in window.all_actions() for k in a.shortcuts() if not k.isEmpty())
    window_wide = {k for k, place in keys if place == 0}
    keys.update({(k, 0): 1 for k, place in list(keys) if place != 0 and k in window_wide})  # clashes with those too
    assert not [k for k, n in keys.items() if n > 1], "no shortcut is bound twice (Qt would fire neither)"
    sheet = window.show_shortcuts()
    groups = {row[0] for row in sheet.entries()}
    assert SHEET_GROUP in groups
    sheet.close()


def test_quote_speaker_and_stance_by_keyboard_in_the_window(qtbot: Any, window: Any, project_path: Any) -> None:
    session, view, tools = window.session, window.article_view, window.quote_tools
    session.open_article("a1")
    text = view.text
    start = text.index("We will not")
    end = text.index(",\u201d Peskov") + 1
    view.setFocus()
    view.select_text(start, end)
    qtbot.keyClick(view, Qt.Key.Key_Q)  # the window's label key
    quote = session.editing.state.get_span(session.selected_span)
    assert quote is not None and (quote.start, quote.end) == (start, end) and quote.attrs["kind"] == "direct"
    told = text.index("told")
    view.select_text(told, told + 4)
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ShiftModifier)
    assert session.editing.state.linked(quote.id, "CUE").start == told
    view.clear_text_selection()
    with qtbot.waitSignal(tools.actions.popupShown):
        qtbot.keyClick(view, Qt.Key.Key_L)
    first = tools.actions.popup.visible_candidates()[0]
    assert first.text == "Peskov" and first.reason == "subject of the cue"
    qtbot.keyClick(tools.actions.popup.list, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    with qtbot.waitSignal(tools.actions.popupShown):
        qtbot.keyClick(view, Qt.Key.Key_R)
    assert tools.actions.popup.edit.text() == "Dmitry Peskov", "the longest form of the name is offered"
    qtbot.keyClick(tools.actions.popup.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    qtbot.keyClick(view, Qt.Key.Key_M)
    with Store.open(project_path, create=False) as other:
        stored = other.annotations("a1", ANNOTATOR)
    saved = stored.span(quote.id)
    assert saved.attrs["speaker_name"] == "Dmitry Peskov" and saved.attrs["stance"] == "dismissive"
    speaker = stored.linked(quote.id, "SPEAKER")
    assert text[speaker.start:speaker.end] == "Peskov"
    row = tools.quotes.model.row_of(session.selected_span)
    assert tools.quotes.table.currentIndex().row() == row, "the panel follows the selection"


def test_selecting_a_quote_emphasises_its_speaker_and_cue_in_the_text(qtbot, tmp_path):  # noqa: ANN001
    """Links are shown on selection: the view draws the quote's speaker and cue emphasised."""
    from annotator.domain import Annotations, Article, Relation, Span
    from annotator.storage import Store
    from annotator.ui.window.main_window import MainWindow

    text = 'Senator Ruth Okafor said "the budget is a fraud" on Monday.'
    store = Store.open(tmp_path / "e.annotator")
    store.add_articles([(Article("a", text), [])])
    store.replace_layer(Annotations("a", "tester", spans=(
        Span("p", 8, 19, "PERSON"), Span("c", 20, 24, "CUE"), Span("q", 26, 47, "QUOTE", attrs={"kind": "direct"}),
    ), relations=(Relation("r1", "q", "p", "SPEAKER"), Relation("r2", "q", "c", "CUE"))))
    window = MainWindow(store, "tester")
    qtbot.addWidget(window)
    window.session.open_article("a")
    window.session.select("q")
    qtbot.waitUntil(lambda: window.article_view.emphasised >= {"p", "c"}, timeout=5_000)
    bold = [s for s in window.article_view.extraSelections() if s.format.fontWeight() == 700]
    assert {(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in bold} == {(8, 19), (20, 24)}
    window.session.select("")
    qtbot.waitUntil(lambda: not window.article_view.emphasised, timeout=5_000)
    window.close()
    store.close()


def test_a_new_link_is_drawn_emphasised_in_the_one_pass_of_the_edit(qtbot, tmp_path):  # noqa: ANN001
    """Relinking the selected quote's speaker: the new speaker is drawn emphasised, the old one no
    longer, and the view builds its highlights once for the edit and the emphasis together."""
    from annotator.domain import Annotations, Article, Relation, Span
    from annotator.editing import LinkSpan
    from annotator.ui.window.main_window import MainWindow

    text = 'Senator Ruth Okafor and Mayor Ines Walt said "the budget is a fraud" on Monday.'
    store = Store.open(tmp_path / "e.annotator")
    store.add_articles([(Article("a", text), [])])
    okafor, walt = (text.index("Ruth"), text.index(" and")), (text.index("Ines"), text.index(" said"))
    quote = (text.index("the budget"), text.index('" on'))
    store.replace_layer(Annotations("a", "tester", spans=(
        Span("p", *okafor, "PERSON"), Span("w", *walt, "PERSON"), Span("q", *quote, "QUOTE", attrs={"kind": "direct"}),
    ), relations=(Relation("r1", "q", "p", "SPEAKER"),)))
    window = MainWindow(store, "tester")
    qtbot.addWidget(window)
    view = window.article_view
    window.session.open_article("a")
    window.session.select("q")
    qtbot.waitUntil(lambda: "p" in view.emphasised, timeout=5_000)
    passes: list[None] = []
    view.rendered.connect(lambda: passes.append(None))
    assert window.session.perform(LinkSpan("q", "w", "SPEAKER", "r2"))
    assert "w" in view.emphasised and "p" not in view.emphasised
    assert len(passes) == 1, "one highlight pass for the edit and its emphasis"
    bold = [s for s in view.extraSelections() if s.format.fontWeight() == 700]
    assert {(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in bold} == {walt}
    window.close()
    store.close()
