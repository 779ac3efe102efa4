"""Planning a codebook change, pure: what is kept, renamed, dropped or refused."""

from __future__ import annotations

import copy

import pytest
from codebook_fixtures import NEW_LABEL, NEW_STANCE, codebook_data, codebook_scheme

from annotator.domain import LabelScheme
from annotator.domain.codebook import (
    CodebookRefused,
    Family,
    LabelUse,
    key_clashes,
    plan_codebook_change,
    scheme_problems,
)

USE = LabelUse(
    spans={"PERSON": 4, NEW_LABEL: 2, "QUOTE": 1},
    relations={"SPEAKER": 1, NEW_STANCE: 1},
    stances={NEW_STANCE: 1},
    kinds={"direct": 1},
)


def _scheme(edit) -> LabelScheme:  # noqa: ANN001 - a function editing the JSON
    data = copy.deepcopy(codebook_data())
    edit(data)
    return LabelScheme.from_dict(data)


def test_the_same_codebook_with_new_colours_changes_no_span() -> None:
    new = _scheme(lambda d: d["entities"][0].update(color="#000000"))
    plan = plan_codebook_change(codebook_scheme(), new, USE)
    assert plan.changes == () and plan.scheme == new


def test_unused_labels_go_without_force() -> None:
    new = _scheme(lambda d: d.update(entities=[e for e in d["entities"] if e["label"] != "EVENT"]))
    assert plan_codebook_change(codebook_scheme(), new, USE).changes == ()


def test_a_quote_kind_in_use_is_refused_then_cleared_by_force() -> None:
    new = _scheme(lambda d: d.update(quote_kinds=["indirect", "mixed"]))
    with pytest.raises(CodebookRefused, match="quote kind 'direct' is used 1 time"):
        plan_codebook_change(codebook_scheme(), new, USE)
    plan = plan_codebook_change(codebook_scheme(), new, USE, force=True)
    assert plan.removals(Family.KIND) == ["direct"]


def test_a_stance_counted_from_its_target_links_too() -> None:
    use = LabelUse(relations={NEW_STANCE: 3})  # links labelled with the stance, no quote attrs
    new = _scheme(lambda d: d.update(stances=[s for s in d["stances"] if s["label"] != NEW_STANCE]))
    with pytest.raises(CodebookRefused, match=f"stance value '{NEW_STANCE}' is used 3 time"):
        plan_codebook_change(codebook_scheme(), new, use)


def test_every_refusal_is_listed_at_once() -> None:
    def drop(d: dict) -> None:
        d["quotes"] = [q for q in d["quotes"] if q["label"] != NEW_LABEL]
        d["entities"] = [e for e in d["entities"] if e["label"] != "PERSON"]

    with pytest.raises(CodebookRefused) as caught:
        plan_codebook_change(codebook_scheme(), _scheme(drop), USE)
    assert "'PERSON' is used 4 time(s)" in str(caught.value) and f"'{NEW_LABEL}' is used 2 time(s)" in str(caught.value)


def test_keys_are_case_blind_and_checked_against_the_apps_keys() -> None:
    scheme = _scheme(lambda d: d["stances"][-1].update(key="Q"))
    assert any("bound twice" in p for p in key_clashes(scheme))
    assert key_clashes(codebook_scheme(), {"O": "something else"}) == [
        "key 'O' of stance 'mocking' is already the app's key for something else"
    ]
    assert scheme_problems(codebook_scheme()) == []
