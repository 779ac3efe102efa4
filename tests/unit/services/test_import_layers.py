"""Importing annotated records into a project that already holds layers: nothing an analyst did is lost.

The CLI on real files: a re-imported older export is kept beside the newer layer (or replaces it
only with ``--replace``, which says what it replaced), importing the same file twice changes
nothing, gold is protected the same way, and ``--as NAME`` overrides the annotator a file names.
"""

from __future__ import annotations

import json
from pathlib import Path

from annotator.cli import main
from annotator.domain import GOLD_LAYER, Annotations, Span, Status
from annotator.storage import Store

TEXT = ("Mayor Ines Walt said the bridge would reopen. Council member Ada Roe said it would not. " * 10).strip()


def record(annotator: str, n_spans: int, status: str = "in_progress") -> dict:
    """Our export format: one article with ``n_spans`` PERSON spans of ``annotator``."""
    spans = []
    for i in range(n_spans):
        start = (i * 88) % (len(TEXT) - 20)
        spans.append(
            {"id": f"s{i}", "start": start, "end": start + 5, "label": "PERSON", "text": TEXT[start : start + 5]}
        )
    return {
        "id": "a1",
        "text": TEXT,
        "meta": {},
        "annotator": annotator,
        "status": status,
        "spans": spans,
        "relations": [],
    }


def write_jsonl(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def layer(project: Path, annotator: str) -> Annotations:
    with Store.open(project) as store:
        (article_id,) = store.article_ids()
        return store.annotations(article_id, annotator)


def project_with_newer_work(tmp_path: Path) -> tuple[Path, Path]:
    """A project where alice's layer holds 10 spans, and her older export with 3."""
    project = tmp_path / "p.annotator"
    newer = write_jsonl(tmp_path / "newer.jsonl", record("alice", 10))
    older = write_jsonl(tmp_path / "older.jsonl", record("alice", 3))
    assert main(["import", str(project), str(newer)]) == 0
    assert len(layer(project, "alice").spans) == 10
    return project, older


def test_an_older_export_is_imported_beside_the_newer_layer(tmp_path, capsys):
    project, older = project_with_newer_work(tmp_path)
    capsys.readouterr()
    assert main(["import", str(project), str(older)]) == 0
    out = capsys.readouterr().out
    assert len(layer(project, "alice").spans) == 10  # her newer work is untouched
    assert len(layer(project, "alice-imported").spans) == 3  # the older export is there, beside
    assert "older.jsonl, line 1: a1: layer 'alice' stored beside as 'alice-imported'" in out
    assert "1 kept beside an existing layer" in out


def test_replace_replaces_and_says_what_it_replaced(tmp_path, capsys):
    project, older = project_with_newer_work(tmp_path)
    capsys.readouterr()
    assert main(["import", str(project), str(older), "--replace"]) == 0
    out = capsys.readouterr().out
    assert len(layer(project, "alice").spans) == 3
    assert "replaced the project's 'alice' layer (10 span(s) before)" in out
    with Store.open(project) as store:
        assert "alice-imported" not in store.annotators()


def test_importing_the_same_file_twice_changes_nothing(tmp_path, capsys):
    project, older = project_with_newer_work(tmp_path)
    assert main(["import", str(project), str(older)]) == 0
    capsys.readouterr()
    assert main(["import", str(project), str(older)]) == 0
    out = capsys.readouterr().out
    with Store.open(project) as store:
        assert store.annotators() == ["alice", "alice-imported"]
    assert "unchanged (the same layer is already stored as 'alice-imported')" in out


def test_an_empty_layer_is_filled_not_kept_beside(tmp_path, capsys):
    project = tmp_path / "p.annotator"
    assert main(["import", str(project), str(write_jsonl(tmp_path / "plain.jsonl", {"text": TEXT}))]) == 0
    with Store.open(project) as store:
        (article_id,) = store.article_ids()
        store.replace_layer(Annotations(article_id, "alice"))  # opened, nothing done
    source = write_jsonl(tmp_path / "alice.jsonl", record("alice", 3))
    assert main(["import", str(project), str(source)]) == 0
    assert len(layer(project, "alice").spans) == 3
    with Store.open(project) as store:
        assert store.annotators() == ["alice"]


def test_gold_is_never_replaced_by_an_import(tmp_path, seed_gold, capsys):
    project = tmp_path / "p.annotator"
    gold_file = write_jsonl(tmp_path / "gold.jsonl", seed_gold)
    assert main(["import", str(project), str(gold_file)]) == 0
    before = layer(project, GOLD_LAYER)
    older = dict(seed_gold, spans=seed_gold["spans"][:5], relations=[])
    capsys.readouterr()
    assert main(["import", str(project), str(write_jsonl(tmp_path / "older-gold.jsonl", older))]) == 0
    assert set(layer(project, GOLD_LAYER).spans) == set(before.spans)
    assert len(layer(project, "gold-imported").spans) == 5
    assert "stored beside as 'gold-imported'" in capsys.readouterr().out


def test_as_name_overrides_the_annotator_the_file_names(tmp_path, seed_gold, capsys):
    project = tmp_path / "p.annotator"
    gold_file = write_jsonl(tmp_path / "gold.jsonl", seed_gold)
    assert main(["import", str(project), str(gold_file), "--as", "bob"]) == 0
    out = capsys.readouterr().out
    with Store.open(project) as store:
        assert store.annotators() == ["bob"]  # not gold, which the file names
    assert len(layer(project, "bob").spans) == len(seed_gold["spans"])
    assert layer(project, "bob").status is Status.DONE
    assert "layer 'bob' stored as 'bob'" in out


def test_annotator_names_only_records_that_name_none(tmp_path, seed_gold, capsys):
    project = tmp_path / "p.annotator"
    unnamed = {k: v for k, v in record("x", 2).items() if k != "annotator"}
    source = write_jsonl(tmp_path / "mixed.jsonl", seed_gold, unnamed)
    assert main(["import", str(project), str(source), "--annotator", "bob"]) == 0
    with Store.open(project) as store:
        assert store.annotators() == ["bob", "gold"]
        assert [s.id for s in store.annotations(store.article_ids()[1], "bob").spans] == ["s0", "s1"]


def test_store_keeps_a_layer_with_work_by_default(tmp_path):
    """The rule lives in storage, so every caller (GUI import, samples, services) gets it."""
    from annotator.domain import Article

    with Store.open(tmp_path / "p.annotator") as store:
        work = Annotations("a", "alice", spans=(Span("s1", 0, 5, "PERSON"), Span("s2", 6, 10, "PERSON")))
        store.add_articles([(Article("a", TEXT), [work])])
        smaller = Annotations("b", "alice", spans=(Span("s9", 0, 5, "PERSON"),))
        (outcome,) = store.add_articles([(Article("b", TEXT), [smaller])])
        assert outcome.layers_added == ("alice-imported",)
        assert len(store.annotations("a", "alice").spans) == 2


def test_an_empty_as_name_is_a_clear_error(tmp_path, seed_gold, capsys):
    project = tmp_path / "p.annotator"
    assert main(["import", str(project), str(write_jsonl(tmp_path / "g.jsonl", seed_gold)), "--as", " "]) == 2
    assert "--as" in capsys.readouterr().err
    assert not project.exists(), "nothing is created for a command that is refused"
