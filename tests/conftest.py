"""Shared test set-up: Qt offscreen, paths to the real articles in ../shared."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ANNOTATOR_USER", "tester")

try:  # PySide6 6.12 on Python 3.11 drops a reference to None per void call: see annotator/ui/common/qt_compat.py
    from annotator.ui.common.qt_compat import protect_none_refcount
except ImportError:  # the core tests run without Qt installed
    pass
else:
    protect_none_refcount()

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(autouse=True)
def isolated_user_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never read or write the real user's settings file (the annotator's name shared by app and CLI)."""
    folder = tmp_path_factory.mktemp("user-config")
    monkeypatch.setenv("ANNOTATOR_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"the shared data folder is missing: {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def seed_gold(shared_dir: Path) -> dict:
    return json.loads((shared_dir / "examples" / "sessions-russia.gold.json").read_text(encoding="utf-8"))


# -- the team server: a throwaway PostgreSQL cluster for the whole session ---------------------------
@pytest.fixture(scope="session")
def pg_cluster():
    """A running PostgreSQL cluster (unix socket in a temporary folder), stopped at the end."""
    from pg_cluster import PostgresCluster, find_pg_bin

    bin_dir = find_pg_bin()
    if bin_dir is None:
        pytest.skip(
            "no PostgreSQL server binaries (initdb, pg_ctl, postgres in /usr/lib/postgresql/15/bin or "
            "$ANNOTATOR_PG_BIN): the team-server tests cannot run here"
        )
    cluster = PostgresCluster(bin_dir).start()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request):
    """The storage engine a parametrised suite runs on: ``sqlite`` (a project file) or ``postgres``
    (a team project on the session's throwaway server; skipped with the reason where none can run)."""
    return str(request.param)


@pytest.fixture
def new_team_project(pg_cluster):
    """Makes a fresh team project (a new database, ``team init`` done); returns the owner's URL."""
    from annotator.storage.postgres import init_team

    def make() -> str:
        name = f"t{os.getpid()}_{_next_database()}"
        url = pg_cluster.create_database(name)
        init_team(url)
        return url

    return make


_DATABASES = iter(range(1, 1_000_000))


def _next_database() -> int:
    return next(_DATABASES)


@pytest.fixture
def codebook_scheme():  # noqa: ANN201 - LabelScheme; imported lazily so that collection stays light
    """A team's codebook: the shipped scheme plus span label CLAIM and stance mocking (tests/codebook_fixtures.py)."""
    from codebook_fixtures import codebook_scheme as build

    return build()


@pytest.fixture
def codebook_pair():  # noqa: ANN201 - (Article, Annotations)
    """An article with a layer that uses CLAIM and a quote with stance mocking (tests/codebook_fixtures.py)."""
    from codebook_fixtures import codebook_pair as build

    return build()
