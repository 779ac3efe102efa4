"""An import builds the search index for what it stored (issue 21), so that a search, which never
writes, finds new articles through the index: the CLI's import and the service the app and the
sample project use."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotator.cli import main
from annotator.services.importing import import_paths
from annotator.storage import Store


def _text(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _indexed(project: Path, word: str) -> int:
    """Articles the full-text index itself finds for ``word`` (read straight from the file, read-only)."""
    conn = sqlite3.connect(f"{project.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (word,)).fetchone()[0])
    finally:
        conn.close()


def test_each_cli_import_indexes_its_articles(tmp_path: Path) -> None:
    project = tmp_path / "p.annotator"
    first = _text(tmp_path, "pensions", "Pensions\n\nThe government will cut pensions for retired teachers.\n")
    second = _text(tmp_path, "mayor", "Mayor speaks\n\nMayor Lakhonin said the bridge would reopen in May.\n")
    assert main(["import", str(project), str(first)]) == 0
    assert _indexed(project, "pensions") == 1
    assert main(["import", str(project), str(second)]) == 0
    assert _indexed(project, "lakhonin") == 1
    with Store.open(project, readonly=True) as store:  # a reader that may not write finds both
        assert store.search("pension") == ["pensions"] and store.search("Lakhon") == ["mayor"]


def test_the_import_service_indexes_what_it_stored(tmp_path: Path) -> None:
    """The app's import and the sample project go through ``import_paths``: it indexes too."""
    project = tmp_path / "p.annotator"
    source = _text(tmp_path, "vote", "Council vote\n\nShe was elected with a large majority on Sunday.\n")
    with Store.open(project) as store:
        report = import_paths(store, [source])
        assert report.added == ["vote"] and not report.notes
        assert _indexed(project, "majority") == 1  # before: 0 (the first search built it, or failed)
        assert store.search_index_gap() == 0
