"""Other programs on the project while a window holds it: ``annotator`` commands run one after another.

Usage: ``python traffic_child.py PROJECT SEED WORKDIR``

Each command goes through the real command line (``annotator.cli.main``), so each opens and closes
its own connection to the project, as a shell user's ``annotator import/export/articles/preannotate``
does. It prints ``RAN <command> <exit status>`` after each, and runs until the parent kills it.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import sys
import time
from pathlib import Path

from annotator.cli import main as cli_main

from .window_child import ANNOTATOR


def one_command(rng: random.Random, project: Path, work: Path, n: int) -> list[str]:
    roll = rng.random()
    if roll < 0.3:
        return ["articles", str(project), "--annotator", ANNOTATOR]
    if roll < 0.6:
        return ["export", str(project), str(work / "traffic.jsonl"), "--annotator", ANNOTATOR, "--force"]
    if roll < 0.8:
        folder = work / f"incoming-{os.getpid()}-{n}"
        folder.mkdir()
        for i in range(2):
            text = f"Imported {n}-{i}: officials said the talks would resume (run {rng.random()})."
            (folder / f"note-{i}.txt").write_text(f"Headline {n}-{i}\n{text}\n", encoding="utf-8")
        return ["import", str(project), str(folder)]
    if roll < 0.97:
        return ["agreement", str(project)]
    return ["preannotate", str(project)]


def main() -> None:
    project, seed, work = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    rng = random.Random(seed)
    work.mkdir(parents=True, exist_ok=True)
    n = 0
    while True:
        n += 1
        argv = one_command(rng, project, work, n)
        sink = io.StringIO()
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            try:
                code = cli_main(argv)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
        sys.stdout.write(f"RAN {argv[0]} {code}\n")
        sys.stdout.flush()
        time.sleep(rng.uniform(0.05, 0.25))  # a shell user's pace; the CPU is shared with the window


if __name__ == "__main__":
    main()
