"""Opening a project file safely: recognise it, refuse what is not ours, migrate older ones after a backup."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from .errors import ProjectFileError
from .schema import APPLICATION_ID, SCHEMA_VERSION

SQLITE_HEADER = b"SQLite format 3\x00"


def inspect_project(path: Path) -> int | None:
    """The schema version of an existing project file, or ``None`` for an empty new database.

    Reads only (a read-only connection), so that a file we refuse stays byte-identical.
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
        size = path.stat().st_size
    except OSError as exc:
        raise ProjectFileError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
    if header[: len(SQLITE_HEADER)] != SQLITE_HEADER:
        raise ProjectFileError(f"{path}: not an annotator project (the file is not an SQLite database)")
    # Without a write-ahead log beside it, everything is in the file itself: read it as immutable so
    # that SQLite creates no -wal/-shm files beside a file we may refuse. With a log (an unclean exit,
    # or another program has it open), committed edits may live only there, so read it normally.
    wal = path.with_name(path.name + "-wal")
    immutable = "" if wal.exists() else "&immutable=1"
    if not wal.exists():
        _check_size(path, header, size)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro{immutable}", uri=True)
    except sqlite3.Error as exc:
        raise ProjectFileError(f"{path}: cannot open the project ({exc})") from exc
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id != APPLICATION_ID:
            if app_id == 0 and tables == 0:
                return None
            raise ProjectFileError(f"{path}: an SQLite database, but not an annotator project")
        if version > SCHEMA_VERSION:
            raise ProjectFileError(
                f"{path}: made by a newer version of annotator (project format {version}, "
                f"this version reads up to {SCHEMA_VERSION}); update annotator to open it"
            )
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            detail = " ".join(check.replace("*** in database main ***", "").split())
            raise ProjectFileError(f"{path}: the project file is damaged ({detail})")
        return int(version)
    except sqlite3.DatabaseError as exc:
        raise ProjectFileError(f"{path}: the project file is damaged or truncated ({exc})") from exc
    finally:
        conn.close()


def _check_size(path: Path, header: bytes, size: int) -> None:
    """Refuse a file cut short (an interrupted copy): SQLite reads the missing end of the last page as
    zeros and ``quick_check`` may pass while a record has lost its tail."""
    if len(header) < 100:
        raise ProjectFileError(f"{path}: the project file is truncated ({size} bytes)")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    pages_valid = header[92:96] == header[24:28]  # the header's page count is current
    expected = pages * page_size if pages_valid else size
    if page_size < 512 or size % page_size or size < expected:
        raise ProjectFileError(
            f"{path}: the project file is truncated ({size} bytes where it should have {expected}); "
            "it may be an interrupted copy: use the original or a backup"
        )


def backup_before_migration(path: Path, version: int) -> Path:
    """Copy the project beside itself before a migration changes it; returns the copy's path."""
    target = path.with_name(f"{path.name}.v{version}.bak")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.v{version}.{n}.bak")
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    shutil.copymode(path, target)
    return target
