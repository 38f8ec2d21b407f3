"""Source adapters on the real data files in shared/data, the hub path (with a fake `load_dataset`),
GPQA gating and shuffling, parquet input, invalid rows and the private-test decoder."""

from __future__ import annotations

import base64
import datetime
import json
import os
import pickle
import re
import warnings
import zlib
from pathlib import Path
from types import SimpleNamespace

import pytest

import sky_t1.problem as problems_mod
from sky_t1.core import SkyT1Error
from sky_t1.problem import GatedDatasetError, Problem, RowError, last_boxed
from sky_t1.problems import SOURCES, load_problems
from sky_t1.sources_code import decode_private_tests, lcb_files

DATA = Path(__file__).resolve().parent / "data" / "shared" / "data"  # copies of shared/data (tests/data/README.md)

MATH500 = "eval/math500.jsonl"
AIME24 = "eval/aime24.jsonl"
AIME25 = "eval/aime25.jsonl"
AMC23 = "eval/amc23.jsonl"
OLYMPIAD = "eval/olympiadbench_math_en.jsonl"
LCB = "eval/livecodebench_code_generation_lite_sample.jsonl"
APPS = "train_samples/apps_train_sample.jsonl"
TACO = "train_samples/taco_train_hf_schema_sample.jsonl"
NUMINA = "train_samples/numina_cot_train_sample.jsonl"


def data_file(rel: str) -> Path:
    "A copied file of shared/data (tests/data/shared/data)."
    p = DATA / rel
    assert p.is_file(), f"test data file missing: {p} (copied from shared/data: tests/data/README.md)"
    return p


def raw_rows(rel: str) -> list[dict]:
    return [json.loads(line) for line in data_file(rel).read_text(encoding="utf-8").splitlines() if line.strip()]


def load_clean(name: str, rel: str, **kw) -> list[Problem]:
    "Load a whole real file, stopping at any invalid row."
    problems, report = load_problems(name, [str(data_file(rel))], on_invalid="error", **kw)
    assert report.invalid == []
    assert report.kept == len(problems)
    return problems


def by_id(problems: list[Problem]) -> dict[str, Problem]:
    return {p.id: p for p in problems}


# ---------------------------------------------------------------- real files, local path

@pytest.mark.parametrize("name,rel,count", [
    ("math500", MATH500, 500),
    ("aime24", AIME24, 30),
    ("aime25", AIME25, 30),
    ("amc23", AMC23, 40),
    ("olympiadbench", OLYMPIAD, 675),
])
def test_math_sets_load_whole(name, rel, count):
    problems, report = load_problems(name, [str(data_file(rel))])
    assert report.invalid == []
    assert report.read == report.kept == count
    assert dict(report.filtered) == {}
    assert len(problems) == count
    assert len({p.id for p in problems}) == count
    for p in problems:
        assert p.source == name and p.domain == "math"
        assert p.id.startswith(f"{name}/")
        assert isinstance(p.answer, str) and p.answer.strip() != ""
        assert p.question.strip() != ""
        assert p.tests is None


def test_math500_fields():
    rows = raw_rows(MATH500)
    problems = load_clean("math500", MATH500)
    assert [p.id for p in problems] == [f"math500/{r['unique_id']}" for r in rows]
    for p, r in zip(problems, rows, strict=True):
        assert p.question == r["problem"]
        assert p.answer == r["answer"].strip()
        assert p.difficulty == str(r["level"])
        assert p.meta["subject"] == r["subject"]


def test_aime24_keeps_zero_padded_answers():
    rows = raw_rows(AIME24)
    problems = load_clean("aime24", AIME24)
    answers = [p.answer for p in problems]
    assert answers == [r["answer"] for r in rows]
    assert all(len(a) == 3 and a.isdigit() for a in answers)
    assert "025" in answers and "073" in answers  # not turned into 25 / 73
    assert by_id(problems)["aime24/67"].answer == "025"
    assert all("2024" in p.meta["url"] for p in problems)


def test_aime25_answers_and_ids():
    rows = raw_rows(AIME25)
    problems = load_clean("aime25", AIME25)
    assert [p.id for p in problems] == [f"aime25/{r['id']}" for r in rows]
    assert [p.answer for p in problems] == [r["answer"] for r in rows]


