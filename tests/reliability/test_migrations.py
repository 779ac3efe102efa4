"""Migrations (issue 20): the real v1 → v2 migration rebuilds ``layers`` (adds the revision column) on a
project full of data; two programs opening the old file at once; SIGKILL in the middle of it.

A v1 file is made the way v1 code left it: a current project whose ``layers`` table is rebuilt
without ``revision`` and whose ``user_version`` is set back to 1 (plain SQL, no annotator code).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.domain import Origin, Relation, Span
from annotator.storage import SCHEMA_VERSION, Store

from .projects import build_project

ROOT = Path(__file__).resolve().parents[2]
SEED = int(os.environ.get("RELIABILITY_SEED", "20240611"))
TABLES = ("articles", "layers", "spans", "relations", "decisions", "comments")

_V1_LAYERS = """
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE layers_v1 (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    annotator TEXT NOT NULL CHECK (length(annotator) > 0),
    status TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'in_progress', 'done', 'skipped')),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (article_id, annotator)
);
INSERT INTO layers_v1 SELECT article_id, annotator, status, updated_at FROM layers;
DROP TABLE layers;
ALTER TABLE layers_v1 RENAME TO layers;
CREATE INDEX layers_by_annotator ON layers(annotator, status);
DROP TABLE assignments;
PRAGMA user_version = 1;
COMMIT;
"""


def build_v1_project(path: Path, articles: int = 8) -> dict[str, int]:
    """An old (v1) project with spans, relations, decisions and a comment; returns its row counts."""
    build_project(path, articles=articles)
    with Store.open(path) as store:
        from annotator.domain import Annotations, Status, Verdict

        for article_id in store.article_ids():
            layer = Annotations(
                article_id, "ana",
                spans=(Span("q", 30, 60, "QUOTE", Origin.HUMAN, {"kind": "direct"}),
                       Span("p", 0, 7, "PERSON", Origin.HUMAN)),
                relations=(Relation("r", "q", "p", "SPEAKER"),),
                status=Status.IN_PROGRESS, decisions={"m1": Verdict.ACCEPTED},
            )  # fmt: skip
            store.replace_layer(layer)
        store.add_comment(store.article_ids()[0], "ana", "check the speaker", "q")
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.executescript(_V1_LAYERS)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return counts(path)


def counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        found = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # noqa: S608
        found["version"] = conn.execute("PRAGMA user_version").fetchone()[0]
        return found
    finally:
        conn.close()


def test_the_rebuild_migration_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "old.annotator"
    before = build_v1_project(path)
    assert before["version"] == 1 and before["relations"] > 0 and before["decisions"] > 0
    with Store.open(path) as store:
        assert store.backup_path is not None
        assert store.integrity_problems() == []
        columns = [r[1] for r in store.db.conn.execute("PRAGMA table_info(layers)")]
        assert "revision" in columns
        assert store.db.conn.execute("PRAGMA foreign_keys").fetchone() == (1,)  # on again after the migration
        backup = store.backup_path
    after = counts(path)
    assert after == {**before, "version": SCHEMA_VERSION}  # not one span, relation or decision lost
    assert counts(backup) == before  # the backup is the file as it was, data and version


def test_the_same_rebuild_with_foreign_keys_on_would_lose_the_relations(tmp_path: Path) -> None:
    """Why the order matters (what this test guards): run v2 as the old code did, keys on."""
    from annotator.storage.schema import MIGRATIONS

    path = tmp_path / "old.annotator"
    before = build_v1_project(path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN IMMEDIATE")
        import sqlite_utils

        MIGRATIONS[1](sqlite_utils.Database(conn))
        lost = conn.execute("SELECT count(*) FROM spans").fetchone()[0]
        conn.execute("ROLLBACK")
    finally:
        conn.close()
    assert before["spans"] > 0 and lost == 0  # DROP TABLE layers cascaded into every span


_OPEN_AT_SIGNAL = """
import sys, time
from pathlib import Path
from annotator.storage import Store
go = Path(sys.argv[2])
while not go.exists():
    time.sleep(0.0005)
store = Store.open(sys.argv[1])
print("BACKUP", store.backup_path or "-", flush=True)
store.close()
"""


def test_two_programs_opening_an_old_project_at_once_migrate_it_once(tmp_path: Path) -> None:
    path = tmp_path / "old.annotator"
    before = build_v1_project(path)
    go = tmp_path / "go"
    for attempt in range(3):
        if attempt:
            for leftover in tmp_path.glob("old.annotator*"):
                leftover.unlink()
            go.unlink()
            build_v1_project(path)
        procs = [
            subprocess.Popen([sys.executable, "-c", _OPEN_AT_SIGNAL, str(path), str(go)], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]  # fmt: skip
        time.sleep(0.8)  # both are waiting at the line
        go.touch()
        outputs = [p.communicate(timeout=60) for p in procs]
        assert [p.returncode for p in procs] == [0, 0], [e for _, e in outputs]
        backups = [o.split()[1] for o, _ in outputs]
        assert sorted(b == "-" for b in backups) == [False, True], backups  # exactly one migrated
        made = sorted(tmp_path.glob("old.annotator.v*.bak"))
        assert len(made) == 1
        assert counts(made[0]) == before  # the backup is the old file, not the migrated one
        assert counts(path) == {**before, "version": SCHEMA_VERSION}


_OPEN_AND_REPORT = """
import sys
from annotator.storage import Store
print("OPENING", flush=True)
Store.open(sys.argv[1]).close()
print("OPENED", flush=True)
"""


@pytest.mark.slow
def test_sigkill_mid_migration_leaves_an_old_or_a_new_project_never_half(tmp_path: Path) -> None:
    template = tmp_path / "template.annotator"
    before = build_v1_project(template, articles=150)
    rng = random.Random(SEED)

    def run(n: int, delay: float | None) -> tuple[Path, float]:
        path = tmp_path / f"try-{n}.annotator"
        shutil.copy(template, path)
        proc = subprocess.Popen([sys.executable, "-c", _OPEN_AND_REPORT, str(path)], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)  # fmt: skip
        assert proc.stdout is not None and proc.stdout.readline() == "OPENING\n"
        started = time.perf_counter()
        if delay is None:
            assert proc.stdout.readline() == "OPENED\n"
            proc.wait(timeout=60)
        else:
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
        return path, time.perf_counter() - started

    _, duration = run(0, None)  # how long opening (backup + migration) takes here
    outcomes = {"still v1": 0, "migrated": 0}
    for n in range(1, 16):
        path, _ = run(n, rng.uniform(0, duration * 1.2))
        outcomes["still v1" if counts(path)["version"] == 1 else "migrated"] += 1
        with Store.open(path) as store:  # completes or repeats the migration
            assert store.integrity_problems() == []
        assert counts(path) == {**before, "version": SCHEMA_VERSION}
        for backup in tmp_path.glob(f"{path.name}.v*.bak"):
            assert counts(backup) == before, f"{backup.name} is not the old project whole"
        assert list(tmp_path.glob(f".{path.name}.*.part")) == [], "a half-written backup was left behind"
    print(f"\nmigration kills: {outcomes}, opening takes {duration * 1000:.0f} ms here")
    assert outcomes["still v1"] > 0
