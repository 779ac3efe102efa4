"""Bringing colleagues' projects back in (``annotator merge``) and handing work out (``annotator split``).

Built on the storage contract's public methods only, so that target and source may each be a project
file or a team server. Articles are matched by their normalised-text hash (``Article.content_hash``);
an article only in the source comes with its text. Layers go in through ``add_articles``, which never
loses work: an identical layer is not stored again (so merging the same file twice changes nothing), a
layer that differs from one holding work is kept beside it under a distinct name (``alice-imported``)
and reported as a conflict, unless the caller prefers one side (``newer``, ``target`` or ``source``).
Each article is merged in its own transaction: an interrupted merge keeps what was merged, and
running it again finishes the rest.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..domain import GOLD_LAYER, MODEL_LAYER, Annotations, AnnotatorError, Article
from ..storage import ProjectStore, open_store
from ..storage.placing import OnExisting, Placed, holds_work, same_layer
from .assignments import assigned_to

#: Settings a hand-out copy carries and a merge fills in where the target has none.
SHARED_SETTINGS = ("label_scheme", "guidelines")


class Prefer(str, enum.Enum):
    """Which side wins when a layer differs on both sides (default: neither, keep both)."""

    NEWER = "newer"
    TARGET = "target"
    SOURCE = "source"


@dataclass
class MergeReport:
    """What a merge did, counted, with one line per conflict or problem."""

    articles_added: int = 0
    articles_matched: int = 0
    layers_added: int = 0
    layers_unchanged: int = 0
    layers_replaced: int = 0
    layers_beside: int = 0
    """Layers that differ from the target's and were kept beside it (each is also a conflict line)."""
    comments_added: int = 0
    settings_added: int = 0
    conflicts: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.articles_added
            or self.layers_added
            or self.layers_replaced
            or self.comments_added
            or self.settings_added
            or self.layers_beside
        )

    def lines(self) -> list[str]:
        out = [
            f"articles: {self.articles_added} added, {self.articles_matched} matched",
            f"layers: {self.layers_added} added, {self.layers_replaced} replaced, "
            f"{self.layers_unchanged} already there, {len(self.conflicts)} conflict(s)",
            f"comments: {self.comments_added} added; settings: {self.settings_added} added",
        ]
        out += [f"conflict: {c}" for c in self.conflicts]
        out += [f"skipped: {s}" for s in self.skipped]
        return out


def merge(target: ProjectStore, source: ProjectStore, *, prefer: Prefer | None = None) -> MergeReport:
    """Bring ``source``'s articles, layers, comments and missing settings into ``target``."""
    report = MergeReport()
    for key in SHARED_SETTINGS:
        value = source.setting(key)
        if value is not None and target.setting(key) is None:
            target.set_setting(key, value)
            report.settings_added += 1
    for article in source.iter_articles():
        _merge_article(target, source, article, prefer, report)
    if report.articles_added:
        target.update_search_index()  # a write path builds the index; searches never do
    return report


def _merge_article(
    target: ProjectStore, source: ProjectStore, article: Article, prefer: Prefer | None, report: MergeReport
) -> None:
    layers = [source.annotations(article.id, name) for name in source.layers_of(article.id)]
    target_id = target.id_by_hash(article.content_hash)
    beside: list[Annotations] = []
    replacing: list[Annotations] = []
    for layer in layers:
        theirs = target.annotations(target_id, layer.annotator) if target_id else None
        if theirs is None or not holds_work(theirs) or same_layer(theirs, layer):
            beside.append(layer)  # new, or identical: placed as NEW / UNCHANGED
            continue
        if not holds_work(layer):
            report.layers_unchanged += 1  # an empty layer never replaces work
            continue
        where = f"{target_id}: layer {layer.annotator!r} differs between the projects"
        winner = _winner(target, source, target_id or "", article.id, layer.annotator, prefer)
        if winner is Prefer.TARGET:
            report.conflicts.append(f"{where}; the target's was kept (--prefer {prefer.value if prefer else ''})")
        elif winner is Prefer.SOURCE:
            replacing.append(layer)
            report.conflicts.append(f"{where}; the source's replaced it (--prefer {prefer.value if prefer else ''})")
        else:
            beside.append(layer)
    outcomes = target.add_articles([(article, beside)], on_existing=OnExisting.BESIDE)
    if replacing:
        outcomes += target.add_articles([(article, replacing)], on_existing=OnExisting.REPLACE)
    outcome = outcomes[0]
    if outcome.duplicate_of is None:
        report.articles_added += 1
    else:
        report.articles_matched += 1
    for o in outcomes:
        if o.problem:
            report.skipped.append(f"{article.id}: {o.problem}")
        for p in o.placements:
            if p.placed is Placed.NEW:
                report.layers_added += 1
            elif p.placed is Placed.UNCHANGED:
                report.layers_unchanged += 1
            elif p.placed is Placed.REPLACED:
                report.layers_replaced += 1
            elif p.placed is Placed.BESIDE:
                report.layers_beside += 1
                report.conflicts.append(
                    f"{p.article_id}: layer {p.incoming!r} differs between the projects; "
                    f"both kept (the source's kept beside as {p.stored!r})"
                )
    if not outcome.problem:
        _merge_comments(target, source, article.id, outcome.article_id, report)


def _winner(
    target: ProjectStore, source: ProjectStore, target_id: str, source_id: str, name: str, prefer: Prefer | None
) -> Prefer | None:
    if prefer is Prefer.NEWER:
        ours = target.layer_updated_at(target_id, name) or ""
        theirs = source.layer_updated_at(source_id, name) or ""
        return Prefer.SOURCE if theirs > ours else Prefer.TARGET
    return prefer


def _merge_comments(
    target: ProjectStore, source: ProjectStore, source_id: str, target_id: str, report: MergeReport
) -> None:
    """A comment is the same when author, span and text agree (its time is when it was stored here)."""
    present = {(c.annotator, c.span_id, c.body) for c in target.comments(target_id)}
    for c in source.comments(source_id):
        if (c.annotator, c.span_id, c.body) not in present:
            target.add_comment(target_id, c.annotator, c.body, c.span_id)
            present.add((c.annotator, c.span_id, c.body))
            report.comments_added += 1


# -- hand-out ---------------------------------------------------------------------------------------
def split(store: ProjectStore, annotators: Sequence[str], out_dir: Path) -> dict[str, Path]:
    """Write one project file per analyst in ``out_dir`` (``<name>.annotator``) holding the articles
    assigned to them, with their own layer and the model's suggestions (never gold or a colleague's
    layer, which would bias agreement), their comments, and the codebook and guidelines settings.
    Refuses to overwrite an existing file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for who in annotators:
        path = out_dir / f"{who}.annotator"
        if path.exists():
            raise AnnotatorError(f"{path}: already exists; split into an empty folder (nothing was written)")
    for who in annotators:
        ids = assigned_to(store, who)
        path = out_dir / f"{who}.annotator"
        with open_store(path) as copy:
            for key in SHARED_SETTINGS:
                value = store.setting(key)
                if value is not None:
                    copy.set_setting(key, value)
            items = []
            for article in store.iter_articles(ids):
                names = [n for n in store.layers_of(article.id) if n in (who, MODEL_LAYER) and n != GOLD_LAYER]
                items.append((article, [store.annotations(article.id, n) for n in names]))
            copy.add_articles(items)
            copy.update_search_index()
            copy.set_assignments(ids, [(a, who) for a in ids])
            for article_id in ids:
                for c in store.comments(article_id):
                    if c.annotator == who:
                        copy.add_comment(article_id, c.annotator, c.body, c.span_id)
        written[who] = path
    return written
