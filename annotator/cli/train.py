"""`annotator train`: the project's own entity pipeline from its corrected layers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..domain import Status
from .common import EXIT_OK, Progress, annotator_for


def cmd_train(args: argparse.Namespace) -> int:
    from ..nlp.training import TrainingSettings
    from ..services.training import TrainingRequest, train_project
    from ..storage import open_store

    with open_store(args.project, create=False) as store:
        # as in every command: the layer named, else on a team server the connection's own role
        layer = "gold" if args.gold else annotator_for(store, args.annotator)
        statuses = tuple(Status(s) for s in (args.status or [Status.DONE.value]))
        settings = TrainingSettings(max_epochs=args.epochs or TrainingSettings().max_epochs, seed=args.seed)
        curve = (0.25, 0.5, 0.75) if args.curve else ()
        request = TrainingRequest(
            layer=layer,
            out=Path(args.out),
            statuses=statuses,
            base=args.base,
            eval_split=args.eval_split,
            settings=settings,
            curve=curve,
            seed=args.seed,
            force=args.force,
        )
        bar = Progress("training")
        result = train_project(store, request, progress=bar)
        bar.close()
        if args.use:
            from ..services.models import use_model

            use_model(store, result.path)
    print(
        f"trained on {result.trained_articles} article(s), scored on {result.held_out_articles} held-out "
        f"article(s) never trained on ({result.seconds:.0f} s)"
    )
    print(f"{'label':<10} {'support':>7}   {'base P':>6} {'R':>5} {'F1':>5}   {'trained P':>9} {'R':>5} {'F1':>5}")
    for label, bp, br, bf, tp, tr, tf, support in result.comparison():
        print(f"{label:<10} {support:>7}   {bp:>6.3f} {br:>5.3f} {bf:>5.3f}   {tp:>9.3f} {tr:>5.3f} {tf:>5.3f}")
    if len(result.curve) > 2:
        points = ", ".join(f"{p.articles}: {p.f1:.3f}" for p in result.curve)
        print(f"learning curve (training articles: F1): {points}")
    print(
        f"{result.name} {result.version} written to {result.path}"
        + (" and made the project's current model" if args.use else ""),
        file=sys.stderr,
    )
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("train", help="train the project's entity pipeline from a layer (spaCy's training)")
    p.add_argument("project")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--annotator", help="the layer to learn from (default: you)")
    who.add_argument("--gold", action="store_true", help="learn from the adjudicated gold layer")
    p.add_argument(
        "--status",
        action="append",
        choices=[s.value for s in Status],
        help="only articles of these statuses (default: done)",
    )
    p.add_argument("--out", required=True, help="folder for the trained spaCy pipeline")
    p.add_argument("--base", help="pipeline to start from (default: en_core_web_sm, then the packaged one)")
    p.add_argument("--eval-split", type=float, default=0.2, help="share of articles held out for scoring")
    p.add_argument("--epochs", type=int, help="passes over the training articles (default: 10)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--curve", action="store_true", help="also train on 25/50/75%% of the articles (learning curve)")
    p.add_argument("--use", action="store_true", help="make the result the project's current model")
    p.add_argument("--force", action="store_true", help="replace a pipeline already in --out")
    p.set_defaults(func=cmd_train)
