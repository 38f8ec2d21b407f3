"The openai engine against a local server that fails on purpose: nothing lost or duplicated, retries as promised, no key leaks."
import asyncio
import json
import logging
import pickle
import socket
import time
from collections import Counter

import pytest

from sky_t1.engines import Request, SamplingParams, check_completions, make_engine
from sky_t1.engines.openai_engine import OpenAIEngine
from sky_t1.engines.testserver import FAULTS, FakeChatServer, Faults

KEY_ENV = "SKY_T1_TEST_OPENAI_KEY"
KEY = "sk-test-9f8e7d6c5b4a39281706"
pytestmark = pytest.mark.timeout(30)


TRANSPORT = {"now": "auto"}


@pytest.fixture(autouse=True)
def api_key(monkeypatch):
    monkeypatch.setenv(KEY_ENV, KEY)


@pytest.fixture(autouse=True, params=["auto", "openai"])
def transport(request):
    "Every test twice: the lean path (auto, for these http:// servers) and the openai client's."
    TRANSPORT["now"] = request.param
    yield request.param
    TRANSPORT["now"] = "auto"


def engine(url: str, **kw) -> OpenAIEngine:
    opts = dict(base_url=url, api_key_env=KEY_ENV, concurrency=16, timeout=0.5, max_attempts=10, backoff=0.05,
                max_wait=2.0, seed=0, transport=TRANSPORT["now"]) | kw
    return make_engine("openai", "echo", **opts)


def requests(k: int) -> list[Request]:
    return [Request.from_prompt(f"p{i}", f"problem {i}", system="think") for i in range(k)]


def test_every_request_ends_once_under_faults(caplog):
    "35% of attempts fail in every way; each (request, sample) still ends as exactly one completion, none duplicated."
    caplog.set_level(logging.DEBUG)
    reqs, sp = requests(60), SamplingParams(temperature=0.6, max_tokens=50, n=2, seed=100)
    with FakeChatServer(Faults(rate=0.35, seed=1, retry_after=1, hang=3), api_key=KEY) as srv:
        eng = engine(srv.url)
        t0 = time.monotonic()
        out = eng.generate(reqs, sp)
        elapsed = time.monotonic() - t0
    check_completions(reqs, sp, out)
    assert all(c.ok for c in out), [c.error for c in out if not c.ok]
    for c in out:  # the right sample of the right request, with the right seed and token counts
        assert c.text == f"echo: problem {c.request_id[1:]} t=0.6 seed={100 + c.sample_index} choice=0"
        assert (c.prompt_tokens, c.completion_tokens, c.finish_reason) == (3, 6, "stop")
        assert c.seconds > 0 and (c.model, c.engine) == ("echo", "openai")
    # exactly one successful server answer per completion: no sample was answered twice
    answered = Counter((e["key"], e["seed"]) for e in srv.log if e["fault"] is None)
    assert sorted(answered.values()) == [1] * len(out)
    faults = Counter(e["fault"] for e in srv.log if e["fault"])
    assert set(faults) == set(FAULTS), faults
    assert eng.stats["retries"] == sum(faults.values()) and eng.stats["calls"] == len(srv.log)
    assert elapsed < 20
    assert KEY not in caplog.text


def test_retry_after_is_honoured():
    "A 429's Retry-After is waited out before the next attempt of that sample."
    reqs, sp = requests(16), SamplingParams(max_tokens=20, seed=0)
    with FakeChatServer(Faults(rate=0.3, kinds=("429",), seed=3, retry_after=1)) as srv:
        out = engine(srv.url, backoff=0.01).generate(reqs, sp)
    check_completions(reqs, sp, out)
    assert all(c.ok for c in out)
    gaps = []
    for key, seed in {(e["key"], e["seed"]) for e in srv.log}:
        tries = srv.attempts(key, seed)
        assert [e["attempt"] for e in tries] == list(range(len(tries)))
        gaps += [b["t"] - a["t"] for a, b in zip(tries, tries[1:], strict=False) if a["fault"] == "429"]
    assert len(gaps) >= 3 and min(gaps) >= 1.0, gaps
    assert max(gaps) < 1.0 * 1.1 + 1.0  # Retry-After plus at most 10% jitter (and the time to answer)


def test_retry_after_longer_than_max_wait_is_capped():
    with FakeChatServer(Faults(rate=1.0, kinds=("429",), retry_after=30)) as srv:
        t0 = time.monotonic()
        out = engine(srv.url, max_attempts=2, max_wait=0.2).generate(requests(1), SamplingParams())
    assert time.monotonic() - t0 < 2
    assert out[0].error.startswith("after 2 attempt(s): RateLimitError")


@pytest.mark.parametrize("kind, attempts", [("500", 3), ("malformed", 3), ("drop", 3), ("400", 1)])
def test_failing_request_is_recorded_not_raised(kind, attempts):
    "A request that fails every attempt ends as failed completions after max_attempts (a 400 after one); the others succeed."
    reqs = [Request.from_prompt("bad", f"[always:{kind}] x"), *requests(3)]
    sp = SamplingParams(n=2, max_tokens=10)
    with FakeChatServer(api_key=KEY) as srv:
        out = engine(srv.url, max_attempts=3).generate(reqs, sp)
        tries = srv.attempts(f"[always:{kind}] x")
    check_completions(reqs, sp, out)
    bad = [c for c in out if c.request_id == "bad"]
    assert all(not c.ok and c.text == "" and c.finish_reason is None for c in bad)
    assert all(c.error.startswith(f"after {attempts} attempt(s): ") for c in bad)
    assert len(tries) == 2 * attempts
    assert all(c.ok for c in out if c.request_id != "bad")


