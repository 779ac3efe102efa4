"""annotator.review."""
