"The scoring stage and `sky-t1 verify`: verdicts for math, multiple choice and code; resumable; no row lost."
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sky_t1.verify.score import score_file, score_rows

SKY = Path(sys.executable).parent / "sky-t1"
IO_ADD = json.dumps({"inputs": ["1 2\n", "5 7\n"], "outputs": ["3\n", "12\n"]})
IO_PRIME = json.dumps({"fn_name": "is_prime", "inputs": [[1], [2], [9], [29]], "outputs": [[False], [True], [False], [True]]})


def rows():
    "A mixed batch with every verdict kind."
    add_ok = "```python\na, b = map(int, input().split())\nprint(a + b)\n```"
    return [
        {"problem_id": "m", "sample_index": 0, "domain": "math", "answer": "\\frac{1}{2}", "response": "so \\boxed{0.5}"},
        {"problem_id": "m", "sample_index": 1, "domain": "math", "answer": "025", "response": "\\boxed{25}"},
        {"problem_id": "m", "sample_index": 2, "domain": "math", "answer": "6.6e-34", "response": "\\boxed{6.6 \\times 10^{-34}}"},
        {"problem_id": "m", "sample_index": 3, "domain": "math", "answer": "7", "response": "\\boxed{8}"},
        {"problem_id": "m", "sample_index": 4, "domain": "math", "answer": "7", "response": "I give up."},
        {"problem_id": "g", "sample_index": 0, "domain": "mcq", "answer": "C", "response": "\\boxed{\\text{(C)}}"},
        {"problem_id": "g", "sample_index": 1, "domain": "science", "answer": "C", "response": "\\boxed{B)}"},
        {"problem_id": "c", "sample_index": 0, "domain": "code", "input_output": IO_ADD, "response": add_ok},
        {"problem_id": "c", "sample_index": 1, "domain": "code", "input_output": IO_ADD, "response": "```python\nprint(3)\n```"},
        {"problem_id": "c", "sample_index": 2, "domain": "code", "input_output": IO_ADD, "response": "```python\nwhile 1: pass\n```"},
        {"problem_id": "c", "sample_index": 3, "domain": "code", "input_output": IO_ADD, "response": "```python\nx = [0] * 10**10\n```"},
        {"problem_id": "c", "sample_index": 4, "domain": "code", "input_output": IO_ADD, "response": "```python\n1/0\n```"},
        {"problem_id": "c", "sample_index": 5, "domain": "code", "input_output": IO_ADD, "response": "no code"},
        {"problem_id": "p", "sample_index": 0, "domain": "code", "input_output": IO_PRIME,
         "response": "```python\ndef is_prime(n):\n    return n > 1 and all(n % d for d in range(2, int(n**0.5) + 1))\n```"},
        {"problem_id": "x", "sample_index": 0, "domain": "code", "input_output": "{not json", "response": "```python\n```"},
        {"problem_id": "y", "sample_index": 0, "domain": "math", "response": "\\boxed{1}"},
    ]


EXPECTED = ["passed", "passed", "passed", "wrong", "no_answer", "passed", "wrong", "passed", "wrong", "timeout",
            "memory", "runtime_error", "no_code", "passed", "error", "error"]


def test_every_verdict_kind():
    from sky_t1.verify.sandbox import Limits
    got = score_rows(rows(), workers=2, limits=Limits(timeout=1))
    assert [v["detail"] for v in got] == EXPECTED
    assert [v["correct"] for v in got] == [d == "passed" for d in EXPECTED]
    assert got[7]["tests_passed"] == got[7]["tests_total"] == 2
    assert got[8]["tests_passed"] == 1 and "test 1: expected" in got[8]["message"]
    assert got[0]["extracted"] == "0.5" and got[2]["rule"] == "normalize_sci_notation"


def _write(path: Path, items) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in items))
    return path


