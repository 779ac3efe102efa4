"""Inter-annotator agreement over many articles, as a stream.

Articles arrive one at a time (:class:`AgreementTally` or :func:`compute_agreement` over any
iterable, e.g. a generator reading from the store); only counts are kept, so memory does not
grow with the number of articles, apart from the per-article table (bounded by
``top_articles`` when given).

For every pair of annotators, the first (in the order given, else alphabetical) is the
reference and the second the prediction. The figures, per label and pooled:

* spans: precision, recall and F1 with exact and with overlap matching (same label);
* quotes: the QUOTE row of the same;
* speaker: share of overlap-matched quotes whose speakers agree
  (:func:`~annotator.review.layer_view.speakers_agree`);
* stance: Cohen's kappa and Krippendorff's alpha on the stances of overlap-matched quotes.
  A quote's stance is its ``attrs["stance"]``, else the label of its stance relation, else
  ``"none"``: a quote left without stance is a decision ("takes no side") compared like the
  others, so it is a category, not a missing value.

Overall: span and speaker counts pooled over pairs; alpha on quotes grouped across all the
annotators of each article, an annotator whose layer lacks the quote giving a missing value.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from annotator.domain import GOLD_LAYER, MODEL_LAYER

from .figures import Figure, SpanCounts
from .kappa import AlphaTally, KappaTally
from .layer_view import QUOTE, ArticleLayers, LayerView, speakers_agree
from .matching import exact_counts, group_spans, match_overlap
from .report import (
    ALL_LABELS,
    AgreementFigures,
    AgreementReport,
    ArticleRow,
    LabelAgreement,
    PairAgreement,
    SpeakerAgreement,
    StanceAgreement,
)

# Layers that are not a colleague's labels: left out unless annotators are named explicitly.
NOT_ANNOTATORS = frozenset({GOLD_LAYER, MODEL_LAYER})


class _FiguresTally:
    """Running counts behind one :class:`AgreementFigures`."""

    __slots__ = ("exact", "overlap", "speaker_agreed", "speaker_compared", "kappa", "alpha", "articles")

    def __init__(self) -> None:
        self.exact: dict[str, list[int]] = {}
        self.overlap: dict[str, list[int]] = {}
        self.speaker_agreed = 0
        self.speaker_compared = 0
        self.kappa = KappaTally()
        self.alpha = AlphaTally()
        self.articles = 0

    def add_spans(self, label: str, exact: SpanCounts, overlap: SpanCounts) -> None:
        for table, counts in ((self.exact, exact), (self.overlap, overlap)):
            _add_row(table, label, counts.tp, counts.fp, counts.fn)

    def merge(self, other: _FiguresTally) -> None:
        """Pool ``other``'s counts into these (alpha excepted: pooled pairs are not units of all)."""
        for mine, theirs in ((self.exact, other.exact), (self.overlap, other.overlap)):
            for label, (tp, fp, fn) in theirs.items():
                _add_row(mine, label, tp, fp, fn)
        self.speaker_agreed += other.speaker_agreed
        self.speaker_compared += other.speaker_compared
        self.kappa.merge(other.kappa)

    def freeze(self, with_kappa: bool) -> AgreementFigures:
        def counts(row: list[int] | None) -> SpanCounts:
            return SpanCounts(*row) if row else SpanCounts()

        labels = tuple(
            LabelAgreement(label, counts(self.exact.get(label)), counts(self.overlap.get(label)))
            for label in sorted(self.exact)
        )
        pooled = LabelAgreement(
            ALL_LABELS,
            sum((row.exact for row in labels), SpanCounts()),
            sum((row.overlap for row in labels), SpanCounts()),
        )
        categories = tuple(sorted(set(self.kappa.categories()) | set(self.alpha.values_by_category)))
        stance = StanceAgreement(
            kappa=self.kappa.kappa() if with_kappa else Figure(None, 0),
            alpha=self.alpha.alpha(),
            categories=categories,
        )
        return AgreementFigures(labels, pooled, SpeakerAgreement(self.speaker_agreed, self.speaker_compared), stance)


def _add_row(table: dict[str, list[int]], label: str, tp: int, fp: int, fn: int) -> None:
    row = table.get(label)
    if row is None:
        table[label] = [tp, fp, fn]
    else:
        row[0] += tp
        row[1] += fp
        row[2] += fn


