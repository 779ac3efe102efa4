"""Store: the project file (SQLite through sqlite-utils). Domain objects in and out; one transaction per edit.

One class, put together from one part per job, each in its own module and each a subclass of
:class:`~.connection.Connection` (the shared connection and its ``_read``/``_write`` transactions):

- :class:`~.project_file.ProjectFile`: open, create, migrate and close the file;
- :class:`~.project_settings.ProjectSettings`: settings, label scheme and codebook, comments, health;
- :class:`~.search_index.SearchIndex`: the full-text index (built by write paths only) and search;
- :class:`~.article_list.ArticleList`: the article list's pages, counts and ids, and assignments;
- :class:`~.layers.Layers` and :class:`~.layer_writes.LayerWrites`: reading and writing layers;
- :class:`~.articles.Articles`: storing and reading articles.

Parts, not collaborators: every part needs the same connection, path and transactions, and the
contract (:class:`~annotator.storage.contract.ProjectStore`) is one object with some fifty methods;
collaborators would need each of them forwarded by hand. A part that uses another derives from it
(a layer write reads the layer first), so each module names what it depends on.
"""

from __future__ import annotations

from ..contract import ProjectStore
from .article_list import ArticleList
from .articles import Articles
from .project_file import ProjectFile


class Store(ProjectFile, ArticleList, Articles, ProjectStore):
    """A project: one SQLite file holding articles, every annotator's layers, settings and comments."""
