"""The storage contract: what every engine (the SQLite file, the PostgreSQL team server) offers.

The rest of the program knows a project only through this interface, in domain terms (articles,
layers, changes, comments, settings); SQL lives inside each engine. One parametrised test suite
(``tests/unit/storage/test_contract.py``) runs against both engines and proves them alike, as zarr's
stores and Django's database backends do.

Every write is one transaction: it lands whole or not at all, and a refused or failed write raises an
:class:`~annotator.domain.AnnotatorError` subclass with a message meant for the user.
"""

from __future__ import annotations

import abc
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from ..domain import Annotations, Article, ArticleSummary, Change, LabelScheme, Status
from ..domain.codebook import CodebookPlan, LabelUse
from .placing import OnExisting
from .records import AddOutcome, Comment, LayerSaved

#: The setting that holds the project's codebook as JSON.
LABEL_SCHEME_SETTING = "label_scheme"


class ProjectStore(abc.ABC):
    """One open project. Use it as a context manager; ``close()`` releases its connections."""

    #: The project file (SQLite engine); ``None`` for a server project or a project in memory.
    path: Path | None = None
    #: Opened for reading only: every write raises ``ProjectWriteError``.
    readonly: bool = False
    #: The copy made before a migration changed the project, if one was made when opening.
    backup_path: Path | None = None

    # -- what the project is --------------------------------------------------------------
    @property
    def target(self) -> str | None:
        """What ``open_store`` opens again: the file's path or the server's URL (no password)."""
        return str(self.path) if self.path is not None else None

    @property
    def reopen_target(self) -> str | Path | None:
        """What ``open_store`` takes to open this project again from another thread or process (a
        server's URL keeps its password here: never show or store it; show ``target``)."""
        return self.path

    @property
    def display_name(self) -> str:
        """A short name for window titles: the file's stem, or ``database@host`` of a server."""
        return self.path.stem if self.path is not None else "unsaved project"

    @property
    def is_server(self) -> bool:
        """Whether the project lives on a team server (rights enforced there, connection may drop)."""
        return False

    @property
    def connected_user(self) -> str | None:
        """The annotator the server knows this connection as (its database role); ``None`` for a file,
        where whoever opens it names themselves."""
        return None

    def ping(self) -> bool:
        """Whether the project can be reached now (a file always can; a server may be gone)."""
        return True

    def close(self) -> None:  # noqa: B027 - engines with nothing to release need not override
        """Release the engine's connections."""

    def __enter__(self) -> ProjectStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- settings and the codebook ----------------------------------------------------------
    @abc.abstractmethod
    def setting(self, key: str, default: str | None = None) -> str | None: ...

    @abc.abstractmethod
    def set_setting(self, key: str, value: str) -> None: ...

    def label_scheme(self) -> LabelScheme | None:
        """The project's own label scheme (its codebook), if it carries one: a setting on both engines."""
        raw = self.setting(LABEL_SCHEME_SETTING)
        return LabelScheme.from_dict(json.loads(raw)) if raw else None

    def set_label_scheme(self, scheme: LabelScheme) -> None:
        self.set_setting(LABEL_SCHEME_SETTING, json.dumps(scheme.to_dict(), ensure_ascii=False))

    @abc.abstractmethod
    def label_use(self) -> LabelUse:
        """How often each span label, relation label, stance and quote kind is used, over every layer."""

    @abc.abstractmethod
    def apply_codebook(self, plan_for: Callable[[LabelUse], CodebookPlan]) -> CodebookPlan:
        """Replace the codebook, renaming or dropping labels in every layer, in one transaction:
        ``plan_for`` gets the counts read under the write lock and returns the plan (or raises)."""

    # -- articles -----------------------------------------------------------------------------
    @abc.abstractmethod
    def add_articles(
        self,
        items: Iterable[tuple[Article, Sequence[Annotations]]],
        *,
        on_existing: OnExisting = OnExisting.BESIDE,
    ) -> list[AddOutcome]:
        """Store articles with the layers they carry, in one transaction; a text already stored is a
        duplicate (reported, its layers attached when the text is identical), never stored twice. A
        stored layer that holds work is never lost (see :mod:`annotator.storage.placing`)."""

    @abc.abstractmethod
    def article(self, article_id: str) -> Article: ...

    @abc.abstractmethod
    def article_text(self, article_id: str) -> str: ...

    @abc.abstractmethod
    def article_count(self) -> int: ...

    @abc.abstractmethod
    def article_ids(self) -> list[str]: ...

    @abc.abstractmethod
    def iter_articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]: ...

    @abc.abstractmethod
    def id_by_hash(self, content_hash: str) -> str | None: ...

    # -- the article list and search --------------------------------------------------------
    @abc.abstractmethod
    def count_articles(self, annotator: str, statuses: Sequence[Status] = (), query: str = "") -> int: ...

    @abc.abstractmethod
    def list_articles(
        self,
        annotator: str,
        *,
        offset: int = 0,
        limit: int = 200,
        statuses: Sequence[Status] = (),
        query: str = "",
        model_layer: str = "model",
    ) -> list[ArticleSummary]: ...

    @abc.abstractmethod
    def update_search_index(self) -> int:
        """Bring full-text search up to date after an import; how many articles were indexed.

        A write, called by the paths that store articles (import, merge); a read (``list_articles``,
        ``search``) never calls it, and finds articles the index lacks all the same."""

    @abc.abstractmethod
    def search(self, query: str, limit: int = 100) -> list[str]:
        """Ids of articles whose title or text match the words of ``query`` (user input, never syntax)."""

    # -- layers ---------------------------------------------------------------------------------
    @abc.abstractmethod
    def annotations(self, article_id: str, annotator: str) -> Annotations: ...

    @abc.abstractmethod
    def annotators(self) -> list[str]: ...

    @abc.abstractmethod
    def layers_of(self, article_id: str) -> list[str]: ...

    @abc.abstractmethod
    def iter_layers(
        self, annotator: str, statuses: Sequence[Status] = (), *, include_empty: bool = False
    ) -> Iterator[tuple[Article, Annotations]]: ...

    @abc.abstractmethod
    def iter_layer_sets(self, annotators: Sequence[str]) -> Iterator[tuple[str, int, dict[str, Annotations]]]: ...

    @abc.abstractmethod
    def annotations_at(self, article_id: str, annotator: str) -> tuple[Annotations, int]:
        """A layer and its revision, read together (what an editor diffs against and checks on write)."""

    @abc.abstractmethod
    def layer_revision(self, article_id: str, annotator: str) -> int:
        """How many writes the layer has had (0 for a layer nobody has written yet)."""

    @abc.abstractmethod
    def layer_updated_at(self, article_id: str, annotator: str) -> str | None:
        """When the layer was last written (ISO 8601, UTC), ``None`` if it was never stored; what a
        merge with ``--prefer newer`` compares."""

    @abc.abstractmethod
    def model_layer_provenance(self) -> dict[str, frozenset[tuple[str, str]]]:
        """For each article with a ``model`` layer, the (model, version) pairs its suggestions record
        (an empty set: an empty model layer). Resumed pre-annotation skips what is current."""

    @abc.abstractmethod
    def apply(self, change: Change, *, expected_revision: int | None = None) -> int:
        """Write one edit's difference in one transaction; store nothing if any part fails. With
        ``expected_revision``, only if nobody wrote the layer since (else ``LayerConflictError``).
        Returns the layer's new revision."""

    def layer_writer(self, article_id: str, annotator: str) -> str | None:
        """Who last wrote the layer, as the server knows them; ``None`` where nobody is known (a file,
        which whoever opens it writes under any name)."""
        return None

    def watch_layers(self, on_saved: Callable[[LayerSaved], None]) -> Callable[[], None] | None:
        """Call ``on_saved`` (from another thread) for every committed layer write by anyone; returns
        the function that stops it, or ``None`` where the engine cannot tell (a file)."""
        return None

    def check_files(self) -> None:  # noqa: B027 - only a file can be replaced under its connection
        """Raise ``ProjectReplacedError`` if the project's files are no longer the ones opened."""

    @abc.abstractmethod
    def apply_all(self, changes: Iterable[Change]) -> None: ...

    @abc.abstractmethod
    def replace_layer(self, layer: Annotations) -> None: ...

    @abc.abstractmethod
    def replace_layers(self, layers: Iterable[Annotations]) -> int: ...

    @abc.abstractmethod
    def delete_layer(self, article_id: str, annotator: str) -> None: ...

    # -- comments -------------------------------------------------------------------------------
    @abc.abstractmethod
    def add_comment(self, article_id: str, annotator: str, body: str, span_id: str | None = None) -> int: ...

    @abc.abstractmethod
    def delete_comment(self, comment_id: int) -> None: ...

    @abc.abstractmethod
    def comments(self, article_id: str) -> list[Comment]: ...

    # -- assignments ----------------------------------------------------------------------------
    @abc.abstractmethod
    def assignments(self) -> list[tuple[str, str]]:
        """Every (article id, annotator) the lead assigned, in article order then name."""

    @abc.abstractmethod
    def set_assignments(self, article_ids: Iterable[str], pairs: Iterable[tuple[str, str]]) -> None:
        """Replace the assignments of ``article_ids`` by ``pairs`` (article id, annotator), in one
        transaction. Only assignments change: layers (work done) are never touched. On a team server
        managers only (``RightsError`` otherwise)."""

    # -- health -----------------------------------------------------------------------------------
    @abc.abstractmethod
    def integrity_problems(self) -> list[str]:
        """What is wrong with the stored project (empty when sound)."""
