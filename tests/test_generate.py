"The generate stage with a real engine: kill -9 and resume, and the Ray path against the plain one."
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from sky_t1.engines import SamplingParams, make_engine
from sky_t1.engines.hf import char_tokenizer, tiny_qwen2
from sky_t1.generate import generate, generate_ray
from sky_t1.problem import Problem
from sky_t1.store import RecordStore

TEMPLATES = {"math": "Q: {question}"}


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    "A tiny random Qwen2 with a character tokenizer, saved like any local model."
    path = tmp_path_factory.mktemp("model")
    tok = char_tokenizer()
    tiny_qwen2(tok, seed=0).save_pretrained(path)
    tok.save_pretrained(path)
    return str(path)


def problems(n):
    return [Problem(id=f"t/{i}", source="t", domain="math", question=f"{i}+{i}", answer=str(2 * i)) for i in range(n)]


def rows_without_timing(store):
    return sorted((r["problem_id"], r["sample_index"], r["response"], r["completion_tokens"]) for r in store)


CHILD = """
import sys
from sky_t1.engines import SamplingParams, make_engine
from sky_t1.generate import generate
from sky_t1.problem import Problem
from sky_t1.store import RecordStore
model, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
ps = [Problem(id=f"t/{i}", source="t", domain="math", question=f"{i}+{i}", answer=str(2 * i)) for i in range(n)]
generate(ps, make_engine("transformers", model, batch_size=4), SamplingParams(n=2, max_tokens=12, temperature=0),
         RecordStore(out), {"math": "Q: {question}"}, "sys", batch_size=2)
"""


@pytest.mark.slow
def test_kill_9_then_resume_no_loss_no_duplicate(tmp_path, tiny_model):
    n = 24
    ref = RecordStore(tmp_path / "ref.jsonl")
    generate(problems(n), make_engine("transformers", tiny_model, batch_size=4),
             SamplingParams(n=2, max_tokens=12, temperature=0), ref, TEMPLATES, "sys", batch_size=2)
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    out = tmp_path / "gen.jsonl"
    kills = 0
    for delay in (2.0, 3.0, 4.0):
        p = subprocess.Popen([sys.executable, script, tiny_model, out, str(n)], stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if p.poll() is None:
            os.kill(p.pid, signal.SIGKILL)
            kills += 1
        p.wait()
    subprocess.run([sys.executable, script, tiny_model, out, str(n)], check=True, capture_output=True, timeout=300)
    lines = out.read_text().splitlines()
    keys = [(json.loads(x)["problem_id"], json.loads(x)["sample_index"]) for x in lines]
    assert kills >= 1
    assert len(keys) == len(set(keys)) == 2 * n  # nothing lost, nothing twice
    assert rows_without_timing(RecordStore(out)) == rows_without_timing(ref)  # greedy: the same samples


@pytest.mark.slow
def test_ray_path_gives_the_same_rows(tmp_path, tiny_model):
    ray = pytest.importorskip("ray")
    sampling = SamplingParams(n=2, max_tokens=10, temperature=0)
    plain = RecordStore(tmp_path / "plain.jsonl")
    generate(problems(8), make_engine("transformers", tiny_model), sampling, plain, TEMPLATES, "sys")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    try:
        viaray = RecordStore(tmp_path / "ray.jsonl")
        counts = generate_ray(problems(8), lambda: make_engine("transformers", tiny_model), sampling, viaray,
                              TEMPLATES, "sys", num_actors=2, batch_size=3)
    finally:
        ray.shutdown()
    assert counts["samples_written_now"] == 16
    assert rows_without_timing(viaray) == rows_without_timing(plain)
    assert [r["messages"] for r in sorted(viaray, key=lambda r: r["problem_id"])][0][0] == {"role": "system", "content": "sys"}
