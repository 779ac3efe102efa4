"""brat standoff in and out: ``<stem>.txt`` with one ``.ann`` per annotator, one layer each.

Reading (see :mod:`.brat_ann` for the syntax) keeps everything brat can say, or refuses loudly:

- ``T`` spans; a discontinuous span (``0 5;9 20``, fragments in any order) becomes one span per
  fragment, the first keeping the brat id and the others ``T3-2``, ``T3-3``; each fragment carries
  ``fragment_of`` (the brat id) and ``fragment`` (``"2/3"``, file order), and a relation from the
  span leaves every fragment (into the span, it reaches the first fragment).
- ``R`` relations; ``E`` events as relations from the trigger span (which carries ``event``),
  labelled with the role (digits dropped: ``Theme2`` -> ``Theme``).
- ``A``/``M`` attributes, ``#`` notes (``@name=json`` notes are attributes we wrote ourselves),
  ``N`` normalisations (``norm:N1``) and ``*`` equivalences (``equiv``) as span ``attrs``;
  an attribute or note on a relation or event, which our relations cannot hold, is refused.
- With the ``attribution`` label map (PARC/PolNeAR), events with ``Content``/``Source``/``Cue``
  roles become QUOTE spans linked by ``SPEAKER`` and ``CUE`` to their speaker and cue; the
  trigger (the same words as the cue) is not stored, with a note when it differs from the cue.

Files: ``<stem>.ann`` beside ``<stem>.txt`` belongs to the import's annotator; ``<stem>_<id>.ann``
(in any folder of the import, as PolNeAR keeps ``text/`` and ``attributions/``) to annotator
``<id>``. The text is taken exactly as in the ``.txt`` file: brat's offsets count its characters.

Writing gives one ``<id>.txt`` and ``<id>.ann`` per article in a folder; reading them back gives
the same spans, relations and attributes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from annotator.domain import Annotations, Article

from ..decoding import read_text_file
from ..options import ImportOptions
from ..results import ImportProblem, ImportResult, ParsedArticle, RecordError
from . import Format, brat_ann, register
from .brat_ann import AnnLineError
from .brat_layer import ann_from_layer, layer_from_ann

# -- files -----------------------------------------------------------------------------------------


def pair_files(files: Iterable[Path]) -> tuple[dict[Path, list[tuple[Path, str | None]]], list[Path]]:
    """Texts with their ``.ann`` files and each file's annotator (``None``: the import's), and orphans.

    ``<stem>.ann`` pairs with ``<stem>.txt`` in the same folder; ``<stem>_<annotator>.ann`` with
    the ``<stem>.txt`` of the longest stem that matches, in any folder of the batch.
    """
    files = list(files)
    texts = [f for f in files if f.suffix.lower() == ".txt"]
    by_stem: dict[str, list[Path]] = {}
    for text in texts:
        by_stem.setdefault(text.stem, []).append(text)
    pairs: dict[Path, list[tuple[Path, str | None]]] = {}
    orphans: list[Path] = []
    for ann in (f for f in files if f.suffix.lower() == ".ann"):
        same = ann.with_suffix(".txt")
        if same in texts or same.is_file():
            pairs.setdefault(same, []).append((ann, None))
            continue
        match = _annotated_text(ann, by_stem) or text_for_ann(ann)
        if match is None:
            orphans.append(ann)
        else:
            text, annotator = match
            pairs.setdefault(text, []).append((ann, annotator))
    for text in texts:
        pairs.setdefault(text, [])
    return pairs, orphans


def _annotated_text(ann: Path, by_stem: Mapping[str, list[Path]]) -> tuple[Path, str] | None:
    """The text whose stem is the longest ``<stem>_`` prefix of the ``.ann``'s stem, nearest folder first."""
    stem = ann.stem
    cut = len(stem)
    while (cut := stem.rfind("_", 0, cut)) > 0:
        candidates = by_stem.get(stem[:cut])
        if candidates and stem[cut + 1 :]:
            near = sorted(candidates, key=lambda p: (p.parent != ann.parent, p.parent.parent != ann.parent.parent))
            return near[0], stem[cut + 1 :]
    return None


def text_for_ann(ann: Path) -> tuple[Path, str | None] | None:
    """The text an ``.ann`` named on its own belongs to, and its annotator, or ``None``.

    Looked for beside it and in a sibling ``text/`` folder (PolNeAR's layout).
    """
    same = ann.with_suffix(".txt")
    if same.is_file():
        return same, None
    candidates = list(ann.parent.glob("*.txt"))
    if (ann.parent.parent / "text").is_dir():
        candidates += list((ann.parent.parent / "text").glob("*.txt"))
    by_stem: dict[str, list[Path]] = {}
    for c in candidates:
        by_stem.setdefault(c.stem, []).append(c)
    return _annotated_text(ann, by_stem)


