"STILL-2 ready traces and difficulty labels, end to end on local rows: problems -> generate -> verify -> reformat -> curate -> export."
import json

import pytest

from sky_t1.cli import run_data_stages
from sky_t1.core import RecipeError, load_recipe
from sky_t1.curate import grader_id, label_difficulty, parse_grade
from sky_t1.engines import Completion, SamplingParams
from sky_t1.problems import load_problems
from sky_t1.rundir import RunDir
from sky_t1.store import RecordStore

NUMINA = {"name": "numina_cot", "data_files": ["package:samples/numina_cot.jsonl"],
          "options": {"sources": ["cn_k12", "orca_math", "synthetic_math", "olympiads"]}}
STILL2 = {"name": "still2", "data_files": ["package:samples/still2.jsonl"]}


class Teacher:
    "A stand-in teacher (the Engine protocol) that answers each math problem with its reference answer, boxed."
    name, model = "fake", "fake-teacher"

    def __init__(self, problems):
        self.answers, self.seen = {p.id: p.answer for p in problems}, []

    def generate(self, requests, sampling):
        self.seen += [r.id for r in requests]
        return [Completion(r.id, j, f"Working it out.\n\nSo the answer is $\\boxed{{{self.answers[r.id]}}}$.", "stop", 9, 9,
                           0.0, None, self.model, self.name) for r in requests for j in range(sampling.n)]


class Grader:
    "A stand-in grader: a scripted reply per problem (the grades of the test), counting its calls."
    name, model = "fake", "fake-grader"

    def __init__(self, replies):
        self.replies, self.calls = replies, []

    def generate(self, requests, sampling):
        self.calls += [r.id for r in requests]
        return [Completion(r.id, 0, self.replies[r.id], "stop", 9, 1, 0.0, None, self.model, self.name) for r in requests]


def recipe(**curate):
    return load_recipe("nano", {"teacher.model": "fake-teacher", "teacher.sampling.n": 2, "problems.sources": [NUMINA, STILL2],
                                "curate.max_samples_per_problem": 1, "curate.near_duplicate_threshold": 1.0} |
                       {f"curate.{k}": v for k, v in curate.items()})


def test_still2_ready_traces_and_difficulty_end_to_end(tmp_path, monkeypatch):
    numina = load_problems("numina_cot", NUMINA["data_files"], options=NUMINA["options"])[0]
    still = load_problems("still2", STILL2["data_files"])[0]
    assert len(numina) == 10 and len(still) == 2
    ids = [p.id for p in numina]
    replies = {i: "Difficulty: 7" for i in ids} | {ids[0]: "3", ids[1]: "2/10", ids[2]: "hard, I think"}
    teacher, grader = Teacher(numina), Grader(replies)
    import sky_t1.engines as engines
    monkeypatch.setattr(engines, "make_engine", lambda kind, model, **kw: {"fake-teacher": teacher, "gpt-test": grader}[model])
    rec = recipe(difficulty={"model": "gpt-test", "engine": "openai", "base_url": "http://127.0.0.1:9/v1", "min": 5,
                             "sources": ["numina_cot"], "max_attempts": 2})
    run = RunDir.create(tmp_path / "run", rec)
    funnel = run_data_stages(rec, run, workers=1)

    # generate: the teacher never saw a STILL-2 problem; their one sample each is the trace, marked as such
    assert sorted(set(teacher.seen)) == sorted(ids)
    gens = list(run.store("generations"))
    ref = [g for g in gens if g["engine"] == "reference"]
    assert [(g["problem_id"], g["sample_index"], g["model"]) for g in ref] == [("still2/0", 0, "still2"), ("still2/1", 0, "still2")]
    assert [g["response"] for g in ref] == [p.meta["reference_trace"] for p in still]
    stages = run.manifest()["stages"]
    assert (stages["generate"]["counts"]["reference_samples_total"], stages["generate"]["counts"]["samples_total"]) == (2, 22)
    # verify: accepted by their source, not judged wrong for lacking an answer; counted apart
    scores = {(s["problem_id"], s["sample_index"]): s for s in run.store("scores")}
    assert all(scores[("still2/" + i, 0)]["detail"] == "reference" and scores[("still2/" + i, 0)]["correct"] for i in "01")
    v = stages["verify"]["counts"]
    assert (v["accepted_reference"], v["checked_correct"], v["correct"]) == (2, 20, 22)
    # reformat: already tagged, taken as they are and not re-verified as wrong
    fmt = {r["problem_id"]: r for r in run.store("formatted") if r["problem_id"].startswith("still2/")}
    assert all(r["kept"] and r["formatter"] == "reference" and r["verified"] == "reference" for r in fmt.values())
    assert stages["reformat"]["counts"]["kept_reference"] == 2
    # curate: difficulty drops the easy and the ungraded NuminaMath problems, never the STILL-2 ones
    drops = {json.loads(x)["problem_id"]: json.loads(x)["drop_reason"]
             for x in run.file("curate_drops").read_text().splitlines() if "over the cap" not in x}
    assert drops == {ids[0]: "easier than 5 (graded 3)", ids[1]: "easier than 5 (graded 2)",
                     ids[2]: "ungraded (the difficulty grader gave no readable grade)"}
    d = stages["curate"]["counts"]["difficulty"]
    assert (d["problems"], d["graded_now"], d["ungraded"], d["unparseable_replies"], d["by_grade"]) == (10, 9, 1, 2, {"2": 1, "3": 1, "7": 7})  # JSON keys
    assert grader.calls.count(ids[2]) == 2  # the unparseable reply was asked again (max_attempts 2)
    assert "still2/0" not in grader.calls  # graded: numina_cot only
    # export: the STILL-2 traces are training rows, under their question
    share = json.loads(run.file("sft").read_text())
    assert funnel["exported"] == len(share) == 7 + 2
    rows = {r["conversations"][0]["value"]: r["conversations"][1]["value"] for r in share}
    assert all(rows[p.question] == p.meta["reference_trace"] for p in still)

    # a rerun of the pipeline with the same recipe skips every stage: nothing is asked or written again
    calls = len(grader.calls)
    assert run_data_stages(rec, run, workers=1) == funnel and len(grader.calls) == calls
    # the curate stage run again asks only the ungraded problem; a new min reuses the grades
    from sky_t1.curate import run_curate
    run_curate(rec, run)
    grades = RecordStore(run.file("difficulty"), key=("problem_id", "grader"))
    assert len(grades) == 9 and len(grader.calls) == calls + 2  # only the ungraded problem was asked again
    rec2 = recipe(difficulty=rec.curate.difficulty.model_dump() | {"min": 3})
    f = run_curate(rec2, run)
    assert f["difficulty"]["asked"] == 1 and f["dropped"]["easier than 3"] == 2  # the 2 samples of ids[1] (graded 2)


