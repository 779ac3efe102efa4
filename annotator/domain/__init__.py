"""The domain core: plain values and rules, standard library only (no Qt, no spaCy, no SQL)."""

from .annotations import GOLD_LAYER, MODEL_LAYER, Annotations, Change, Verdict, iter_quotes, suggestion_key
from .article import Article, ArticleSummary, Status, content_hash, normalised_text
from .errors import AnnotatorError, InvariantError, NotFoundError, UnknownLabelError
from .label_scheme import QUOTE_KINDS, LabelDef, LabelKind, LabelScheme
from .span import AttrValue, Origin, Relation, Span
from .token import Token

__all__ = [
    "GOLD_LAYER",
    "MODEL_LAYER",
    "QUOTE_KINDS",
    "Annotations",
    "AnnotatorError",
    "Article",
    "ArticleSummary",
    "AttrValue",
    "Change",
    "InvariantError",
    "LabelDef",
    "LabelKind",
    "LabelScheme",
    "NotFoundError",
    "Origin",
    "Relation",
    "Span",
    "Status",
    "Token",
    "UnknownLabelError",
    "Verdict",
    "content_hash",
    "iter_quotes",
    "normalised_text",
    "suggestion_key",
]