def test_amc23_float_answers_become_integers():
    rows = raw_rows(AMC23)
    problems = load_clean("amc23", AMC23)
    assert isinstance(rows[0]["answer"], float) and rows[0]["answer"] == 27.0
    assert problems[0].answer == "27"
    assert [p.answer for p in problems] == [str(int(r["answer"])) for r in rows]
    assert "-1" in [p.answer for p in problems]
    assert not any(p.answer.endswith(".0") for p in problems)


def test_olympiadbench_answers_and_context():
    rows = raw_rows(OLYMPIAD)
    problems = load_clean("olympiadbench", OLYMPIAD)
    for p, r in zip(problems, rows, strict=True):
        assert p.id == f"olympiadbench/{r['id']}"
        assert p.meta["final_answer"] == [a.strip() for a in r["final_answer"]]
        assert p.answer == ", ".join(a.strip() for a in r["final_answer"])
        assert p.question.endswith(r["question"])
        if (r.get("context") or "").strip():
            assert p.question.startswith(r["context"].strip())
    multi = [p for p in problems if p.meta["is_multiple_answer"]]
    assert len(multi) == 94
    assert len([p for p in problems if p.meta["unit"]]) == 8


def test_apps_parses_tests():
    rows = {r["problem_id"]: r for r in raw_rows(APPS)}
    problems = load_clean("apps", APPS, split="train")
    assert len(problems) == 5
    got = by_id(problems)
    assert set(got) == {f"apps/train/{pid}" for pid in (1, 111, 2287, 2404, 4184)}
    for pid in (1, 111, 2287):  # stdin problems
        p = got[f"apps/train/{pid}"]
        io = json.loads(rows[pid]["input_output"])
        assert p.tests.fn_name is None
        assert p.tests.inputs == io["inputs"] and p.tests.outputs == io["outputs"]
        assert all(isinstance(x, str) for x in p.tests.inputs)
    assert got["apps/train/2404"].tests.fn_name == "findKthPositive"
    assert got["apps/train/4184"].tests.fn_name == "is_prime"
    assert got["apps/train/2404"].starter_code  # class Solution: ...
    for p in problems:
        assert p.domain == "code" and p.answer is None
        assert len(p.tests.inputs) == len(p.tests.outputs) >= 1
        assert p.difficulty == rows[int(p.id.rsplit("/", 1)[1])]["difficulty"]
        assert p.meta["split"] == "train"


def test_apps_difficulty_filter():
    problems, report = load_problems("apps", [str(data_file(APPS))], options={"difficulties": ["introductory"]})
    assert sorted(p.tests.fn_name for p in problems) == ["findKthPositive", "is_prime"]
    assert dict(report.filtered) == {"difficulty": 3}
    problems, _ = load_problems("apps", [str(data_file(APPS))], options={"difficulties": "COMPETITION"})
    assert [p.id for p in problems] == ["apps/test/2287"]  # default split is test


def test_taco_row_has_94_tests():
    row = raw_rows(TACO)[0]
    (p,) = load_clean("taco", TACO)
    assert p.id == "taco/train/0"
    assert len(p.tests.inputs) == len(p.tests.outputs) == 94
    assert p.tests.fn_name is None
    assert p.difficulty == row["difficulty"] == "HARD"
    assert p.question == row["question"] and "\u200b" in p.question  # kept as is
    assert p.meta["url"] == row["url"] and p.meta["split"] == "train"


def test_taco_difficulty_filter():
    f = [str(data_file(TACO))]
    assert len(load_problems("taco", f, options={"difficulties": ["hard"]})[0]) == 1
    problems, report = load_problems("taco", f, options={"difficulties": ["EASY", "MEDIUM"]})
    assert problems == [] and dict(report.filtered) == {"difficulty": 1}


def test_livecodebench_public_and_private_tests():
    row = raw_rows(LCB)[0]
    (p,) = load_clean("livecodebench", LCB)
    public = json.loads(row["public_test_cases"])
    private = decode_private_tests(row["private_test_cases"])
    assert len(public) == 1 and len(private) == 4
    assert all(c["testtype"] == "stdin" for c in public + private)
    assert p.id == "livecodebench/1873_A"
    assert p.meta["public_tests"] == 1 and p.meta["private_tests"] == 4
    assert p.tests.fn_name is None
    assert p.tests.inputs == [c["input"] for c in public + private]
    assert p.tests.outputs == [c["output"] for c in public + private]
    assert p.meta["contest_date"] == "2023-08-21"
    assert p.difficulty == "easy" and p.starter_code is None


