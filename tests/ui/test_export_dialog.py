"""Export from the GUI: the dialog's choices reach the file, with progress, in a worker thread."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from annotator.domain import Annotations, Article, Span, Status
from annotator.storage import Store
from annotator.ui.window.export_dialog import ExportDialog


def _project(tmp_path):
    path = tmp_path / "p.annotator"
    store = Store.open(path)
    store.add_articles([(Article("a1", "Mayor Ines Walt said the bridge would reopen."), [])])
    store.replace_layer(Annotations("a1", "alice", spans=(Span("s1", 6, 15, "PERSON"),), status=Status.DONE))
    return store


def test_export_dialog_writes_the_chosen_layer(qtbot, tmp_path):
    store = _project(tmp_path)
    dialog = ExportDialog(store, "alice")
    qtbot.addWidget(dialog)
    out = tmp_path / "out.jsonl"
    dialog.path_edit.setText(str(out))
    dialog.status_boxes[Status.DONE].setChecked(True)
    with qtbot.waitSignal(dialog.exported, timeout=20_000) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    dialog.wait()
    assert blocker.args == [1]
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["annotator"] == "alice" and record["spans"][0]["text"] == "Ines Walt"
    assert dialog.progress.value() == dialog.progress.maximum()
    store.close()


def test_export_dialog_refuses_to_overwrite_without_the_box(qtbot, tmp_path):
    store = _project(tmp_path)
    dialog = ExportDialog(store, "alice")
    qtbot.addWidget(dialog)
    out = tmp_path / "taken.csv"
    out.write_text("keep", encoding="utf-8")
    dialog.format_box.setCurrentText("csv")
    dialog.path_edit.setText(str(out))
    with qtbot.waitSignal(dialog.export_button.clicked):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "failed" in dialog.message.text(), timeout=20_000)
    dialog.wait()
    assert "--force" in dialog.message.text() or "overwrite" in dialog.message.text()
    assert out.read_text(encoding="utf-8") == "keep"
    store.close()
