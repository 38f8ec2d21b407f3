"""The generate stage consumes completions as they land (issue 16): against the loopback OpenAI-compatible server,
through the openai engine, an interruption mid-stream (an engine that raises, or `kill -9`) loses nothing that landed,
and the resumed run asks only for what is missing: no sample lost, none twice."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest

from sky_t1.engines import SamplingParams, make_engine, stream_completions
from sky_t1.engines.testserver import FakeChatServer, Faults
from sky_t1.generate import generate
from sky_t1.problem import Problem
from sky_t1.store import RecordStore

pytestmark = pytest.mark.timeout(120)
TEMPLATES = {"math": "Q: {question}"}
SAMPLING = SamplingParams(temperature=0.6, max_tokens=50, n=2, seed=7)


def problems(k: int) -> list[Problem]:
    return [Problem(id=f"s/{i}", source="t", domain="math", question=f"{i} plus {i}", answer=str(2 * i)) for i in range(k)]


def openai_engine(url: str, **kw):
    return make_engine("openai", "echo", **(dict(base_url=url, concurrency=8, timeout=2.0, max_attempts=8, backoff=0.02,
                                                 max_wait=0.5, seed=0) | kw))


class Interrupted(Exception):
    pass


class StopsAfter:
    "The openai engine, streamed (through the chunked fallback), dying after `k` requests have landed."

    def __init__(self, inner, k: int, chunk: int = 5):
        self.inner, self.k, self.chunk, self.name, self.model = inner, k, chunk, inner.name, inner.model

    def stream(self, requests, sampling):
        for i, group in enumerate(stream_completions(self.inner, requests, sampling, self.chunk)):
            if i == self.k:
                raise Interrupted(f"the connection dropped after {self.k} requests")
            yield group


class FailsOnCall:
    "The openai engine without `stream` (the batch path), raising on its `n`-th `generate` call."

    def __init__(self, inner, n: int):
        self.inner, self.n, self.calls, self.name, self.model = inner, n, 0, inner.name, inner.model

    def generate(self, requests, sampling):
        self.calls += 1
        if self.calls == self.n:
            raise Interrupted(f"call {self.n} failed")
        return self.inner.generate(requests, sampling)


def check_complete(store: RecordStore, ps: list[Problem]) -> None:
    "Every (problem, sample) once, each the echo of its own prompt and seed."
    rows = [json.loads(x) for x in store.path.read_text().splitlines()]
    keys = [(r["problem_id"], r["sample_index"]) for r in rows]
    assert len(keys) == len(set(keys)), [k for k, c in Counter(keys).items() if c > 1]  # nothing twice
    assert set(keys) == {(p.id, j) for p in ps for j in range(SAMPLING.n)}  # nothing lost
    q = {p.id: p.question for p in ps}
    for r in rows:
        assert r["response"] == f"echo: Q: {q[r['problem_id']]} t=0.6 seed={7 + r['sample_index']} choice=0", r
        assert r["error"] is None and r["completion_tokens"] > 0


def server_answers(srv: FakeChatServer) -> Counter:
    "How many good answers the server gave per (prompt, seed)."
    return Counter((e["key"], e["seed"]) for e in srv.log if e["fault"] is None)


@pytest.mark.parametrize("interrupt", ["stream", "batch"])
def test_interrupted_then_resumed_no_loss_no_duplicate(tmp_path, interrupt):
    ps = problems(30)
    store = RecordStore(tmp_path / "generations.jsonl")
    with FakeChatServer(Faults(rate=0.1, kinds=("429", "500"), seed=3, retry_after=0.01)) as srv:
        eng = openai_engine(srv.url)
        broken = StopsAfter(eng, k=12) if interrupt == "stream" else FailsOnCall(eng, n=3)
        with pytest.raises(Interrupted):
            generate(ps, broken, SAMPLING, store, TEMPLATES, "sys", batch_size=5)
        landed = RecordStore(store.path).keys()
        assert len(landed) == 2 * (12 if interrupt == "stream" else 10)  # what landed before the error is stored
        asked_before = server_answers(srv)
        counts = generate(ps, eng, SAMPLING, RecordStore(store.path), TEMPLATES, "sys", batch_size=5)
        asked_after = server_answers(srv) - asked_before
    check_complete(RecordStore(store.path), ps)
    assert counts["problems_asked_now"] == 30 - len(landed) // 2 and counts["samples_written_now"] == 60 - len(landed)
    done = {pid for pid, _ in landed}
    assert not {key for key, _ in asked_after} & {f"Q: {p.question}" for p in ps if p.id in done}  # not asked again
    assert counts["samples_per_s"] > 0 and counts["completion_tokens_per_s"] > 0 and counts["wall_s"] > 0


CHILD = """
import sys
from sky_t1.engines import SamplingParams, make_engine
from sky_t1.generate import generate
from sky_t1.problem import Problem
from sky_t1.store import RecordStore
url, out = sys.argv[1], sys.argv[2]
ps = [Problem(id=f"s/{i}", source="t", domain="math", question=f"{i} plus {i}", answer=str(2 * i)) for i in range(60)]
eng = make_engine("openai", "echo", base_url=url, concurrency=4, timeout=5.0, seed=0)
generate(ps, eng, SamplingParams(temperature=0.6, max_tokens=50, n=2, seed=7), RecordStore(out), {"math": "Q: {question}"},
         "sys", batch_size=4, flush_s=0)
"""


def test_kill_9_mid_stream_then_resume(tmp_path):
    "A run killed while requests are in flight keeps every request that landed; the rerun completes it exactly."
    script, out = tmp_path / "child.py", tmp_path / "generations.jsonl"
    script.write_text(CHILD)
    ps = problems(60)
    with FakeChatServer(latency=0.05) as srv:
        p = subprocess.Popen([sys.executable, script, srv.url, out], stderr=subprocess.PIPE,
                             env=os.environ | {"PYTHONPATH": os.pathsep.join(sys.path)})
        deadline = time.time() + 60
        while time.time() < deadline and p.poll() is None and not (out.exists() and len(out.read_text().splitlines()) >= 20):
            time.sleep(0.02)
        assert p.poll() is None, p.communicate()[1].decode()[-2000:]
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        before = RecordStore(out).keys()
        assert 20 <= len(before) < 120
        counts = generate(ps, openai_engine(srv.url), SAMPLING, RecordStore(out), TEMPLATES, "sys", batch_size=4)
    check_complete(RecordStore(out), ps)
    assert counts["samples_written_now"] == 120 - len(before)
