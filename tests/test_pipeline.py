"`sky-t1 run`: the stage notebooks executed by papermill, skip / resume / rerun-from-the-first-change, failures shown."
import json

import nbformat
import pytest
import yaml

from sky_t1.core import SkyT1Error, load_recipe
from sky_t1.pipeline import pipeline_dir, plan_run, run_pipeline
from sky_t1.rundir import RunDir
from sky_t1.stages import STAGES

DATA = ["problems", "generate", "verify", "reformat", "curate", "export"]


def small_nano(tmp_path, **overrides) -> str:
    "The nano recipe on a few problems (the real cached nano teacher), written as a recipe file."
    rec = load_recipe("nano", {"problems.sources": [{"name": "nano", "split": "train", "options": {"math": 10, "code": 2, "seed": 1}}],
                               "teacher.sampling.n": 2} | overrides)
    path = tmp_path / f"nano-small-{len(list(tmp_path.glob('nano-small-*')))}.yaml"
    path.write_text(yaml.safe_dump(rec.model_dump(mode="json"), sort_keys=False))
    return str(path)


def test_every_stage_notebook_has_a_parameters_cell():
    for s in STAGES:
        nb = nbformat.read(pipeline_dir() / s.notebook, as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1 and "recipe" in tagged[0].source and "run_dir" in tagged[0].source, s.notebook


@pytest.mark.slow
def test_run_skips_what_is_done_and_reruns_from_the_first_change(tmp_path):
    run_dir = tmp_path / "run"
    lines = []
    recipe = small_nano(tmp_path)
    out = run_pipeline(recipe, run_dir, log=lines.append, progress_bar=False, until="export")
    assert list(out["stages"]) == DATA and all(v.startswith("done") for v in out["stages"].values())
    run = RunDir(run_dir)
    stages = run.manifest()["stages"]
    assert all(stages[s]["status"] == "done" and stages[s]["pipeline_hash"] for s in DATA)
    for s in STAGES[:6]:  # the executed copies, with their outputs, are kept in the run
        nb = nbformat.read(run_dir / "notebooks" / s.notebook, as_version=4)
        assert any(c.get("outputs") for c in nb.cells if c.cell_type == "code")
    exported = json.loads(run.file("sft").read_text())
    assert len(exported) == stages["export"]["counts"]["rows"] > 0

    # the same recipe again: nothing runs
    lines.clear()
    again = run_pipeline(recipe, run_dir, log=lines.append, progress_bar=False, until="export")
    assert set(again["stages"].values()) == {"skipped"}

    # a curation change: the stages before it are skipped, curate and export rerun, old outputs moved aside
    changed = small_nano(tmp_path, **{"curate.max_samples_per_problem": 1})
    assert [p["action"] for p in plan_run(load_recipe(changed), run)] == ["skip"] * 4 + ["rerun"] * 2 + ["run"] * 3
    lines.clear()
    with pytest.raises(SkyT1Error, match="differs"):  # never silently: the change is asked for
        run_pipeline(changed, run_dir, log=lines.append, progress_bar=False, until="export")
    third = run_pipeline(changed, run_dir, log=lines.append, progress_bar=False, until="export", rerun_changed=True)
    assert [k for k, v in third["stages"].items() if v == "skipped"] == DATA[:4]
    moved = list((run_dir / "superseded").iterdir())
    assert len(moved) == 1 and (moved[0] / "curated.jsonl").exists() and (moved[0] / "sft" / "train.json").exists()
    assert set(json.loads((moved[0] / "manifest.stages.json").read_text())) == {"curate", "export"}
    kept = [json.loads(x) for x in run.file("curated").read_text().splitlines()]
    per_problem = {}
    for r in kept:
        per_problem[r["problem_id"]] = per_problem.get(r["problem_id"], 0) + 1
    assert kept and max(per_problem.values()) == 1
    assert len(json.loads(run.file("sft").read_text())) == len(kept)


@pytest.mark.slow
def test_a_failing_stage_stops_the_run_and_shows_the_cell(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"problem": "1+1?", "answer": "2"}\n{"problem": "broken\n')
    recipe = small_nano(tmp_path, **{"problems.on_invalid_row": "error",
                                     "problems.sources": [{"name": "math500", "data_files": [str(bad)]}]})
    with pytest.raises(SkyT1Error) as e:
        run_pipeline(recipe, tmp_path / "run", log=lambda _: None, progress_bar=False)
    msg = str(e.value)
    assert "stage problems failed" in msg and "run_problems" in msg and "bad.jsonl" in msg and ":2" in msg
    run = RunDir(tmp_path / "run")
    assert run.manifest()["stages"]["problems"]["status"] == "failed"
    assert (tmp_path / "run" / "notebooks" / "01_problems.ipynb").exists()
    assert "generate" not in run.manifest()["stages"]  # the run stopped there


def test_until_names_a_stage_of_the_recipe(tmp_path):
    with pytest.raises(SkyT1Error, match="has the stages problems, report"):
        run_pipeline("samples", tmp_path / "run", until="train")


@pytest.mark.slow
def test_sky_t1_run_killed_mid_stage_resumes_without_loss_or_duplicates(tmp_path):
    "kill -9 of `sky-t1 run` (and its kernel) during generate; the rerun skips what was done and completes the rest."
    import os
    import signal
    import subprocess
    import sys
    import time

    recipe = small_nano(tmp_path, **{"problems.sources": [{"name": "nano", "split": "train",
                                                      "options": {"math": 60, "code": 4, "seed": 2}}],
                                     "teacher.problems_per_call": 4})
    run_dir = tmp_path / "run"
    from pathlib import Path
    cmd = [str(Path(sys.executable).parent / "sky-t1"), "run", recipe, "--run-dir", str(run_dir), "--until", "export",
           "--option", "verify.workers=2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    gens = run_dir / "generations.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if gens.exists() and gens.stat().st_size > 0:
            break
        time.sleep(0.05)
    assert proc.poll() is None, proc.stdout.read().decode()
    os.killpg(proc.pid, signal.SIGKILL)  # the CLI and the papermill kernel, mid-generate
    proc.wait()
    run = RunDir(run_dir)
    assert run.manifest()["stages"]["generate"]["status"] in ("running", "pending")
    before = len(list(run.store("generations")))
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "[problems] skip" in out.stderr and "[generate] resume" in out.stderr
    rows = [json.loads(x) for x in gens.read_text().splitlines()]
    keys = [(r["problem_id"], r["sample_index"]) for r in rows]
    assert len(keys) == len(set(keys)) == 64 * 2 >= before
    stages = run.manifest()["stages"]
    assert all(stages[s]["status"] == "done" for s in DATA)
    assert out.stdout.strip().splitlines()[-1].endswith("manifest.json")


def test_stage_wall_time_is_measured_around_the_whole_call_and_summed_over_attempts(tmp_path, monkeypatch):
    "`wall_s`: each attempt timed around the executor call (a kernel's start included), summed when a stage resumes."
    import time

    import sky_t1.pipeline as pipeline

    calls = []
    def executor(stage_, run, recipe_file, options=None, progress_bar=False):  # stands for pm.execute_notebook
        calls.append(stage_.name)
        time.sleep(0.3)  # the kernel's start and imports: time the stage function never sees
        if len(calls) == 1:
            raise SkyT1Error("the kernel died")
        stage_.function()(load_recipe(run.file("recipe")), run)
    monkeypatch.setattr(pipeline, "execute_stage", executor)
    with pytest.raises(SkyT1Error, match="the kernel died"):
        run_pipeline("samples", tmp_path / "run", log=lambda _: None, progress_bar=False, until="problems")
    st = RunDir(tmp_path / "run").manifest()["stages"]["problems"]
    assert [a["outcome"] for a in st["wall_s_attempts"]] == ["failed"] and st["wall_s"] >= 0.3
    out = run_pipeline("samples", tmp_path / "run", log=lambda _: None, progress_bar=False, until="problems")
    st = RunDir(tmp_path / "run").manifest()["stages"]["problems"]
    assert [a["outcome"] for a in st["wall_s_attempts"]] == ["failed", "done"]
    assert st["wall_s"] == round(sum(a["wall_s"] for a in st["wall_s_attempts"]), 3) >= 0.6
    assert st["wall_s_attempts"][1]["wall_s"] >= st["wall_seconds"] + 0.3  # more than the stage timed itself
    assert out["stages"]["problems"] == f"done in {st['wall_s_attempts'][1]['wall_s']:.1f} s"


@pytest.mark.slow
def test_notebook_stage_wall_time_includes_the_kernel_start(tmp_path):
    run_pipeline("samples", tmp_path / "run", log=lambda _: None, progress_bar=False, until="problems")
    st = RunDir(tmp_path / "run").manifest()["stages"]["problems"]
    assert len(st["wall_s_attempts"]) == 1 and st["wall_s"] == st["wall_s_attempts"][0]["wall_s"]
    assert st["wall_s"] > st["wall_seconds"] + 0.5  # a kernel takes more than half a second to start
