"""The app on a team project (a real PostgreSQL server): File → Open team project…, the recent list,
the annotator being the server's login, and a lost connection: the failed edit undone on screen, the
window offline, reconnected by itself, the next edit stored."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from ui_helpers import ARTICLES, select_words, show

from annotator.app import Workspace
from annotator.storage import open_store
from annotator.storage.postgres import add_member
from annotator.ui.team.team_dialog import TeamProjectDialog


def as_user(url: str, name: str) -> str:
    parts = urlsplit(url)
    return parts._replace(netloc=f"{name}@{parts.netloc.split('@', 1)[1]}").geturl()


def team_project(owner_url: str) -> str:
    """Three articles, alice an annotator; her URL."""
    add_member(owner_url, "alice", "annotator", password=None)
    with open_store(owner_url) as store:
        store.add_articles((a, ()) for a in ARTICLES)
    return as_user(owner_url, "alice")


def test_open_team_project_from_the_file_menu(qtbot, settings, project_path, new_team_project):
    alice = team_project(new_team_project())
    workspace = Workspace(settings, "tester")
    window = show(qtbot, workspace.open(project_path))

    def fill_and_open() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, TeamProjectDialog)
        dialog.url_edit.setText(alice)
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Open), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill_and_open)
    window.actions["open_team_project"].trigger()
    team_window = workspace.window
    assert team_window is not window and workspace.store.is_server
    qtbot.addWidget(team_window)
    assert team_window.session.annotator == "alice"  # the server's login, not the name typed at start
    assert "(alice)" in team_window.windowTitle()
    assert settings.recent_projects()[0] == alice
    assert team_window.article_list.model.rowCount() == len(ARTICLES)


def test_the_dialog_refuses_a_path_and_never_keeps_the_password(qtbot):
    dialog = TeamProjectDialog(None, "postgresql://alice@db.example.org/newsroom")
    qtbot.addWidget(dialog)
    dialog.password_edit.setText("p@ss word")
    assert dialog.url() == "postgresql://alice:p%40ss%20word@db.example.org/newsroom"
    dialog.url_edit.setText("/home/alice/project.annotator")
    dialog.buttons.accepted.emit()
    assert dialog.result() == 0 and "postgresql://" in dialog.problem.text()


@pytest.fixture
def own_cluster():
    """A cluster of this test's own: it is stopped and started again under the window."""
    from pg_cluster import PostgresCluster, find_pg_bin

    bin_dir = find_pg_bin()
    if bin_dir is None:
        pytest.skip("no PostgreSQL server binaries: the team-server tests cannot run here")
    cluster = PostgresCluster(bin_dir).start()
    yield cluster
    cluster.stop()


def test_a_lost_connection_undoes_the_edit_says_offline_and_reconnects(qtbot, settings, own_cluster):
    from annotator.storage.postgres import init_team

    owner = own_cluster.create_database("newsroom")
    init_team(owner)
    alice = team_project(owner)
    workspace = Workspace(settings, "tester")
    window = show(qtbot, workspace.open(alice))
    window.open_article("a1")
    own_cluster.pause()  # the server goes away under the open window
    select_words(window, "Dmitry Peskov")
    with qtbot.waitSignal(window.connection.wentOffline, timeout=20_000):
        qtbot.keyClick(window.article_view, Qt.Key.Key_1)
    assert window.session.state.spans == ()  # the edit is visibly not there
    assert any("team server" in e for e in window.status.errors)
    assert window.connection.label.isVisible() and "offline" in window.windowTitle()
    own_cluster.resume()
    with qtbot.waitSignal(window.connection.cameBack, timeout=60_000):
        pass
    assert not window.connection.label.isVisible() and "offline" not in window.windowTitle()
    select_words(window, "Dmitry Peskov")
    with qtbot.waitSignal(window.session.saved, timeout=10_000):
        qtbot.keyClick(window.article_view, Qt.Key.Key_1)
    with open_store(alice) as store:
        assert [(s.label, s.start) for s in store.annotations("a1", "alice").spans] == [
            ("PERSON", ARTICLES[0].text.index("Dmitry Peskov"))
        ]
    window.connection.stop()
    workspace.store.close()
