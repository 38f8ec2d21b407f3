"The openai engine's pool over several servers: one killed mid-run loses nothing and doubles nothing; stream yields each request once."
import threading
import time

import pytest

from sky_t1.engines import Request, SamplingParams, check_completions
from sky_t1.engines.openai_engine import OpenAIEngine
from sky_t1.engines.testserver import Batching, FakeChatServer, ideal_makespan

pytestmark = pytest.mark.timeout(60)


def requests(k: int) -> list[Request]:
    return [Request.from_prompt(f"p{i}", f"problem {i}") for i in range(k)]


def test_server_killed_mid_run_loses_and_doubles_nothing():
    reqs, sp = requests(60), SamplingParams(n=2, seed=3)
    timing = Batching(slots=8, tokens_per_s=50_000, median=2000, sigma=0.8, seed=1)
    with FakeChatServer(batching=timing) as a, FakeChatServer(batching=timing) as b:
        eng = OpenAIEngine("echo", base_url=[a.url, b.url], concurrency=8, fail_limit=2, cooldown=60,
                           backoff=0.01, seed=0)
        killer = threading.Timer(0.4, a.kill)
        killer.start()
        got = list(eng.stream(reqs, sp))
        killer.join()
    ids = [comps[0].request_id for comps in got]
    assert sorted(ids) == sorted(r.id for r in reqs) and len(set(ids)) == len(ids)  # each request once
    for comps in got:
        assert [c.sample_index for c in comps] == [0, 1] and all(c.ok for c in comps), comps
    sa, sb = eng.stats["servers"][a.url], eng.stats["servers"][b.url]
    assert sa["ok"] > 0 and sa["errors"] > 0 and sa["cooldowns"] == 1  # it worked, then died, then was left alone
    assert sa["ok"] + sb["ok"] == 120 and eng.stats["failovers"] == sa["errors"]  # 120 answers: no sample twice


def test_generate_is_stream_in_request_order():
    reqs, sp = requests(25), SamplingParams(n=3, seed=0)
    with FakeChatServer(batching=Batching(slots=4, tokens_per_s=200_000, seed=2)) as srv:
        eng = OpenAIEngine("echo", base_url=srv.url, concurrency=4)
        streamed = {comps[0].request_id: comps for comps in eng.stream(reqs, sp)}
        out = eng.generate(reqs, sp)
    check_completions(reqs, sp, out)
    assert [c.text for r in reqs for c in streamed[r.id]] == [c.text for c in out]
    assert srv.max_in_flight <= 4


def test_whole_call_keeps_every_slot_busy():
    "No batch barrier: with more requests than slots, the server's slots stay full until the queue runs dry."
    timing = Batching(slots=6, tokens_per_s=40_000, median=2000, sigma=1.0, seed=5)
    reqs = requests(60)
    with FakeChatServer(batching=timing) as srv:
        eng = OpenAIEngine("echo", base_url=srv.url, concurrency=6)
        t0 = time.monotonic()
        list(eng.stream(reqs, SamplingParams()))
        took = time.monotonic() - t0
    ideal = ideal_makespan([timing.seconds(timing.length(r.messages[-1]["content"])) for r in reqs], 6)
    assert ideal / took > 0.6, (ideal, took)


def test_stream_in_processes_yields_each_request_once():
    reqs, sp = requests(30), SamplingParams(n=2, seed=1)
    with FakeChatServer(latency=0.01) as s1, FakeChatServer(latency=0.01) as s2:
        eng = OpenAIEngine("echo", base_url=[s1.url, s2.url], concurrency=4, processes=2)
        try:
            got = list(eng.stream(reqs, sp))
            out = eng.generate(reqs[:5], sp)
        finally:
            eng.close()
    assert sorted(c[0].request_id for c in got) == sorted(r.id for r in reqs)
    check_completions(reqs[:5], sp, out)
    assert eng.stats["calls"] == 10 and sum(s["ok"] for s in eng.stats["servers"].values()) == 10
