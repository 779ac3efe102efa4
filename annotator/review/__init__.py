"""Review of colleagues' labels: agreement figures, differences and adjudication, pure Python.

Reads domain values only (no Qt, no SQL, no spaCy), so the same code serves the GUI, the
command line and the tests.
"""

from .adjudication import adjudicate, adjudication_progress, empty_gold, is_resolved
from .agreement import AgreementTally, compute_agreement
from .differences import AgreementRegion, ArticleDifferences, Difference, DifferenceKind, find_differences
from .figures import Figure, SpanCounts
from .kappa import AlphaTally, KappaTally, cohen_kappa, krippendorff_alpha
from .layer_view import NO_STANCE, ArticleLayers, QuoteFacts, speakers_agree
from .matching import SpanGroup, exact_counts, group_spans, match_overlap
from .report import (
    AgreementFigures,
    AgreementReport,
    ArticleRow,
    LabelAgreement,
    PairAgreement,
    SpeakerAgreement,
    StanceAgreement,
)

__all__ = [
    "NO_STANCE",
    "AgreementFigures",
    "AgreementRegion",
    "AgreementReport",
    "AgreementTally",
    "AlphaTally",
    "ArticleDifferences",
    "ArticleLayers",
    "ArticleRow",
    "Difference",
    "DifferenceKind",
    "Figure",
    "KappaTally",
    "LabelAgreement",
    "PairAgreement",
    "QuoteFacts",
    "SpanCounts",
    "SpanGroup",
    "SpeakerAgreement",
    "StanceAgreement",
    "adjudicate",
    "adjudication_progress",
    "cohen_kappa",
    "compute_agreement",
    "empty_gold",
    "exact_counts",
    "find_differences",
    "group_spans",
    "is_resolved",
    "krippendorff_alpha",
    "match_overlap",
    "speakers_agree",
]
