"Export round trip: the ShareGPT file as LLaMA-Factory's documented schema reads it, the messages file with `datasets`."
import json
from pathlib import Path

from sky_t1.core import load_recipe
from sky_t1.export import run_export
from sky_t1.rundir import RunDir
from sky_t1.store import write_atomic


def _run_with_kept_samples(tmp_path, n=3):
    recipe = load_recipe("sky-t1-preview")
    run = RunDir.create(tmp_path / "run", recipe)
    gens, kept = [], []
    for i in range(n):
        gens.append({"problem_id": f"p{i}", "sample_index": 0, "response": "raw",
                     "messages": [{"role": "system", "content": "teacher system"},
                                  {"role": "user", "content": f"Return your final response within \\boxed{{}}. Q{i}"}]})
        kept.append({"problem_id": f"p{i}", "sample_index": 0, "kept": True,
                     "formatted": f"<|begin_of_thought|>\n\nt{i}\n\n<|end_of_thought|>\n\n<|begin_of_solution|>\n\n"
                                  f"\\boxed{{{i}}}\n\n<|end_of_solution|>"})
    run.store("generations").append(gens)
    write_atomic(run.file("curated"), "".join(json.dumps(r) + "\n" for r in kept))
    return recipe, run


def test_sharegpt_matches_llama_factory_schema(tmp_path):
    recipe, run = _run_with_kept_samples(tmp_path)
    counts = run_export(recipe, run)
    assert counts["rows"] == 3
    info = json.loads(run.file("sft_info").read_text())
    (name, entry), = info.items()
    # LLaMA-Factory's data/README: file_name, formatting "sharegpt", columns.messages/system, tags role/content
    assert entry["formatting"] == "sharegpt" and (run.file("sft").parent / entry["file_name"]).exists()
    cols, tags = entry["columns"], entry["tags"]
    rows = json.loads(run.file("sft").read_text())
    for row in rows:
        assert row[cols["system"]] == recipe.train.system_prompt  # verbatim
        turns = row[cols["messages"]]
        assert [t[tags["role_tag"]] for t in turns] == [tags["user_tag"], tags["assistant_tag"]]
        assert all(isinstance(t[tags["content_tag"]], str) and t[tags["content_tag"]] for t in turns)
        assert turns[1][tags["content_tag"]].startswith("<|begin_of_thought|>")
    assert rows[0]["conversations"][0]["value"].endswith("Q0")


def test_files_load_with_datasets(tmp_path):
    from datasets import load_dataset

    recipe, run = _run_with_kept_samples(tmp_path)
    run_export(recipe, run)
    share = load_dataset("json", data_files=str(run.file("sft")), split="train", cache_dir=str(tmp_path / "hf"))
    assert len(share) == 3 and set(share.column_names) == {"system", "conversations"}
    msgs = load_dataset("json", data_files=str(run.file("sft_messages")), split="train", cache_dir=str(tmp_path / "hf"))
    assert len(msgs) == 3
    assert [m["role"] for m in msgs[0]["messages"]] == ["system", "user", "assistant"]
    assert msgs[0]["messages"][0]["content"] == recipe.train.system_prompt


def test_run_files_follow_the_umask(tmp_path):
    "Issue 13: files written atomically were 0600 whatever the umask (mkstemp's mode); they follow the umask now."
    import os
    import stat

    old = os.umask(0o022)
    try:
        recipe, run = _run_with_kept_samples(tmp_path)
        run_export(recipe, run)
        files = [run.file(k) for k in ("sft", "sft_info", "sft_messages", "manifest", "recipe")]
        assert {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in files} == {p.name: "0o644" for p in files}
        os.umask(0o077)
        run_export(recipe, run)  # a rerun rewrites them under the stricter umask
        assert {oct(stat.S_IMODE(run.file(k).stat().st_mode)) for k in ("sft", "manifest")} == {"0o600"}
    finally:
        os.umask(old)


# LLaMA-Factory's own argument names (read from its hparams: model, data and finetuning arguments); the schedule keys
# are transformers' TrainingArguments, which LLaMA-Factory's training arguments extend.
LLAMAFACTORY_KEYS = {"model_name_or_path", "stage", "finetuning_type", "lora_rank", "lora_alpha", "lora_dropout",
                     "lora_target", "disable_gradient_checkpointing", "dataset", "dataset_dir", "template",
                     "default_system", "cutoff_len", "packing"}


