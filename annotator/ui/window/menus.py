"""The main window's menus and window-wide actions (File, Edit, Annotate, Article, Project, View, Help)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMenu

from ...domain import Status
from ..workspace.annotation_actions import AnnotationActions, make_action
from ..workspace.host import WorkspaceHost
from ..workspace.shortcuts import EDIT, REDO_KEYS, UNDO_KEYS, WINDOW_ACTIONS


class MenuHost(WorkspaceHost, Protocol):
    """What the menus call on the window beyond :class:`WorkspaceHost`: its gestures and its signals.

    The main window builds its menus by calling :func:`build_menus` on itself; typed against the
    window's class, this module would import the module that imports it."""

    openProjectRequested: SignalInstance  # noqa: N815 - Qt's signal name
    view_menu: QMenu  # set by build_menus

    @property
    def annotation(self) -> AnnotationActions: ...

    def go_to_article(self, step: int) -> bool: ...

    def set_status(self, status: Status) -> bool: ...

    def finish_and_next(self, status: Status = ...) -> None: ...

    def focus_text(self) -> None: ...

    def show_shortcuts(self) -> object: ...

    def import_paths(self, paths: Sequence[str | Path]) -> bool: ...

    def codebook_applied(self, plan: object) -> None: ...

    def all_actions(self) -> Iterable[QAction]: ...

    def close(self) -> bool: ...


PROJECT_FILTER = "Annotator projects (*.annotator);;All files (*)"
def _import_filter() -> str:
    """File dialog filter from the format registry's extensions."""
    from ...services.importing import import_extensions

    patterns = " ".join(f"*{ext}" for ext in import_extensions())
    return f"Articles and annotations ({patterns});;All files (*)"



def build_menus(window: MenuHost) -> None:
    """Create the window-wide actions and every menu; keeps ``MainWindow`` about layout, not wiring."""
    handlers = {
        "accept_all": window.annotation.accept_all,
        "next_article": lambda: window.go_to_article(1),
        "previous_article": lambda: window.go_to_article(-1),
        "focus_text": window.focus_text,
        "focus_list": lambda: window.article_list.table.setFocus(),
        "find": lambda: (window.article_list.search_box.setFocus(), window.article_list.search_box.selectAll()),
        "done_next": lambda: window.finish_and_next(Status.DONE),
        "mark_done": lambda: window.set_status(Status.DONE),
        "mark_skipped": lambda: window.finish_and_next(Status.SKIPPED),
        "mark_in_progress": lambda: window.set_status(Status.IN_PROGRESS),
        "shortcuts": window.show_shortcuts,
    }
    for spec in WINDOW_ACTIONS:
        action = make_action(window, spec)
        action.triggered.connect(handlers[spec.id])
        window.register_action(spec.id, action)

    undo = window.session.undo_group.createUndoAction(window, "Undo")
    undo.setObjectName("action-undo")
    undo.setShortcuts([QKeySequence(k) for k in UNDO_KEYS])
    redo = window.session.undo_group.createRedoAction(window, "Redo")
    redo.setObjectName("action-redo")
    redo.setShortcuts([QKeySequence(k) for k in REDO_KEYS])
    for action_id, action in (("undo", undo), ("redo", redo)):
        action.setProperty("group", EDIT)
        window.register_action(action_id, action)

    a = window.actions
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    _add(file_menu, window, "New project…", "new_project", lambda: _new_project(window), QKeySequence.StandardKey.New)
    _add(file_menu, window, "Open project…", "open_project", lambda: _open_project(window), QKeySequence.StandardKey.Open)
    _add(file_menu, window, "Open team project…", "open_team_project", lambda: _open_team_project(window))
    recent = file_menu.addMenu("Open recent")
    recent.setObjectName("recentMenu")
    recent.aboutToShow.connect(lambda: _fill_recent(window, recent))
    file_menu.addSeparator()
    _add(file_menu, window, "Import files…", "import_files", lambda: _import_files(window), "Ctrl+Shift+O")
    _add(file_menu, window, "Import folder…", "import_folder", lambda: _import_folder(window))
    auto = _add(file_menu, window, "Pre-annotate imported articles", "preannotate_on_import",
                lambda: setattr(window.settings, "preannotate_on_import", auto.isChecked()))
    auto.setCheckable(True)
    auto.setChecked(window.settings.preannotate_on_import)
    _add(file_menu, window, "Export…", "export", lambda: _export(window), "Ctrl+Shift+E")
    file_menu.addSeparator()
    _add(file_menu, window, "Quit", "quit", window.close, QKeySequence.StandardKey.Quit)

    edit_menu = bar.addMenu("&Edit")
    edit_menu.addActions([a["undo"], a["redo"]])
    edit_menu.addSeparator()
    edit_menu.addActions([a["char_mode"], a["clear"]])

    annotate = bar.addMenu("&Annotate")
    annotate.addActions([action for key, action in a.items() if key.startswith("label:")])
    annotate.addSeparator()
    annotate.addActions([a[k] for k in ("delete", "grow_start", "shrink_start", "shrink_end", "grow_end")])
    annotate.addSeparator()
    annotate.addActions([a[k] for k in ("accept", "reject", "accept_all")])
    _add(annotate, window, "Hide unsure stance suggestions…", "stance_threshold", lambda: _stance_threshold(window))

    article = bar.addMenu("A&rticle")
    article.addActions([a[k] for k in ("next_article", "previous_article", "next_span", "previous_span")])
    article.addSeparator()
    article.addActions([a[k] for k in ("done_next", "mark_done", "mark_skipped", "mark_in_progress")])
    article.addSeparator()
    article.addActions([a[k] for k in ("focus_text", "focus_list", "find")])
    article.addSeparator()
    _add(article, window, "Review colleagues' labels…", "review", lambda: _review(window), "Ctrl+Shift+R")

    project = bar.addMenu("&Project")
    project.setObjectName("projectMenu")
    _add(project, window, "Codebook…", "codebook", lambda: open_codebook(window))

    window.view_menu = bar.addMenu("&View")
    for dock in window.findChildren(QDockWidget):  # panels added later add their own toggle
        window.view_menu.addAction(dock.toggleViewAction())

    help_menu = bar.addMenu("&Help")
    help_menu.addAction(a["shortcuts"])


