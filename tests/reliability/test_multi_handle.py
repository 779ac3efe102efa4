"""Several handles on one project, as the product really runs, then SIGKILL (issue 12).

A window process holds the project with an open editing session; background jobs in that same
process open and close their own ``Store`` (export, pre-annotation, review), while other processes run
``annotator`` commands on the file (import, export, articles, agreement, preannotate). The window is
killed at random points. After every kill: every acknowledged edit is in the file, ``integrity_check``
is ok, and while the window ran its WAL was never unlinked (``/proc/<pid>/fd`` shows no deleted
``-wal``/``-shm``, and the ``-wal`` on disk is still the inode the window opened).

The trap this guards against: closing *any* descriptor of a file drops every POSIX lock the process
holds on it, SQLite's included; the next program then believes it is alone and deletes the WAL
under the live window, whose later edits go nowhere.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from annotator.domain import Annotations
from annotator.storage import Store

from .projects import build_project
from .window_child import ANNOTATOR, snapshot

ROOT = Path(__file__).resolve().parents[2]
SEED = int(os.environ.get("RELIABILITY_SEED", "20240611"))
#: Kills of the window per suite run; change with RELIABILITY_MULTI_KILLS.
WINDOW_KILLS = int(os.environ.get("RELIABILITY_MULTI_KILLS", "150"))


@dataclass
class Ledger:
    """What the window's output says the file must hold: acknowledged states, and the one in flight."""

    confirmed: dict[str, Any] = field(default_factory=dict)
    in_flight: tuple[int, str, Any] | None = None
    acknowledged: int = 0
    jobs: dict[str, int] = field(default_factory=dict)
    ready: tuple[int, int] | None = None  # (pid, WAL inode) of the running window

    def feed(self, line: str) -> str:
        kind, _, rest = line.partition(" ")
        if kind == "WILL":
            step, article_id, state = rest.split(" ", 2)
            self.in_flight = (int(step), article_id, json.loads(state))
        elif kind == "DONE":
            assert self.in_flight is not None and self.in_flight[0] == int(rest), f"DONE without WILL: {line}"
            self.confirmed[self.in_flight[1]] = self.in_flight[2]
            self.in_flight = None
            self.acknowledged += 1
        elif kind == "JOB":
            self.jobs[rest] = self.jobs.get(rest, 0) + 1
        elif kind == "READY":
            pid, wal = rest.split()
            self.ready = (int(pid), int(wal))
        elif kind != "PAUSED":
            raise AssertionError(f"unexpected line from the window: {line!r}")
        return kind


def start_window(
    project: Path, seed: int, step_base: int, script: str, err: Path, job: str | None = None
) -> subprocess.Popen[str]:
    with err.open("a") as stderr:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.window_child", str(project), str(seed),
             "--step-base", str(step_base), "--script", script, *(["--job", job] if job else [])],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, cwd=ROOT, text=True,
        )  # fmt: skip


