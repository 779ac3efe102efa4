"""annotator.editing."""
