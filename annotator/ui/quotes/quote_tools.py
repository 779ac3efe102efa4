"""Quote, speaker and stance tools of the main window: panels, keyboard actions, pre-annotation runs.

The main window calls :func:`install_quote_tools` at the end of its construction and keeps the
result as ``window.quote_tools``. It uses the window's public interface (:class:`WorkspaceHost`: ``session``,
``article_view``, ``article_list``, ``add_panel``, ``register_action``, its menu and status bars), never the
window's class, which imports this module.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from ..common.settings import AppSettings
from ..model.cluster_dialog import ClusterDialog
from ..model.workers import PreannotationRunner, PreannotationStatus
from ..workspace.guidelines_panel import GuidelinesPanel
from ..workspace.host import WorkspaceHost
from ..workspace.quote_focus import QuoteFocus, quote_focus
from .quote_actions import QuoteActions
from .quote_edits import QuoteEdits
from .quotes_panel import QuotesPanel
from .summary import SummaryPanel


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


def install_quote_tools(window: WorkspaceHost) -> QuoteTools:
    """Add the quotes panel, summary, guidelines, keyboard actions and pre-annotation to ``window``.

    Keys the window already binds (e.g. Q labels QUOTE in the article view) are left to the window;
    the action is still in the menu.
    """
    session = window.session
    view = window.article_view
    selection = view.selected_range
    edits = QuoteEdits(session)
    actions = QuoteActions(session, selection, window, edits, taken_keys=_taken_keys(window))
    quotes = QuotesPanel(session, edits)
    summary = SummaryPanel(session)
    guidelines = GuidelinesPanel(session.store)
    runner = PreannotationRunner(session, window)
    status = PreannotationStatus(runner)
    runner.finished.connect(lambda _result: window.article_list.model.refresh_counts())  # new pending counts
    focus = quote_focus(session)
    summary.speakerClicked.connect(quotes.speaker_filter.toggle)  # a speaker's quotes only; again: all
    quotes.speaker_filter.changed.connect(summary.show_speaker)
    focus.emphasised.connect(lambda ranges: view.emphasise(tuple(r.span_id for r in ranges)))
    window.add_panel("Quotes", quotes, Qt.DockWidgetArea.BottomDockWidgetArea)
    window.add_panel("Who said what", summary, Qt.DockWidgetArea.RightDockWidgetArea)
    window.add_panel("Guidelines", guidelines, Qt.DockWidgetArea.RightDockWidgetArea)

    menu_actions: dict[str, QAction] = {}

    def add_run(name: str, text: str, ids: Callable[[], Sequence[str] | None], keys: str = "") -> None:
        action = QAction(text, window)
        action.setObjectName(f"preannotate_{name}")
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _=False: runner.start(ids()))
        menu_actions[name] = action

    add_run("article", "Pre-annotate this article", lambda: [session.article_id] if session.article_id else [])
    # The store answers with the list's filter applied: no walk over the lazy list's rows.
    add_run("listed", "Pre-annotate the articles in the list", window.article_list.model.listed_ids)
    add_run("project", "Pre-annotate the whole project", lambda: None)
    cancel = QAction("Cancel pre-annotation", window)
    cancel.triggered.connect(runner.cancel)
    menu_actions["cancel"] = cancel
    settings = window.settings
    if isinstance(settings, AppSettings):
        runner.cluster = settings.preannotation_cluster or None
        cluster = QAction("Pre-annotation cluster…", window)
        cluster.setObjectName("preannotate_cluster")
        cluster.triggered.connect(lambda _=False: _choose_cluster(window, settings, runner))
        menu_actions["cluster"] = cluster

    for name, action in actions.actions.items():  # the window's menus and shortcut sheet list what it knows
        window.register_action(f"quote_{name}", action)
    window.statusBar().addPermanentWidget(status)
    menu = window.menuBar().addMenu("&Quotes")
    for action in actions.actions.values():
        menu.addAction(action)
    menu.addSeparator()
    for action in menu_actions.values():
        menu.addAction(action)
    return QuoteTools(actions, quotes, summary, guidelines, runner, status, focus, menu_actions)


def _choose_cluster(window: QWidget, settings: AppSettings, runner: PreannotationRunner) -> None:
    """Ask where pre-annotation runs; remembered for the next runs and sessions."""
    dialog = ClusterDialog(settings.preannotation_cluster, window)
    if dialog.exec() == ClusterDialog.DialogCode.Accepted:
        settings.preannotation_cluster = dialog.value
        runner.cluster = dialog.value or None
