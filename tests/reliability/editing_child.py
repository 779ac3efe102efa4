"""A scripted editing session for the crash-safety harness, run as a child process that the parent kills.

Usage: ``python editing_child.py PROJECT SEED [--max-edits N] [--busy-timeout S] [--create-only]``

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
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from typing import Any

from annotator.domain import Annotations, AnnotatorError, Origin, Span, Status
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("project", help="a project file or a team project URL")
    parser.add_argument("seed", type=int)
    parser.add_argument("--max-edits", type=int, default=10**9)
    parser.add_argument("--busy-timeout", type=float, default=10.0)
    parser.add_argument("--step-base", type=int, default=0, help="first step number (unique across launches)")
    parser.add_argument("--create-only", action="store_true", help="create the project, then exit")
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    if args.create_only:
        emit("OPENING")
        Store.open(args.project).close()
        emit("CREATED")
        return 0
    store = open_store(args.project, create=False, busy_timeout=args.busy_timeout)
    scheme = project_scheme(store)
    article_ids = store.article_ids()
    emit(f"READY {len(article_ids)}")
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
        step += 1
        emit(f"WILL {step} {session.article.id} {json.dumps(snapshot(target), sort_keys=True)}")
        before = session.state
        if command is None:
            session.restore(target)
        else:
            session.perform(command)
        if session.state != target:
            emit(f"MISMATCH {step}")
            return 3
        emit(f"DONE {step}")
        previous = before
        edits += 1
    store.close()
    emit("END")
    return 0


if __name__ == "__main__":
    sys.exit(main())
