"""The codebook on the command line: `annotator scheme` prints, checks, replaces, refuses and renames,
each result read back from the project file."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from codebook_fixtures import NEW_LABEL, NEW_STANCE, codebook_data, codebook_pair

from annotator.cli import main
from annotator.domain import MODEL_LAYER, Annotations, LabelScheme, Origin, Span, Verdict, suggestion_key
from annotator.interchange import default_label_scheme, schema_errors
from annotator.services.scheme import project_scheme
from annotator.storage import Store


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project on the team's codebook, with alice's layer using CLAIM and mocking, and a model
    suggestion of CLAIM that bob rejected."""
    path = tmp_path / "p.annotator"
    article, layer = codebook_pair()
    claim = next(s for s in layer.spans if s.label == NEW_LABEL)
    suggestion = Span("m1", claim.start, claim.end, NEW_LABEL, Origin.MODEL, {"model": "test"})
    with Store.open(path) as store:
        store.set_label_scheme(LabelScheme.from_dict(codebook_data()))
        store.add_articles([(article, (layer,))])
        store.replace_layer(Annotations(article.id, MODEL_LAYER, spans=(suggestion,)))
        store.replace_layer(Annotations(article.id, "bob").with_decision(suggestion_key(suggestion), Verdict.REJECTED))
    return path


