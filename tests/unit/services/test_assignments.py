"""Assignments on both engines: even spread, the overlap share, reassigning keeps work, an analyst's queue."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from annotator.cli import main
from annotator.domain import Annotations, Article, Change, Span, Status
from annotator.services.assignments import assign, progress_by_annotator, queue
from annotator.storage import RightsError, open_store

TEXT = "Minister {n} said the budget would pass on Monday, officials in district {n} reported."


@pytest.fixture
def project(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """Ten articles, on the engine under test; the owner's target (path or URL)."""
    if engine == "postgres":
        target = request.getfixturevalue("new_team_project")()
    else:
        target = str(tmp_path / "p.annotator")
    with open_store(target) as store:
        store.add_articles([(Article(f"a{n:02d}", TEXT.format(n=n), title=f"Budget {n}"), []) for n in range(10)])
        store.update_search_index()
    return target


def as_user(url: str, name: str) -> str:
    """The same project's URL for another login (the test cluster trusts its unix socket)."""
    parts = urlsplit(url)
    return parts._replace(netloc=f"{name}@{parts.netloc.split('@', 1)[1]}").geturl()


def write(store, article_id: str, who: str, status: Status) -> None:
    before = store.annotations(article_id, who)
    store.apply(
        Change.between(before, Annotations(article_id, who, spans=(Span("s1", 0, 8, "PERSON"),), status=status))
    )


def test_spread_is_even_and_the_overlap_share_gets_two_people(project):
    with open_store(project) as store:
        plan = assign(store, ["ann", "bob", "cy"], per_article=2, overlap=0.3)
    with open_store(project) as store:  # read back what was stored
        stored = store.assignments()
    per_article = Counter(a for a, _ in stored)
    assert sorted(per_article.values()) == [1] * 7 + [2] * 3
    assert {a for a, n in per_article.items() if n == 2} == set(plan.overlapping)
    load = Counter(w for _, w in stored)
    assert sum(load.values()) == 13 and max(load.values()) - min(load.values()) <= 1
    assert all(len(set(people)) == len(people) for people in plan.by_article.values())


def test_reassigning_keeps_work_already_done_and_only_touches_the_chosen_articles(project):
    with open_store(project) as store:
        assign(store, ["ann", "bob"])
        anns = [a for a, w in store.assignments() if w == "ann"]
        write(store, anns[0], "ann", Status.DONE)
        write(store, anns[1], "ann", Status.IN_PROGRESS)
        plan = assign(store, ["cy", "dee"])
        assert plan.kept == 2
        stored = store.assignments()
    assert (anns[0], "ann") in stored and (anns[1], "ann") in stored
    assert not any(w in ("ann", "bob") for a, w in stored if a not in anns[:2])
    with open_store(project) as store:
        assert store.annotations(anns[0], "ann").status is Status.DONE  # the layer itself untouched
        assign(store, ["ann"], query="district 3")
        assert [w for a, w in store.assignments() if a == "a03"] == ["ann"]
        assert len(store.assignments()) == 10


