"""A run keeps one recipe (issue 14): stage commands read the run's stored recipe, `--recipe` only creates a run,
a stored config hash is never rewritten, and `sky-t1 run --option` is a hashed recipe override or a declared
output-neutral runtime setting, nothing else."""
from __future__ import annotations

import json
from pathlib import Path

import papermill as pm
import pytest
import yaml

from sky_t1.cli import main, run_options
from sky_t1.core import SkyT1Error, load_recipe
from sky_t1.engines import Completion
from sky_t1.pipeline import pipeline_dir, run_pipeline
from sky_t1.rundir import RecipeMismatch, RunDir, recipe_hash
from sky_t1.stages import STAGES, pipeline_hashes, stage_hash

RUNTIME = "verify.workers, reformat.workers, evaluate.workers, evaluate.threads"

# each stage command and the run function it calls (patched: these tests are about which recipe reaches it)
COMMANDS = {"problems": ("sky_t1.problems", "run_problems"), "generate": ("sky_t1.generate", "run_generate"),
            "verify": ("sky_t1.verify.score", "run_verify"), "reformat": ("sky_t1.reformat", "run_reformat"),
            "curate": ("sky_t1.curate", "run_curate"), "export": ("sky_t1.export", "run_export"),
            "train": ("sky_t1.train.launch", "launch_train"), "evaluate": ("sky_t1.evaluate", "run_evaluate")}


def write_recipe(path: Path, **overrides) -> Path:
    "A nano variant (nano-sized problems, a stand-in teacher) as a recipe file."
    rec = load_recipe("nano", {"teacher.model": "nano-reference",
                               "problems.sources": [{"name": "nano", "split": "train", "options": {"math": 6, "code": 0, "seed": 3}}]}
                      | overrides)
    path.write_text(yaml.safe_dump(rec.model_dump(mode="json"), sort_keys=False))
    return path


def cli(capsys, *argv) -> tuple[int, str]:
    "Run `sky-t1 ARGV` in this process: (exit status, stderr)."
    capsys.readouterr()
    code = main([str(a) for a in argv])
    return code, capsys.readouterr().err


def snapshot(run_dir: Path) -> dict[str, bytes]:
    "Every file of a run directory, byte for byte (not the writer's lock file, `.lock`: who holds the run, not its data)."
    return {p.relative_to(run_dir).as_posix(): p.read_bytes() for p in sorted(run_dir.rglob("*"))
            if p.is_file() and p.name != ".lock"}


class EchoTeacher:
    "A stand-in engine: each sample says the temperature it was drawn at; records how many requests each call had."
    name, model = "echo", "nano-reference"

    def __init__(self):
        self.calls: list[int] = []

    def generate(self, requests, sampling):
        self.calls.append(len(requests))
        return [Completion(r.id, j, f"drawn at t={sampling.temperature} \\boxed{{0}}", "stop", 5, 5, 0.0, None,
                           self.model, self.name) for r in requests for j in range(sampling.n)]


@pytest.fixture
def teacher(monkeypatch) -> EchoTeacher:
    import sky_t1.engines as engines
    t = EchoTeacher()
    monkeypatch.setattr(engines, "make_engine", lambda kind, model, **kw: t)
    return t


@pytest.fixture
def calls(monkeypatch) -> list[tuple[str, str]]:
    "Patch every stage command's run function to record (command, hash of the recipe it was given)."
    import importlib
    seen: list[tuple[str, str]] = []
    for command, (module, name) in COMMANDS.items():
        def fake(recipe, run, *a, _command=command, **kw):
            seen.append((_command, recipe_hash(recipe)))
            return {"problems": 0}
        monkeypatch.setattr(importlib.import_module(module), name, fake)
    return seen


# ------------------------------------------------------------------ 1. stage commands read the run's recipe

@pytest.mark.parametrize("command", list(COMMANDS))
def test_stage_command_without_recipe_uses_the_runs_recipe(tmp_path, capsys, calls, command):
    stored = load_recipe(write_recipe(tmp_path / "preview.yaml", **{"evaluate.bootstrap": 7}))
    RunDir.create(tmp_path / "run", stored)
    before = snapshot(tmp_path / "run")
    code, err = cli(capsys, command, "--run-dir", tmp_path / "run")
    assert code == 0, err
    assert calls == [(command, recipe_hash(stored))]  # not nano's
    after = snapshot(tmp_path / "run")
    assert after["recipe.yaml"] == before["recipe.yaml"]
    assert json.loads(after["manifest.json"])["recipe_hash"] == recipe_hash(stored)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_stage_command_on_a_new_run_dir_without_recipe_is_an_error(tmp_path, capsys, calls, command):
    code, err = cli(capsys, command, "--run-dir", tmp_path / "new")
    assert code == 2 and "pass --recipe" in err and "Traceback" not in err, err
    assert calls == [] and not (tmp_path / "new").exists()


