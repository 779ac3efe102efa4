"""The pre-annotation engine, the only package that uses spaCy: pipeline loading, quotations, suggestions."""

from .cues import CueLexicon
from .pipeline import LoadedPipeline, load_pipeline
from .preannotate import annotations_from_doc, preannotate_texts
from .quotes import Cue, Quotation, QuoteFinder
from .speakers import Mention

__all__ = [
    "Cue",
    "CueLexicon",
    "LoadedPipeline",
    "Mention",
    "Quotation",
    "QuoteFinder",
    "annotations_from_doc",
    "load_pipeline",
    "preannotate_texts",
]
