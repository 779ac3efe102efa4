"""The quotes panel, the summary, the stance picture and the guidelines on the pre-annotated seed article."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem
from test_quote_workflow import ANNOTATOR, open_host, snapshot
from ui_helpers import inked

from annotator.domain import Article
from annotator.services.pipelines import cached_pipeline
from annotator.services.preannotation import preannotate_project
from annotator.services.scheme import default_scheme
from annotator.storage import Store
from annotator.ui.quotes.quotes_panel import KIND, NAME, STANCE
from annotator.ui.window.main_window import MainWindow
from annotator.ui.workspace.guidelines_panel import SETTING_KEY, GuidelinesPanel, default_guidelines
from annotator.ui.workspace.quote_focus import quote_focus


@pytest.fixture()
def project(tmp_path: Path, seed_gold: dict[str, Any]) -> Path:
    path = tmp_path / "seed.annotator"
    with Store.open(path) as store:
        store.add_articles([(Article(id=seed_gold["id"], text=seed_gold["text"]), [])])
        preannotate_project(store, cached_pipeline(), default_scheme())
    return path


@pytest.fixture()
def window(qtbot: Any, project: Path, seed_gold: dict[str, Any]) -> MainWindow:
    store = Store.open(project)
    yield open_host(qtbot, store, seed_gold["id"])
    store.close()


def test_models_pass_the_model_tester(qtmodeltester: Any, window: MainWindow) -> None:
    tools = window.quote_tools
    assert tools.quotes.model.rowCount() > 10
    qtmodeltester.check(tools.quotes.model)
    qtmodeltester.check(tools.summary.model)


def test_rows_in_reading_order_with_suggestions_marked(window: MainWindow) -> None:
    rows = window.quote_tools.quotes.model.rows
    assert [r.start for r in rows] == sorted(r.start for r in rows)
    assert all(r.is_suggestion for r in rows)
    model = window.quote_tools.quotes.model
    assert model.index(0, 0).data() == "model"
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole).italic()


def test_selecting_a_row_selects_the_quote_and_emphasises_its_links(qtbot: Any, window: MainWindow) -> None:
    panel = window.quote_tools.quotes
    row = next(i for i, r in enumerate(panel.model.rows) if r.speaker_id and r.cue_id)
    focus = quote_focus(window.session)
    with qtbot.waitSignal(focus.emphasised) as emphasised:
        panel.table.selectRow(row)
    assert window.session.selected_span == f"model:{panel.model.rows[row].span_id}"
    roles = {e.role for e in emphasised.args[0]}
    assert {"quote", "speaker", "cue"} <= roles


def test_panel_edits_are_the_keyboard_commands(qtbot: Any, window: MainWindow, project: Path,
                                               seed_gold: dict[str, Any]) -> None:
    session, panel = window.session, window.quote_tools.quotes
    article_id = seed_gold["id"]
    before = snapshot(project, article_id)
    row = next(i for i, r in enumerate(panel.model.rows) if r.kind == "direct")
    start = panel.model.rows[row].start
    # A kind edit on a suggestion accepts it and sets the kind: one undo step, saved at once.
    assert panel.model.setData(panel.model.index(row, KIND), "mixed")
    stored = {(s[0], s[2]): dict(s[3]) for s in snapshot(project, article_id)[0]}
    assert stored[(start, "QUOTE")]["kind"] == "mixed"
    row = panel.model.row_of(session.selected_span)
    assert not panel.model.rows[row].is_suggestion and panel.model.rows[row].start == start
    assert panel.model.setData(panel.model.index(row, STANCE), "dismissive")
    assert panel.model.setData(panel.model.index(row, NAME), "  Kremlin   spokesman ")
    stored = {(s[0], s[2]): dict(s[3]) for s in snapshot(project, article_id)[0]}
    assert stored[(start, "QUOTE")]["stance"] == "dismissive"
    assert stored[(start, "QUOTE")]["speaker_name"] == "Kremlin spokesman"
    # The same stance by key gives the same stored state.
    by_panel = snapshot(project, article_id)
    session.undo()
    assert snapshot(project, article_id) != by_panel
    session.undo()
    qtbot.keyClick(window.article_view, Qt.Key.Key_M)  # dismissive
    qtbot.keyClick(window.article_view, Qt.Key.Key_R)
    popup = window.quote_tools.actions.popup
    popup.edit.setText("Kremlin spokesman")
    qtbot.keyClick(popup.edit, Qt.Key.Key_Return)
    assert snapshot(project, article_id) == by_panel
    for _ in range(3):
        session.undo()
    assert snapshot(project, article_id) == before
    # Editors: combo boxes for kind and stance.
    delegate = panel.table.itemDelegate()
    editor = delegate.createEditor(panel.table.viewport(), QStyleOptionViewItem(), panel.model.index(0, STANCE))
    assert isinstance(editor, QComboBox) and editor.findText("accusing") >= 0


def test_actor_span_takes_a_stance_without_a_quote(qtbot: Any, window: MainWindow, project: Path,
                                                   seed_gold: dict[str, Any]) -> None:
    text = seed_gold["text"]
    start = text.index("Other Democrats") + len("Other ")
    norp = next(s for s in window.session.editing.pending_suggestions()
                if s.label == "NORP" and s.start == start)
    window.session.select(f"model:{norp.id}")
    qtbot.keyClick(window.article_view, Qt.Key.Key_A)  # accusing
    actor = window.session.editing.state.get_span(window.session.selected_span)
    assert actor is not None and actor.attrs["stance"] == "accusing"
    at = text.index("Sessions", text.index("call for his resignation") - 300)
    window.article_view.select_text(at, at + len("Sessions"))
    qtbot.keyClick(window.article_view, Qt.Key.Key_T)
    stored = snapshot(project, seed_gold["id"])
    assert ((start, start + 9), "accusing", (at, at + 8)) in stored[1] or any(
        r[0] == (start, start + 9) and r[1] == "accusing" for r in stored[1])
    rows = window.quote_tools.summary.model.rows
    assert any(r.speaker == "Democrats" and r.quotes == 0 and r.stances["accusing"] == 1 for r in rows)


def test_stance_picture_saves_as_png(qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    session = window.session
    quote = next(r for r in window.quote_tools.quotes.model.rows if r.speaker_name)
    session.select(f"model:{quote.span_id}")
    qtbot.keyClick(window.article_view, Qt.Key.Key_D)
    window.quote_tools.actions.target()
    popup = window.quote_tools.actions.popup
    qtbot.keyClick(popup.filter, Qt.Key.Key_Return)
    graph = window.quote_tools.summary.graph
    assert graph.edges and graph.edges[0].stance == "defending"
    out = tmp_path / "stances.png"
    assert graph.save_png(out)
    image = QImage(str(out))
    assert image.width() >= 320
    assert inked(image, session.scheme.color_of("defending")) > 5, "the defending edge is not drawn"


def test_guidelines_default_edit_and_save(qtbot: Any, project: Path) -> None:
    with Store.open(project) as store:
        panel = GuidelinesPanel(store)
        qtbot.addWidget(panel)
        assert "accusing" in panel.browser.toPlainText()
        assert not panel.browser.openExternalLinks() and not panel.browser.openLinks()
        for label in default_scheme().labels:
            assert label.name in default_guidelines(), label.name
        panel.edit_button.click()
        assert panel.editing
        panel.editor.setPlainText("# Our rules\n\nMark every *minister*.")
        with qtbot.waitSignal(panel.saved):
            panel.edit_button.click()
        assert not panel.editing
        assert "Our rules" in panel.browser.toPlainText()
    with Store.open(project, create=False) as other:
        assert other.setting(SETTING_KEY) == "# Our rules\n\nMark every *minister*."


def test_enter_and_x_in_the_quotes_panel_accept_and_reject_as_in_the_text(qtbot: Any, window: MainWindow,
                                                                            project: Path,
                                                                            seed_gold: dict[str, Any]) -> None:
    panel, article_id = window.quote_tools.quotes, seed_gold["id"]
    panel.table.setFocus()
    panel.table.selectRow(0)
    first = panel.model.rows[0]
    assert first.is_suggestion
    with qtbot.waitSignal(window.session.saved, timeout=3000):
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    stored = {(s[0], s[1], s[2]) for s in snapshot(project, article_id)[0]}
    assert (first.start, first.start + len(first.text), "QUOTE") in stored
    row = panel.table.currentIndex().row()  # the accepted quote stays selected, in the panel and the text
    assert not panel.model.rows[row].is_suggestion and panel.model.rows[row].start == first.start
    assert window.session.selected_span == panel.model.rows[row].span_id

    panel.table.selectRow(row + 1)
    rejected = panel.model.rows[row + 1]
    assert rejected.is_suggestion
    with qtbot.waitSignal(window.session.saved, timeout=3000):
        qtbot.keyClick(panel.table, Qt.Key.Key_X)
    with Store.open(project, create=False) as other:
        decisions = other.annotations(article_id, ANNOTATOR).decisions
    assert decisions[f"QUOTE:{rejected.start}:{rejected.start + len(rejected.text)}"].value == "rejected"
    assert all(r.start != rejected.start or not r.is_suggestion for r in panel.model.rows)


def test_relinking_a_speaker_moves_the_name_to_the_new_mention_and_keeps_the_cue(
        qtbot: Any, window: MainWindow, project: Path, seed_gold: dict[str, Any]) -> None:
    session, tools, article_id = window.session, window.quote_tools, seed_gold["id"]
    rows = window.quote_tools.quotes.model.rows
    row = next(r for r in rows if r.is_suggestion and r.speaker_id and r.cue_id and r.speaker_name)
    text = session.editing.article.text
    session.select(f"model:{row.span_id}")
    with qtbot.waitSignal(tools.actions.popupShown):
        tools.actions.link_speaker()
    popup = tools.actions.popup
    current = session.editing.model.span(row.speaker_id)
    number, other = next((n, c) for n, c in enumerate(popup.visible_candidates()[:9], start=1)
                         if (c.mention.start, c.mention.end) != (current.start, current.end)
                         and text[c.mention.start:c.mention.end][:1].isupper())
    with qtbot.waitSignal(session.saved, timeout=3000):
        qtbot.keyClick(popup.list, getattr(Qt.Key, f"Key_{number}"))
    with Store.open(project, create=False) as store:
        layer = store.annotations(article_id, ANNOTATOR)
    quote = next(s for s in layer.spans if s.label == "QUOTE" and s.start == row.start)
    speaker, cue = layer.linked(quote.id, "SPEAKER"), layer.linked(quote.id, "CUE")
    assert (speaker.start, speaker.end) == (other.mention.start, other.mention.end)
    assert cue is not None, "the suggested cue stays linked"
    mention_words = text[speaker.start:speaker.end].split()
    assert quote.attrs["speaker_name"] != row.speaker_name
    assert mention_words[-1] in quote.attrs["speaker_name"], "the name follows the new mention"
    assert window.actions["undo"].text().startswith("Undo")


def test_pickers_show_sentence_and_distance_and_group_one_persons_mentions(
        qtbot: Any, window: MainWindow) -> None:
    session, tools = window.session, window.quote_tools
    text = session.editing.article.text
    row = tools.quotes.model.rows[len(tools.quotes.model.rows) // 2]
    session.select(f"model:{row.span_id}")
    window.article_view.clear_text_selection()
    for open_picker in (tools.actions.link_speaker, tools.actions.target):
        with qtbot.waitSignal(tools.actions.popupShown):
            open_picker()
        popup = tools.actions.popup
        shown = popup.visible_candidates()
        labels = [popup.list.item(i).text() for i in range(len(shown))]
        assert shown
        for cand, label in zip(shown, labels, strict=True):
            assert f"[{text[cand.mention.start:cand.mention.end]}]" in label  # its sentence, the mention marked
            assert any(w in label for w in ("words before", "words after", "in the quote"))
        persons = [c.context.person for c in shown]
        for person in set(persons):  # one person's mentions stand together
            at = [n for n, p in enumerate(persons) if p == person]
            assert at == list(range(at[0], at[0] + len(at))), (person, persons)
        popup.close()
    assert max(persons.count(p) for p in persons) >= 2, "the target list names someone several times"


def test_the_picker_leaves_the_quote_visible(qtbot: Any, window: MainWindow) -> None:
    session, tools = window.session, window.quote_tools
    row = tools.quotes.model.rows[len(tools.quotes.model.rows) // 2]
    session.select(f"model:{row.span_id}")
    window.article_view.scroll_to(row.start)
    view = window.article_view
    view.centerCursor()  # the quote in the middle of the window, where a centred popup would sit
    cursor = view.textCursor()
    corners = []
    for position in (row.start, row.start + len(row.text)):  # measured here, not by the code under test
        cursor.setPosition(view.offsets.to_utf16(position))
        corners.append(view.viewport().mapToGlobal(view.cursorRect(cursor).center()))
    quote_on_screen = QRect(corners[0], corners[1]).normalized().adjusted(0, -4, 0, 4)
    quote_on_screen.setLeft(view.viewport().mapToGlobal(view.viewport().rect().topLeft()).x())
    quote_on_screen.setWidth(view.viewport().width())
    assert not quote_on_screen.isEmpty()
    for open_picker in (tools.actions.link_speaker, tools.actions.target):
        with qtbot.waitSignal(tools.actions.popupShown):
            open_picker()
        popup = tools.actions.popup
        assert not popup.frameGeometry().intersects(quote_on_screen), (popup.frameGeometry(), quote_on_screen)
        popup.close()
