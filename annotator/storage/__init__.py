"""annotator.storage."""
