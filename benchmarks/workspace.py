"""What the GUI benchmarks share: the application, a window on a project file, article text in
paragraphs, a project of one long article, and p50/p95 of timed samples.

Used by :mod:`benchmarks.ui_bench` and :mod:`benchmarks.key_bench`; figures are printed, never asserted.
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Sequence
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.domain import Annotations, Article  # noqa: E402
from annotator.storage import Store  # noqa: E402
from annotator.ui.common.settings import AppSettings  # noqa: E402
from annotator.ui.window.main_window import MainWindow  # noqa: E402

USER = "bench"
#: Words per paragraph of the benchmark articles (a long news paragraph).
PARAGRAPH_WORDS = 120


def app() -> QApplication:
    """The one application of this process (made on first use)."""
    return QApplication.instance() or QApplication([])  # type: ignore[return-value]


def window(path: Path, folder: Path) -> MainWindow:
    """The main window on the project ``path`` as an analyst sees it (1400 x 900), shown; settings in ``folder``."""
    settings = AppSettings(QSettings(str(folder / "bench.ini"), QSettings.Format.IniFormat))
    shown = MainWindow(Store.open(path), USER, settings)
    shown.resize(1400, 900)
    shown.show()
    QApplication.processEvents()
    return shown


def paragraphs(words: Sequence[str]) -> tuple[str, list[int], list[int]]:
    """``words`` joined by spaces in paragraphs of :data:`PARAGRAPH_WORDS`; the text, and each word's start and end."""
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for i, word in enumerate(words):
        if i and i % PARAGRAPH_WORDS == 0:
            parts.append("\n\n")
            position += 2
        elif i:
            parts.append(" ")
            position += 1
        starts.append(position)
        parts.append(word)
        position += len(word)
        ends.append(position)
    return "".join(parts), starts, ends


def long_project(path: Path, article: Article, layers: Sequence[Annotations]) -> Path:
    """A project file holding ``article`` with ``layers``, and a short second article to switch to."""
    with Store.open(path) as store:
        store.add_articles([(article, list(layers)), (Article(id="short", text="A short article."), [])])
    return path


def percentiles(samples: Sequence[float]) -> tuple[float, float]:
    """Median and 95th percentile (nearest rank) of ``samples``, rounded to 0.01."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return round(statistics.median(ordered), 2), round(p95, 2)
