"""End to end: pre-annotate the seed article in the background, then annotate gold quotes by keyboard alone.

Real widgets, a real project file, the real spaCy model. Every step is checked in the database
through a second Store on the same file, and undone step by step.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from annotator.domain import Article, LabelKind
from annotator.storage import Store
from annotator.ui.quotes.quote_popups import CandidatePopup, NamePopup
from annotator.ui.window.main_window import MainWindow

ANNOTATOR = "tester"


@pytest.fixture()
def project(tmp_path: Path, seed_gold: dict[str, Any]) -> Path:
    path = tmp_path / "project.annotator"
    with Store.open(path) as store:
        store.add_articles([(Article(id=seed_gold["id"], text=seed_gold["text"], title="Sessions"), [])])
    return path


def open_host(qtbot: Any, store: Store, article_id: str) -> MainWindow:
    """The real main window (its quote tools installed as the app installs them), shown on
    ``article_id`` with the text focused."""
    host = MainWindow(store, ANNOTATOR)
    qtbot.addWidget(host)
    host.session.open_article(article_id)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow)
    host.article_view.setFocus()
    return host


@pytest.fixture()
def window(qtbot: Any, project: Path, seed_gold: dict[str, Any]) -> MainWindow:
    store = Store.open(project)
    host = open_host(qtbot, store, seed_gold["id"])
    yield host
    host.quote_tools.runner.wait()
    store.close()


def snapshot(path: Path, article_id: str) -> tuple[Any, ...]:
    """The annotator's layer as stored, read through a second connection."""
    with Store.open(path, create=False) as other:
        layer = other.annotations(article_id, ANNOTATOR)
    spans = sorted((s.start, s.end, s.label, tuple(sorted((k, v) for k, v in s.attrs.items()))) for s in layer.spans)
    by_id = {s.id: s for s in layer.spans}
    rels = sorted(
        ((by_id[r.head].start, by_id[r.head].end), r.label, (by_id[r.child].start, by_id[r.child].end))
        for r in layer.relations
    )
    return tuple(spans), tuple(rels)


def gold_quote(gold: dict[str, Any], quote_id: str) -> dict[str, Any]:
    spans = {s["id"]: s for s in gold["spans"]}
    quote = spans[quote_id]
    links = {r["label"]: spans[r["child"]] for r in gold["relations"] if r["head"] == quote_id}
    stances = [label for label in links if label not in ("SPEAKER", "CUE")]
    return {
        "quote": quote,
        "speaker": links["SPEAKER"],
        "cue": links["CUE"],
        "stance": stances[0] if stances else quote["attrs"].get("stance"),
        "target": links[stances[0]] if stances else None,
    }


