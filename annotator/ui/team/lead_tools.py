"""The lead's tools in the main window: Project → Assign… and Lead's dashboard…, File → Merge
colleague's project…, and the article list following saves made elsewhere on a team server.

The main window calls :func:`install_lead_tools` once it is built (like the model tools); what they
open is kept on the returned :class:`LeadTools` (``window.lead_tools``) for the window and tests.
Assigning is for managers: on a team server the server refuses anyone else, and the refusal is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSpinBox,
)

from ...domain import AnnotatorError
from ...services.assignments import AssignmentPlan, assign
from ...services.merging import MergeReport, merge
from ...storage import LayerSaved, open_store
from ..common.team_watch import TeamWatch
from ..workspace.host import WorkspaceHost
from .lead_dashboard import LeadDashboard


class AssignDialog(QDialog):
    """Who annotates, how many people per shared article, which share is shared, which articles."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Assign articles")
        self.annotators = QLineEdit()
        self.annotators.setPlaceholderText("alice bob carol")
        self.per_article = QSpinBox()
        self.per_article.setRange(1, 20)
        self.per_article.setValue(2)
        self.overlap = QDoubleSpinBox()
        self.overlap.setRange(0.0, 1.0)
        self.overlap.setSingleStep(0.05)
        self.overlap.setValue(0.2)
        self.query = QLineEdit()
        self.query.setPlaceholderText("all articles")
        form = QFormLayout(self)
        form.addRow("Annotators", self.annotators)
        form.addRow("People per shared article", self.per_article)
        form.addRow("Share of articles shared", self.overlap)
        form.addRow("Only articles matching", self.query)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def names(self) -> list[str]:
        return self.annotators.text().replace(",", " ").split()


@dataclass
class LeadTools:
    window: WorkspaceHost
    actions: dict[str, QAction] = field(default_factory=dict)
    dashboard: LeadDashboard | None = None
    watch: TeamWatch | None = None
    last_report: MergeReport | None = None

    # -- assigning ----------------------------------------------------------------------------
    def open_assign(self) -> AssignDialog:
        dialog = AssignDialog(self.window)
        dialog.accepted.connect(lambda: self.assign(dialog.names(), dialog.per_article.value(),
                                                    dialog.overlap.value(), dialog.query.text()))  # fmt: skip
        dialog.open()
        return dialog

    def assign(self, names: Sequence[str], per_article: int, overlap: float, query: str = "") -> AssignmentPlan | None:
        try:
            plan = assign(self.window.store, names, per_article=per_article, overlap=overlap, query=query)
        except AnnotatorError as exc:
            self.window.status.show_error(str(exc))
            return None
        load = plan.load
        self.window.status.showMessage(
            f"Assigned {len(plan.by_article)} article(s): "
            + ", ".join(f"{w} {load[w]}" for w in names)
            + f"; {len(plan.overlapping)} shared",
            8000,
        )
        self._refresh()
        return plan

    # -- merging ------------------------------------------------------------------------------
    def open_merge(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self.window, "Merge colleague's project", str(Path.home()), "Annotator projects (*.annotator)"
        )
        if names:
            report = self.merge_files(names)
            if report is not None:
                QMessageBox.information(self.window, "Merged", "\n".join(report.lines()[:40]))

    def merge_files(self, paths: Sequence[str | Path]) -> MergeReport | None:
        """Merge each project file into the open project; the last report is kept and returned."""
        total: MergeReport | None = None
        try:
            for path in paths:
                with open_store(Path(path), create=False) as source:
                    total = merge(self.window.store, source)
        except AnnotatorError as exc:
            self.window.status.show_error(f"Merge stopped: {exc} (what was merged before is kept)")
            return None
        self.last_report = total
        self.window.article_list.model.reload()
        self._refresh()
        if total is not None:
            self.window.status.showMessage("Merged: " + "; ".join(total.lines()[:2]), 8000)
        return total

    # -- the dashboard and live updates ------------------------------------------------------
    def open_dashboard(self) -> LeadDashboard:
        if self.dashboard is None:
            self.dashboard = LeadDashboard(self.window.store, self.window)
            self.dashboard.setWindowFlag(Qt.WindowType.Window, True)
        self.dashboard.refresh()
        self.dashboard.show()
        self.dashboard.raise_()
        return self.dashboard

    def _refresh(self) -> None:
        if self.dashboard is not None:
            self.dashboard.refresh()

    def on_saved(self, saved: list[LayerSaved]) -> None:
        """Saves elsewhere (another window, a colleague, a pre-annotation run) reach the article list:
        the rows of this annotator's layer, and the open article when another window wrote it."""
        try:
            self._follow(saved)
        except AnnotatorError:
            pass  # the server went away meanwhile: the connection watch says so and re-reads on return

    def _follow(self, saved: list[LayerSaved]) -> None:
        window = self.window
        me = window.session.annotator
        model = window.article_list.model
        for article_id in {s.article_id for s in saved if s.layer == me}:
            editing = window.session.editing
            if editing is not None and editing.article.id == article_id:
                if window.store.layer_revision(article_id, me) != editing.revision:
                    editing.reload()
                    window.session.after_reload(editing)
                model.update_article(editing.state)
            elif model.row_of(article_id) is not None:
                model.update_article(window.store.annotations(article_id, me))


def install_lead_tools(window: WorkspaceHost) -> LeadTools:
    """Add Project → Assign… / Lead's dashboard… and File → Merge colleague's project… to ``window``."""
    tools = LeadTools(window)
    menu = window.menuBar().findChild(QMenu, "projectMenu")  # the one Project menu (Codebook… is there)
    if menu is None:
        menu = window.menuBar().addMenu("&Project")
    else:
        menu.addSeparator()
    for action_id, text, slot in (
        ("assign", "Assign…", tools.open_assign),
        ("lead_dashboard", "Lead's dashboard…", tools.open_dashboard),
        ("merge_project", "Merge colleague's project…", tools.open_merge),
    ):
        action = QAction(text, window)
        action.setObjectName(f"action-{action_id}")
        action.setProperty("group", "Project")
        action.triggered.connect(slot)
        window.register_action(action_id, action)
        tools.actions[action_id] = action
        if action_id != "merge_project":
            menu.addAction(action)
    export = window.actions.get("export")
    file_menu = next((m for m in window.menuBar().findChildren(type(menu)) if m.title() == "&File"), None)
    if file_menu is not None and export is not None:
        file_menu.insertAction(export, tools.actions["merge_project"])
    else:
        menu.addAction(tools.actions["merge_project"])
    if window.store.is_server:
        tools.watch = TeamWatch(window.store, window)
        tools.watch.layersSaved.connect(tools.on_saved)
    window.lead_tools = tools
    return tools
