"The vllm engine's replicas, with a stand-in `vllm` command serving the test server: one replica killed mid-run loses and doubles nothing."
import os
import signal
import sys
import threading
from pathlib import Path

import pytest

import sky_t1
from sky_t1.engines import Request, SamplingParams, check_completions
from sky_t1.engines.vllm_engine import VLLMEngine

pytestmark = pytest.mark.timeout(90)

FAKE = """#!{python}
import os, signal, sys, time
sys.path.insert(0, {root!r})
from sky_t1.engines.testserver import Batching, FakeChatServer
args = sys.argv[1:]
opt = dict(zip(args[2::2], args[3::2]))
open(os.path.join({out!r}, "gpus." + opt["--port"]), "w").write(os.environ["CUDA_VISIBLE_DEVICES"])
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
timing = Batching(slots=int(opt["--max-num-seqs"]), tokens_per_s=40_000, seed=1)
with FakeChatServer(port=int(opt["--port"]), batching=timing, max_model_len=int(opt.get("--max-model-len", 32768))):
    while True:
        time.sleep(1)
"""


@pytest.fixture
def fake_vllm(tmp_path: Path) -> Path:
    exe = tmp_path / "vllm"
    exe.write_text(FAKE.format(python=sys.executable, root=str(Path(sky_t1.__file__).parent.parent), out=str(tmp_path)))
    exe.chmod(0o755)
    return exe


def test_replica_killed_mid_run(fake_vllm: Path):
    reqs = [Request.from_prompt(f"p{i}", f"problem {i}") for i in range(80)]
    sp = SamplingParams(n=2, seed=0)
    with VLLMEngine("m", tensor_parallel_size=1, replicas=3, max_num_seqs=8, gpus=["0", "1", "2"], vllm=str(fake_vllm),
                    fail_limit=2, cooldown=60, backoff=0.01) as eng:
        assert sorted((fake_vllm.parent / f"gpus.{p}").read_text() for p in eng.ports) == ["0", "1", "2"]
        victim = eng.procs[0]
        threading.Timer(0.5, lambda: os.kill(victim.pid, signal.SIGKILL)).start()
        got = list(eng.stream(reqs, sp))
    ids = [comps[0].request_id for comps in got]
    assert sorted(ids) == sorted(r.id for r in reqs) and len(set(ids)) == len(ids)
    assert all(c.ok for comps in got for c in comps)
    servers = list(eng.stats["servers"].values())
    assert sum(s["ok"] for s in servers) == 160  # each sample answered once
    assert servers[0]["errors"] > 0 and servers[0]["cooldowns"] == 1 and servers[1]["ok"] > 0 and servers[2]["ok"] > 0
    assert victim.poll() is not None


def test_prompt_over_the_context_is_a_recorded_failure(fake_vllm: Path):
    reqs = [Request.from_prompt("ok", "short"), Request.from_prompt("long", "w " * 30)]
    sp = SamplingParams(n=3, max_tokens=20)
    with VLLMEngine("m", max_model_len=40, gpus=["0"], vllm=str(fake_vllm)) as eng:
        out = eng.generate(reqs, sp)
    check_completions(reqs, sp, out)
    assert [c.ok for c in out] == [True] * 3 + [False] * 3
    assert all("prompt too long, not sent: 30 prompt tokens + max_tokens 20 > max_model_len 40" in c.error for c in out[3:])
    assert eng.stats["calls"] == 3 and eng.stats["too_long"] == 1  # never sent, never retried
