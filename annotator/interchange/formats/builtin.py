"""The built-in formats: the new ones register themselves in their modules (imported here); our
JSONL, JSON, CSV, Prodigy and spaCy, whose code predates the registry, are registered here."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO

from ..csvfiles import read_csv, write_quotes_csv
from ..jsonl import read_json, read_jsonl, write_jsonl
from ..prodigy import write_prodigy
from . import ExportContext, Format, Pairs, brat, doccano, labelstudio, plain, register, uima, webanno_tsv  # noqa: F401 - each registers its format(s)


def _jsonl(pairs: Pairs, out: TextIO, context: ExportContext) -> int:
    return write_jsonl(pairs, out)


def _prodigy(pairs: Pairs, out: TextIO, context: ExportContext) -> int:
    family = context.options.get("family")
    return write_prodigy(pairs, out, context.tokenize, family, context.notes)


def _csv(pairs: Pairs, out: TextIO, context: ExportContext) -> int:
    return write_quotes_csv(pairs, out, bom=bool(context.options.get("bom")))


def _read_prodigy(path: Path, options: Any) -> Any:
    return read_jsonl(path, options)


register(
    Format(
        "jsonl",
        "our JSONL (one article and layer per line)",
        (".jsonl", ".ndjson"),
        read_jsonl,
        _jsonl,
        options=("text_field",),
    )
)
register(Format("json", "one JSON record or a list of them", (".json",), read_json))
register(
    Format(
        "csv",
        "CSV in (text column); export: one row per quote",
        (".csv",),
        read_csv,
        _csv,
        options=("text_field", "bom"),
    )
)
register(
    Format(
        "prodigy",
        "Prodigy JSONL tasks",
        (),
        _read_prodigy,
        _prodigy,
        options=("family",),
        export_suffix=".prodigy.jsonl",
    )
)
register(Format("spacy", "spaCy DocBin (export)", (".spacy",), None, None, output="binary", external_writer=True))
