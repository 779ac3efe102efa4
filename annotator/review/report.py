"""The results of agreement: frozen values, each figure with its support, and ``to_dict()`` for JSON.

The shapes are the same for a pair of annotators and for the overall view (pooled over
pairs), so a report can be rendered by one piece of code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .figures import Figure, SpanCounts
from .layer_view import QUOTE

ALL_LABELS = "*"


@dataclass(frozen=True)
class LabelAgreement:
    """Span agreement on one label (or ``"*"``: all labels pooled) with exact and overlap matching."""

    label: str
    exact: SpanCounts = SpanCounts()
    overlap: SpanCounts = SpanCounts()

    def to_dict(self) -> dict[str, object]:
        return {"label": self.label, "exact": self.exact.to_dict(), "overlap": self.overlap.to_dict()}


@dataclass(frozen=True)
class SpeakerAgreement:
    """How many overlap-matched quotes name the same speaker, out of the matched quotes."""

    agreed: int = 0
    compared: int = 0

    @property
    def agreement(self) -> Figure:
        return Figure.ratio(self.agreed, self.compared)

    def to_dict(self) -> dict[str, object]:
        return {"agreed": self.agreed, "matched_quotes": self.compared, "agreement": self.agreement.to_dict()}


@dataclass(frozen=True)
class StanceAgreement:
    """Chance-corrected agreement on the stance of matched quotes.

    ``kappa`` is Cohen's kappa, defined for two annotators only (``None``, support 0 otherwise);
    ``alpha`` is Krippendorff's alpha (nominal). Supports count the quotes (units) used.
    ``categories`` are the stances seen, ``"none"`` standing for a quote without stance.
    """

    kappa: Figure = Figure(None, 0)
    alpha: Figure = Figure(None, 0)
    categories: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {"kappa": self.kappa.to_dict(), "alpha": self.alpha.to_dict(), "categories": list(self.categories)}


@dataclass(frozen=True)
class AgreementFigures:
    """Every figure for one comparison: per label, all labels pooled, quotes, speaker, stance."""

    labels: tuple[LabelAgreement, ...] = ()
    all_labels: LabelAgreement = LabelAgreement(ALL_LABELS)
    speaker: SpeakerAgreement = SpeakerAgreement()
    stance: StanceAgreement = StanceAgreement()

    @property
    def quotes(self) -> LabelAgreement:
        """Quote agreement: the QUOTE row (all zero when nobody marked a quote)."""
        return self.label(QUOTE)

    def label(self, name: str) -> LabelAgreement:
        return next((row for row in self.labels if row.label == name), LabelAgreement(name))

    def to_dict(self) -> dict[str, object]:
        return {
            "spans": {row.label: row.to_dict() for row in self.labels},
            "all_labels": self.all_labels.to_dict(),
            "quotes": self.quotes.to_dict(),
            "speaker": self.speaker.to_dict(),
            "stance": self.stance.to_dict(),
        }


@dataclass(frozen=True)
class PairAgreement:
    """Agreement of ``prediction`` with ``reference`` over the articles both have a layer on.

    ``articles_missing`` counts the articles seen where one of them (or both) had no layer.
    """

    reference: str
    prediction: str
    articles_compared: int
    articles_missing: int
    figures: AgreementFigures

    def to_dict(self) -> dict[str, object]:
        return {
            "reference": self.reference,
            "prediction": self.prediction,
            "articles_compared": self.articles_compared,
            "articles_missing": self.articles_missing,
            **self.figures.to_dict(),
        }


@dataclass(frozen=True)
class ArticleRow:
    """A row of the per-article table: where annotators disagree most.

    ``disagreements`` sums over the article's pairs of annotators: spans left unmatched by
    overlap matching, matched spans with other boundaries, matched quotes with another
    speaker, matched quotes with another stance. (It is counted from the pairwise matching
    already done for the figures; :func:`~annotator.review.differences.find_differences`
    lists the same disagreements merged across layers, e.g. a label difference is one
    difference there and two unmatched spans here.)
    ``span_f1`` is the overlap F1 over all labels, pooled over the article's pairs.
    """

    article_id: str
    layers: tuple[str, ...]
    disagreements: int
    span_f1: Figure

    def sort_key(self) -> tuple[int, float, str]:
        """Most disagreements first, then lowest F1, then id; no spans at all sorts last."""
        f1 = self.span_f1.value
        return (-self.disagreements, 2.0 if f1 is None else f1, self.article_id)

    def to_dict(self) -> dict[str, object]:
        return {
            "article_id": self.article_id,
            "layers": list(self.layers),
            "disagreements": self.disagreements,
            "span_f1": self.span_f1.to_dict(),
        }


@dataclass(frozen=True)
class AgreementReport:
    """Agreement of a set of annotators over a set of articles.

    ``articles_seen`` counts every article given; ``articles_compared`` those with layers of
    at least two of the annotators (the others are ``articles_skipped``). ``missing_layers``
    counts, per annotator, the articles seen without a layer of theirs. ``overall`` pools the
    pairs (per label, speaker) and computes alpha across all annotators at once; its kappa is
    given only when there are exactly two annotators.
    """

    annotators: tuple[str, ...]
    articles_seen: int
    articles_compared: int
    articles_skipped: int
    missing_layers: Mapping[str, int]
    pairs: tuple[PairAgreement, ...]
    overall: AgreementFigures
    articles: tuple[ArticleRow, ...] = field(default=())

    def pair(self, reference: str, prediction: str) -> PairAgreement:
        """The pair of two annotators, in either order (F1 and kappa are symmetric)."""
        for p in self.pairs:
            if (p.reference, p.prediction) in ((reference, prediction), (prediction, reference)):
                return p
        raise KeyError(f"no pair {reference!r}/{prediction!r}")

    def to_dict(self) -> dict[str, object]:
        return {
            "annotators": list(self.annotators),
            "articles": {
                "seen": self.articles_seen,
                "compared": self.articles_compared,
                "skipped_fewer_than_two_layers": self.articles_skipped,
                "missing_layers": dict(self.missing_layers),
            },
            "pairs": [p.to_dict() for p in self.pairs],
            "overall": self.overall.to_dict(),
            "per_article": [row.to_dict() for row in self.articles],
        }
