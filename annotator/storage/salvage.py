"""Salvage: what can still be read from a damaged project, copied into a new project beside it.

SQLite's own recovery (``sqlite3_recover``, the shell's ``.recover``) is not reachable from Python's
``sqlite3`` module (checked on CPython 3.11 with SQLite 3.40: no such API, and no ``sqlite_dbpage``
table). So: when the ``sqlite3`` shell is installed, its ``.recover`` rebuilds what it can into a
scratch database first (it reads past a damaged schema, which plain queries cannot); then what SQLite
can read (of that, else of the damaged file itself) is copied row by row into a new project, table
after table, skipping rows it cannot read or that no longer fit (a span whose layer row is lost).
The damaged file is only read.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain.open_projects import OPEN_PROJECTS

#: Tables in the order their foreign keys need (parents first), with what is copied of each.
_TABLES = ("settings", "articles", "layers", "spans", "relations", "decisions", "comments")
_NOT_COPIED_SETTINGS = ("fts_indexed_seq",)  # the new file builds its own search index
_CHUNK = 200
_GIVE_UP_AFTER = 5000  # unreadable rowids in a row: the rest of that table is gone


@dataclass
class SalvageReport:
    """Where the copy is, and per table how many rows were copied and how many were lost."""

    path: Path
    copied: dict[str, int] = field(default_factory=dict)
    lost: dict[str, int] = field(default_factory=dict)
    recovered_by_sqlite: bool = False  # the sqlite3 shell's .recover was used

    def summary(self) -> str:
        parts = [f"{self.copied.get(t, 0)} {t}" for t in ("articles", "layers", "spans", "relations")]
        lost = sum(self.lost.values())
        tail = f"; {lost} unreadable or orphaned row(s) left behind" if lost else "; nothing was lost"
        return f"Salvaged into {self.path.name}: {', '.join(parts)}{tail}"


def salvage_path(path: Path) -> Path:
    """A new name beside ``path`` for its salvage copy (never an existing file)."""
    target = path.with_name(f"{path.stem}.salvaged{path.suffix or '.annotator'}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.stem}.salvaged-{n}{path.suffix or '.annotator'}")
    return target


def salvage_copy(path: Path) -> SalvageReport:
    """Copy every readable row of the damaged project ``path`` into a new project; the report says
    where and what was lost. Raises :class:`OSError` or ``sqlite3.Error`` only if nothing can be read."""
    if OPEN_PROJECTS.holds(path):
        raise RuntimeError(f"{path}: is open in this process; close it before salvaging")
    target = salvage_path(path)
    report = SalvageReport(target)
    scratch = Path(tempfile.mkdtemp(prefix="annotator-salvage-"))
    try:
        recovered = _shell_recover(path, scratch / "recovered.db")
        report.recovered_by_sqlite = recovered is not None
        _copy_into(recovered or path, target, report)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return report


def _shell_recover(path: Path, out: Path) -> Path | None:
    """``sqlite3 DAMAGED .recover | sqlite3 OUT``, when the shell is installed; ``None`` otherwise or if
    it fails. Run on a copy, so that the shell never touches the damaged file (nor its locks)."""
    shell = shutil.which("sqlite3")
    if shell is None:
        return None
    copy = out.with_name("damaged.db")
    try:
        with OPEN_PROJECTS.exclusive():  # a raw copy: only while no connection of ours is on the file
            if OPEN_PROJECTS.holds(path):
                return None
            shutil.copyfile(path, copy)
            if os.path.exists(f"{path}-wal"):
                shutil.copyfile(f"{path}-wal", f"{copy}-wal")
        sql = subprocess.run([shell, str(copy), ".recover"], capture_output=True, timeout=600, check=True).stdout
        subprocess.run([shell, str(out)], input=sql, capture_output=True, timeout=600, check=True)
    except (OSError, subprocess.SubprocessError):
        with contextlib.suppress(OSError):
            out.unlink()
        return None
    try:
        check = sqlite3.connect(f"{out.resolve().as_uri()}?mode=ro", uri=True)
        try:
            usable = check.execute("SELECT count(*) FROM sqlite_master WHERE name = 'articles'").fetchone()[0] == 1
        finally:
            check.close()
    except sqlite3.Error:
        usable = False
    return out if usable else None  # it could not make sense of the file: read the damaged one directly


def _copy_into(damaged: Path, target: Path, report: SalvageReport) -> None:
    from .sqlite import Store

    source = sqlite3.connect(f"{damaged.resolve().as_uri()}?mode=ro", uri=True)
    try:
        with Store.open(target) as store:
            conn = store.db.conn
            for table in _TABLES:
                columns = _common_columns(source, conn, table)
                if not columns:
                    continue
                copied, lost = _copy_table(source, conn, table, columns)
                report.copied[table], report.lost[table] = copied, lost
            store.update_search_index()
    finally:
        source.close()


def _common_columns(source: sqlite3.Connection, target: sqlite3.Connection, table: str) -> list[str]:
    try:
        theirs = {r[1] for r in source.execute(f"PRAGMA table_info({table})")}
    except sqlite3.DatabaseError:
        return []
    return [r[1] for r in target.execute(f"PRAGMA table_info({table})") if r[1] in theirs]


def _copy_table(
    source: sqlite3.Connection, target: sqlite3.Connection, table: str, columns: list[str]
) -> tuple[int, int]:
    names = ", ".join(f'"{c}"' for c in columns)
    insert = f"INSERT OR IGNORE INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"  # noqa: S608
    select = f"SELECT rowid, {names} FROM {table} WHERE rowid > ? ORDER BY rowid LIMIT ?"  # noqa: S608
    copied = lost = 0
    last = 0
    misses = 0
    target.execute("BEGIN IMMEDIATE")
    try:
        while misses < _GIVE_UP_AFTER:
            try:
                rows = source.execute(select, (last, _CHUNK)).fetchall()
            except sqlite3.DatabaseError:
                single = _one_by_one(source, select, last)
                if single is None:  # this rowid cannot be read: step over it
                    last += 1
                    misses += 1
                    lost += 1
                    continue
                rows = single
            if not rows:
                break
            misses = 0
            for rowid, *values in rows:
                last = rowid
                if table == "settings" and values[columns.index("key")] in _NOT_COPIED_SETTINGS:
                    continue
                try:
                    added = target.execute(insert, values).rowcount
                except sqlite3.DatabaseError:  # breaks a rule of the file (its parent row was lost)
                    added = 0
                copied += added
                lost += 1 - added
        target.execute("COMMIT")
    except BaseException:
        target.execute("ROLLBACK")
        raise
    return copied, lost


def _one_by_one(source: sqlite3.Connection, select: str, last: int) -> list[Any] | None:
    """The next single row after ``last``, or ``None`` when even that cannot be read."""
    try:
        return source.execute(select, (last, 1)).fetchall()
    except sqlite3.DatabaseError:
        return None
