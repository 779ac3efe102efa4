"""Nothing lost at the data boundaries (issue 20): an export never overwrites a project, a folder import
never reads one, two writers on one layer do not silently overwrite each other, a window whose WAL
was unlinked stops saying "Saved", and a kill while creating a project leaves nothing behind for good.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import main as cli_main
from annotator.domain import AnnotatorError, Origin, Span, Status
from annotator.editing import AddSpan, RelabelSpan, RemoveSpan, SetStatus
from annotator.interchange import ImportProblem, read_paths
from annotator.services.editing_session import EditingSession
from annotator.services.exporting import export_project
from annotator.services.scheme import project_scheme
from annotator.storage import LayerConflictError, ProjectReplacedError, Store

from .projects import build_project, sha256

ROOT = Path(__file__).resolve().parents[2]


def _reopen_elsewhere(project: Path) -> None:
    """Another program opens and closes the project (as any ``annotator`` command does)."""
    code = "import sys; from annotator.storage import Store; Store.open(sys.argv[1], create=False).close()"
    subprocess.run([sys.executable, "-c", code, str(project)], check=True, cwd=ROOT, timeout=60)


# -- export never overwrites a project ---------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_cli_export_refuses_the_project_and_its_side_files(tmp_path: Path, suffix: str, capsys) -> None:
    project = build_project(tmp_path / "p.annotator", articles=2)
    before = sha256(project)
    code = cli_main(["export", str(project), f"{project}{suffix}", "--annotator", "model", "--force"])
    assert code != 0
    assert "would destroy the project" in capsys.readouterr().err
    assert sha256(project) == before
    with Store.open(project, create=False) as store:
        assert store.article_count() == 2 and store.integrity_problems() == []


def test_export_refuses_a_symlink_or_another_open_project(tmp_path: Path) -> None:
    project = build_project(tmp_path / "p.annotator", articles=2)
    other = build_project(tmp_path / "other.annotator", articles=1)
    link = tmp_path / "looks-harmless.jsonl"
    link.symlink_to(project)
    with Store.open(project) as store, Store.open(other) as other_store:
        for target in (link, Path(os.path.relpath(project)), other, Path(f"{other}-wal")):
            with pytest.raises(AnnotatorError, match="would destroy the project"):
                export_project(store, target, annotator="model", force=True)
        assert other_store.article_count() == 1
        # An ordinary file is still overwritten with --force.
        plain = tmp_path / "out.jsonl"
        plain.write_text("old\n")
        assert export_project(store, plain, annotator="model", force=True) == 2
    assert link.resolve() == project.resolve()


# -- folder imports never read an open project -------------------------------------------------------


def test_folder_import_with_a_forced_format_skips_the_open_project(tmp_path: Path) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    project = build_project(folder / "p.annotator", articles=2)
    (folder / "note.txt").write_text("A headline\nThe minister said the talks would go on.\n", encoding="utf-8")
    with Store.open(project) as store:
        store.set_setting("touch", "1")  # the WAL and shared-memory files exist now
        assert Path(f"{project}-wal").exists() and Path(f"{project}-shm").exists()
        wal = os.stat(f"{project}-wal").st_ino
        results = list(read_paths([folder], format="txt"))
        sources = [getattr(r, "source", "") for r in results]
        assert [Path(s).name for s in sources] == ["note.txt"], sources
        explicit = list(read_paths([project], format="txt"))
        assert len(explicit) == 1 and isinstance(explicit[0], ImportProblem)
        assert "open project" in str(explicit[0])
        # The proof that matters: our SQLite locks survived, so another program does not delete the WAL.
        _reopen_elsewhere(project)
        assert os.stat(f"{project}-wal").st_ino == wal
        store.set_setting("after", "1")
    with Store.open(project, create=False) as store:
        assert store.setting("after") == "1"


# -- two writers on one layer -------------------------------------------------------------------------


def _two_windows(project: Path) -> tuple[Store, Store, EditingSession, EditingSession]:
    a, b = Store.open(project), Store.open(project)
    scheme = project_scheme(a)
    return a, b, EditingSession(a, "art-0", "ana", scheme), EditingSession(b, "art-0", "ana", scheme)


def test_a_stale_window_redoes_its_edit_on_the_fresh_layer(tmp_path: Path) -> None:
    project = build_project(tmp_path / "p.annotator", articles=1)
    a, b, win_a, win_b = _two_windows(project)
    try:
        win_a.perform(AddSpan(Span("s1", 0, 7, "ORG", Origin.HUMAN)))
        result = win_b.perform(AddSpan(Span("s2", 12, 20, "PERSON", Origin.HUMAN)))  # B never saw s1
        assert result.rebased
        stored = {s.id for s in a.annotations("art-0", "ana").spans}
        assert stored == {"s1", "s2"} == {s.id for s in win_b.state.spans}
    finally:
        a.close()
        b.close()


def test_last_write_no_longer_wins_silently(tmp_path: Path) -> None:
    project = build_project(tmp_path / "p.annotator", articles=1)
    a, b, win_a, win_b = _two_windows(project)
    try:
        win_a.perform(AddSpan(Span("s1", 0, 7, "ORG", Origin.HUMAN)))
        win_b.reload()
        win_a.perform(RemoveSpan("s1"))
        with pytest.raises(LayerConflictError, match="was undone"):
            win_b.perform(RelabelSpan("s1", "GPE"))  # its span is gone: the edit cannot be redone
        stored = a.annotations("art-0", "ana")
        assert stored.spans == () and win_b.state == stored  # B now shows what is stored
        # An undo from before the reload is refused rather than wiping A's work.
        first = win_b.perform(SetStatus(Status.IN_PROGRESS))
        win_a.perform(AddSpan(Span("s3", 30, 40, "GPE", Origin.HUMAN)))
        win_b.perform(SetStatus(Status.DONE))  # conflict: redone on the fresh state, generation moves on
        with pytest.raises(LayerConflictError, match="cannot be undone"):
            win_b.restore(first.before, generation=first.generation)
        assert {s.id for s in a.annotations("art-0", "ana").spans} == {"s3"}
    finally:
        a.close()
        b.close()


def test_revision_counts_every_write_and_guards_each(tmp_path: Path) -> None:
    project = build_project(tmp_path / "p.annotator", articles=1)
    with Store.open(project) as store:
        assert store.layer_revision("art-0", "model") == 1  # written once by build_project
        layer, revision = store.annotations_at("art-0", "model")
        store.replace_layer(layer)
        assert store.layer_revision("art-0", "model") == revision + 1
        from annotator.domain import Annotations, Change

        empty = Annotations("art-0", "ana")
        change = Change.between(empty, empty.with_status(Status.DONE))
        assert store.apply(change, expected_revision=0) == 1
        with pytest.raises(LayerConflictError):
            store.apply(change, expected_revision=0)
        conn = sqlite3.connect(project)
        try:
            assert conn.execute("SELECT revision FROM layers WHERE annotator = 'ana'").fetchone() == (1,)
        finally:
            conn.close()


# -- the watchdog ------------------------------------------------------------------------------------


def test_a_window_whose_wal_was_unlinked_stops_accepting_edits(tmp_path: Path) -> None:
    project = build_project(tmp_path / "p.annotator", articles=1)
    with Store.open(project) as store:
        session = EditingSession(store, "art-0", "ana", project_scheme(store))
        session.perform(AddSpan(Span("s1", 0, 7, "ORG", Origin.HUMAN)))
        os.unlink(f"{project}-wal")  # what another program did once our locks were gone
        with pytest.raises(ProjectReplacedError, match="changed under this window; reopen it"):
            session.perform(AddSpan(Span("s2", 12, 20, "PERSON", Origin.HUMAN)))
        with pytest.raises(ProjectReplacedError):
            store.set_setting("x", "1")  # and it stays refused


def test_a_window_whose_project_was_replaced_stops_accepting_edits(tmp_path: Path) -> None:
    project = build_project(tmp_path / "p.annotator", articles=1)
    other = build_project(tmp_path / "q.annotator", articles=1)
    with Store.open(project) as store:
        os.replace(other, project)
        with pytest.raises(ProjectReplacedError):
            store.set_setting("x", "1")


# -- stale .creating files -----------------------------------------------------------------------------


def test_stale_creating_files_of_a_dead_process_are_removed_on_the_next_open(tmp_path: Path) -> None:
    project = tmp_path / "new.annotator"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    stale = [tmp_path / f".new.annotator.{dead_pid}.ab12cd34.creating{s}" for s in ("", "-wal", "-shm")]
    stale.append(tmp_path / f".new.annotator.{dead_pid}.0011aabb.bak.part")
    live = tmp_path / f".new.annotator.{os.getppid()}.ffff0000.creating"  # a live process is still at it
    unrelated = tmp_path / f".other.annotator.{dead_pid}.ab12cd34.creating"
    for path in (*stale, live, unrelated):
        path.write_bytes(b"")
    Store.open(project).close()
    assert [p for p in stale if p.exists()] == []
    assert live.exists() and unrelated.exists()
    Store.open(project).close()  # an existing project cleans up too
    assert live.exists()


# -- one gateway for every open -------------------------------------------------------------------------


def test_second_handles_in_this_process_keep_the_windows_locks(tmp_path: Path) -> None:
    """Twenty in-process opens and closes (export, pre-annotation, review jobs do this) leave the
    window's locks in place: another program's open and close then leaves its WAL alone."""
    from annotator.storage.opening import read_raw_header

    project = build_project(tmp_path / "p.annotator", articles=2)
    with Store.open(project) as window:
        window.set_setting("touch", "1")
        wal = os.stat(f"{project}-wal").st_ino
        for _ in range(20):
            Store.open(project, create=False, readonly=_ % 2 == 0).close()
        with pytest.raises(RuntimeError, match="would drop its SQLite locks"):
            read_raw_header(project)  # the one raw read refuses a file this process holds
        _reopen_elsewhere(project)
        assert os.stat(f"{project}-wal").st_ino == wal
        from .test_multi_handle import unlinked_side_files

        assert unlinked_side_files(os.getpid()) == []
        window.set_setting("after", "1")
    assert len(read_raw_header(project)) == 100  # closed: the raw checks are allowed again


def test_kills_while_creating_leave_no_creating_files_after_the_next_open(tmp_path: Path) -> None:
    import random
    import signal
    import time

    from .test_migrations import _OPEN_AND_REPORT

    rng = random.Random(11)
    left_at_kill = 0
    for n in range(15):
        project = tmp_path / f"new-{n}.annotator"
        proc = subprocess.Popen([sys.executable, "-c", _OPEN_AND_REPORT, str(project)], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)  # fmt: skip
        assert proc.stdout is not None and proc.stdout.readline() == "OPENING\n"
        time.sleep(rng.uniform(0, 0.08))  # creating takes tens of milliseconds
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        left_at_kill += len(list(tmp_path.glob(f".{project.name}.*.creating*")))
        Store.open(project).close()
        assert list(tmp_path.glob(f".{project.name}.*")) == [], f"kill {n + 1}: leftovers after the next open"
    print(f"\ncreation kills: {left_at_kill} .creating file(s) left by 15 kills, all removed on the next open")
