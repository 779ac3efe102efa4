"""``--map``: pairs, JSON files with spans/relations/roles apart, presets; bad maps are named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.interchange import LabelMapError, parse_label_maps
from annotator.storage import Store

TEXT = "Mayor speaks\n\n“We stay,” said Ines Calloway.\n"
ANN = "T1\tContent 14 24\t“We stay,”\nT2\tWho 30 43\tInes Calloway\nR1\tCue Arg1:T1 Arg2:T2\n"


def test_pairs_files_and_presets_combine(tmp_path: Path) -> None:
    path = tmp_path / "map.json"
    path.write_text(json.dumps({"spans": {"Cue": "CUE"}, "relations": {"Cue": "SPEAKER"}, "skip": ["Junk"]}))
    mapping = parse_label_maps(["attribution", str(path), "Who=PERSON"])
    assert (mapping.span("Cue"), mapping.relation("Cue"), mapping.span("Who"), mapping.span("Content")) == (
        "CUE",
        "SPEAKER",
        "PERSON",
        "QUOTE",
    )
    assert mapping.attribution and "Junk" in mapping.skip


@pytest.mark.parametrize(
    ("spec", "expected"), [("=X", "SRC=DST"), ("nope", "no such JSON file"), ("{bad}.json", "no such")]
)
def test_bad_maps_are_named(spec: str, expected: str) -> None:
    with pytest.raises(LabelMapError, match=expected):
        parse_label_maps([spec])


def test_cli_map_renames_spans_and_relations_apart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "mayor.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "in" / "mayor.ann").write_text(ANN, encoding="utf-8")
    project = tmp_path / "p.annotator"
    assert main(["import", str(project), str(tmp_path / "in")]) == 2
    err = capsys.readouterr().err
    assert "unknown label 'Content'" in err and "--map Content=LABEL" in err and "mayor.ann" in err
    mapping = tmp_path / "m.json"
    mapping.write_text(json.dumps({"spans": {"Content": "QUOTE", "Who": "SPEAKER"}, "relations": {"Cue": "SPEAKER"}}))
    assert main(["import", str(project), str(tmp_path / "in"), "--map", str(mapping), "--annotator", "x"]) == 0
    with Store.open(project, create=False) as store:
        layer = store.annotations("mayor", "x")
    assert {s.label for s in layer.spans} == {"QUOTE", "SPEAKER"} and [r.label for r in layer.relations] == ["SPEAKER"]
    out = tmp_path / "brat-out"
    assert main(["export", str(project), str(out), "--format", "brat", "--annotator", "x"]) == 0
    assert "T1\tQUOTE 14 24\t“We stay,”" in (out / "mayor.ann").read_text(encoding="utf-8")