def read_brat(txt_path: Path, anns: list[tuple[Path, str | None]], options: ImportOptions) -> Iterator[ImportResult]:
    """The article of ``txt_path`` with one layer per ``.ann``.

    A bad ``.ann`` is a problem naming its file and line, and the article is then not imported at
    all (a half-imported article would hide the missing layer behind a "duplicate" on re-import).
    """
    try:
        text = read_text_file(txt_path, options.max_record_bytes)
    except RecordError as exc:
        yield ImportProblem(str(txt_path), None, str(exc))
        return
    if not text.strip():
        yield ImportProblem(str(txt_path), None, "the text is empty")
        return
    title = next((line.strip() for line in text.splitlines() if line.strip()), "")
    article = Article(id=txt_path.stem, text=text, title=title, source=str(txt_path), raw=None)
    layers: list[Annotations] = []
    notes: list[str] = []
    owners: dict[str, Path] = {}
    failed = False
    for ann_path, annotator in sorted(anns, key=lambda a: a[0].name):
        owner = options.owner(annotator)
        if owner in owners:
            yield ImportProblem(str(ann_path), None, f"a second layer of annotator {owner!r} (first: {owners[owner]})")
            failed = True
            continue
        try:
            content = ann_path.read_bytes().decode("utf-8-sig")
            layer, layer_notes = layer_from_ann(article, owner, brat_ann.parse(content), options)
        except UnicodeDecodeError as exc:
            yield ImportProblem(str(ann_path), None, f"not valid UTF-8 ({exc.reason} at byte {exc.start + 1})")
            failed = True
            continue
        except AnnLineError as exc:
            yield ImportProblem(str(ann_path), exc.line, str(exc))
            failed = True
            continue
        except RecordError as exc:
            yield ImportProblem(str(ann_path), None, str(exc))
            failed = True
            continue
        owners[owner] = ann_path
        layers.append(layer)
        notes.extend(f"{ann_path.name}: {note}" for note in layer_notes)
    if not failed:
        yield ParsedArticle(article, tuple(layers), str(txt_path), None, tuple(notes))


def safe_stem(article_id: str) -> str:
    """A file name for an article id (path separators and other awkward characters replaced)."""
    stem = re.sub(r"[^\w.\-]", "_", article_id).strip(".")
    return stem or "article"


def write_brat(pairs: Iterable[tuple[Article, Annotations]], folder: Path) -> int:
    """``<id>.txt`` and ``<id>.ann`` per article into ``folder`` (which exists); returns the number written."""
    count = 0
    used: set[str] = set()
    for article, layer in pairs:
        stem = safe_stem(article.id)
        base, n = stem, 1
        while stem in used:
            n += 1
            stem = f"{base}-{n}"
        used.add(stem)
        (folder / f"{stem}.txt").write_bytes(article.text.encode("utf-8"))
        (folder / f"{stem}.ann").write_bytes(brat_ann.write(ann_from_layer(article, layer)).encode("utf-8"))
        count += 1
    return count


def read_brat_file(path: Path, options: ImportOptions) -> Iterator[ImportResult]:
    """A brat file named on its own: a ``.txt`` with every ``.ann`` that belongs to it, or an ``.ann``."""
    if path.suffix.lower() == ".ann":
        found = text_for_ann(path)
        if found is None:
            yield ImportProblem(
                str(path), None, f"brat annotations without their text: {path.with_suffix('.txt').name} is missing"
            )
            return
        yield from read_brat(found[0], [(path, found[1])], options)
        return
    folders = {path.parent, path.parent.parent / "attributions", path.parent.parent / "ann"}
    anns = sorted({a for folder in folders if folder.is_dir() for a in folder.glob(f"{path.stem}*.ann")})
    pairs, _ = pair_files([path, *anns])
    yield from read_brat(path, pairs.get(path, []), options)


def read_brat_files(files: Iterable[Path], options: ImportOptions, *, all_texts: bool = True) -> Iterator[ImportResult]:
    """A batch of ``.txt`` and ``.ann`` files (a walked folder): each text with all its layers.

    With ``all_texts`` false (no ``--format brat``), a text without any ``.ann`` is a plain text
    and read as one (clean-up and all), not as a brat document.
    """
    from .plain import read_txt

    pairs, orphans = pair_files(files)
    for text in sorted(pairs):
        if pairs[text] or all_texts:
            yield from read_brat(text, pairs[text], options)
        else:
            yield from read_txt(text, options)
    for ann in orphans:
        yield ImportProblem(
            str(ann),
            None,
            f"brat annotations without their text: {ann.stem}.txt is missing (nor is it <stem>_<annotator>.ann of a text)",
        )


def write_brat_folder(pairs: Iterable[tuple[Article, Annotations]], folder: Path, context: object) -> int:
    return write_brat(pairs, folder)


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
