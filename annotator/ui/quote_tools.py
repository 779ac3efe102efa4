"""Quote, speaker and stance tools of the main window: panels, keyboard actions, pre-annotation runs.

The main window calls :func:`install_quote_tools` at the end of its construction. It needs from the
window only ``session`` (UiSession), ``article_view`` (with ``selected_range()`` in code points),
``add_panel(title, widget, area)`` and, when it is a ``QMainWindow``, its menu and status bars.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QWidget

from .cluster_dialog import ClusterDialog
from .guidelines_panel import GuidelinesPanel
from .quote_actions import QuoteActions
from .quote_edits import QuoteEdits
from .quote_focus import QuoteFocus, quote_focus
from .quotes_panel import QuotesPanel
from .settings import AppSettings
from .summary import SummaryPanel
from .workers import PreannotationRunner, PreannotationStatus


@dataclass
class QuoteTools:
    """Everything :func:`install_quote_tools` added, for the window (and tests) to reach by name."""

    actions: QuoteActions
    quotes: QuotesPanel
    summary: SummaryPanel
    guidelines: GuidelinesPanel
    runner: PreannotationRunner
    status: PreannotationStatus
    focus: QuoteFocus
    menu_actions: dict[str, QAction]

    def preannotate(self, article_ids: Sequence[str] | None) -> bool:
        """Start a background run over ``article_ids`` (``None``: the whole project)."""
        return self.runner.start(article_ids)


def _taken_keys(window: QWidget) -> list[str]:
    keys: list[str] = []
    for action in window.findChildren(QAction):
        keys += [k.toString() for k in action.shortcuts() if not k.isEmpty()]
    return keys


def _listed_article_ids(window: Any) -> list[str]:
    """Ids of the articles the article list shows (its filter and search applied), when it has one."""
    panel = getattr(window, "article_list", None) or getattr(window, "article_panel", None)
    model = getattr(panel, "model", None)
    if model is None or not hasattr(model, "article_id"):
        return []
    ids = (model.article_id(row) for row in range(model.rowCount()))
    return [i for i in ids if i]


def install_quote_tools(window: Any) -> QuoteTools:
    """Add the quotes panel, summary, guidelines, keyboard actions and pre-annotation to ``window``.

    Also stored as ``window.quote_tools``. Keys the window already binds (e.g. Q labels QUOTE in the
    article view) are left to the window; the action is still in the menu.
    """
    session = window.session
    view = getattr(window, "article_view", None)

    def selection() -> tuple[int, int] | None:
        return view.selected_range() if view is not None and hasattr(view, "selected_range") else None

    edits = QuoteEdits(session)
    actions = QuoteActions(session, selection, window, edits, taken_keys=_taken_keys(window))
    quotes = QuotesPanel(session, edits)
    summary = SummaryPanel(session)
    guidelines = GuidelinesPanel(session.store)
    runner = PreannotationRunner(session, window)
    status = PreannotationStatus(runner)
    focus = quote_focus(session)
    emphasise = getattr(view, "emphasise", None)
    if callable(emphasise):
        focus.emphasised.connect(lambda ranges: emphasise(tuple(r.span_id for r in ranges)))
    window.add_panel("Quotes", quotes, Qt.DockWidgetArea.BottomDockWidgetArea)
    window.add_panel("Who said what", summary, Qt.DockWidgetArea.RightDockWidgetArea)
    window.add_panel("Guidelines", guidelines, Qt.DockWidgetArea.RightDockWidgetArea)

    menu_actions: dict[str, QAction] = {}

    def add_run(name: str, text: str, ids: Any, keys: str = "") -> None:
        action = QAction(text, window)
        action.setObjectName(f"preannotate_{name}")
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _=False: runner.start(ids()))
        menu_actions[name] = action

    add_run("article", "Pre-annotate this article", lambda: [session.article_id] if session.article_id else [])
    add_run("listed", "Pre-annotate the articles in the list", lambda: _listed_article_ids(window))
    add_run("project", "Pre-annotate the whole project", lambda: None)
    cancel = QAction("Cancel pre-annotation", window)
    cancel.triggered.connect(runner.cancel)
    menu_actions["cancel"] = cancel
    settings = getattr(window, "settings", None)
    if isinstance(settings, AppSettings):
        runner.cluster = settings.preannotation_cluster or None
        cluster = QAction("Pre-annotation cluster…", window)
        cluster.setObjectName("preannotate_cluster")
        cluster.triggered.connect(lambda _=False: _choose_cluster(window, settings, runner))
        menu_actions["cluster"] = cluster

    register = getattr(window, "register_action", None)
    if callable(register):  # the window's menus and shortcut sheet list what it knows
        for name, action in actions.actions.items():
            register(f"quote_{name}", action)
    if isinstance(window, QMainWindow):
        window.statusBar().addPermanentWidget(status)
        menu = window.menuBar().addMenu("&Quotes")
        for action in actions.actions.values():
            menu.addAction(action)
        menu.addSeparator()
        for action in menu_actions.values():
            menu.addAction(action)
    tools = QuoteTools(actions, quotes, summary, guidelines, runner, status, focus, menu_actions)
    window.quote_tools = tools
    return tools


def _choose_cluster(window: QWidget, settings: AppSettings, runner: PreannotationRunner) -> None:
    """Ask where pre-annotation runs; remembered for the next runs and sessions."""
    dialog = ClusterDialog(settings.preannotation_cluster, window)
    if dialog.exec() == ClusterDialog.DialogCode.Accepted:
        settings.preannotation_cluster = dialog.value
        runner.cluster = dialog.value or None
