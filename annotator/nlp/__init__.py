"""annotator.nlp."""