class AgreementTally:
    """Agreement accumulated article by article; :meth:`report` may be called at any point.

    ``annotators`` names whose layers to compare, in order (first of a pair is the reference);
    when ``None``, every layer met is compared except ``gold`` and ``model``, in alphabetical
    order. ``top_articles`` bounds the per-article table to the most disagreeing articles.
    """

    def __init__(self, annotators: Sequence[str] | None = None, *, top_articles: int | None = None) -> None:
        self._fixed = annotators is not None
        self._annotators: list[str] = list(annotators or [])
        if len(set(self._annotators)) != len(self._annotators):
            raise ValueError(f"an annotator is named twice: {self._annotators}")
        self._top = top_articles
        self._pairs: dict[tuple[str, str], _FiguresTally] = {}
        self._overall = _FiguresTally()
        self._present: dict[str, int] = dict.fromkeys(self._annotators, 0)
        self._seen = 0
        self._skipped = 0
        self._rows: list[ArticleRow] = []

    def add(self, article: ArticleLayers) -> ArticleRow | None:
        """Count one article; its row of the per-article table, or ``None`` when skipped."""
        self._seen += 1
        if not self._fixed:
            for name in article.layers:
                if name not in NOT_ANNOTATORS and name not in self._present:
                    self._present[name] = 0
                    self._annotators.append(name)
                    self._annotators.sort()
        present = [name for name in self._annotators if name in article.layers]
        for name in present:
            self._present[name] += 1
        if len(present) < 2:
            self._skipped += 1
            return None
        views = [LayerView(article.layers[name], name) for name in present]
        matched = unmatched = disagreements = 0
        for i, ref in enumerate(views):
            for pred in views[i + 1 :]:
                tally = self._pairs.get((ref.annotator, pred.annotator))
                if tally is None:
                    tally = self._pairs[(ref.annotator, pred.annotator)] = _FiguresTally()
                tally.articles += 1
                tp, fp_fn, other = _compare_pair(ref, pred, tally)
                matched += tp
                unmatched += fp_fn
                disagreements += fp_fn + other
        self._overall.articles += 1
        by_name = {v.annotator: v for v in views}
        for grp in group_spans([(v.annotator, v.labelled(QUOTE)) for v in views], QUOTE):
            self._overall.alpha.add(
                by_name[name].quotes[grp.members[name].id].stance if name in grp.members else None for name in present
            )
        f1 = (
            Figure(2 * matched / (2 * matched + unmatched), matched + unmatched)
            if matched + unmatched
            else Figure(None, 0)
        )
        row = ArticleRow(article.article_id, tuple(present), disagreements, f1)
        self._keep(row)
        return row

    def _keep(self, row: ArticleRow) -> None:
        self._rows.append(row)
        if self._top is not None and len(self._rows) > 2 * self._top + 16:
            self._rows.sort(key=ArticleRow.sort_key)
            del self._rows[self._top :]

    def report(self) -> AgreementReport:
        """The figures so far."""
        names = tuple(self._annotators)
        pairs = []
        for i, ref in enumerate(names):
            for pred in names[i + 1 :]:
                tally = self._pairs.get((ref, pred), _FiguresTally())
                pairs.append(
                    PairAgreement(ref, pred, tally.articles, self._seen - tally.articles, tally.freeze(with_kappa=True))
                )
        overall = _FiguresTally()
        overall.alpha = self._overall.alpha
        for tally in self._pairs.values():
            overall.merge(tally)
        rows = sorted(self._rows, key=ArticleRow.sort_key)
        if self._top is not None:
            rows = rows[: self._top]
        return AgreementReport(
            annotators=names,
            articles_seen=self._seen,
            articles_compared=self._overall.articles,
            articles_skipped=self._skipped,
            missing_layers={name: self._seen - self._present[name] for name in names},
            pairs=tuple(pairs),
            overall=overall.freeze(with_kappa=len(names) == 2),
            articles=tuple(rows),
        )


def _compare_pair(ref: LayerView, pred: LayerView, tally: _FiguresTally) -> tuple[int, int, int]:
    """Count one pair on one article into its tally.

    Returns the article's overlap matches, its unmatched spans, and the other disagreements
    on matched spans (other boundaries; on quotes, other speaker or stance each count).
    Kept lean on purpose: it runs for every pair of every article.
    """
    exact_table, overlap_table = tally.exact, tally.overlap
    matched = unmatched = other = 0
    for label in ref.by_label.keys() | pred.by_label.keys():
        ref_spans, pred_spans = ref.labelled(label), pred.labelled(label)
        n_ref, n_pred = len(ref_spans), len(pred_spans)
        exact = exact_counts(ref_spans, pred_spans).tp
        pairs = match_overlap(ref_spans, pred_spans)
        tp = len(pairs)
        _add_row(exact_table, label, exact, n_pred - exact, n_ref - exact)
        _add_row(overlap_table, label, tp, n_pred - tp, n_ref - tp)
        matched += tp
        unmatched += n_ref + n_pred - 2 * tp
        for x, y in pairs:
            if x.start != y.start or x.end != y.end:
                other += 1
        if label != QUOTE:
            continue
        for ref_quote, pred_quote in pairs:
            a, b = ref.quotes[ref_quote.id], pred.quotes[pred_quote.id]
            agree = speakers_agree(a, b)
            tally.speaker_agreed += agree
            tally.speaker_compared += 1
            tally.kappa.add(a.stance, b.stance)
            tally.alpha.add((a.stance, b.stance))
            other += (not agree) + (a.stance != b.stance)
    return matched, unmatched, other


def compute_agreement(
    articles: Iterable[ArticleLayers],
    annotators: Sequence[str] | None = None,
    *,
    top_articles: int | None = None,
) -> AgreementReport:
    """Agreement of ``annotators`` (default: every layer but gold and model) over ``articles``."""
    tally = AgreementTally(annotators, top_articles=top_articles)
    for article in articles:
        tally.add(article)
    return tally.report()