@pytest.mark.parametrize("options,kept", [
    ({"difficulties": ["easy"]}, 1),
    ({"difficulties": ["EASY"]}, 1),
    ({"difficulties": ["medium", "hard"]}, 0),
    ({"start_date": "2023-08-21", "end_date": "2023-08-21"}, 1),  # bounds are inclusive
    ({"start_date": "2023-08-01"}, 1),
    ({"start_date": "2023-08-22"}, 0),
    ({"end_date": "2023-08-20"}, 0),
    ({"start_date": datetime.date(2023, 9, 1)}, 0),  # what `--option start_date=2023-09-01` gives (YAML)
    ({"end_date": datetime.date(2023, 12, 31)}, 1),
])
def test_livecodebench_filters(options, kept):
    problems, report = load_problems("livecodebench", [str(data_file(LCB))], options=options)
    assert len(problems) == kept
    assert report.read == 1 and report.invalid == []
    if not kept:
        assert sum(report.filtered.values()) == 1


def test_numina_default_keeps_only_olympiads():
    rows = raw_rows(NUMINA)
    problems, report = load_problems("numina_cot", [str(data_file(NUMINA))], on_invalid="error")
    (p,) = problems
    i = next(i for i, r in enumerate(rows) if r["source"] == "olympiads")
    assert p.id == f"numina_cot/{i}"
    assert p.meta["numina_source"] == "olympiads"
    assert p.answer == last_boxed(rows[i]["solution"]) and p.answer
    assert p.question == rows[i]["problem"].strip()
    assert report.read == 10 and dict(report.filtered) == {"source": 9}


def test_numina_sources_and_head_options():
    f = [str(data_file(NUMINA))]
    problems, report = load_problems("numina_cot", f, options={"sources": ["cn_k12"]})
    assert {p.meta["numina_source"] for p in problems} == {"cn_k12"}
    assert report.kept + sum(report.filtered.values()) == 10
    head, _ = load_problems("numina_cot", f, options={"sources": ["cn_k12"], "head": 1})
    assert len(head) <= 1 and [p.id for p in head] == [p.id for p in problems][:1]


def test_unknown_option_and_source():
    with pytest.raises(SkyT1Error, match="unknown option 'nope'"):
        load_problems("math500", [str(data_file(MATH500))], options={"nope": 1})
    with pytest.raises(SkyT1Error, match="unknown source 'nope'"):
        load_problems("nope", [str(data_file(MATH500))])


def test_limit():
    problems, report = load_problems("math500", [str(data_file(MATH500))], limit=3)
    assert len(problems) == 3 and report.read == 3


# ---------------------------------------------------------------- hub path, with a fake load_dataset

@pytest.fixture
def hub(monkeypatch):
    "Replace `datasets.load_dataset` with a fake serving `hub.tables[(path, config)]` and recording its calls."
    datasets = pytest.importorskip("datasets")
    state = SimpleNamespace(calls=[], tables={}, error=None)

    def fake_load_dataset(path, name=None, **kwargs):
        state.calls.append((path, name, kwargs))
        if state.error:
            raise state.error
        return datasets.Dataset.from_list(state.tables[(path, name)])

    monkeypatch.setattr(datasets, "load_dataset", fake_load_dataset)
    monkeypatch.setattr(problems_mod, "hf_token", lambda: "hf_test_token")  # no real token is ever read
    return state


def dumps(problems):
    return [p.model_dump(mode="json") for p in problems]


@pytest.mark.parametrize("name,rel,path,config,kwargs,count", [
    ("math500", MATH500, "HuggingFaceH4/MATH-500", None, {"split": "test"}, 500),
    ("amc23", AMC23, "AI-MO/aimo-validation-amc", None, {"split": "train"}, 40),
    ("olympiadbench", OLYMPIAD, "Hothan/OlympiadBench", "OE_TO_maths_en_COMP", {"split": "train"}, 675),
    ("apps", APPS, "codeparrot/apps", None, {"split": "test", "data_files": {"test": "test.jsonl"}}, 5),
    ("taco", TACO, "BAAI/TACO", None, {"split": "train", "data_files": {"train": "train/*.arrow"}}, 1),
    ("livecodebench", LCB, "livecodebench/code_generation_lite", None,
     {"split": "test", "data_files": {"test": ["test.jsonl", "test2.jsonl"]}}, 1),
    ("numina_cot", NUMINA, "AI-MO/NuminaMath-CoT", None, {"split": "train"}, 1),
])
def test_hub_ids_configs_splits(hub, name, rel, path, config, kwargs, count):
    hub.tables[(path, config)] = raw_rows(rel)
    problems, report = load_problems(name, on_invalid="error")
    assert hub.calls == [(path, config, kwargs)]
    assert len(problems) == count and report.invalid == []
    assert SOURCES[name].hub.path == path
    # the same rows read locally give the same problems
    assert dumps(problems) == dumps(load_problems(name, [str(data_file(rel))])[0])


