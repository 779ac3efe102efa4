"""The domain core: plain values and rules, standard library only (no Qt, no spaCy, no SQL)."""

from .annotations import (
    GOLD_LAYER,
    MODEL_LAYER,
    Annotations,
    Change,
    Verdict,
    affected_spans,
    fresh_id,
    iter_quotes,
    suggestion_key,
)
from .article import Article, ArticleSummary, Status, content_hash, normalised_text
from .errors import AnnotatorError, InvariantError, NotFoundError, UnknownLabelError
from .label_scheme import QUOTE_KINDS, LabelDef, LabelKind, LabelScheme
from .span import AttrValue, Origin, Relation, Span
from .stance import (
    LINK_RELATIONS,
    TARGET,
    QuoteLinks,
    StanceTarget,
    is_target_relation,
    quote_links,
    resolve_stance,
    stance_and_target,
)
from .token import Token

__all__ = [
    "GOLD_LAYER",
    "LINK_RELATIONS",
    "MODEL_LAYER",
    "QUOTE_KINDS",
    "TARGET",
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
    "QuoteLinks",
    "Relation",
    "Span",
    "StanceTarget",
    "Status",
    "Token",
    "UnknownLabelError",
    "Verdict",
    "affected_spans",
    "content_hash",
    "fresh_id",
    "is_target_relation",
    "iter_quotes",
    "normalised_text",
    "quote_links",
    "resolve_stance",
    "stance_and_target",
    "suggestion_key",
]
