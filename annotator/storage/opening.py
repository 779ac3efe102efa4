"""Opening a project file safely: recognise it, refuse what is not ours, migrate older ones after a backup."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import sqlite3
import time
from pathlib import Path

from ..domain.open_projects import OPEN_PROJECTS
from .errors import ProjectDamagedError, ProjectFileError
from .schema import APPLICATION_ID, SCHEMA_VERSION

SQLITE_HEADER = b"SQLite format 3\x00"


def read_raw_header(path: Path) -> bytes:
    """The first 100 bytes of ``path`` through a plain descriptor: the ONLY raw read of a project file.

    Closing that descriptor would drop every SQLite lock this process holds on the file (POSIX
    advisory locks belong to the process, not to the descriptor), so it is refused while any
    connection of this process is on it. Callers hold ``OPEN_PROJECTS.exclusive()``.
    """
    if OPEN_PROJECTS.holds(path):
        raise RuntimeError(f"{path}: open in this process; a raw read would drop its SQLite locks")
    with path.open("rb") as handle:
        return handle.read(100)


def inspect_project(path: Path) -> int | None:
    """The schema version of an existing project file, or ``None`` for an empty new database.

    Reads only (a read-only connection), so that a file we refuse stays byte-identical. The raw
    header checks (not SQLite at all; cut short by an interrupted copy) run only while this process
    has no connection on the file; a file we already hold was checked when it was first opened, and
    is then inspected through SQLite alone.
    """
    raw = not OPEN_PROJECTS.holds(path)
    header = b""
    try:
        if raw:
            header = read_raw_header(path)
        size = path.stat().st_size
    except OSError as exc:
        raise ProjectFileError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
    if raw and header[: len(SQLITE_HEADER)] != SQLITE_HEADER:
        raise ProjectFileError(f"{path}: not an annotator project (the file is not an SQLite database)")
    # Without a write-ahead log beside it, everything is in the file itself: read it as immutable so
    # that SQLite creates no -wal/-shm files beside a file we may refuse. With a log (an unclean exit,
    # or another program has it open), committed edits may live only there, so read it normally.
    wal = path.with_name(path.name + "-wal")
    immutable = "" if (wal.exists() or not raw) else "&immutable=1"
    if raw and not wal.exists():
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
            raise ProjectDamagedError(f"{path}: the project file is damaged ({detail})")
        return int(version)
    except sqlite3.DatabaseError as exc:
        raise ProjectDamagedError(f"{path}: the project file is damaged or truncated ({exc})") from exc
    finally:
        conn.close()


def _check_size(path: Path, header: bytes, size: int) -> None:
    """Refuse a file cut short (an interrupted copy): SQLite reads the missing end of the last page as
    zeros and ``quick_check`` may pass while a record has lost its tail."""
    if len(header) < 100:
        raise ProjectDamagedError(f"{path}: the project file is truncated ({size} bytes)")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    pages_valid = header[92:96] == header[24:28]  # the header's page count is current
    expected = pages * page_size if pages_valid else size
    if page_size < 512 or size % page_size or size < expected:
        raise ProjectDamagedError(
            f"{path}: the project file is truncated ({size} bytes where it should have {expected}); "
            "it may be an interrupted copy: use the original or a backup"
        )


def backup_before_migration(path: Path, version: int) -> Path:
    """Copy the project beside itself before a migration changes it; returns the copy's path.

    Called under the migration's write lock, so the copy is the file as it was. Written under a
    hidden temporary name and moved into place whole: a kill mid-copy leaves no ``.bak`` that is
    half a project (the leftover is removed by :func:`remove_stale_leftovers` on the next open).
    """
    target = path.with_name(f"{path.name}.v{version}.bak")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.v{version}.{n}.bak")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.bak.part")
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(tmp)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    shutil.copymode(path, tmp)
    os.replace(tmp, target)
    return target


#: Hidden files we make beside a project while creating it or backing it up: ``.NAME.PID.HEX.SUFFIX``.
_LEFTOVER_SUFFIXES = (".creating", ".bak.part")


def remove_stale_leftovers(path: Path) -> list[Path]:
    """Remove the temporary files a killed program left beside ``path`` (a project being created or
    backed up), with their -wal/-shm; returns what was removed.

    A leftover belongs to the process whose id is in its name: it is removed only when that process
    is gone (on this machine) or the file is a day old (another machine on a share). Only names are
    looked at and files unlinked; nothing is opened.
    """
    prefix = f".{path.name}."
    removed: list[Path] = []
    try:
        entries = list(os.scandir(path.parent if str(path.parent) else "."))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        base = name.removesuffix("-wal").removesuffix("-shm").removesuffix("-journal")
        if not name.startswith(prefix) or not base.endswith(_LEFTOVER_SUFFIXES):
            continue
        pid_text = base[len(prefix) :].split(".", 1)[0]
        if not pid_text.isdigit() or not _is_stale(int(pid_text), entry):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def _is_stale(pid: int, entry: os.DirEntry[str]) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive but not ours (PermissionError), or no signals on this system
        pass
    try:
        return time.time() - entry.stat(follow_symlinks=False).st_mtime > 86400
    except OSError:
        return False
