"""The offline round trip on both engines: split a project per analyst, annotate the files, merge them
back; merging twice changes nothing; a layer differing on both sides is reported and kept on both."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.cli import main
from annotator.domain import Annotations, Article, Change, Origin, Relation, Span, Status, Verdict
from annotator.services.assignments import assign
from annotator.services.merging import Prefer, merge, split
from annotator.storage import open_store

TEXTS = [
    'Ms. Vale said "no deal" on Monday.',
    "The ministry denied the report on Tuesday.",
    'Mr. Orr said "we will win" in Leeds.',
    "Officials in the capital confirmed the vote.",
]


@pytest.fixture
def project(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """Four articles with the model's suggestions and a codebook setting, on the engine under test."""
    target = request.getfixturevalue("new_team_project")() if engine == "postgres" else str(tmp_path / "p.annotator")
    with open_store(target) as store:
        items = []
        for n, text in enumerate(TEXTS):
            model = Annotations(f"a{n}", "model", spans=(Span("m1", 0, 3, "PERSON", Origin.MODEL),))
            items.append((Article(f"a{n}", text, title=f"Story {n}"), [model]))
        store.add_articles(items)
        store.set_setting("guidelines", "Mark every direct quote.")
    return target


def annotate(path: Path, who: str) -> dict[str, Annotations]:
    """What an analyst does offline in their file: a span, a speaker relation, a verdict, a status."""
    made = {}
    with open_store(path) as store:
        for i, article_id in enumerate(store.article_ids()):
            layer = Annotations(
                article_id,
                who,
                spans=(Span("p", 0, 7, "PERSON"), Span("q", 8, 12, "QUOTE", attrs={"kind": "direct"})),
                relations=(Relation("r", "q", "p", "SPEAKER"),),
                status=Status.DONE if i % 2 == 0 else Status.IN_PROGRESS,
                decisions={"PERSON:0:3": Verdict.ACCEPTED},
            )
            store.apply(Change.between(store.annotations(article_id, who), layer))
            store.add_comment(article_id, who, f"{who} checked the speaker", "q")
            made[article_id] = layer
    return made


def snapshot(target: str) -> dict:
    with open_store(target) as store:
        return {
            a: (
                {n: store.annotations(a, n) for n in store.layers_of(a)},
                [(c.annotator, c.body) for c in store.comments(a)],
            )
            for a in store.article_ids()
        }


def test_split_then_merge_round_trips_every_layer_and_merging_twice_changes_nothing(project, tmp_path):
    with open_store(project) as store:
        assign(store, ["ann", "bob"], per_article=2, overlap=0.5)
        files = split(store, ["ann", "bob"], tmp_path / "out")
        assigned = {w: [a for a, who in store.assignments() if who == w] for w in ("ann", "bob")}
    with open_store(files["ann"]) as copy:  # the hand-out: her articles, model suggestions, guidelines; no one else's
        assert copy.article_ids() == assigned["ann"]
        assert copy.setting("guidelines") == "Mark every direct quote."
        assert {n for a in copy.article_ids() for n in copy.layers_of(a)} == {"model"}
    made = {w: annotate(files[w], w) for w in ("ann", "bob")}
    with open_store(project) as target:
        for who in ("ann", "bob"):
            with open_store(files[who]) as source:
                report = merge(target, source)
            assert report.layers_added == len(assigned[who]) and not report.conflicts and not report.skipped
            assert report.articles_matched == len(assigned[who]) and report.articles_added == 0
    with open_store(project) as target:
        for who, layers in made.items():
            for article_id, layer in layers.items():
                back = target.annotations(article_id, who)
                assert set(back.spans) == set(layer.spans) and set(back.relations) == set(layer.relations)
                assert back.status is layer.status and dict(back.decisions) == dict(layer.decisions)
                assert (who, f"{who} checked the speaker") in [
                    (c.annotator, c.body) for c in target.comments(article_id)
                ]
    before = snapshot(project)
    with open_store(project) as target, open_store(files["ann"]) as source:
        again = merge(target, source)
    assert not again.changed and again.layers_unchanged == 2 * len(assigned["ann"])  # ann's layer and the model's
    assert snapshot(project) == before


