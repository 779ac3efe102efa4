"""PostgresStore: a team project on a PostgreSQL server, behind the same contract as the project file.

The engine is composed by job: :mod:`.base` opens the project and runs its transactions,
:mod:`.layers` reads and writes layers with the server's rights, :mod:`.articles` adds and reads
articles, :mod:`.search` is the article list and full-text search. What is left here is small:
settings and the codebook, comments, colleagues' saves, assignments and health.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ...domain.codebook import CodebookPlan, LabelUse
from ..records import Comment, LayerSaved
from ..team_errors import RightsError
from . import codebook
from .articles import ArticleStore
from .listening import LayerListener
from .queries import now
from .search import ArticleSearch


class PostgresStore(ArticleStore, ArticleSearch):
    """A team project: one PostgreSQL database shared by everyone on the team."""

    # -- settings ---------------------------------------------------------------------------
    def setting(self, key: str, default: str | None = None) -> str | None:
        with self._tx() as conn:
            row = conn.execute("SELECT value FROM settings WHERE key = %s", (key,)).fetchone()
        return str(row[0]) if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self._tx(f"{self.user} may not change the project's settings (managers only)") as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def label_use(self) -> LabelUse:
        """How often each span label, relation label, stance and quote kind is used, over every layer."""
        with self._tx(snapshot=True) as conn:
            return codebook.label_use(conn)

    def apply_codebook(self, plan_for: Callable[[LabelUse], CodebookPlan]) -> CodebookPlan:
        """Replace the codebook and rename or drop labels in every layer, in one transaction; refused
        whole when the server's rights keep some uses out of reach (colleagues' layers)."""
        with self._tx(f"{self.user} may not change the codebook (managers only)") as conn:
            conn.execute("LOCK TABLE spans, relations IN SHARE ROW EXCLUSIVE MODE")  # no new use slips in
            plan = plan_for(codebook.label_use(conn))
            missed = codebook.apply_plan(conn, plan)
            if missed:
                raise RightsError(
                    f"{self.user} may not change every layer that uses {', '.join(missed)}; "
                    "nothing was changed (ask the team server's owner to apply this codebook)"
                )
        return plan

    # -- comments ---------------------------------------------------------------------------
    def add_comment(self, article_id: str, annotator: str, body: str, span_id: str | None = None) -> int:
        with self._tx(f"{self.user} may not write a comment in {annotator}'s name") as conn:
            row = conn.execute(
                "INSERT INTO comments (article_id, annotator, span_id, body, created_at) "
                "VALUES (%s, %s, %s, %s, %s) RETURNING id",
                (article_id, annotator, span_id, body, now()),
            ).fetchone()
        return int(row[0]) if row else 0

    def delete_comment(self, comment_id: int) -> None:
        with self._tx() as conn:
            deleted = conn.execute("DELETE FROM comments WHERE id = %s", (comment_id,)).rowcount
            if not deleted:
                row = conn.execute("SELECT annotator FROM comments WHERE id = %s", (comment_id,)).fetchone()
                if row is not None:  # there, but the server's rule filtered it out of our DELETE
                    raise RightsError(f"{self.user} may not delete {row[0]}'s comment")

    def comments(self, article_id: str) -> list[Comment]:
        with self._tx() as conn:
            rows = conn.execute(
                "SELECT id, article_id, annotator, span_id, body, created_at FROM comments WHERE article_id = %s "
                "ORDER BY id",
                (article_id,),
            ).fetchall()
        return [Comment(*r) for r in rows]

    # -- colleagues' saves ---------------------------------------------------------------------
    def layer_writer(self, article_id: str, annotator: str) -> str | None:
        with self._tx() as conn:
            row = conn.execute(
                "SELECT updated_by FROM layers WHERE article_id = %s AND annotator = %s", (article_id, annotator)
            ).fetchone()
        return str(row[0]) if row and row[0] else None

    def watch_layers(self, on_saved: Callable[[LayerSaved], None]) -> Callable[[], None]:
        listener = LayerListener(self.url, on_saved)
        self._listeners.append(listener)
        return listener.stop

    # -- assignments ------------------------------------------------------------------------
    def assignments(self) -> list[tuple[str, str]]:
        with self._tx() as conn:
            rows = conn.execute(
                "SELECT s.article_id, s.annotator FROM assignments s JOIN articles a ON a.id = s.article_id "
                "ORDER BY a.seq, s.annotator"
            ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def set_assignments(self, article_ids: Iterable[str], pairs: Iterable[tuple[str, str]]) -> None:
        ids = list(article_ids)
        wanted = sorted(set(pairs))
        with self._tx(f"{self.user} may not assign articles (managers only)") as conn:
            conn.execute("DELETE FROM assignments WHERE article_id = ANY(%s)", (ids,))
            stamp = now()
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO assignments (article_id, annotator, assigned_at) VALUES (%s, %s, %s)",
                    [(a, who, stamp) for a, who in wanted],
                )

    # -- health -----------------------------------------------------------------------------
    def integrity_problems(self) -> list[str]:
        """The server keeps its own pages sound; what we check is that the rules still hold in the data
        (a span past its text, a relation to a span of another layer cannot be stored; report any)."""
        with self._tx() as conn:
            past_end = conn.execute(
                'SELECT count(*) FROM spans s JOIN articles a ON a.id = s.article_id WHERE s."end" > length(a.text)'
            ).fetchone()
        problems = []
        if past_end and past_end[0]:
            problems.append(f"{past_end[0]} span(s) end past their article's text")
        return problems
