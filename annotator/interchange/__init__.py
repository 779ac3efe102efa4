"""File formats: import news and annotations (txt, html, jsonl, json, csv, brat, Prodigy) and export them.

Readers yield :class:`ParsedArticle` or :class:`ImportProblem` one at a time and never raise on bad
input; writers consume ``(Article, Annotations)`` pairs one at a time. Neither holds a whole file
in memory. This package knows no spaCy, no SQL and no Qt: tokenisation is passed in as a callable.
"""

from .cleanup import JUNK_PATTERNS, clean_text, is_junk_line
from .csvfiles import QUOTE_COLUMNS, neutralise, quote_rows, write_quotes_csv
from .html import article_from_html, extract_main_text
from .jsonl import parse_record, write_jsonl
from .labelmap import LabelMap, LabelMapError, parse_label_maps
from .options import ImportOptions
from .prodigy import task_record, write_prodigy
from .reader import FORMATS, read_paths
from .records import article_record
from .results import ImportNote, ImportProblem, ImportResult, ParsedArticle
from .tokens import Token, TokenIndex, Tokenize, simple_tokenize
from .validation import default_label_scheme, load_label_scheme, schema_errors, validator

__all__ = [
    "FORMATS",
    "JUNK_PATTERNS",
    "LabelMap",
    "LabelMapError",
    "QUOTE_COLUMNS",
    "ImportNote",
    "ImportOptions",
    "ImportProblem",
    "ImportResult",
    "ParsedArticle",
    "Token",
    "TokenIndex",
    "Tokenize",
    "article_from_html",
    "article_record",
    "clean_text",
    "default_label_scheme",
    "extract_main_text",
    "is_junk_line",
    "load_label_scheme",
    "neutralise",
    "parse_label_maps",
    "parse_record",
    "quote_rows",
    "read_paths",
    "schema_errors",
    "simple_tokenize",
    "task_record",
    "validator",
    "write_jsonl",
    "write_prodigy",
    "write_quotes_csv",
]
