"""annotator.interchange."""