@pytest.mark.parametrize("command", ["generate", "evaluate", "train"])
def test_stage_command_recipe_creates_a_run_and_may_repeat_the_same_content(tmp_path, capsys, calls, command):
    f = write_recipe(tmp_path / "a.yaml")
    code, err = cli(capsys, command, "--run-dir", tmp_path / "run", "--recipe", f)
    assert code == 0, err
    assert recipe_hash(RunDir(tmp_path / "run").recipe()) == recipe_hash(load_recipe(f))
    copy = tmp_path / "elsewhere" / "b.yaml"  # the same content under another path: the same recipe
    copy.parent.mkdir()
    copy.write_text(f.read_text())
    code, err = cli(capsys, command, "--run-dir", tmp_path / "run", "--recipe", copy)
    assert code == 0, err
    assert [h for _, h in calls] == [recipe_hash(load_recipe(f))] * 2


@pytest.mark.parametrize("command", list(COMMANDS))
def test_stage_command_with_a_different_recipe_is_an_error_naming_both(tmp_path, capsys, calls, command):
    stored = load_recipe(write_recipe(tmp_path / "preview.yaml"))
    run = RunDir.create(tmp_path / "run", stored)
    before = snapshot(run.path)
    code, err = cli(capsys, command, "--run-dir", run.path, "--recipe", "nano")
    assert code == 2 and "Traceback" not in err, err
    for needle in (str(run.file("recipe")), recipe_hash(stored), "nano", recipe_hash(load_recipe("nano")), "differs"):
        assert needle in err, (needle, err)
    assert calls == [] and snapshot(run.path) == before


def test_sky_t1_run_refuses_a_changed_recipe_unless_asked(tmp_path, capsys, monkeypatch):
    run_pipeline("samples", tmp_path / "run", log=lambda _: None, executor="inline", progress_bar=False)
    first = RunDir(tmp_path / "run").manifest()["stages"]["problems"]
    before = snapshot(tmp_path / "run")
    changed = load_recipe("samples", {"problems.on_invalid_row": "error"})
    with pytest.raises(RecipeMismatch) as e:
        run_pipeline(changed, tmp_path / "run", log=lambda _: None, executor="inline", progress_bar=False)
    assert recipe_hash(load_recipe("samples")) in str(e.value) and recipe_hash(changed) in str(e.value)
    assert snapshot(tmp_path / "run") == before
    # the command line says how to ask for the rerun
    code, err = cli(capsys, "run", "samples", "--run-dir", tmp_path / "run", "--option", "problems.on_invalid_row=error")
    assert code == 2 and "--rerun-changed" in err and "problems.on_invalid_row" in err and recipe_hash(changed) in err, err
    assert snapshot(tmp_path / "run") == before
    # asked for: the pipeline's rerun from the first changed stage, the old outputs moved aside
    run_pipeline(changed, tmp_path / "run", log=lambda _: None, executor="inline", progress_bar=False, rerun_changed=True)
    run = RunDir(tmp_path / "run")
    assert recipe_hash(run.recipe()) == recipe_hash(changed)
    assert run.manifest()["stages"]["problems"]["pipeline_hash"] == pipeline_hashes(changed)["problems"] != first["pipeline_hash"]
    assert len(list((tmp_path / "run" / "superseded").iterdir())) == 1


# ------------------------------------------------------------------ 2. a stored config hash is never rewritten

def test_generate_with_a_changed_recipe_is_refused_and_the_manifest_kept(tmp_path, capsys, teacher):
    warm = write_recipe(tmp_path / "t07.yaml", **{"teacher.sampling.temperature": 0.7})
    hot = write_recipe(tmp_path / "t13.yaml", **{"teacher.sampling.temperature": 1.3})
    run = RunDir(tmp_path / "run")
    assert cli(capsys, "problems", "--run-dir", run.path, "--recipe", warm)[0] == 0
    code, err = cli(capsys, "generate", "--run-dir", run.path, "--recipe", warm)  # the run's recipe, given again
    assert code == 0, err
    made = run.manifest()["stages"]["generate"]
    assert made["status"] == "done" and made["config_hash"] == stage_hash(load_recipe(warm), "generate")
    assert {g["response"].split()[2] for g in run.store("generations")} == {"t=0.7"}
    before = snapshot(run.path)

    code, err = cli(capsys, "generate", "--run-dir", run.path, "--recipe", hot)
    assert code == 2 and str(hot) in err and recipe_hash(load_recipe(hot)) in err, err
    assert snapshot(run.path) == before  # recipe, manifest (the config hash of 0.7) and samples untouched
    assert run.recipe().teacher.sampling.temperature == 0.7
    assert run.manifest()["stages"]["generate"]["config_hash"] == made["config_hash"]
    assert len(teacher.calls) > 0


