"""The main window's Model menu: Train… (the project's own pipeline) and Models… (which one suggests).

The main window calls :func:`install_model_tools` once it is built; the dialogs are kept on the
returned :class:`ModelTools` (and ``window.model_tools``) for the window and tests to reach.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction

from ..workspace.host import WorkspaceHost
from .models_dialog import ModelsDialog

if TYPE_CHECKING:  # the dialog loads spaCy: imported on first use, not at start-up
    from .train_dialog import TrainDialog


@dataclass
class ModelTools:
    window: WorkspaceHost
    actions: dict[str, QAction] = field(default_factory=dict)
    train_dialog: TrainDialog | None = None
    models_dialog: ModelsDialog | None = None

    def open_train(self) -> TrainDialog:
        if self.train_dialog is None:
            from .train_dialog import TrainDialog

            dialog = TrainDialog(self.window.store, self.window.session.annotator, self.window)
            dialog.modelChosen.connect(self._model_chosen)
            self.train_dialog = dialog
        self.train_dialog.show()
        self.train_dialog.raise_()
        return self.train_dialog

    def open_models(self) -> ModelsDialog:
        if self.models_dialog is None:
            dialog = ModelsDialog(self.window.store, self.window)
            dialog.currentChanged.connect(self._model_chosen)
            self.models_dialog = dialog
        self.models_dialog.reload()
        self.models_dialog.show()
        self.models_dialog.raise_()
        return self.models_dialog

    def _model_chosen(self, path: str) -> None:
        status = getattr(self.window, "status", None)
        if status is not None:
            status.showMessage(f"Suggestions now come from {path or 'the default pipeline'}", 5000)
        if self.models_dialog is not None:
            self.models_dialog.reload()


class _StopTrainingOnClose(QObject):
    """Closing the window cancels a training run and waits for its thread (a running QThread must not be destroyed)."""

    def __init__(self, tools: ModelTools) -> None:
        super().__init__(tools.window)
        self.tools = tools

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        dialog = self.tools.train_dialog
        if event.type() == QEvent.Type.Close and dialog is not None and dialog.runner.running:
            dialog.runner.cancel()
            dialog.runner.wait()
        return False


def install_model_tools(window: WorkspaceHost) -> ModelTools:
    """Add the Model menu to ``window`` (its ``store``, ``session``, ``menuBar()``)."""
    tools = ModelTools(window)
    menu = window.menuBar().addMenu("&Model")
    for action_id, text, slot in (("train", "Train…", tools.open_train), ("models", "Models…", tools.open_models)):
        action = QAction(text, window)
        action.setObjectName(f"action-{action_id}")
        action.setProperty("group", "Model")
        action.triggered.connect(lambda _=False, s=slot: s())
        menu.addAction(action)
        tools.actions[action_id] = action
    window.installEventFilter(_StopTrainingOnClose(tools))
    window.model_tools = tools
    return tools
