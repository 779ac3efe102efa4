"""MainWindow: the annotation workspace of one project for one annotator.

Article list on the left, the article in the centre, the inspector on the right, the status bar
below. The window composes views over one :class:`UiSession`; it holds no annotation state itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QThread, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QHBoxLayout,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ...domain import Annotations, AnnotatorError, Status
from ...editing import AcceptAll, Macro, RejectAll, SetStatus
from ...services.scheme import project_scheme
from ...storage import Placed, Store
from ..common.dialogs import ShortcutSheet, show_import_report
from ..common.dock_layout import DockLayout
from ..common.jobs import JobRunner
from ..common.qt_compat import protect_none_refcount
from ..common.settings import AppSettings
from ..common.style import APP_STYLE_SHEET
from ..model import model_tools
from ..quotes import quote_tools
from ..team import lead_tools
from ..team.connection_watch import ConnectionWatch
from ..workspace.annotation_actions import AnnotationActions
from ..workspace.article_list import ArticleListModel
from ..workspace.article_panel import ArticlePanel
from ..workspace.article_view import ArticleView
from ..workspace.inspector import Inspector
from ..workspace.label_bar import LabelBar
from ..workspace.session import UiSession
from ..workspace.status_bar import StatusBar
from .menus import build_menus

if TYPE_CHECKING:
    from ...services.importing import ImportReport

#: The widest text column, in pixels.
MAX_COLUMN_WIDTH = 820
#: The narrowest: side panels give way before the text does (about 50 characters a line).
MIN_COLUMN_WIDTH = 440

protect_none_refcount()  # before any window exists: see qt_compat


class MainWindow(QMainWindow):
    """The workspace. ``openProjectRequested(path)`` asks the application to switch projects;
    ``imported(report)`` follows every import; ``shown`` fires at the first show (start-up timing);
    ``codebookChanged(summary)`` follows a change of the codebook (the project then reopens)."""

    openProjectRequested = Signal(object)  # a Path, or a team project's URL (str)
    codebookChanged = Signal(str)
    imported = Signal(object)
    shown = Signal()

    def __init__(
        self, store: Store, annotator: str, settings: AppSettings | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setStyleSheet(APP_STYLE_SHEET)
        self.setAcceptDrops(True)
        self.store = store
        self.settings = settings if settings is not None else AppSettings()
        self._session = UiSession(store, annotator, project_scheme(store), self)
        self._session.min_stance_confidence = self.settings.min_stance_confidence
        self._view = ArticleView(self._session)
        self._annotation = AnnotationActions(self._session, self._view, self)
        self._inspector = Inspector(self._session, self._view)
        self._articles = ArticlePanel(ArticleListModel(store, annotator, self))
        self._label_bar = LabelBar(self._session.scheme, self._annotation.actions)
        self._status = StatusBar(self._session, self._view)
        #: A project file's imports run here, off the GUI thread (with their own connection).
        self.import_runner = JobRunner(self)
        self.import_runner.progress.connect(
            lambda done, _total: self._status.showMessage(f"Importing… {done} record(s) read")
        )
        self.import_runner.finished.connect(self._imported)
        self.import_runner.failed.connect(lambda message: self._session.report_error(f"Import failed: {message}"))
        self.actions: dict[str, QAction] = dict(self._annotation.actions)
        self._shown_once = False
        self.dock_layout = DockLayout(self)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._label_bar)
        column = QHBoxLayout()  # a readable column: long lines are hard to follow on a wide screen
        column.addStretch(1)
        column.addWidget(self._view, 100)
        column.addStretch(1)
        self._view.setMaximumWidth(MAX_COLUMN_WIDTH)
        self._view.setMinimumWidth(MIN_COLUMN_WIDTH)
        layout.addLayout(column, 1)
        self.setCentralWidget(central)
        self.add_panel("Articles", self._articles, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.add_panel("Inspector", self._inspector, Qt.DockWidgetArea.RightDockWidgetArea)
        self.setStatusBar(self._status)
        build_menus(self)

        self._articles.currentArticleChanged.connect(self.open_article)
        self._articles.activated.connect(self.focus_text)
        self._session.changed.connect(self._update_list_row)
        self._session.articleOpened.connect(self._on_article_opened)
        self._annotation.charModeChanged.connect(self._on_char_mode)
        self._annotation.actions["char_mode"].setChecked(self.settings.char_mode)
        self._label_bar.show_article(None)
        self._update_title()
        self.resize(1400, 860)
        self._restore_layout()
        self.connection: ConnectionWatch | None = None
        if store.is_server:
            self._watch_connection()
        self._open_first_article()
        self.quote_tools = quote_tools.install_quote_tools(self)
        model_tools.install_model_tools(self)
        lead_tools.install_lead_tools(self)

    # -- public parts (for colleagues' panels and tests) ----------------------------------
    @property
    def session(self) -> UiSession:
        return self._session

    @property
    def article_view(self) -> ArticleView:
        return self._view

    @property
    def article_list(self) -> ArticlePanel:
        return self._articles

    @property
    def inspector(self) -> Inspector:
        return self._inspector

    @property
    def annotation(self) -> AnnotationActions:
        return self._annotation

    @property
    def status(self) -> StatusBar:
        return self._status

    def add_panel(
        self, title: str, widget: QWidget, area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea
    ) -> QDockWidget:
        """Dock ``widget`` under ``title``; its place and size are remembered with the layout."""
        dock = QDockWidget(title, self)
        dock.setObjectName(f"panel-{title.lower().replace(' ', '-')}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.dock_layout.placed(dock)
        view_menu = getattr(self, "view_menu", None)
        if view_menu is not None:
            view_menu.addAction(dock.toggleViewAction())
        if self._shown_once:  # a panel added late may have a remembered place
            self._restore_layout(geometry=False)
        return dock

    def register_action(self, action_id: str, action: QAction) -> None:
        """Make a window-wide action known (menus, the shortcut sheet)."""
        self.actions[action_id] = action
        self.addAction(action)

    # -- articles -------------------------------------------------------------------------
    def open_article(self, article_id: str) -> None:
        try:
            self._session.open_article(article_id)
        except AnnotatorError as exc:
            self._session.report_error(str(exc))

    def _open_first_article(self) -> None:
        if self.store.target is not None:
            article_id, row = self.settings.last_article(self.store.target)
            model = self._articles.model
            if article_id and 0 <= row < model.rowCount() and model.article_id(row) == article_id:
                self._articles.select_row(row)
                return
            if article_id and self._articles.select_article(article_id):
                return
        self._articles.select_row(0)

    def _on_article_opened(self, article_id: str) -> None:
        editing = self._session.editing
        self._label_bar.show_article(editing.article if editing else None)
        if self._articles.model.article_id(self._articles.current_row()) != article_id:
            blocked = self._articles.blockSignals(True)  # follow the session; do not open it again
            try:
                self._articles.select_article(article_id)
            finally:
                self._articles.blockSignals(blocked)
        self._update_title()

    def _update_list_row(self, state: Annotations) -> None:
        """The open article's list row follows each edit: status, counts and pending suggestions."""
        editing = self._session.editing
        pending = len(editing.pending_suggestions()) if editing is not None and editing.state is state else None
        self._articles.model.update_article(state, pending)

    def go_to_article(self, step: int) -> bool:
        """Open the next (``step=1``) or previous (``-1``) article of the list."""
        row = self._articles.current_row() + step
        if not self._articles.select_row(row):
            self._session.report_error(
                "This is the last article of the list" if step > 0 else "This is the first article"
            )
            return False
        return True

    def set_status(self, status: Status) -> bool:
        """Set the current article's status (an undoable edit like any other).

        Marking an article done while suggestions are pending asks once what to do with them:
        accept all, reject all (either in the same undo step as the status) or keep them as they are.
        """
        editing = self._session.editing
        pending = len(editing.pending_suggestions()) if editing is not None and status is Status.DONE else 0
        if not pending:
            return self._session.perform(SetStatus(status))
        choice = self.ask_pending(pending)
        if choice == "cancel":
            return False
        if choice == "keep":
            return self._session.perform(SetStatus(status))
        first = AcceptAll() if choice == "accept" else RejectAll()
        return self._session.perform(Macro(f"{first.name} and mark done", (first, SetStatus(status))))

    def ask_pending(self, count: int) -> str:
        """Ask what to do with ``count`` pending suggestions: "accept", "reject", "keep" or "cancel"."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Suggestions pending",
            f"{count} suggestion{'s' if count != 1 else ''} pending: accept all, reject all, or keep them as they are?",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("pendingQuestion")
        buttons = {
            box.addButton("Accept all", QMessageBox.ButtonRole.AcceptRole): "accept",
            box.addButton("Reject all", QMessageBox.ButtonRole.DestructiveRole): "reject",
            box.addButton("Keep as they are", QMessageBox.ButtonRole.ActionRole): "keep",
            box.addButton(QMessageBox.StandardButton.Cancel): "cancel",
        }
        for button, choice in buttons.items():
            button.setObjectName(f"pending-{choice}")
        box.exec()
        self.activateWindow()  # the keyboard back to the text, so that the next key works at once
        self._view.setFocus()
        return buttons.get(box.clickedButton(), "cancel")

    def finish_and_next(self, status: Status = Status.DONE) -> None:
        if self.set_status(status):
            self.go_to_article(1)

    def focus_text(self) -> None:
        self._view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- importing ------------------------------------------------------------------------
    def import_paths(self, paths: Sequence[str | Path]) -> bool:
        """Import files and folders into the project; when it ends, show the outcome and any problems
        and emit ``imported(report)``. False when nothing was started (an import is running already).

        A project file is imported in the background: the job opens its own connection, stores the
        articles in batches (the window's edits interleave with them) and builds the search index, so
        the window stays usable through a large folder. A team project imports through the window's
        own connection (a second one would ask for the password again)."""
        from ...services.importing import import_paths  # loaded on first use: keeps start-up fast

        named, scheme = [Path(p) for p in paths], self._session.scheme
        path = self.store.path
        if path is None:
            try:
                report = import_paths(self.store, named, annotator=None, scheme=scheme)
            except (AnnotatorError, OSError) as exc:
                self._session.report_error(f"Import failed: {exc}")
                return False
            self._imported(report)
            return True
        if self.import_runner.running:
            self._status.showMessage("An import is still running; try again when it has finished", 5000)
            return False

        def job(progress: Callable[[int, int], bool]) -> object:
            with Store.open(path, create=False) as store:
                return import_paths(store, named, annotator=None, scheme=scheme, progress=lambda n: progress(n, 0))

        self._status.showMessage("Importing…")
        return self.import_runner.start(job)

    def _imported(self, report: ImportReport) -> None:
        """An import ended: show its articles and its report, start pre-annotating what it added."""
        self._articles.model.reload()
        current = self._session.article_id
        if current is None or not self._articles.select_article(current):
            self._articles.select_row(0)
        summary = report.summary()  # says how many layers were kept beside an existing one
        self._status.showMessage(summary, 5000)
        for problem in report.problems:
            self._status.show_error(str(problem))
        kept = [f"{where}: {p.describe()}" for where, p in report.placements if p.placed is not Placed.NEW]
        self.last_import_dialog = show_import_report(self, summary, [str(p) for p in report.problems], kept)
        tools = getattr(self, "quote_tools", None)
        if report.added and tools is not None and self.settings.preannotate_on_import:
            tools.preannotate(list(report.added))  # in the background, with the status bar's progress
        self.imported.emit(report)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # -- codebook -------------------------------------------------------------------------
    def codebook_applied(self, plan: object) -> None:
        """The codebook changed: every view was built from the old one, so the project reopens
        (``openProjectRequested``); the change summary goes to the status bar of the new window."""
        summary = "; ".join(getattr(plan, "summary", list)()) or "no label in use changed"
        self.codebookChanged.emit(summary)
        if self.store.path is not None:
            self.openProjectRequested.emit(self.store.path)
        else:  # an unsaved project cannot be reopened
            self._status.showMessage(f"Codebook changed ({summary}); reopen the project to use it", 8000)

    # -- help -----------------------------------------------------------------------------
    def all_actions(self) -> Iterable[QAction]:
        """Every action with a shortcut in this window, including those other panels added."""
        seen: dict[int, QAction] = {}
        for action in [*self.actions.values(), *self.findChildren(QAction)]:
            seen.setdefault(id(action), action)
        return seen.values()

    def show_shortcuts(self) -> ShortcutSheet:
        sheet = ShortcutSheet(self.all_actions(), self)
        sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        sheet.open()
        self.shortcut_sheet = sheet
        return sheet

    # -- a team server's connection ------------------------------------------------------
    def _watch_connection(self) -> None:
        self.connection = ConnectionWatch(self.store, self._status, self)
        self._session.errorRaised.connect(lambda _message: self.connection.check_now())  # type: ignore[union-attr]
        self.connection.wentOffline.connect(self._update_title)
        self.connection.cameBack.connect(self._on_back_online)

    def _on_back_online(self) -> None:
        self._update_title()
        try:
            self._session.reload_layer()
        except AnnotatorError as exc:
            self._status.show_error(str(exc))
            return
        self._status.showMessage("Back online: connected to the team server again", 5000)

    # -- window state ---------------------------------------------------------------------
    def _update_title(self) -> None:
        project = self.store.display_name
        connection = getattr(self, "connection", None)  # the title is first set before the watch exists
        if connection is not None and connection.offline:
            project = f"{project} (offline)"
        editing = self._session.editing
        article = f"{editing.article.title or editing.article.id} — " if editing else ""
        self.setWindowTitle(f"{article}{project} — annotator ({self._session.annotator})")

    def _on_char_mode(self, on: bool) -> None:
        self.settings.char_mode = on
        self._status.show_char_mode(on)

    def _restore_layout(self, geometry: bool = True) -> None:
        saved_geometry = self.settings.window_geometry()
        if geometry and saved_geometry is not None:
            self.restoreGeometry(saved_geometry)
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        if not self._shown_once:  # the panels compact or wide for the window's size, before it shows
            remembered = self.settings.window_state() is not None
            if remembered:  # again, now that every panel exists (the quote tools add theirs last)
                self._restore_layout(geometry=False)
            self.dock_layout.start(remembered)
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self._view.setFocus()
            self.shown.emit()

    def save_layout(self) -> None:
        """Remember the window's size, the panels' places and the article open now."""
        self.settings.save_window(self.saveGeometry(), self.saveState())
        if self.store.target is not None and self._session.article_id:
            self.settings.set_last_article(self.store.target, self._session.article_id, self._articles.current_row())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.save_layout()
        for child in self.findChildren(QMainWindow):  # the review: it reads this window's project
            if child.isWindow():
                child.close()
        self._stop_background_run()
        self.import_runner.wait(120_000)  # an import ends its current batch and returns; what it stored stays
        super().closeEvent(event)

    def _stop_background_run(self, timeout_ms: int = 30000) -> None:
        """Cancel a pre-annotation run (after an import, say) and let it end before the project closes:
        its thread must not outlive the window, and what it wrote so far stays consistent."""
        tools = getattr(self, "quote_tools", None)
        if tools is None or not tools.runner.running:
            return
        tools.runner.cancel()
        waited = QElapsedTimer()
        waited.start()
        while tools.runner.running and waited.elapsed() < timeout_ms:
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            QThread.msleep(10)
