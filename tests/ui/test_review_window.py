"""The review window on the seed article: differences listed, adjudicated by keyboard into gold, undone.

Real widgets over a real project file; the gold layer is checked through a second Store on the
same file and through ``annotator export --gold``.
"""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from test_review_seed import ARTICLE_ID, EVENT_END, EVENT_START, EXPECTED, build_review_project
from ui_helpers import inked

from annotator.cli import main
from annotator.domain import GOLD_LAYER
from annotator.storage import Store
from annotator.ui.review.review_edit import GoldSpanEditor
from annotator.ui.review.review_model import ArticleIdRole, DifferenceRole, ResolvedRole
from annotator.ui.review.review_window import ReviewWindow

# (key, layer kept) per difference, in reading order: a mix of A (1), B (2) and none (0)
PLAN = [(Qt.Key.Key_2, "bob"), (Qt.Key.Key_0, "none"), (Qt.Key.Key_1, "alice"), (Qt.Key.Key_2, "bob"),
        (Qt.Key.Key_1, "alice"), (Qt.Key.Key_2, "bob")]  # fmt: skip


@pytest.fixture
def project(tmp_path, seed_gold):
    return build_review_project(tmp_path / "review.annotator", seed_gold)


@pytest.fixture
def window(qtbot, project):
    store = Store.open(project)
    win = ReviewWindow(store, "carol", ["alice", "bob"])
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitActive(win)
    win.text_view.setFocus()
    yield win
    win.close()
    store.close()


def _rows(win):
    model = win.difference_list.model()
    return [model.data(model.index(n), DifferenceRole) for n in range(model.rowCount())]


def _keys(store):
    return {(s.start, s.end, s.label) for s in store.annotations(ARTICLE_ID, GOLD_LAYER).spans}


def test_the_window_lists_exactly_the_known_differences(window, qtmodeltester):
    qtmodeltester.check(window.difference_list.model())
    qtmodeltester.check(window.article_table.model())
    assert window.checked_layers() == ["alice", "bob"]
    articles = window.article_table.model()
    assert articles.data(articles.index(0, 0), ArticleIdRole) == ARTICLE_ID
    assert articles.data(articles.index(0, 2)) == "0/6"
    assert [(d.kind, d.start, d.end) for d in _rows(window)] == EXPECTED
    styles = {(start, end): name for start, end, name in window.text_view.highlights()}
    assert styles[(EVENT_START, EVENT_END)] == "Only in bob"
    assert styles[(3240, 3285)] == "Only in alice"
    assert styles[(85, 92)] == "Label differs"
    assert styles[(7, 20)] == "All agree"  # Jeff Sessions
    assert set(window.legend.entries()) >= {"All agree", "Only in alice", "Only in bob", "Speaker differs"}
    assert window.text_view.isReadOnly() and window.text_view.toPlainText().startswith("Beyond Jeff Sessions")
    assert len(window.text_view.focus_rects()) == 1  # the current difference is framed
    image = window.text_view.grab().toImage()
    assert inked(image) > 500, "the text view drew nothing"


def test_keys_step_through_the_differences(window, qtbot):
    review = window.review
    assert review.current_index == 0
    for key, modifier, expected in [
        (Qt.Key.Key_N, Qt.KeyboardModifier.NoModifier, 1),
        (Qt.Key.Key_F8, Qt.KeyboardModifier.NoModifier, 2),
        (Qt.Key.Key_P, Qt.KeyboardModifier.NoModifier, 1),
        (Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier, 0),
        (Qt.Key.Key_P, Qt.KeyboardModifier.NoModifier, 0),  # stays at the first
    ]:
        qtbot.keyClick(window.text_view, key, modifier)
        assert review.current_index == expected
    assert window.difference_list.currentIndex().row() == 0


