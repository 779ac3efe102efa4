"""Shared fixtures of the nlp tests: the real spaCy model, loaded once per test session."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.domain import LabelScheme
from annotator.nlp import LoadedPipeline, Quotation, QuoteFinder, load_pipeline

REPO = Path(__file__).resolve().parents[3]
SHARED = REPO / ".." / "shared"


@pytest.fixture(scope="session")
def loaded() -> LoadedPipeline:
    pipeline = load_pipeline()
    assert pipeline.has_entities and pipeline.has_parser, f"the tests need a full English model: {pipeline.warning}"
    return pipeline


@pytest.fixture(scope="session")
def finder() -> QuoteFinder:
    return QuoteFinder()


@pytest.fixture(scope="session")
def scheme() -> LabelScheme:
    return LabelScheme.from_dict(json.loads((REPO / "resources" / "label_scheme.json").read_text(encoding="utf-8")))


@pytest.fixture(scope="session")
def quotations(loaded: LoadedPipeline, finder: QuoteFinder) -> Callable[[str], list[Quotation]]:
    """Process a text and return its quotations."""

    def run(text: str) -> list[Quotation]:
        return finder.find(loaded.nlp(text))

    return run


def fragment_texts(text: str, quotation: Quotation) -> list[str]:
    return [text[s:e] for s, e in quotation.fragments]


def quotation_with(text: str, found: list[Quotation], words: str) -> Quotation:
    """The quotation one of whose fragments contains ``words``; fails saying what was found."""
    start = text.index(words)
    end = start + len(words)
    for q in found:
        if any(s <= start and end <= e for s, e in q.fragments):
            return q
    raise AssertionError(f"no quotation covers {words!r}; found {[fragment_texts(text, q) for q in found]}")


@pytest.fixture(scope="session")
def covering() -> Callable[[str, list[Quotation], str], Quotation]:
    """``covering(text, quotations, words)``: the quotation quoting ``words`` (fails if none)."""
    return quotation_with


@pytest.fixture(scope="session")
def fragments_of() -> Callable[[str, Quotation], list[str]]:
    """``fragments_of(text, quotation)``: the quoted texts of a quotation."""
    return fragment_texts