@pytest.mark.parametrize("name,split,files", [
    ("apps", "train", {"train": "train.jsonl"}),
    ("taco", "test", {"test": "test/*.arrow"}),
])
def test_hub_data_files_follow_split(hub, name, split, files):
    hub.tables[(SOURCES[name].hub.path, None)] = raw_rows(APPS if name == "apps" else TACO)
    problems, _ = load_problems(name, split=split)
    assert hub.calls == [(SOURCES[name].hub.path, None, {"split": split, "data_files": files})]
    assert all(p.id.startswith(f"{name}/{split}/") for p in problems)


def test_hub_unknown_split_of_data_files_source(hub):
    with pytest.raises(SkyT1Error, match="no split 'validation'"):
        load_problems("apps", split="validation")
    assert hub.calls == []


def test_hub_livecodebench_version_tag(hub):
    hub.tables[("livecodebench/code_generation_lite", None)] = raw_rows(LCB)
    load_problems("livecodebench", options={"version_tag": "v2_v3"})
    assert hub.calls[-1][2] == {"split": "test", "data_files": {"test": ["test2.jsonl", "test3.jsonl"]}}


def test_hub_aime24_keeps_only_2024(hub):
    rows24 = raw_rows(AIME24)
    rows23 = [r | {"id": r["id"] - 60, "url": r["url"].replace("2024_AIME", "2023_AIME")} for r in rows24]
    assert all("2024" not in r["url"] for r in rows23)
    hub.tables[("AI-MO/aimo-validation-aime", None)] = rows23 + rows24
    problems, report = load_problems("aime24")
    assert hub.calls == [("AI-MO/aimo-validation-aime", None, {"split": "train"})]
    assert len(problems) == 30 and report.read == 60
    assert dict(report.filtered) == {"year": 30}
    assert [p.id for p in problems] == [f"aime24/{r['id']}" for r in rows24]
    assert [p.answer for p in problems] == [r["answer"] for r in rows24]  # "025" stays


def test_hub_aime25_concatenates_two_configs(hub):
    # the opencompass/AIME2025 schema: question, answer (no id, no url)
    rows = [{"question": r["problem"], "answer": r["answer"]} for r in raw_rows(AIME25)]
    hub.tables[("opencompass/AIME2025", "AIME2025-I")] = rows[:15]
    hub.tables[("opencompass/AIME2025", "AIME2025-II")] = rows[15:]
    problems, report = load_problems("aime25", on_invalid="error")
    assert hub.calls == [("opencompass/AIME2025", "AIME2025-I", {"split": "test"}),
                         ("opencompass/AIME2025", "AIME2025-II", {"split": "test"})]
    assert len(problems) == 30 and report.read == 30
    assert [p.question for p in problems] == [r["question"] for r in rows]
    assert [p.answer for p in problems] == [r["answer"] for r in rows]
    assert len({p.id for p in problems}) == 30  # row indices continue across configs


def test_hub_load_failure_is_one_clear_error(hub):
    hub.error = ConnectionError("no network")
    with pytest.raises(SkyT1Error, match=r"could not load HuggingFaceH4/MATH-500:test.*--data-files"):
        load_problems("math500")


# ---------------------------------------------------------------- GPQA: gated, deterministic shuffle

def gpqa_rows(n: int = 16) -> list[dict]:
    return [{"Record ID": f"rec{i:03d}", "Question": f"Synthetic question {i}?", "Correct Answer": "Correct Answer",
             "Incorrect Answer 1": "Incorrect Answer 1", "Incorrect Answer 2": "Incorrect Answer 2",
             "Incorrect Answer 3": "Incorrect Answer 3", "Subdomain": "Physics (general)",
             "High-level domain": "Physics"} for i in range(n)]


def test_gpqa_gated_without_token(hub, monkeypatch):
    monkeypatch.setattr(problems_mod, "hf_token", lambda: None)
    hub.tables[("Idavidrein/gpqa", "gpqa_diamond")] = gpqa_rows()
    with pytest.raises(GatedDatasetError, match="HF_TOKEN") as e:
        load_problems("gpqa_diamond")
    assert "--data-files" in str(e.value) and isinstance(e.value, SkyT1Error)
    assert hub.calls == []


