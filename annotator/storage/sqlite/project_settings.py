"""ProjectSettings: the project's settings, its label scheme and codebook, comments, and its health."""

from __future__ import annotations

from collections.abc import Callable

from ...domain.codebook import CodebookPlan, LabelUse
from .. import codebook_sql
from ..records import Comment
from .connection import Connection, now


class ProjectSettings(Connection):
    """Key/value settings (the label scheme is one), the codebook's label counts, and comments."""

    # -- settings ---------------------------------------------------------------------------
    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.db.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def label_use(self) -> LabelUse:
        """How often each span label, relation label, stance and quote kind is used, over every layer."""
        with self._read() as conn:
            return codebook_sql.label_use(conn)

    def apply_codebook(self, plan_for: Callable[[LabelUse], CodebookPlan]) -> CodebookPlan:
        """Replace the label scheme and rename or drop labels in every layer, in one transaction.

        ``plan_for`` gets the label counts read under the write lock (so no colleague's span of a
        removed label slips in between) and returns the plan, or raises to change nothing (see
        :func:`annotator.domain.codebook.plan_codebook_change`)."""
        with self._write() as conn:
            plan = plan_for(codebook_sql.label_use(conn))
            codebook_sql.apply_plan(conn, plan)
        return plan

    # -- comments ---------------------------------------------------------------------------
    def add_comment(self, article_id: str, annotator: str, body: str, span_id: str | None = None) -> int:
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO comments (article_id, annotator, span_id, body, created_at) VALUES (?, ?, ?, ?, ?)",
                (article_id, annotator, span_id, body, now()),
            )
            return int(cursor.lastrowid or 0)

    def delete_comment(self, comment_id: int) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM comments WHERE id = ?", (comment_id,))

    def comments(self, article_id: str) -> list[Comment]:
        rows = self.db.conn.execute(
            "SELECT id, article_id, annotator, span_id, body, created_at FROM comments WHERE article_id = ? "
            "ORDER BY id",
            (article_id,),
        )
        return [Comment(*r) for r in rows]

    # -- health -----------------------------------------------------------------------------
    def integrity_problems(self) -> list[str]:
        """``PRAGMA integrity_check`` and foreign-key check; empty when the file is sound."""
        conn = self.db.conn
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"foreign key: {r}" for r in conn.execute("PRAGMA foreign_key_check")]
        return problems