# ------------------------------------------------------------------ 3. --option: hashed recipe key or declared runtime setting

def test_run_option_recipe_key_is_validated_stored_and_hashed(tmp_path, capsys, monkeypatch):
    seen = {}
    import sky_t1.pipeline as pipeline
    monkeypatch.setattr(pipeline, "run_pipeline", lambda recipe, run_dir, options, **kw: seen.update(
        recipe=recipe, options=options, run_dir=run_dir) or {"run_dir": str(run_dir), "seconds": 0})
    code, err = cli(capsys, "run", "nano", "--run-dir", tmp_path / "run", "--option", "evaluate.batch_size=32")
    assert code == 0, err
    assert seen["recipe"].evaluate.batch_size == 32 and seen["options"] == {}
    base = pipeline_hashes(load_recipe("nano"))
    moved = pipeline_hashes(seen["recipe"])
    assert [k for k in base if base[k] != moved[k]] == ["evaluate", "report"]  # part of the stage hashes
    # the pipeline stores the overridden recipe, so every stage (and its notebook) reads it
    small = load_recipe("samples", {"problems.on_invalid_row": "error"})  # run_pipeline: the real one, imported above
    run_pipeline(small, tmp_path / "samples", log=lambda _: None, executor="inline", progress_bar=False)
    assert RunDir(tmp_path / "samples").recipe().problems.on_invalid_row == "error"
    for bad, needle in [("evaluate.batchsize=1", "evaluate.batchsize: unknown key"),
                        ("evaluate.batch_size=0", "evaluate.batch_size: Input should be greater than or equal to 1"),
                        ("teacher.sampling.temperature=hot", "teacher.sampling.temperature")]:
        code, err = cli(capsys, "run", "nano", "--run-dir", tmp_path / "r2", "--option", bad)
        assert code == 2 and needle in err and RUNTIME in err, (bad, err)
    assert not (tmp_path / "r2").exists()


def test_run_option_runtime_setting_reaches_the_stage_unhashed(tmp_path, capsys, monkeypatch):
    seen = {}
    import sky_t1.pipeline as pipeline
    monkeypatch.setattr(pipeline, "run_pipeline", lambda recipe, run_dir, options, **kw: seen.update(
        recipe=recipe, options=options) or {"run_dir": str(run_dir), "seconds": 0})
    code, err = cli(capsys, "run", "nano", "--run-dir", tmp_path / "run", "--option", "evaluate.workers=3",
                    "--option", "evaluate.threads=2", "--option", "verify.workers=null")
    assert code == 0, err
    assert seen["options"] == {"evaluate": {"workers": 3, "threads": 2}, "verify": {"workers": None}}
    assert recipe_hash(seen["recipe"]) == recipe_hash(load_recipe("nano"))  # not part of any hash
    # each declared setting is a parameter of its stage's notebook (papermill passes it, not just warns)
    for s in STAGES:
        assert set(s.runtime) <= set(pm.inspect_notebook(str(pipeline_dir() / s.notebook))), s.name


def test_run_option_anything_else_is_an_error_listing_the_runtime_settings(tmp_path, capsys):
    for bad in ("generate.batch_size=16", "generate.shard=1/2", "evaluate.progress=false", "colour=blue"):
        if not bad.startswith("evaluate."):  # (a recipe block: the recipe schema refuses it, below)
            with pytest.raises(SkyT1Error) as e:
                run_options([bad])
            assert RUNTIME in str(e.value), (bad, e.value)
        code, err = cli(capsys, "run", "nano", "--run-dir", tmp_path / "run", "--option", bad)
        assert code == 2 and RUNTIME in err, err
    assert "teacher" in str(pytest.raises(SkyT1Error, run_options, ["generate.batch_size=16"]).value)  # where it lives now
    with pytest.raises(SkyT1Error, match="wants a whole number >= 1"):
        run_options(["verify.workers=0"])
    assert not (tmp_path / "run").exists()


def test_generate_problems_per_call_is_a_hashed_recipe_key(tmp_path, capsys, teacher):
    nano = load_recipe("nano")
    assert stage_hash(nano, "generate") != stage_hash(load_recipe("nano", {"teacher.problems_per_call": 2}), "generate")
    f = write_recipe(tmp_path / "r.yaml", **{"teacher.problems_per_call": 2})
    assert cli(capsys, "problems", "--run-dir", tmp_path / "run", "--recipe", f)[0] == 0
    code, err = cli(capsys, "generate", "--run-dir", tmp_path / "run")
    assert code == 0, err
    assert teacher.calls == [2, 2, 2]  # 6 problems, 2 per engine call
    run = RunDir(tmp_path / "run")
    assert run.manifest()["stages"]["generate"]["config_hash"] == stage_hash(load_recipe(f), "generate")
