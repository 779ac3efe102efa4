"""Model → Train… in the real window: a tiny UNER project trains in the background, reports, and suggests.

Tiny on purpose (40 sentences, 2 passes): the point is the dialog's path, not the model's quality,
which tests/unit/services/test_training.py measures.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from training_helpers import LABELS, uner_project
from ui_helpers import show

from annotator.domain import MODEL_LAYER
from annotator.services.models import current_model, project_models
from annotator.storage import Store
from annotator.ui.window.main_window import MainWindow


@pytest.fixture
def uner_window(qtbot: Any, shared_dir: Path, tmp_path: Path, settings: Any) -> Iterator[MainWindow]:
    project = uner_project(shared_dir, tmp_path, 40)
    store = Store.open(project)
    win = show(qtbot, MainWindow(store, "tester", settings))
    yield win
    for dialog in (win.model_tools.train_dialog,):
        if dialog is not None:
            dialog.close()
    win.close()
    store.close()


def _open_train_dialog(window: MainWindow) -> Any:
    window.findChild(type(window.model_tools.actions["train"]), "action-train").trigger()
    dialog = window.model_tools.train_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_train_in_the_background_report_and_use_the_model_for_suggestions(qtbot: Any, uner_window: MainWindow) -> None:
    window = uner_window
    dialog = _open_train_dialog(window)
    assert dialog.layer.currentText() == "gold"
    dialog.epochs.setValue(2)
    seen: list[tuple[int, int]] = []
    dialog.runner.progress.connect(lambda done, total: seen.append((done, total)))
    with qtbot.waitSignal(dialog.trained, timeout=300_000) as trained:
        qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
        assert not dialog.train_button.isEnabled() and dialog.cancel_button.isEnabled()
        assert window.isEnabled(), "the window stays usable while training"
    result = trained.args[0]
    assert seen and seen[-1] == (1000, 1000) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert dialog.bar.value() == dialog.bar.maximum()

    meta = json.loads((result.path / "meta.json").read_text(encoding="utf-8"))
    assert meta["annotator"]["articles"] == 32 and meta["annotator"]["held_out"] == 8
    per_label = meta["annotator"]["scores"]
    shown = {
        dialog.report.item(r, 0).text(): (dialog.report.item(r, 2).text(), dialog.report.item(r, 3).text())
        for r in range(dialog.report.rowCount())
    }
    assert set(shown) == {*LABELS, "ALL"}
    for label in LABELS:
        assert shown[label] == (
            f"{per_label['base']['per_label'][label]['f']:.3f}",
            f"{per_label['trained']['per_label'][label]['f']:.3f}",
        )
    assert [n for n, _ in dialog.chart.points] == [0, 8, 16, 24, 32], "base, then 25/50/75/100% of 32 articles"
    assert dialog.chart.points[-1][1] == pytest.approx(per_label["trained"]["f"])

    with Store.open(window.store.path, create=False) as other:
        (record,) = project_models(other)
        assert Path(record.path) == result.path.resolve()
    dialog.use_button.click()
    assert current_model(window.store) == str(result.path.resolve())

    models = window.model_tools.open_models()
    assert models.table.rowCount() == 1 and models.current_row() == 0
    assert models.table.item(0, 1).text() == "en_uner_news_entities"

    first = window.session.article_id
    assert first
    runner = window.quote_tools.runner
    with qtbot.waitSignal(runner.finished, timeout=120_000):
        assert window.quote_tools.preannotate([first])
    with Store.open(window.store.path, create=False) as other:
        spans = other.annotations(first, MODEL_LAYER).spans
    assert spans and {s.attrs["model"] for s in spans} == {"en_uner_news_entities"}
    assert {s.attrs["model_trained_on"] for s in spans} == {result.trained_on}
    window.session.select("")
    window.actions["next_span"].trigger()  # Tab: the first suggestion of the open article
    origin = window.inspector.field("Origin")
    assert origin.startswith("suggestion from en_uner_news_entities 1.0.0"), origin
    assert f"trained on {result.trained_on}" in origin


def test_cancel_stops_the_run_and_writes_no_model(qtbot: Any, uner_window: MainWindow) -> None:
    dialog = _open_train_dialog(uner_window)
    dialog.epochs.setValue(200)
    dialog.curve.setChecked(False)
    with qtbot.waitSignal(dialog.runner.progress, timeout=120_000):
        assert dialog.start()
    with qtbot.waitSignal(dialog.runner.cancelled, timeout=120_000):
        dialog.cancel_button.click()
    assert dialog.train_button.isEnabled() and "cancelled" in dialog.message.text()
    assert not dialog.report_box.isVisible()
    models = Path(uner_window.store.path).with_name("uner.models")
    assert not models.exists() or not any(models.iterdir())
    assert project_models(uner_window.store) == []


def test_closing_the_window_while_training_cancels_the_run(qtbot: Any, uner_window: MainWindow) -> None:
    dialog = _open_train_dialog(uner_window)
    dialog.epochs.setValue(200)
    dialog.curve.setChecked(False)
    with qtbot.waitSignal(dialog.runner.progress, timeout=120_000):
        assert dialog.start()
    uner_window.close()
    assert not dialog.runner.running, "the run ended before the window went"
    assert project_models(uner_window.store) == []
