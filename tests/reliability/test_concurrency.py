"""Two programs on one project: a writer editing while another reads, imports, exports or holds the lock.

WAL lets readers go on while a writer writes; ``BEGIN IMMEDIATE`` plus the busy timeout make a second
writer wait; a lock held past the timeout gives ProjectBusyError with a clear message and stores
nothing. No write is lost and nobody sees "database is locked".
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from annotator.domain import Annotations, Origin, Span
from annotator.editing import AddSpan
from annotator.services.editing_session import EditingSession
from annotator.services.scheme import project_scheme
from annotator.storage import ProjectBusyError, Store, open_store

from .editing_child import ANNOTATOR, snapshot
from .projects import article_text, build_project

CHILD = Path(__file__).with_name("editing_child.py")
ROOT = Path(__file__).resolve().parents[2]


class EditingChild:
    """The scripted editing session in another process, its output collected by a thread."""

    def __init__(self, project: Path, seed: int, max_edits: int, *, wait_go: bool = False) -> None:
        extra = ["--wait-go"] if wait_go else []
        self.proc = subprocess.Popen(
            [sys.executable, str(CHILD), str(project), str(seed), "--max-edits", str(max_edits), *extra],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            text=True,
        )
        self.lines: list[str] = []
        self.ready = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))
            self.ready.set()

    def go(self) -> None:
        """Let a ``wait_go`` child start editing."""
        assert self.proc.stdin is not None
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()

    def acknowledged(self) -> int:
        return sum(1 for line in list(self.lines) if line.startswith("DONE"))

    @property
    def running(self) -> bool:
        return self.proc.poll() is None

    def finish(self, timeout: float = 120) -> None:
        """Wait for the child to end by itself; fail with its stderr unless it ended cleanly."""
        returncode = self.proc.wait(timeout=timeout)
        self._reader.join(timeout=10)
        stderr = self.proc.stderr.read() if self.proc.stderr else ""
        assert returncode == 0 and self.lines[-1] == "END", f"editing child failed ({returncode}):\n{stderr}"

    def states(self) -> tuple[dict[str, Any], dict[str, list[Any]]]:
        """(last acknowledged state per article, every state each article went through)."""
        final: dict[str, Any] = {}
        history: dict[str, list[Any]] = defaultdict(list)
        pending: tuple[str, Any] | None = None
        for line in self.lines:
            kind, _, rest = line.partition(" ")
            if kind == "WILL":
                _, article_id, state = rest.split(" ", 2)
                pending = (article_id, json.loads(state))
                history[article_id].append(pending[1])
            elif kind == "DONE" and pending is not None:
                final[pending[0]] = pending[1]
        return final, history


def _canonical(ann: Annotations) -> Any:
    return json.loads(json.dumps(snapshot(ann), sort_keys=True))


def _assert_final_states(project: Path | str, final: dict[str, Any]) -> None:
    with open_store(project, create=False) as store:
        assert store.integrity_problems() == []
        for article_id, state in final.items():
            assert _canonical(store.annotations(article_id, ANNOTATOR)) == state, f"{article_id}: a write was lost"


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_a_reader_never_sees_half_an_edit_of_another_process(
    tmp_path: Path, record_property: Any, engine: str, request: pytest.FixtureRequest
) -> None:
    """Another window reads layers while this one edits: every layer it reads is one the editor made
    (on both engines: the file, and a team project on the server)."""
    project = build_project(
        tmp_path / "shared.anno" if engine == "sqlite" else request.getfixturevalue("new_team_project")()
    )
    max_edits = 1500
    child = EditingChild(project, seed=11, max_edits=max_edits, wait_go=True)
    observed: dict[str, list[Any]] = defaultdict(list)
    reads = 0
    reads_during_edits = 0  # reads made after the child's first and before its last acknowledged edit
    with open_store(project, create=False) as store:
        article_ids = store.article_ids()
        assert child.ready.wait(30)  # READY: the child waits for us before its first edit
        child.go()
        while child.running:
            for article_id in article_ids:
                observed[article_id].append(_canonical(store.annotations(article_id, ANNOTATOR)))
                reads += 1
                reads_during_edits += 0 < child.acknowledged() < max_edits
    child.finish()
    assert reads_during_edits > 0, "no read overlapped the other process's editing: the test proved nothing"
    seen_mid_session = sum(len({json.dumps(s, sort_keys=True) for s in states}) for states in observed.values())
    assert seen_mid_session > len(article_ids), "every read saw only the start: no edit was observed"
    final, history = child.states()
    empty = _canonical(Annotations("x", ANNOTATOR))
    for article_id, states in observed.items():
        allowed = {json.dumps(s, sort_keys=True) for s in history[article_id]} | {json.dumps(empty, sort_keys=True)}
        for state in states:
            assert json.dumps(state, sort_keys=True) in allowed, f"{article_id}: read a state the editor never made"
    _assert_final_states(project, final)
    print(
        f"\nconcurrent reads: {reads} layer reads ({reads_during_edits} while editing, {seen_mid_session} distinct "
        f"states) during {child.acknowledged()} edits, all whole states"
    )
    record_property("concurrent_reads", reads)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from annotator.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_cli_import_and_export_while_another_process_edits(tmp_path: Path) -> None:
    """The GUI edits while the CLI imports four files and exports twice: every write lands, none is refused."""
    project = build_project(tmp_path / "shared.anno")
    batches = []
    for b in range(4):
        path = tmp_path / f"batch-{b}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for n in range(150):
                text = f"Batch {b} record {n}. " + article_text(1000 + b * 150 + n)
                out.write(json.dumps({"id": f"b{b}-{n}", "text": text, "title": f"Batch {b} #{n}"}) + "\n")
        batches.append(path)
    child = EditingChild(project, seed=12, max_edits=1200)
    assert child.ready.wait(30)
    runs = []
    for b, path in enumerate(batches):
        runs.append(_cli("import", str(project), str(path)))
        if b % 2:
            runs.append(_cli("export", str(project), str(tmp_path / f"out-{b}.jsonl"), "--annotator", ANNOTATOR))
    child.finish()
    for run in runs:
        assert run.returncode == 0, f"{run.args[3:]}: {run.stderr}"
        assert "locked" not in run.stderr.lower() and "busy" not in run.stderr.lower()
    final, _ = child.states()
    _assert_final_states(project, final)
    with Store.open(project, create=False) as store:
        assert store.article_count() == 6 + 4 * 150
        assert store.search("Batch 3 record 149")[:1] == ["b3-149"]
    for b in (1, 3):
        records = [json.loads(line) for line in (tmp_path / f"out-{b}.jsonl").read_text().splitlines()]
        assert records, "the export wrote nothing"


def _hold_write_lock(project: Path, seconds: float) -> subprocess.Popen[str]:
    """Another program (plain sqlite3) that takes the write lock and keeps it for ``seconds``."""
    code = (
        "import sqlite3, sys, time\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        "c.execute(\"INSERT INTO settings(key, value) VALUES ('other-program', 'was here')\")\n"
        "print('LOCKED', flush=True)\n"
        "time.sleep(float(sys.argv[2]))\n"
        "c.execute('COMMIT')\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(project), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline() == "LOCKED\n"
    return proc


def _session(store: Store) -> EditingSession:
    return EditingSession(store, "art-0", ANNOTATOR, project_scheme(store))


@pytest.mark.timeout(60)
def test_a_second_writer_waits_for_the_lock_and_then_writes(tmp_path: Path) -> None:
    project = build_project(tmp_path / "p.anno", articles=1)
    with Store.open(project, busy_timeout=10) as store:
        session = _session(store)
        holder = _hold_write_lock(project, 1.0)
        started = time.monotonic()
        session.perform(AddSpan(Span("s1", 0, 7, "ORG", Origin.HUMAN)))
        waited = time.monotonic() - started
        assert holder.wait(10) == 0
    assert waited > 0.5, "the edit did not wait for the other program's write"
    with Store.open(project) as store:
        assert [s.id for s in store.annotations("art-0", ANNOTATOR).spans] == ["s1"]
        assert store.setting("other-program") == "was here"  # the other program's write is not lost either


@pytest.mark.timeout(60)
def test_a_write_lock_held_past_the_timeout_gives_a_clear_busy_error_and_stores_nothing(tmp_path: Path) -> None:
    project = build_project(tmp_path / "p.anno", articles=1)
    with Store.open(project, busy_timeout=0.3) as store:
        session = _session(store)
        session.perform(AddSpan(Span("s1", 0, 7, "ORG", Origin.HUMAN)))
        before = session.state
        holder = _hold_write_lock(project, 3.0)
        started = time.monotonic()
        with pytest.raises(ProjectBusyError) as caught:
            session.perform(AddSpan(Span("s2", 8, 12, "PERSON", Origin.HUMAN)))
        waited = time.monotonic() - started
        message = str(caught.value)
        assert str(project) in message and "another program is writing to this project" in message
        assert "try again" in message and "locked" not in message
        assert 0.25 < waited < 2.5, f"waited {waited:.2f}s for a 0.3s busy timeout"
        assert session.state == before  # the session did not move on without the file
        with Store.open(project, readonly=True) as other:
            assert _canonical(other.annotations("art-0", ANNOTATOR)) == _canonical(before)
        assert holder.wait(10) == 0
        session.perform(AddSpan(Span("s2", 8, 12, "PERSON", Origin.HUMAN)))  # once free, the same edit goes in
    with Store.open(project) as store:
        assert sorted(s.id for s in store.annotations("art-0", ANNOTATOR).spans) == ["s1", "s2"]
        assert store.integrity_problems() == []


def _fts_problems(project: Path) -> str | None:
    conn = sqlite3.connect(project)
    try:
        conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
        return None
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        conn.close()


@pytest.mark.timeout(60)
def test_two_windows_indexing_for_search_at_once_do_not_corrupt_the_index(tmp_path: Path) -> None:
    """Both windows find unindexed articles, both wait for the lock; the second must not index them again."""
    project = build_project(tmp_path / "p.anno", articles=8)
    first, second = Store.open(project), Store.open(project)
    try:
        lock = sqlite3.connect(project, isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")
        errors: list[BaseException] = []

        def index(store: Store) -> None:
            try:
                store.update_search_index()
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=index, args=(s,)) for s in (first, second)]
        for t in threads:
            t.start()
        time.sleep(0.5)  # both are now waiting for the lock, having seen the same unindexed rows
        lock.execute("COMMIT")
        lock.close()
        for t in threads:
            t.join(30)
        assert errors == []
        assert _fts_problems(project) is None, "the full-text index is corrupt"
        assert sorted(first.search("minister")) == sorted(set(first.search("minister")))
    finally:
        first.close()
        second.close()
