"""Stance and target suggestions on the seed article, accepted by keys in the real main window.

The seed article is pre-annotated with the real spaCy model; every accept is checked in the
project file through a second connection. One key accepts a quote with its speaker, cue, stance
and target; Shift+S and Shift+T take the model's stance or target alone for a quote the annotator
marked by hand, and never replace a stance the annotator chose.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from ui_helpers import ANNOTATOR, press, show

from annotator.domain import Annotations, Article, LabelKind, Span
from annotator.services.pipelines import cached_pipeline
from annotator.services.preannotation import preannotate_project
from annotator.services.scheme import default_scheme
from annotator.storage import Store
from annotator.ui.common.settings import AppSettings
from annotator.ui.window.main_window import MainWindow
from annotator.ui.workspace.marks import suggestion_ref

STRUCTURAL = ("SPEAKER", "CUE")


@pytest.fixture
def seed_project(tmp_path: Path, seed_gold: dict[str, Any]) -> Path:
    path = tmp_path / "seed.annotator"
    with Store.open(path) as store:
        store.add_articles([(Article(id=seed_gold["id"], text=seed_gold["text"], title="Sessions"), [])])
        preannotate_project(store, cached_pipeline(), default_scheme())
    return path


@pytest.fixture
def stored(seed_project: Path, seed_gold: dict[str, Any]) -> Iterator[Callable[[], Annotations]]:
    """The annotator's layer as stored, read through a second connection to the file."""
    store = Store.open(seed_project, create=False)
    yield lambda: store.annotations(seed_gold["id"], ANNOTATOR)
    store.close()


@pytest.fixture
def seed_window(qtbot: Any, seed_project: Path, settings: AppSettings) -> Iterator[MainWindow]:
    store = Store.open(seed_project)
    win = show(qtbot, MainWindow(store, ANNOTATOR, settings))
    yield win
    win.close()
    store.close()


def _target(layer: Annotations, span: Span) -> tuple[str, Span] | None:
    rel = next((r for r in layer.relations_from(span.id) if r.label not in STRUCTURAL), None)
    return (rel.label, layer.span(rel.child)) if rel is not None else None


def _own_at(layer: Annotations, span: Span) -> Span:
    found = [s for s in layer.spans if (s.start, s.end, s.label) == (span.start, span.end, span.label)]
    assert len(found) == 1, f"one own span at {span.start}-{span.end}"
    return found[0]


def _key(letter: str) -> Qt.Key:
    return getattr(Qt.Key, f"Key_{letter.upper()}")


def test_stance_and_target_suggestions_are_accepted_by_keys(
    qtbot: Any, seed_window: MainWindow, stored: Callable[[], Annotations]
) -> None:
    session = seed_window.session
    editing = session.editing
    assert editing is not None
    model = editing.model
    stance_labels = session.scheme.stance_labels
    suggested = [q for q in model.spans_labelled("QUOTE") if q.attrs.get("stance") in stance_labels]
    with_target = [q for q in suggested if _target(model, q) is not None]
    assert len(suggested) >= 10 and len(with_target) >= 3, "the seed article gets stance and target suggestions"
    assert all(0 < float(q.attrs["stance_confidence"]) <= 1 for q in suggested), "each carries a confidence"
    rows = [r for r in seed_window.quote_tools.quotes.model.rows if r.is_suggestion and r.stance and r.target]
    assert rows, "the quotes panel shows suggested stances with their targets"
    panel = seed_window.quote_tools.quotes.model
    row = panel.rows.index(rows[0])
    tip = panel.data(panel.index(row, 0), Qt.ItemDataRole.ToolTipRole)
    assert f"stance {rows[0].stance}, confidence" in tip, tip

    # 1. One key accepts quote, speaker, cue, stance and target together.
    first = with_target[0]
    session.select(suggestion_ref(first.id))
    press(qtbot, seed_window, Qt.Key.Key_Y)
    layer = stored()
    quote = _own_at(layer, first)
    assert quote.attrs["stance"] == first.attrs["stance"]
    assert "stance_confidence" not in quote.attrs, "an accepted stance is the annotator's, not a guess"
    label, target = _target(layer, quote)
    model_label, model_target = _target(model, first)
    assert label == model_label == first.attrs["stance"]
    assert (target.start, target.end, target.label) == (model_target.start, model_target.end, model_target.label)
    for part in STRUCTURAL:
        if model.linked(first.id, part) is not None:
            assert layer.linked(quote.id, part) is not None, f"the {part.lower()} came along"

    # 2. Each part on its own: a quote marked by hand takes the model's stance, then its target.
    second = with_target[1]
    seed_window.article_view.select_text(second.start, second.end)
    press(qtbot, seed_window, Qt.Key.Key_Q)
    own = _own_at(stored(), second)
    assert own.attrs.get("stance") is None and _target(stored(), own) is None
    press(qtbot, seed_window, Qt.Key.Key_S, Qt.KeyboardModifier.ShiftModifier)
    assert _own_at(stored(), second).attrs["stance"] == second.attrs["stance"]
    assert _target(stored(), own) is None, "the stance alone"
    press(qtbot, seed_window, Qt.Key.Key_T, Qt.KeyboardModifier.ShiftModifier)
    label, target = _target(stored(), own)
    model_label, model_target = _target(model, second)
    assert label == second.attrs["stance"]
    assert (target.start, target.end) == (model_target.start, model_target.end)

    # 3. An annotator's stance is never replaced by the suggestion.
    third = with_target[2]
    other = next(d for d in session.scheme.of_kind(LabelKind.STANCE) if d.name != third.attrs["stance"])
    seed_window.article_view.select_text(third.start, third.end)
    press(qtbot, seed_window, Qt.Key.Key_Q)
    press(qtbot, seed_window, _key(other.key))
    before = stored()
    assert _own_at(before, third).attrs["stance"] == other.name
    with qtbot.waitSignal(session.errorRaised, timeout=2000):
        qtbot.keyClick(seed_window.article_view, Qt.Key.Key_S, Qt.KeyboardModifier.ShiftModifier)
    after = stored()
    assert _own_at(after, third).attrs["stance"] == other.name
    assert after.relations == before.relations


def test_unsure_stance_suggestions_can_be_hidden(qtbot: Any, seed_window: MainWindow, settings: AppSettings) -> None:
    session = seed_window.session
    assert session.editing is not None
    confidences = sorted(
        float(q.attrs["stance_confidence"]) for q in session.editing.model.spans if "stance" in q.attrs
    )
    assert confidences, "the seed article has stance suggestions"
    middle = confidences[len(confidences) // 2]
    session.set_min_stance_confidence(middle)
    kept = [q for q in session.editing.model.spans if "stance" in q.attrs]
    assert kept and all(float(q.attrs["stance_confidence"]) >= middle for q in kept)
    assert len(kept) < len(confidences)
    hidden = {q.id for q in session.editing.model.spans_labelled("QUOTE") if "stance" not in q.attrs}
    assert not any(r.head in hidden and r.label not in STRUCTURAL for r in session.editing.model.relations)
    rows = seed_window.quote_tools.quotes.model.rows
    assert sum(1 for r in rows if r.is_suggestion and r.stance) == len([q for q in kept if q.label == "QUOTE"]), (
        "the quotes panel shows only the sure ones"
    )
    session.set_min_stance_confidence(0.0)
    assert len([q for q in session.editing.model.spans if "stance" in q.attrs]) == len(confidences)
