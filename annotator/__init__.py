"""annotator: annotate political news with entities, quotations, speakers and stance."""
__version__ = "0.1.0"
