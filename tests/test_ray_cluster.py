"""The generate stage on a multi-node Ray cluster: a head and two worker nodes started with `ray start` on
loopback inside the test, one worker node killed (SIGKILL to its whole process group: `ray start`, its
raylet and its workers) while the stage is running. The stage must finish, or fail and then resume, with
every sample stored exactly once. The teacher is the loopback OpenAI-compatible test server, slowed so the
kill lands mid-stage; the stage reaches the cluster through `RAY_ADDRESS`, as a user's run does."""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from test_shards import recipe_file, run_dir

from sky_t1.engines.testserver import FakeChatServer
from sky_t1.generate import run_generate

pytestmark = [pytest.mark.slow, pytest.mark.serial]  # a Ray cluster of processes, timed start-ups: alone
RAY = Path(sys.executable).parent / "ray"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LoopbackCluster:
    "A Ray cluster on this machine: `ray start --head --block` and N worker nodes, each in its own process group."

    def __init__(self, workers: int = 2, cpus_per_worker: int = 2, timeout: float = 90):
        self.n, self.cpus, self.timeout = workers, cpus_per_worker, timeout
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.tmp = Path(tempfile.mkdtemp(prefix="ray", dir="/tmp"))  # short: Ray's socket paths must fit 107 bytes
        self.env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"} | {"RAY_USAGE_STATS_ENABLED": "0"}
        self.head: subprocess.Popen | None = None
        self.workers: list[subprocess.Popen] = []

    def _start(self, name: str, *args: str) -> subprocess.Popen:
        log = open(self.tmp / f"{name}.log", "w")
        return subprocess.Popen([str(RAY), "start", "--block", "--node-ip-address=127.0.0.1", *args], env=self.env,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def _wait(self, what: str, ok) -> None:
        end = time.monotonic() + self.timeout
        while not ok():
            if time.monotonic() > end:
                logs = "\n".join(f"--- {p.name}\n{p.read_text()[-1500:]}" for p in sorted(self.tmp.glob("*.log")))
                raise TimeoutError(f"ray cluster: {what} not up in {self.timeout} s\n{logs}")
            time.sleep(0.2)

    def alive_workers(self) -> int:
        import ray
        return sum(1 for n in ray.nodes() if n["Alive"] and n["Resources"].get("CPU", 0) > 0)

    def __enter__(self) -> "LoopbackCluster":
        import ray
        self.head = self._start("head", "--head", f"--port={self.port}", "--num-cpus=0", "--include-dashboard=false",
                                f"--temp-dir={self.tmp}")
        self._wait("the head", lambda: subprocess.run([str(RAY), "status", f"--address={self.address}"], env=self.env,
                                                     capture_output=True).returncode == 0)
        ray.init(address=self.address, log_to_driver=False, configure_logging=False)
        for i in range(self.n):  # one at a time: nodes started at the same moment on one machine can time out
            self.workers.append(self._start(f"worker{i}", f"--address={self.address}", f"--num-cpus={self.cpus}"))
            self._wait(f"worker {i}", lambda i=i: self.alive_workers() == i + 1)
        return self

    def kill_worker(self, i: int) -> None:
        "What a lost machine looks like: every process of worker node i gone at once."
        os.killpg(self.workers[i].pid, signal.SIGKILL)

    def __exit__(self, *exc) -> None:
        import ray
        ray.shutdown()
        for p in [*self.workers, self.head]:
            if p is not None and p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in [*self.workers, self.head]:
            if p is not None:
                try:
                    p.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)
        shutil.rmtree(self.tmp, ignore_errors=True)


def rows_of(path: Path) -> list[tuple]:
    return [(r["problem_id"], r["sample_index"]) for r in map(json.loads, path.read_text().splitlines())]


@pytest.mark.timeout(240)
def test_a_worker_node_killed_mid_stage_loses_and_duplicates_nothing(tmp_path, monkeypatch):
    pytest.importorskip("ray")
    if not RAY.exists():
        pytest.skip(f"no ray command beside this interpreter: {RAY}")
    problems, n = 40, 2
    with LoopbackCluster(workers=2, cpus_per_worker=2) as cluster, FakeChatServer(latency=0.25) as srv:
        import ray
        ray.shutdown()  # the stage connects by itself, through RAY_ADDRESS, as a user's run does
        monkeypatch.setenv("RAY_ADDRESS", cluster.address)
        recipe, run = run_dir(tmp_path, recipe_file(tmp_path, srv.url, problems=problems, n=n, replicas=2))
        recipe = recipe.model_copy(update={"teacher": recipe.teacher.model_copy(update={"problems_per_call": 2})})
        store = run.file("generations")
        killed_at: list[int] = []

        def kill_when_rows_land():
            end = time.monotonic() + 120
            while time.monotonic() < end:
                landed = len(store.read_text().splitlines()) if store.exists() else 0
                if landed >= 8:
                    cluster.kill_worker(0)
                    killed_at.append(landed)
                    return
                time.sleep(0.02)

        killer = threading.Thread(target=kill_when_rows_land, daemon=True)
        killer.start()
        counts, attempts = None, 0
        while counts is None and attempts < 3:  # finish, or fail and resume
            attempts += 1
            try:
                counts = run_generate(recipe, run)
            except Exception as e:  # noqa: BLE001 - a run that Ray gave up on is resumed
                print(f"attempt {attempts} failed: {type(e).__name__}: {e}")
        killer.join(timeout=5)
        assert counts is not None, "the stage neither finished nor resumed"
        assert killed_at and killed_at[0] < problems * n, "the worker node was not killed mid-stage"
        assert cluster.alive_workers() == 1  # the kill took the node down, and the stage went on without it
    keys = rows_of(store)
    assert len(keys) == len(set(keys)) == problems * n  # nothing lost, nothing twice
    assert counts["samples_missing"] == 0 and counts["ray_nodes"] == 1
    assert all(r["response"].startswith("echo: ") for r in map(json.loads, store.read_text().splitlines()))
    assert run.manifest()["stages"]["generate"]["status"] == "done"
