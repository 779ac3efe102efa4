"""Fixtures of the workspace tests: a real project file, isolated settings, a shown main window."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from annotator.domain import MODEL_LAYER, Annotations, Article, Origin, Span
from annotator.storage import Store
from annotator.ui.main_window import MainWindow
from annotator.ui.settings import AppSettings

ANNOTATOR = "tester"

ARTICLES = (
    Article(
        id="a1",
        title="Peskov rejects sanctions claim",
        outlet="Wire",
        published="2024-03-01",
        text=(
            "Kremlin spokesman Dmitry Peskov said on Monday that Moscow had \u201cno plans\u201d to respond.\n\n"
            "The European Union announced new sanctions against Russia, officials in Brussels said.\n\n"
            "\u201cWe will not be intimidated,\u201d Peskov told reporters. \U0001F600 Critics in Washington disagreed."
        ),
    ),
    Article(id="a2", title="Second article", outlet="Daily", published="2024-03-02",
            text="Angela Merkel met Emmanuel Macron in Paris on Tuesday."),
    Article(id="a3", title="Third article", outlet="Daily", published="2024-03-03",
            text="The Senate voted on the budget. Democrats objected."),
)


def model_layer(article: Article, *spans: tuple[str, str]) -> Annotations:
    """A model layer of suggestions on ``article``: (label, exact text) pairs, first occurrence."""
    out = []
    for n, (label, words) in enumerate(spans, start=1):
        start = article.text.index(words)
        out.append(
            Span(f"m{n}", start, start + len(words), label, Origin.MODEL, {"model": "en_core_web_sm", "model_version": "3.8.0"})
        )
    return Annotations(article.id, MODEL_LAYER, spans=tuple(out))


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Never read or write the real user's settings."""
    folder = tmp_path_factory.mktemp("qsettings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    """Three articles; the first carries model suggestions (with an emoji after them in the text)."""
    path = tmp_path / "project.annotator"
    with Store.open(path) as store:
        store.add_articles((a, ()) for a in ARTICLES)
        store.replace_layer(
            model_layer(ARTICLES[0], ("PERSON", "Dmitry Peskov"), ("GPE", "Moscow"), ("ORG", "European Union"),
                        ("GPE", "Washington"))
        )
    return path


@pytest.fixture
def reader(project_path: Path) -> Iterator[Callable[[str], Annotations]]:
    """Reads a layer back through a second connection to the file: what is really stored."""
    store = Store.open(project_path, create=False)
    yield lambda article_id: store.annotations(article_id, ANNOTATOR)
    store.close()


@pytest.fixture
def window(qtbot, project_path: Path, settings: AppSettings) -> Iterator[MainWindow]:  # noqa: ANN001
    store = Store.open(project_path)
    win = MainWindow(store, ANNOTATOR, settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.article_view.setFocus()
    yield win
    win.close()
    store.close()
