"""spaCy's tokenizer behind the interchange ``Tokenize`` protocol, so interchange never imports spaCy."""

from __future__ import annotations

from typing import Any

import spacy

from annotator.domain import Token
from annotator.domain.token import Tokenize


def spacy_tokenizer(nlp: Any = None) -> Tokenize:
    """A tokenize callable over ``nlp.tokenizer`` (a blank English tokenizer by default).

    Only the tokenizer runs: exports need token boundaries, not tags or entities, and the blank
    tokenizer is the one a Prodigy or spaCy training set made from the export would use.
    """
    tokenizer = (nlp if nlp is not None else spacy.blank("en")).tokenizer

    def tokenize(text: str) -> list[Token]:
        return [Token(t.text, t.idx, t.idx + len(t.text), bool(t.whitespace_)) for t in tokenizer(text)]

    return tokenize
