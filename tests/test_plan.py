"`sky-t1 run RECIPE --plan`: the published recipe's plan and cost, printed offline, nothing run or written."
import subprocess
import sys
from pathlib import Path

import pytest

from sky_t1.core import load_recipe
from sky_t1.plan import format_plan, plan_recipe

SKY_T1 = str(Path(sys.executable).parent / "sky-t1")


@pytest.mark.slow
def test_published_plan_prints_offline_and_writes_nothing(tmp_path):
    out = subprocess.run(["unshare", "-n", SKY_T1, "run", "sky-t1-preview", "--plan"], capture_output=True, text=True,
                         cwd=tmp_path, timeout=120)
    if out.returncode != 0 and "unshare" in out.stderr:  # no network namespaces here: run it plainly
        out = subprocess.run([SKY_T1, "run", "sky-t1-preview", "--plan"], capture_output=True, text=True, cwd=tmp_path,
                             timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    text = out.stdout
    for needle in ("Qwen/QwQ-32B-Preview", "Qwen/Qwen2.5-32B-Instruct", "hub AI-MO/NuminaMath-CoT", "hub BAAI/TACO",
                   "17,000 rows (published)", "534 optimizer steps", "accumulation 12 on 8 H100s",
                   "152.00 GPU-hours, 449.92 USD (published: 152.00 GPU-hours, 450.00 USD)", "max_tokens 16,384"):
        assert needle in text, needle
    assert list(tmp_path.iterdir()) == []  # no run directory, no file


def test_plan_counts_what_loads_offline_and_uses_a_run_directory(tmp_path):
    plan = plan_recipe("nano")
    gen = next(s for s in plan["stages"] if s["stage"] == "generate")
    n = load_recipe("nano").teacher.sampling.n  # samples a problem: the recipe's
    assert plan["stages"][0]["problems"] == 1560 and gen["samples"] == 1560 * n
    run = tmp_path / "run"
    run.mkdir()
    (run / "problems.jsonl").write_text('{"id": "a"}\n{"id": "b"}\n')
    plan = plan_recipe("nano", run)
    assert plan["stages"][0]["problems"] == 2 and "counted in" in plan["stages"][0]["how"]


def test_cost_model_follows_the_assumptions():
    t1 = next(s for s in plan_recipe("sky-t1-preview", mfu=0.2)["stages"] if s["stage"] == "train")
    t2 = next(s for s in plan_recipe("sky-t1-preview", mfu=0.4)["stages"] if s["stage"] == "train")
    assert abs(t1["cost_at_mfu"]["gpu_hours"] / t2["cost_at_mfu"]["gpu_hours"] - 2) < 1e-9
    t3 = next(s for s in plan_recipe("sky-t1-preview", row_tokens=8000, mfu=0.2)["stages"] if s["stage"] == "train")
    flops = t3["cost_at_mfu"]["flops_per_token"] / t1["cost_at_mfu"]["flops_per_token"]  # longer rows: more attention FLOPs
    assert 1 < flops < 1.05 and abs(t3["cost_at_mfu"]["usd"] / t1["cost_at_mfu"]["usd"] - 2 * flops) < 1e-9


def test_plan_states_every_output_cap():
    "generate, reformat and evaluate each state their cap; null is resolved, or said to be read at run time (never 1024)."
    text = format_plan(plan_recipe("sky-t1-preview"))
    caps = [line for line in text.splitlines() if line.startswith("  output cap: ")]
    assert caps == ["  output cap: 16,384 tokens per sample (teacher.sampling.max_tokens)",
                    "  output cap: 16,384 tokens per sample (reformat.sampling.max_tokens)",
                    "  output cap: max_tokens null: up to the context of 32,768 tokens (evaluate.max_model_len) minus the prompt"]
    assert "1,024" not in text and "1024" not in text
    rec = load_recipe("sky-t1-preview", {"evaluate.max_model_len": None, "reformat.sampling": None})
    stages = {s["stage"]: s for s in plan_recipe(rec)["stages"]}
    assert "read from the model's config at run time" in stages["evaluate"]["output_cap"]["how"]
    assert stages["evaluate"]["output_cap"]["at_most"] is None
    assert "server applies the model's own limit" in stages["reformat"]["output_cap"]["how"]


def test_plan_reads_a_local_model_config(tmp_path):
    (tmp_path / "config.json").write_text('{"max_position_embeddings": 2048}')
    rec = load_recipe("nano", {"evaluate.sampling.max_tokens": None, "evaluate.models": {"local": str(tmp_path)},
                               "evaluate.compare": []})
    ev = next(s for s in plan_recipe(rec)["stages"] if s["stage"] == "evaluate")
    assert ev["output_cap"]["at_most"] == 2048 and "the local model config" in ev["output_cap"]["how"]
