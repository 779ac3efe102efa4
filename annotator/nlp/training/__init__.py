"""Training the team's own pipeline from its layers (spaCy's training loop) and scoring it on held-out articles."""

from .corpus import entity_count, entity_docs, write_corpus
from .evaluation import EntityScores, LabelScore, score_entities
from .trainer import (
    TrainingCancelled,
    TrainingError,
    TrainingSettings,
    load_base,
    resolve_base,
    train_entities,
)

__all__ = [
    "EntityScores",
    "LabelScore",
    "TrainingCancelled",
    "TrainingError",
    "TrainingSettings",
    "entity_count",
    "entity_docs",
    "load_base",
    "resolve_base",
    "score_entities",
    "train_entities",
    "write_corpus",
]
