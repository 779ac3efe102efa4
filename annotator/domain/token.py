"""Token: a word or mark of an article, as exporters and the UI's snapping need it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Token:
    """A token: its text, its half-open code-point range in the article, and whether white space follows."""

    text: str
    start: int
    end: int
    ws: bool


#: A tokenizer: the tokens of a text. Exporters that need tokens (Prodigy) take one, so the caller
#: chooses: spaCy's (``annotator.nlp.tokens.spacy_tokenizer``) or the plain one of ``interchange``.
Tokenize = Callable[[str], list[Token]]
