"""Pre-annotation on a Dask cluster from the app: the setting, its check, the progress, the stored layers."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QLineEdit
from ui_helpers import ANNOTATOR

from annotator.domain import MODEL_LAYER
from annotator.storage import Store
from annotator.ui.model.cluster_dialog import ClusterDialog


def _answer_dialog(qtbot: Any, answers: list[str], problems: list[str]) -> None:
    """Type each answer into the open cluster dialog and press OK; note what the dialog says."""

    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ClusterDialog):
            QTimer.singleShot(20, step)
            return
        field = dialog.findChild(QLineEdit, "cluster_field")
        field.setText(answers.pop(0))
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
        if dialog.isVisible():  # refused: the dialog says why and stays open for the next answer
            problems.append(dialog.findChild(QLabel, "cluster_problem").text())
            QTimer.singleShot(20, step)

    QTimer.singleShot(20, step)


def test_the_app_runs_pre_annotation_on_a_local_cluster_and_shows_its_progress(qtbot, window, settings, project_path):
    tools = window.quote_tools
    problems: list[str] = []
    _answer_dialog(qtbot, ["local:0", "local:1"], problems)
    tools.menu_actions["cluster"].trigger()
    assert problems and "local:N" in problems[0], "a bad setting is refused with the accepted forms"
    assert settings.preannotation_cluster == "local:1"
    assert tools.runner.cluster == "local:1"

    details: list[str] = []
    tools.runner.detail.connect(details.append)
    with qtbot.waitSignal(tools.runner.finished, timeout=240_000) as finished:
        tools.menu_actions["article"].trigger()
    result = finished.args[0]
    assert result.articles == 1 and result.workers == 1 and not result.cancelled
    assert any("words/s" in d and "1 worker(s)" in d for d in details), details
    assert tools.status.isHidden()

    with Store.open(project_path, create=False) as store:
        layer = store.annotations(window.session.article_id, MODEL_LAYER)
        assert {s.attrs.get("model") for s in layer.spans} == {result.model.split()[0]}
        assert layer.spans_labelled("QUOTE"), "the quote in the article is suggested"
        assert store.annotations(window.session.article_id, ANNOTATOR).spans == ()
    assert window.session.editing.model.spans_labelled("QUOTE"), "the window shows the new suggestions"