def test_an_analysts_queue_is_assigned_and_not_done_and_lists_first(project, capsys):
    with open_store(project) as store:
        assign(store, ["ann", "bob"])
        mine = [a for a, w in store.assignments() if w == "ann"]
        write(store, mine[0], "ann", Status.DONE)
        write(store, mine[1], "ann", Status.IN_PROGRESS)
        assert queue(store, "ann") == mine[1:]
        progress = {p.annotator: p for p in progress_by_annotator(store)}
    assert (progress["ann"].todo, progress["ann"].in_progress, progress["ann"].done) == (3, 1, 1)
    assert (progress["bob"].todo, progress["bob"].done) == (5, 0)
    capsys.readouterr()
    assert main(["articles", project, "--annotator", "ann"]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()[1:]]
    assert [r[0] for r in rows[: len(mine) - 1]] == mine[1:]
    assert all(r[-1] == "yes" for r in rows[: len(mine) - 1]) and rows[len(mine) - 1][-1] == ""
    assert main(["articles", project, "--by-annotator"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[1].split("\t") == ["ann", "5", "3", "1", "1"]


def test_the_cli_assigns_and_a_bad_request_is_named(project, capsys):
    assert main(["assign", project, "--annotators", "ann", "bob", "--per-article", "2", "--overlap", "0.5"]) == 0
    assert "5 to more than one person" in capsys.readouterr().out
    assert main(["assign", project, "--annotators", "ann", "--per-article", "2"]) == 2
    assert "--per-article 2 needs between 1 and 1" in capsys.readouterr().err
    with open_store(project) as store:
        assert len(store.assignments()) == 15  # the refused request changed nothing


def test_on_the_server_only_a_manager_assigns(new_team_project):
    from annotator.storage.postgres import add_member

    url = new_team_project()
    add_member(url, "ann", "annotator", password=None)
    add_member(url, "max", "manager", password=None)
    with open_store(as_user(url, "max")) as store:
        store.add_articles([(Article("a1", TEXT.format(n=1)), [])])
        assign(store, ["ann"])
    with open_store(as_user(url, "ann")) as store:
        assert queue(store, "ann") == ["a1"]
        with pytest.raises(RightsError, match="ann may not assign articles"):
            assign(store, ["ann", "max"])
        assert store.assignments() == [("a1", "ann")]


def test_a_version_2_project_file_gains_assignments_and_keeps_its_layers(tmp_path):
    import sqlite3

    path = tmp_path / "old.annotator"
    with open_store(path) as store:
        store.add_articles([(Article("a1", TEXT.format(n=1)), [])])
        write(store, "a1", "ann", Status.DONE)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript("DROP TABLE assignments; PRAGMA user_version = 2;")
    conn.close()
    with open_store(path) as store:
        assert store.backup_path is not None and store.backup_path.exists()
        assert store.annotations("a1", "ann").status is Status.DONE
        assign(store, ["ann", "bob"])
        assert store.assignments() == [("a1", "ann")]  # ann's finished work kept her on it


def test_the_leads_overview_counts_agreement_only_on_finished_overlapping_work(project):
    from annotator.services.lead_overview import lead_overview

    with open_store(project) as store:
        plan = assign(store, ["ann", "bob"], per_article=2, overlap=0.2)
        both = plan.overlapping
        assert len(both) == 2
        assert lead_overview(store).agreement is None and lead_overview(store).ready == []
        for who in ("ann", "bob"):
            write(store, both[0], who, Status.DONE)  # the same span: full agreement
        write(store, both[1], "ann", Status.DONE)
        write(store, both[1], "bob", Status.IN_PROGRESS)  # not finished: neither compared nor ready
        overview = lead_overview(store)
    assert overview.ready == [both[0]] and overview.overlapping == 2
    assert overview.agreement is not None and overview.agreement.articles_compared == 1
    assert overview.agreement.overall.all_labels.exact.f1.value == 1.0
    assert {p.annotator: p.done for p in overview.progress} == {"ann": 2, "bob": 1}


def test_an_analysts_article_list_shows_their_queue_first(project):
    with open_store(project) as store:
        assert [s.id for s in store.list_articles("ann")] == store.article_ids()  # no assignments: import order
        store.set_assignments(["a07", "a03", "a05"], [("a07", "ann"), ("a03", "ann"), ("a05", "ann")])
        write(store, "a05", "ann", Status.DONE)
        listed = [s.id for s in store.list_articles("ann")]
        assert listed[:2] == ["a03", "a07"] and sorted(listed[2:]) == listed[2:] and len(listed) == 10
        assert [s.id for s in store.list_articles("ann", offset=1, limit=2)] == ["a07", "a00"]
        assert [s.id for s in store.list_articles("bob", limit=3)] == ["a00", "a01", "a02"]