def test_cli_scores_a_file_and_resumes(tmp_path):
    inp = _write(tmp_path / "in.jsonl", rows())
    out = tmp_path / "out.jsonl"
    r = subprocess.run([SKY, "verify", "--input", inp, "--output", out, "--workers", "2", "--timeout", "1"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    counts = json.loads(r.stdout.strip().splitlines()[-1])
    assert counts["rows"] == len(EXPECTED) and counts["correct"] == EXPECTED.count("passed")
    scored = [json.loads(x) for x in out.read_text().splitlines()]
    assert [s["detail"] for s in scored] == EXPECTED
    assert all(s["response"] == r0["response"] for s, r0 in zip(scored, rows(), strict=True))  # input kept
    r = subprocess.run([SKY, "verify", "--input", inp, "--output", out], capture_output=True, text=True, timeout=120)
    assert json.loads(r.stdout.strip().splitlines()[-1])["scored_now"] == 0
    assert len(out.read_text().splitlines()) == len(EXPECTED)


def test_rows_without_keys_are_keyed_by_line(tmp_path):
    inp = _write(tmp_path / "in.jsonl", [{"domain": "math", "answer": "2", "response": "\\boxed{2}"}] * 3)
    counts = score_file(inp, tmp_path / "out.jsonl", workers=1)
    assert counts["correct"] == 3
    assert [json.loads(x)["input_line"] for x in (tmp_path / "out.jsonl").read_text().splitlines()] == [1, 2, 3]


def test_malformed_input_line_is_named(tmp_path):
    inp = tmp_path / "in.jsonl"
    inp.write_text('{"domain": "math", "answer": "1", "response": "\\\\boxed{1}"}\n{"oops": \n')
    r = subprocess.run([SKY, "verify", "--input", inp, "--output", tmp_path / "o.jsonl"], capture_output=True, text=True)
    assert r.returncode == 2 and f"{inp}:2" in r.stderr and "Traceback" not in r.stderr
    r = subprocess.run([SKY, "verify", "--input", tmp_path / "missing.jsonl", "--output", tmp_path / "o.jsonl"],
                       capture_output=True, text=True)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("kill_after", [0.5, 1.5])
def test_kill_9_then_resume_loses_and_duplicates_nothing(tmp_path, kill_after):
    many = [{"problem_id": f"q{i}", "sample_index": 0, "domain": "math", "answer": str(i),
             "response": f"\\boxed{{{i if i % 3 else i + 1}}}"} for i in range(300)]
    inp = _write(tmp_path / "in.jsonl", many)
    out = tmp_path / "out.jsonl"
    cmd = [SKY, "verify", "--input", inp, "--output", out, "--workers", "2"]
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(kill_after)
    os.killpg(p.pid, signal.SIGKILL)
    p.wait()
    subprocess.run(cmd, check=True, capture_output=True, timeout=300)
    scored = [json.loads(x) for x in out.read_text().splitlines()]
    assert sorted(s["problem_id"] for s in scored) == sorted(r["problem_id"] for r in many)
    assert all(s["correct"] == (int(s["problem_id"][1:]) % 3 != 0) for s in scored)


@pytest.mark.slow
def test_prose_answers_pass_unless_the_final_box_is_required(tmp_path):
    rows = [{"domain": "math", "answer": "7", "response": "Adding up, the final answer is 7."},
            {"domain": "math", "answer": "10455", "response": "One case gives $\\boxed{7}$.\nFinal Answer: The final answer is $10,455$."}]
    inp = _write(tmp_path / "in.jsonl", rows)

    def details(*flags, out):
        r = subprocess.run([SKY, "verify", "--input", inp, "--output", tmp_path / out, *flags], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        return [json.loads(x)["detail"] for x in (tmp_path / out).read_text().splitlines()]

    assert details(out="a.jsonl") == ["passed", "passed"]  # the faithful verdict: math-verify reads the prose too
    assert details("--no-fallbacks", out="b.jsonl") == ["passed", "passed"]  # math-verify's reading stands without ours
    assert details("--require-boxed", out="c.jsonl") == ["no_answer", "wrong"]  # Sky-T1's rule: the final box
    assert details("--recipe", "sky-t1-preview", out="d.jsonl") == ["no_answer", "wrong"]  # its verify block requires it
    assert details("--recipe", "nano", out="e.jsonl") == ["passed", "passed"]


@pytest.mark.slow
def test_a_hung_math_worker_is_killed_and_only_its_row_times_out(monkeypatch):
    import sky_t1.verify.rows as rows  # where the pool's workers look up score_math
    real = rows.score_math

    def sometimes_hang(row, timeout=5.0, fallbacks=True, require_boxed=False):
        if row.get("response") == "HANG":  # stuck where no alarm reaches (as in C code)
            import signal
            signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])
            time.sleep(600)
        return real(row, timeout, fallbacks, require_boxed)

    monkeypatch.setattr(rows, "score_math", sometimes_hang)
    batch = [{"answer": str(i), "response": f"\\boxed{{{i}}}"} for i in range(12)]
    batch[5] = {"answer": "5", "response": "HANG"}
    t0 = time.monotonic()
    with rows.MathScorer(2, timeout=0.5, slack=1.0) as scorer:
        got = scorer(batch)
    assert time.monotonic() - t0 < 60
    assert [g["detail"] for g in got] == ["passed"] * 5 + ["timeout"] + ["passed"] * 6, got[5]
