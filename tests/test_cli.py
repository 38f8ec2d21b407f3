"""The real `sky-t1` console script, run as a subprocess.

`sky_t1/cli.py` has no `if __name__ == "__main__"` guard (and there is no `sky_t1/__main__.py`), so
`python -m sky_t1.cli` would import the module and exit 0 silently; the tests run the installed
`sky-t1` script that sits next to the interpreter instead."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sky_t1.problem import Problem

DATA = Path(__file__).resolve().parent / "data" / "shared" / "data"  # copies of shared/data (tests/data/README.md)
SKY_T1 = Path(sys.executable).parent / "sky-t1"


def data_file(rel: str) -> Path:
    p = DATA / rel
    assert p.is_file(), f"test data file missing: {p} (copied from shared/data: tests/data/README.md)"
    return p


def sky(*args, cwd: Path | None = None) -> subprocess.CompletedProcess:
    "Run the console script; no network (offline hub), 60 s at most."
    if not SKY_T1.exists():
        pytest.skip(f"console script not installed: {SKY_T1}")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}  # Python's default warning filters
    env |= {"HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
    return subprocess.run([str(SKY_T1), *map(str, args)], capture_output=True, text=True, timeout=60, cwd=cwd, env=env)


def err_lines(r: subprocess.CompletedProcess) -> list[str]:
    return [line for line in r.stderr.splitlines() if line.strip()]


def report_line(source: str, kept: int, read: int, rest: str = "") -> re.Pattern:
    "The load report line on stderr (singular or plural nouns)."
    return re.compile(rf"{re.escape(source)}: {kept} problems? from {read} rows?{re.escape(rest)}")


def assert_one_line_error(r: subprocess.CompletedProcess, *needles: str) -> None:
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
    lines = err_lines(r)
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("sky-t1: error:")
    for n in needles:
        assert n in lines[0]
    assert r.stdout == ""


# ---------------------------------------------------------------- problems

@pytest.mark.parametrize("source,rel,rows,kind", [
    ("math500", "eval/math500.jsonl", 500, "answer"),
    ("aime24", "eval/aime24.jsonl", 30, "answer"),
    ("amc23", "eval/amc23.jsonl", 40, "answer"),
    ("olympiadbench", "eval/olympiadbench_math_en.jsonl", 675, "answer"),
    ("apps", "train_samples/apps_train_sample.jsonl", 5, "tests"),
    ("taco", "train_samples/taco_train_hf_schema_sample.jsonl", 1, "tests"),
    ("livecodebench", "eval/livecodebench_code_generation_lite_sample.jsonl", 1, "tests"),
])
def test_problems_limit(source, rel, rows, kind, tmp_path):
    r = sky("problems", source, "--data-files", data_file(rel), "--limit", 3, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    want = min(3, rows)
    assert len(lines) == want
    problems = [Problem.model_validate(json.loads(line)) for line in lines]
    assert all(p.source == source for p in problems)
    assert len({p.id for p in problems}) == want
    if kind == "answer":
        assert all(p.answer for p in problems)
    else:
        assert all(p.tests and len(p.tests.inputs) == len(p.tests.outputs) >= 1 for p in problems)
    assert len(err_lines(r)) == 1 and report_line(source, want, want).fullmatch(err_lines(r)[0]), r.stderr
    assert "Traceback" not in r.stderr
    if source == "livecodebench":
        assert len(problems[0].tests.inputs) == 5  # 1 public + 4 private
    if source == "taco":
        assert len(problems[0].tests.inputs) == 94


def test_problems_option_filter(tmp_path):
    f = data_file("train_samples/apps_train_sample.jsonl")
    r = sky("problems", "apps", "--data-files", f, "--split", "train", "--option", "difficulties=[introductory]",
            cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    problems = [Problem.model_validate_json(line) for line in r.stdout.splitlines()]
    assert sorted(p.id for p in problems) == ["apps/train/2404", "apps/train/4184"]
    assert len(err_lines(r)) == 1
    assert report_line("apps", 2, 5, "; filtered: difficulty 3").fullmatch(err_lines(r)[0]), r.stderr


def test_problems_out_file(tmp_path):
    out = tmp_path / "sub" / "math500.jsonl"
    r = sky("problems", "math500", "--data-files", data_file("eval/math500.jsonl"), "--limit", 3, "--out", out,
            cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
    assert len(err_lines(r)) == 1 and report_line("math500", 3, 3).fullmatch(err_lines(r)[0]), r.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 3 and all(Problem.model_validate(x).answer for x in rows)
    assert not list(out.parent.glob(".*.tmp"))  # atomic write left no temp file


def test_problems_invalid_rows_reported(tmp_path):
    rows = [json.loads(line) for line in data_file("eval/math500.jsonl").read_text().splitlines()[:3]]
    del rows[1]["answer"]
    f = tmp_path / "bad.jsonl"
    f.write_text("".join(json.dumps(x) + "\n" for x in rows))
    r = sky("problems", "math500", "--data-files", f, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert len(r.stdout.splitlines()) == 2
    assert any(report_line("math500", 2, 3, "; invalid: 1").fullmatch(x) for x in err_lines(r)), r.stderr
    assert f"{f}:2" in r.stderr and "Traceback" not in r.stderr
    r = sky("problems", "math500", "--data-files", f, "--on-invalid", "error", cwd=tmp_path)
    assert_one_line_error(r, f"{f}:2", "answer")


def test_problems_invalid_rows_reported_once(tmp_path):
    rows = [json.loads(line) for line in data_file("eval/math500.jsonl").read_text().splitlines()[:3]]
    del rows[1]["answer"]
    f = tmp_path / "bad.jsonl"
    f.write_text("".join(json.dumps(x) + "\n" for x in rows))
    r = sky("problems", "math500", "--data-files", f, cwd=tmp_path)
    assert "UserWarning" not in r.stderr and r.stderr.count(f"{f}:2") == 1


def test_problems_malformed_json(tmp_path):
    f = tmp_path / "broken.jsonl"
    f.write_text('{"problem": "x", "answer": "1"}\n{"problem": \n')
    assert_one_line_error(sky("problems", "math500", "--data-files", f, cwd=tmp_path), f"{f}:2", "not valid JSON")


def test_problems_missing_file(tmp_path):
    missing = tmp_path / "nope.jsonl"
    assert_one_line_error(sky("problems", "math500", "--data-files", missing, cwd=tmp_path),
                          "data file not found", str(missing))


def test_problems_unknown_source(tmp_path):
    r = sky("problems", "no_such_source", "--data-files", data_file("eval/math500.jsonl"), cwd=tmp_path)
    assert_one_line_error(r, "unknown source 'no_such_source'", "math500")


def test_problems_unknown_adapter_option(tmp_path):
    r = sky("problems", "math500", "--data-files", data_file("eval/math500.jsonl"), "--option", "colour=blue",
            cwd=tmp_path)
    assert_one_line_error(r, "unknown option 'colour'")


def test_problems_option_without_equals(tmp_path):
    r = sky("problems", "math500", "--data-files", data_file("eval/math500.jsonl"), "--option", "colour",
            cwd=tmp_path)
    assert_one_line_error(r, "KEY=VALUE")


def test_problems_gated_without_token(tmp_path):
    env_home = tmp_path / "home"
    env_home.mkdir()
    if not SKY_T1.exists():
        pytest.skip(f"console script not installed: {SKY_T1}")
    env = {k: v for k, v in os.environ.items() if k not in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN")}
    env |= {"HF_HOME": str(env_home / "hf"), "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1",
            "HF_TOKEN_PATH": str(env_home / "no_token")}
    r = subprocess.run([str(SKY_T1), "problems", "gpqa_diamond"], capture_output=True, text=True, timeout=60,
                       cwd=tmp_path, env=env)
    assert_one_line_error(r, "gated", "HF_TOKEN")


def test_unknown_command_line_flag_one_line(tmp_path):
    assert_one_line_error(sky("problems", "math500", "--no-such-flag", cwd=tmp_path), "--no-such-flag")


def test_problems_wrongly_typed_field_no_traceback(tmp_path):
    f = tmp_path / "typed.jsonl"
    f.write_text(json.dumps({"problem": 12345, "answer": "1"}) + "\n")
    r = sky("problems", "math500", "--data-files", f, cwd=tmp_path)
    assert "Traceback" not in r.stderr


# ---------------------------------------------------------------- recipes, help

def test_recipes_list(tmp_path):
    r = sky("recipes", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    names = [line.split()[0] for line in r.stdout.splitlines() if line.strip()]
    assert "nano" in names and "sky-t1-preview" in names
    assert sky("recipes", "list", cwd=tmp_path).stdout == r.stdout


def test_recipes_show_nano(tmp_path):
    r = sky("recipes", "show", "samples", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    recipe = yaml.safe_load(r.stdout)
    assert recipe["name"] == "samples"
    assert {s["name"] for s in recipe["problems"]["sources"]} >= {"math500", "apps", "livecodebench"}
    r = sky("recipes", "show", "nano", cwd=tmp_path)
    recipe = yaml.safe_load(r.stdout)
    assert recipe["name"] == "nano" and recipe["teacher"]["model"] == "nano:teacher"
    assert "math" in recipe["templates"]


def test_recipes_show_errors(tmp_path):
    assert_one_line_error(sky("recipes", "show", "no-such-recipe", cwd=tmp_path), "unknown recipe")
    assert_one_line_error(sky("recipes", "show", cwd=tmp_path), "recipe name")


def test_help(tmp_path):
    r = sky("--help", cwd=tmp_path)
    assert r.returncode == 0 and r.stderr == ""
    for cmd in ("problems", "recipes", "demo"):
        assert cmd in r.stdout
    r = sky("problems", "--help", cwd=tmp_path)
    assert r.returncode == 0
    for source in ("math500", "aime24", "gpqa_diamond", "livecodebench", "numina_cot"):
        assert source in r.stdout
    r = sky(cwd=tmp_path)  # no command: help, exit 0
    assert r.returncode == 0 and "usage: sky-t1" in r.stdout


# ---------------------------------------------------------------- demo

def test_demo_twice(tmp_path):
    run = tmp_path / "run"
    r = sky("demo", "--recipe", "samples", "--run-dir", run, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    problems_file, manifest_file = run / "problems.jsonl", run / "manifest.json"
    assert problems_file.is_file() and manifest_file.is_file() and (run / "recipe.yaml").is_file()
    first = [json.loads(line) for line in problems_file.read_text().splitlines()]
    ids = [p["id"] for p in first]
    assert ids and len(ids) == len(set(ids))
    for row in first:
        Problem.model_validate(row)
    stage = json.loads(manifest_file.read_text())["stages"]["problems"]
    assert stage["status"] == "done" and stage["error"] is None
    assert stage["counts"]["problems"] == len(ids)
    assert f'"problems": {len(ids)}' in r.stdout
    assert {p["source"] for p in first} >= {"math500", "aime24", "apps", "taco", "livecodebench", "gpqa_diamond"}

    r = sky("demo", "--recipe", "samples", "--run-dir", run, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    second = [json.loads(line) for line in problems_file.read_text().splitlines()]
    assert second == first  # nothing duplicated, nothing rewritten
    stage = json.loads(manifest_file.read_text())["stages"]["problems"]
    assert stage["status"] == "done" and stage["attempts"] == 1  # the one pipeline skips a stage done with the same config
    assert "[problems] skip: done with the same config" in r.stdout
    assert stage["counts"]["problems"] == len(ids)


def test_demo_default_run_dir_is_relative_to_cwd(tmp_path):
    r = sky("demo", "--recipe", "samples", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "runs" / "samples" / "problems.jsonl").is_file()


# ---------------------------------------------------------------- numeric flags and recipe files (issue 13)

@pytest.mark.parametrize("argv", [
    ["verify", "--input", "a.jsonl", "--output", "b.jsonl", "--timeout", "-1"],
    ["verify", "--input", "a.jsonl", "--output", "b.jsonl", "--timeout", "0"],
    ["verify", "--input", "a.jsonl", "--output", "b.jsonl", "--timeout", "inf"],
    ["verify", "--input", "a.jsonl", "--output", "b.jsonl", "--workers", "-3"],
    ["evaluate", "--run-dir", "d", "--threads", "-1"],
    ["evaluate", "--run-dir", "d", "--workers", "0"],
    ["problems", "math500", "--limit", "-2"],
    ["train", "--run-dir", "d", "--print-launch", "--processes", "0"],
    ["run", "nano", "--plan", "--mfu", "nan"],
    ["run", "nano", "--plan", "--row-tokens", "-5"],
])
def test_numeric_flags_are_checked(tmp_path, argv):
    r = sky(*argv, cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    lines = err_lines(r)
    assert len(lines) == 1 and "wants" in lines[0], r.stderr
    assert list(tmp_path.iterdir()) == []  # refused before anything is written


def test_run_option_is_checked(tmp_path):
    for bad, why in [("generate.batch_size=-2", "not a runtime setting"), ("generate.batchsize=2", "not a runtime setting"),
                     ("genrate.batch_size=2", "nor a recipe key"), ("verify.workers=.nan", "wants a whole number >= 1")]:
        assert_one_line_error(sky("run", "nano", "--option", bad, cwd=tmp_path), why)
    assert list(tmp_path.iterdir()) == []


def test_bad_recipe_values_are_one_message(tmp_path):
    raw = yaml.safe_load(sky("recipes", "show", "nano", cwd=tmp_path).stdout)
    raw["verify"]["code_timeout"] = -5
    raw["teacher"]["sampling"]["n"] = -1
    raw["evaluate"]["pass_k"] = [1, 9]
    f = tmp_path / "bad.yaml"
    f.write_text(yaml.safe_dump(raw, sort_keys=False))
    r = sky("run", str(f), "--plan", cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    text = r.stderr
    assert "(3 problem(s))" in text
    for needle in ("teacher.sampling.n: Input should be greater than or equal to 1",
                   "verify.code_timeout: Input should be greater than 0", "evaluate.pass_k: pass@[9]"):
        assert re.search(r"line \d+: " + re.escape(needle), text), needle


def test_print_launch_uses_the_recipe_file(tmp_path):
    "The printed command trains my.yaml (through the run's stored recipe), not the packaged recipe of the same name."
    raw = yaml.safe_load(sky("recipes", "show", "nano", cwd=tmp_path).stdout)
    raw["train"]["epochs"] = 1  # a different recipe that keeps the packaged one's name
    (tmp_path / "sub").mkdir()
    f = tmp_path / "sub" / "my.yaml"
    f.write_text(yaml.safe_dump(raw, sort_keys=False))
    r = sky("train", "--recipe", "sub/my.yaml", "--run-dir", "run", "--print-launch", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    cmd = r.stdout.split()
    stored = tmp_path / "run" / "recipe.yaml"
    assert cmd[cmd.index("--recipe") + 1] == str(stored.resolve())
    assert yaml.safe_load(stored.read_text())["train"]["epochs"] == 1  # my.yaml's, not the packaged nano's
    assert cmd[cmd.index("--run-dir") + 1] == str((tmp_path / "run").resolve())
    r = sky("train", "--recipe", "nano", "--run-dir", "run2", "--print-launch", cwd=tmp_path)
    cmd = r.stdout.split()
    assert cmd[cmd.index("--recipe") + 1] == str((tmp_path / "run2" / "recipe.yaml").resolve())  # a name: its file too


def test_the_stage_commands_are_the_registry():
    "`sky-t1 --help` lists a command per stage of the registry, by the stage's name, with the stage's summary."
    from sky_t1.stages import STAGES

    out = subprocess.run([SKY_T1, "--help"], capture_output=True, text=True, timeout=60).stdout
    flat = " ".join(out.split())
    for s in STAGES:
        assert f"{s.name} " in flat and " ".join(s.summary.split())[:40] in flat, s.name
    for s in STAGES:  # each stage command takes its declared runtime settings as flags
        text = subprocess.run([SKY_T1, s.name, "--help"], capture_output=True, text=True, timeout=60).stdout
        assert all(f"--{k}" in text for k in s.runtime), (s.name, text)