def _write(tmp_path: Path, data: object, name: str = "codebook.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def _without(data: dict, section: str, label: str) -> dict:
    out = copy.deepcopy(data)
    out[section] = [item for item in out[section] if item["label"] != label]
    return out


def _renamed(data: dict, section: str, old: str, new: str) -> dict:
    out = copy.deepcopy(data)
    for item in out[section]:
        if item["label"] == old:
            item["label"] = new
    return out


def _stored(path: Path) -> tuple[dict, Annotations, Annotations, Annotations]:
    with Store.open(path, create=False) as store:
        return (
            project_scheme(store).to_dict(),
            store.annotations("harbour-1", "alice"),
            store.annotations("harbour-1", MODEL_LAYER),
            store.annotations("harbour-1", "bob"),
        )


def test_scheme_prints_the_projects_codebook_valid_against_its_schema(project: Path, capsys) -> None:  # noqa: ANN001
    assert main(["scheme", str(project)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert schema_errors(printed, "label_scheme") == []
    assert printed == codebook_data()
    assert NEW_LABEL in [item["label"] for item in printed["quotes"]]


def test_a_project_without_its_own_codebook_prints_the_shipped_one(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    path = tmp_path / "empty.annotator"
    Store.open(path).close()
    assert main(["scheme", str(path)]) == 0
    assert json.loads(capsys.readouterr().out) == default_label_scheme().to_dict()


def test_set_replaces_the_codebook(project: Path, tmp_path: Path) -> None:
    data = copy.deepcopy(codebook_data())
    data["stances"].append({"label": "sarcastic", "key": "z", "color": "#123456"})
    data["entities"][0]["color"] = "#000000"
    assert main(["scheme", str(project), "--set", str(_write(tmp_path, data))]) == 0
    scheme, *_ = _stored(project)
    assert scheme == data


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"name": "x",\n "entities": [', "line 2: malformed JSON"),
        ({"name": "x", "entities": [{"label": "A", "color": "red"}], "quotes": []}, "entities/0/color"),
        ({"name": "x", "entities": [], "quotes": [], "colour": 1}, "colour"),
        (
            {"name": "x", "entities": [{"label": "A", "key": "w"}, {"label": "B", "key": "W"}], "quotes": []},
            "key 'W' is bound twice",
        ),
        ({"name": "x", "entities": [{"label": "A", "key": "y"}], "quotes": []}, "accept suggestion"),
        ({"name": "x", "entities": [{"label": "A"}, {"label": "A"}], "quotes": []}, "defined twice"),
        (
            {
                "name": "x",
                "entities": [],
                "quotes": [],
                "relations": [{"label": "SPEAKER"}],
                "stances": [{"label": "SPEAKER"}],
            },
            "name of a relation label",
        ),
    ],
)
def test_a_bad_file_exits_2_names_the_file_and_the_problem_and_changes_nothing(
    project: Path,
    tmp_path: Path,
    capsys,
    content: object,
    expected: str,  # noqa: ANN001
) -> None:
    before = _stored(project)
    bad = _write(tmp_path, content, "bad-codebook.json")
    assert main(["scheme", str(project), "--set", str(bad)]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and expected in err
    assert _stored(project) == before


def test_removing_a_label_in_use_is_refused_and_changes_nothing(project: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    before = _stored(project)
    smaller = _without(codebook_data(), "quotes", NEW_LABEL)
    assert main(["scheme", str(project), "--set", str(_write(tmp_path, smaller))]) == 2
    err = capsys.readouterr().err
    assert f"span label '{NEW_LABEL}' is used 2 time(s)" in err and "--rename" in err and "--force" in err
    assert _stored(project) == before


def test_force_says_how_many_spans_it_affects_and_drops_them(project: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    smaller = _without(codebook_data(), "quotes", NEW_LABEL)
    assert main(["scheme", str(project), "--set", str(_write(tmp_path, smaller)), "--force"]) == 0
    assert f"span label '{NEW_LABEL}' removed: 2 span(s) deleted" in capsys.readouterr().err
    scheme, alice, model, bob = _stored(project)
    assert NEW_LABEL not in [item["label"] for item in scheme["quotes"]]
    assert NEW_LABEL not in {s.label for s in alice.spans} and not model.spans
    assert not bob.decisions
    assert len(alice.spans) == 5  # the rest is untouched


def test_rename_renames_in_every_layer_spans_decisions_and_stances(project: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    data = _renamed(_renamed(codebook_data(), "quotes", NEW_LABEL, "ASSERTION"), "stances", NEW_STANCE, "ridicule")
    out = _write(tmp_path, data)
    args = [
        "scheme",
        str(project),
        "--set",
        str(out),
        "--rename",
        f"{NEW_LABEL}=ASSERTION",
        "--rename",
        f"{NEW_STANCE}=ridicule",
    ]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "'CLAIM' renamed to 'ASSERTION' in 2 span(s)" in err and "'mocking' renamed to 'ridicule'" in err
    scheme, alice, model, bob = _stored(project)
    assert scheme == data
    assert sorted(s.label for s in alice.spans if s.label in ("ASSERTION", NEW_LABEL)) == ["ASSERTION"]
    assert [s.label for s in model.spans] == ["ASSERTION"]
    (key,) = bob.decisions
    assert key.startswith("ASSERTION:") and bob.decisions[key] is Verdict.REJECTED
    quote = next(s for s in alice.spans if s.label == "QUOTE")
    assert quote.attrs["stance"] == "ridicule"
    assert sorted(r.label for r in alice.relations) == ["CUE", "SPEAKER", "ridicule"]
    with Store.open(project, create=False) as store:
        alice.validate(len(store.article("harbour-1").text), project_scheme(store))  # every label is known


def test_removing_a_stance_in_use_needs_force_which_keeps_the_target(project: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    smaller = _without(codebook_data(), "stances", NEW_STANCE)
    path = str(_write(tmp_path, smaller))
    assert main(["scheme", str(project), "--set", path]) == 2
    assert f"stance value '{NEW_STANCE}' is used 1 time(s)" in capsys.readouterr().err
    assert main(["scheme", str(project), "--set", path, "--force"]) == 0
    _, alice, _, _ = _stored(project)
    quote = next(s for s in alice.spans if s.label == "QUOTE")
    assert "stance" not in quote.attrs
    assert sorted(r.label for r in alice.relations) == ["CUE", "SPEAKER", "TARGET"]


def test_removing_a_relation_label_in_use_is_refused(project: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    smaller = _without(codebook_data(), "relations", "CUE")
    assert main(["scheme", str(project), "--set", str(_write(tmp_path, smaller))]) == 2
    assert "relation label 'CUE' is used 1 time(s)" in capsys.readouterr().err
    assert main(["scheme", str(project), "--set", str(_write(tmp_path, smaller)), "--force"]) == 0
    _, alice, _, _ = _stored(project)
    assert "CUE" not in {r.label for r in alice.relations} and "CUE" in {s.label for s in alice.spans}


@pytest.mark.parametrize(
    ("renames", "expected"),
    [
        (["NOPE=CLAIM"], "'NOPE' is not in the current codebook"),
        ([f"{NEW_LABEL}=NOWHERE"], "'NOWHERE' is not a span label"),
        (["QUOTE=PERSON"], "'QUOTE' is still a span label"),
        ([f"{NEW_LABEL}"], "expected OLD=NEW"),
    ],
)
def test_a_bad_rename_is_refused_and_changes_nothing(
    project: Path,
    tmp_path: Path,
    capsys,
    renames: list[str],
    expected: str,  # noqa: ANN001
) -> None:
    before = _stored(project)
    smaller = _without(codebook_data(), "quotes", NEW_LABEL)
    args = ["scheme", str(project), "--set", str(_write(tmp_path, smaller))]
    for item in renames:
        args += ["--rename", item]
    assert main(args) == 2
    assert expected in capsys.readouterr().err
    assert _stored(project) == before


def test_a_built_in_label_cannot_be_renamed(project: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    data = _renamed(codebook_data(), "quotes", "QUOTE", "STATEMENT")
    args = ["scheme", str(project), "--set", str(_write(tmp_path, data)), "--rename", "QUOTE=STATEMENT"]
    assert main(args) == 2
    assert "'QUOTE' is built in" in capsys.readouterr().err


def test_agreement_reports_the_team_label_and_stance(project: Path, capsys) -> None:  # noqa: ANN001
    article, alice = codebook_pair()
    bob = Annotations(
        article.id,
        "bob",
        spans=tuple(s.with_attrs(stance="accusing") if s.label == "QUOTE" else s for s in alice.spans if s.id != "e2"),
        relations=tuple(r for r in alice.relations if r.label != NEW_STANCE),
    )
    with Store.open(project) as store:
        store.replace_layer(bob)
    capsys.readouterr()
    assert main(["agreement", str(project), "--annotators", "alice", "bob", "--json"]) == 0
    (pair,) = json.loads(capsys.readouterr().out)["pairs"]
    claim = pair["spans"][NEW_LABEL]
    assert claim["exact"]["f1"]["value"] == 1.0 and claim["exact"]["f1"]["support"] > 0
    assert pair["spans"]["ORG"]["exact"]["recall"]["value"] == 0.5  # bob left out the harbour board
    assert set(pair["stance"]["categories"]) == {"accusing", NEW_STANCE}
