"""The evaluate stage: its metrics against closed forms, the stage end to end through the real
transformers engine (tiny random Qwen2 models saved to disk, one of them as the run's `model/`),
what `report.read_eval` makes of the summary, and resumption after `kill -9` without duplicates,
losses or regenerated samples."""
import json
import math
import os
import signal
import subprocess
import sys
import time
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest

from sky_t1.core import SkyT1Error, load_recipe
from sky_t1.engines import Completion
from sky_t1.evaluate import run_evaluate
from sky_t1.evaluate_bench import eval_path
from sky_t1.evaluate_stats import bootstrap_interval, paired_difference, pass_at_k, wilson_interval
from sky_t1.report import cost_table, differences_table, eval_table, published_table, read_eval, side_by_side
from sky_t1.rundir import RunDir
from sky_t1.store import RecordStore

HERE = Path(__file__).resolve().parent

BENCHMARKS = [
    {"name": "math500", "source": {"name": "math500", "data_files": ["package:samples/math500.jsonl"]}},
    {"name": "gpqa_diamond", "source": {"name": "gpqa_diamond", "data_files": ["package:samples/gpqa_diamond.jsonl"]}},
    {"name": "livecodebench_easy", "source": {"name": "livecodebench", "data_files": ["package:samples/livecodebench.jsonl"]}},
]


def recipe(models: dict, n: int = 2, compare=(), engine: str = "transformers", **sampling):
    "The samples recipe with an evaluate block on bundled real benchmark rows, and the published table."
    return load_recipe("samples", {
        "evaluate": {"models": models, "engine": engine, "batch_size": 8, "benchmarks": BENCHMARKS,
                     "sampling": {"temperature": 0.7, "max_tokens": 6, "n": n, "seed": 0} | sampling,
                     "pass_k": [k for k in (1, 2) if k <= n], "compare": [list(c) for c in compare], "bootstrap": 500},
        "verify": {"code_timeout": 2.0},
        "published": load_recipe("sky-t1-preview").published.model_dump(mode="json")})


# ---------------------------------------------------------------- metrics against closed forms

def test_pass_at_k_is_the_share_of_k_subsets_with_a_correct_sample():
    rng = np.random.default_rng(0)
    for _ in range(200):
        n = int(rng.integers(1, 9))
        c, k = int(rng.integers(0, n + 1)), int(rng.integers(1, n + 1))
        subsets = list(combinations(range(n), k))
        want = sum(any(i < c for i in s) for s in subsets) / len(subsets)
        assert pass_at_k(n, c, k) == pytest.approx(want, abs=1e-12)
    assert pass_at_k(10, 3, 1) == pytest.approx(0.3)
    assert pass_at_k(10, 3, 8) == 1.0  # only 7 wrong samples: any 8 hold a correct one
    assert pass_at_k(1000, 1, 500) == pytest.approx(0.5)


def test_wilson_interval_known_values_and_coverage():
    # Newcombe (1998), Statistics in Medicine 17:857, table II, method 3 (score interval)
    assert wilson_interval(81, 263) == pytest.approx((0.2553, 0.3662), abs=1e-4)
    assert wilson_interval(29, 29) == pytest.approx((0.8830, 1.0), abs=1e-4)
    lo, hi = wilson_interval(5, 10, 0.99)
    assert lo == pytest.approx(1 - hi) and hi - lo > wilson_interval(5, 10)[1] - wilson_interval(5, 10)[0]
    # coverage: the 95% interval holds the true p in about 95% of binomial draws
    rng = np.random.default_rng(1)
    hits = sum(lo <= 0.3 <= hi for lo, hi in (wilson_interval(int(x), 40) for x in rng.binomial(40, 0.3, 4000)))
    assert 0.93 < hits / 4000 < 0.97


def test_bootstrap_interval_matches_the_normal_interval_and_covers():
    rng = np.random.default_rng(2)
    x = rng.binomial(4, 0.4, 500) / 4
    lo, hi = bootstrap_interval(x, resamples=4000, seed=0)
    se = x.std(ddof=1) / math.sqrt(len(x))
    assert lo == pytest.approx(x.mean() - 1.96 * se, abs=0.004) and hi == pytest.approx(x.mean() + 1.96 * se, abs=0.004)
    covered = 0
    for s in range(300):
        y = rng.binomial(4, 0.4, 100) / 4
        lo, hi = bootstrap_interval(y, resamples=400, seed=s)
        covered += lo <= 0.4 <= hi
    assert 0.90 < covered / 300 < 0.98


