"""Views follow an edit row by row on a densely linked layer (the seed gold as the annotator's own).

The quotes panel announces only the rows an edit touched (no model reset), the article view's
marks after an edit are those a full rebuild gives, the summary waits while hidden and catches up
when shown, and "the articles in the list" is one store query with the list's filter.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDockWidget
from ui_helpers import ANNOTATOR as ANNOTATOR_OF_PROJECT
from ui_helpers import ARTICLES, show

from annotator.domain import Annotations, Article, Origin, Relation, Span, Status
from annotator.review.quote_rows import who_said_what
from annotator.storage import Store
from annotator.ui.common.settings import AppSettings
from annotator.ui.window.main_window import MainWindow
from annotator.ui.workspace.marks import build_marks

ANNOTATOR = "alice"


def gold_layer(seed: dict[str, Any], annotator: str) -> Annotations:
    spans = tuple(
        Span(s["id"], s["start"], s["end"], s["label"], Origin.HUMAN, dict(s.get("attrs") or {})) for s in seed["spans"]
    )
    relations = tuple(Relation(f"r{i}", r["head"], r["child"], r["label"]) for i, r in enumerate(seed["relations"]))
    return Annotations(seed["id"], annotator, spans, relations, Status.IN_PROGRESS)


@pytest.fixture()
def linked(tmp_path: Path, seed_gold: dict[str, Any]) -> Path:
    path = tmp_path / "linked.annotator"
    with Store.open(path) as store:
        store.add_articles(
            [
                (Article(id=seed_gold["id"], text=seed_gold["text"]), [gold_layer(seed_gold, ANNOTATOR)]),
                (Article(id="other", text="Another article."), []),
            ]
        )
    return path


@pytest.fixture()
def window(qtbot: Any, linked: Path, settings: AppSettings, seed_gold: dict[str, Any]) -> Iterator[MainWindow]:
    store = Store.open(linked)
    win = MainWindow(store, ANNOTATOR, settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.session.open_article(seed_gold["id"])
    win.article_view.setFocus()
    yield win
    win.close()
    store.close()


class Recorder:
    """The row-level signals a model emitted."""

    def __init__(self, model: Any) -> None:
        self.resets = 0
        self.changed: list[int] = []
        self.inserted: list[tuple[int, int]] = []
        model.modelReset.connect(self._reset)
        model.dataChanged.connect(lambda top, bottom, *_: self.changed.extend(range(top.row(), bottom.row() + 1)))
        model.rowsInserted.connect(lambda _parent, first, last: self.inserted.append((first, last)))

    def _reset(self) -> None:
        self.resets += 1


def test_a_stance_key_changes_only_its_quote_row(
    qtbot: Any, qtmodeltester: Any, window: MainWindow, linked: Path, seed_gold: dict[str, Any]
) -> None:
    model = window.quote_tools.quotes.model
    quote = next(r for r in model.rows if not r.stance)
    row = model.row_of(quote.span_id)
    recorder = Recorder(model)
    window.session.select(quote.span_id)
    QTest.keyClick(window, Qt.Key.Key_A)
    assert model.rows[row].stance == "accusing"
    assert recorder.resets == 0 and recorder.changed == [row]
    with Store.open(linked, create=False) as other:  # stored, not only shown
        assert other.annotations(seed_gold["id"], ANNOTATOR).span(quote.span_id).attrs["stance"] == "accusing"
    qtmodeltester.check(model)


def test_a_new_quote_is_one_inserted_row(window: MainWindow, seed_gold: dict[str, Any]) -> None:
    model = window.quote_tools.quotes.model
    before = len(model.rows)
    quoted = {(r.start, r.end) for r in model.rows}
    text = seed_gold["text"]
    start = next(
        i
        for i in range(len(text) - 30)
        if text[i].isalpha() and (i == 0 or text[i - 1] == " ") and not any(a <= i < b for a, b in quoted)
    )
    recorder = Recorder(model)
    window.article_view.select_text(start, start + 20)
    QTest.keyClick(window.article_view, Qt.Key.Key_Q)
    assert len(model.rows) == before + 1
    assert recorder.resets == 0 and len(recorder.inserted) == 1
    first, last = recorder.inserted[0]
    assert first == last and model.rows[first].start <= start


def test_marks_after_edits_are_those_of_a_full_rebuild(window: MainWindow) -> None:
    view, session = window.article_view, window.session
    for mark in [m for m in view.marks if m.label != "QUOTE"][:6]:
        session.select(mark.ref)
        QTest.keyClick(view, Qt.Key.Key_2 if mark.label != "ORG" else Qt.Key.Key_3)
        editing = session.editing
        assert editing is not None
        assert view.marks == build_marks(editing.state, editing.pending_suggestions())
    session.undo()
    session.undo()
    editing = session.editing
    assert editing is not None and view.marks == build_marks(editing.state, editing.pending_suggestions())


def test_the_hidden_summary_catches_up_when_shown(window: MainWindow, seed_gold: dict[str, Any]) -> None:
    summary = window.quote_tools.summary
    dock = next(d for d in window.findChildren(QDockWidget) if d.widget() is summary)
    dock.hide()
    quote = next(r for r in window.quote_tools.quotes.model.rows if not r.stance)
    window.session.select(quote.span_id)
    QTest.keyClick(window, Qt.Key.Key_D)
    assert summary.stale
    dock.show()
    editing = window.session.editing
    assert editing is not None
    rows, _ = who_said_what(seed_gold["text"], editing.state, window.session.scheme)
    assert not summary.stale and summary.model.rows == rows
    assert any("defending" in r.stances for r in summary.model.rows)


def test_the_listed_articles_are_one_store_query_with_the_list_filter(
    window: MainWindow, seed_gold: dict[str, Any]
) -> None:
    model = window.article_list.model
    model.set_filter([Status.IN_PROGRESS])
    assert model.listed_ids() == [seed_gold["id"]] == [model.article_id(r) for r in range(model.rowCount())]
    model.set_filter([Status.TODO])
    assert model.listed_ids() == ["other"]
    model.set_filter((), "Sessions")
    assert model.listed_ids() == [seed_gold["id"]]


def test_a_key_that_changes_nothing_leaves_no_undo_step(window: MainWindow) -> None:
    quote = next(r for r in window.quote_tools.quotes.model.rows if not r.stance)
    window.session.select(quote.span_id)
    QTest.keyClick(window, Qt.Key.Key_A)
    stack = window.session.undo_stack()
    assert stack is not None
    steps = stack.count()
    QTest.keyClick(window, Qt.Key.Key_A)  # the same stance again
    assert stack.count() == steps and stack.undoText() == "Stance accusing"


def test_the_open_article_is_frozen_out_of_the_collectors_way(qtbot: Any, window: MainWindow) -> None:
    gc.unfreeze()
    window.session.open_article("other")
    qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=3000)


def test_accept_redraws_the_text_once_and_keeps_the_accepted_span_selected(
    qtbot: Any, project_path: Path, settings: AppSettings
) -> None:
    """Accept draws the edit and the selection together, once; the accepted span stays selected (the
    next key lands on it) and moving on to the next suggestion is its own key (issue 18)."""
    store = Store.open(project_path)
    try:
        win = show(qtbot, MainWindow(store, ANNOTATOR_OF_PROJECT, settings))
        win.session.open_article(ARTICLES[0].id)
        view = win.article_view
        first, second = [m for m in view.marks if m.suggestion][:2]
        win.session.select(first.ref)
        renders: list[None] = []
        view.rendered.connect(lambda: renders.append(None))
        QTest.keyClick(view, Qt.Key.Key_Return)
        selected = win.session.selected_span
        assert selected is not None and not selected.startswith("model:"), "the accepted span, not a suggestion"
        assert len(renders) == 1  # the edit and the new selection drawn together
        assert not any(m.ref == first.ref for m in view.marks)
        accepted = next(m for m in view.marks if m.ref == selected)
        assert (accepted.start, accepted.end) == (first.start, first.end)
        assert second.suggestion and any(m.ref == second.ref for m in view.marks), "the next one still pending"
        with Store.open(project_path, create=False) as other:
            assert (first.start, first.end) in {
                (s.start, s.end) for s in other.annotations(ARTICLES[0].id, ANNOTATOR_OF_PROJECT).spans
            }
        win.close()
    finally:
        store.close()


def test_the_summary_skips_only_edits_it_does_not_show(window: MainWindow) -> None:
    """After each edit the live summary equals one built afresh, whether it recomputed or kept still."""
    from annotator.editing import AddSpan, LinkSpan, RelabelSpan, ResizeSpan, SetSpanAttrs, SetStance
    from annotator.ui.quotes.summary import SummaryPanel

    session = window.session
    live = window.quote_tools.summary
    editing = session.editing
    assert editing is not None
    state = editing.state
    quotes = [s for s in state.sorted_spans() if s.label == "QUOTE"]
    people = [s for s in state.sorted_spans() if s.label == "PERSON"]
    named, other = quotes[0], quotes[1]
    target = next(state.span(r.child) for r in state.relations if r.label not in ("SPEAKER", "CUE"))
    edits = [
        SetSpanAttrs(named.id, {"speaker_name": "Somebody Else"}),
        LinkSpan(named.id, people[-1].id, "SPEAKER", state.new_relation_id("r")),  # hidden by the name
        SetSpanAttrs(other.id, {"speaker_name": None}),
        LinkSpan(other.id, people[-2].id, "SPEAKER", state.new_relation_id("x")),  # now shown
        ResizeSpan(people[-2].id, people[-2].start, people[-2].end - 1),
        RelabelSpan(people[0].id, "ORG"),
        SetStance(other.id, "dismissive"),
        # A second span over a target's own words: its count changes, the picture's names do not.
        AddSpan(
            Span(state.new_span_id("t"), target.start, target.end, "ORG" if target.label == "PERSON" else "PERSON")
        ),
    ]
    for command in edits:
        assert session.perform(command), command
        fresh = SummaryPanel(session)
        assert live.model.rows == fresh.model.rows, command
        assert live.graph.edges == fresh.graph.edges, command
        fresh.deleteLater()


def test_marks_after_quote_edits_are_those_of_a_full_rebuild(window: MainWindow) -> None:
    """A quote's stance leaves its bounds (marks updated in place); a resized quote changes which
    marks sit inside it (all rebuilt): both end as a full rebuild would."""
    view, session = window.article_view, window.session
    quote = next(m for m in view.marks if m.label == "QUOTE")
    session.select(quote.ref)
    QTest.keyClick(window, Qt.Key.Key_A)  # a stance on the quote
    editing = session.editing
    assert editing is not None and editing.state.span(quote.ref).attrs.get("stance")
    assert view.marks == build_marks(editing.state, editing.pending_suggestions())
    before = editing.state.span(quote.ref)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # grow the start by a word
    assert editing.state.span(quote.ref).start < before.start, "the quote grew by a word"
    assert view.marks == build_marks(editing.state, editing.pending_suggestions())


def test_the_summary_table_moves_rows_without_a_reset(qtmodeltester: Any) -> None:
    """Speakers that come, go, merge or change their counts are announced as row changes, never a reset."""
    import random
    from collections import Counter

    from annotator.review.quote_rows import SpeakerRow
    from annotator.ui.quotes.summary import SpeakerTableModel

    model = SpeakerTableModel()
    resets: list[None] = []
    model.modelReset.connect(lambda: resets.append(None))
    qtmodeltester.check(model)  # Qt's model tester stays attached and checks every change below
    rng = random.Random(5)
    names = [f"Speaker {i}" for i in range(30)]
    for _ in range(40):
        chosen = rng.sample(names, rng.randint(0, 12))
        rows = [SpeakerRow(n, rng.randint(0, 4), Counter({"accusing": rng.randint(0, 2)})) for n in chosen]
        rows.sort(key=lambda r: (-r.quotes, r.speaker))
        model.set_rows(rows)
        assert model.rows == rows
        shown = [model.data(model.index(i, 0)) for i in range(model.rowCount())]
        assert shown == [r.speaker for r in rows]
    assert not resets


def test_the_summary_rolled_forward_over_edits_equals_one_built_from_scratch(
    window: MainWindow, seed_gold: dict[str, Any]
) -> None:
    """Link, relink, stance, clear and undo/redo keys: after each, the summary's rows and picture (kept
    up to date per change by its tally) are those of a summary panel built afresh on the same state."""
    from annotator.ui.quotes.summary import SummaryPanel

    session, view, summary = window.session, window.article_view, window.quote_tools.summary
    shown: list[Any] = []
    window.quote_tools.actions.popupShown.connect(shown.append)
    quotes = [r.span_id for r in window.quote_tools.quotes.model.rows if not r.is_suggestion]
    assert len(quotes) >= 4
    seen: list[Any] = []

    def check() -> None:
        fresh = SummaryPanel(session)
        try:
            assert summary.model.rows == fresh.model.rows
            assert summary.graph.edges == fresh.graph.edges
        finally:
            fresh.deleteLater()
        editing = session.editing
        assert editing is not None
        assert summary.model.rows == who_said_what(seed_gold["text"], editing.state, session.scheme)[0]
        seen.append((list(summary.model.rows), list(summary.graph.edges)))

    steps: list[Any] = []
    for i, quote in enumerate(quotes[:4]):
        steps += [
            (quote, lambda: (QTest.keyClick(window, Qt.Key.Key_L), QTest.keyClick(shown[-1], Qt.Key.Key_2))),
            (quote, lambda key=Qt.Key.Key_A if i % 2 else Qt.Key.Key_D: QTest.keyClick(window, key)),
            (quote, lambda: QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)),
            (quote, lambda: QTest.keyClick(window, Qt.Key.Key_0)),
            (quote, session.undo),
            (quote, session.undo),
            (quote, session.redo),
        ]
    for quote, press in steps:
        session.select(quote)
        view.setFocus()
        press()
        check()
    assert len({repr(s) for s in seen}) > 3  # the edits did change who said what, many times


def test_the_counts_in_the_status_bar_follow_each_edit_and_are_never_cut(window: MainWindow) -> None:
    """The counts label keeps a fixed size that only grows (its text changing then lays out nothing
    else): after each edit it says the layer's counts, and its whole text fits."""
    session, view, label = window.session, window.article_view, window.status.counts_label
    widths = []
    taken = {(m.start, m.end) for m in view.marks}
    free = [(s, e) for s, e in zip(view.tokens.starts, view.tokens.ends, strict=True) if (s, e) not in taken]
    for start, end in free[:3]:  # a word selected, a label key: one span more each time
        view.setFocus()
        view.select_text(start, end)
        QTest.keyClick(view, Qt.Key.Key_1)
        state = session.state
        assert state is not None
        assert label.text().startswith(f"{len(state.spans)} spans · ")
        assert label.width() >= label.fontMetrics().horizontalAdvance(label.text())
        widths.append(label.width())
    session.undo()
    assert widths == sorted(widths) and label.width() >= widths[-1]  # never shrinks, so never relays the bar
    view.setFocus()


def test_a_layer_reloaded_after_a_lost_connection_is_drawn_in_full(window: MainWindow, linked: Path) -> None:
    """Back online, the stored layer replaces the one shown: the last edit no longer leads to it, so
    the marks are those of a full rebuild, not the last edit's rolled onto the stored layer."""
    view, session = window.article_view, window.session
    mark = next(m for m in view.marks if m.label not in ("QUOTE", "ORG"))
    session.select(mark.ref)
    QTest.keyClick(view, Qt.Key.Key_3)  # one edit: the session's last change touches this span only
    editing = session.editing
    assert editing is not None and session.last_change is not None
    kept = [s for s in editing.state.spans if s.label != "QUOTE"][1:]  # another writer dropped spans
    with Store.open(linked, create=False) as other:
        other.replace_layer(replace(editing.state, spans=tuple(kept), relations=()))
    session.reload_layer()
    assert session.last_change is None
    assert editing.state.spans == tuple(kept)
    assert view.marks == build_marks(editing.state, editing.pending_suggestions())
