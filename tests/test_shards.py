"""Shards, replicas and the openai settings, each through its stage: `sky-t1 generate --shard` then a merge and
the verify stage; `teacher.replicas` through Ray Data; the recipe's `teacher.openai` block at the test server."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import sky_t1.generate as gen
from sky_t1.core import SkyT1Error, load_recipe
from sky_t1.engines.testserver import FakeChatServer, Faults
from sky_t1.generate import run_generate
from sky_t1.generate_shards import merge_shards, shard_of
from sky_t1.problems import run_problems
from sky_t1.rundir import RunDir
from sky_t1.store import RecordStore

SKY_T1 = Path(sys.executable).parent / "sky-t1"
NANO = Path(__file__).resolve().parents[1] / "sky_t1" / "recipes" / "nano.yaml"
KEY_ENV, KEY = "SKY_T1_TEST_SHARDS_KEY", "sk-test-shards-0123456789"
pytestmark = pytest.mark.timeout(120)


def recipe_file(tmp: Path, url: str, problems: int = 12, n: int = 2, **teacher) -> Path:
    "The nano recipe, math only, with an openai teacher at the test server."
    raw = yaml.safe_load(NANO.read_text())
    raw["problems"]["sources"] = [{"name": "nano", "split": "train", "options": {"math": problems, "code": 0, "seed": 0}}]
    raw["teacher"] = {"model": "echo", "engine": "openai", "base_url": url,
                      "sampling": {"temperature": 0.7, "max_tokens": 64, "n": n, "seed": 0}} | teacher
    path = tmp / "recipe.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False))
    return path


def sky(*args) -> subprocess.CompletedProcess:
    "The console script as a user runs it (this checkout's package via PYTHONPATH)."
    if not SKY_T1.exists():
        pytest.skip(f"console script not installed: {SKY_T1}")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"} | {"HF_HUB_OFFLINE": "1"}
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).resolve().parents[1]), env.get("PYTHONPATH", "")])
    return subprocess.run([str(SKY_T1), *map(str, args)], capture_output=True, text=True, timeout=90, env=env)


def ok(r: subprocess.CompletedProcess) -> dict:
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1])


def error(r: subprocess.CompletedProcess) -> str:
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    assert "Traceback" not in r.stderr, r.stderr
    return r.stderr


def run_dir(tmp: Path, recipe_path: Path) -> tuple:
    "A run directory with its problems stage done, in this process."
    recipe = load_recipe(recipe_path)
    run = RunDir.create(tmp / "run", recipe)
    run_problems(recipe, run)
    return recipe, run


# ---- shards: two `sky-t1 generate --shard` commands, a merge, the verify stage --------------------------------

def test_two_shards_merged_then_scored_through_the_cli(tmp_path):
    with FakeChatServer() as srv:
        rec, d = recipe_file(tmp_path, srv.url), tmp_path / "run"
        ok(sky("problems", "--recipe", rec, "--run-dir", d))
        c0 = ok(sky("generate", "--recipe", rec, "--run-dir", d, "--shard", "0/2"))
        c1 = ok(sky("generate", "--recipe", rec, "--run-dir", d, "--shard", "1/2"))
    assert c0["problems_in_shard"] + c1["problems_in_shard"] == 12
    assert c0["samples_missing"] == c1["samples_missing"] == 0
    assert not (d / "generations.jsonl").exists()  # each shard wrote its own file
    merged = ok(sky("generate", "--recipe", rec, "--run-dir", d, "--merge-shards"))
    assert merged == {"shards": 2, "samples": 24, "merged_from": ["generations.shard-0-of-2.jsonl",
                                                                  "generations.shard-1-of-2.jsonl"], "written": True}
    problems = [json.loads(x)["id"] for x in (d / "problems.jsonl").read_text().splitlines()]
    rows = [json.loads(x) for x in (d / "generations.jsonl").read_text().splitlines()]
    assert [(r["problem_id"], r["sample_index"]) for r in rows] == [(p, k) for p in problems for k in range(2)]
    before = (d / "generations.jsonl").read_bytes()
    assert ok(sky("generate", "--recipe", rec, "--run-dir", d, "--merge-shards"))["written"] is False  # idempotent
    assert (d / "generations.jsonl").read_bytes() == before
    scored = ok(sky("verify", "--recipe", rec, "--run-dir", d))
    assert scored["samples"] == 24
    assert {(json.loads(x)["problem_id"], json.loads(x)["sample_index"])
            for x in (d / "scores.jsonl").read_text().splitlines()} == {(r["problem_id"], r["sample_index"]) for r in rows}
    stages = json.loads((d / "manifest.json").read_text())["stages"]
    assert {stages[s]["status"] for s in ("generate[0/2]", "generate[1/2]", "generate", "verify")} == {"done"}


def test_score_merges_the_shards_itself_and_refuses_a_missing_one(tmp_path):
    with FakeChatServer() as srv:
        rec, d = recipe_file(tmp_path, srv.url, problems=8, n=1), tmp_path / "run"
        ok(sky("problems", "--recipe", rec, "--run-dir", d))
        assert ok(sky("generate", "--recipe", rec, "--run-dir", d, "--shard", "0/2"))["problems_in_shard"] == 0
        assert (d / "generations.shard-0-of-2.jsonl").read_text() == ""  # no problem hashes to it: an empty file
        msg = error(sky("verify", "--recipe", rec, "--run-dir", d))
        assert "generations.shard-1-of-2.jsonl missing" in msg and "--shard i/2" in msg
        assert "generations.shard-1-of-2.jsonl missing" in error(sky("generate", "--recipe", rec, "--run-dir", d,
                                                                         "--merge-shards"))
        assert not (d / "scores.jsonl").exists()
        ok(sky("generate", "--recipe", rec, "--run-dir", d, "--shard", "1/2"))
    assert ok(sky("verify", "--recipe", rec, "--run-dir", d))["samples"] == 8  # merged by the verify stage
    assert len((d / "generations.jsonl").read_text().splitlines()) == 8


def test_merge_refuses_an_incomplete_or_unfinished_shard(tmp_path):
    with FakeChatServer() as srv:
        recipe, run = run_dir(tmp_path, recipe_file(tmp_path, srv.url, problems=8, n=2))
        for i in range(2):
            run_generate(recipe, run, shard=(i, 2))
    s1 = run.path / "generations.shard-1-of-2.jsonl"
    lines = s1.read_text().splitlines(keepends=True)
    s1.write_text("".join(lines[:-1]))  # a sample lost
    with pytest.raises(SkyT1Error, match=r"generations.shard-1-of-2.jsonl is incomplete: 1 sample\(s\) missing"):
        merge_shards(recipe, run)
    s1.write_text("".join(lines) + '{"problem_id": "x", "sample_')  # a write cut short
    with pytest.raises(SkyT1Error, match="generations.shard-1-of-2.jsonl is incomplete: its last line was cut short"):
        merge_shards(recipe, run)
    s1.write_text("".join(lines))
    (run.path / "generations.shard-1-of-2.json").unlink()  # the shard never said it finished
    with pytest.raises(SkyT1Error, match=r"generations.shard-1-of-2.jsonl is incomplete: its run never finished"):
        merge_shards(recipe, run)
    assert not run.file("generations").exists()


def test_merge_names_both_places_of_a_duplicate_sample(tmp_path):
    with FakeChatServer() as srv:
        recipe, run = run_dir(tmp_path, recipe_file(tmp_path, srv.url, problems=8, n=1))
        for i in range(2):
            run_generate(recipe, run, shard=(i, 2))
    s0, s1 = (run.path / f"generations.shard-{i}-of-2.jsonl" for i in range(2))
    src, dst = (s0, s1) if s0.read_text() else (s1, s0)  # a sample copied from a shard into the other
    line = src.read_text().splitlines()[0]
    k = len(dst.read_text().splitlines()) + 1
    with open(dst, "a") as f:
        f.write(line + "\n")
    key = (json.loads(line)["problem_id"], 0)
    places = sorted([f"{src.name}:1", f"{dst.name}:{k}"])  # shard 0's file is read first
    with pytest.raises(SkyT1Error) as e:
        merge_shards(recipe, run)
    assert str(e.value) == f"sample {key} is in two shard files: {places[0]} and {places[1]}"
    assert not run.file("generations").exists()


def test_merge_refuses_shards_of_another_config(tmp_path):
    with FakeChatServer() as srv:
        path = recipe_file(tmp_path, srv.url, problems=6, n=1)
        recipe, run = run_dir(tmp_path, path)
        run_generate(recipe, run, shard=(0, 2))
        run_generate(load_recipe(path, {"teacher.sampling.temperature": 0.1}), run, shard=(1, 2))
    with pytest.raises(SkyT1Error, match="generations.shard-1-of-2.jsonl was made with another generate config"):
        merge_shards(recipe, run)


# ---- replicas: Ray Data when teacher.replicas > 1 ------------------------------------------------------------

@pytest.mark.serial  # a local Ray instance: alone
def test_replicas_run_the_stage_on_ray_actors(tmp_path, monkeypatch):
    ray = pytest.importorskip("ray")
    calls = []
    real = gen.generate_ray
    monkeypatch.setattr(gen, "generate_ray", lambda *a, **kw: calls.append(kw) or real(*a, **kw))
    ray.init(num_cpus=4, include_dashboard=False, log_to_driver=False, configure_logging=False)
    try:
        with FakeChatServer() as srv:
            recipe, run = run_dir(tmp_path, recipe_file(tmp_path, srv.url, problems=10, n=2, replicas=2))
            recipe = recipe.model_copy(update={"teacher": recipe.teacher.model_copy(update={"problems_per_call": 3})})
            counts = run_generate(recipe, run)
    finally:
        ray.shutdown()
    assert [c["num_actors"] for c in calls] == [2]
    assert (counts["replicas"], counts["samples_written_now"], counts["samples_missing"]) == (2, 20, 0)
    rows = list(run.store("generations"))
    assert all(r["response"].startswith("echo: ") and r["engine"] == "openai" for r in rows)
    assert run.manifest()["stages"]["generate"]["status"] == "done"


def test_replicas_without_ray_is_an_error_before_any_work(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` fails as if Ray were not installed
    with FakeChatServer() as srv:
        recipe, run = run_dir(tmp_path, recipe_file(tmp_path, srv.url, problems=4, n=1, replicas=3))
        with pytest.raises(SkyT1Error, match=r"teacher.replicas is 3: .*Ray is not installed; install it \(pip.install 'sky-t1\[ray\]'"):
            run_generate(recipe, run)
        assert srv.log == []
    assert not run.file("generations").exists() and "generate" not in run.manifest()["stages"]


def test_one_replica_takes_the_local_path(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)
    monkeypatch.setattr(gen, "generate_ray", lambda *a, **kw: pytest.fail("one replica went to Ray"))
    with FakeChatServer() as srv:
        recipe, run = run_dir(tmp_path, recipe_file(tmp_path, srv.url, problems=4, n=2))
        counts = run_generate(recipe, run)
    assert (counts["replicas"], counts["samples_written_now"]) == (1, 8)


# ---- the teacher's openai block, through the generate stage ---------------------------------------------------

def test_extra_body_and_key_variable_reach_the_server(tmp_path, monkeypatch):
    monkeypatch.setenv(KEY_ENV, KEY)
    extra = {"top_k": 20, "chat_template_kwargs": {"enable_thinking": True}}
    with FakeChatServer(api_key=KEY) as srv:
        recipe, run = run_dir(tmp_path, recipe_file(tmp_path, srv.url, problems=5, n=2,
                                                    openai={"extra_body": extra, "api_key_env": KEY_ENV}))
        counts = run_generate(recipe, run)
    assert counts["samples_written_now"] == 10 and counts["failed_now"] == 0  # the key was the right one
    assert len(srv.log) == 10 and all({k: e["body"].get(k) for k in extra} == extra for e in srv.log)


def test_timeout_and_retries_from_the_recipe(tmp_path):
    with FakeChatServer(Faults(rate=1.0, kinds=("hang",), hang=5)) as srv:
        recipe, run = run_dir(tmp_path, recipe_file(tmp_path, srv.url, problems=3, n=1,
                                                    openai={"timeout_s": 0.3, "max_retries": 1}))
        counts = run_generate(recipe, run)
        attempts = [len(srv.attempts(k)) for k in {e["key"] for e in srv.log}]
    assert counts["failed_now"] == 3 and counts["samples_written_now"] == 0
    assert attempts == [2, 2, 2]  # one retry each, as max_retries says
    fails = list(RecordStore(run.path / "generations.failures.jsonl", key=("problem_id", "sample_index", "failed_at")))
    assert len(fails) == 3 and all("after 2 attempt(s)" in f["error"] and "no answer within 0.3 s" in f["error"]
                                   for f in fails)


def test_concurrency_bounds_requests_in_flight(tmp_path):
    with FakeChatServer(latency=0.1) as srv:
        recipe, run = run_dir(tmp_path, recipe_file(tmp_path, srv.url, problems=12, n=2, openai={"concurrency": 3}))
        counts = run_generate(recipe, run)
    assert counts["samples_written_now"] == 24
    assert srv.max_in_flight == 3  # 24 requests, never more than 3 at once


def test_shard_of_the_problems_is_stable():
    "The split the merge checks against: the same problem id always lands in the same shard."
    assert [shard_of(f"nano/{i}", 2) for i in range(6)] == [shard_of(f"nano/{i}", 2) for i in range(6)]
