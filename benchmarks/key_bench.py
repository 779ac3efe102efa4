"""Per-key figures on long, densely linked articles: add, relabel, resize, accept, stance, link, accept-all.

The articles carry quotes with speaker, cue and target relations at the densities of the seed gold
(``sessions-russia.gold.json``: 15 quotes, 35 relations and 113 spans on 652 words) and of PolNeAR
articles: the 10,000-word article holds 195 quotes, 465 relations and 1,160 own spans (plus 500
suggestions); the 20,000-word article twice that, with 3,700 suggestions. Each key is timed from the
key press until the edit is stored in the file and Qt has repainted (as :func:`ui_bench.bench_edit`),
in wall time and in this process's CPU time (``time.process_time``, less noisy on a shared machine).

Run ``QT_QPA_PLATFORM=offscreen python -m benchmarks.key_bench [--quick]``. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from annotator.domain import MODEL_LAYER, Annotations, Article, Origin, Relation, Span  # noqa: E402
from annotator.ui.workspace.session import SETTLE_MS  # noqa: E402
from benchmarks.workspace import USER, app, long_project, paragraphs, percentiles  # noqa: E402
from benchmarks.workspace import window as open_window  # noqa: E402

FILLER = (
    "the",
    "government",
    "would",
    "not",
    "accept",
    "talks",
    "on",
    "budget",
    "officials",
    "in",
    "Brussels",
    "claimed",
    "that",
    "sanctions",
    "were",
    "a",
    "mistake",
    "and",
    "Moscow",
    "ministry",
    "party",
    "vote",
)
NAMES = (
    "Dmitry Peskov",
    "Jeff Sessions",
    "Adam Schiff",
    "Maria Zakharova",
    "Angela Merkel",
    "Sergei Lavrov",
    "Nancy Pelosi",
    "Boris Johnson",
)
CUES = ("said", "told reporters", "claimed", "added", "according to")
STANCES = ("accusing", "defending", "dismissive", "supportive", "neutral")
ENTITY_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC")


@dataclass(frozen=True)
class Size:
    """One benchmark article: words, quotes (each with a cue and a speaker), targets, own spans, suggestions."""

    words: int
    quotes: int
    targets: int
    own_spans: int
    suggestions: int


LONG = Size(words=10_000, quotes=195, targets=75, own_spans=1_160, suggestions=500)
HUGE = Size(words=20_000, quotes=390, targets=150, own_spans=2_320, suggestions=3_700)


def linked_article(size: Size, seed: int = 7) -> tuple[Article, Annotations, Annotations]:
    """An article of ``size``: paragraphs of ``speaker cue quote ...`` segments and entities between them.

    Each quote has a SPEAKER relation to a PERSON span before its cue and a CUE relation; ``targets``
    quotes also have a stance (``attrs`` and the relation label) toward an entity elsewhere.
    """
    rng = random.Random(seed)
    tokens: list[str] = []
    plan: list[tuple[str, int, int]] = []  # (role, first token, last token) of each linked span
    per_quote = size.words // size.quotes
    for q in range(size.quotes):
        segment_start = len(tokens)
        name = NAMES[q % len(NAMES)].split()
        plan.append(("speaker", len(tokens), len(tokens) + len(name) - 1))
        tokens += name
        cue = rng.choice(CUES).split()
        plan.append(("cue", len(tokens), len(tokens) + len(cue) - 1))
        tokens += cue
        quote_len = rng.randint(10, 22)
        plan.append(("quote", len(tokens), len(tokens) + quote_len - 1))
        tokens += [rng.choice(FILLER) for _ in range(quote_len)]
        tokens += [rng.choice(FILLER) for _ in range(max(3, per_quote - (len(tokens) - segment_start)))]
    text, starts, ends = paragraphs(tokens)
    article = Article(id="long", title="A long, densely linked article", text=text)
    spans: list[Span] = []
    relations: list[Relation] = []
    taken: set[int] = set()
    speaker = cue_id = ""
    quote_ids: list[str] = []
    for role, first, last in plan:
        n = len(spans)
        if role == "speaker":
            speaker = f"e{n}"
            spans.append(Span(speaker, starts[first], ends[last], "PERSON"))
        elif role == "cue":
            cue_id = f"c{n}"
            spans.append(Span(cue_id, starts[first], ends[last], "CUE"))
        else:
            quote = f"q{n}"
            quote_ids.append(quote)
            spans.append(
                Span(
                    quote,
                    starts[first],
                    ends[last],
                    "QUOTE",
                    attrs={"kind": "indirect", "speaker_name": " ".join(tokens[first - 3 : first - 1])},
                )
            )
            relations += [
                Relation(f"r{len(relations)}", quote, speaker, "SPEAKER"),
                Relation(f"r{len(relations) + 1}", quote, cue_id, "CUE"),
            ]
        taken.update(range(first, last + 1))
    free = [i for i in range(len(tokens)) if i not in taken]
    rng.shuffle(free)
    extra = free[: size.own_spans - len(spans)]
    for i in extra:
        spans.append(Span(f"e{len(spans)}", starts[i], ends[i], rng.choice(ENTITY_LABELS)))
    entities = [s.id for s in spans if s.label in ENTITY_LABELS]
    by_id = {s.id: s for s in spans}
    for quote in rng.sample(quote_ids, size.targets):
        stance = rng.choice(STANCES)
        by_id[quote] = by_id[quote].with_attrs(stance=stance)
        relations.append(Relation(f"r{len(relations)}", quote, rng.choice(entities), stance))
    spans = [by_id[s.id] for s in spans]
    used = set(extra) | taken
    spare = [i for i in range(len(tokens)) if i not in used]
    rng.shuffle(spare)
    model = [
        Span(f"m{n}", starts[i], ends[i], rng.choice(ENTITY_LABELS), Origin.MODEL, {"model": "bench"})
        for n, i in enumerate(spare[: size.suggestions])
    ]
    return (
        article,
        Annotations("long", USER, tuple(spans), tuple(relations)),
        Annotations("long", MODEL_LAYER, spans=tuple(model)),
    )


def _project(folder: Path, size: Size) -> Path:
    article, own, model = linked_article(size)
    return long_project(folder / f"linked-{size.words}.annotator", article, [own, model])


class Timer:
    """Wall and CPU milliseconds of each timed key, by key name."""

    def __init__(self) -> None:
        self.wall: dict[str, list[float]] = {}
        self.cpu: dict[str, list[float]] = {}

    def time(self, key: str, press: Callable[[], object]) -> None:
        QApplication.processEvents()
        wall, cpu = time.perf_counter(), time.process_time()
        press()  # the edit is stored in the file (one transaction) when this returns
        QApplication.processEvents()  # Qt repaints what changed
        self.wall.setdefault(key, []).append((time.perf_counter() - wall) * 1000)
        self.cpu.setdefault(key, []).append((time.process_time() - cpu) * 1000)

    def figures(self, suffix: str) -> dict[str, float]:
        out: dict[str, float] = {}
        for key, samples in self.wall.items():
            for kind, values in (("ms", samples), ("cpu_ms", self.cpu[key])):
                p50, p95 = percentiles(values)
                out[f"key_{key}_{suffix}_{kind}_p50"] = p50
                out[f"key_{key}_{suffix}_{kind}_p95"] = p95
        return out


def bench_keys(size: Size, n: int, suffix: str, accept_all: bool = False) -> dict[str, float]:
    """Open the article of ``size`` and press each key ``n`` times; p50/p95 per key (wall and CPU ms)."""
    app()
    timer = Timer()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        window = open_window(_project(folder, size), folder)
        session = window.session
        session.open_article("long")
        view = window.article_view
        view.setFocus()
        QTest.qWait(SETTLE_MS + 200)  # an analyst reads before the first key: the session settles its garbage
        rng = random.Random(3)

        taken = {(m.start, m.end) for m in view.marks}
        free = [(s, e) for s, e in zip(view.tokens.starts, view.tokens.ends, strict=True) if (s, e) not in taken]
        for start, end in rng.sample(free, n):  # add: a word selected, a label key
            view.select_text(start, end)
            timer.time("add", lambda: QTest.keyClick(view, Qt.Key.Key_1))
        own = [m for m in view.marks if not m.suggestion and m.label in ENTITY_LABELS]
        for mark in rng.sample(own, n):  # relabel: a span selected, another label key
            view.clear_text_selection()
            session.select(mark.ref)
            key = Qt.Key.Key_2 if mark.label != "ORG" else Qt.Key.Key_3
            timer.time("relabel", lambda key=key: QTest.keyClick(view, key))
        for mark in rng.sample(own, n):  # resize: grow the end by a word
            session.select(mark.ref)
            timer.time(
                "resize",
                lambda: QTest.keyClick(
                    view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
                ),
            )
        quotes = [m for m in view.marks if m.label == "QUOTE"]
        for mark in rng.sample(quotes, n):  # stance: a quote selected, a stance key
            session.select(mark.ref)
            timer.time("stance", lambda: QTest.keyClick(window, Qt.Key.Key_A))
        shown: list[QWidget] = []
        window.quote_tools.actions.popupShown.connect(shown.append)
        for mark in rng.sample(
            quotes, n
        ):  # link: L opens the speaker popup, 2 picks the second candidate (the first is often the linked one)
            session.select(mark.ref)
            view.setFocus()
            timer.time("link_popup", lambda: QTest.keyClick(window, Qt.Key.Key_L))
            popup = shown[-1]
            timer.time("link", lambda popup=popup: QTest.keyClick(popup, Qt.Key.Key_2))
        view.setFocus()
        suggestions = [m for m in view.marks if m.suggestion]
        for mark in rng.sample(suggestions, min(n, len(suggestions))):  # accept: a suggestion selected, Return
            session.select(mark.ref)
            timer.time("accept", lambda: QTest.keyClick(view, Qt.Key.Key_Return))
        figures = timer.figures(suffix)
        if accept_all:
            wall, cpu = time.perf_counter(), time.process_time()
            QTest.keyClick(
                window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
            )
            QApplication.processEvents()
            figures[f"accept_all_{suffix}_s"] = round(time.perf_counter() - wall, 3)
            figures[f"accept_all_{suffix}_cpu_s"] = round(time.process_time() - cpu, 3)
            figures[f"accept_all_{suffix}_left"] = len(session.editing.pending_suggestions()) if session.editing else -1
        state = session.state
        figures[f"article_{suffix}_spans_after"] = len(state.spans) if state else 0
        figures[f"article_{suffix}_relations_after"] = len(state.relations) if state else 0
        window.close()
        window.store.close()
    return figures


def run(quick: bool = False) -> dict[str, float]:
    n = 15 if quick else 40
    figures = bench_keys(LONG, n, "10k")
    figures.update(bench_keys(HUGE, max(5, n // 2), "20k", accept_all=True))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    figures = run(args.quick)
    for key, value in figures.items():
        print(f"{key:36} {value:>10}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
