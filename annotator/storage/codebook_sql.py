"""The SQL behind a codebook change: counting each label's uses, and renaming or dropping them in
every layer. :class:`~annotator.storage.sqlite.Store` runs both inside its own transactions."""

from __future__ import annotations

import json
import sqlite3

from ..domain.codebook import CodebookPlan, Family, LabelUse

#: The relation label a stance link falls back to when its stance is dropped (as ``SetStance(None)`` does).
TARGET = "TARGET"


def _counts(conn: sqlite3.Connection, sql: str) -> dict[str, int]:
    return {str(label): int(n) for label, n in conn.execute(sql) if label is not None}


def label_use(conn: sqlite3.Connection) -> LabelUse:
    """How often every span label, relation label, stance and quote kind occurs, over all layers."""
    return LabelUse(
        spans=_counts(conn, "SELECT label, count(*) FROM spans GROUP BY label"),
        relations=_counts(conn, "SELECT label, count(*) FROM relations GROUP BY label"),
        stances=_counts(
            conn, "SELECT json_extract(attrs, '$.stance') AS s, count(*) FROM spans WHERE s IS NOT NULL GROUP BY s"
        ),
        kinds=_counts(
            conn, "SELECT json_extract(attrs, '$.kind') AS k, count(*) FROM spans WHERE k IS NOT NULL GROUP BY k"
        ),
    )


def _set_attr(conn: sqlite3.Connection, attr: str, old: str, new: str | None) -> None:
    path = f"$.{attr}"
    if new is None:
        conn.execute(
            "UPDATE spans SET attrs = json_remove(attrs, ?) WHERE json_extract(attrs, ?) = ?", (path, path, old)
        )
    else:
        conn.execute(
            "UPDATE spans SET attrs = json_set(attrs, ?, ?) WHERE json_extract(attrs, ?) = ?", (path, new, path, old)
        )


def apply_plan(conn: sqlite3.Connection, plan: CodebookPlan) -> None:
    """Carry out ``plan`` on the open transaction ``conn``: renames, removals, then the new scheme."""
    for old, new in plan.renames(Family.SPAN).items():
        conn.execute("UPDATE spans SET label = ? WHERE label = ?", (new, old))
        # A decision about a suggestion is keyed by its label and bounds (domain.suggestion_key).
        conn.execute(
            "UPDATE decisions SET key = ? || substr(key, ?) WHERE substr(key, 1, ?) = ?",
            (new, len(old) + 1, len(old) + 1, f"{old}:"),
        )
    for old, new in plan.renames(Family.RELATION).items():
        conn.execute("UPDATE relations SET label = ? WHERE label = ?", (new, old))
    for old, new in plan.renames(Family.STANCE).items():
        _set_attr(conn, "stance", old, new)
        conn.execute("UPDATE relations SET label = ? WHERE label = ?", (new, old))
    for old, new in plan.renames(Family.KIND).items():
        _set_attr(conn, "kind", old, new)
    for label in plan.removals(Family.SPAN):
        conn.execute("DELETE FROM spans WHERE label = ?", (label,))  # their relations go by cascade
        conn.execute("DELETE FROM decisions WHERE substr(key, 1, ?) = ?", (len(label) + 1, f"{label}:"))
    for label in plan.removals(Family.RELATION):
        conn.execute("DELETE FROM relations WHERE label = ?", (label,))
    keeps_target = TARGET in plan.scheme.relation_labels
    for stance in plan.removals(Family.STANCE):
        _set_attr(conn, "stance", stance, None)
        if keeps_target:
            conn.execute("UPDATE relations SET label = ? WHERE label = ?", (TARGET, stance))
        else:
            conn.execute("DELETE FROM relations WHERE label = ?", (stance,))
    for kind in plan.removals(Family.KIND):
        _set_attr(conn, "kind", kind, None)
    conn.execute(
        "INSERT INTO settings(key, value) VALUES ('label_scheme', ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (json.dumps(plan.scheme.to_dict(), ensure_ascii=False),),
    )
