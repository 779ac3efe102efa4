"""Regenerate the workspace screenshots in docs/ from the sample project, as an analyst sees it.

    QT_QPA_PLATFORM=offscreen python docs/make_screenshots.py [OUT_DIR]

A fresh sample project (resources/samples, pre-annotated by the packaged pipeline) in a temporary
folder, opened as "analyst" with no remembered layout (a first run). On the first article the
quote suggestions are accepted (with their speakers, cues and stances), so who-said-what and the
stance picture have something to show, and one quote is selected. Then:

- ``screenshot.png``: the workspace at 1,600 x 900 (README's picture);
- ``workspace-1024x700.png``: the same at 1,024 x 700 (the right-hand panels as tabs);
- ``speaker-filter.png``: at 1,600 x 900, a speaker clicked in who-said-what, the quotes panel
  showing only that speaker's quotes.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDockWidget

from annotator.editing import AcceptSuggestion
from annotator.services.samples import ensure_sample_project
from annotator.storage import Store
from annotator.ui.common.settings import AppSettings
from annotator.ui.window.main_window import MainWindow

SIZES = {"screenshot.png": (1600, 900), "workspace-1024x700.png": (1024, 700)}


def settle(app: QApplication, rounds: int = 10) -> None:
    for _ in range(rounds):
        app.processEvents()


def open_window(app: QApplication, store: Store, folder: Path, size: tuple[int, int]) -> MainWindow:
    settings = AppSettings(QSettings(str(folder / f"settings-{size[0]}.ini"), QSettings.Format.IniFormat))
    window = MainWindow(store, "analyst", settings)
    window.resize(*size)
    window.show()
    settle(app)
    return window


def accept_quotes(window: MainWindow) -> None:
    """Accept every quote suggestion of the open article, then select the second quote."""
    session = window.session
    editing = session.editing
    assert editing is not None
    for suggestion in [s for s in editing.pending_suggestions() if s.label == "QUOTE"]:
        session.perform(AcceptSuggestion(suggestion.id))
    quotes = window.quote_tools.quotes
    if len(quotes.model.rows) > 1:
        quotes.table.selectRow(1)


def main(out: Path) -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
        project = ensure_sample_project(folder / "sample.annotator")
        with Store.open(project) as store:
            first = open_window(app, store, folder, SIZES["screenshot.png"])
            accept_quotes(first)
            first.close()
            for name, size in SIZES.items():
                window = open_window(app, store, folder, size)
                window.quote_tools.quotes.table.selectRow(1)
                settle(app)
                window.grab().save(str(out / name))
                print(f"{out / name}: {window.width()} x {window.height()}")
                if name == "screenshot.png":
                    summary = window.quote_tools.summary
                    next(d for d in window.findChildren(QDockWidget) if d.widget() is summary).raise_()
                    speaker = next(r.speaker for r in summary.model.rows if r.quotes > 1)
                    window.quote_tools.quotes.speaker_filter.toggle(speaker)
                    settle(app)
                    window.grab().save(str(out / "speaker-filter.png"))
                    print(f"{out / 'speaker-filter.png'}: quotes of {speaker}")
                window.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent)
