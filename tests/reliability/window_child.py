"""A "window" for the multi-handle harness: one process holding the project with an open editing session,
running background jobs in the same process (each on its own Store, as the app's workers do), killed
by the parent with SIGKILL.

Usage: ``python -m tests.reliability.window_child PROJECT SEED [--step-base N] [--script random|exact]
[--job KIND]``, or ``... --zygote`` to fork windows on request (see :func:`zygote`).

Lines on stdout (the parent keeps the ledger):

``READY <pid> <wal inode>``        the session is open; the WAL file it writes to
``WILL <step> <article> <json>``   before an edit: the layer state it will produce if committed
``DONE <step>``                    after the edit was committed (acknowledged)
``JOB <kind>``                     a background job (export, preannotate, review) closed its Store
``PAUSED``                         (exact script) waiting for a line on stdin before going on

``random``: edits forever at a human-ish pace, starting a background job now and then (``--job``: one at once). ``exact``: the
sequence of issue 12: three edits, an in-process export (its own Store, opened and closed), PAUSED
(the parent runs a CLI command on the file), five more edits, PAUSED again until killed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from annotator.domain import Annotations, AnnotatorError, Origin, Span, Status
from annotator.editing import AddSpan, Command, RelabelSpan, RemoveSpan, SetStatus
from annotator.services.editing_session import EditingSession
from annotator.services.scheme import project_scheme
from annotator.storage import Store

#: The layer the window edits; nobody else writes it.
ANNOTATOR = "window"
LABELS = ("PERSON", "ORG", "GPE", "NORP")
_print_lock = threading.Lock()


def say(line: str) -> None:
    with _print_lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def snapshot(ann: Annotations) -> dict[str, Any]:
    """The canonical form the parent compares with what the file holds."""
    return {
        "status": ann.status.value,
        "spans": sorted([s.id, s.start, s.end, s.label] for s in ann.spans),
    }


def next_command(rng: random.Random, session: EditingSession, step: int) -> Command:
    spans = list(session.state.spans)
    length = len(session.article.text)
    roll = rng.random()
    if spans and (roll < 0.25 or len(spans) > 25):
        return RemoveSpan(rng.choice(spans).id)
    if spans and roll < 0.45:
        return RelabelSpan(rng.choice(spans).id, rng.choice(LABELS))
    if roll < 0.52:
        return SetStatus(rng.choice([Status.IN_PROGRESS, Status.DONE]))
    start = rng.randrange(0, length - 1)
    end = rng.randint(start + 1, min(length, start + 30))
    return AddSpan(Span(f"w{os.getpid()}-{step}", start, end, rng.choice(LABELS), Origin.HUMAN))


def edit(rng: random.Random, sessions: list[EditingSession], step: int) -> None:
    session = rng.choice(sessions)
    command = next_command(rng, session, step)
    try:
        expected = command.apply(session.state, session.context)
    except (AnnotatorError, ValueError, KeyError):
        return  # the domain refuses this one (e.g. an overlap it does not allow): pick another next time
    say(f"WILL {step} {session.article.id} {json.dumps(snapshot(expected), sort_keys=True)}")
    session.perform(command)
    say(f"DONE {step}")


def background_job(path: Path, kind: str, out_dir: Path) -> None:
    """What the app's workers do: open the project again on their own connection, work, close."""
    with Store.open(path, create=False) as store:
        if kind == "export":
            from annotator.services.exporting import export_project

            export_project(store, out_dir / f"export-{os.getpid()}.jsonl", annotator=ANNOTATOR, force=True)
        elif kind == "review":
            from annotator.services.reviewing import agreement_report

            agreement_report(store, [ANNOTATOR, "model"])
        else:
            from annotator.nlp.pipeline import LoadedPipeline, rule_only_pipeline
            from annotator.services.preannotation import preannotate_project

            loaded = LoadedPipeline(rule_only_pipeline(), "rules", "0", has_entities=False)
            preannotate_project(store, loaded, project_scheme(store), article_ids=store.article_ids()[:3])
    say(f"JOB {kind}")


def run_window(project: Path, seed: int, step_base: int, script: str, job_kind: str | None) -> None:
    """Open the project as a window does and edit (``random``: until killed; ``exact``: see above)."""
    rng = random.Random(seed)
    out_dir = Path(tempfile.mkdtemp(prefix="window-exports-"))
    store = Store.open(project, create=False)  # the window's own hold on the project, never closed
    scheme = project_scheme(store)
    ids = store.article_ids()[:6]
    sessions = [EditingSession(store, article_id, ANNOTATOR, scheme) for article_id in ids]
    wal = os.stat(f"{project}-wal").st_ino
    say(f"READY {os.getpid()} {wal}")
    step = step_base
    if script == "exact":
        for _ in range(3):
            step += 1
            edit(rng, sessions, step)
        worker = threading.Thread(target=background_job, args=(project, "export", out_dir))
        worker.start()  # as File → Export does: a worker thread with its own Store
        worker.join()
        say("PAUSED")
        sys.stdin.readline()
        for _ in range(5):
            step += 1
            edit(rng, sessions, step)
        say("PAUSED")
        sys.stdin.readline()
        return
    job: threading.Thread | None = None
    if job_kind:
        job = threading.Thread(target=background_job, args=(project, job_kind, out_dir), daemon=True)
        job.start()
    while True:
        step += 1
        edit(rng, sessions, step)
        if (job is None or not job.is_alive()) and rng.random() < 0.2:
            kind = rng.choice(["export", "export", "review", "preannotate"])
            job = threading.Thread(target=background_job, args=(project, kind, out_dir), daemon=True)
            job.start()
        time.sleep(rng.uniform(0.0, 0.012))


def zygote() -> None:
    """Start windows by ``fork()`` from a process that has imported everything once: a window then
    starts in milliseconds instead of a second of imports, so a hundred kills fit in the time budget.

    The zygote itself never opens a project (a forked child inherits no connection, no lock). Commands
    on stdin: ``FORK PROJECT SEED STEP_BASE JOB|- FIFO`` answers ``FORKED PID`` (the window writes its
    lines into the named pipe FIFO); ``REAP PID`` answers ``REAPED PID SIGNAL`` once it has ended.
    """
    import annotator.services.exporting  # noqa: F401 - warm the imports the window and its jobs need
    import annotator.services.preannotation  # noqa: F401
    import annotator.services.reviewing  # noqa: F401

    for line in sys.stdin:
        command, *rest = line.split()
        if command == "REAP":
            pid = int(rest[0])
            _, status = os.waitpid(pid, 0)
            say(f"REAPED {pid} {os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0}")
            continue
        project, seed, step_base, job, fifo = rest
        pid = os.fork()
        if pid == 0:
            try:
                sys.stdout = open(fifo, "w", buffering=1)  # noqa: SIM115 - the window's own output
                run_window(Path(project), int(seed), int(step_base), "random", None if job == "-" else job)
            finally:
                os._exit(1)
        say(f"FORKED {pid}")


def main() -> None:
    if sys.argv[1:] == ["--zygote"]:
        zygote()
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("project", type=Path)
    parser.add_argument("seed", type=int)
    parser.add_argument("--step-base", type=int, default=0)
    parser.add_argument("--script", choices=["random", "exact"], default="random")
    parser.add_argument("--job", choices=["export", "review", "preannotate"], help="start this job at once")
    args = parser.parse_args()
    run_window(args.project, args.seed, args.step_base, args.script, args.job)


if __name__ == "__main__":
    main()