def test_hang_times_out_each_attempt():
    "A server that never answers costs `timeout` per attempt, then a recorded error."
    with FakeChatServer(Faults(hang=10)) as srv:
        t0 = time.monotonic()
        out = engine(srv.url, timeout=0.3, max_attempts=2).generate([Request.from_prompt("h", "[always:hang]")],
                                                                     SamplingParams())
        elapsed = time.monotonic() - t0
    assert 0.6 <= elapsed < 3
    assert "TimeoutError: no answer within 0.3 s" in out[0].error


def test_no_server_at_all():
    "A refused connection is retried, then recorded."
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = engine(f"http://127.0.0.1:{port}/v1", max_attempts=2).generate(requests(2), SamplingParams(n=2))
    assert len(out) == 4 and all("after 2 attempt(s): APIConnectionError" in c.error for c in out)


def test_wrong_key_is_not_retried_and_not_leaked():
    with FakeChatServer(api_key="sk-the-right-one-123456") as srv:
        eng = engine(srv.url)
        out = eng.generate(requests(2), SamplingParams())
        assert len(srv.log) == 0  # refused before logging: one attempt each, no retry
    assert all(c.error.startswith("after 1 attempt(s): AuthenticationError") for c in out)


def test_api_key_is_never_stored_or_serialised(caplog):
    caplog.set_level(logging.DEBUG)
    with FakeChatServer(Faults(rate=0.3, kinds=("500", "429"), retry_after=0.1), api_key=KEY) as srv:
        eng = engine(srv.url, max_attempts=3)
        out = eng.generate(requests(10) + [Request.from_prompt("x", "[always:500]")], SamplingParams(n=2))
    assert any(not c.ok for c in out)
    for c in out:
        assert KEY not in json.dumps(c.to_dict())
    assert KEY not in repr(eng) and KEY not in repr(vars(eng)) and KEY.encode() not in pickle.dumps(eng)
    assert KEY not in caplog.text


def test_concurrency_is_bounded():
    with FakeChatServer(latency=0.05) as srv:
        out = engine(srv.url, concurrency=4).generate(requests(20), SamplingParams(n=2))
        assert srv.max_in_flight == 4
    assert len(out) == 40 and all(c.ok for c in out)


def test_api_n_is_one_call_per_request():
    sp = SamplingParams(n=3, max_tokens=100, seed=9)
    with FakeChatServer() as srv:
        out = engine(srv.url, use_n=True).generate(requests(4), sp)
        assert [e["n"] for e in srv.log] == [3] * 4
    check_completions(requests(4), sp, out)
    assert [c.text.split()[-1] for c in out[:3]] == ["choice=0", "choice=1", "choice=2"]
    assert sum(c.completion_tokens for c in out[:3]) == 3 * 6


def test_stop_and_length():
    with FakeChatServer() as srv:
        eng = engine(srv.url)
        short = eng.generate(requests(1), SamplingParams(max_tokens=2))[0]
        stopped = eng.generate(requests(1), SamplingParams(stop=[" t="]))[0]
    assert (short.text, short.finish_reason, short.completion_tokens) == ("echo: problem", "length", 2)
    assert (stopped.text, stopped.finish_reason) == ("echo: problem 0", "stop")


def test_generate_inside_a_running_loop():
    async def main():
        with FakeChatServer() as srv:
            eng = engine(srv.url)
            return eng.generate(requests(3), SamplingParams()), await eng.agenerate(requests(2), SamplingParams())
    a, b = asyncio.run(main())
    assert len(a) == 3 and len(b) == 2 and all(c.ok for c in a + b)


def test_official_api_needs_a_key(monkeypatch):
    monkeypatch.delenv("SKY_T1_TEST_UNSET_KEY", raising=False)
    with pytest.raises(Exception, match="set the environment variable SKY_T1_TEST_UNSET_KEY"):
        OpenAIEngine("gpt-4o-mini", api_key_env="SKY_T1_TEST_UNSET_KEY")
    assert OpenAIEngine("m", base_url="http://127.0.0.1:1/v1", api_key_env="SKY_T1_TEST_UNSET_KEY").model == "m"


def test_worker_processes_give_the_same_rows_under_faults():
    "processes=2: requests dealt to two client processes; every (request, sample) once, in order, failures recorded."
    reqs = requests(41) + [Request.from_prompt("down", "[always:500] q")]
    sp = SamplingParams(temperature=0.6, max_tokens=50, n=2, seed=7)
    with FakeChatServer(Faults(rate=0.3, seed=2, retry_after=0.2, hang=1.5), api_key=KEY) as srv:
        eng = engine(srv.url, processes=2, max_attempts=6)
        try:
            out = eng.generate(reqs, sp)
            stats = dict(eng.stats)  # summed over both processes
            again = eng.generate(reqs[:3], sp)  # the pool is reused
        finally:
            eng.close()
    check_completions(reqs, sp, out)
    check_completions(reqs[:3], sp, again)
    assert [c.request_id for c in out if not c.ok] == ["down", "down"]
    for c in out[:-2]:
        assert c.text == f"echo: problem {c.request_id[1:]} t=0.6 seed={7 + c.sample_index} choice=0"
    assert stats["failed"] == 2 and stats["retries"] > 0 and stats["calls"] >= 84
    answered = Counter((e["key"], e["seed"]) for e in srv.log if e["fault"] is None)
    assert max(answered.values()) == 2  # the first three requests were answered once per call, no sample twice within one
    assert KEY not in pickle.dumps(eng).decode("latin-1")
