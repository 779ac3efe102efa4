"""Projects for the training tests: UNER news sentences (../shared/data) with their gold entities as a layer.

UNER labels PER, ORG and LOC; the project's codebook is set to PERSON, ORG and LOC (the data README's
mapping: PER -> PERSON, and places, polities included, are LOC), so the base model's GPE for a country
is a miss and the team's LOC is what the trained pipeline has to learn.
"""

from __future__ import annotations

import json
from pathlib import Path

from annotator.domain import LabelKind, LabelScheme
from annotator.services.importing import import_paths
from annotator.services.scheme import default_scheme
from annotator.storage import Store

UNER = "ner_uner_en_pud_news.jsonl"
UNER_TO_SCHEME = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}
LABELS = ("PERSON", "ORG", "LOC")


def uner_scheme() -> LabelScheme:
    base = default_scheme()
    labels = tuple(lab for lab in base.labels if lab.kind is not LabelKind.ENTITY or lab.name in LABELS)
    return LabelScheme(name="uner-news", labels=labels, quote_kinds=base.quote_kinds)


def uner_project(shared_dir: Path, folder: Path, count: int, *, layer: str = "gold", status: str = "done") -> Path:
    """A project of the first ``count`` UNER sentences, their gold entities imported as ``layer``'s layer."""
    records = [json.loads(line) for line in (shared_dir / "data" / UNER).read_text(encoding="utf-8").splitlines()]
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "uner.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for record in records[:count]:
            spans = [
                {
                    "id": f"e{n}",
                    "start": e["start"],
                    "end": e["end"],
                    "label": UNER_TO_SCHEME[e["label"]],
                    "text": e["text"],
                    "origin": "human",
                }
                for n, e in enumerate(record["entities"], 1)
            ]
            out.write(
                json.dumps(
                    {
                        "id": record["id"],
                        "text": record["text"],
                        "meta": {},
                        "annotator": layer,
                        "status": status,
                        "spans": spans,
                        "relations": [],
                    }
                )
                + "\n"
            )
    project = folder / "uner.annotator"
    with Store.open(project) as store:
        store.set_setting("name", "UNER news")
        store.set_label_scheme(uner_scheme())
        report = import_paths(store, [source])
        assert not report.problems, report.problems
    return project
