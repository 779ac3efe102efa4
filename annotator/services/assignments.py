"""The lead's assignments: who annotates which article, how far each person is, and their queue.

Built on the storage contract only, so it works the same on a project file and a team server.
An article's assignees are planned greedily: each slot goes to the least-loaded annotator not yet on
the article (ties broken by the order given), which spreads the work evenly. A chosen share of the
articles (``overlap``) gets ``per_article`` people, for agreement; the rest get one. Reassigning keeps
work already done: whoever has started or finished an article stays on it and counts towards its slots.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..domain import AnnotatorError, Status
from ..storage import ProjectStore

_PAGE = 1000


@dataclass(frozen=True)
class AssignmentPlan:
    """What ``assign`` stored: each article's annotators, and how many articles each person got."""

    by_article: dict[str, tuple[str, ...]]
    kept: int = 0  # assignments kept because the person had already worked on the article

    @property
    def load(self) -> Counter[str]:
        return Counter(who for people in self.by_article.values() for who in people)

    @property
    def overlapping(self) -> list[str]:
        return [a for a, people in self.by_article.items() if len(people) > 1]


@dataclass
class Progress:
    """One annotator's assigned articles by state."""

    annotator: str
    todo: int = 0
    in_progress: int = 0
    done: int = 0
    queue: list[str] = field(default_factory=list)

    @property
    def assigned(self) -> int:
        return self.todo + self.in_progress + self.done


def layer_states(store: ProjectStore, annotator: str) -> dict[str, Status]:
    """Every article's state for ``annotator``: a ``todo`` layer that already holds spans counts as
    in progress (work was done even if the status was not moved)."""
    states: dict[str, Status] = {}
    offset = 0
    while True:
        page = store.list_articles(annotator, offset=offset, limit=_PAGE)
        for summary in page:
            status = summary.status
            if status is Status.TODO and summary.span_count:
                status = Status.IN_PROGRESS
            states[summary.id] = status
        if len(page) < _PAGE:
            return states
        offset += len(page)


def overlap_indices(count: int, overlap: float) -> set[int]:
    """Which of ``count`` articles get several people: ``overlap`` of them, evenly spaced."""
    return {i for i in range(count) if int((i + 1) * overlap) > int(i * overlap)}


def plan_assignments(
    store: ProjectStore,
    annotators: Sequence[str],
    *,
    per_article: int = 1,
    overlap: float = 1.0,
    query: str = "",
) -> AssignmentPlan:
    """Work out (without storing) who annotates which article; see the module's docstring."""
    people = list(dict.fromkeys(annotators))
    if not people:
        raise AnnotatorError("assign: name at least one annotator (--annotators a b c)")
    if not 1 <= per_article <= len(people):
        raise AnnotatorError(
            f"assign: --per-article {per_article} needs between 1 and {len(people)} annotators per article"
        )
    if not 0.0 <= overlap <= 1.0:
        raise AnnotatorError(f"assign: --overlap {overlap} must be a fraction between 0 and 1")
    ids = store.article_ids()
    if query:
        found = set(store.search(query, limit=max(len(ids), 1)))
        ids = [i for i in ids if i in found]
    current: dict[str, list[str]] = {}
    for article_id, who in store.assignments():
        current.setdefault(article_id, []).append(who)
    states = {who: layer_states(store, who) for who in {*people, *(w for ws in current.values() for w in ws)}}
    started = {Status.IN_PROGRESS, Status.DONE, Status.SKIPPED}
    load: Counter[str] = Counter({who: 0 for who in people})
    chosen: dict[str, list[str]] = {}
    kept = 0
    # Work already done first: it stays where it is and counts towards everyone's load.
    for article_id in ids:
        keep = [w for w in current.get(article_id, []) if states[w].get(article_id, Status.TODO) in started]
        keep += [w for w in people if w not in keep and states[w].get(article_id, Status.TODO) in started]
        chosen[article_id] = keep
        kept += len(keep)
        load.update(keep)
    several = overlap_indices(len(ids), overlap) if per_article > 1 else set()
    for index, article_id in enumerate(ids):
        slots = per_article if index in several else 1
        people_here = chosen[article_id]
        while len(people_here) < slots:
            free = [w for w in people if w not in people_here]
            if not free:
                break
            pick = min(free, key=lambda w: (load[w], people.index(w)))
            people_here.append(pick)
            load[pick] += 1
    return AssignmentPlan({a: tuple(chosen[a]) for a in ids}, kept=kept)


def assign(
    store: ProjectStore,
    annotators: Sequence[str],
    *,
    per_article: int = 1,
    overlap: float = 1.0,
    query: str = "",
) -> AssignmentPlan:
    """Plan and store the assignments of the articles chosen (all, or those matching ``query``), in
    one transaction; other articles keep theirs. Layers are never touched."""
    plan = plan_assignments(store, annotators, per_article=per_article, overlap=overlap, query=query)
    store.set_assignments(plan.by_article, [(a, w) for a, people in plan.by_article.items() for w in people])
    return plan


def assigned_to(store: ProjectStore, annotator: str) -> list[str]:
    """The articles assigned to ``annotator``, in article order."""
    return [a for a, who in store.assignments() if who == annotator]


def queue(store: ProjectStore, annotator: str) -> list[str]:
    """What is assigned to ``annotator`` and not done (nor skipped), in article order."""
    states = layer_states(store, annotator)
    closed = {Status.DONE, Status.SKIPPED}
    return [a for a in assigned_to(store, annotator) if states.get(a, Status.TODO) not in closed]


def progress_by_annotator(
    store: ProjectStore, known_states: Mapping[str, Mapping[str, Status]] | None = None
) -> list[Progress]:
    """Todo / in progress / done of each assigned annotator's articles (skipped counts as done).

    ``known_states`` holds :func:`layer_states` already read for some annotators (the lead's
    overview reads them for its own figures), so that each layer listing is read once."""
    mine: dict[str, list[str]] = {}
    for article_id, who in store.assignments():
        mine.setdefault(who, []).append(article_id)
    out: list[Progress] = []
    for who in sorted(mine):
        states = known_states[who] if known_states and who in known_states else layer_states(store, who)
        row = Progress(who)
        for article_id in mine[who]:
            state = states.get(article_id, Status.TODO)
            if state in (Status.DONE, Status.SKIPPED):
                row.done += 1
            elif state is Status.IN_PROGRESS:
                row.in_progress += 1
                row.queue.append(article_id)
            else:
                row.todo += 1
                row.queue.append(article_id)
        out.append(row)
    return out
