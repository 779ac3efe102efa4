"""annotator.ui."""
