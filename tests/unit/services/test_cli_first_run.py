"""The command line as a new analyst meets it: whose layer is exported by default, a missing layer,
every layer, file modes, trimmed texts, the agreement table (issue 18, "First run")."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.services.user_config import UserConfig
from annotator.storage import Store

TEXT = 'Vote delayed\n\n"We need more time," said the speaker.'


def _layer(annotator: str, *, stance: str | None = None, with_cue: bool = True) -> dict:
    quote_start, quote_end = TEXT.index('"We need'), TEXT.index(" said")
    cue = TEXT.index("said")
    spans = [{"id": "q1", "start": quote_start, "end": quote_end, "label": "QUOTE", "attrs": {"kind": "direct"}}]
    relations = []
    if with_cue:
        spans.append({"id": "c1", "start": cue, "end": cue + 4, "label": "CUE"})
        relations.append({"id": "r1", "head": "q1", "child": "c1", "label": "CUE"})
    if stance:
        spans[0]["attrs"]["stance"] = stance
    return {
        "id": "vote",
        "text": TEXT,
        "annotator": annotator,
        "status": "done",
        "spans": spans,
        "relations": relations,
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """One article with alice's and bob's layers (they differ: bob marked no cue)."""
    path = tmp_path / "p.annotator"
    source = tmp_path / "layers.jsonl"
    lines = [json.dumps(_layer("alice")), json.dumps(_layer("bob", with_cue=False))]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["import", str(path), str(source)]) == 0
    with Store.open(path) as store:
        assert store.annotators() == ["alice", "bob"]
    return path


def _exported_annotators(path: Path) -> list[str]:
    return [json.loads(line)["annotator"] for line in path.read_text(encoding="utf-8").splitlines()]


def test_export_defaults_to_the_name_the_app_remembers(project, tmp_path, monkeypatch, capsys):
    """The app asked "alice" and remembered it; the CLI, run without --annotator, exports alice's layer."""
    monkeypatch.delenv("ANNOTATOR_USER", raising=False)
    UserConfig().annotator_name = "alice"  # what the app's name dialog stores (see tests/ui/test_user_name.py)
    out = tmp_path / "out.jsonl"
    assert main(["export", str(project), str(out)]) == 0
    assert _exported_annotators(out) == ["alice"]
    # $ANNOTATOR_USER still wins for one run
    monkeypatch.setenv("ANNOTATOR_USER", "bob")
    assert main(["export", str(project), str(tmp_path / "bob.jsonl")]) == 0
    assert _exported_annotators(tmp_path / "bob.jsonl") == ["bob"]


def test_the_settings_file_is_readable_without_qt_and_isolated(isolated_user_config, monkeypatch):
    monkeypatch.delenv("ANNOTATOR_USER", raising=False)
    config = UserConfig()
    assert config.path.parent == isolated_user_config  # tests never touch the real ~/.config
    config.annotator_name = "  carol "
    assert "carol" in config.path.read_text(encoding="utf-8")
    assert UserConfig().default_annotator() == "carol"


def test_a_broken_settings_file_is_a_clear_error(project, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("ANNOTATOR_USER", raising=False)
    config = UserConfig()
    config.folder.mkdir(parents=True, exist_ok=True)
    config.path.write_text("name = alice\n", encoding="utf-8")  # no section header
    assert main(["export", str(project), str(tmp_path / "out.jsonl")]) == 2
    err = capsys.readouterr().err
    assert str(config.path) in err and "line 1" in err


def test_exporting_a_layer_the_project_lacks_names_the_layers_it_has(project, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    assert main(["export", str(project), str(out), "--annotator", "alcie"]) == 2
    err = capsys.readouterr().err
    assert "'alcie'" in err and "alice, bob" in err and "--all-layers" in err
    assert not out.exists()


def test_all_layers_exports_every_layer(project, tmp_path, capsys):
    out = tmp_path / "all.jsonl"
    assert main(["export", str(project), str(out), "--all-layers"]) == 0
    assert sorted(_exported_annotators(out)) == ["alice", "bob"]
    assert "2 record(s) exported" in capsys.readouterr().err


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "spacy"])
def test_exported_files_follow_the_umask(project, tmp_path, umask, mode, fmt):
    out = tmp_path / f"out.{fmt}"
    old = os.umask(umask)
    try:
        assert main(["export", str(project), str(out), "--format", fmt, "--annotator", "alice"]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == mode


def test_overwriting_keeps_the_files_own_mode(project, tmp_path):
    out = tmp_path / "shared.jsonl"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o664)
    assert main(["export", str(project), str(out), "--annotator", "alice", "--force"]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o664
    assert _exported_annotators(out) == ["alice"]


def _junk_sources(tmp_path: Path) -> list[Path]:
    body = "Pension reform vote\n\nThe minister said pensions would rise in May."
    jsonl = tmp_path / "texts.jsonl"
    records = [
        {"id": "a", "text": body + "\nJane Doe contributed research."},
        {"id": "b", "text": "Share this article\n" + body.replace("May", "June")},
        {"id": "c", "text": body.replace("May", "July")},  # nothing to trim
    ]
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    csv_file = tmp_path / "texts.csv"
    csv_file.write_text('id,text\nd,"' + body.replace("May", "August") + '\nAll rights reserved."\n', encoding="utf-8")
    return [jsonl, csv_file]


def test_import_reports_trimmed_texts(tmp_path, capsys):
    project = tmp_path / "p.annotator"
    assert main(["import", str(project), *map(str, _junk_sources(tmp_path))]) == 0
    captured = capsys.readouterr()
    assert "3 text(s) trimmed" in captured.out
    assert "texts.jsonl, line 1: dropped 1 junk line(s): 'Jane Doe contributed research.'" in captured.err
    assert "texts.jsonl, line 2" in captured.err and "texts.csv, line 2" in captured.err
    assert "line 3" not in captured.err
    with Store.open(project) as store:
        texts = {a.id: a.text for a in store.iter_articles()}
    assert not texts["a"].endswith("research.") and not texts["b"].startswith("Share")


def test_keep_text_keeps_every_text_verbatim(tmp_path, capsys):
    project = tmp_path / "p.annotator"
    sources = _junk_sources(tmp_path)
    assert main(["import", str(project), *map(str, sources), "--keep-text"]) == 0
    assert "trimmed" not in capsys.readouterr().out
    records = [json.loads(line) for line in sources[0].read_text(encoding="utf-8").splitlines()]
    with Store.open(project) as store:
        texts = {a.id: a.text for a in store.iter_articles()}
    assert [texts[r["id"]] for r in records] == [r["text"] for r in records]
    assert texts["d"].endswith("All rights reserved.")


def test_agreement_prints_a_readable_table(project, capsys):
    assert main(["agreement", str(project)]) == 0
    out = capsys.readouterr().out
    assert not out.lstrip().startswith("{") and '"value"' not in out
    lines = out.splitlines()
    assert len(lines) < 40
    assert "alice vs bob (1 articles compared, 0 missing)" in lines
    cue = next(line for line in lines if line.split()[:1] == ["CUE"])
    assert cue.split()[1:3] == ["0.000", "(n=1)"]  # alice's cue, bob has none
    quote = next(line for line in lines if line.split()[:1] == ["QUOTE"])
    assert quote.split()[1:3] == ["1.000", "(n=1)"]
    assert main(["agreement", str(project), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["overall"]["spans"]["CUE"]["exact"]["f1"]["value"] == 0.0
