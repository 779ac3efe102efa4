"""A damaged project opens to a message that fits the screen, buttons on it, with backup and salvage."""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from annotator import app as app_module
from annotator.domain import Article
from annotator.storage import Store


def _damaged_project(folder: Path) -> Path:
    """Sixty articles, a backup beside the file, then whole pages in the middle overwritten."""
    path = folder / "week.annotator"
    with Store.open(path) as store:
        body = "The minister said the reform would pass before the summer, officials in Brussels added. " * 12
        store.add_articles((Article(id=f"a{n}", text=f"Article {n}. {body}", title=f"T{n}"), ()) for n in range(60))
        store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(path, folder / "week.annotator.v1.bak")
    conn = sqlite3.connect(path)
    try:  # two leaf pages of the articles table (SQLite's dbstat table says which)
        pages = [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = 'articles' AND pagetype = 'leaf'")]
    finally:
        conn.close()
    data = bytearray(path.read_bytes())
    rng = random.Random(5)
    for page in pages[2:4]:
        data[(page - 1) * 4096 : page * 4096] = rng.randbytes(4096)
    path.write_bytes(bytes(data))
    return path


@pytest.fixture
def failure(qtbot, tmp_path: Path, settings):  # noqa: ANN001, ANN201
    path = _damaged_project(tmp_path)
    workspace = app_module.Workspace(settings, "ana")
    assert workspace.open(path) is None
    box = workspace.problem_box
    assert isinstance(box, QMessageBox)
    qtbot.addWidget(box)
    qtbot.waitExposed(box)
    yield workspace, box, path
    if workspace.window is not None:
        workspace.window.close()
    if workspace.store is not None:
        workspace.store.close()


def test_the_message_fits_the_screen_with_its_buttons_on_it(failure) -> None:  # noqa: ANN001
    _, box, path = failure
    screen = box.screen().availableGeometry()
    assert box.frameGeometry().height() <= screen.height()
    assert box.frameGeometry().width() <= screen.width()
    assert "damaged" in box.text() and str(path) in box.detailedText()
    names = {b.text() for b in box.buttons()}
    assert {"Open the backup", "Make a salvage copy"} <= names
    for button in box.buttons():
        if not button.isVisible():
            continue  # "Show Details…" toggles; the action buttons must be visible
        corner = button.mapTo(box, QPoint(button.width(), button.height()))
        assert box.rect().contains(corner), f"{button.text()!r} is off the message box"
    assert {b.text() for b in box.buttons() if b.isVisible()} >= {"Open the backup", "Make a salvage copy"}


def test_a_salvage_copy_opens_with_what_was_readable(qtbot, failure) -> None:  # noqa: ANN001
    workspace, box, path = failure
    qtbot.mouseClick(box.salvage_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: workspace.store is not None)
    assert workspace.store.path == path.with_name("week.salvaged.annotator")
    assert 0 < workspace.store.article_count() <= 60
    assert workspace.store.integrity_problems() == []
    assert "Salvaged into week.salvaged.annotator" in workspace.window.status.currentMessage()


def test_the_backup_opens_as_a_copy(qtbot, failure) -> None:  # noqa: ANN001
    workspace, box, path = failure
    backup = path.with_name("week.annotator.v1.bak")
    before = backup.read_bytes()
    qtbot.mouseClick(box.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: workspace.store is not None)
    assert workspace.store.path == path.with_name("week.from-backup.annotator")
    assert workspace.store.article_count() == 60
    assert backup.read_bytes() == before