def test_gpqa_with_token_calls_the_hub(hub):
    hub.tables[("Idavidrein/gpqa", "gpqa_diamond")] = gpqa_rows()
    problems, report = load_problems("gpqa_diamond", on_invalid="error")
    assert hub.calls == [("Idavidrein/gpqa", "gpqa_diamond", {"split": "train"})]
    assert len(problems) == 16 and report.invalid == []


def test_gpqa_local_file_needs_no_token(monkeypatch, tmp_path):
    monkeypatch.setattr(problems_mod, "hf_token", lambda: None)
    f = tmp_path / "gpqa.jsonl"
    f.write_text("".join(json.dumps(r) + "\n" for r in gpqa_rows(3)))
    assert len(load_problems("gpqa_diamond", [str(f)])[0]) == 3


def test_gpqa_shuffle_deterministic_and_gold_correct(hub):
    hub.tables[("Idavidrein/gpqa", "gpqa_diamond")] = gpqa_rows()
    first, _ = load_problems("gpqa_diamond")
    second, _ = load_problems("gpqa_diamond")
    assert [p.answer for p in first] == [p.answer for p in second]
    assert dumps(first) == dumps(second)
    for p in first:
        assert p.domain == "science" and p.answer in "ABCD" and len(p.answer) == 1
        assert sorted(p.meta["choices"]) == ["A", "B", "C", "D"]
        assert p.meta["choices"][p.answer] == "Correct Answer"
        assert sorted(p.meta["choices"].values()) == ["Correct Answer", "Incorrect Answer 1",
                                                      "Incorrect Answer 2", "Incorrect Answer 3"]
        for k, v in p.meta["choices"].items():
            assert f"{k}) {v}" in p.question
    letters = [p.answer for p in first]
    assert len(set(letters)) >= 3, letters  # spread over the letters, not always "A"
    other_seed, _ = load_problems("gpqa_diamond", options={"seed": 1})
    assert [p.answer for p in other_seed] != letters


# ---------------------------------------------------------------- parquet, json, invalid rows

def test_parquet_copy_of_math500(tmp_path, monkeypatch):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    datasets = pytest.importorskip("datasets")
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", str(tmp_path / "hf_cache"))
    rows = raw_rows(MATH500)
    path = tmp_path / "math500.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    from_parquet, report = load_problems("math500", [str(path)], on_invalid="error")
    from_jsonl = load_clean("math500", MATH500)
    assert report.read == report.kept == 500
    assert dumps(from_parquet) == dumps(from_jsonl)


def test_json_array_file(tmp_path):
    rows = raw_rows(AIME24)
    path = tmp_path / "aime24.json"
    path.write_text(json.dumps(rows))
    assert dumps(load_problems("aime24", [str(path)])[0]) == dumps(load_clean("aime24", AIME24))


