"""annotator.services."""
