"""The team server's own rules, on the session's real PostgreSQL server: who may write what is decided
by the server (roles, grants, row-level security), for our code path and for raw SQL alike."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import psycopg
import pytest

from annotator.cli import main
from annotator.domain import Annotations, Article, Change, Span, Status
from annotator.storage import ProjectFileError, RightsError, open_store
from annotator.storage.postgres import add_member


def as_user(url: str, name: str) -> str:
    """The same project's URL for another login (the test cluster trusts its unix socket)."""
    parts = urlsplit(url)
    return parts._replace(netloc=f"{name}@{parts.netloc.split('@', 1)[1]}").geturl()


@pytest.fixture()
def team(new_team_project) -> str:
    """A team project with one article; alice and bob annotate, cora curates, max manages."""
    url = new_team_project()
    for name, role in (("alice", "annotator"), ("bob", "annotator"), ("cora", "curator"), ("max", "manager")):
        add_member(url, name, role, password=None)
    with open_store(as_user(url, "max")) as store:
        store.add_articles([(Article("a1", 'Ms. Vale said "no deal" on Monday.', title="Vale"), [])])
    with open_store(as_user(url, "alice")) as store:
        layer = Annotations("a1", "alice", spans=(Span("p1", 0, 8, "PERSON"),), status=Status.IN_PROGRESS)
        store.apply(Change.between(Annotations("a1", "alice"), layer))
    return url


def alices_layer(url: str) -> Annotations:
    with open_store(as_user(url, "alice")) as store:
        return store.annotations("a1", "alice")


