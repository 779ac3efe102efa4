"""The lead's tools in the app: Project → Assign… (the dialog, stored in the project), File → Merge
colleague's project…, the lead's dashboard, and the article list following saves made elsewhere."""

from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import Qt
from ui_helpers import ARTICLES, show

from annotator.app import Workspace
from annotator.domain import Annotations, Change, Span, Status
from annotator.storage import Store, open_store
from annotator.storage.postgres import add_member


def as_user(url: str, name: str) -> str:
    parts = urlsplit(url)
    return parts._replace(netloc=f"{name}@{parts.netloc.split('@', 1)[1]}").geturl()


def test_assign_from_the_project_menu_is_stored_and_the_dashboard_shows_it(qtbot, settings, project_path):
    window = show(qtbot, Workspace(settings, "lena").open(project_path))
    tools = window.lead_tools
    dialog = tools.open_assign()
    dialog.annotators.setText("ann, bob")
    dialog.per_article.setValue(2)
    dialog.overlap.setValue(1.0)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    with Store.open(project_path, create=False) as store:  # what was really stored
        assert sorted(store.assignments()) == sorted((a.id, w) for a in ARTICLES for w in ("ann", "bob"))
        done = Annotations(ARTICLES[0].id, "ann", spans=(Span("s", 0, 6, "PERSON"),), status=Status.DONE)
        store.apply(Change.between(Annotations(ARTICLES[0].id, "ann"), done))
    dashboard = tools.open_dashboard()
    table = dashboard.progress
    rows = {table.item(r, 0).text(): [table.item(r, c).text() for c in range(1, 5)] for r in range(table.rowCount())}
    assert rows == {"ann": ["3", "2", "0", "1"], "bob": ["3", "3", "0", "0"]}
    assert dashboard.ready.rowCount() == 0  # bob has not finished the shared article
    window.close()


def test_merge_a_colleagues_file_from_the_file_menu(qtbot, settings, project_path, tmp_path):
    colleague = tmp_path / "ann.annotator"
    layer = Annotations(ARTICLES[1].id, "ann", spans=(Span("o", 0, 4, "ORG"),), status=Status.DONE)
    with Store.open(colleague) as source:
        source.add_articles([(ARTICLES[1], [layer])])
    window = show(qtbot, Workspace(settings, "lena").open(project_path))
    file_menu = next(
        m for m in window.menuBar().findChildren(type(window.menuBar().actions()[0].menu())) if m.title() == "&File"
    )
    assert window.actions["merge_project"] in file_menu.actions()
    report = window.lead_tools.merge_files([colleague])
    assert report is not None and report.layers_added == 1 and not report.conflicts
    with Store.open(project_path, create=False) as store:
        assert store.annotations(ARTICLES[1].id, "ann").spans == layer.spans
    assert window.lead_tools.merge_files([colleague]).changed is False  # again: nothing new
    window.close()


def test_the_article_list_follows_a_save_from_another_session(qtbot, settings, new_team_project):
    owner = new_team_project()
    add_member(owner, "alice", "annotator", password=None)
    with open_store(owner) as store:
        store.add_articles((a, ()) for a in ARTICLES)
    window = show(qtbot, Workspace(settings, "tester").open(as_user(owner, "alice")))
    qtbot.waitUntil(lambda: window.store._listeners and window.store._listeners[-1].listening.is_set())  # noqa: SLF001
    model = window.article_list.model
    row = model.row_of(ARTICLES[2].id)
    assert model.summary(row).status is Status.TODO
    with open_store(as_user(owner, "alice")) as other:  # alice's second machine
        done = Annotations(ARTICLES[2].id, "alice", spans=(Span("s", 0, 6, "PERSON"),), status=Status.DONE)
        other.apply(Change.between(Annotations(ARTICLES[2].id, "alice"), done))
    qtbot.waitUntil(lambda: model.summary(row).status is Status.DONE, timeout=1000)
    assert model.summary(row).span_count == 1
    window.close()