def test_a_layer_differing_on_both_sides_is_reported_and_kept_on_both_sides(project, tmp_path, capsys):
    mine = Annotations("a0", "ann", spans=(Span("p", 0, 7, "PERSON"),), status=Status.DONE)
    theirs = Annotations("x9", "ann", spans=(Span("o", 0, 7, "ORG"),), status=Status.DONE)
    with open_store(project) as store:
        store.replace_layer(mine)
    colleague = tmp_path / "colleague.annotator"
    with open_store(colleague) as source:  # the same text under another id, and an article the target lacks
        source.add_articles(
            [(Article("x9", TEXTS[0]), [theirs]), (Article("new", "A brand new story about taxes."), [])]
        )
        source.add_comment("new", "ann", "first look")
    assert main(["merge", project, str(colleague)]) == 0
    out = capsys.readouterr().out
    assert "1 conflict(s)" in out and "a0: layer 'ann' differs between the projects" in out
    assert "articles: 1 added, 1 matched" in out
    with open_store(project) as target:
        assert set(target.annotations("a0", "ann").spans) == set(mine.spans)
        assert [s.label for s in target.annotations("a0", "ann-imported").spans] == ["ORG"]
        new_id = target.id_by_hash(Article("n", "A brand new story about taxes.").content_hash)
        assert target.article_text(new_id) == "A brand new story about taxes."
        assert [c.body for c in target.comments(new_id)] == ["first look"]
    assert main(["merge", project, str(colleague)]) == 0  # again: found beside, nothing new
    assert "0 added" in capsys.readouterr().out
    with open_store(project) as target, open_store(colleague) as source:
        kept = merge(target, source, prefer=Prefer.TARGET)
        assert "the target's was kept" in kept.conflicts[0]
        assert set(target.annotations("a0", "ann").spans) == set(mine.spans)
        replaced = merge(target, source, prefer=Prefer.SOURCE)
        assert replaced.layers_replaced == 1
        assert [s.label for s in target.annotations("a0", "ann").spans] == ["ORG"]


def test_a_text_differing_only_in_spacing_is_matched_but_its_layers_are_not_misplaced(project, tmp_path):
    colleague = tmp_path / "c.annotator"
    with open_store(colleague) as source:
        source.add_articles(
            [(Article("s", TEXTS[1].replace(" ", "  ", 1)), [Annotations("s", "ann", spans=(Span("x", 0, 3, "ORG"),))])]
        )
    with open_store(project) as target, open_store(colleague) as source:
        report = merge(target, source)
        assert report.articles_matched == 1 and report.skipped and "offsets would not line up" in report.skipped[0]
        assert "ann" not in target.layers_of("a1")


def test_a_manager_merging_colleagues_layers_into_the_server_is_refused_by_name(new_team_project, tmp_path):
    from urllib.parse import urlsplit

    from annotator.storage import RightsError
    from annotator.storage.postgres import add_member

    url = new_team_project()
    add_member(url, "lena", "manager", password=None)
    parts = urlsplit(url)
    lena = parts._replace(netloc=f"lena@{parts.netloc.split('@', 1)[1]}").geturl()
    colleague = tmp_path / "alice.annotator"
    with open_store(colleague) as source:
        source.add_articles(
            [(Article("a0", TEXTS[0]), [Annotations("a0", "alice", spans=(Span("p", 0, 7, "PERSON"),))])]
        )
    with open_store(lena) as target, open_store(colleague) as source:
        with pytest.raises(RightsError, match="lena may not change alice's layer"):
            merge(target, source)
        assert target.article_ids() == []  # the article's transaction stored nothing
    with open_store(url) as target, open_store(colleague) as source:  # the owner merges it
        assert merge(target, source).layers_added == 1


def test_a_server_or_file_project_merges_into_a_new_file_with_its_gold(project, tmp_path, capsys):
    gold = Annotations("a2", "gold", spans=(Span("g", 0, 3, "PERSON"),), status=Status.DONE)
    with open_store(project) as store:
        store.replace_layer(gold)
        store.add_comment("a2", "cora", "gold checked")
    copy = tmp_path / "copy.annotator"
    assert main(["merge", str(copy), project]) == 2 and not copy.exists()  # a missing target is refused...
    assert "copy.annotator" in capsys.readouterr().err
    open_store(copy).close()
    assert main(["merge", str(copy), project]) == 0  # ...an empty one takes everything
    with open_store(copy) as target:
        assert len(target.article_ids()) == len(TEXTS)
        assert target.annotations("a2", "gold").spans == gold.spans
        assert target.annotations("a2", "gold").status is Status.DONE
        assert [c.body for c in target.comments("a2")] == ["gold checked"]
        assert target.setting("guidelines") == "Mark every direct quote."


def test_prefer_newer_takes_the_layer_written_last(project, tmp_path):
    import sqlite3

    mine = Annotations("a0", "ann", spans=(Span("p", 0, 7, "PERSON"),), status=Status.DONE)
    with open_store(project) as store:
        store.replace_layer(mine)
    colleague = tmp_path / "colleague.annotator"
    with open_store(colleague) as source:
        source.add_articles(
            [(Article("a0", TEXTS[0]), [Annotations("a0", "ann", spans=(Span("o", 0, 7, "ORG"),), status=Status.DONE)])]
        )

    def written(stamp: str) -> None:
        conn = sqlite3.connect(colleague, isolation_level=None)
        conn.execute("UPDATE layers SET updated_at = ? WHERE annotator = 'ann'", (stamp,))
        conn.close()

    written("2000-01-01T00:00:00+00:00")  # the colleague's is older: ours stays
    with open_store(project) as target, open_store(colleague) as source:
        assert "the target's was kept" in merge(target, source, prefer=Prefer.NEWER).conflicts[0]
        assert target.annotations("a0", "ann").spans == mine.spans
    written("2999-01-01T00:00:00+00:00")  # the colleague's is newer: it replaces ours
    with open_store(project) as target, open_store(colleague) as source:
        assert merge(target, source, prefer=Prefer.NEWER).layers_replaced == 1
        assert [s.label for s in target.annotations("a0", "ann").spans] == ["ORG"]