def test_the_server_itself_refuses_bob_a_raw_update_of_alices_layer(team):
    before = alices_layer(team)
    with psycopg.connect(as_user(team, "bob"), autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute("UPDATE spans SET label = 'ORG' WHERE annotator = 'alice'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute("UPDATE layers SET status = 'done' WHERE annotator = 'alice'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute("INSERT INTO spans VALUES ('a1', 'alice', 'x', 0, 2, 'ORG', 'human', '{}')")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # a row cannot be moved into one's own layer
            conn.execute("UPDATE spans SET annotator = 'bob' WHERE annotator = 'alice'")
        assert conn.execute("DELETE FROM spans WHERE annotator = 'alice'").rowcount == 0
        # ...while everyone on the team reads every layer
        assert conn.execute("SELECT label FROM spans WHERE annotator = 'alice'").fetchall() == [("PERSON",)]
    assert alices_layer(team) == before


def test_our_code_path_names_the_refusal_and_applies_no_part(team):
    with open_store(as_user(team, "bob")) as store:
        assert store.connected_user == "bob"
        mine = Change.between(Annotations("a1", "bob"), Annotations("a1", "bob", spans=(Span("b1", 0, 3, "ORG"),)))
        theirs = Change.between(alices_layer(team), Annotations("a1", "alice"))
        with pytest.raises(RightsError) as refused:
            store.apply_all([mine, theirs])
        assert str(refused.value) == "bob may not change alice's layer"
        assert store.annotations("a1", "bob").spans == ()  # bob's own part was not applied either
        with pytest.raises(RightsError, match="bob may not change alice's layer"):
            store.delete_layer("a1", "alice")
        with pytest.raises(RightsError, match="bob may not change the gold layer"):
            store.replace_layer(Annotations("a1", "gold", spans=(Span("g1", 0, 8, "PERSON"),)))
        store.apply(mine)
        assert [s.id for s in store.annotations("a1", "bob").spans] == ["b1"]
        assert store.annotations("a1", "alice").spans[0].id == "p1"  # read any layer
    assert len(alices_layer(team).spans) == 1


def test_a_curator_writes_gold_and_only_a_manager_adds_articles_or_changes_the_codebook(team):
    with open_store(as_user(team, "cora")) as store:
        store.replace_layer(Annotations("a1", "gold", spans=(Span("g1", 0, 8, "PERSON"),)))
        with pytest.raises(RightsError, match="cora may not add articles"):
            store.add_articles([(Article("a2", "The ministry denied the report."), [])])
        with pytest.raises(RightsError, match="cora may not change the project's settings"):
            store.set_setting("guidelines", "Mark quotes only.")
        with pytest.raises(RightsError, match="cora may not change the model's suggestions"):
            store.replace_layer(Annotations("a1", "model"))
    with open_store(as_user(team, "max")) as store:
        store.add_articles([(Article("a2", "The ministry denied the report."), [])])
        store.set_setting("guidelines", "Mark quotes only.")
        assert store.article_count() == 2 and [s.id for s in store.annotations("a1", "gold").spans] == ["g1"]


def test_comments_are_their_authors(team):
    with open_store(as_user(team, "alice")) as store:
        comment = store.add_comment("a1", "alice", "Is this a quote?")
    with open_store(as_user(team, "bob")) as store:
        with pytest.raises(RightsError, match="bob may not write a comment in alice's name"):
            store.add_comment("a1", "alice", "Forged.")
        with pytest.raises(RightsError, match="bob may not delete alice's comment"):
            store.delete_comment(comment)
        assert [c.body for c in store.comments("a1")] == ["Is this a quote?"]


def test_an_import_by_bob_of_a_file_naming_alice_is_refused(team, tmp_path, capsys):
    with open_store(as_user(team, "max")) as store:
        text = store.article_text("a1")
    records = tmp_path / "layers.jsonl"
    record = {"id": "a1", "text": text, "annotator": "alice", "status": "done", "spans": [
        {"id": "s9", "start": 0, "end": 8, "label": "ORG", "text": text[:8], "origin": "human"}
    ], "relations": []}  # fmt: skip
    records.write_text(json.dumps(record) + "\n", encoding="utf-8")
    before = alices_layer(team)
    assert main(["import", as_user(team, "bob"), str(records)]) == 2
    err = capsys.readouterr().err
    assert "layers.jsonl, line 1" in err and "bob may not change alice's layer" in err
    assert "Traceback" not in err
    assert alices_layer(team) == before


def test_team_init_refuses_a_database_of_other_tables_and_an_unready_one_names_the_fix(pg_cluster, capsys):
    url = pg_cluster.create_database("someone_elses")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id int)")
    assert main(["team", "init", url]) == 2
    assert "holds other tables (invoices)" in capsys.readouterr().err
    empty = pg_cluster.create_database("not_yet")
    with pytest.raises(ProjectFileError, match="annotator team init"):
        open_store(empty)


def test_a_team_project_from_a_newer_version_is_refused(team, capsys):
    with psycopg.connect(team, autocommit=True) as conn:
        conn.execute("UPDATE schema_info SET value = '99' WHERE key = 'version'")
    with pytest.raises(ProjectFileError, match="newer version"):
        open_store(team)
    assert main(["team", "init", team]) == 2
    assert "newer version" in capsys.readouterr().err


def test_team_cli_sets_up_a_project_and_its_people(pg_cluster, tmp_path, capsys):
    url = pg_cluster.create_database("cli_team")
    assert main(["team", "init", url]) == 0
    secret = tmp_path / "dana.pw"
    secret.write_text("s3cret-horse\n", encoding="utf-8")
    assert main(["team", "add-user", url, "dana", "--role", "manager", "--password-file", str(secret)]) == 0
    assert "dana added as manager" in capsys.readouterr().out
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT rolpassword IS NOT NULL FROM pg_authid WHERE rolname = 'dana'").fetchone() == (
            True,
        )
    with open_store(as_user(url, "dana")) as store:
        assert store.team_role == "manager"
    assert main(["team", "add-user", url, "dana", "--role", "annotator", "--no-password"]) == 0
    with open_store(as_user(url, "dana")) as store:
        assert store.team_role == "annotator"  # the role given is the one they have
    assert main(["team", "add-user", url, "gold", "--no-password"]) == 2
    assert "cannot be a team member's name" in capsys.readouterr().err
    assert main(["team", "init", str(tmp_path / "p.annotator")]) == 2


