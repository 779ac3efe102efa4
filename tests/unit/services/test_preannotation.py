"""Pre-annotation through the CLI and the service: the model layer only, idempotent, provenance kept."""

from __future__ import annotations

from pathlib import Path

from annotator.cli import main
from annotator.domain import Annotations, Change, Origin, Span
from annotator.services.samples import ensure_sample_project
from annotator.storage import Store


def test_preannotate_writes_the_model_layer_and_a_rerun_replaces_only_it(tmp_path, shared_dir, capsys):
    project = tmp_path / "p.annotator"
    assert main(["import", str(project), str(shared_dir / "examples" / "sessions-russia.txt")]) == 0
    with Store.open(project) as store:
        base = Annotations("sessions-russia", "alice")
        mine = base.with_span(Span("s1", 7, 20, "PERSON"))
        store.apply(Change.between(base, mine))
    assert main(["preannotate", str(project), "--batch-size", "4"]) == 0
    assert "pre-annotated with" in capsys.readouterr().out
    with Store.open(project) as store:
        first = store.annotations("sessions-russia", "model")
        quotes = first.spans_labelled("QUOTE")
        assert len(quotes) >= 12, "the seed article has 15 gold quotes"
        assert all(s.origin is Origin.MODEL and s.attrs.get("model") for s in first.spans)
        assert all(q.attrs.get("kind") in ("direct", "indirect", "mixed") for q in quotes)
        assert any(r.label == "SPEAKER" for r in first.relations)
    assert main(["preannotate", str(project)]) == 0
    with Store.open(project) as store:
        again = store.annotations("sessions-russia", "model")
        assert sorted((s.start, s.end, s.label) for s in again.spans) == sorted(
            (s.start, s.end, s.label) for s in first.spans
        )
        assert store.annotations("sessions-russia", "alice").spans == (Span("s1", 7, 20, "PERSON"),)


def test_the_sample_project_is_built_once_and_pre_annotated(tmp_path):
    path = tmp_path / "sample.annotator"
    ensure_sample_project(path)
    with Store.open(path) as store:
        ids = store.article_ids()
        assert len(ids) >= 8
        with_quotes = [i for i in ids if store.annotations(i, "model").spans_labelled("QUOTE")]
        assert len(with_quotes) == len(ids)
        stamp = Path(path).stat().st_mtime_ns
    ensure_sample_project(path)  # a second call opens what is there
    assert Path(path).stat().st_mtime_ns == stamp