def test_paired_difference_is_tighter_than_separate_intervals():
    rng = np.random.default_rng(3)
    easy = rng.random(300)
    b = {f"p{i}": list(rng.random(4) < easy[i]) for i in range(300)}
    a = {f"p{i}": list(rng.random(4) < min(1.0, easy[i] + 0.05)) for i in range(300)}
    d = paired_difference(a, b, resamples=2000, seed=0)
    mean_a = np.mean([np.mean(v) for v in a.values()])
    mean_b = np.mean([np.mean(v) for v in b.values()])
    assert d["difference"] == pytest.approx(mean_a - mean_b)
    assert d["excludes_zero"] and 0 < d["lo"] < d["difference"] < d["hi"]
    assert paired_difference(a, b, resamples=2000, seed=0) == d  # seeded
    with pytest.raises(SkyT1Error, match="both models answered"):
        paired_difference(a, {"other": [True]})


# ---------------------------------------------------------------- the stage with real engines

@pytest.fixture(scope="module")
def tiny_models(tmp_path_factory) -> tuple[Path, Path]:
    "Two tiny random Qwen2 models with a character tokenizer and chat template, saved as save_pretrained folders."
    from sky_t1.engines.hf import char_tokenizer, tiny_qwen2

    out = []
    for seed in (0, 1):
        d = tmp_path_factory.mktemp(f"tiny{seed}")
        tok = char_tokenizer()
        tiny_qwen2(tok, seed=seed).save_pretrained(d)
        tok.save_pretrained(d)
        out.append(d)
    return out[0], out[1]


def test_stage_end_to_end_with_the_transformers_engine(tmp_path, tiny_models):
    base, trained = tiny_models
    rec = recipe({"student (base)": str(base), "student (distilled)": "run:model"},
                 compare=[("student (distilled)", "student (base)")])
    run = RunDir.create(tmp_path / "run", rec)
    with pytest.raises(SkyT1Error, match="run the train stage first"):
        run_evaluate(rec, run, workers=2)
    assert run.manifest()["stages"]["evaluate"]["status"] == "failed"
    os.symlink(trained, run.file("model"))
    lines = []
    counts = run_evaluate(rec, run, progress=lines.append, workers=2)
    assert counts["samples"] == 2 * 2 * (5 + 3 + 1) and counts["samples_missing"] == 0
    assert run.manifest()["stages"]["evaluate"]["status"] == "done"
    assert any("student (distilled) / math500" in x for x in lines)

    summary = json.loads((run.file("eval") / "summary.json").read_text())
    assert summary["unit"] == "fraction" and summary["confidence"] == 0.95
    rows = {(r["model"], r["benchmark"]): r for r in summary["measured"]}
    assert len(rows) == 6 and not any(r["published"] for r in summary["measured"])
    r = rows["student (base)", "math500"]
    assert (r["problems"], r["n"], r["samples"]) == (5, 2, 10)
    assert set(r["pass@k"]) == {"1", "2"} and r["pass@k"]["1"] == r["avg@n"]
    assert r["avg@n"]["method"] == "bootstrap" and 0 <= r["avg@n"]["lo"] <= r["avg@n"]["value"] <= r["avg@n"]["hi"] <= 1
    assert 0 < r["mean_completion_tokens"] <= 6 and r["file"] == "eval/student-base/math500.jsonl"
    samples = list(RecordStore(run.path / r["file"]))
    assert len(samples) == 10 and all(s["detail"] in ("wrong", "no_answer") for s in samples)  # random models
    assert samples[0]["messages"][-1]["content"].startswith("Return your final response within \\boxed{}.")
    assert {s["engine"] for s in samples} == {"transformers"}
    code = list(RecordStore(eval_path(run, "student (distilled)", "livecodebench_easy")))
    assert {s["detail"] for s in code} <= {"no_code", "wrong", "runtime_error"}
    assert code[0]["messages"][-1]["content"].startswith("Generate an executable Python function")
    assert {(d["a"], d["b"], d["benchmark"]) for d in summary["differences"]} == {
        ("student (distilled)", "student (base)", b["name"]) for b in BENCHMARKS}
    pub = summary["published"]
    assert pub and all(p["published"] and p["unit"] == "percent" for p in pub)
    assert {"benchmark": "math500", "model": "Sky-T1-32B-Preview", "pass@1": 86.4}.items() <= next(
        p for p in pub if p["benchmark"] == "math500" and p["model"] == "Sky-T1-32B-Preview").items()

    # what the report reads: percent, intervals, differences, published apart, evaluation tokens
    ev = read_eval(run.path)
    t = eval_table(ev)
    assert list(t.columns) == ["problems", "samples/problem", "student (base)", "student (distilled)"]
    v = rows["student (distilled)", "gpqa_diamond"]["avg@n"]
    assert t.loc["gpqa_diamond", "student (distilled)"] == f"{100 * v['value']:.1f} [{100 * v['lo']:.1f}, {100 * v['hi']:.1f}]"
    assert int(t.loc["math500", "problems"]) == 5 and int(t.loc["math500", "samples/problem"]) == 2
    assert set(eval_table(ev, "pass@2").index) == {b["name"] for b in BENCHMARKS}
    d = differences_table(ev)
    assert len(d) == 3 and set(d["comparison"]) == {"student (distilled) − student (base)"}
    assert published_table(ev).loc["aime24", "QwQ-32B-Preview"] == 50.0
    assert list(side_by_side(ev).index) == [b["name"] for b in BENCHMARKS]  # all three are in the published table
    cost = cost_table(run.path).set_index("item")
    tokens = sum(r["mean_completion_tokens"] * r["samples"] for r in summary["measured"])
    assert cost.loc["evaluation completion tokens", "measured"] == round(tokens)

    # a rerun loads no model (the trained one is gone: it would fail if it tried) and writes the same summary
    os.unlink(run.file("model"))
    again = run_evaluate(rec, run, workers=2)
    assert again["samples_written_now"] == 0
    assert json.loads((run.file("eval") / "summary.json").read_text()) == summary

    # other sampling settings: the old samples are refused, not mixed in
    with pytest.raises(SkyT1Error, match="made with other settings"):
        run_evaluate(recipe({"student (base)": str(base), "student (distilled)": "run:model"}, max_tokens=7), run, workers=2)


