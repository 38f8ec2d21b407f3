"""Bad input from a user: a clear one-line error naming file and line (exit 2), or that row's recorded verdict.

Never a traceback, never a silent loss. The CLI is the installed `sky-t1` script, run as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SKY = Path(sys.executable).parent / "sky-t1"
ADD = "```python\na, b = map(int, input().split())\nprint(a + b)\n```"
IO_ADD = {"inputs": ["1 2\n", "5 7\n"], "outputs": ["3\n", "12\n"]}
IO_SHORT = {"inputs": ["1 2\n", "5 7\n", "2 2\n"], "outputs": ["3\n", "12\n"]}


def sky(*args, timeout: float = 120) -> subprocess.CompletedProcess:
    if not SKY.exists():
        pytest.skip(f"console script not installed: {SKY}")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"} | {"HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
    return subprocess.run([str(SKY), *map(str, args)], capture_output=True, text=True, timeout=timeout, env=env)


def one_line_error(r: subprocess.CompletedProcess, *needles: str) -> str:
    "The run failed as a user error: exit 2, no traceback, one `sky-t1: error:` line holding every needle."
    assert r.returncode == 2, (r.returncode, r.stderr[-2000:])
    assert "Traceback" not in r.stderr
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("sky-t1: error:"), r.stderr[-2000:]
    for n in needles:
        assert n in lines[0], (n, lines[0])
    return lines[0]


def write(path: Path, rows) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))
    return path


def score(inp: Path, out: Path, *extra) -> subprocess.CompletedProcess:
    return sky("verify", "--input", inp, "--output", out, "--workers", "2", "--timeout", "2", *extra)


def counts_of(r: subprocess.CompletedProcess) -> dict:
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr[-2000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


def read(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text().splitlines()]


# ------------------------------------------------------------------ malformed code tests: that row's verdict

def test_code_row_with_more_inputs_than_outputs_is_its_own_verdict_and_a_rerun_resumes(tmp_path):
    rows = [{"problem_id": "c", "sample_index": 0, "domain": "code", "input_output": json.dumps(IO_SHORT), "response": ADD},
            {"problem_id": "c", "sample_index": 1, "domain": "code", "input_output": json.dumps(IO_ADD), "response": ADD},
            {"problem_id": "m", "sample_index": 0, "domain": "math", "answer": "2", "response": "\\boxed{2}"},
            {"problem_id": "d", "sample_index": 0, "domain": "code", "tests": IO_ADD | {"fn_name": 3}, "response": ADD},
            {"problem_id": "e", "sample_index": 0, "domain": "code", "tests": [1, 2], "response": ADD},
            {"problem_id": "f", "sample_index": 0, "domain": "code", "input_output": "{broken", "response": ADD},
            {"problem_id": "g", "sample_index": 0, "domain": "code", "tests": {"inputs": [], "outputs": []}, "response": ADD},
            {"problem_id": "h", "sample_index": 0, "domain": "code", "tests": {"inputs": [5], "outputs": ["5"]}, "response": ADD}]
    inp, out = write(tmp_path / "in.jsonl", rows), tmp_path / "out.jsonl"
    c = counts_of(score(inp, out))
    assert c["rows"] == 8 and c["correct"] == 2
    got = {(r["problem_id"], r["sample_index"]): (r["detail"], r["message"]) for r in read(out)}
    assert got[("c", 0)] == ("error", "tests: 3 inputs but 2 outputs")
    assert got[("c", 1)] == ("passed", None) and got[("m", 0)][0] == "passed"
    assert got[("d", 0)] == ("error", "tests: fn_name: Input should be a valid string")
    assert got[("e", 0)] == ("error", "tests: not an object {inputs, outputs, fn_name?} but list")
    assert got[("f", 0)][0] == "error" and "not valid JSON" in got[("f", 0)][1]
    assert got[("g", 0)] == ("error", "tests: no test cases")  # not a vacuous pass
    assert got[("h", 0)] == ("error", "tests: input 0 of a stdin test is int, not text")
    assert counts_of(score(inp, out))["scored_now"] == 0  # a rerun has nothing left and does not crash
    assert len(read(out)) == 8


def _run_dir(tmp_path: Path, problems: list[dict], generations: list[dict]):
    from sky_t1.core import load_recipe
    from sky_t1.rundir import RunDir

    recipe = load_recipe("nano")
    run = RunDir.create(tmp_path / "run", recipe)
    write(run.file("problems"), problems)
    write(run.file("generations"), generations)
    return recipe, run


def test_verify_stage_records_malformed_tests_and_a_missing_response(tmp_path):
    from sky_t1.verify.score import run_verify

    problems = [{"id": "c/0", "source": "t", "domain": "code", "question": "add", "tests": IO_SHORT},
                {"id": "c/1", "source": "t", "domain": "code", "question": "add", "tests": IO_ADD},
                {"id": "m/0", "source": "t", "domain": "math", "question": "1+1", "answer": "2"}]
    gens = [{"problem_id": "c/0", "sample_index": 0, "response": ADD},
            {"problem_id": "c/1", "sample_index": 0, "response": ADD},
            {"problem_id": "m/0", "sample_index": 0},  # no response
            {"problem_id": "m/0", "sample_index": 1, "response": None}]
    recipe, run = _run_dir(tmp_path, problems, gens)
    counts = run_verify(recipe, run, workers=2)
    assert counts["samples"] == 4 and counts["correct"] == 1
    got = {(r["problem_id"], r["sample_index"]): (r["detail"], r.get("message")) for r in run.store("scores")}
    assert got[("c/0", 0)] == ("error", "tests: 3 inputs but 2 outputs")
    assert got[("c/1", 0)][0] == "passed"
    assert got[("m/0", 0)] == ("error", "the row has no `response`")
    assert got[("m/0", 1)] == ("error", "`response` is null, not text")
    assert run_verify(recipe, run, workers=2)["samples"] == 4  # a rerun resumes


def test_evaluate_records_a_benchmark_problem_with_malformed_tests(tmp_path):
    from sky_t1.engines import Completion, SamplingParams
    from sky_t1.evaluate_bench import evaluate_benchmark
    from sky_t1.problem import Problem, Tests
    from sky_t1.store import RecordStore
    from sky_t1.verify.sandbox import Limits
    from sky_t1.verify.score import score_rows

    class Echo:
        name, model = "scripted", "echo"

        def generate(self, requests, sampling):
            return [Completion(r.id, j, ADD, "stop", 1, 1, 0.0, None, self.model, self.name)
                    for r in requests for j in range(sampling.n)]

    problems = [Problem(id="b/0", source="t", domain="code", question="add", tests=Tests(**IO_SHORT)),
                Problem(id="b/1", source="t", domain="code", question="add", tests=Tests(**IO_ADD))]
    store = RecordStore(tmp_path / "eval.jsonl")
    c = evaluate_benchmark(problems, Echo(), SamplingParams(n=1), store, {"code_stdin": "{question}"},
                           lambda rows: score_rows(rows, 2, Limits(timeout=2)))
    assert c["samples_written_now"] == 2
    got = {r["problem_id"]: (r["detail"], r["message"]) for r in store}
    assert got == {"b/0": ("error", "tests: 3 inputs but 2 outputs"), "b/1": ("passed", None)}


# ------------------------------------------------------------------ the input as a whole: errors before any work

def test_duplicate_rows_name_the_file_and_both_lines_and_nothing_is_written(tmp_path):
    row = {"problem_id": "m", "sample_index": 0, "answer": "2", "response": "\\boxed{2}"}
    inp = write(tmp_path / "dup.jsonl", [row, row | {"sample_index": 1}, row | {"response": "\\boxed{3}"}])
    out = tmp_path / "out.jsonl"
    one_line_error(score(inp, out), f"{inp}: lines 1 and 3", "problem_id 'm' sample_index 0")
    assert not out.exists()


def test_a_later_row_without_a_key_field_names_its_line(tmp_path):
    row = {"problem_id": "m", "sample_index": 0, "answer": "2", "response": "\\boxed{2}"}
    rows = [row | {"sample_index": i} for i in range(300)] + [{"sample_index": 300, "answer": "2", "response": "x"}]
    inp, out = write(tmp_path / "in.jsonl", rows), tmp_path / "out.jsonl"
    one_line_error(score(inp, out), f"{inp}:301: the row has no `problem_id`")
    assert not out.exists()  # checked before the first chunk of 256 is written
    write(inp, [row, row | {"sample_index": None}])
    one_line_error(score(inp, out), f"{inp}:2: `sample_index` is null, not text or a whole number")
    write(inp, [row, row | {"sample_index": [1]}])
    one_line_error(score(inp, out), f"{inp}:2: `sample_index` is list")


def test_binary_input_is_one_error(tmp_path):
    b = tmp_path / "blob.jsonl"
    b.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    one_line_error(score(b, tmp_path / "out.jsonl"), f"{b}:1: not UTF-8 text")
    one_line_error(sky("problems", "math500", "--data-files", b), f"{b}:1: not UTF-8 text")
    j = tmp_path / "blob.json"
    j.write_bytes(b"\xff\xfe[\x00]\x00")
    one_line_error(sky("problems", "math500", "--data-files", j), f"{j}: not UTF-8 text")
    pq = tmp_path / "blob.parquet"
    pq.write_bytes(b"PAR1 not really")
    one_line_error(sky("problems", "math500", "--data-files", pq), f"{pq}: not a readable parquet file")


def test_a_binary_run_file_is_one_error(tmp_path):
    "A generations file overwritten with binary: the verify stage names the file and line."
    from sky_t1.core import load_recipe
    from sky_t1.rundir import RunDir

    run = RunDir.create(tmp_path / "run", load_recipe("nano"))
    write(run.file("problems"), [{"id": "m/0", "source": "t", "domain": "math", "question": "q", "answer": "2"}])
    run.file("generations").write_bytes(b'{"problem_id": "m/0", "sample_index": 0, "response": "x"}\n\xff\xfe\x00\n')
    one_line_error(sky("verify", "--run-dir", run.path, "--recipe", "nano"), "generations.jsonl:2: not a JSON record")


# ------------------------------------------------------------------ a hostile user's files

def test_empty_array_and_list_rows(tmp_path):
    out = tmp_path / "out.jsonl"
    e = tmp_path / "empty.jsonl"
    e.write_text("")
    one_line_error(score(e, out), f"{e}: no rows (the file is empty)")
    e.write_text("\n \n")
    one_line_error(score(e, out), "no rows")
    a = write(tmp_path / "array.jsonl", [json.dumps([{"problem_id": "m", "sample_index": 0}])])
    one_line_error(score(a, out), f"{a}:1: a row is a JSON object, got list (the file is a JSON array")
    a.write_text('[\n {"problem_id": "m", "sample_index": 0}\n]\n')
    one_line_error(score(a, out), f"{a}:1: not valid JSON", "JSON array")
    lr = write(tmp_path / "listrow.jsonl", [{"answer": "1", "response": "x"}, "[1, 2]"])
    one_line_error(score(lr, out), f"{lr}:2: a row is a JSON object, got list")
    one_line_error(score(lr, lr), "the output is the input file")
    one_line_error(score(tmp_path, out), f"{tmp_path}: not a regular file")
    assert not out.exists()


def test_wrong_types_are_each_rows_verdict(tmp_path):
    rows = [{"problem_id": "a", "sample_index": 0, "answer": "5", "response": 5},
            {"problem_id": "a", "sample_index": 1, "answer": "5", "response": None},
            {"problem_id": "a", "sample_index": 2, "answer": None, "response": "\\boxed{5}"},
            {"problem_id": "a", "sample_index": 3, "answer": "5"},
            {"problem_id": "b", "sample_index": 0, "domain": "mcq", "answer": None, "response": "(A)"},
            {"problem_id": "b", "sample_index": 1, "domain": "mcq", "answer": "Paris", "response": "(A)"},
            {"problem_id": "c", "sample_index": 0, "answer": {"x": [1, {"y": None}]}, "response": {"a": [[[]]]}},
            "{\"problem_id\": \"d\", \"sample_index\": 0, \"answer\": NaN, \"response\": \"\\\\boxed{1}\"}",
            {"problem_id": "e", "sample_index": 0, "domain": "code", "input_output": json.dumps(IO_ADD), "response": ["x"]},
            {"problem_id": "f", "sample_index": 0, "answer": 12, "response": "\\boxed{12}"}]
    inp, out = write(tmp_path / "in.jsonl", rows), tmp_path / "out.jsonl"
    c = counts_of(score(inp, out))
    assert c["rows"] == len(rows) and c["correct"] == 1 and c["by_detail"] == {"error": 9, "passed": 1}
    got = {(r["problem_id"], r["sample_index"]): r["message"] for r in read(out)}
    assert got[("a", 0)] == "`response` is int, not text"
    assert got[("a", 1)] == "`response` is null, not text"
    assert got[("a", 2)] == "the reference `answer` is null"
    assert got[("a", 3)] == "the row has no `response`"
    assert got[("b", 0)] == "the reference `answer` is null"
    assert "one letter A-J" in got[("b", 1)]
    assert got[("c", 0)] == "`response` is dict, not text"
    assert "not text or a number" in got[("d", 0)]
    assert got[("e", 0)] == "`response` is list, not text"


def test_a_huge_line_and_deep_nesting(tmp_path):
    out = tmp_path / "out.jsonl"
    big = {"problem_id": "h", "sample_index": 0, "answer": "7", "response": "x" * 20_000_000 + " \\boxed{7}"}
    inp = write(tmp_path / "big.jsonl", [big])
    c = counts_of(score(inp, out, "--no-fallbacks"))
    assert c["rows"] == 1 and read(out)[0]["detail"] in ("passed", "timeout", "error")  # recorded, whatever it is
    deep = tmp_path / "deep.jsonl"
    deep.write_text('{"problem_id": "a", "sample_index": 0, "answer": "1", "response": "x"}\n'
                    '{"problem_id": "b", "sample_index": 0, "answer": "1", "response": ' + "[" * 100_000 + "]" * 100_000 + "}\n")
    one_line_error(score(deep, tmp_path / "o2.jsonl"), f"{deep}:2: not a usable row: JSON nested too deeply")


def test_problems_with_nan_and_garbage(tmp_path):
    f = write(tmp_path / "m.jsonl", [{"problem": "1+1?", "answer": "2", "unique_id": "a/1.json"},
                                     '{"problem": "2+2?", "answer": NaN, "unique_id": "a/2.json"}'])
    one_line_error(sky("problems", "math500", "--data-files", f), f"{f}:2: not valid JSON: NaN is not JSON")
    write(f, [{"problem": "1+1?", "answer": "2", "unique_id": "a/1.json"},
              {"problem": ["x"], "answer": {"a": [1, {"b": None}]}, "unique_id": "a/4.json"},
              {"answer": "2", "unique_id": "a/5.json"}])
    r = sky("problems", "math500", "--data-files", f)
    assert r.returncode == 0 and "Traceback" not in r.stderr
    assert len(r.stdout.splitlines()) == 1 and "invalid: 2" in r.stderr  # skipped and counted, each named
    assert f"{f}:2" in r.stderr and f"{f}:3" in r.stderr
    one_line_error(sky("problems", "math500", "--data-files", f, "--on-invalid", "error"), f"{f}:2")


def test_generate_names_a_malformed_problem_record(tmp_path):
    from sky_t1.core import load_recipe
    from sky_t1.rundir import RunDir

    run = RunDir.create(tmp_path / "run", load_recipe("nano"))
    write(run.file("problems"), [{"id": "m/0", "source": "t", "domain": "math", "question": "q", "answer": "2"},
                                 {"id": "x/0", "source": "t", "question": "q", "meta": 5}])
    r = sky("generate", "--recipe", "nano", "--run-dir", run.path)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr[-2000:]
    assert f"sky-t1: error: {run.file('problems')}: problem 'x/0': field domain: Field required" in r.stderr
