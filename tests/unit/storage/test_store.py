"""Store on real files: round trips, one transaction per edit, constraints, search, opening rules."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from annotator.domain import Annotations, Article, Change, Origin, Relation, Span, Status, Verdict
from annotator.storage import ProjectFileError, ProjectWriteError, Store


@pytest.fixture()
def project(tmp_path):
    path = tmp_path / "p.annotator"
    with Store.open(path) as store:
        store.add_articles(
            [
                (Article("a1", 'Ms. Vale said "no deal" on Monday.', title="Vale rejects deal", outlet="Wire"), []),
                (Article("a2", "The ministry denied the report.", title="Ministry denies"), []),
            ]
        )
    return path


def layer_with_quote(article_id: str = "a1") -> Annotations:
    return Annotations(
        article_id,
        "alice",
        spans=(
            Span("p1", 0, 8, "PERSON"),
            Span("q1", 15, 22, "QUOTE", attrs={"kind": "direct", "speaker_name": "Ana Vale"}),
            Span("c1", 9, 13, "CUE"),
        ),
        relations=(Relation("r1", "q1", "p1", "SPEAKER"), Relation("r2", "q1", "c1", "CUE")),
        status=Status.IN_PROGRESS,
        decisions={"ORG:0:3": Verdict.REJECTED},
    )


def test_layer_round_trips_through_the_file(project):
    layer = layer_with_quote()
    with Store.open(project) as store:
        store.apply(Change.between(Annotations("a1", "alice"), layer))
    with Store.open(project) as store:
        back = store.annotations("a1", "alice")
    assert set(back.spans) == set(layer.spans)
    assert set(back.relations) == set(layer.relations)
    assert back.status is Status.IN_PROGRESS
    assert back.decisions == {"ORG:0:3": Verdict.REJECTED}


def test_a_failing_edit_stores_nothing(project):
    with Store.open(project) as store:
        base = Annotations("a1", "alice")
        store.apply(Change.between(base, base.with_span(Span("s1", 0, 3, "PERSON"))))
        current = store.annotations("a1", "alice")
        # Two spans in one change, the second past the end of the text: the whole change is refused.
        bad = current.with_span(Span("s2", 4, 8, "ORG")).with_span(Span("s3", 30, 400, "ORG"))
        with pytest.raises(ProjectWriteError, match="past the end"):
            store.apply(Change.between(current, bad))
        assert [s.id for s in store.annotations("a1", "alice").spans] == ["s1"]


def test_sql_constraints_hold_even_without_the_domain(project):
    conn = sqlite3.connect(project)
    conn.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO spans VALUES ('a1', 'nobody', 's', 0, 2, 'ORG', 'human', '{}')"
        )  # no layer row: foreign key
    conn.execute("INSERT INTO layers (article_id, annotator, status, updated_at) VALUES ('a1', 'bob', 'todo', 'now')")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO spans VALUES ('a1', 'bob', 's', 5, 2, 'ORG', 'human', '{}')")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO layers (article_id, annotator, status, updated_at) VALUES ('a2', 'bob', 'finished', 'now')")
    conn.close()


def test_duplicates_are_reported_not_stored_twice(project):
    with Store.open(project) as store:
        (outcome,) = store.add_articles([(Article("x", "the ministry  denied the REPORT."), [])])
        assert outcome.duplicate_of == "a2"
        assert store.article_count() == 2


def test_same_id_different_text_gets_a_distinct_id(project):
    with Store.open(project) as store:
        (outcome,) = store.add_articles([(Article("a1", "A different article altogether."), [])])
        assert outcome.article_id.startswith("a1-") and outcome.duplicate_of is None
        assert store.article(outcome.article_id).text == "A different article altogether."


def test_duplicate_with_a_layer_attaches_the_layer(project):
    layer = layer_with_quote("whatever")
    with Store.open(project) as store:
        (outcome,) = store.add_articles([(Article("copy", 'Ms. Vale said "no deal" on Monday.'), [layer])])
        assert outcome.duplicate_of == "a1" and outcome.layers_added == ("alice",)
        assert len(store.annotations("a1", "alice").spans) == 3


def test_list_filter_and_search(project):
    with Store.open(project) as store:
        store.apply(Change.between(Annotations("a2", "alice"), Annotations("a2", "alice", status=Status.DONE)))
        store.replace_layer(
            Annotations("a1", "model", spans=(Span("m1", 0, 8, "PERSON", Origin.MODEL),))
        )
        rows = store.list_articles("alice")
        assert [(r.id, r.status, r.suggestion_count) for r in rows] == [
            ("a1", Status.TODO, 1),
            ("a2", Status.DONE, 0),
        ]
        assert [r.id for r in store.list_articles("alice", statuses=[Status.DONE])] == ["a2"]
        assert store.count_articles("alice", query="ministry") == 1
        assert store.search("deal") == ["a1"]
        assert store.search('"unbalanced quote') == []  # user input is quoted, never FTS syntax


def test_model_rerun_replaces_only_the_model_layer(project):
    with Store.open(project) as store:
        store.replace_layer(layer_with_quote())
        store.replace_layer(Annotations("a1", "model", spans=(Span("m1", 0, 8, "PERSON", Origin.MODEL),)))
        store.replace_layer(Annotations("a1", "model", spans=(Span("m2", 9, 13, "CUE", Origin.MODEL),)))
        assert [s.id for s in store.annotations("a1", "model").spans] == ["m2"]
        assert len(store.annotations("a1", "alice").spans) == 3
        assert store.annotators() == ["alice", "model"]


@pytest.mark.parametrize(
    "content",
    [b"", b"hello, this is not a database\n", bytes(range(256)) * 40, b"SQLite format 3\x00" + b"\x00" * 50],
)
def test_a_file_that_is_not_a_project_is_refused_and_left_alone(tmp_path, content):
    path = tmp_path / "not-a-project.annotator"
    path.write_bytes(content)
    before = hashlib.sha256(content).hexdigest()
    with pytest.raises(ProjectFileError, match="not-a-project"):
        Store.open(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert not (tmp_path / "not-a-project.annotator-wal").exists()


def test_another_applications_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(ProjectFileError, match="not an annotator project"):
        Store.open(path)


def test_a_project_from_a_newer_version_is_refused(project):
    conn = sqlite3.connect(project)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(ProjectFileError, match="newer version"):
        Store.open(project)


def test_comments_are_kept(project):
    with Store.open(project) as store:
        store.add_comment("a1", "alice", "Is 'no deal' a quote of the minister?", span_id="q1")
        (comment,) = store.comments("a1")
        assert comment.body.startswith("Is 'no deal'") and comment.span_id == "q1"
