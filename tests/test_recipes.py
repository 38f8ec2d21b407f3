"The packaged recipes: the published one carries the release's figures exactly; errors name key, line and file."
import re
from pathlib import Path

import pytest
import yaml
from conftest import SHARED

from sky_t1.core import Recipe, RecipeError, config_hash, list_recipes, load_recipe, recipe_path


def test_every_packaged_recipe_loads():
    assert {"nano", "sky-t1-preview"} <= set(list_recipes())
    for name in list_recipes():
        assert load_recipe(name).name == name


def test_preview_carries_the_published_figures():
    r = load_recipe("sky-t1-preview")
    t = r.train
    assert (t.base_model, t.method, t.epochs, t.learning_rate, t.global_batch_size, t.cutoff_len) == (
        "Qwen/Qwen2.5-32B-Instruct", "full", 3, 1e-5, 96, 16384)
    assert (t.gpus, t.gpu_type, t.framework) == (8, "H100", "deepspeed_zero3_offload")
    assert r.teacher.model == "Qwen/QwQ-32B-Preview" and r.teacher.engine == "vllm"
    assert (r.teacher.tensor_parallel_size, r.teacher.sampling.temperature, r.teacher.sampling.max_tokens) == (8, 0, 16384)
    assert (r.reformat.model, r.reformat.sampling.temperature) == ("gpt-4o-mini", 0.7)
    p = r.published
    assert (p.samples, p.train_hours, p.gpu_hours, p.train_cost_usd, p.reformat_cost_usd) == (17000, 19, 152, 450, 100)
    assert p.gpu_hours == t.gpus * p.train_hours
    assert abs(t.usd_per_gpu_hour * p.gpu_hours - p.train_cost_usd) < 1
    assert p.mixture == {"code": 5000, "math": 10000, "science_puzzle": 1000}
    sources = [(s.name, s.split, s.options) for s in r.problems.sources]
    assert ("numina_cot", None, {"sources": ["amc_aime"]}) in sources
    assert ("numina_cot", None, {"sources": ["math"]}) in sources
    assert ("numina_cot", None, {"sources": ["olympiads"], "head": 20000}) in sources
    assert ("apps", "test", {}) in sources
    assert ("taco", "train", {"difficulties": ["MEDIUM"]}) in sources
    assert ("taco", "test", {}) in sources
    assert ("still2", None, {"domains": ["physics", "chemistry", "biology", "puzzle"]}) in sources
    # every benchmark of the published table is evaluated (and AIME25, AMC23), with the training system prompt
    assert {b.name for b in r.evaluate.benchmarks} == set(r.published.results) | {"aime25", "amc23"}
    assert r.evaluate.system_prompt == t.system_prompt
    assert (t.global_batch_size, t.micro_batch_size, t.gpus) == (96, 1, 8)


def _published_table() -> dict[str, dict[str, float]]:
    "The results table of shared/reference/SKY_T1.md (copied into tests/data/shared), parsed."
    text = (SHARED / "reference" / "SKY_T1.md").read_text()
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    header = next(r for r in rows if "Sky-T1-32B-Preview" in r and "benchmark" in r)
    models = [c.strip() for c in header.strip("|").split("|")][1:]
    table = {}
    for r in rows[rows.index(header) + 2:]:
        cells = [c.strip() for c in r.strip("|").split("|")]
        if len(cells) != len(models) + 1 or not re.match(r"[\d.]+", cells[1]):
            break
        table[cells[0]] = {m: float(re.match(r"[\d.]+", c)[0]) for m, c in zip(models, cells[1:], strict=True)}
    return table


def test_preview_results_match_the_reference_table():
    names = {"MATH500": "math500", "AIME2024": "aime24", "LiveCodeBench-Easy": "livecodebench_easy",
             "LiveCodeBench-Medium": "livecodebench_medium", "LiveCodeBench-Hard": "livecodebench_hard",
             "GPQA-Diamond": "gpqa_diamond", "OlympiadBench (math, en)": "olympiadbench"}
    ref = _published_table()
    assert set(ref) == set(names)
    ours = load_recipe("sky-t1-preview").published.results
    for k, v in ref.items():
        assert ours[names[k]] == v, k