def test_unsupported_file_type(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("problem,answer\n")
    with pytest.raises(SkyT1Error, match="unsupported data file type"):
        load_problems("math500", [str(path)])


def test_missing_file():
    with pytest.raises(SkyT1Error, match="data file not found"):
        load_problems("math500", ["/nonexistent/dir/math500.jsonl"])


@pytest.fixture
def bad_rows_file(tmp_path):
    "math500 rows: line 1 good, line 2 blank, line 3 no answer, line 4 good, line 5 answer null."
    r = raw_rows(MATH500)[:3]
    lines = [json.dumps(r[0]), "", json.dumps({k: v for k, v in r[1].items() if k != "answer"}),
             json.dumps(r[2]), json.dumps(r[0] | {"answer": None, "unique_id": "x"})]
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_invalid_row_skipped_and_reported(bad_rows_file):
    with pytest.warns(UserWarning) as caught:
        problems, report = load_problems("math500", [str(bad_rows_file)], on_invalid="skip")
    assert [str(w.message) for w in caught] == report.invalid
    assert len(problems) == 2 and report.read == 4
    assert len(report.invalid) == 2
    assert f"{bad_rows_file}:3" in report.invalid[0] and "answer" in report.invalid[0]
    assert f"{bad_rows_file}:5" in report.invalid[1] and "answer" in report.invalid[1]
    assert "invalid: 2" in str(report)


def test_invalid_row_raises_on_error(bad_rows_file):
    with pytest.raises(RowError, match=re.escape(f"{bad_rows_file}:3") + r".*missing field.*answer"):
        load_problems("math500", [str(bad_rows_file)], on_invalid="error")


@pytest.mark.parametrize("on_invalid", ["skip", "error"])
def test_malformed_json_line_names_file_and_line(tmp_path, on_invalid):
    path = tmp_path / "broken.jsonl"
    good = json.dumps(raw_rows(MATH500)[0])
    path.write_text(f"{good}\n{good[:-5]}\n{good}\n")
    with pytest.raises(RowError, match=re.escape(f"{path}:2") + ": not valid JSON"):
        load_problems("math500", [str(path)], on_invalid=on_invalid)


def test_jsonl_line_must_be_an_object(tmp_path):
    path = tmp_path / "list.jsonl"
    path.write_text("[1, 2]\n")
    with pytest.raises(RowError, match=re.escape(f"{path}:1") + ".*JSON object"):
        load_problems("math500", [str(path)])


def test_jsonl_with_raw_line_separator_in_string(tmp_path):
    path = tmp_path / "u2028.jsonl"
    rows = [{"problem": "first\u2028line", "answer": "1"}, {"problem": "next\x85line", "answer": "2"}]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    problems, report = load_problems("math500", [str(path)])
    assert [p.question for p in problems] == [r["problem"] for r in rows]


def test_wrongly_typed_field_is_an_invalid_row(tmp_path):
    path = tmp_path / "typed.jsonl"
    path.write_text(json.dumps({"problem": 12345, "answer": "1"}) + "\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        problems, report = load_problems("math500", [str(path)], on_invalid="skip")
    assert problems == [] and len(report.invalid) == 1 and f"{path}:1" in report.invalid[0]


# ---------------------------------------------------------------- LiveCodeBench private tests, version tags

def blob(obj) -> str:
    return base64.b64encode(zlib.compress(pickle.dumps(obj))).decode()


def test_decode_private_tests_plain_data():
    cases = [{"input": "1\n", "output": "2\n", "testtype": "stdin"}]
    assert decode_private_tests(blob(json.dumps(cases))) == cases  # the LiveCodeBench layout: pickled JSON text
    assert decode_private_tests(blob(cases)) == cases  # a pickled list is accepted too
    assert decode_private_tests(json.dumps(cases)) == cases  # plain JSON
    assert decode_private_tests("") == []


class _Evil:
    def __init__(self, target: str):
        self.target = target

    def __reduce__(self):
        return (os.mkdir, (self.target,))


def test_decode_private_tests_refuses_callables(tmp_path):
    with pytest.raises(RowError, match="only plain data"):
        decode_private_tests(blob(os.system))
    target = tmp_path / "pwned"
    with pytest.raises(RowError, match="only plain data"):
        decode_private_tests(blob(_Evil(str(target))))
    assert not target.exists()
    with pytest.raises(RowError, match="only plain data"):
        decode_private_tests(blob([{"input": "1", "output": "1", "testtype": "stdin", "x": _Evil(str(target))}]))
    assert not target.exists()


def test_decode_private_tests_garbage_is_row_error():
    with pytest.raises(RowError, match="cannot be decoded"):
        decode_private_tests("this is not base64 zlib pickle")


def test_decode_private_tests_bad_json_list_is_row_error():
    with pytest.raises(RowError):
        decode_private_tests("[not json")


def test_livecodebench_row_with_evil_pickle_is_invalid(tmp_path):
    row = raw_rows(LCB)[0] | {"private_test_cases": blob(os.system)}
    path = tmp_path / "lcb.jsonl"
    path.write_text(json.dumps(row) + "\n")
    with pytest.warns(UserWarning, match="only plain data"):
        problems, report = load_problems("livecodebench", [str(path)])
    assert problems == [] and len(report.invalid) == 1 and f"{path}:1" in report.invalid[0]


@pytest.mark.parametrize("tag,files", [
    ("release_v1", ["test.jsonl"]),
    ("release_v2", ["test.jsonl", "test2.jsonl"]),
    ("release_v4", ["test.jsonl", "test2.jsonl", "test3.jsonl", "test4.jsonl"]),
    ("v1", ["test.jsonl"]),
    ("v3", ["test3.jsonl"]),
    ("v2_v4", ["test2.jsonl", "test3.jsonl", "test4.jsonl"]),
])
def test_lcb_files(tag, files):
    assert lcb_files(tag) == files


def test_lcb_files_unknown_tag():
    with pytest.raises(SkyT1Error, match="unknown LiveCodeBench version_tag"):
        lcb_files("latest")