def test_difficulty_through_the_openai_engine_and_test_server(tmp_path, monkeypatch):
    "The openai engine against the project's test server: its echo replies hold no grade, so they are retried, recorded and counted."
    from sky_t1.engines import make_engine
    from sky_t1.engines.testserver import FakeChatServer, Faults

    monkeypatch.setenv("SKY_T1_TEST_KEY", "sk-test-123")
    rows = [p.model_dump() for p in load_problems("numina_cot", NUMINA["data_files"], options=NUMINA["options"])[0]][:3]
    rows[2] = rows[2] | {"question": rows[2]["question"] + " [always:500]"}  # the server always fails this one
    store = RecordStore(tmp_path / "difficulty.jsonl", key=("problem_id", "grader"))
    with FakeChatServer(Faults(rate=0.3, kinds=("429", "500"), seed=3, retry_after=0.01), api_key="sk-test-123") as srv:
        eng = make_engine("openai", "gpt-4o-mini", base_url=srv.url, api_key_env="SKY_T1_TEST_KEY", max_attempts=3,
                          backoff=0.01, max_wait=0.05, timeout=5, seed=0)
        c = label_difficulty(rows, eng, SamplingParams(max_tokens=200), store, "g", max_attempts=2)
    assert c == {"asked": 3, "graded_now": 0, "ungraded": 3, "unparseable_replies": 4, "engine_errors": 2}
    fails = list(RecordStore(tmp_path / "difficulty.failures.jsonl", key=("problem_id", "grader", "attempt", "failed_at")))
    assert len(fails) == 6 and all(f["reply"].startswith("echo:") for f in fails if f["error"] == "no readable grade")
    assert all(parse_grade(f["reply"]) is None for f in fails) and len(store) == 0


def test_difficulty_block_is_checked():
    with pytest.raises(RecipeError, match="min is a grade from 1 to 10"):
        recipe(difficulty={"model": "m", "engine": "openai", "min": 11})
    with pytest.raises(RecipeError, match="min_difficulty: unknown key"):  # the old key that did nothing is gone
        load_recipe("nano", {"curate.min_difficulty": 5})
    d = recipe(difficulty={"model": "m", "engine": "openai", "min": 5}).curate.difficulty
    assert grader_id(d) == grader_id(d.model_copy(update={"min": 8, "sources": ["x"]}))  # the grades do not depend on min
    assert grader_id(d) != grader_id(d.model_copy(update={"prompt": "Grade it."}))
