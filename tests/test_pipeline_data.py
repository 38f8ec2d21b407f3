"The data half of the nano recipe end to end: problems -> generate -> verify -> reformat -> curate -> export."
import hashlib
import json

from sky_t1.cli import run_data_stages
from sky_t1.core import load_recipe
from sky_t1.engines import Completion
from sky_t1.nano.problems import make_problems, reference_trace
from sky_t1.pipeline import plan_run
from sky_t1.rundir import RunDir
from sky_t1.stages import pipeline_hashes, stage_hash

N_MATH, N_CODE = 12, 3


def unlucky(problem_id: str) -> bool:
    return int(hashlib.md5(problem_id.encode()).hexdigest(), 16) % 3 == 0


class ReferenceTeacher:
    """A stand-in teacher (the Engine protocol) that writes the nano reference traces, wrong on purpose for
    every third problem: the plumbing and the funnel are checked against known answers; the real engines
    are tested in test_engines_*.py and test_generate.py."""
    name, model = "reference", "nano-reference"

    def __init__(self):
        pool = make_problems("train", N_MATH, 0, "math") + make_problems("train", N_CODE, 0, "code")
        self.by_id = {p.id: p for p in pool}

    def generate(self, requests, sampling):
        out = []
        for r in requests:
            p = self.by_id[r.id]
            for j in range(sampling.n):
                text = reference_trace(p)
                if unlucky(r.id) and j == 0:  # one wrong sample for some problems
                    text = text.replace("\\boxed{", "\\boxed{9") if p.domain == "math" else "no code, sorry"
                out.append(Completion(r.id, j, text, "stop", 10, 20, 0.01, None, self.model, self.name))
        return out


def test_nano_data_pipeline_end_to_end(tmp_path, monkeypatch):
    recipe = load_recipe("nano", {"teacher.model": "nano-reference",  # not nano:teacher, which would build it
                                  "teacher.sampling.n": 2, "curate.max_samples_per_problem": 2,
                                  "problems.sources": [{"name": "nano", "split": "train",
                                                    "options": {"math": N_MATH, "code": N_CODE, "seed": 0}}]})
    run = RunDir.create(tmp_path / "run", recipe)
    teacher = ReferenceTeacher()
    import sky_t1.engines as engines
    monkeypatch.setattr(engines, "make_engine", lambda kind, model, **kw: teacher)
    funnel = run_data_stages(recipe, run, workers=2)
    n = N_MATH + N_CODE
    assert funnel["problems"] == n and funnel["generated"] == 2 * n
    scores = list(run.store("scores"))
    wrong = sum(1 for s in scores if not s["correct"])
    assert funnel["verified"] == 2 * n - wrong and wrong == sum(1 for p in teacher.by_id if unlucky(p))
    assert funnel["reformatted"] == funnel["verified"]  # the rules formatter keeps every verified trace
    assert funnel["kept"] == funnel["exported"] == funnel["reformatted"]  # cap 2, no duplicates, test split disjoint
    share = json.loads(run.file("sft").read_text())
    assert len(share) == funnel["exported"]
    assert all(r["conversations"][1]["value"].startswith("<|begin_of_thought|>") for r in share)
    stages = run.manifest()["stages"]
    assert [s for s in ("problems", "generate", "verify", "reformat", "curate", "export") if stages[s]["status"] != "done"] == []
    # a rerun does nothing new and loses nothing
    again = run_data_stages(recipe, run, workers=2)
    assert again == funnel


def test_every_stage_records_the_registry_hash_and_an_evaluation_setting_retrains_nothing(tmp_path, monkeypatch):
    "The stage registry is the one source of truth: each stage function records `stage_hash`, and the plan agrees."
    recipe = load_recipe("nano", {"teacher.model": "nano-reference",
                                  "problems.sources": [{"name": "nano", "split": "train",
                                                    "options": {"math": N_MATH, "code": N_CODE, "seed": 0}}]})
    run = RunDir.create(tmp_path / "run", recipe)
    import sky_t1.engines as engines
    teacher = ReferenceTeacher()
    monkeypatch.setattr(engines, "make_engine", lambda kind, model, **kw: teacher)
    run_data_stages(recipe, run, workers=1)
    stages = run.manifest()["stages"]
    names = ["problems", "generate", "verify", "reformat", "curate", "export"]
    assert list(stages) == names
    hashes = pipeline_hashes(recipe)
    for name in names:
        assert stages[name]["config_hash"] == stage_hash(recipe, name), name
        assert stages[name]["pipeline_hash"] == hashes[name], name
    # the curate stage reads the evaluation sets, not evaluate's settings: a bootstrap change reruns nothing here
    changed = recipe.model_copy(update={"evaluate": recipe.evaluate.model_copy(update={"bootstrap": 500, "batch_size": 3})})
    plan = {p["stage"]: p["action"] for p in plan_run(changed, run)}
    assert all(plan[n] == "skip" for n in names), plan
    assert plan["train"] == "run" and plan["evaluate"] == "run"  # never run here: run, not rerun
    # an evaluation set added is a decontamination input: the curate stage reruns, the stages before it do not
    first = recipe.evaluate.benchmarks[0]
    extra = first.model_copy(update={"name": "again", "source": first.source.model_copy(update={"limit": 3})})
    more = recipe.model_copy(update={"evaluate": recipe.evaluate.model_copy(update={"benchmarks": [*recipe.evaluate.benchmarks, extra]})})
    plan = {p["stage"]: p["action"] for p in plan_run(more, run)}
    assert [plan[n] for n in names] == ["skip"] * 4 + ["rerun", "rerun"], plan
