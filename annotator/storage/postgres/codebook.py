"""The server's side of a codebook change: counting each label's uses, renaming or dropping them.

The same plan as the file's engine (:mod:`annotator.storage.codebook_sql`), in PostgreSQL's dialect
(span attributes are JSON text: read and written through ``jsonb``). Renaming or dropping a label in
every layer touches colleagues' layers: the server's row-level security decides, and a change that
could not reach every use is refused whole rather than left half done.
"""

from __future__ import annotations

import json

import psycopg

from ...domain.codebook import CodebookPlan, Family, LabelUse

TARGET = "TARGET"


def _counts(conn: psycopg.Connection, sql: str) -> dict[str, int]:
    return {str(label): int(n) for label, n in conn.execute(sql) if label is not None}


def label_use(conn: psycopg.Connection) -> LabelUse:
    """How often every span label, relation label, stance and quote kind occurs, over all layers."""
    return LabelUse(
        spans=_counts(conn, "SELECT label, count(*) FROM spans GROUP BY label"),
        relations=_counts(conn, "SELECT label, count(*) FROM relations GROUP BY label"),
        stances=_counts(
            conn,
            "SELECT attrs::jsonb ->> 'stance' AS s, count(*) FROM spans WHERE attrs::jsonb ? 'stance' GROUP BY 1",
        ),
        kinds=_counts(
            conn,
            "SELECT attrs::jsonb ->> 'kind' AS k, count(*) FROM spans WHERE attrs::jsonb ? 'kind' GROUP BY 1",
        ),
    )


def _set_attr(conn: psycopg.Connection, attr: str, old: str, new: str | None) -> None:
    if new is None:
        conn.execute(
            "UPDATE spans SET attrs = (attrs::jsonb - %s)::text WHERE attrs::jsonb ->> %s = %s", (attr, attr, old)
        )
    else:
        conn.execute(
            "UPDATE spans SET attrs = jsonb_set(attrs::jsonb, ARRAY[%s], to_jsonb(%s::text))::text "
            "WHERE attrs::jsonb ->> %s = %s",
            (attr, new, attr, old),
        )


def apply_plan(conn: psycopg.Connection, plan: CodebookPlan) -> list[str]:
    """Carry out ``plan`` in the open transaction; returns the uses it could not reach (to refuse)."""
    for old, new in plan.renames(Family.SPAN).items():
        conn.execute("UPDATE spans SET label = %s WHERE label = %s", (new, old))
        conn.execute(
            "UPDATE decisions SET key = %s || substr(key, %s) WHERE substr(key, 1, %s) = %s",
            (new, len(old) + 1, len(old) + 1, f"{old}:"),
        )
    for old, new in plan.renames(Family.RELATION).items():
        conn.execute("UPDATE relations SET label = %s WHERE label = %s", (new, old))
    for old, new in plan.renames(Family.STANCE).items():
        _set_attr(conn, "stance", old, new)
        conn.execute("UPDATE relations SET label = %s WHERE label = %s", (new, old))
    for old, new in plan.renames(Family.KIND).items():
        _set_attr(conn, "kind", old, new)
    for label in plan.removals(Family.SPAN):
        conn.execute("DELETE FROM spans WHERE label = %s", (label,))
        conn.execute("DELETE FROM decisions WHERE substr(key, 1, %s) = %s", (len(label) + 1, f"{label}:"))
    for label in plan.removals(Family.RELATION):
        conn.execute("DELETE FROM relations WHERE label = %s", (label,))
    keeps_target = TARGET in plan.scheme.relation_labels
    for stance in plan.removals(Family.STANCE):
        _set_attr(conn, "stance", stance, None)
        if keeps_target:
            conn.execute("UPDATE relations SET label = %s WHERE label = %s", (TARGET, stance))
        else:
            conn.execute("DELETE FROM relations WHERE label = %s", (stance,))
    for kind in plan.removals(Family.KIND):
        _set_attr(conn, "kind", kind, None)
    left = label_use(conn)
    missed = [
        f"{change.family.value} {change.old!r}" for change in plan.changes if left.of(change.family).get(change.old, 0)
    ]
    if not missed:
        conn.execute(
            "INSERT INTO settings(key, value) VALUES ('label_scheme', %s) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (json.dumps(plan.scheme.to_dict(), ensure_ascii=False),),
        )
    return missed