def _stance_threshold(window: MenuHost) -> None:
    """Ask for the confidence below which stance suggestions are hidden; remembered in the settings."""
    from PySide6.QtWidgets import QInputDialog

    value, ok = QInputDialog.getDouble(
        window, "Stance suggestions", "Hide stance suggestions less sure than (0 shows all):",
        window.settings.min_stance_confidence, 0.0, 1.0, 2,
    )
    if ok:
        window.settings.min_stance_confidence = value
        window.session.set_min_stance_confidence(value)


def _export(window: MenuHost) -> None:
    from .export_dialog import ExportDialog

    ExportDialog(window.store, window.session.annotator, window).exec()


def open_codebook(window: MenuHost) -> object:
    """Open the codebook editor on the window's project; once applied, the project reopens in a new
    window so that every key, chip, colour and column follows the new codebook."""
    from .codebook_dialog import CodebookDialog, reserved_keys

    dialog = CodebookDialog(window.store, reserved_keys(window.all_actions()), window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.applied.connect(lambda plan: window.codebook_applied(plan))
    window.codebook_dialog = dialog
    dialog.open()
    return dialog


def _review(window: MenuHost) -> None:
    from ..review.review_window import open_review

    open_review(window)


def _add(menu: QMenu, window: MenuHost, text: str, action_id: str, slot, keys=None) -> QAction:  # noqa: ANN001
    action = QAction(text, window)
    action.setObjectName(f"action-{action_id}")
    if keys is not None:
        action.setShortcut(QKeySequence(keys))
    action.setProperty("group", "General")
    action.triggered.connect(slot)
    menu.addAction(action)
    window.register_action(action_id, action)
    return action


def _new_project(window: MenuHost) -> None:
    name, _ = QFileDialog.getSaveFileName(window, "New project", str(Path.home() / "project.annotator"), PROJECT_FILTER)
    if name:
        path = Path(name)
        if not path.suffix:
            path = path.with_suffix(".annotator")
        window.openProjectRequested.emit(path)


def _open_project(window: MenuHost) -> None:
    name, _ = QFileDialog.getOpenFileName(window, "Open project", str(Path.home()), PROJECT_FILTER)
    if name:
        window.openProjectRequested.emit(Path(name))


def _open_team_project(window: MenuHost) -> None:
    from ..team.team_dialog import TeamProjectDialog

    dialog = TeamProjectDialog(window)
    if dialog.exec():
        window.openProjectRequested.emit(dialog.url())


def _fill_recent(window: MenuHost, menu: QMenu) -> None:
    menu.clear()
    projects = window.settings.recent_projects()
    for path in projects:
        action = menu.addAction(str(path))
        action.triggered.connect(lambda _=False, p=path: window.openProjectRequested.emit(p))
    if not projects:
        menu.addAction("(none)").setEnabled(False)


def _import_files(window: MenuHost) -> None:
    names, _ = QFileDialog.getOpenFileNames(window, "Import articles", str(Path.home()), _import_filter())
    if names:
        window.import_paths(names)


def _import_folder(window: MenuHost) -> None:
    name = QFileDialog.getExistingDirectory(window, "Import a folder of articles", str(Path.home()))
    if name:
        window.import_paths([name])
