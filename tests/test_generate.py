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
@pytest.mark.serial  # a local Ray instance: alone
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


class _Server:
    "A stand-in server: `ignores` sampling settings (every sample the same text), or honours them (each sample differs)."
    name, model = "stand-in", "teacher"

    def __init__(self, ignores: bool):
        self.ignores = ignores

    def generate(self, requests, sampling):
        from sky_t1.engines import Completion
        return [Completion(r.id, j, "the same trace \\boxed{1}" if self.ignores else f"trace {j} \\boxed{{{j}}}",
                           "stop", 5, 5, 0.0, None, self.model, self.name) for r in requests for j in range(sampling.n)]


@pytest.mark.parametrize("ignores", [True, False])
def test_a_server_ignoring_the_temperature_is_caught_by_the_stage(tmp_path, ignores):
    import warnings

    from sky_t1.core import load_recipe
    from sky_t1.rundir import RunDir
    from sky_t1.stages import stage

    recipe = load_recipe("nano", {"problems.sources": [{"name": "nano", "split": "train",
                                                        "options": {"math": 4, "code": 0, "seed": 0}}],
                                  "teacher.sampling.n": 3, "teacher.sampling.temperature": 0.7})
    run = RunDir.create(tmp_path / "run", recipe)
    stage("problems").function()(recipe, run)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        counts = stage("generate").function()(recipe, run, engine=_Server(ignores))
    said = [str(w.message) for w in caught if "identical samples" in str(w.message)]
    div = run.manifest()["stages"]["generate"]["counts"]["diversity"]  # recorded with the stage
    assert div == counts["diversity"]
    if ignores:
        assert div == {"problems_checked": 4, "all_identical": 4, "mean_distinct_fraction": round(1 / 3, 4)}
        assert said and "4 of 4 problems got 3 identical samples at temperature 0.7" in said[0]
        assert counts["warning"] == said[0]
    else:
        assert div["all_identical"] == 0 and div["mean_distinct_fraction"] == 1.0 and not said
