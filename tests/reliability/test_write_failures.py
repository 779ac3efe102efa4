"""Writes that cannot happen: a full disk, a read-only file. A clear message, the edit not silently
dropped (the error reaches the caller and the session stays where the file is), the file sound.

The full disk is simulated with ``PRAGMA max_page_count`` everywhere, and is real (a tiny tmpfs) where
the tests may mount file systems (root on Linux). The read-only file is ``chmod 0444`` (honoured even
for root, who could otherwise write it), ``readonly=True``, and a real read-only bind mount where allowed.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from annotator.domain import Annotations, Article, Origin, Span, Status
from annotator.editing import AddSpan, SetStatus
from annotator.services.editing_session import EditingSession
from annotator.services.scheme import project_scheme
from annotator.storage import ProjectFileError, ProjectWriteError, Store

from .editing_child import ANNOTATOR, snapshot
from .projects import article_text, build_project, sha256


def _canonical(ann: Annotations) -> Any:
    return json.loads(json.dumps(snapshot(ann), sort_keys=True))


def _stored(project: Path, article_id: str = "art-0") -> Any:
    with Store.open(project, readonly=True) as store:
        assert store.integrity_problems() == []
        return _canonical(store.annotations(article_id, ANNOTATOR))


def _big_span(session: EditingSession, n: int) -> AddSpan:
    """An edit that needs new pages: a span with a long note."""
    return AddSpan(Span(f"big{n}", n + 1, n + 6, "PERSON", Origin.HUMAN, {"note": f"{n} " + "x" * 20_000}))


def test_a_full_disk_refuses_the_edit_clearly_and_the_session_stays_with_the_file(tmp_path: Path) -> None:
    project = build_project(tmp_path / "p.anno", articles=2)
    with Store.open(project) as store:
        session = EditingSession(store, "art-0", ANNOTATOR, project_scheme(store))
        session.perform(SetStatus(Status.IN_PROGRESS))
        before = session.state
        conn = store.db.conn
        conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")
        with pytest.raises(ProjectWriteError) as caught:
            session.perform(_big_span(session, 0))
        assert str(caught.value) == f"{project}: the disk is full; the last edit was not stored"
        assert session.state == before
        assert _stored(project) == _canonical(before)
        assert store.integrity_problems() == []
        conn.execute("PRAGMA max_page_count = 1073741823")  # space freed: the same edit goes in
        session.perform(_big_span(session, 0))
    assert [s[0] for s in _stored(project)["spans"]] == ["big0"]


def test_a_full_disk_during_an_import_stores_none_of_the_batch(tmp_path: Path) -> None:
    project = build_project(tmp_path / "p.anno", articles=2)
    with Store.open(project) as store:
        conn = store.db.conn
        conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0] + 3}")
        batch = [(Article(id=f"new-{n}", text=article_text(100 + n) * 20), []) for n in range(50)]
        with pytest.raises(ProjectWriteError, match="disk is full"):
            store.add_articles(batch)
        assert store.article_count() == 2
        assert store.integrity_problems() == []


def _mount_allowed() -> bool:
    return os.geteuid() == 0 and shutil.which("mount") is not None and os.uname().sysname == "Linux"


@contextlib.contextmanager
def _mounted(*args: str, target: Path) -> Iterator[Path]:
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", *args, str(target)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount here: {done.stderr.strip()}")
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], check=False)


@pytest.mark.skipif(not _mount_allowed(), reason="needs root on Linux to mount a small tmpfs")
@pytest.mark.timeout(60)
def test_a_really_full_disk_keeps_every_edit_made_before_it_filled(tmp_path: Path) -> None:
    """A 384 KiB tmpfs filled by real edits: ENOSPC, not a simulation."""
    with _mounted("-t", "tmpfs", "-o", "size=384k", "tmpfs", target=tmp_path / f"small-{uuid.uuid4().hex[:6]}") as disk:
        project = build_project(disk / "p.anno", articles=2)
        stored_before_failure = None
        with Store.open(project) as store:
            session = EditingSession(store, "art-0", ANNOTATOR, project_scheme(store))
            with pytest.raises(ProjectWriteError) as caught:
                for n in range(200):
                    stored_before_failure = session.state
                    session.perform(_big_span(session, n))
            assert "the disk is full; the last edit was not stored" in str(caught.value)
            assert session.state == stored_before_failure
            assert len(session.state.spans) > 0, "the disk filled before any edit: make it bigger"
        # Reopened (the log may still be there: no room to fold it in), every acknowledged edit is present.
        assert _stored(project) == _canonical(stored_before_failure)


def _readonly_cases(tmp_path: Path) -> list[tuple[str, Path, dict[str, bool]]]:
    chmodded = build_project(tmp_path / "chmod.anno", articles=1)
    chmodded.chmod(0o444)
    flagged = build_project(tmp_path / "flag.anno", articles=1)
    return [("chmod 0444", chmodded, {}), ("readonly=True", flagged, {"readonly": True})]


def test_a_readonly_project_opens_for_reading_and_refuses_edits_clearly(tmp_path: Path) -> None:
    for case, project, kwargs in _readonly_cases(tmp_path):
        before = sha256(project)
        with Store.open(project, **kwargs) as store:
            assert store.readonly, case
            assert store.article_ids() == ["art-0"]
            assert store.search("minister") == ["art-0"]  # reading works, search too
            session = EditingSession(store, "art-0", ANNOTATOR, project_scheme(store))
            state = session.state
            with pytest.raises(ProjectWriteError) as caught:
                session.perform(AddSpan(Span("s1", 0, 7, "ORG", Origin.HUMAN)))
            assert str(caught.value) == f"{project}: the project file is read-only; the last edit was not stored"
            assert session.state == state, case
            with pytest.raises(ProjectWriteError, match="read-only"):
                store.add_articles([(Article(id="x", text="Another text."), [])])
            assert store.integrity_problems() == []
        assert sha256(project) == before, f"{case}: a read-only project was changed"


def test_a_new_project_cannot_be_made_readonly(tmp_path: Path) -> None:
    with pytest.raises(ProjectFileError, match="no such project"):
        Store.open(tmp_path / "missing.anno", readonly=True)
    assert not (tmp_path / "missing.anno").exists()


@pytest.mark.skipif(not _mount_allowed(), reason="needs root on Linux for a read-only bind mount")
@pytest.mark.timeout(60)
def test_a_project_on_a_readonly_file_system(tmp_path: Path) -> None:
    """A read-only share or snapshot: even root cannot write, and SQLite cannot make its -shm file."""
    source = tmp_path / "share"
    source.mkdir()
    build_project(source / "p.anno", articles=1)
    before = sha256(source / "p.anno")
    target = tmp_path / f"ro-{uuid.uuid4().hex[:6]}"
    with _mounted("--bind", str(source), target=target), _mounted("-o", "remount,ro,bind", target=target):
        project = target / "p.anno"
        try:
            store = Store.open(project)
        except ProjectFileError as exc:  # refusing clearly is acceptable; crashing or writing is not
            assert str(project) in str(exc)
        else:
            with store:
                session = EditingSession(store, "art-0", ANNOTATOR, project_scheme(store))
                state = session.state
                with pytest.raises(ProjectWriteError, match="read-only"):
                    session.perform(AddSpan(Span("s1", 0, 7, "ORG", Origin.HUMAN)))
                assert session.state == state
    assert sha256(source / "p.anno") == before