def test_greedy_single_sample_uses_wilson(tmp_path, tiny_models):
    rec = recipe({"base": str(tiny_models[0])}, n=1, temperature=0.0)
    run = RunDir.create(tmp_path / "run", rec)
    run_evaluate(rec, run, workers=2)
    s = json.loads((run.file("eval") / "summary.json").read_text())
    r = next(x for x in s["measured"] if x["benchmark"] == "math500")
    assert r["avg@n"]["method"] == "wilson" and set(r["pass@k"]) == {"1"}
    assert (r["avg@n"]["lo"], r["avg@n"]["hi"]) == pytest.approx(wilson_interval(r["correct"], 5))


def test_a_benchmark_can_take_its_own_samples_per_problem(tmp_path):
    "`benchmarks[i].n` overrides `sampling.n` for that benchmark alone: asked, stored, summarised, planned, hashed."
    from sky_t1.plan import plan_recipe
    rec = recipe({"a": "x", "b": "y"}, n=2, compare=[("a", "b")])
    raw = rec.model_dump(mode="json")
    raw["evaluate"]["benchmarks"][0]["n"] = 5  # math500: 5 problems x 5 samples
    rec = type(rec).model_validate(raw)
    run, log = RunDir.create(tmp_path / "run", rec), tmp_path / "asked.jsonl"
    counts = run_evaluate(rec, run, engine_factory=lambda label, model: SlowOracle(str(log), 0.0, label), workers=1)
    asked = {(label, pid): n for line in log.read_text().splitlines() for label, pid, n in json.loads(line)}
    assert sorted(set(asked.values())) == [2, 5] and sum(n == 5 for n in asked.values()) == 2 * 5  # math500's, both models
    assert counts["samples"] == 2 * (5 * 5 + 2 * (3 + 1)) and counts["samples_missing"] == 0
    summary = json.loads((run.file("eval") / "summary.json").read_text())
    n_of = {(r["model"], r["benchmark"]): (r["n"], r["samples"]) for r in summary["measured"]}
    assert n_of["a", "math500"] == (5, 25) and n_of["b", "gpqa_diamond"] == (2, 6)
    # the oracle is right on its even samples: 3 of 5 where 5 are asked
    assert next(r for r in summary["measured"] if r["benchmark"] == "math500")["avg@n"]["value"] == 0.6
    ev = next(s for s in plan_recipe(rec)["stages"] if s["stage"] == "evaluate")
    assert [b["samples_per_problem"] for b in ev["benchmarks"]] == [5, 2, 2] and ev["samples"] == counts["samples"]
    # another n for one benchmark: its old samples are refused, not mixed in
    raw["evaluate"]["benchmarks"][0]["n"] = 3
    with pytest.raises(SkyT1Error, match="made with other settings"):
        run_evaluate(type(rec).model_validate(raw), run, engine_factory=lambda label, model: SlowOracle(str(log), 0.0, label))


