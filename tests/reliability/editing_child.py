"""A scripted editing session for the crash-safety harness, run as a child process that the parent kills.

Usage: ``python editing_child.py PROJECT SEED [--max-edits N] [--busy-timeout S] [--create-only]
[--wait-go] [--pause PHASE --pause-after K [--pause-statement N]]``

The child opens the project, picks articles and performs random but valid editing commands through
:class:`EditingSession` (add, relabel, resize, link, stance, target, remove, accept and reject
suggestions, accept all, status, undo). For every command it prints two lines to stdout:

``WILL <step> <article_id> <state-json>``
    before ``perform``: the layer state the command will produce if it is committed;
``DONE <step>``
    after ``perform`` has returned, i.e. the change is committed (acknowledged).

The parent thus knows, at any kill, which state every article must be in: the last acknowledged one,
or for the one command in flight either its state before or after (never anything in between).
``snapshot`` is shared with the parent so both sides compare the same canonical form.

Kill points are announced, not guessed: with ``--pause PHASE --pause-after K`` the child, once K
edits are acknowledged, stops at the named point of the next command that writes, prints
``PAUSE <phase> <step>`` and waits (for ever) for the parent's SIGKILL:

``before``
    the command is announced (``WILL``) but nothing of it has reached SQLite;
``mid``
    inside its write, at its N-th SQL statement after ``BEGIN IMMEDIATE`` (``--pause-statement``;
    the ``COMMIT`` counts, and is stopped at before it runs), so some of its rows are written and the
    commit has not happened. The count runs over the whole command, so a command that wrongly
    commits half-way is caught; a command with fewer statements completes and the next one is tried;
``after``
    the transaction is committed, the acknowledgement (``DONE``) not yet printed.

``--wait-go`` makes the child wait after ``READY`` for one line on stdin before it edits, so a
parent can be sure to be watching before the first edit.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from typing import Any

from annotator.domain import Annotations, AnnotatorError, Change, Origin, Span, Status
from annotator.editing import (
    AcceptAll,
    AcceptSuggestion,
    AddSpan,
    Command,
    LinkSpan,
    RejectSuggestion,
    RelabelSpan,
    RemoveSpan,
    ResizeSpan,
    SetStance,
    SetStatus,
    SetTarget,
)
from annotator.services.editing_session import EditingSession
from annotator.services.scheme import project_scheme
from annotator.storage import Store, open_store

#: The layer the child edits; the parent seeds a ``model`` layer with suggestions.
ANNOTATOR = "analyst"


def snapshot(ann: Annotations) -> dict[str, Any]:
    """A canonical, JSON-ready form of a layer: what must be in the file after a kill."""
    return {
        "status": ann.status.value,
        "spans": sorted(
            [s.id, s.start, s.end, s.label, s.origin.value, dict(sorted(s.attrs.items()))] for s in ann.spans
        ),
        "relations": sorted([r.id, r.head, r.child, r.label] for r in ann.relations),
        "decisions": sorted([k, v.value] for k, v in ann.decisions.items()),
    }


def _random_bounds(rng: random.Random, length: int) -> tuple[int, int]:
    start = rng.randrange(0, length - 1)
    return start, rng.randint(start + 1, min(length, start + 40))


def next_command(rng: random.Random, session: EditingSession) -> Command | None:
    """A random command that makes sense for the current state (the domain may still refuse it)."""
    state = session.state
    scheme = session.scheme
    length = len(session.article.text)
    spans = list(state.spans)
    quotes = [s for s in spans if s.label == "QUOTE"]
    pending = session.pending_suggestions()
    roll = rng.random()
    if len(spans) > 30 and roll < 0.3:
        return RemoveSpan(rng.choice(spans).id)  # keep layers at a realistic size over thousands of edits
    if roll < 0.22 or not spans:
        start, end = _random_bounds(rng, length)
        label = "QUOTE" if rng.random() < 0.35 else rng.choice(scheme.span_labels)
        return AddSpan(Span(state.new_span_id("s"), start, end, label, Origin.HUMAN))
    if roll < 0.32:
        return RelabelSpan(rng.choice(spans).id, rng.choice(scheme.span_labels))
    if roll < 0.42:
        start, end = _random_bounds(rng, length)
        return ResizeSpan(rng.choice(spans).id, start, end)
    if roll < 0.54 and quotes and len(spans) > 1:
        head = rng.choice(quotes)
        child = rng.choice([s for s in spans if s.id != head.id])
        return LinkSpan(head.id, child.id, rng.choice(["SPEAKER", "CUE"]), state.new_relation_id("r"))
    if roll < 0.62 and quotes:
        stance = rng.choice([*scheme.stance_labels, None])
        return SetStance(rng.choice(quotes).id, stance)
    if roll < 0.67 and quotes and len(spans) > 1:
        head = rng.choice(quotes)
        target = rng.choice([s for s in spans if s.id != head.id])
        return SetTarget(head.id, target.id, state.new_relation_id("r"))
    if roll < 0.75:
        return RemoveSpan(rng.choice(spans).id)
    if roll < 0.85 and pending:
        return AcceptSuggestion(rng.choice(pending).id)
    if roll < 0.90 and pending:
        return RejectSuggestion(rng.choice(pending).id)
    if roll < 0.92 and pending:
        return AcceptAll()
    if roll < 0.96:
        return SetStatus(rng.choice(list(Status)))
    return None  # the caller undoes the previous command instead


def emit(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


PHASES = ("before", "mid", "after")


class PausePlan:
    """Where to stop for the parent's kill (see the module docstring); inert without a phase."""

    def __init__(self, phase: str | None, after_edits: int, statement: int) -> None:
        self.phase = phase
        self.after_edits = after_edits
        self.statement = max(1, statement)
        self.step = 0
        self._armed = False  # inside the command to stop in ("mid": counting its statements)
        self._count = -1  # statements since BEGIN IMMEDIATE; -1 before it
        self._written = False  # the command's write is over

    def arm(self, step: int, edits: int) -> bool:
        """Called before each command; True when this is the command to stop in."""
        self._armed = self.phase is not None and edits >= self.after_edits
        self.step = step
        self._count = -1
        self._written = False
        return self._armed

    @staticmethod
    def wait_for_the_kill(phase: str, step: int) -> None:
        emit(f"PAUSE {phase} {step}")
        sys.stdin.read()  # the parent never writes: it kills
        raise SystemExit(4)  # stdin closed without a kill: the parent went away

    def written(self) -> None:
        """The command's write is over: later statements (reads of the next article) are not its own."""
        self._count = -1
        self._written = True

    def at_point(self, phase: str) -> None:
        if self._armed and self.phase == phase:
            self.wait_for_the_kill(phase, self.step)

    def on_statement(self, sql: str) -> None:
        """SQLite's trace callback: runs as each statement starts, before it has any effect."""
        if not (self._armed and self.phase == "mid"):
            return
        head = sql.lstrip().upper()
        if head.startswith("BEGIN"):
            if not self._written:
                self._count = max(self._count, 0)  # counted over the whole command, however many transactions
        elif self._count >= 0:
            self._count += 1  # COMMIT included: a pause there is before the commit has happened
            if self._count >= self.statement:
                self.wait_for_the_kill("mid", self.step)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("project", help="a project file or a team project URL")
    parser.add_argument("seed", type=int)
    parser.add_argument("--max-edits", type=int, default=10**9)
    parser.add_argument("--busy-timeout", type=float, default=10.0)
    parser.add_argument("--step-base", type=int, default=0, help="first step number (unique across launches)")
    parser.add_argument("--create-only", action="store_true", help="create the project, then exit")
    parser.add_argument("--wait-go", action="store_true", help="after READY, wait for a line on stdin")
    parser.add_argument("--pause", choices=PHASES, help="stop at this point of a command for the parent's kill")
    parser.add_argument("--pause-after", type=int, default=0, help="acknowledged edits before the pause")
    parser.add_argument("--pause-statement", type=int, default=1, help="'mid': the statement to stop at")
    args = parser.parse_args(argv)
    plan = PausePlan(args.pause, args.pause_after, args.pause_statement)

    rng = random.Random(args.seed)
    if args.create_only:
        emit("OPENING")
        Store.open(args.project).close()
        emit("CREATED")
        return 0
    store = open_store(args.project, create=False, busy_timeout=args.busy_timeout)
    scheme = project_scheme(store)
    article_ids = store.article_ids()
    db = getattr(store, "db", None)
    if db is not None:  # the file's engine: SQLite calls back as each statement starts (for 'mid' pauses)
        db.conn.set_trace_callback(plan.on_statement)
    elif args.pause == "mid":
        emit("NO-MID-PAUSE")  # a server's statements run elsewhere: no mid-command point to stop at
    emit(f"READY {len(article_ids)}")
    if args.wait_go:
        sys.stdin.readline()
    step = args.step_base
    session: EditingSession | None = None
    previous: Annotations | None = None
    edits = 0
    while edits < args.max_edits:
        if session is None or rng.random() < 0.08:
            session = EditingSession(store, rng.choice(article_ids), ANNOTATOR, scheme)
            previous = None
        command = next_command(rng, session)
        try:
            if command is None:
                if previous is None:
                    continue
                target = previous  # undo: the GUI's path, restoring the earlier value
            else:
                target = command.apply(session.state, session.context)
        except AnnotatorError:
            continue  # the domain refused it; nothing to write, nothing to acknowledge
        if Change.between(session.state, target).is_empty:
            continue  # writes nothing: not a command the parent can learn anything from
        step += 1
        emit(f"WILL {step} {session.article.id} {json.dumps(snapshot(target), sort_keys=True)}")
        before = session.state
        plan.arm(step, edits)
        plan.at_point("before")
        if command is None:
            session.restore(target)
        else:
            session.perform(command)
        plan.written()
        if session.state != target:
            emit(f"MISMATCH {step}")
            return 3
        plan.at_point("after")
        emit(f"DONE {step}")
        previous = before
        edits += 1
    store.close()
    emit("END")
    return 0


if __name__ == "__main__":
    sys.exit(main())
