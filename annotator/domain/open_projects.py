"""OpenProjects: the project files this process holds open through SQLite, known by device and inode.

Why a registry: on POSIX, closing *any* descriptor of a file drops *every* fcntl lock this process
holds on it, SQLite's included. A plain ``open()``/``close()`` of a project (or of its ``-wal``/``-shm``)
while one of our SQLite connections is on it silently unlocks that connection; the next program that
opens the file believes it is alone, checkpoints and deletes the WAL under the live window.

Storage registers every project it opens here; importers (folder walks) and exporters (output
paths) ask it what they must never read or overwrite. It lives in the domain because it is the one
package both storage and interchange may import; it uses the standard library only (``os``,
``threading``) and holds no SQL.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: The files SQLite keeps beside a database while it is in use.
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")

FileIdentity = tuple[int, int]
"""``(st_dev, st_ino)``: a file whatever name (symlink, hard link, relative path) reaches it."""


def identity(path: str | Path) -> FileIdentity | None:
    """The device and inode of ``path`` (following symlinks), or ``None`` when it does not exist."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


class OpenProjects:
    """A thread-safe count of open connections per project file in this process."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._open: dict[FileIdentity, tuple[Path, int]] = {}

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold while opening or closing a project: no other thread opens or closes one meanwhile, so a
        raw check made "before this process's first connection" stays true until it is done."""
        with self._lock:
            yield

    def add(self, path: Path) -> FileIdentity:
        """Count one more connection on ``path``; returns the key to :meth:`remove` it with."""
        with self._lock:
            key = identity(path)
            if key is None:
                raise FileNotFoundError(path)
            known, count = self._open.get(key, (Path(os.path.abspath(path)), 0))
            self._open[key] = (known, count + 1)
            return key

    def remove(self, key: FileIdentity) -> None:
        with self._lock:
            known, count = self._open.get(key, (Path(), 0))
            if count <= 1:
                self._open.pop(key, None)
            else:
                self._open[key] = (known, count - 1)

    def holds(self, path: str | Path) -> bool:
        """Whether this process has a connection on ``path`` (by device and inode)."""
        key = identity(path)
        with self._lock:
            return key is not None and key in self._open

    def paths(self) -> list[Path]:
        """The open projects, as first opened (absolute paths)."""
        with self._lock:
            return [p for p, _ in self._open.values()]

    def protected_identities(self) -> frozenset[FileIdentity]:
        """Every open project and each of its side files that exists now: what must never be opened raw."""
        with self._lock:
            keys = set(self._open)
            paths = [p for p, _ in self._open.values()]
        for path in paths:
            for suffix in SIDE_SUFFIXES:
                key = identity(f"{path}{suffix}")
                if key is not None:
                    keys.add(key)
        return frozenset(keys)

    def protecting(self, path: str | Path) -> Path | None:
        """The open project that ``path`` is, or is a side file of (existing or not yet); else ``None``."""
        key = identity(path)
        if key is not None and key in self.protected_identities():
            return self._owner(key)
        name = os.path.realpath(path)
        for project in self.paths():
            real = os.path.realpath(project)
            if name == real or any(name == real + s for s in SIDE_SUFFIXES):
                return project
        return None

    def _owner(self, key: FileIdentity) -> Path | None:
        with self._lock:
            if key in self._open:
                return self._open[key][0]
            paths = [p for p, _ in self._open.values()]
        for path in paths:
            if any(identity(f"{path}{s}") == key for s in SIDE_SUFFIXES):
                return path
        return None


#: The one registry of this process.
OPEN_PROJECTS = OpenProjects()
