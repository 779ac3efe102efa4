"""The name the app asks for is the CLI's default annotator: one setting, readable without Qt."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog

from annotator import app as app_module
from annotator.cli import default_annotator, main
from annotator.services.user_config import UserConfig


def _answer_name_dialog(name: str, seen: list[str]) -> None:
    """Type ``name`` into the app's modal "Who is annotating?" dialog once it shows, and press OK."""

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, fill)
            return
        seen.append(dialog.windowTitle())
        dialog.setTextValue(name)
        dialog.accept()

    QTimer.singleShot(0, fill)


def test_the_name_the_app_asks_for_is_the_clis_default(qtbot, settings, tmp_path: Path, monkeypatch, capsys) -> None:  # noqa: ANN001
    monkeypatch.delenv("ANNOTATOR_USER", raising=False)
    seen: list[str] = []
    _answer_name_dialog("alice", seen)
    assert app_module.resolve_user(settings) == "alice"
    assert seen == ["Who is annotating?"]
    assert UserConfig().annotator_name == "alice"
    assert default_annotator() == "alice"
    # and the app does not ask again: the shared file answers
    assert app_module.resolve_user(settings) == "alice"

    project, source = tmp_path / "p.annotator", tmp_path / "layers.jsonl"
    text = "Budget vote\n\nThe mayor said the budget would pass."
    records = [
        {"id": "v", "text": text, "annotator": who, "status": "done", "spans": [], "relations": []}
        for who in ("alice", "bob")
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert main(["import", str(project), str(source)]) == 0
    out = tmp_path / "mine.jsonl"
    assert main(["export", str(project), str(out)]) == 0
    assert [json.loads(line)["annotator"] for line in out.read_text(encoding="utf-8").splitlines()] == ["alice"]


def test_a_name_remembered_in_qt_settings_moves_to_the_shared_file(settings, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.delenv("ANNOTATOR_USER", raising=False)
    settings.qsettings.setValue("user/name", "dana")  # where an older version kept it
    assert settings.user_name == "dana"
    assert UserConfig().annotator_name == "dana"
    assert default_annotator() == "dana"
    assert settings.qsettings.value("user/name") is None


def test_a_damaged_settings_file_is_said_and_the_name_asked_again(qtbot, settings, monkeypatch, capsys) -> None:  # noqa: ANN001
    monkeypatch.delenv("ANNOTATOR_USER", raising=False)
    config = UserConfig()
    config.folder.mkdir(parents=True, exist_ok=True)
    config.path.write_bytes(b"\xff\xfe not a settings file")
    seen: list[str] = []
    _answer_name_dialog("erin", seen)
    assert app_module.resolve_user(settings) == "erin"
    assert str(config.path) in capsys.readouterr().err
    assert UserConfig().annotator_name == "erin" and default_annotator() == "erin"
