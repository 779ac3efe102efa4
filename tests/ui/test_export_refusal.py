"""The export dialog with "Overwrite" ticked still refuses the open project and its side files (issue 20)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.domain import Article
from annotator.storage import Store
from annotator.ui.window.export_dialog import ExportDialog


@pytest.mark.parametrize("suffix", ["", "-wal"])
def test_the_dialog_never_overwrites_the_project(qtbot, tmp_path, suffix) -> None:  # noqa: ANN001
    path = tmp_path / "p.annotator"
    store = Store.open(path)
    try:
        store.add_articles([(Article("a1", "Mayor Ines Walt said the bridge would reopen."), [])])
        dialog = ExportDialog(store, "alice")
        qtbot.addWidget(dialog)
        dialog.path_edit.setText(f"{path}{suffix}")
        dialog.force_box.setChecked(True)
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "failed" in dialog.message.text(), timeout=20_000)
        dialog.wait()
        assert "would destroy the project" in dialog.message.text()
        store.set_setting("still", "writable")  # the window's own connection goes on as before
        assert store.article_count() == 1 and store.integrity_problems() == []
    finally:
        store.close()
    with Store.open(path, create=False) as again:
        assert again.setting("still") == "writable"
