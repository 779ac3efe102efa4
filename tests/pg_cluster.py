"""A throwaway PostgreSQL cluster for the tests and benchmarks: initdb into a temporary folder, a unix
socket beside it, no TCP port, stopped and removed at the end.

``initdb`` refuses to run as root, so as root the cluster runs as an unprivileged system user
(``annotator-pg``, created when missing); the folders are made readable to root, who can read
anything anyway. Only the binaries of PostgreSQL 15 (or ``$ANNOTATOR_PG_BIN``) are needed.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

PG_BIN_ENV = "ANNOTATOR_PG_BIN"
DEFAULT_BINS = ("/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/14/bin")
SYSTEM_USER = "annotator-pg"
SUPERUSER = "annotator_admin"


def find_pg_bin() -> Path | None:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres``, or ``None`` where none is installed."""
    candidates = [os.environ[PG_BIN_ENV]] if os.environ.get(PG_BIN_ENV) else list(DEFAULT_BINS)
    for folder in candidates:
        if all((Path(folder) / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return Path(folder)
    return None


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _tool(name: str) -> str:
    """A system tool by name, also where root's PATH lacks the sbin folders (some CI images)."""
    for folder in ("/usr/sbin", "/sbin", "/usr/bin", "/bin"):
        if os.path.exists(f"{folder}/{name}"):
            return shutil.which(name) or f"{folder}/{name}"
    return shutil.which(name) or name


def _ensure_system_user() -> pwd.struct_passwd:
    """The unprivileged user the cluster runs as: ``annotator-pg``, created when missing; where no
    user can be created, the existing ``postgres`` or ``nobody``."""
    try:
        return pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        pass
    try:
        subprocess.run(
            [_tool("useradd"), "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SYSTEM_USER],
            check=True,
            capture_output=True,
        )
        return pwd.getpwnam(SYSTEM_USER)
    except (OSError, subprocess.CalledProcessError, KeyError):
        for fallback in ("postgres", "nobody"):
            with contextlib.suppress(KeyError):
                return pwd.getpwnam(fallback)
        raise


class PostgresCluster:
    """One running cluster. ``url(db)`` is a ``postgresql://`` URL for its superuser over the socket.

    ``durable=False`` (the tests) turns off fsync: a test cluster need not survive a power cut, and
    every commit waiting for the disk would make the suite several times slower on a shared machine.
    The benchmarks run with the defaults (fsync and synchronous commit on), as a real server would.
    """

    def __init__(self, bin_dir: Path, *, durable: bool = False, tcp: bool = False, password: str | None = None) -> None:
        self.bin_dir = bin_dir
        self.password = password  # the superuser's; then every login needs its password (scram-sha-256)
        self.durable = durable
        self.tcp = tcp  # also listen on loopback (the benchmarks' "commit on loopback")
        self.base = Path(tempfile.mkdtemp(prefix="annotator-pg-"))
        self.data = self.base / "data"
        self.socket_dir = self.base / "socket"
        self.log = self.base / "server.log"
        self._as_user: list[str] = []
        self._options = ""
        self.port = 5432

    # -- life -----------------------------------------------------------------------------
    def start(self) -> PostgresCluster:
        self.socket_dir.mkdir()
        os.chmod(self.base, 0o755)
        if os.geteuid() == 0:
            user = _ensure_system_user()
            for path in (self.base, self.socket_dir):
                os.chown(path, user.pw_uid, user.pw_gid)
            self._as_user = [_tool("runuser"), "-u", user.pw_name, "--"]
        auth = ["-A", "trust"]
        if self.password is not None:
            secret = self.base / "superuser.pw"
            secret.write_text(self.password + "\n", encoding="utf-8")
            if self._as_user:
                os.chown(secret, user.pw_uid, user.pw_gid)
            auth = ["-A", "scram-sha-256", f"--pwfile={secret}"]
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, *auth, "-E", "UTF8", "--locale=C", "--no-sync")
        if self.tcp:
            self.port = _free_port()
        options = [
            "-c", f"listen_addresses={'127.0.0.1' if self.tcp else ''}",
            "-c", f"port={self.port}",
            "-c", f"unix_socket_directories={self.socket_dir}",
            "-c", "max_connections=100",
            "-c", "shared_buffers=64MB",
        ]  # fmt: skip
        if not self.durable:
            options += ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
        self._options = " ".join(options)
        self.resume()
        return self

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.CalledProcessError):
                self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.base, ignore_errors=True)

    def restart(self) -> None:
        """Stop and start again (fast shutdown): every open connection is cut, as a server restart does."""
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-m", "fast", "-w", "-t", "60", "restart")

    def pause(self) -> None:
        """Stop the server but keep its data (``resume`` starts it again): the network gone, for the app."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "-o", self._options, "start")

    def _run(self, tool: str, *args: str) -> subprocess.CompletedProcess[str]:
        try:
            return subprocess.run(
                [*self._as_user, str(self.bin_dir / tool), *args], check=True, capture_output=True, text=True
            )
        except subprocess.CalledProcessError as exc:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{tool} failed ({exc.returncode}): {exc.stderr}\n{log}") from exc

    # -- connecting -----------------------------------------------------------------------
    def url(self, database: str = "postgres", user: str = SUPERUSER, password: str | None = None) -> str:
        if password is None and user == SUPERUSER:
            password = self.password
        """A libpq URL over the unix socket (the host is the socket folder, percent-encoded)."""
        from urllib.parse import quote

        auth = quote(user, safe="") + (f":{quote(password, safe='')}" if password else "")
        host = "127.0.0.1" if self.tcp else quote(str(self.socket_dir), safe="")
        return f"postgresql://{auth}@{host}:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new empty database; its URL for the superuser."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def __enter__(self) -> PostgresCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
