"""PolNeAR's own brat files, as the corpus distributes them, imported with the built-in attribution map.

The quotes and speakers of the layer of the annotator that ``polnear-dev.jsonl`` was converted
from (the id that sorts first) must equal that gold exactly, scored by the shared scorer.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.interchange import article_record
from annotator.storage import Store


@pytest.fixture(scope="module")
def polnear_project(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("polnear") / "p.annotator"
    corpus = shared_dir / "data" / "polnear-dev-brat"
    code = main(["import", str(project), str(corpus), "--format", "brat", "--map", "attribution"])
    assert code == 0
    return project


def test_every_annotator_file_becomes_a_layer(polnear_project: Path, shared_dir: Path) -> None:
    anns = sorted((shared_dir / "data" / "polnear-dev-brat" / "attributions").glob("*.ann"))
    assert len(anns) == 66
    with Store.open(polnear_project, create=False) as store:
        assert store.article_count() == 56
        layers = {(a, layer) for a in store.article_ids() for layer in store.layers_of(a)}
    expected = set()
    for ann in anns:
        stem, _, annotator = ann.stem.rpartition("_")
        expected.add((stem, annotator))
    assert layers == expected


def test_first_annotator_equals_the_converted_gold(polnear_project: Path, shared_dir: Path, tmp_path: Path) -> None:
    gold_path = shared_dir / "data" / "polnear-dev.jsonl"
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines()]
    pred = tmp_path / "pred.jsonl"
    with Store.open(polnear_project, create=False) as store, pred.open("w", encoding="utf-8") as out:
        for record in gold:
            stem = Path(record["source"].split(" + ")[0].split(" ")[-1]).stem
            first = sorted(store.layers_of(stem))[0]
            exported = article_record(store.article(stem), store.annotations(stem, first))
            assert exported["text"] == record["text"]
            exported["id"] = record["id"]
            out.write(json.dumps(exported, ensure_ascii=False) + "\n")
    scorer = shared_dir / "tools" / "score_quotes.py"
    result = subprocess.run([sys.executable, str(scorer), str(gold_path), str(pred)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    assert len(scores) == 4
    for figure in scores:
        assert (figure["precision"], figure["recall"], figure["speaker_accuracy"]) == (1.0, 1.0, 1.0), figure
    assert scores[-1]["gold"] == 1516