class Windows:
    """Windows forked on request by one zygote process (see ``window_child.zygote``)."""

    def __init__(self, folder: Path, err: Path) -> None:
        self.folder = folder
        with err.open("a") as stderr:
            self.zygote = subprocess.Popen(
                [sys.executable, "-m", "tests.reliability.window_child", "--zygote"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, cwd=ROOT, text=True,
            )  # fmt: skip
        self.count = 0

    def _ask(self, line: str) -> list[str]:
        assert self.zygote.stdin is not None and self.zygote.stdout is not None
        self.zygote.stdin.write(line + "\n")
        self.zygote.stdin.flush()
        return self.zygote.stdout.readline().split()

    def start(self, project: Path, seed: int, step_base: int, job: str | None) -> tuple[int, Any]:
        """Fork a window; returns its pid and the stream of its lines."""
        self.count += 1
        fifo = self.folder / f"window-{self.count}.fifo"
        os.mkfifo(fifo)
        answer = self._ask(f"FORK {project} {seed} {step_base} {job or '-'} {fifo}")
        assert answer[0] == "FORKED", answer
        stream = fifo.open()  # meets the window opening it for writing
        fifo.unlink()
        return int(answer[1]), stream

    def kill(self, pid: int) -> None:
        os.kill(pid, signal.SIGKILL)
        answer = self._ask(f"REAP {pid}")
        assert answer == ["REAPED", str(pid), str(int(signal.SIGKILL))], f"the window ended by itself: {answer}"

    def close(self) -> None:
        self.zygote.kill()
        self.zygote.wait(timeout=30)


def unlinked_side_files(pid: int) -> list[str]:
    """The project side files the process still has open although they were deleted from the folder."""
    found = []
    fd_dir = Path(f"/proc/{pid}/fd")
    for fd in os.listdir(fd_dir):
        try:
            target = os.readlink(fd_dir / fd)
        except OSError:
            continue
        if target.endswith(" (deleted)") and ("-wal" in target or "-shm" in target):
            found.append(target)
    return found


def wal_problems(project: Path, ledger: Ledger) -> list[str]:
    """Whether the live window's WAL is still the file on disk (checked just before each kill)."""
    assert ledger.ready is not None
    pid, wal_inode = ledger.ready
    problems = unlinked_side_files(pid)
    try:
        now = os.stat(f"{project}-wal").st_ino
    except FileNotFoundError:
        now = None
    if now != wal_inode:
        problems.append(f"{project.name}-wal is inode {now}, the window opened inode {wal_inode}")
    return problems


def kill(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL, "the window ended by itself"


def verify(project: Path, ledger: Ledger, article_ids: list[str]) -> int:
    """After a kill: the file is sound and holds every acknowledged edit; returns layers compared."""
    with Store.open(project, create=False) as store:
        assert store.db.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert store.db.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        for article_id in article_ids:
            found = json.loads(json.dumps(snapshot(store.annotations(article_id, ANNOTATOR)), sort_keys=True))
            expected = ledger.confirmed.get(article_id, snapshot(Annotations(article_id, ANNOTATOR)))
            if ledger.in_flight is not None and ledger.in_flight[1] == article_id and found == ledger.in_flight[2]:
                ledger.confirmed[article_id] = found  # committed just before the kill, not yet acknowledged
                continue
            assert found == expected, f"{article_id}: an acknowledged edit is missing from the file"
    ledger.in_flight = None
    return len(article_ids)


def test_window_export_then_cli_then_crash_loses_nothing(tmp_path: Path) -> None:
    """The exact sequence of issue 12: a window edits, File → Export runs in the same process on its
    own Store and closes it, an ``annotator`` command runs on the file from a shell, the window edits
    on (the status bar says "Saved"), then the window process dies. Nothing acknowledged may be lost."""
    project = build_project(tmp_path / "week.annotator")
    with Store.open(project) as store:
        article_ids = store.article_ids()
    ledger = Ledger()
    window = start_window(project, SEED, 0, "exact", tmp_path / "window.err")
    assert window.stdout is not None and window.stdin is not None
    try:
        while ledger.feed(window.stdout.readline().rstrip("\n")) != "PAUSED":
            pass
        assert ledger.jobs == {"export": 1} and ledger.acknowledged >= 1
        cli = subprocess.run(
            [sys.executable, "-m", "annotator.cli", "articles", str(project)],
            capture_output=True, text=True, cwd=ROOT, timeout=120,
        )  # fmt: skip
        assert cli.returncode == 0, cli.stderr
        window.stdin.write("go\n")
        window.stdin.flush()
        before = ledger.acknowledged
        while ledger.feed(window.stdout.readline().rstrip("\n")) != "PAUSED":
            pass
        assert ledger.acknowledged > before, "the window made no edit after the command"
        problems = wal_problems(project, ledger)
    finally:
        kill(window)
    verify(project, ledger, article_ids)
    assert problems == [], f"the window's WAL was unlinked under it: {problems}"


@pytest.mark.slow
@pytest.mark.timeout(400)
def test_windows_jobs_and_commands_then_sigkill(tmp_path: Path, record_property: Any) -> None:
    project = build_project(tmp_path / "team.annotator")
    with Store.open(project) as store:
        article_ids = store.article_ids()[:6]
    rng = random.Random(SEED)
    ledger = Ledger()
    err = tmp_path / "children.err"

    def start_traffic() -> subprocess.Popen[str]:
        with err.open("a") as stderr:
            return subprocess.Popen(
                [sys.executable, "-m", "tests.reliability.traffic_child", str(project),
                 str(rng.randrange(2**31)), str(tmp_path / "traffic")],
                stdout=subprocess.DEVNULL, stderr=stderr, cwd=ROOT, text=True,
            )  # fmt: skip

    traffic = start_traffic()
    windows = Windows(tmp_path, err)
    kills = traffic_kills = layers = 0
    unlinked: list[str] = []
    started = time.perf_counter()
    step = 0
    phases = {"start-up": 0.0, "editing": 0.0, "checking": 0.0}
    try:
        for n in range(WINDOW_KILLS):
            t0 = time.perf_counter()
            seed = rng.randrange(2**31)
            # One window in twelve pre-annotates in the background (spaCy loads there: seconds) and
            # is killed only once that job has written and closed its Store.
            job = "preannotate" if n % 12 == 3 else None
            pid, stream = windows.start(project, seed, step, job)
            kill_after = rng.choice([0, 1, rng.randint(2, 10), rng.randint(5, 25)])
            done = 0
            waiting = job is not None
            try:
                for raw in stream:
                    kind = ledger.feed(raw.rstrip("\n"))
                    if kind == "READY":
                        t1 = time.perf_counter()
                    if kind == "WILL":
                        step = max(step, ledger.in_flight[0] if ledger.in_flight else step)
                    done += kind == "DONE"
                    waiting = waiting and not raw.startswith(f"JOB {job}")
                    if kind in ("DONE", "READY") and done >= kill_after and not waiting:
                        time.sleep(rng.choice([0.0, rng.uniform(0, 0.003), rng.uniform(0, 0.03)]))
                        unlinked += [f"kill {n + 1}: {p}" for p in wal_problems(project, ledger)]
                        break
            finally:
                windows.kill(pid)
            rest = stream.read()
            stream.close()
            for line in rest.splitlines(keepends=True):
                if line.endswith("\n"):
                    ledger.feed(line.rstrip("\n"))
            kills += 1
            t2 = time.perf_counter()
            if rng.random() < 0.1:  # the shell command dies too, mid-command or between two
                traffic.send_signal(signal.SIGKILL)
                traffic.wait(timeout=30)
                traffic_kills += 1
                traffic = start_traffic()
            try:
                layers += verify(project, ledger, article_ids)
            except AssertionError as exc:
                raise AssertionError(f"kill {n + 1} (RELIABILITY_SEED={SEED}, window seed {seed}): {exc}") from exc
            assert traffic.poll() is None, f"the command-line traffic stopped:\n{err.read_text()[-2000:]}"
            phases["start-up"] += t1 - t0
            phases["editing"] += t2 - t1
            phases["checking"] += time.perf_counter() - t2
    finally:
        traffic.send_signal(signal.SIGKILL)
        traffic.wait(timeout=30)
        windows.close()
    elapsed = time.perf_counter() - started
    summary = (
        f"multi-handle: {kills} window SIGKILLs + {traffic_kills} command-line SIGKILLs, "
        f"{ledger.acknowledged} acknowledged edits checked, none lost; {layers} layers compared; "
        f"background jobs finished in the window {dict(sorted(ledger.jobs.items()))}; {elapsed:.1f}s ("
        + ", ".join(f"{k} {v:.0f}s" for k, v in phases.items())
        + f"), seed {SEED}"
    )
    print("\n" + summary)
    record_property("multi_handle_summary", summary)
    assert unlinked == [], f"a live window's WAL was unlinked: {unlinked[:5]}"
    assert kills >= min(100, WINDOW_KILLS)
    assert ledger.acknowledged > kills  # the kills landed inside real sessions, not only at start-up
    assert sum(ledger.jobs.values()) > 0  # background jobs did open and close their own Store