def test_adjudicate_every_difference_by_keyboard_into_gold_then_undo(window, qtbot, project, seed_gold, tmp_path):
    window.actions["auto_advance"].setChecked(False)  # step with N / F8 between decisions
    review = window.review
    for n, (key, kept) in enumerate(PLAN):
        assert review.current_index == n
        with qtbot.waitSignal(review.resolutionChanged):
            qtbot.keyClick(window.text_view, key)
        assert review.decision(review.current) == kept
        assert window.difference_list.model().data(window.difference_list.model().index(n), ResolvedRole)
        qtbot.keyClick(window.text_view, Qt.Key.Key_N if n % 2 else Qt.Key.Key_F8)
    assert review.progress() == (6, 6)
    assert window.article_table.model().data(window.article_table.model().index(0, 2)) == "6/6"

    alice = {(s["start"], s["end"], s["label"]) for s in seed_gold["spans"]}
    expected = (alice - {(85, 92, "ORG")}) | {(85, 92, "GPE")}
    with Store.open(project) as other:
        gold = other.annotations(ARTICLE_ID, GOLD_LAYER)
        assert _keys(other) == expected
        q4 = next(s for s in gold.spans if (s.start, s.end) == (949, 1016))
        assert q4.attrs["speaker_name"] == "Sergey Kislyak"
        speakers = [gold.span(r.child) for r in gold.relations_from(q4.id, "SPEAKER")]
        assert [(s.start, s.end) for s in speakers] == [(736, 750)]  # Sergey Kislyak
        q12 = next(s for s in gold.spans if (s.start, s.end) == (3651, 3783))
        assert q12.attrs["stance"] == "neutral"
        q8 = next(s for s in gold.spans if (s.start, s.end) == (3240, 3285))
        assert [(gold.span(r.child).start, r.label) for r in gold.relations_from(q8.id)] == [(3236, "SPEAKER")]

    out = tmp_path / "gold.jsonl"
    assert main(["export", str(project), str(out), "--gold"]) == 0
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["id"] == ARTICLE_ID and record["annotator"] == GOLD_LAYER
    assert {(s["start"], s["end"], s["label"]) for s in record["spans"]} == expected

    with qtbot.waitSignal(review.resolutionChanged):
        qtbot.keyClick(window.text_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert review.progress() == (5, 6)
    with Store.open(project) as other:
        q12 = next(s for s in other.annotations(ARTICLE_ID, GOLD_LAYER).spans if s.start == 3651)
        assert q12.attrs.get("stance") != "neutral"
        assert _keys(other) == expected  # the other decisions stay


def test_a_decision_moves_on_and_choosing_a_layer_without_the_item_means_none(window, qtbot, project):
    review = window.review
    review.go_to(1)  # the EVENT only bob has
    with qtbot.waitSignal(review.resolutionChanged):
        qtbot.keyClick(window.text_view, Qt.Key.Key_1)  # alice: there is nothing here
    assert review.current_index == 2
    assert review.decision(review.differences[1]) == "none"
    with Store.open(project) as other:
        assert (EVENT_START, EVENT_END, "EVENT") not in _keys(other)
        assert (7, 20, "PERSON") in _keys(other)  # the agreed spans came first


def test_edit_the_gold_span_minimally(window, qtbot, project):
    review = window.review
    review.go_to(2)  # boundary of q3: neither 856-897 nor 856-896 but the reviewer's own
    qtbot.keyClick(window.text_view, Qt.Key.Key_E)
    editor = window.findChild(GoldSpanEditor)
    assert editor is not None and editor.isVisible()
    editor.start.setValue(857)
    with qtbot.waitSignal(review.resolutionChanged):
        editor.accept()
    assert review.decision(review.differences[2]) == "edited"
    assert review.progress()[0] == 1
    with Store.open(project) as other:
        assert (857, 897, "QUOTE") in _keys(other)


def test_review_comments_are_plain_text_on_a_difference_or_the_article(window, qtbot, project):
    review = window.review
    panel = window.comments
    panel.editor.setFocus()
    qtbot.keyClicks(panel.editor, "<b>open</b> question 1 2 n p")
    assert review.current_index == 0  # typing is not a shortcut
    with qtbot.waitSignal(review.commentsChanged):
        qtbot.mouseClick(panel.on_difference, Qt.MouseButton.LeftButton)
    panel.editor.setText("Check the whole article again")
    with qtbot.waitSignal(review.commentsChanged):
        qtbot.mouseClick(panel.on_article, Qt.MouseButton.LeftButton)
    with Store.open(project) as other:
        first, second = other.comments(ARTICLE_ID)
    assert (first.annotator, first.span_id, first.body) == ("carol", "alice:e4", "<b>open</b> question 1 2 n p")
    assert second.span_id is None
    shown = [panel.list.item(n).text() for n in range(panel.list.count())]
    assert "<b>open</b> question 1 2 n p" in shown[0] and "on alice:e4" in shown[0]
    assert "on the article" in shown[1]


def test_unticking_a_layer_empties_the_review(window, qtbot):
    with qtbot.waitSignal(window.review.layersChanged):
        window.set_layer_checked("bob", False)
    assert window.review.layers == ()
    assert window.difference_list.model().rowCount() == 0
    assert window.article_table.model().rowCount() == 0
    with qtbot.waitSignal(window.review.articleOpened):
        window.set_layer_checked("bob", True)
    assert len(_rows(window)) == len(EXPECTED)