def press(qtbot: Any, window: MainWindow, key: Qt.Key,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key on the article view, once the window has the keyboard back (after a popup closed)."""
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    qtbot.keyClick(window.article_view, key, modifier)


def test_preannotate_then_annotate_gold_quotes_by_keyboard(qtbot: Any, window: MainWindow, project: Path,
                                                            seed_gold: dict[str, Any]) -> None:
    session = window.session
    tools = window.quote_tools
    article_id = seed_gold["id"]
    text = seed_gold["text"]

    with qtbot.waitSignal(tools.runner.finished, timeout=120_000) as finished:
        assert tools.preannotate([article_id])
    assert not finished.args[0].cancelled
    assert session.editing.pending_suggestions(), "the model's suggestions are shown"
    assert any(row.is_suggestion for row in tools.quotes.model.rows)
    assert snapshot(project, article_id) == ((), ()), "pre-annotation never touches the annotator's layer"

    history = [snapshot(project, article_id)]
    stack = session.undo_stack()

    def step() -> None:
        """One gesture was one undo step, and it changed the stored layer."""
        assert stack.index() == len(history), "one gesture, one undo step"
        state = snapshot(project, article_id)
        assert state != history[-1], "each step changes the stored layer"
        history.append(state)

    def popup() -> Any:
        return tools.actions.popup

    for quote_id in ("q4", "q2", "q7"):  # direct, indirect, mixed
        g = gold_quote(seed_gold, quote_id)
        q, speaker, cue = g["quote"], g["speaker"], g["cue"]
        # Mark the quote.
        window.article_view.select_text(q["start"], q["end"])
        press(qtbot, window, Qt.Key.Key_Q)
        step()
        quote = session.editing.state.get_span(session.selected_span)
        assert quote is not None and (quote.start, quote.end, quote.label) == (q["start"], q["end"], "QUOTE")
        # The kind: cycle until it is the gold one (each press is a stored step).
        for _ in range(3):
            if session.editing.state.span(quote.id).attrs.get("kind") == q["attrs"]["kind"]:
                break
            press(qtbot, window, Qt.Key.Key_K)
            step()
        assert session.editing.state.span(quote.id).attrs["kind"] == q["attrs"]["kind"]
        # The cue: select it and link it to the quote.
        window.article_view.select_text(cue["start"], cue["end"])
        linked = session.editing.state.linked(quote.id, "CUE")
        if linked is None or (linked.start, linked.end) != (cue["start"], cue["end"]):
            press(qtbot, window, Qt.Key.Key_C, Qt.KeyboardModifier.ShiftModifier)
            step()
        window.article_view.moveCursor(QTextCursor.MoveOperation.Start)
        # The speaker: the gold mention is the first candidate; pick it with "1".
        with qtbot.waitSignal(tools.actions.popupShown):
            press(qtbot, window, Qt.Key.Key_L)
        assert isinstance(popup(), CandidatePopup)
        first = popup().visible_candidates()[0]
        assert (first.mention.start, first.mention.end) == (speaker["start"], speaker["end"]), first
        speaker_popup = popup()
        qtbot.keyClick(speaker_popup.list, Qt.Key.Key_1)
        if stack.index() > len(history) - 1:
            step()
        mention = session.editing.state.linked(quote.id, "SPEAKER")
        assert (mention.start, mention.end) == (speaker["start"], speaker["end"])
        # The speaker name: offered pre-filled with the longest form; Enter accepts.
        with qtbot.waitSignal(tools.actions.popupShown):
            press(qtbot, window, Qt.Key.Key_R)
        assert isinstance(popup(), NamePopup)
        name_popup = popup()
        if name_popup.edit.text() != q["attrs"]["speaker_name"]:
            name_popup.edit.clear()
            qtbot.keyClicks(name_popup.edit, q["attrs"]["speaker_name"])
            name_popup.edit.completer().popup().hide()
        qtbot.keyClick(name_popup.edit, Qt.Key.Key_Return)
        if stack.index() > len(history) - 1:
            step()
        assert session.editing.state.span(quote.id).attrs["speaker_name"] == q["attrs"]["speaker_name"]
        # The stance: one key per label (scheme keys).
        key = next(label.key for label in session.scheme.of_kind(LabelKind.STANCE)
                   if label.name == g["stance"])
        press(qtbot, window, Qt.Key(ord(key.upper())))
        if stack.index() > len(history) - 1:  # no step when the accepted suggestion had that stance already
            step()
        assert session.editing.state.span(quote.id).attrs["stance"] == g["stance"]
        # The target: type to narrow the list, Enter picks.
        if g["target"] is not None:
            target = g["target"]
            window.article_view.moveCursor(QTextCursor.MoveOperation.Start)
            with qtbot.waitSignal(tools.actions.popupShown):
                press(qtbot, window, Qt.Key.Key_T)
            target_popup = popup()
            if not any(c.mention.start == target["start"] for c in target_popup.candidates):
                # Not marked by anyone yet: close, select the words in the text, T, pick the label by number.
                qtbot.keyClick(target_popup.filter, Qt.Key.Key_Escape)
                window.article_view.select_text(target["start"], target["end"])
                with qtbot.waitSignal(tools.actions.popupShown):
                    press(qtbot, window, Qt.Key.Key_T)
                labels = [c.mention.label for c in popup().candidates]
                qtbot.keyClick(popup().list, Qt.Key(Qt.Key.Key_1 + labels.index(target["label"])))
                step()
                continue
            qtbot.keyClicks(target_popup.filter, text[target["start"]:target["end"]])
            starts = [c.mention.start for c in target_popup.visible_candidates()]
            assert target["start"] in starts, target_popup.visible_candidates()
            for _ in range(starts.index(target["start"])):
                qtbot.keyClick(target_popup.filter, Qt.Key.Key_Down)
            assert target_popup.list.currentRow() == starts.index(target["start"])
            qtbot.keyClick(target_popup.filter, Qt.Key.Key_Return)
            if stack.index() > len(history) - 1:  # no step when the suggested target was that one already
                step()

    # All three quotes are in the database as the gold has them.
    with Store.open(project, create=False) as other:
        layer = other.annotations(article_id, ANNOTATOR)
    for quote_id in ("q4", "q2", "q7"):
        g = gold_quote(seed_gold, quote_id)
        q = g["quote"]
        stored = next(s for s in layer.spans if (s.start, s.end, s.label) == (q["start"], q["end"], "QUOTE"))
        assert stored.attrs["kind"] == q["attrs"]["kind"]
        assert stored.attrs["speaker_name"] == q["attrs"]["speaker_name"]
        assert stored.attrs["stance"] == g["stance"]
        for label, child in (("SPEAKER", g["speaker"]), ("CUE", g["cue"]), (g["stance"], g["target"])):
            if child is None:
                continue
            linked = layer.linked(stored.id, label)
            assert linked is not None and (linked.start, linked.end) == (child["start"], child["end"]), label

    # Undo each step; after each, the database holds the state before that step.
    for n in range(len(history) - 2, -1, -1):
        session.undo()
        assert snapshot(project, article_id) == history[n], f"after undoing step {n + 1} of {len(history) - 1}"
    assert session.editing.pending_suggestions(), "undoing an accept brings the suggestion back"
