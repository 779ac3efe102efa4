"""Figures of the annotation workspace: open a long article, edit by key, start the app, open 100k articles.

Run ``QT_QPA_PLATFORM=offscreen python -m benchmarks.ui_bench``. Figures are printed, never asserted.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.domain import MODEL_LAYER, Annotations, Article, Origin, Span  # noqa: E402
from annotator.storage import Store  # noqa: E402
from benchmarks.workspace import USER, app, long_project, paragraphs, percentiles  # noqa: E402
from benchmarks.workspace import window as open_window  # noqa: E402

WORDS = ("minister", "said", "the", "government", "would", "not", "accept", "Moscow", "talks", "budget",
         "Peskov", "officials", "in", "Brussels", "claimed", "that", "sanctions", "were", "a", "mistake")
LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC")


def _percentiles(samples: list[float]) -> dict[str, float]:
    p50, p95 = percentiles(samples)
    return {"p50_ms": p50, "p95_ms": p95, "n": len(samples)}


def _long_article(n_words: int, n_spans: int, seed: int = 7) -> tuple[Article, Annotations, Annotations]:
    """A text of ``n_words`` words in paragraphs, ``n_spans`` spans: 2/3 own (with quotes), 1/3 suggested."""
    rng = random.Random(seed)
    words = [rng.choice(WORDS) for _ in range(n_words)]
    text, starts, _ = paragraphs(words)
    article = Article(id="long", title="A long article", text=text)
    chosen = sorted(rng.sample(range(n_words - 3), n_spans))
    own, model = [], []
    for n, w in enumerate(chosen):
        start, end = starts[w], starts[w] + len(words[w])
        if n % 3 == 2:
            model.append(Span(f"m{n}", start, end, rng.choice(LABELS), Origin.MODEL, {"model": "bench"}))
        elif n % 25 == 0:
            own.append(Span(f"s{n}", start, starts[w + 3] + len(words[w + 3]), "QUOTE", attrs={"kind": "indirect"}))
        else:
            own.append(Span(f"s{n}", start, end, rng.choice(LABELS)))
    return (article, Annotations("long", USER, spans=tuple(own)), Annotations("long", MODEL_LAYER, spans=tuple(model)))


def _long_project(folder: Path, n_words: int, n_spans: int) -> Path:
    article, own, model = _long_article(n_words, n_spans)
    return long_project(folder / "long.annotator", article, [own, model])


def bench_open_article(n_words: int = 10_000, n_spans: int = 1_500, repeat: int = 15) -> dict[str, float]:
    """Open the long article (state, text, highlights) until painted: p50/p95 in ms."""
    app()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        window = open_window(_long_project(folder, n_words, n_spans), folder)
        samples = []
        for _ in range(repeat):
            window.session.open_article("short")
            QApplication.processEvents()
            started = time.perf_counter()
            window.session.open_article("long")
            window.article_view.repaint()
            QApplication.processEvents()
            window.article_view.grab()
            samples.append((time.perf_counter() - started) * 1000)
        figures = _percentiles(samples)
        figures["extra_selections"] = len(window.article_view.extraSelections())
        window.close()
        window.store.close()
    return figures


def bench_edit(n: int = 200, n_words: int = 10_000, n_spans: int = 1_500) -> dict[str, float]:
    """Select a word, press a label key: until the span is stored and Qt has repainted, p50/p95 in ms.

    ``full_repaint_p50_ms`` is a forced repaint of the whole text area after the edit, for comparison.
    """
    app()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        window = open_window(_long_project(folder, n_words, n_spans), folder)
        window.session.open_article("long")
        view = window.article_view
        view.setFocus()
        taken = {(m.start, m.end) for m in view.marks}
        free = [(s, e) for s, e in zip(view.tokens.starts, view.tokens.ends, strict=True) if (s, e) not in taken]
        samples: list[float] = []
        full: list[float] = []
        for start, end in free[:: max(1, len(free) // n)][:n]:
            view.select_text(start, end)
            QApplication.processEvents()
            started = time.perf_counter()
            QTest.keyClick(view, Qt.Key.Key_1)  # stored in the file (one transaction) when this returns
            QApplication.processEvents()  # Qt repaints what changed
            samples.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            view.viewport().repaint()
            full.append((time.perf_counter() - started) * 1000)
        figures = _percentiles(samples)
        figures["full_repaint_p50_ms"] = round(statistics.median(full), 2)
        figures["spans_after"] = len(window.session.state.spans) if window.session.state else 0
        window.close()
        window.store.close()
    return figures


def bench_window_ready(project: Path | None = None) -> float:
    """Seconds from starting a fresh ``python`` process to the main window shown and painted."""
    with tempfile.TemporaryDirectory() as tmp:
        if project is None:
            project = Path(tmp) / "ready.annotator"
            with Store.open(project) as store:
                store.add_articles([(Article(id="a", title="A", text="Dmitry Peskov said so."), [])])
        env = dict(os.environ, ANNOTATOR_EXIT_WHEN_SHOWN="1", ANNOTATOR_USER=USER, QT_QPA_PLATFORM="offscreen",
                   XDG_CONFIG_HOME=tmp, XDG_DATA_HOME=tmp)
        code = "import sys; from pathlib import Path; from annotator.app import run_gui; sys.exit(run_gui(Path(sys.argv[1]), sys.argv[:1]))"
        started = time.time()
        out = subprocess.run([sys.executable, "-c", code, str(project)], env=env, capture_output=True, text=True,
                             check=True, timeout=60)
        shown = next(float(line.split()[1]) for line in out.stdout.splitlines() if line.startswith("shown "))
    return round(shown - started, 3)


def own_peak_rss_mb() -> float:
    """This process's own peak resident memory (VmHWM). ``ru_maxrss`` is not used: Linux carries it
    over from the parent across fork and exec, so a child started by a big process reports the parent's."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def build_project(path: Path, n: int = 100_000) -> Path:
    """A project of ``n`` short articles (built in batches; the list, not the text, is what is timed)."""
    with Store.open(path) as store:
        for first in range(0, n, 5000):
            store.add_articles(
                (Article(id=f"n{i}", title=f"Article {i}", text=f"Story {i}: the minister said no."), ())
                for i in range(first, min(n, first + 5000))
            )
    return path


def bench_open_project(path: Path, n: int) -> float:
    """Seconds to open an existing project until the window shows and the list is scrolled to the end."""
    app()
    started = time.perf_counter()
    window = open_window(path, path.parent)
    table = window.article_list.table
    table.scrollToBottom()
    QApplication.processEvents()
    table.viewport().repaint()
    elapsed = time.perf_counter() - started
    assert table.rowAt(table.viewport().height() - 2) == n - 1
    window.close()
    window.store.close()
    return round(elapsed, 3)


def bench_open_project_100k(n: int = 100_000) -> float:
    """Seconds to open a project of ``n`` articles until the window shows and the list is scrolled to the end."""
    with tempfile.TemporaryDirectory() as tmp:
        path = build_project(Path(tmp) / "big.annotator", n)
        return bench_open_project(path, n)


def main() -> None:
    print("open article (10,000 words, 1,500 spans):", bench_open_article())
    print("edit (key -> stored and repainted):      ", bench_edit())
    print("window ready (s):                        ", bench_window_ready())
    print("open 100k project, scrolled to end (s):  ", bench_open_project_100k())


if __name__ == "__main__":
    main()