def test_system_prompts_are_verbatim():
    ref = SHARED / "reference"
    r = load_recipe("sky-t1-preview")
    assert r.teacher.system_prompt == (ref / "qwen_cot_system_prompt.txt").read_text()
    assert r.train.system_prompt == (ref / "sky_t1_system_prompt.txt").read_text()


def test_templates_render_like_the_reference_evaluation():
    r = load_recipe("sky-t1-preview")
    assert r.templates["math"].format(question="Q", starter_code="") == "Return your final response within \\boxed{}. Q"
    assert "only include the letter choice (A, B, C, or D)" in r.templates["mcq"]


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "r.yaml"
    p.write_text(text)
    return p


BASE = "name: x\ndescription: d\ntemplates: {math: '{question}'}\nproblems:\n  sources:\n    - name: math500\n"


def test_unknown_key_names_key_line_and_file(tmp_path):
    p = _write(tmp_path, BASE + "    - name: apps\n      splt: test\n")
    with pytest.raises(RecipeError) as e:
        load_recipe(p)
    msg = str(e.value)
    assert str(p) in msg and "line 8: problems.sources.1.splt: unknown key" in msg


def test_wrong_type_and_missing_field_reported_together(tmp_path):
    p = _write(tmp_path, BASE + "teacher:\n  model: m\n  engine: vllm\n  system_prompt: s\n  tensor_parallel_size: eight\n")
    with pytest.raises(RecipeError) as e:
        load_recipe(p)
    msg = str(e.value)
    assert "2 problem(s)" in msg
    assert "line 11: teacher.tensor_parallel_size" in msg and "eight" in msg
    assert "teacher.sampling: missing field" in msg


def test_bad_engine_value(tmp_path):
    p = _write(tmp_path, BASE + "teacher: {model: m, engine: tgi, system_prompt: s, sampling: {max_tokens: 8}}\n")
    with pytest.raises(RecipeError, match="teacher.engine"):
        load_recipe(p)


def test_not_yaml_and_not_a_mapping(tmp_path):
    with pytest.raises(RecipeError, match="not valid YAML"):
        load_recipe(_write(tmp_path, "name: [unclosed\n"))
    with pytest.raises(RecipeError, match="YAML mapping"):
        load_recipe(_write(tmp_path, "- a\n- b\n"))
    with pytest.raises(RecipeError, match="not found"):
        load_recipe(tmp_path / "missing.yaml")


def test_template_with_unknown_field(tmp_path):
    with pytest.raises(RecipeError, match="unknown field"):
        load_recipe(_write(tmp_path, BASE.replace("'{question}'", "'{problem}'")))


def test_overrides_and_hash():
    a, b = load_recipe("nano"), load_recipe("nano", {"problems.on_invalid_row": "skip"})
    assert b.problems.on_invalid_row == "skip" and config_hash(a) != config_hash(b)
    assert config_hash(a) == config_hash(load_recipe("nano"))


def test_resolved_recipe_round_trips(tmp_path):
    r = load_recipe("sky-t1-preview")
    p = _write(tmp_path, yaml.safe_dump(r.model_dump(mode="json"), sort_keys=False))
    assert load_recipe(p) == r


# ---------------------------------------------------------------- issue 13: a recipe that means what it says

def test_preview_system_prompt_is_written_once():
    "train.system_prompt and evaluate.system_prompt are one YAML anchor: the same text, written once."
    text = recipe_path("sky-t1-preview").read_text()
    assert text.count("Your role as an assistant involves") == 1
    assert "system_prompt: &training_system_prompt" in text and "system_prompt: *training_system_prompt" in text
    r = load_recipe("sky-t1-preview")
    assert r.evaluate.system_prompt == r.train.system_prompt and len(r.train.system_prompt) > 1200
    ref = SHARED / "reference" / "sky_t1_system_prompt.txt"
    if ref.exists():
        assert r.evaluate.system_prompt == ref.read_text()


def test_preview_output_caps_are_stated():
    "No stage samples under a silent 1024-token cap: reformat states 16,384 (ours), evaluate the 32,768 context."
    from sky_t1.engines import SamplingParams

    r = load_recipe("sky-t1-preview")
    assert isinstance(r.teacher.sampling, SamplingParams)  # one type: the recipe block is the engine's settings
    assert r.reformat.sampling.max_tokens == 16384 and r.teacher.sampling.max_tokens == 16384
    assert r.evaluate.sampling.max_tokens is None and r.evaluate.max_model_len == 32768
    assert SamplingParams().max_tokens is None  # null stays null: each engine resolves it to the model's limit


