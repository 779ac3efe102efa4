"""Opening what is not a project: refused with a clear ProjectFileError, the file left byte-identical.

Also: an older project is backed up beside itself before it is migrated, and its data survive.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlite_utils

from annotator.domain import Article
from annotator.storage import SCHEMA_VERSION, ProjectFileError, Store
from annotator.storage import opening as opening_module
from annotator.storage import schema as schema_module
from annotator.storage.sqlite import project_file as store_module

from .editing_child import ANNOTATOR, snapshot
from .projects import build_project, sha256, side_files


def _assert_refused(path: Path, *needles: str) -> str:
    """Open ``path`` every way a user can; each must raise ProjectFileError and change nothing."""
    before = sha256(path) if path.is_file() else None
    messages = []
    for kwargs in ({}, {"create": False}, {"readonly": True}):
        with pytest.raises(ProjectFileError) as caught:
            Store.open(path, **kwargs).close()
        message = str(caught.value)
        messages.append(message)
        assert str(path) in message, message
        assert any(n in message for n in needles), f"unclear message: {message}"
        assert "Traceback" not in message and "\n" not in message
    if before is not None:
        assert sha256(path) == before, "a refused file was changed"
    assert side_files(path) == [], "opening left -wal/-shm/-journal files beside a refused file"
    return messages[0]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _other_application_db(path: Path, journal_mode: str) -> Path:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode = {journal_mode}")
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('not ours')")
    conn.commit()
    conn.close()
    return path


NOT_SQLITE = "not an annotator project"


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda p: _write(p, b""), id="empty file"),
        pytest.param(lambda p: _write(p, b"Minutes of the meeting.\nNothing to see.\n"), id="text file"),
        pytest.param(lambda p: _write(p, b'{"id": "a1", "text": "JSON, not a project"}\n'), id="json file"),
        pytest.param(lambda p: _write(p, b"\x89PNG\r\n\x1a\n" + bytes(200)), id="png header"),
        pytest.param(lambda p: _write(p, random.Random(1).randbytes(10_000)), id="random bytes 10k"),
        pytest.param(lambda p: _write(p, random.Random(2).randbytes(5)), id="random bytes 5"),
        pytest.param(
            lambda p: _write(p, b"SQLite format 3\x00" + random.Random(3).randbytes(8000)), id="header+garbage"
        ),
    ],
)
def test_files_that_are_not_sqlite_are_refused_untouched(tmp_path: Path, make: Callable[[Path], Path]) -> None:
    path = make(tmp_path / "project.anno")
    _assert_refused(path, NOT_SQLITE, "damaged", "truncated")


@pytest.mark.parametrize("journal_mode", ["delete", "wal"])
def test_a_database_of_another_application_is_refused_untouched(tmp_path: Path, journal_mode: str) -> None:
    path = _other_application_db(tmp_path / "other.db", journal_mode)
    message = _assert_refused(path, "not an annotator project")
    assert "SQLite database" in message


def test_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "project.anno"
    folder.mkdir()
    _assert_refused(folder, "folder")


def test_a_project_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = build_project(tmp_path / "newer.anno", articles=2)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    message = _assert_refused(path, "newer version")
    assert f"format {SCHEMA_VERSION + 1}" in message


def _cut_points(size: int) -> list[int]:
    points = {16, 50, 99, 100, 101, 512, 1000, 4095, 4096, 4097, 8192, size // 3, size // 2}
    points |= {size - 4096, size - 100, size - 10, size - 1}
    return sorted(p for p in points if 0 < p < size)


def test_truncated_projects_are_refused_untouched(tmp_path: Path) -> None:
    """An interrupted copy: the file cut at many lengths, including a few bytes short of the end
    (SQLite then reads zeros and ``quick_check`` passes while a record has lost its tail)."""
    full = build_project(tmp_path / "full.anno", articles=30).read_bytes()
    cuts = _cut_points(len(full))
    assert len(cuts) >= 12
    for n in cuts:
        path = _write(tmp_path / f"cut-{n}.anno", full[:n])
        _assert_refused(path, "damaged", "truncated", NOT_SQLITE)
    # The uncut copy opens: the check is about the cut, not about copies.
    with Store.open(_write(tmp_path / "copy.anno", full)) as store:
        assert store.article_count() == 30
        assert store.integrity_problems() == []


def test_damaged_page_in_a_project_is_refused_untouched(tmp_path: Path) -> None:
    data = bytearray(build_project(tmp_path / "full.anno", articles=30).read_bytes())
    rng = random.Random(7)
    for page in (2, 3, 5, 8):
        damaged = bytearray(data)
        offset = page * 4096 - 4096
        damaged[offset : offset + 4096] = rng.randbytes(4096)
        _assert_refused(_write(tmp_path / f"damaged-{page}.anno", bytes(damaged)), "damaged", "truncated")


# -- migration of an older project --------------------------------------------------------------------


def _test_only_v2(db: sqlite_utils.Database) -> None:
    """A migration that exists only in this test: adds a table, leaves the data alone."""
    db.execute("CREATE TABLE test_only_v2 (x INTEGER)")


def _pretend_schema(monkeypatch: pytest.MonkeyPatch, migrations: tuple[Callable[..., None], ...]) -> None:
    """Make storage believe in ``migrations`` (every module that bound the names at import)."""
    for module in (schema_module, store_module, opening_module):
        if hasattr(module, "MIGRATIONS"):
            monkeypatch.setattr(module, "MIGRATIONS", migrations)
        monkeypatch.setattr(module, "SCHEMA_VERSION", len(migrations))


def _layer_snapshots(path: Path) -> dict[str, object]:
    with Store.open(path, readonly=True) as store:
        return {a: snapshot(store.annotations(a, "model")) for a in store.article_ids()}


def test_an_older_project_is_backed_up_beside_itself_then_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = build_project(tmp_path / "old.anno", articles=5)
    before_hash = sha256(path)
    before_layers = _layer_snapshots(path)
    _pretend_schema(monkeypatch, (*schema_module.MIGRATIONS, _test_only_v2))

    with Store.open(path) as store:
        assert store.backup_path == tmp_path / f"old.anno.v{SCHEMA_VERSION}.bak"
        assert store.db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
        assert "test_only_v2" in store.db.table_names()
        assert store.article_count() == 5
        assert store.integrity_problems() == []
    assert store.backup_path is not None and store.backup_path.exists()
    # The backup is the project as it was: same version, same data.
    backup = sqlite3.connect(f"{store.backup_path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        assert backup.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert backup.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert backup.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
    finally:
        backup.close()
    assert _layer_snapshots(path) == before_layers
    assert before_hash != sha256(path)  # migrated in place
    # Opening again migrates nothing and makes no second backup.
    with Store.open(path) as store:
        assert store.backup_path is None


def test_a_failing_migration_leaves_the_project_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = build_project(tmp_path / "old.anno", articles=3)
    before_layers = _layer_snapshots(path)

    def broken_v2(db: sqlite_utils.Database) -> None:
        db.execute("CREATE TABLE half_done (x INTEGER)")
        db.execute("DELETE FROM spans")
        raise RuntimeError("migration bug")

    _pretend_schema(monkeypatch, (*schema_module.MIGRATIONS, broken_v2))
    with pytest.raises(Exception, match="migration bug"):
        Store.open(path)
    monkeypatch.undo()
    with Store.open(path) as store:  # still the old version, whole
        assert store.db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert "half_done" not in store.db.table_names()
        assert store.integrity_problems() == []
    assert _layer_snapshots(path) == before_layers
    assert (tmp_path / f"old.anno.v{SCHEMA_VERSION}.bak").exists()


def test_a_readonly_project_that_needs_migration_is_refused_clearly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = build_project(tmp_path / "old.anno", articles=1)
    before = sha256(path)
    _pretend_schema(monkeypatch, (*schema_module.MIGRATIONS, _test_only_v2))
    with pytest.raises(ProjectFileError, match="read-only and from an older version"):
        Store.open(path, readonly=True)
    assert sha256(path) == before
    assert not list(tmp_path.glob("*.bak"))


def test_adding_an_article_and_reopening_keeps_it(tmp_path: Path) -> None:
    """The baseline the refusals are measured against: a real project opens and keeps what was written."""
    path = tmp_path / "p.anno"
    with Store.open(path) as store:
        store.add_articles([(Article(id="a", text="Some text."), [])])
    with Store.open(path, create=False) as store:
        assert store.article_ids() == ["a"]
        assert snapshot(store.annotations("a", ANNOTATOR))["spans"] == []
    assert side_files(path) == []
