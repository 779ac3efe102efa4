"""Pre-annotation on real Dask clusters: a local cluster, a scheduler with workers on loopback.

What is checked in the project file: the layer a cluster run writes equals, article by article,
the layer one process writes; a client killed half-way and started again skips what is done and
finishes the rest; a worker killed mid-run loses no article and duplicates none.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.domain import MODEL_LAYER, Annotations
from annotator.services.cluster import ClusterError, ClusterSpec, preannotate_on_cluster
from annotator.services.scheme import project_scheme
from annotator.storage import Store

ARTICLES = 10
BIN = Path(sys.executable).parent


def _layer_key(layer: Annotations) -> tuple[object, ...]:
    spans = tuple(sorted((s.id, s.start, s.end, s.label, tuple(sorted(s.attrs.items()))) for s in layer.spans))
    relations = tuple(sorted((r.id, r.head, r.child, r.label) for r in layer.relations))
    return spans, relations


def _model_layers(project: Path) -> dict[str, tuple[object, ...]]:
    with Store.open(project, create=False) as store:
        return {article.id: _layer_key(layer) for article, layer in store.iter_layers(MODEL_LAYER)}


def _new_project(tmp: Path, shared_dir: Path, name: str) -> Path:
    source = tmp / "articles.jsonl"
    if not source.exists():
        lines = (shared_dir / "data" / "polnear-dev.jsonl").read_text(encoding="utf-8").splitlines()[:ARTICLES]
        source.write_text(
            "\n".join(json.dumps({"id": json.loads(line)["id"], "text": json.loads(line)["text"]}) for line in lines)
            + "\n",
            encoding="utf-8",
        )
    project = tmp / f"{name}.annotator"
    assert main(["import", str(project), str(source)]) == 0
    return project


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> dict[str, tuple[object, ...]]:
    """The model layers of one single-process run: what every cluster run must reproduce."""
    tmp = tmp_path_factory.mktemp("reference")
    project = _new_project(tmp, shared_dir, "one-process")
    assert main(["preannotate", str(project), "--batch-size", "4"]) == 0
    layers = _model_layers(project)
    assert len(layers) == ARTICLES
    assert sum(len(spans) for spans, _ in layers.values()) > 100, "real articles carry many suggestions"
    return layers


def test_a_local_cluster_writes_the_same_layers_as_one_process(tmp_path, shared_dir, reference, capsys):
    project = _new_project(tmp_path, shared_dir, "local")
    assert main(["preannotate", str(project), "--cluster", "local:2", "--batch-size", "3"]) == 0
    out = capsys.readouterr().out
    assert f"{ARTICLES} article(s) pre-annotated" in out and "on 2 worker(s)" in out
    assert _model_layers(project) == reference
    # started again: everything is current, nothing is redone
    assert main(["preannotate", str(project), "--cluster", "local:1"]) == 0
    assert "0 article(s) pre-annotated" in capsys.readouterr().out
    assert _model_layers(project) == reference


def test_a_client_killed_half_way_resumes_where_it_stopped(tmp_path, shared_dir, reference, capsys):
    project = _new_project(tmp_path, shared_dir, "killed")
    child = subprocess.Popen(
        [str(BIN / "annotator"), "preannotate", str(project), "--cluster", "local:1", "--batch-size", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # the client, its local scheduler and worker die together
    )
    stored = 0
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline and child.poll() is None:
            with Store.open(project, create=False) as store:
                stored = len(store.model_layer_provenance())
            if stored >= 2:
                break
            time.sleep(0.05)
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
    assert 2 <= stored < ARTICLES, f"the kill should land half-way ({stored} of {ARTICLES} stored)"
    with Store.open(project, create=False) as store:
        kept = len(store.model_layer_provenance())
    assert main(["preannotate", str(project), "--cluster", "local:1", "--batch-size", "2"]) == 0
    out = capsys.readouterr().out
    assert f"{ARTICLES - kept} article(s) pre-annotated" in out
    assert f"{kept} already current, skipped" in out
    assert _model_layers(project) == reference


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_workers(address: str, count: int) -> None:
    from distributed import Client

    with Client(address, timeout="30s") as client:
        client.wait_for_workers(count, timeout=120)


@pytest.fixture
def scheduler_with_two_workers(tmp_path, request):
    """A real scheduler and two one-thread workers (no nanny: a killed worker stays dead), on loopback.

    Parametrised indirectly with the scheduler's ``allowed-failures`` (Dask's default is 3): at 0
    the scheduler gives up a task at the first worker lost under it and tells the client.
    """
    allowed_failures = getattr(request, "param", None)
    env = dict(os.environ)
    if allowed_failures is not None:
        env["DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES"] = str(allowed_failures)
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path / "dask-logs"
    logs.mkdir()
    procs = [
        subprocess.Popen(
            [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            stdout=subprocess.DEVNULL,
            stderr=(logs / "scheduler.log").open("w"),
            env=env,
        )
    ]
    workers = []
    try:
        for n in range(2):
            worker = subprocess.Popen(
                [
                    str(BIN / "dask"),
                    "worker",
                    address,
                    "--nthreads",
                    "1",
                    "--no-nanny",
                    "--no-dashboard",
                    "--host",
                    "127.0.0.1",
                    "--name",
                    f"w{n}",
                ],
                stdout=subprocess.DEVNULL,
                stderr=(logs / f"worker{n}.log").open("w"),
            )
            procs.append(worker)
            workers.append(worker)
        _wait_for_workers(address, 2)
        yield address, workers
    finally:
        for proc in reversed(procs):
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(
    tmp_path, shared_dir, reference, scheduler_with_two_workers
):
    address, workers = scheduler_with_two_workers
    project = _new_project(tmp_path, shared_dir, "lost-worker")
    killed = threading.Event()
    seen: list[int] = []

    def progress(state) -> bool:
        seen.append(state.done)
        if not killed.is_set():
            workers[0].send_signal(signal.SIGKILL)
            workers[0].wait()
            killed.set()
        return True

    with Store.open(project, create=False) as store:
        result = preannotate_on_cluster(
            store, None, project_scheme(store), ClusterSpec.parse(address), batch_size=2, progress=progress
        )
    assert killed.is_set() and seen[0] < ARTICLES, "the worker was killed while batches were still to run"
    assert result.articles == ARTICLES and not result.cancelled
    assert _model_layers(project) == reference
    with Store.open(project, create=False) as store:
        assert len(store.model_layer_provenance()) == ARTICLES


@pytest.mark.parametrize("scheduler_with_two_workers", [0], indirect=True)
def test_a_batch_the_scheduler_gave_up_with_its_worker_is_sent_again(
    tmp_path, shared_dir, reference, scheduler_with_two_workers, caplog
):
    address, workers = scheduler_with_two_workers
    project = _new_project(tmp_path, shared_dir, "given-up")
    killed = threading.Event()

    def progress(state) -> bool:
        if not killed.is_set():
            workers[0].send_signal(signal.SIGKILL)
            workers[0].wait()
            killed.set()
        return True

    with caplog.at_level("INFO", logger="annotator.services.cluster"), Store.open(project, create=False) as store:
        result = preannotate_on_cluster(
            store, None, project_scheme(store), ClusterSpec.parse(address), batch_size=2, progress=progress
        )
    assert any("sent again" in r.getMessage() for r in caplog.records), "the killed worker held a running batch"
    assert result.articles == ARTICLES and not result.cancelled
    assert _model_layers(project) == reference


def test_an_unreachable_scheduler_is_one_clear_error_and_changes_nothing(tmp_path, shared_dir):
    project = _new_project(tmp_path, shared_dir, "unreachable")
    address = f"tcp://127.0.0.1:{_free_port()}"
    with (
        Store.open(project, create=False) as store,
        pytest.raises(ClusterError, match="cannot reach the Dask scheduler"),
    ):
        preannotate_on_cluster(store, None, project_scheme(store), ClusterSpec.parse(address))
    assert _model_layers(project) == {}


@pytest.mark.parametrize("text", ["remote", "local:0", "local:x", "tcp:/nohost"])
def test_a_bad_cluster_setting_is_refused_with_the_accepted_forms(text):
    with pytest.raises(ValueError, match=r"local, local:N .* tcp://HOST:PORT"):
        ClusterSpec.parse(text)