def test_packing_default_is_off_like_the_recipes():
    raw = yaml.safe_load(recipe_path("nano").read_text())
    del raw["train"]["packing"]
    assert Recipe.model_validate(raw).train.packing is False


@pytest.mark.parametrize("override, needle", [
    ({"verify.code_timeout": -5}, "verify.code_timeout: Input should be greater than 0"),
    ({"verify.math_timeout": float("nan")}, "verify.math_timeout: Input should be a finite number"),
    ({"teacher.sampling.n": -1}, "teacher.sampling.n: Input should be greater than or equal to 1"),
    ({"teacher.sampling.top_p": 0}, "teacher.sampling.top_p: Input should be greater than 0"),
    ({"teacher.sampling.max_tokens": 0}, "teacher.sampling.max_tokens: Input should be greater than or equal to 1"),
    ({"teacher.replicas": 0}, "teacher.replicas"), ({"teacher.tensor_parallel_size": 0}, "teacher.tensor_parallel_size"),
    ({"train.learning_rate": 0}, "train.learning_rate"), ({"train.epochs": float("inf")}, "train.epochs"),
    ({"train.warmup_ratio": 1}, "train.warmup_ratio"), ({"train.cutoff_len": 0}, "train.cutoff_len"),
    ({"train.micro_batch_size": 3}, "train.global_batch_size: 8 is not a multiple of micro_batch_size 3"),
    ({"curate.near_duplicate_threshold": 1.5}, "curate.near_duplicate_threshold"),
    ({"evaluate.confidence": 1}, "evaluate.confidence"), ({"evaluate.bootstrap": 0}, "evaluate.bootstrap"),
    ({"evaluate.pass_k": [1, 4]}, "evaluate.pass_k: pass@[4] needs at least that many samples"),
    ({"evaluate.max_model_len": 100}, "evaluate.sampling.max_tokens: 192 leaves no room for a prompt"),
    ({"reformat.model": "m"}, "reformat.model: method rules uses no model"),
    ({"teacher.base_url": "http://x"}, "teacher.base_url: base_url is for engine openai"),
])
def test_ranges_and_rules_are_checked_at_load(override, needle):
    with pytest.raises(RecipeError) as e:
        load_recipe("nano", override)
    assert needle in str(e.value)


def test_every_problem_in_one_message_with_lines(tmp_path):
    p = _write(tmp_path, BASE + "verify:\n  code_timeout: -5\n  math_timeout: .nan\n"
               "evaluate:\n  benchmarks: [{name: b, source: {name: math500}}, {name: b, source: {name: aime24}}]\n"
               "  engine: openai\n  max_model_len: 4096\n  sampling: {n: -1}\n")
    with pytest.raises(RecipeError) as e:
        load_recipe(p)
    msg = str(e.value)
    assert str(p) in msg and "(3 problem(s))" in msg
    assert "line 8: verify.code_timeout" in msg and "line 9: verify.math_timeout" in msg
    assert "line 14: evaluate.sampling.n" in msg
    p = _write(tmp_path, BASE + "evaluate:\n  benchmarks: [{name: b, source: {name: math500}}, {name: b, source: {name: aime24}}]\n"
               "  engine: openai\n  max_model_len: 4096\n  sampling: {n: 1}\n")
    with pytest.raises(RecipeError) as e:
        load_recipe(p)
    msg = str(e.value)
    assert "line 8: evaluate.benchmarks: benchmark names must be distinct: ['b']" in msg
    assert "line 10: evaluate.max_model_len: an OpenAI-compatible server applies its own context length" in msg


def test_the_old_data_block_name_is_a_clear_error(tmp_path):
    "The recipe block that lists the problem sources is `problems` (the stage's name); its old name `data` says so."
    p = tmp_path / "old.yaml"
    p.write_text(BASE.replace("\nproblems:\n", "\ndata:\n"))
    with pytest.raises(RecipeError, match="block `data` is now called `problems`"):
        load_recipe(p)
    assert load_recipe("nano").problems.sources[0].name == "nano"
