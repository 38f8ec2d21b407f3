"The run directory: recipe.yaml and manifest.json, stage bookkeeping, and no secret in any file a run writes."
import json
import os
import sys
import time
from importlib.metadata import version

import pytest
import yaml

from sky_t1.core import config_hash, load_recipe
from sky_t1.redact import REDACTED, SECRET_ENV_NAME
from sky_t1.rundir import TRACKED_PACKAGES, RunDir

SECRETS = {
    "OPENAI_API_KEY": "sk-proj-" + "Q9w8E7r6T5y4U3i2O1p0" * 3,
    "HF_TOKEN": "hf_" + "MnBvCxZlKjHgFdSaPoIu" * 2,
    "WANDB_API_KEY": "0123456789abcdef" * 2 + "fedcba98",
}


@pytest.fixture(autouse=True)
def no_ambient_secrets(monkeypatch):
    "Unset secret-looking variables of the machine, so that redaction only acts on the values a test sets."
    for name in list(os.environ):
        if SECRET_ENV_NAME.search(name):
            monkeypatch.delenv(name)


@pytest.fixture
def recipe():
    return load_recipe("nano")


def test_create_writes_recipe_and_manifest(tmp_path, recipe):
    run = RunDir.create(tmp_path / "run-1", recipe)
    assert run.file("recipe").name == "recipe.yaml" and run.file("manifest").name == "manifest.json"
    assert run.recipe() == recipe
    assert yaml.safe_load(run.file("recipe").read_text())["name"] == "nano"

    m = json.loads(run.file("manifest").read_text())
    assert m == run.manifest()
    assert m["run_id"] == "run-1" and m["recipe"] == "nano" and m["stages"] == {}
    assert m["recipe_hash"] == config_hash(recipe) and len(m["recipe_hash"]) == 16
    assert m["created_at"] and m["updated_at"]
    env = m["environment"]
    assert env["python"] == sys.version.split()[0]
    assert env["platform"] and env["machine"]
    assert set(env["packages"]) == set(TRACKED_PACKAGES)
    assert env["packages"]["sky-t1"] == version("sky-t1")
    assert env["packages"]["pydantic"] == version("pydantic")
    assert "commit" in env["git"] and "dirty" in env["git"]
    assert env["git"]["commit"] is None or len(env["git"]["commit"]) == 40
    assert sorted(p.name for p in run.path.iterdir()) == ["manifest.json", "recipe.yaml"]  # no temp file


def test_reopen_keeps_identity_and_stages(tmp_path, recipe):
    run = RunDir.create(tmp_path / "r", recipe)
    with run.stage("problems", "h1") as counts:
        counts["rows"] = 3
    created = run.manifest()["created_at"]
    again = RunDir.create(tmp_path / "r", recipe)
    m = again.manifest()
    assert m["created_at"] == created and m["run_id"] == "r"
    assert m["stages"]["problems"]["status"] == "done"
    assert again.is_done("problems", "h1")


def test_stage_done_records_status_counts_time_hash_attempts(tmp_path, recipe):
    run = RunDir.create(tmp_path / "r", recipe)
    with run.stage("generate", "abc") as counts:
        assert run.manifest()["stages"]["generate"]["status"] == "running"
        counts.update(prompts=4, samples=8)
        time.sleep(0.05)
    st = run.manifest()["stages"]["generate"]
    assert st["status"] == "done" and st["error"] is None
    assert st["counts"] == {"prompts": 4, "samples": 8}
    assert st["config_hash"] == "abc" and st["attempts"] == 1
    assert 0.05 <= st["wall_seconds"] < 5
    assert st["started_at"] <= st["finished_at"]

    with run.stage("generate", "abc"):
        pass
    assert run.manifest()["stages"]["generate"]["attempts"] == 2
    assert run.manifest()["stages"]["generate"]["counts"] == {}


