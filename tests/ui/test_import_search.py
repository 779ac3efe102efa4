"""After an import in the app, search finds the new article through the index the import built
(issue 21): the search box never builds it, so that a read-only or busy project still searches."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from ui_helpers import ANNOTATOR, show

from annotator.storage import Store
from annotator.ui.window.main_window import MainWindow


def _indexed(project: Path, word: str) -> int:
    conn = sqlite3.connect(f"{project.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (word,)).fetchone()[0])
    finally:
        conn.close()


def test_an_article_imported_in_the_app_is_found_by_the_search_box(qtbot, window, project_path, tmp_path) -> None:  # noqa: ANN001
    window.actions["preannotate_on_import"].trigger()  # no background pre-annotation in this test
    source = tmp_path / "incoming" / "bridge.txt"
    source.parent.mkdir()
    source.write_text("Bridge reopens\n\nMayor Lakhonin said the bridge would reopen in May.\n", encoding="utf-8")

    with qtbot.waitSignal(window.imported, timeout=20000) as imported:
        assert window.import_paths([source])  # in the background: the job stores and indexes
    window.last_import_dialog.close()
    assert imported.args[0].added == ["bridge"]
    assert _indexed(project_path, "lakhonin") == 1  # the import's job indexed it (before: only a search did)
    panel = window.article_list
    qtbot.keyClicks(panel.search_box, "Lakhon")
    qtbot.waitUntil(lambda: panel.model.query == "Lakhon" and panel.model.rowCount() == 1, timeout=3000)
    assert panel.model.article_id(0) == "bridge"
    assert window.store.search_index_gap() == 0


def test_a_read_only_project_never_indexed_searches_in_the_app(qtbot, project_path, settings) -> None:  # noqa: ANN001
    """The project's articles were stored without indexing them (as the app's imports did before);
    opened read-only, its search box still finds them, and the file is not touched."""
    assert _indexed(project_path, "merkel") == 0
    before = hashlib.sha256(project_path.read_bytes()).hexdigest()
    store = Store.open(project_path, readonly=True)
    window = show(qtbot, MainWindow(store, ANNOTATOR, settings))
    try:
        panel = window.article_list
        qtbot.keyClicks(panel.search_box, "Merkel")
        qtbot.waitUntil(lambda: panel.model.query == "Merkel", timeout=3000)
        assert panel.model.rowCount() == 1 and panel.model.article_id(0) == "a2"  # before: 0 rows
        assert store.db.conn.total_changes == 0
    finally:
        window.close()
        store.close()
    assert hashlib.sha256(project_path.read_bytes()).hexdigest() == before


def test_a_large_import_runs_in_the_background_while_the_analyst_edits(qtbot, window, project_path, reader, tmp_path):  # noqa: ANN001
    """The window stays usable through a large import: the call returns at once, a key pressed meanwhile
    is stored, and every imported article arrives (before: the import held the GUI thread to its end)."""
    window.actions["preannotate_on_import"].trigger()  # no background pre-annotation in this test
    source = tmp_path / "many.jsonl"
    source.write_text(
        "".join(
            json.dumps({"id": f"bulk-{n}", "text": f"Bulk article {n}. Minister Lakhonin said the plan stands."}) + "\n"
            for n in range(3000)
        ),
        encoding="utf-8",
    )
    article = window.session.article_id
    view = window.article_view
    taken = [(m.start, m.end) for m in view.marks]
    start, end = next(
        (s, e)
        for s, e in zip(view.tokens.starts, view.tokens.ends, strict=True)
        if e - s >= 4 and all(e <= a or s >= b for a, b in taken)
    )
    with qtbot.waitSignal(window.imported, timeout=120_000) as imported:
        assert window.import_paths([source])
        assert window.import_runner.running  # returned before the import ended
        view.select_text(start, end)
        qtbot.keyClick(view, Qt.Key.Key_1)  # an edit while the import runs: stored in its own transaction
        assert any((s.start, s.end, s.label) == (start, end, "PERSON") for s in reader(article).spans)
    window.last_import_dialog.close()
    assert len(imported.args[0].added) == 3000
    with Store.open(project_path, create=False) as other:
        assert other.count_articles(ANNOTATOR) == 3003
        assert other.search_index_gap() == 0
    assert any((s.start, s.end, s.label) == (start, end, "PERSON") for s in reader(article).spans)
