"""After an import in the app, the new articles are pre-annotated in the background (a setting)."""

from __future__ import annotations

from pathlib import Path

from annotator.domain import MODEL_LAYER
from annotator.storage import Store

TEXT = (
    "Kremlin spokesman Dmitry Peskov said on Monday that Moscow had no plans to respond. "
    "\u201cWe will not be intimidated,\u201d Peskov told reporters in Moscow.\n"
)


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "incoming" / "peskov.txt"
    path.parent.mkdir()
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_imported_articles_arrive_pre_annotated(qtbot, window, project_path, tmp_path) -> None:  # noqa: ANN001
    tools = window.quote_tools
    assert window.actions["preannotate_on_import"].isChecked()
    seen: list[tuple[int, int]] = []
    tools.runner.progress.connect(lambda done, total: seen.append((done, total)))
    reports: list[object] = []
    window.imported.connect(reports.append)
    with qtbot.waitSignal(tools.runner.finished, timeout=120_000):
        window.import_paths([_file(tmp_path)])  # the import ends, then pre-annotation runs
    window.last_import_dialog.close()
    (report,) = reports
    (article_id,) = report.added
    with Store.open(project_path, create=False) as other:
        suggestions = other.annotations(article_id, MODEL_LAYER).spans
    texts = {TEXT[s.start : s.end] for s in suggestions}
    assert "Dmitry Peskov" in texts and any(s.label == "QUOTE" for s in suggestions)
    assert seen and seen[-1][0] == seen[-1][1] == 1  # the status bar's progress went to the end


def test_the_setting_turns_it_off(qtbot, window, project_path, tmp_path) -> None:  # noqa: ANN001
    window.actions["preannotate_on_import"].trigger()  # untick
    assert window.settings.preannotate_on_import is False
    with qtbot.waitSignal(window.imported, timeout=20000) as imported:
        window.import_paths([_file(tmp_path)])
    window.last_import_dialog.close()
    report = imported.args[0]
    assert not window.quote_tools.runner.running
    with Store.open(project_path, create=False) as other:
        assert other.annotations(report.added[0], MODEL_LAYER).spans == ()