def test_failed_stage_is_marked_failed_and_reraises(tmp_path, recipe):
    run = RunDir.create(tmp_path / "r", recipe)
    with pytest.raises(ValueError, match="bad row 7"):
        with run.stage("verify", "h") as counts:
            counts["checked"] = 6
            raise ValueError("bad row 7")
    st = run.manifest()["stages"]["verify"]
    assert st["status"] == "failed" and st["error"] == "ValueError: bad row 7"
    assert st["counts"] == {"checked": 6} and st["attempts"] == 1 and st["wall_seconds"] >= 0
    assert not run.is_done("verify", "h")

    with pytest.raises(KeyboardInterrupt):  # an interrupt is a failure too
        with run.stage("verify", "h"):
            raise KeyboardInterrupt
    assert run.manifest()["stages"]["verify"]["status"] == "failed"

    with run.stage("verify", "h"):
        pass
    st = run.manifest()["stages"]["verify"]
    assert st["status"] == "done" and st["error"] is None and st["attempts"] == 3
    assert run.is_done("verify", "h")


def test_is_done_compares_the_config_hash(tmp_path, recipe):
    run = RunDir.create(tmp_path / "r", recipe)
    assert not run.is_done("curate", "h1")
    with run.stage("curate", "h1"):
        pass
    assert run.is_done("curate", "h1")
    assert not run.is_done("curate", "h2")
    assert not run.is_done("train", "h1")
    with run.stage("curate", "h2"):
        pass
    assert run.is_done("curate", "h2") and not run.is_done("curate", "h1")
    assert RunDir(tmp_path / "r").is_done("curate", "h2")  # from the file, not from memory


def test_stores_live_in_the_run_directory(tmp_path, recipe):
    run = RunDir.create(tmp_path / "r", recipe)
    assert run.store("problems").key == ("id",)
    assert run.store("generations").key == ("problem_id", "sample_index")
    run.store("sft_messages").append([{"problem_id": "a", "sample_index": 0}])
    assert run.file("sft_messages") == tmp_path / "r" / "sft" / "train_messages.jsonl" and run.file("sft_messages").exists()


def test_secrets_never_reach_a_run_file(tmp_path, monkeypatch):
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    oa, hf, wb = SECRETS.values()
    recipe = load_recipe("nano", {
        "description": f"nano, with OPENAI_API_KEY={oa} pasted by mistake",
        "teacher": {"model": f"https://user:{hf}@example.org/m", "engine": "openai",
                    "system_prompt": f"wandb {wb}", "sampling": {}},
    })
    assert oa in recipe.description  # the secret is really in the recipe object

    run = RunDir.create(tmp_path / "run", recipe)
    with run.stage("problems", "h") as counts:
        counts["note"] = f"loaded with {hf}"
        run.store("problems").append([{"id": "q1", "question": f"what is {oa}?", "api_key": "x" * 3}])
    with pytest.raises(RuntimeError):
        with run.stage("generate", "h") as counts:
            counts["url"] = f"https://api.example.org/?key={oa}"
            run.store("generations").append([
                {"problem_id": "q1", "sample_index": 0, "response": f"{oa} {hf} {wb}",
                 "request": {"headers": {"Authorization": f"Bearer {oa}"}, "authorization": "Basic abc"}},
            ])
            raise RuntimeError(f"401 Unauthorized: key {oa}, token {hf}, wandb {wb}")
    with pytest.raises(PermissionError):
        with run.stage("train", "h"):
            raise PermissionError(hf, {"token": wb})
    run.store("sft_messages").append([{"problem_id": "q1", "sample_index": 0, "text": oa + hf + wb}])
    RunDir.create(tmp_path / "run", recipe)  # reopening rewrites recipe and manifest

    files = [p for p in (tmp_path / "run").rglob("*") if p.is_file()]
    assert {p.relative_to(tmp_path / "run").as_posix() for p in files} == {
        "recipe.yaml", "manifest.json", "problems.jsonl", "generations.jsonl", "sft/train_messages.jsonl",
        ".lock"}  # the run lock's file (empty once released)
    for p in files:
        data = p.read_bytes()
        for name, value in SECRETS.items():
            assert value.encode() not in data, f"{name} leaked into {p.name}"
        assert REDACTED.encode() in data or p.name == ".lock", f"{p.name}: expected a redaction mark"

    m = run.manifest()
    assert m["stages"]["generate"]["status"] == "failed"
    assert m["stages"]["generate"]["error"] == f"RuntimeError: 401 Unauthorized: key {REDACTED}, token {REDACTED}, " \
                                               f"wandb {REDACTED}"
    assert m["stages"]["train"]["status"] == "failed"
    assert run.recipe().description == f"nano, with OPENAI_API_KEY={REDACTED} pasted by mistake"
