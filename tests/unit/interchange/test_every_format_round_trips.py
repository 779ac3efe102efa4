"""Every annotated format, through the real CLI: seed gold exported and imported back unchanged,
and a codebook with a new label and stance value carried by every format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from roundtrip_helpers import codebook_pair, codebook_scheme, essence, seed_pair

from annotator.cli import main
from annotator.interchange.formats import export_formats, import_formats
from annotator.storage import Store

ANNOTATED = ("jsonl", "brat", "prodigy", "doccano", "label-studio", "webanno", "xmi")


def test_the_cli_names_of_the_issue_are_in_the_registry() -> None:
    names = {"brat", "doccano", "label-studio", "webanno", "xmi", "prodigy", "jsonl", "csv", "txt", "html"}
    assert names <= set(import_formats()) and names | {"spacy"} <= set(export_formats())


def _project(tmp_path: Path, pair: Any, name: str) -> Path:
    project = tmp_path / f"{name}.annotator"
    with Store.open(project) as store:
        article, layer = pair
        store.add_articles([(article, [layer])])
        if name == "codebook":
            store.set_label_scheme(codebook_scheme())
    return project


@pytest.mark.parametrize("fmt", ANNOTATED)
@pytest.mark.parametrize("which", ["seed", "codebook"])
def test_export_then_import_gives_the_same_layer(fmt: str, which: str, gold: dict[str, Any], tmp_path: Path) -> None:
    pair = seed_pair(gold) if which == "seed" else codebook_pair(gold)
    source = _project(tmp_path, pair, which)
    out = tmp_path / f"out-{fmt}"
    assert main(["export", str(source), str(out), "--format", fmt, "--annotator", "gold"]) == 0
    target = tmp_path / "back.annotator"
    if which == "codebook":  # the receiving project has the team's codebook too
        with Store.open(target) as store:
            store.set_label_scheme(codebook_scheme())
    assert main(["import", str(target), str(out), "--format", fmt, "--annotator", "gold"]) == 0
    with Store.open(target, create=False) as store:
        [article_id] = store.article_ids()
        back = store.annotations(article_id, "gold")
        article = store.article(article_id)
    assert essence(article, back) == essence(*pair)


def test_a_record_with_a_label_outside_the_codebook_is_named(gold: dict[str, Any], tmp_path: Path, capsys: Any) -> None:
    source = _project(tmp_path, codebook_pair(gold), "codebook")
    out = tmp_path / "out.jsonl"
    assert main(["export", str(source), str(out), "--annotator", "gold"]) == 0
    assert main(["import", str(tmp_path / "plain.annotator"), str(out)]) == 2
    err = capsys.readouterr().err
    assert "unknown label 'POLICY'" in err and "--map POLICY=LABEL" in err
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[0])["id"] == "sessions-russia"


@pytest.mark.parametrize("fmt", ["spacy", "prodigy", "webanno"])
def test_a_span_snapped_to_tokens_is_reported_by_the_cli(
    fmt: str, gold: dict[str, Any], tmp_path: Path, capsys: Any
) -> None:
    article, layer = seed_pair(gold)
    quote = layer.spans_labelled("QUOTE")[0]
    layer = layer.with_span(quote.with_bounds(quote.start + 1, quote.end))
    source = _project(tmp_path, (article, layer), "cut")
    capsys.readouterr()
    assert main(["export", str(source), str(tmp_path / f"out-{fmt}"), "--format", fmt, "--annotator", "gold"]) == 0
    err = capsys.readouterr().err
    assert "1 span(s) cut a token" in err and quote.id in err


def test_force_replaces_an_earlier_folder_export_but_never_another_folder(gold: dict[str, Any], tmp_path: Path) -> None:
    source = _project(tmp_path, seed_pair(gold), "seed")
    out = tmp_path / "brat-out"
    assert main(["export", str(source), str(out), "--format", "brat", "--annotator", "gold"]) == 0
    assert main(["export", str(source), str(out), "--format", "brat", "--annotator", "gold"]) == 2  # no --force
    assert main(["export", str(source), str(out), "--format", "brat", "--annotator", "gold", "--force"]) == 0
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "thesis.docx").write_bytes(b"years of work")
    assert main(["export", str(source), str(precious), "--format", "brat", "--annotator", "gold", "--force"]) == 2
    assert (precious / "thesis.docx").read_bytes() == b"years of work"
