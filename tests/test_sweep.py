"`sky-t1 sweep`: the plan of a seeds-and-ablation sweep (no model run), and the ablation `curate.reject: false` through the real data stages."
import json

import pytest

from sky_t1.cli import main
from sky_t1.core import load_recipe
from sky_t1.engines import Completion
from sky_t1.problems import load_problems
from sky_t1.rundir import RunDir
from sky_t1.stages import pipeline_hashes
from sky_t1.sweep import plan_sweep, run_sweep, seed_paths

NUMINA = {"name": "numina_cot", "data_files": ["package:samples/numina_cot.jsonl"],
          "options": {"sources": ["cn_k12", "orca_math", "synthetic_math", "olympiads"]}}


def test_plan_three_seeds_with_the_rejection_ablation(tmp_path, capsys):
    nano = load_recipe("nano")
    arms = plan_sweep(nano, tmp_path / "nano-sweep", 3, [{"curate.reject": False}])
    assert [a.run_dir.relative_to(tmp_path).as_posix() for a in arms] == [
        "nano-sweep/seed-0", "nano-sweep/seed-0-curate-reject-false", "nano-sweep/seed-1",
        "nano-sweep/seed-1-curate-reject-false", "nano-sweep/seed-2", "nano-sweep/seed-2-curate-reject-false"]
    for a in arms:  # every seed of the recipe set to the arm's seed; the evaluation sets as they were
        r = a.recipe.model_dump(mode="json")
        assert r["seed"] == r["teacher"]["sampling"]["seed"] == r["evaluate"]["sampling"]["seed"] == a.seed
        assert {s["options"]["seed"] for s in r["problems"]["sources"] if "seed" in s["options"]} == {a.seed}
        assert a.recipe.evaluate.benchmarks == nano.evaluate.benchmarks
        assert a.recipe.curate.decontaminate == nano.curate.decontaminate
        assert a.recipe.curate.reject is (a.ablation is None)
    assert set(seed_paths(nano)) >= {"seed", "teacher.sampling.seed", "evaluate.sampling.seed"}
    for main_arm, abl in zip(arms[::2], arms[1::2], strict=True):
        assert abl.shares_from == main_arm.run_dir and abl.seed == main_arm.seed
        assert abl.shared_stages == ["problems", "generate", "verify"]  # the teacher's samples and verdicts
        assert abl.shared_models == ["teacher", "student (base)"]  # not the student it trains
        h, g = pipeline_hashes(main_arm.recipe), pipeline_hashes(abl.recipe)
        assert [k for k in h if h[k] != g[k]] == ["reformat", "curate", "export", "train", "evaluate", "report"]
    assert pipeline_hashes(arms[0].recipe)["problems"] != pipeline_hashes(arms[2].recipe)["problems"]  # seeds draw other problems

    assert main(["sweep", "nano", "--seeds", "3", "--ablate", "curate.reject=false", "--sweep-dir", str(tmp_path / "sw"),
                 "--plan"]) == 0
    out = capsys.readouterr().out
    assert out.count("seed-") == 6 + 3  # six runs, three of them naming the main run they share from
    assert "stages problems, generate, verify" in out and "evaluate.sampling.seed" in out
    assert not (tmp_path / "sw").exists()


class HalfWrong:
    "A stand-in teacher: right on every other problem, a wrong boxed answer on the rest."
    name, model = "fake", "fake-teacher"

    def __init__(self, problems):
        self.answers = {p.id: p.answer for p in problems}
        self.wrong = {p.id for p in problems[1::2]}
        self.seen = []

    def generate(self, requests, sampling):
        self.seen += [r.id for r in requests]
        def text(i):
            return f"Working it out.\n\nSo the answer is $\\boxed{{{'12345' if i in self.wrong else self.answers[i]}}}$."
        return [Completion(r.id, j, text(r.id), "stop", 9, 9, 0.0, None, self.model, self.name)
                for r in requests for j in range(sampling.n)]


@pytest.mark.slow
def test_reject_false_keeps_wrong_traces_and_shares_the_teacher(tmp_path, monkeypatch):
    problems = load_problems("numina_cot", NUMINA["data_files"], options=NUMINA["options"])[0]
    teacher = HalfWrong(problems)
    import sky_t1.engines as engines
    monkeypatch.setattr(engines, "make_engine", lambda kind, model, **kw: teacher)
    rec = load_recipe("nano", {"teacher.model": "fake-teacher", "teacher.sampling.n": 2, "problems.sources": [NUMINA],
                               "curate.max_samples_per_problem": None, "curate.near_duplicate_threshold": 1.0})
    out = run_sweep(rec, tmp_path / "sw", 1, [{"curate.reject": False}], executor="inline", until="export",
                    log=lambda line: None, progress_bar=False)
    assert out["report"] is None  # not evaluated: no sweep report yet
    assert len(teacher.seen) == len(problems)  # the ablation took the teacher's samples from the main run
    main_run, abl = RunDir(tmp_path / "sw" / "seed-0"), RunDir(tmp_path / "sw" / "seed-0-curate-reject-false")
    stages = abl.manifest()["stages"]
    assert all(stages[s]["shared_from"] == str(main_run.path) for s in ("problems", "generate", "verify"))
    assert "shared_from" not in stages["reformat"]
    scores = list(abl.store("scores"))
    wrong = sum(not s["correct"] for s in scores)
    assert wrong == 2 * len(teacher.wrong) > 0

    kept_main = [json.loads(x) for x in main_run.file("curated").read_text().splitlines()]
    kept_abl = [json.loads(x) for x in abl.file("curated").read_text().splitlines()]
    assert all(r["kept"] for r in kept_main) and len(kept_main) == len(scores) - wrong  # rejection sampling
    assert len(kept_abl) == len(scores)  # every trace, right or wrong
    assert {r["problem_id"] for r in kept_abl if not r["kept"]} == teacher.wrong
    c = stages["curate"]["counts"]
    assert (c["reject"], c["kept_wrong"], c["kept"]) == (False, wrong, len(scores))
    assert main_run.manifest()["stages"]["curate"]["counts"]["kept_wrong"] == 0
    exported = json.loads(abl.file("sft").read_text())
    assert len(exported) == len(scores) and any("12345" in r["conversations"][1]["value"] for r in exported)