def test_the_connection_comes_back_after_a_server_restart(team, pg_cluster):
    with open_store(as_user(team, "alice")) as store:
        pg_cluster.restart()  # every connection of the pool is cut
        base = store.annotations("a1", "alice")
        store.apply(Change.between(base, base.with_span(Span("p2", 9, 13, "CUE"))))
    assert {s.id for s in alices_layer(team).spans} == {"p1", "p2"}


def test_every_command_takes_a_team_project_url(team, tmp_path, capsys):
    max_url = as_user(team, "max")
    story = tmp_path / "story.txt"
    story.write_text("Mayor speaks\n\nThe mayor said the bridge would reopen.", encoding="utf-8")
    assert main(["import", max_url, str(story)]) == 0
    capsys.readouterr()
    assert main(["articles", as_user(team, "alice")]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()[1:]]
    assert [(r[0], r[2], r[3]) for r in rows] == [("a1", "in_progress", "1"), ("story", "todo", "0")]  # alice's own
    out = tmp_path / "alice.jsonl"
    assert main(["export", as_user(team, "bob"), str(out), "--annotator", "alice"]) == 0
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["annotator"] == "alice" and [s["id"] for s in record["spans"]] == ["p1"]
    assert main(["agreement", as_user(team, "bob"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)


def test_passwords_are_checked_by_the_server_and_libpq_finds_them_in_pgpass(pg_cluster, tmp_path, monkeypatch):
    """A cluster of its own that asks every login for its password (scram-sha-256), as a real one does
    (``pg_cluster`` only to skip where no server can run)."""
    from pg_cluster import PostgresCluster, find_pg_bin

    with PostgresCluster(find_pg_bin(), password="admin-secret") as cluster:
        owner = cluster.create_database("locked")
        assert main(["team", "init", owner]) == 0
        secret = tmp_path / "erin.pw"
        secret.write_text("correct horse\n", encoding="utf-8")
        assert main(["team", "add-user", owner, "erin", "--password-file", str(secret)]) == 0
        with open_store(cluster.url("locked", "erin", "correct horse")) as store:
            assert store.connected_user == "erin"
            assert "correct horse" not in store.target  # what the window and the recent list show
        monkeypatch.setenv("PGPASSFILE", str(tmp_path / "nowhere"))
        with pytest.raises(ProjectFileError, match="password"):
            open_store(cluster.url("locked", "erin"))
        with pytest.raises(ProjectFileError, match="password authentication failed"):
            open_store(cluster.url("locked", "erin", "wrong"))
        pgpass = tmp_path / "pgpass"
        pgpass.write_text(f"*:*:locked:erin:{'correct horse'}\n", encoding="utf-8")
        pgpass.chmod(0o600)
        monkeypatch.setenv("PGPASSFILE", str(pgpass))
        with open_store(cluster.url("locked", "erin")) as store:  # no password in the URL: ~/.pgpass
            assert store.connected_user == "erin"


def test_every_layer_write_is_announced_with_its_writer(team):
    import threading

    heard: list = []
    arrived = threading.Event()

    def on_saved(saved) -> None:
        heard.append(saved)
        arrived.set()

    with open_store(as_user(team, "cora")) as watcher, open_store(as_user(team, "bob")) as bob:
        stop = watcher.watch_layers(on_saved)
        assert stop is not None
        assert watcher._listeners[0].listening.wait(5)  # noqa: SLF001 - LISTEN in place before the write
        bob.apply(Change.between(Annotations("a1", "bob"), Annotations("a1", "bob", spans=(Span("b", 0, 3, "ORG"),))))
        assert arrived.wait(5)
        assert (heard[0].article_id, heard[0].layer, heard[0].by) == ("a1", "bob", "bob")
        assert watcher.layer_writer("a1", "bob") == "bob" and watcher.layer_writer("a1", "alice") == "alice"
        stop()
