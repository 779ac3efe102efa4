"""Registration of the built-in formats (imported once by the registry)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO

from ..csvfiles import read_csv, write_quotes_csv
from ..jsonl import read_json, read_jsonl, write_jsonl
from ..prodigy import write_prodigy
from . import ExportContext, Format, Pairs, register
from .brat import read_brat_file, write_brat_folder
from .doccano import read_doccano, write_doccano
from .labelstudio import read_label_studio, write_label_studio
from .plain import read_html, read_txt, write_html, write_txt
from .uima import read_xmi, write_xmi
from .webanno_tsv import read_tsv, write_tsv


def _jsonl(pairs: Pairs, out: TextIO, context: ExportContext) -> int:
    return write_jsonl(pairs, out)


def _prodigy(pairs: Pairs, out: TextIO, context: ExportContext) -> int:
    family = context.options.get("family")
    return write_prodigy(pairs, out, context.tokenize, family, context.notes)


def _csv(pairs: Pairs, out: TextIO, context: ExportContext) -> int:
    return write_quotes_csv(pairs, out, bom=bool(context.options.get("bom")))


def _read_prodigy(path: Path, options: Any) -> Any:
    return read_jsonl(path, options)


register(Format("txt", "plain text (first line = headline); export: the texts", (".txt", ".text"), read_txt, write_txt))
register(
    Format(
        "html",
        "web pages (main text by trafilatura); export: spans marked",
        (".html", ".htm", ".xhtml"),
        read_html,
        write_html,
    )
)
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
        "brat",
        "brat standoff: .txt + .ann (one per annotator)",
        (".ann",),
        read_brat_file,
        write_brat_folder,
        output="folder",
        options=("map",),
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
register(
    Format(
        "doccano",
        "doccano JSONL (sequence labelling and relations)",
        (),
        read_doccano,
        write_doccano,
        export_suffix=".doccano.jsonl",
    )
)
register(
    Format(
        "label-studio",
        "Label Studio JSON export in; tasks out (spans as annotations or predictions)",
        (),
        read_label_studio,
        write_label_studio,
        options=("label_studio_as",),
        export_suffix=".label-studio.json",
    )
)
register(
    Format(
        "xmi",
        "UIMA CAS XMI (INCEpTION) with our type system; export: a folder with TypeSystem.xml",
        (".xmi", ".xml"),
        read_xmi,
        write_xmi,
        output="folder",
    )
)
register(
    Format(
        "webanno",
        "WebAnno TSV 3.3 (INCEpTION); a .tsv that is not WebAnno is read as a table; export: a folder",
        (".tsv",),
        read_tsv,
        write_tsv,
        output="folder",
    )
)
