"""The workspace around the text: next/previous article, status, reopening, shortcuts, import, start-up."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from ui_helpers import ANNOTATOR, answer_pending, press, select_words, show

from annotator import app as app_module
from annotator.domain import Status
from annotator.editing import AddSpan
from annotator.storage import Store
from annotator.ui.window.main_window import MainWindow


def test_next_previous_article_and_done_and_next(qtbot, window, reader) -> None:  # noqa: ANN001
    assert window.session.article_id == "a1"
    with qtbot.waitSignal(window.session.articleOpened):
        qtbot.keyClick(window.article_view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.session.article_id == "a2"
    assert window.article_view.text.startswith("Angela Merkel")
    with qtbot.waitSignal(window.session.articleOpened):
        qtbot.keyClick(window.article_view, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.session.article_id == "a1"

    asked = answer_pending("keep")  # a1 has suggestions pending: keep them
    with qtbot.waitSignal(window.session.articleOpened):
        qtbot.keyClick(window.article_view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1
    qtbot.waitUntil(window.isActiveWindow)  # the question closed: the keyboard is back in the window
    assert reader("a1").status is Status.DONE
    assert window.session.article_id == "a2"
    model = window.article_list.model
    assert model.data(model.index(0, 3)) == "done"  # the row refreshed without a reload

    with qtbot.waitSignal(window.session.articleOpened):
        qtbot.keyClick(window.article_view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert reader("a2").status is Status.SKIPPED
    assert window.session.article_id == "a3"
    with qtbot.waitSignal(window.session.errorRaised):
        qtbot.keyClick(window.article_view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)


def test_each_article_keeps_its_own_undo_history(qtbot, window, reader) -> None:  # noqa: ANN001
    select_words(window, "Moscow")
    press(qtbot, window, Qt.Key.Key_3)
    window.go_to_article(1)
    assert not window.actions["undo"].isEnabled()
    window.go_to_article(-1)
    assert window.actions["undo"].text() == "Undo Add GPE"


def test_close_and_reopen_shows_the_same_state(qtbot, project_path: Path, settings) -> None:  # noqa: ANN001
    store = Store.open(project_path)
    first = show(qtbot, MainWindow(store, ANNOTATOR, settings))
    first.go_to_article(1)
    assert first.session.article_id == "a2"
    select_words(first, "Emmanuel Macron")
    press(qtbot, first, Qt.Key.Key_1)
    first.close()
    store.close()

    store = Store.open(project_path)
    second = show(qtbot, MainWindow(store, ANNOTATOR, settings))
    assert second.session.article_id == "a2"
    (mark,) = second.article_view.marks
    assert (second.article_view.text[mark.start : mark.end], mark.label, mark.suggestion) == (
        "Emmanuel Macron", "PERSON", False)
    assert len(second.article_view.extraSelections()) == 1
    assert second.actions["undo"].isEnabled() is False  # history is per run; the state is in the file
    second.close()
    store.close()


def test_shortcut_sheet_lists_every_bound_action(qtbot, window) -> None:  # noqa: ANN001
    qtbot.keyClick(window.article_view, "?")
    sheet = window.shortcut_sheet
    qtbot.waitUntil(sheet.isVisible)
    actions = {text: keys for _group, keys, text in sheet.entries()}
    for label, key in (("PERSON", "1"), ("EVENT", "7"), ("QUOTE", "Q"), ("CUE", "C"), ("SPEAKER", "S")):
        assert actions[f"Label {label}"] == key
    for text in ("Accept suggestion", "Reject suggestion", "Accept all suggestions", "Next span", "Next article",
                 "Mark done and go to the next", "Grow start by a word", "Delete span", "Keyboard shortcuts"):
        assert text in actions
    sheet.close()


def test_import_by_drop_adds_articles_and_reports_problems(qtbot, window, tmp_path: Path) -> None:  # noqa: ANN001
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "new.txt").write_text("Officials in Kyiv said the talks had failed.\n", encoding="utf-8")
    (folder / "broken.jsonl").write_text("{not json\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    where = QPoint(window.width() // 2, window.height() // 2)
    enter = QDragEnterEvent(where, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(where), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.imported) as blocker:
        window.dropEvent(drop)  # Qt delivers a drop only to the target of a real drag in progress
    report = blocker.args[0]
    assert len(report.added) == 1
    assert report.problems
    assert window.article_list.model.rowCount() == 4
    assert window.last_import_dialog.detailedText()
    window.last_import_dialog.close()


def test_app_opens_the_project_given_and_remembers_it(qtbot, project_path: Path, settings) -> None:  # noqa: ANN001
    workspace = app_module.build_workspace(project_path, settings, user="tester")
    assert workspace is not None and workspace.window is not None
    qtbot.addWidget(workspace.window)
    assert workspace.window.session.annotator == "tester"
    assert settings.recent_projects()[0] == project_path.resolve()
    workspace.window.close()
    workspace.store.close()


def test_app_falls_back_to_the_sample_project(qtbot, settings, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(app_module, "sample_project_path", lambda: tmp_path / "sample.annotator")
    workspace = app_module.build_workspace(None, settings, user="tester", preannotate_sample=False)
    assert workspace is not None and workspace.window is not None
    qtbot.addWidget(workspace.window)
    assert workspace.store.path == tmp_path / "sample.annotator"
    assert workspace.window.article_list.model.rowCount() > 0  # the sample articles
    assert workspace.window.session.article_id is not None
    workspace.window.close()
    workspace.store.close()


def test_reimporting_an_older_export_keeps_the_newer_layer_and_says_so(qtbot, window, tmp_path: Path) -> None:  # noqa: ANN001
    """The GUI import follows the same rule as the CLI: the analyst's layer is kept, the old one goes beside."""
    import json

    from annotator.domain import Span

    session = window.session
    session.open_article("a2")
    text = session.editing.article.text
    for n, words in enumerate(("Angela Merkel", "Emmanuel Macron", "Paris")):
        start = text.index(words)
        session.perform(AddSpan(Span(f"n{n}", start, start + len(words), "PERSON")))
    older = {"id": "a2", "text": text, "annotator": ANNOTATOR, "status": "in_progress",
             "spans": [{"id": "o1", "start": 0, "end": 13, "label": "PERSON"}], "relations": []}
    path = tmp_path / "older.jsonl"
    path.write_text(json.dumps(older) + "\n", encoding="utf-8")
    with qtbot.waitSignal(window.imported):
        window.import_paths([path])
    with Store.open(window.store.path, create=False) as other:
        assert len(other.annotations("a2", ANNOTATOR).spans) == 3
        assert [s.id for s in other.annotations("a2", f"{ANNOTATOR}-imported").spans] == ["o1"]
    details = window.last_import_dialog.detailedText()
    assert f"stored beside as '{ANNOTATOR}-imported'" in details
    window.last_import_dialog.close()
