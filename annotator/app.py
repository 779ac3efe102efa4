"""The GUI's composition root: settings, who is annotating, which project, the main window.

Nothing slow happens before the window shows: spaCy and the importers load on first use.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from .domain import AnnotatorError
from .services.user_config import USER_ENV
from .storage import ProjectStore, is_server_url, open_store
from .ui.common.dialogs import ask_user_name
from .ui.common.open_failure import show_open_failure
from .ui.common.qt_compat import protect_none_refcount
from .ui.common.settings import APPLICATION, ORGANISATION, AppSettings
from .ui.window.main_window import MainWindow

#: Set (to anything) to print ``time.time()`` when the first window shows and quit: start-up benchmark.
EXIT_WHEN_SHOWN_ENV = "ANNOTATOR_EXIT_WHEN_SHOWN"
SAMPLE_NAME = "sample.annotator"


def sample_project_path() -> Path:
    base = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    base.mkdir(parents=True, exist_ok=True)
    return base / SAMPLE_NAME


def ensure_sample(path: Path) -> tuple[Path, bool]:
    """The sample project at ``path``, imported from ``resources/samples`` on first use, and whether it
    still needs the model's suggestions. Pre-annotation loads spaCy (seconds), so it runs after the
    window shows (:class:`SamplePreannotation`), never before."""
    fresh = not path.exists()
    try:
        from .services.samples import ensure_sample_project
    except ImportError:  # FALLBACK while annotator.services.samples is missing: an empty project
        open_store(path).close()
        return path, False
    return ensure_sample_project(path, preannotate=False), fresh


class SamplePreannotation(QObject):
    """Pre-annotates the fresh sample project in a background thread with its own connection to the
    file, then asks the window to re-read the model layer (``finished`` is delivered in the GUI thread)."""

    finished = Signal(str)

    def __init__(self, window: MainWindow, path: Path) -> None:
        super().__init__(window)
        self._window = window
        self._path = path
        self.finished.connect(self._done)
        self._thread = threading.Thread(target=self._run, name="sample-preannotation", daemon=True)

    def start(self) -> None:
        self._window.status.showMessage("Preparing the model's suggestions for the sample articles…")
        self._thread.start()

    def _run(self) -> None:
        message = ""
        try:
            from .nlp.pipeline import load_pipeline
            from .services.preannotation import preannotate_project
            from .services.scheme import project_scheme

            with open_store(self._path) as store:
                preannotate_project(store, load_pipeline(None), project_scheme(store))
        except (AnnotatorError, ImportError, OSError) as exc:  # the sample still works without suggestions
            message = f"The sample has no suggestions: {exc}"
        self.finished.emit(message)

    def _done(self, message: str) -> None:
        if not self._window.isVisible():  # closed meanwhile: its project may be closed too
            return
        if message:
            self._window.session.report_error(message)
            return
        self._window.session.reload_model()
        self._window.article_list.model.reload()
        self._window.status.showMessage("The model's suggestions are ready (dashed underline)", 5000)


def resolve_user(settings: AppSettings, user: str | None = None) -> str | None:
    """Who is annotating: the parameter, else $ANNOTATOR_USER, else the remembered name, else ask once."""
    try:
        remembered = settings.user_name
    except AnnotatorError as exc:  # a damaged settings file: say so, ask again, and write it anew
        print(f"annotator: {exc}", file=sys.stderr)
        remembered = ""
    name = (user or os.environ.get(USER_ENV) or remembered).strip()
    if name:
        return name
    asked = ask_user_name(None)
    if asked:
        settings.user_name = asked
    return asked


class Workspace:
    """Owns the open project and its window; switching projects replaces both."""

    def __init__(self, settings: AppSettings, user: str) -> None:
        self.settings = settings
        self.user = user
        self.window: MainWindow | None = None
        self.store: ProjectStore | None = None
        self.problem_box: QMessageBox | None = None  # the last "cannot open" message, kept alive while shown

    def open(self, path: Path | str) -> MainWindow | None:
        """Open ``path`` (a file, created if missing, or a team project's URL) in a new window; on
        failure keep what was open. On a team server you annotate as your database login."""
        try:
            store = self._open_store(path)
        except (AnnotatorError, OSError) as exc:
            # Non-blocking, and small whatever SQLite reported; a damaged file gets backup and salvage.
            self.problem_box = show_open_failure(self.window, Path(path), exc, self.open)
            return None
        if store is None:
            return None
        window = MainWindow(store, store.connected_user or self.user, self.settings)
        window.openProjectRequested.connect(self.open)
        old_window, old_store = self.window, self.store
        self.window, self.store = window, store
        self.settings.add_recent_project(store.target if store.is_server else path)  # type: ignore[arg-type]
        window.show()
        if old_window is not None:
            old_window.close()
            old_window.deleteLater()
        if old_store is not None:
            old_store.close()
        return window

    def _open_store(self, target: Path | str) -> ProjectStore | None:
        """``open_store``; a server asking for a password that libpq has not got asks the user once."""
        if not is_server_url(target):
            return open_store(Path(target))
        try:
            return open_store(str(target))
        except AnnotatorError as exc:
            if "password" not in str(exc):
                raise
            from .ui.team.team_dialog import TeamProjectDialog

            dialog = TeamProjectDialog(self.window, str(target), reason=str(exc))
            return open_store(dialog.url()) if dialog.exec() else None


def build_workspace(
    project: Path | str | None, settings: AppSettings, user: str | None = None, *, preannotate_sample: bool = True
) -> Workspace | None:
    """Resolve the user and open the project given, else the last one, else the sample (whose model
    suggestions are prepared in the background unless ``preannotate_sample`` is False)."""
    name = resolve_user(settings, user)
    if not name:
        return None
    workspace = Workspace(settings, name)
    candidates = [project] if project is not None else settings.recent_projects()[:1]
    for path in candidates:
        if workspace.open(path if is_server_url(path) else Path(path)) is not None:
            return workspace
    sample, needs_suggestions = ensure_sample(sample_project_path())
    window = workspace.open(sample)
    if window is not None and needs_suggestions and preannotate_sample:
        SamplePreannotation(window, sample).start()
    return workspace if workspace.window is not None else None


def run_gui(project: Path | str | None, argv: Sequence[str] | None = None, *, user: str | None = None) -> int:
    """Start the desktop app on ``project`` and run until the window closes; the exit status."""
    protect_none_refcount()
    app = QApplication.instance() or QApplication(list(argv) if argv else sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    settings = AppSettings()
    workspace = build_workspace(project, settings, user)
    if workspace is None or workspace.window is None:
        return 1
    if os.environ.get(EXIT_WHEN_SHOWN_ENV):
        app.processEvents()  # the first paint, not just the show request
        print(f"shown {time.time():.6f}", flush=True)
        workspace.window.close()
        return 0
    status = app.exec()
    if workspace.store is not None:
        workspace.store.close()
    return int(status)
