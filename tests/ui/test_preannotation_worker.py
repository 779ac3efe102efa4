"""Background pre-annotation: progress, cancel, and a consistent project file afterwards (real model, real file)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.domain import MODEL_LAYER, Article, Span
from annotator.editing import AddSpan
from annotator.services.pipelines import is_cached
from annotator.services.scheme import default_scheme
from annotator.storage import Store
from annotator.ui.model.workers import PreannotationRunner, PreannotationStatus
from annotator.ui.workspace.session import UiSession

COPIES = 200


def _project(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "many.annotator"
    with Store.open(path) as store:
        # Distinct texts (a number at the end), so that none is taken for a duplicate.
        store.add_articles((Article(id=f"a{i:03d}", text=f"{text}\n\nCopy {i}."), []) for i in range(COPIES))
    return path


def test_cancel_stops_early_and_leaves_the_project_consistent(qtbot: Any, tmp_path: Path,
                                                            seed_gold: dict[str, Any]) -> None:
    path = _project(tmp_path, seed_gold["text"])
    store = Store.open(path)
    session = UiSession(store, "tester", default_scheme())
    session.open_article("a000")
    own = Span("s1", 0, 6, "GPE")
    assert session.perform(AddSpan(own))
    runner = PreannotationRunner(session, batch_size=4)
    status = PreannotationStatus(runner)
    qtbot.addWidget(status)
    seen: list[tuple[int, int]] = []
    runner.progress.connect(lambda done, total: seen.append((done, total)))

    with qtbot.waitSignal(runner.started, timeout=5000):
        assert runner.start(None)
    assert not status.isHidden()
    assert not runner.start(None), "one run at a time"
    with qtbot.waitSignal(runner.progress, timeout=120_000):
        pass
    status.cancel_button.click()  # as the user would
    with qtbot.waitSignal(runner.finished, timeout=120_000) as finished:
        pass
    result = finished.args[0]

    assert result.cancelled
    assert 0 < result.articles < COPIES, "stopped early"
    assert seen and seen[0][1] == COPIES
    assert status.isHidden()
    assert is_cached(), "the pipeline stays loaded for the next run"

    with Store.open(path, create=False) as other:
        with_model = [a for a in other.article_ids() if MODEL_LAYER in other.layers_of(a)]
        assert len(with_model) == result.articles, "whole batches only"
        for article_id in with_model:
            layer = other.annotations(article_id, MODEL_LAYER)
            assert any(s.label == "QUOTE" for s in layer.spans), "each stored article is complete"
            layer.validate(len(other.article_text(article_id)), default_scheme())
        mine = other.annotations("a000", "tester")
        assert [(s.start, s.end, s.label) for s in mine.spans] == [(0, 6, "GPE")], "the analyst's work is untouched"
    assert session.editing.pending_suggestions(), "suggestions reloaded into the open article"
    store.close()


def test_failure_is_reported_not_raised(qtbot: Any, tmp_path: Path, seed_gold: dict[str, Any]) -> None:
    path = _project(tmp_path, seed_gold["text"])
    store = Store.open(path)
    session = UiSession(store, "tester", default_scheme())
    runner = PreannotationRunner(session, batch_size=4)
    errors: list[str] = []
    session.errorRaised.connect(errors.append)
    with qtbot.waitSignal(runner.failed, timeout=120_000) as failed:
        runner.start(["no-such-article"])
    assert "no-such-article" in failed.args[0]
    assert errors and not runner.running
    store.close()