def test_recipe_checks_compare_labels():
    with pytest.raises(SkyT1Error, match="not in models"):
        recipe({"a": "x"}, compare=[("a", "b")])


# ---------------------------------------------------------------- kill -9 and resume

class SlowOracle:
    "A scripted engine: boxes the gold answer on even samples, sleeps per call, logs what it was asked."
    name, model = "scripted", "slow-oracle"

    def __init__(self, log: str, delay: float, label: str):
        from sky_t1.problems import load_problems
        self.log, self.delay, self.label, self.answers = log, delay, label, {}
        for b in BENCHMARKS:
            s = b["source"]
            for p in load_problems(s["name"], s["data_files"])[0]:
                self.answers[p.id] = p.answer or "0"

    def generate(self, requests, sampling):
        time.sleep(self.delay)
        with open(self.log, "a") as f:
            f.write(json.dumps([[self.label, r.id, sampling.n] for r in requests]) + "\n")
        return [Completion(r.id, j, f"\\boxed{{{self.answers[r.id] if j % 2 == 0 else 'nope'}}}", "stop", 5, 3, 0.0,
                           None, self.model, self.name) for r in requests for j in range(sampling.n)]


CHILD = """
import sys
sys.path.insert(0, {here!r})
from test_evaluate import SlowOracle, recipe
from sky_t1.evaluate import run_evaluate
from sky_t1.rundir import RunDir
rec = recipe({{"a": "x", "b": "y"}}, n=4, compare=[("a", "b")])
run = RunDir.create({run!r}, rec)
run_evaluate(rec, run, engine_factory=lambda label, model: SlowOracle({log!r}, {delay}, label), workers=1)
"""


def _child(run: Path, log: Path, delay: float) -> subprocess.Popen:
    code = CHILD.format(here=str(HERE), run=str(run), log=str(log), delay=delay)
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=os.environ | {"PYTHONPATH": os.pathsep.join(sys.path)})


@pytest.mark.slow
def test_kill_9_then_rerun_neither_duplicates_nor_drops_nor_regenerates(tmp_path):
    run, log = tmp_path / "run", tmp_path / "asked.jsonl"
    first = eval_path(RunDir(run), "a", "math500")
    proc = _child(run, log, delay=0.25)
    deadline = time.time() + 60
    while time.time() < deadline and not (first.exists() and first.stat().st_size > 0):
        time.sleep(0.05)
    assert proc.poll() is None, proc.communicate()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stored_before = {(r["problem_id"], r["sample_index"]) for r in RecordStore(first)}
    assert stored_before and len(stored_before) < 4 * 5
    asked_before = log.read_text().count("\n")

    proc = _child(run, log, delay=0.0)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()[-2000:]
    asks = [json.loads(x) for x in log.read_text().splitlines()[asked_before:]]
    asked_now = [(pid, n) for call in asks for label, pid, n in call if label == "a"]
    # what was stored before the kill is not asked for again: only the missing samples are generated
    done = {pid for pid, _ in stored_before}
    assert all(sum(1 for p, _ in stored_before if p == pid) == 4 for pid in done)  # a call's samples land together
    assert not done & {pid for pid, _ in asked_now if pid.startswith("math500/")}
    assert sum(n for pid, n in asked_now if pid.startswith("math500/")) == 4 * 5 - len(stored_before)
    for label in ("a", "b"):
        for b in BENCHMARKS:
            rows = list(RecordStore(eval_path(RunDir(run), label, b["name"])))  # raises on a duplicate key
            keys = [(r["problem_id"], r["sample_index"]) for r in rows]
            assert len(keys) == len(set(keys)) and len({k[0] for k in keys}) * 4 == len(keys)
    summary = json.loads((run / "eval" / "summary.json").read_text())
    assert all(r["samples_missing"] == 0 for r in summary["measured"])
    m = next(r for r in summary["measured"] if (r["model"], r["benchmark"]) == ("a", "math500"))
    assert m["avg@n"]["value"] == pytest.approx(0.5) and m["pass@k"]["2"]["value"] == pytest.approx(1 - 1 / 6)
