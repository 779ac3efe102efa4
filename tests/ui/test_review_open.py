"""open_review(main_window): what the main window's menu calls."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from test_review_seed import ARTICLE_ID, build_review_project

from annotator.storage import Store
from annotator.ui.common.settings import AppSettings
from annotator.ui.review.review_window import ReviewWindow, open_review
from annotator.ui.window.main_window import MainWindow


def test_open_review_from_the_main_window(qtbot, tmp_path, seed_gold):
    store = Store.open(build_review_project(tmp_path / "p.annotator", seed_gold))
    settings = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    main = MainWindow(store, "carol", settings)
    qtbot.addWidget(main)
    review = open_review(main)
    assert isinstance(review, ReviewWindow) and review.isVisible()
    assert review.review.reviewer == "carol" and review.review.layers == ("alice", "bob")
    assert review.review.article_id == ARTICLE_ID
    dashboard = review.open_dashboard()
    assert dashboard.isVisible() and dashboard.layers == ["alice", "bob"]
    dashboard.close()
    review.close()
    main.close()
    store.close()
