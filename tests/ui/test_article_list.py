"""The article list model: qtmodeltester, filters, full-text search, a 100,000-article project."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from ui_helpers import ANNOTATOR, show

from annotator.domain import Annotations, Article, Status
from annotator.storage import Store
from annotator.ui.window.main_window import MainWindow
from annotator.ui.workspace.article_list import ArticleListModel

BIG = 100_000
BATCH = 5_000
OUTLETS = ("Wire", "Daily", "Herald", "Courier")


@pytest.fixture(scope="session")
def big_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """100,000 short articles, a few with statuses, written in large batches (one transaction each)."""
    path = tmp_path_factory.mktemp("big") / "big.annotator"
    with Store.open(path) as store:
        for first in range(0, BIG, BATCH):
            store.add_articles(
                (
                    Article(
                        id=f"n{i:06d}",
                        title=f"Article {i}",
                        outlet=OUTLETS[i % len(OUTLETS)],
                        published=f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
                        text=f"Story number {i}. The minister said the budget {'passed' if i % 2 else 'failed'}.",
                    ),
                    (),
                )
                for i in range(first, first + BATCH)
            )
        store.replace_layers(Annotations(f"n{i:06d}", ANNOTATOR, status=Status.DONE) for i in range(0, BIG, 1000))
        store.update_search_index()  # as the import does
    return path


@pytest.fixture
def big_store(big_project: Path) -> Iterator[Store]:
    store = Store.open(big_project)
    yield store
    store.close()


def test_model_passes_qtmodeltester(qtmodeltester, project_path: Path) -> None:  # noqa: ANN001
    with Store.open(project_path) as store:
        model = ArticleListModel(store, ANNOTATOR)
        qtmodeltester.check(model)
        model.set_filter((Status.TODO,), "Merkel")
        qtmodeltester.check(model)
        assert model.rowCount() == 1


def test_big_model_passes_qtmodeltester(qtmodeltester, big_store: Store) -> None:  # noqa: ANN001
    model = ArticleListModel(big_store, ANNOTATOR)
    assert model.rowCount() == BIG
    # The tester reads every row; on 100,000 rows that is a minute of paging. The same model filtered
    # to the done articles of the big project exercises the same paths (several pages, a filter).
    model.set_filter((Status.DONE,))
    assert model.rowCount() == BIG // 1000
    qtmodeltester.check(model, force_py=True)
    model.set_filter((Status.DONE,), "Story")  # a reset while checked
    assert model.rowCount() == BIG // 1000


def test_status_filter_and_search(big_store: Store) -> None:
    model = ArticleListModel(big_store, ANNOTATOR)
    model.set_filter((Status.DONE,))
    assert model.rowCount() == BIG // 1000
    assert model.data(model.index(1, 0)) == "Article 1000"
    model.set_filter((), "failed")
    assert model.rowCount() == BIG // 2
    model.set_filter((Status.DONE,), "passed")  # every done article has an even number: none passed
    assert model.rowCount() == 0


def test_big_project_opens_at_once_and_scrolls_to_the_end(qtbot, big_project: Path, settings) -> None:  # noqa: ANN001
    started = time.perf_counter()
    store = Store.open(big_project)
    window = show(qtbot, MainWindow(store, ANNOTATOR, settings))
    opened = time.perf_counter() - started
    table = window.article_list.table
    table.scrollToBottom()
    qtbot.waitUntil(lambda: table.rowAt(table.viewport().height() - 2) == BIG - 1, timeout=5000)
    last = window.article_list.model.index(BIG - 1, 0)
    assert window.article_list.model.data(last) == f"Article {BIG - 1}"
    window.article_list.select_row(BIG - 1)
    assert window.session.article_id == f"n{BIG - 1:06d}"
    assert opened < 3.0, f"opening took {opened:.2f} s"  # generous: shared CI machines
    window.close()
    store.close()


def test_row_refreshes_without_reload(qtbot, window) -> None:  # noqa: ANN001
    model = window.article_list.model
    with qtbot.waitSignal(model.dataChanged) as blocker:
        window.article_view.select_text(0, 7)
        qtbot.keyClick(window.article_view, Qt.Key.Key_2)
    assert blocker.args[0].row() == 0
    assert model.data(model.index(0, 4)) == 1
    assert model.data(model.index(0, 3)) == "in progress"


def test_a_failed_read_never_leaves_the_model_half_reset(project_path: Path) -> None:
    """If the store cannot be read while the list reloads (here its connection is gone), the error
    reaches the caller and the model stays as it was: no reset begun and never ended, filter and
    loaded rows kept."""
    store = Store.open(project_path)
    model = ArticleListModel(store, ANNOTATOR)
    model.set_filter((), "Merkel")
    assert (model.rowCount(), model.article_id(0)) == (1, "a2")  # its page is loaded
    began: list[None] = []
    ended: list[None] = []
    model.modelAboutToBeReset.connect(lambda: began.append(None))
    model.modelReset.connect(lambda: ended.append(None))
    store.close()
    for change in (model.reload, lambda: model.set_filter((Status.DONE,), "Peskov")):
        with pytest.raises(Exception, match="closed"):
            change()
        assert began == ended == []  # before: a reset begun and never ended (views stuck mid-reset)
        assert (model.statuses, model.query, model.rowCount(), model.article_id(0)) == ((), "Merkel", 1, "a2")
