"""The command line on real files: import, list, export, exit codes and clear errors."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import build_parser, main
from annotator.storage import Store


def test_every_command_is_documented_in_the_readme():
    readme = Path(__file__).resolve().parents[3] / "README.md"
    text = readme.read_text(encoding="utf-8")
    commands = build_parser()._subparsers._group_actions[0].choices  # noqa: SLF001 - argparse has no public API
    for name in commands:
        assert f"annotator {name}" in text, f"README does not document `annotator {name}`"


def test_version():
    result = subprocess.run([sys.executable, "-m", "annotator.cli", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("annotator ")


def test_import_the_seed_article_then_list_it(tmp_path, shared_dir, seed_gold, capsys):
    project = tmp_path / "p.annotator"
    assert main(["import", str(project), str(shared_dir / "examples" / "sessions-russia.txt")]) == 0
    with Store.open(project) as store:
        (article,) = list(store.iter_articles())
        assert article.text == seed_gold["text"]
        assert article.title.startswith("Beyond Jeff Sessions")
    capsys.readouterr()
    assert main(["articles", str(project), "--annotator", "alice"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].split("\t")[:3] == ["sessions-russia", article.title, "todo"]


def test_bad_inputs_are_named_and_the_rest_imports(tmp_path, shared_dir, capsys):
    project = tmp_path / "p.annotator"
    good = tmp_path / "good.txt"
    good.write_text("Mayor speaks\n\nThe mayor said the bridge would reopen.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    broken = tmp_path / "dump.jsonl"
    broken.write_text('{"text": "First record is fine."}\n{"text": "no closing brace"\n', encoding="utf-8")
    assert main(["import", str(project), str(good), str(empty), str(binary), str(broken)]) == 2
    err = capsys.readouterr().err
    assert "empty.txt" in err and "photo.txt" in err and "dump.jsonl, line 2" in err
    with Store.open(project) as store:
        assert store.article_count() == 2  # good.txt and line 1 of the JSONL
    # a duplicate is reported, not an error
    assert main(["import", str(project), str(good)]) == 0
    assert "duplicate" in capsys.readouterr().err


def test_a_file_that_is_not_a_project_is_a_clear_error(tmp_path, capsys):
    not_project = tmp_path / "notes.annotator"
    not_project.write_text("shopping list", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("Headline\n\nBody text of the article.", encoding="utf-8")
    assert main(["import", str(not_project), str(good)]) == 2
    assert "not an annotator project" in capsys.readouterr().err
    assert not_project.read_text(encoding="utf-8") == "shopping list"


def test_export_refuses_to_overwrite_and_csv_is_safe(tmp_path, shared_dir, capsys):
    project = tmp_path / "p.annotator"
    gold = shared_dir / "examples" / "sessions-russia.gold.json"
    record = json.loads(gold.read_text(encoding="utf-8"))
    source = tmp_path / "gold.jsonl"
    source.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["import", str(project), str(source)]) == 0
    out = tmp_path / "quotes.csv"
    out.write_text("keep me", encoding="utf-8")
    assert main(["export", str(project), str(out), "--format", "csv", "--gold"]) == 2
    assert "--force" in capsys.readouterr().err and out.read_text(encoding="utf-8") == "keep me"
    assert main(["export", str(project), str(out), "--format", "csv", "--gold", "--force"]) == 0
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert len(rows) == 1 + 15  # header and the 15 gold quotes
    jsonl = tmp_path / "gold-out.jsonl"
    assert main(["export", str(project), str(jsonl), "--gold"]) == 0
    (back,) = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert back["text"] == record["text"]
    assert {(s["start"], s["end"], s["label"]) for s in back["spans"]} == {
        (s["start"], s["end"], s["label"]) for s in record["spans"]
    }
    assert len(back["relations"]) == len(record["relations"])


@pytest.mark.parametrize("fmt", ["jsonl", "prodigy", "csv"])
def test_export_to_standard_output(tmp_path, fmt, capsys):
    """``OUT`` as ``-``: the records go to stdout, whole and nothing else (no summary mixed in)."""
    project = tmp_path / "p.annotator"
    text = 'Vote delayed\n\n"We need more time," said the speaker.'
    quote, cue = text.index('"We need'), text.index("said")
    record = {
        "id": "vote",
        "text": text,
        "annotator": "alice",
        "status": "done",
        "spans": [
            {"id": "q1", "start": quote, "end": text.index(" said"), "label": "QUOTE", "attrs": {"kind": "direct"}},
            {"id": "c1", "start": cue, "end": cue + 4, "label": "CUE"},
        ],
        "relations": [{"id": "r1", "head": "q1", "child": "c1", "label": "CUE"}],
    }
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert main(["import", str(project), str(src)]) == 0
    capsys.readouterr()
    assert main(["export", str(project), "-", "--format", fmt, "--annotator", "alice"]) == 0
    out = capsys.readouterr().out
    if fmt == "csv":
        rows = list(csv.DictReader(out.splitlines()))
        assert [(r["quote"], r["kind"], r["cue"], r["annotator"]) for r in rows] == [
            ('"We need more time,"', "direct", "said", "alice")
        ]
        return
    (line,) = out.splitlines()  # one record, and nothing else on stdout
    back = json.loads(line)
    assert back["text"] == text
    assert {(s["start"], s["end"], s["label"]) for s in back["spans"]} == {
        (s["start"], s["end"], s["label"]) for s in record["spans"]
    }
    assert len(back["relations"]) == 1
