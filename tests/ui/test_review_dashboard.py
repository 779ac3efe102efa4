"""The agreement dashboard on the seed article: charts render the figures project_agreement computes."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtGui import QColor, QImage
from test_review_seed import build_review_project

from annotator.services.reviewing import project_agreement
from annotator.storage import Store
from annotator.ui.review.review_charts import LabelBar
from annotator.ui.review.review_dashboard import ReviewDashboard


@pytest.fixture
def dashboard(qtbot, tmp_path, seed_gold):
    store = Store.open(build_review_project(tmp_path / "p.annotator", seed_gold))
    board = ReviewDashboard(store, ["alice", "bob"])
    qtbot.addWidget(board)
    board.show()
    qtbot.waitExposed(board)
    yield board
    board.close()
    store.close()


def _inked(image: QImage) -> int:
    """Pixels that are not white: something was drawn."""
    white = QColor("#ffffff").rgb()
    step = 3
    return sum(
        image.pixel(x, y) != white for x in range(0, image.width(), step) for y in range(0, image.height(), step)
    )


def test_the_charts_draw_the_computed_figures(dashboard, qtmodeltester):
    report = project_agreement(dashboard.store, ["alice", "bob"])
    assert dashboard.bar_chart.rows == tuple(LabelBar.of(row) for row in report.overall.labels)
    event = next(row for row in dashboard.bar_chart.rows if row.label == "EVENT")
    assert (event.exact_f1, event.overlap_f1) == (0.0, 0.0)
    confusion = dashboard.heatmap.confusion
    assert confusion is not None
    assert confusion.total == report.pair("alice", "bob").figures.stance.kappa.support == 14
    assert confusion.total - confusion.agreed == 1  # q12: dismissive / neutral
    d, n = confusion.categories.index("dismissive"), confusion.categories.index("neutral")
    assert confusion.counts[d][n] == 1
    for chart in (dashboard.bar_chart, dashboard.heatmap):
        image = chart.grab().toImage()
        assert not image.isNull() and image.width() > 100 and _inked(image) > 200
    qtmodeltester.check(dashboard.table_model)
    assert dashboard.table_model.rowCount() == 1
    assert dashboard.table_model.rows == report.articles


def test_choosing_other_layers_for_the_heatmap(dashboard, qtbot):
    with qtbot.waitSignal(dashboard.refreshed):
        dashboard.prediction.setCurrentText("alice")
    assert dashboard.heatmap.confusion is None
    message = _inked(dashboard.heatmap.grab().toImage())  # says there is nothing to compare
    assert 0 < message
    with qtbot.waitSignal(dashboard.refreshed):
        dashboard.reference.setCurrentText("bob")
    assert dashboard.heatmap.confusion.reference == "bob"
    assert _inked(dashboard.heatmap.grab().toImage()) > 3 * message, "a heatmap draws more than the message"


def test_save_charts_as_png_and_figures_as_csv(dashboard, tmp_path):
    out = tmp_path / "figures"
    out.mkdir()
    for path in dashboard.save_charts(out):
        image = QImage(str(path))
        assert image.width() > 100 and _inked(image) > 200, f"{path.name} is blank"
    labels_csv, confusion_csv, articles_csv = dashboard.save_csv(out)
    with labels_csv.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["label"] for r in rows] == [b.label for b in dashboard.bar_chart.rows]
    for row, bar in zip(rows, dashboard.bar_chart.rows, strict=True):
        assert float(row["f1_overlap"]) == pytest.approx(bar.overlap_f1, abs=5e-4)
        assert float(row["f1_exact"]) == pytest.approx(bar.exact_f1, abs=5e-4)
        assert int(row["support_overlap"]) == bar.support
    with confusion_csv.open(encoding="utf-8") as fh:
        header, *matrix = list(csv.reader(fh))
    confusion = dashboard.heatmap.confusion
    assert tuple(header[1:]) == confusion.categories
    assert tuple(tuple(int(v) for v in row[1:]) for row in matrix) == confusion.counts
    with articles_csv.open(encoding="utf-8") as fh:
        (article,) = list(csv.DictReader(fh))
    (expected,) = project_agreement(dashboard.store, ["alice", "bob"]).articles
    assert article["article_id"] == "sessions-russia"
    assert int(article["disagreements"]) == expected.disagreements > 0