def test_llamafactory_config_trains_the_recipe_on_the_export(tmp_path):
    import yaml
    from transformers import TrainingArguments

    from sky_t1.core import grad_accum, warmup_steps
    from sky_t1.stages import stage

    recipe, run = _run_with_kept_samples(tmp_path)
    counts = run_export(recipe, run)
    t = recipe.train
    path = run.file("sft_llamafactory")
    assert path == run.file("sft_info").parent / "llamafactory_sft.yaml"
    assert {"sft_llamafactory", "sft_trl"} <= set(stage("export").outputs)
    assert {"sft/llamafactory_sft.yaml", "sft/train_trl.py"} <= set(counts["files"])
    text = path.read_text()
    assert text.startswith("# LLaMA-Factory SFT config") and f"llamafactory-cli train {path.resolve()}" in text
    cfg = yaml.safe_load(text)
    assert set(cfg) <= LLAMAFACTORY_KEYS | set(TrainingArguments.__dataclass_fields__), set(cfg)
    assert (cfg["model_name_or_path"], cfg["stage"], cfg["finetuning_type"], cfg["do_train"]) == \
        (t.base_model, "sft", "full", True)
    # the dataset: dataset_info.json in dataset_dir names it, and every row carries the system prompt itself
    info = json.loads((Path(cfg["dataset_dir"]) / "dataset_info.json").read_text())
    assert Path(cfg["dataset_dir"]) == run.file("sft").parent.resolve() and cfg["dataset"] in info
    rows = json.loads((Path(cfg["dataset_dir"]) / info[cfg["dataset"]]["file_name"]).read_text())
    assert len(rows) == 3 and all(r["system"] == t.system_prompt for r in rows)
    # Qwen2.5's template, whose default system prompt is never used: rows and default_system carry the recipe's
    assert cfg["template"] == "qwen" and cfg["default_system"] == t.system_prompt
    # the schedule, as the recipe's train block and `sky-t1 train` compute it
    assert cfg["per_device_train_batch_size"] * cfg["gradient_accumulation_steps"] * t.gpus == t.global_batch_size == 96
    assert cfg["gradient_accumulation_steps"] == grad_accum(96, 1, 8) == 12
    assert (cfg["learning_rate"], cfg["num_train_epochs"], cfg["cutoff_len"], cfg["lr_scheduler_type"]) == \
        (t.learning_rate, t.epochs, t.cutoff_len, t.lr_scheduler)
    assert cfg["warmup_steps"] == warmup_steps(t, 3, 8) and isinstance(cfg["warmup_steps"], int)
    assert cfg["bf16"] is True and cfg["deepspeed"] == "examples/deepspeed/ds_z3_offload_config.json"
    assert cfg["output_dir"] == str(run.file("model").resolve()) and cfg["seed"] == recipe.seed


def test_llamafactory_config_without_a_system_prompt_inserts_none(tmp_path):
    import yaml

    from sky_t1.export import llamafactory_config, llamafactory_yaml

    recipe = load_recipe("sky-t1-preview", {"train.system_prompt": None, "train.method": "lora",
                                            "train.framework": "fsdp", "train.base_model": "org/unknown-7b"})
    cfg = llamafactory_config(recipe, tmp_path / "sft", tmp_path / "model", 100)
    assert cfg["default_system"] == "" and "template" not in cfg and "deepspeed" not in cfg
    assert (cfg["finetuning_type"], cfg["lora_rank"], cfg["lora_target"]) == ("lora", 16, "all")
    text = llamafactory_yaml(recipe, tmp_path / "sft", tmp_path / "model", 100)
    assert "no system prompt" in text and "reads the tokenizer's chat template" in text and yaml.safe_load(text) == cfg


def test_trl_script_compiles_and_carries_the_recipe(tmp_path):
    import ast

    from sky_t1.core import warmup_steps

    recipe, run = _run_with_kept_samples(tmp_path)
    run_export(recipe, run)
    t = recipe.train
    script = run.file("sft_trl")
    assert script.parent == run.file("sft_messages").parent
    source = script.read_text()
    compile(source, str(script), "exec")  # trl is not installed here: the script is checked, not run
    tree = ast.parse(source)
    consts = {n.targets[0].id: n.value for n in tree.body if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name)}
    assert ast.literal_eval(consts["MODEL"]) == t.base_model and ast.literal_eval(consts["LORA"]) is None
    assert "train_messages.jsonl" in ast.unparse(consts["DATA"])
    args = ast.literal_eval(consts["ARGS"])
    assert args["per_device_train_batch_size"] * args["gradient_accumulation_steps"] * t.gpus == t.global_batch_size
    assert (args["learning_rate"], args["num_train_epochs"], args["max_length"], args["lr_scheduler_type"]) == \
        (t.learning_rate, t.epochs, t.cutoff_len, t.lr_scheduler)
    assert args["warmup_steps"] == warmup_steps(t, 3, 8) and args["bf16"] is True and args["seed"] == recipe.seed
    assert args["output_dir"] == str(run.file("model").resolve())
    imports = {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module == "trl" for a in n.names}
    assert imports == {"SFTConfig", "SFTTrainer"} and "load_dataset(\"json\"" in source
    # launched as the recipe was: accelerate with sky_t1's shipped DeepSpeed ZeRO-3 offload config, 8 processes
    assert "accelerate launch --config_file" in source and "deepspeed_zero3_offload.yaml --num_processes 8" in source
    # the prompt/completion split keeps the system prompt in the prompt (the loss counts the trace only)
    ns = {}
    exec(compile(ast.Module([n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "as_prompt_completion"],
                            []), "f", "exec"), ns)
    first = json.loads(run.file("sft_messages").read_text().splitlines()[0])
    split = ns["as_prompt_completion"](first)
    assert [m["role"] for m in split["prompt"]] == ["system", "user"] and split["prompt"][0]["content"] == t.system_prompt
    assert [m["role"] for m in split["completion"]] == ["assistant"]
