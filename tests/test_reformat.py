"""The reformat stage (`sky_t1.reformat`, stage notebook `04_reformat.ipynb`, command `sky-t1 reformat`, recipe block
`reformat`, file `formatted.jsonl`): a rewrite must keep its structure and pass the verifiers again, or it is dropped
with its reason; a malformed rewrite is asked again; a rerun resumes without asking the model twice."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sky_t1.core import load_recipe
from sky_t1.engines import Completion
from sky_t1.rundir import RunDir
from sky_t1.stages import stage

SKY_T1 = Path(sys.executable).parent / "sky-t1"
ADD = {"inputs": ["1 2\n", "5 7\n"], "outputs": ["3\n", "12\n"]}
CODE = "a, b = map(int, input().split())\nprint(a + b)"
PROBLEMS = [{"id": "m/0", "source": "t", "domain": "math", "question": "6 * 7?", "answer": "42"},
            {"id": "m/1", "source": "t", "domain": "math", "question": "40 + 2?", "answer": "42"},
            {"id": "c/0", "source": "t", "domain": "code", "question": "add two numbers", "tests": ADD},
            {"id": "c/1", "source": "t", "domain": "code", "question": "add two numbers", "tests": ADD}]


def tagged(thought: str, solution: str) -> str:
    return f"<|begin_of_thought|>\n{thought}\n<|end_of_thought|>\n\n<|begin_of_solution|>\n{solution}\n<|end_of_solution|>"


class Rewriter:
    "A stand-in rewriting model: forgets the tags once (m/0), changes the answer (m/1), keeps the code (c/0), never tags (c/1)."
    name, model = "stand-in", "rewriter"

    def __init__(self):
        self.asked: list[str] = []

    def reply(self, rid: str) -> str:
        tries = self.asked.count(rid)
        if rid.startswith("m/0"):
            return "6 times 7 is 42. \\boxed{42}" if tries == 1 else tagged("6 times 7.", "So $\\boxed{42}$.")
        if rid.startswith("m/1"):
            return tagged("40 plus 2.", "So $\\boxed{41}$.")
        if rid.startswith("c/0"):
            return tagged("Read two numbers, print the sum.", f"```python\n{CODE}\n```")
        return "Here is the program:\n```python\n" + CODE + "\n```"

    def generate(self, requests, sampling):
        out = []
        for r in requests:
            self.asked.append(r.id)
            out.append(Completion(r.id, 0, self.reply(r.id), "stop", 10, 10, 0.0, None, self.model, self.name))
        return out


def make_run(tmp_path: Path, method: str = "llm") -> tuple:
    over = {"verify.isolation": "weak", "reformat.method": method}
    if method == "llm":
        over |= {"reformat.model": "rewriter", "reformat.engine": "openai", "reformat.base_url": "http://127.0.0.1:9/v1"}
    recipe = load_recipe("nano", over)
    run = RunDir.create(tmp_path / "run", recipe)
    run.store("problems").append(PROBLEMS)
    responses = {"m/0": "6 times 7 is 42, so the answer is \\boxed{42}.", "m/1": "40 + 2 = \\boxed{42}",
                 "c/0": f"I add them.\n```python\n{CODE}\n```", "c/1": f"Sum.\n```python\n{CODE}\n```"}
    run.store("generations").append([{"problem_id": p, "sample_index": 0, "response": t, "engine": "teacher"}
                                     for p, t in responses.items()])
    run.store("scores").append([{"problem_id": p, "sample_index": 0, "correct": True, "detail": "passed"} for p in responses])
    return recipe, run


def test_rewrites_are_checked_for_structure_and_verified_again(tmp_path):
    recipe, run = make_run(tmp_path)
    rewriter = Rewriter()
    counts = stage("reformat").function()(recipe, run, engine=rewriter, workers=1)
    rows = {r["problem_id"]: r for r in run.store("formatted")}
    assert rows["m/0"]["kept"] and rows["m/0"]["attempts"] == 2  # asked again after a rewrite without its tags
    assert rows["m/1"]["drop_reason"] == "reverify: wrong"  # the rewrite changed the answer: dropped
    assert rows["c/0"]["kept"] and "```python" in rows["c/0"]["formatted"]  # the code ran against the tests again
    assert rows["c/1"]["drop_reason"].startswith("structure:") and rows["c/1"]["attempts"] == recipe.reformat.max_attempts
    assert (counts["kept"], counts["dropped_structure"], counts["dropped_reverify"]) == (2, 1, 1)
    asked = len(rewriter.asked)
    again = stage("reformat").function()(recipe, run, engine=rewriter, workers=1)  # a rerun resumes: nothing asked twice
    assert len(rewriter.asked) == asked and again["rewritten"] == 4 and len(run.store("formatted")) == 4


def test_sky_t1_reformat_by_rules_on_a_run(tmp_path):
    "`sky-t1 reformat --run-dir D` reads the run's recipe (rules here) and tags every verified sample."
    make_run(tmp_path, method="rules")
    r = subprocess.run([SKY_T1, "reformat", "--run-dir", tmp_path / "run"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    counts = json.loads(r.stdout.splitlines()[-1])
    assert counts["rewritten"] == 4 and counts["kept"] == 4, counts
    rows = list(RunDir(tmp_path / "run").store("formatted"))
    assert all(row["formatted"].startswith("<|begin_of_thought|>") and row["formatter"] == "rules" for row in rows)
