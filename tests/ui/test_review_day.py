"""The review at scale (issue 18): bulk decisions, filter and count left, following other writers,
one review per window that fits the screen, a dashboard that closes by key."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QSettings, Qt
from test_review_seed import ARTICLE_ID, EVENT_START, EXPECTED, build_review_project

from annotator.domain import GOLD_LAYER
from annotator.review.differences import DifferenceKind
from annotator.storage import Store
from annotator.ui.common.settings import AppSettings
from annotator.ui.review.review_window import ReviewWindow, open_review
from annotator.ui.window.main_window import MainWindow


@pytest.fixture
def project(tmp_path, seed_gold):
    return build_review_project(tmp_path / "review.annotator", seed_gold)


@pytest.fixture
def main(qtbot, project, tmp_path):
    store = Store.open(project)
    settings = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    win = MainWindow(store, "carol", settings)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()
    store.close()


@pytest.fixture
def review(qtbot, main):
    win = open_review(main)
    win.activateWindow()
    qtbot.waitActive(win)
    win.text_view.setFocus()
    return win


def _gold(project):
    with Store.open(project, create=False) as other:
        return other.annotations(ARTICLE_ID, GOLD_LAYER)


def test_ctrl_shift_r_raises_the_open_review_instead_of_a_second(qtbot, main, review):
    main.activateWindow()
    qtbot.waitActive(main)
    main.actions["review"].trigger()
    assert [w for w in main.findChildren(ReviewWindow) if w.isVisible()] == [review]
    assert open_review(main) is review


def test_the_review_window_fits_the_screen(review):
    free = review.screen().availableGeometry()
    assert review.width() <= free.width() and review.height() <= free.height()
    assert review.minimumSizeHint().width() <= 1024  # fits a small laptop too


@pytest.mark.parametrize(
    "keys", [(Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier), (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)]
)
def test_the_agreement_dashboard_closes_with_esc_and_ctrl_w(qtbot, review, keys):
    dashboard = review.open_dashboard()
    dashboard.activateWindow()
    qtbot.waitActive(dashboard)
    with qtbot.waitSignal(dashboard.destroyed, timeout=3000):  # closed (and deleted with it)
        qtbot.keyClick(dashboard, *keys)


def test_keep_a_layer_for_all_remaining_differences_of_this_kind_one_undo_step(qtbot, review, project):
    assert review.left_count.text() == f"{len(EXPECTED)} of {len(EXPECTED)} left"
    only_in = [n for n, d in enumerate(review.review.differences) if d.kind is DifferenceKind.ONLY_IN]
    assert len(only_in) == 2
    review.review.go_to(only_in[0])
    with qtbot.waitSignal(review.review.resolutionChanged):
        qtbot.keyClick(review.text_view, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)  # keep alice, all "only in"
    gold = {(s.start, s.end, s.label) for s in _gold(project).spans}
    assert (3240, 3285, "QUOTE") in gold  # alice's quote, which bob removed
    assert not any(s[0] == EVENT_START and s[2] == "EVENT" for s in gold)  # bob's extra EVENT: none
    assert all(review.review.is_resolved(review.review.differences[n]) for n in only_in)
    assert review.review.remaining() == len(EXPECTED) - 2
    assert review.left_count.text() == f"{len(EXPECTED) - 2} of {len(EXPECTED)} left"
    review.review.undo()  # both in one step (the agreed spans seeded first are a step of their own)
    assert not any(review.review.is_resolved(review.review.differences[n]) for n in only_in)


def test_keep_a_layer_for_all_remaining_of_this_label(qtbot, review, project):
    label_differs = next(n for n, d in enumerate(review.review.differences) if d.kind is DifferenceKind.LABEL_DIFFERS)
    review.review.go_to(label_differs)
    with qtbot.waitSignal(review.review.resolutionChanged):
        qtbot.keyClick(review.text_view, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert review.review.decision(review.review.differences[label_differs]) == "bob"
    assert review.review.remaining() == len(EXPECTED) - 1  # only that one has this label pair


def test_filter_by_kind_and_label_and_step_within_it(qtbot, review):
    review.kind_filter.setCurrentIndex(review.kind_filter.findData(DifferenceKind.ONLY_IN.value))
    shown = [n for n in range(len(review.review.differences)) if not review.difference_list.isRowHidden(n)]
    assert [review.review.differences[n].kind for n in shown] == [DifferenceKind.ONLY_IN] * 2
    assert review.review.current_index == shown[0]
    qtbot.keyClick(review.text_view, Qt.Key.Key_N)
    assert review.review.current_index == shown[1]
    assert review.left_count.text() == "2 of 2 left"
    review.label_filter.setCurrentIndex(review.label_filter.findData("EVENT"))
    assert review.left_count.text() == "1 of 1 left"


def test_the_review_follows_a_colleague_changing_a_compared_layer(qtbot, review, project):
    before = len(review.review.differences)
    with Store.open(project, create=False) as colleague:  # bob, in his own program, drops his extra EVENT
        bob = colleague.annotations(ARTICLE_ID, "bob")
        extra = next(s for s in bob.spans if s.label == "EVENT" and s.start == EVENT_START)
        colleague.replace_layer(replace(bob, spans=tuple(s for s in bob.spans if s is not extra)))
    qtbot.waitUntil(lambda: len(review.review.differences) == before - 1, timeout=5000)
    assert review.difference_list.model().rowCount() == before - 1
    assert review.left_count.text() == f"{before - 1} of {before - 1} left"


def test_the_review_follows_the_main_window_editing_a_compared_layer(qtbot, main, project, tmp_path):
    main.close()
    store = main.store
    bob_window = MainWindow(store, "bob", AppSettings(QSettings(str(tmp_path / "b.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(bob_window)
    bob_window.show()
    review = open_review(bob_window)
    before = len(review.review.differences)
    bob_window.open_article(ARTICLE_ID)
    extra = next(s for s in bob_window.session.state.spans if s.label == "EVENT" and s.start == EVENT_START)
    from annotator.editing import RemoveSpan

    with qtbot.waitSignal(review.review.refreshed, timeout=1000):  # at once, not at the next poll
        bob_window.session.perform(RemoveSpan(extra.id))
    assert len(review.review.differences) == before - 1
    review.close()
    bob_window.close()
