"""Fixtures of the workspace tests: a real project file, isolated settings, a shown main window."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from ui_helpers import ANNOTATOR, ARTICLES, model_layer, show

from annotator.domain import Annotations
from annotator.storage import Store
from annotator.ui.common.settings import AppSettings
from annotator.ui.window.main_window import MainWindow


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
    win = show(qtbot, MainWindow(store, ANNOTATOR, settings))
    yield win
    win.close()
    store.close()
