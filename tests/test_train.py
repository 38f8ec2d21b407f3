"The train stage for real on CPU: masking, packing, the stage end to end, resume after kill -9, 2 processes on gloo, the one launcher."
import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch
import yaml
from conftest import REPO
from transformers import AutoModelForCausalLM, AutoTokenizer

from sky_t1.core import SkyT1Error, load_recipe
from sky_t1.engines.hf import char_tokenizer, tiny_qwen2
from sky_t1.rundir import RunDir
from sky_t1.train.data import PackedCollator, encode_messages, encode_rows, read_messages, token_loss_sum
from sky_t1.train.launch import accelerate_config
from sky_t1.train.log import last_checkpoint
from sky_t1.train.sft import run_train


def test_shipped_accelerate_configs():
    import yaml
    for name, kind in (("fsdp2", "FSDP"), ("deepspeed_zero3", "DEEPSPEED"), ("deepspeed_zero3_offload", "DEEPSPEED")):
        assert yaml.safe_load(accelerate_config(name).read_text())["distributed_type"] == kind

STEPS = 12  # optimizer steps of the tiny runs: 48 rows, 2 epochs, 8 rows a step
SETTINGS = {"train.epochs": 2, "train.global_batch_size": 8, "train.micro_batch_size": 4, "train.cutoff_len": 320,
            "train.learning_rate": 3e-3, "train.warmup_ratio": 0.1, "train.save_every": 1, "train.packing": True}


def conversation(a: int, b: int) -> list[dict]:
    return [{"role": "system", "content": "Think, then answer."}, {"role": "user", "content": f"What is {a}+{b}?"},
            {"role": "assistant", "content": f"<|begin_of_thought|>{a} plus {b}<|end_of_thought|>"
                                             f"<|begin_of_solution|>\\boxed{{{a + b}}}<|end_of_solution|>"}]


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    "A tiny Qwen2 and the ChatML character tokenizer saved as a local model (no download)."
    d = tmp_path_factory.mktemp("base")
    tok = char_tokenizer()
    tiny_qwen2(tok, hidden_size=32, layers=2).save_pretrained(d)
    tok.save_pretrained(d)
    return d


def make_run(root: Path, base: Path, name: str) -> Path:
    d = root / name
    (d / "sft").mkdir(parents=True)
    rows = [conversation(a, b) for a in range(12) for b in range(4)]
    (d / "sft" / "train_messages.jsonl").write_text("".join(json.dumps({"messages": m}) + "\n" for m in rows))
    return d


def sft(run_dir: Path, base: Path, *extra: str, launcher: list[str] | None = None, wait: bool = True, **kw):
    sets = [f"{k}={v}" for k, v in (SETTINGS | {"train.base_model": str(base)}).items()]
    cmd = (launcher or [sys.executable]) + ["-m", "sky_t1.train.sft", "--recipe", "nano", "--run-dir", str(run_dir)]
    cmd += [x for s in sets for x in ("--set", s)] + list(extra)
    env = os.environ | {"PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false"}
    p = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         start_new_session=True, **kw)
    if not wait:
        return p
    try:
        out, err = p.communicate(timeout=240)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)  # the launcher and its workers
        raise
    assert p.returncode == 0, err[-3000:]
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def losses(run_dir: Path, key: str = "loss") -> list[float]:
    "The logged loss (rounded to 4 digits by the Trainer) or another field (grad_norm: full precision) per step."
    log = [json.loads(x) for x in (run_dir / "model" / "train_log.jsonl").read_text().splitlines()]
    assert [r["step"] for r in log] == list(range(1, len(log) + 1)), "each step logged once, in order"
    return [r[key] for r in log]


@pytest.fixture(scope="module")
def reference(tmp_path_factory, base) -> Path:
    "One uninterrupted single-process run."
    d = make_run(tmp_path_factory.mktemp("ref"), base, "run")
    sft(d, base)
    return d


def test_assistant_only_labels():
    tok = char_tokenizer()
    conv = conversation(3, 4)
    ids, labels = encode_messages(tok, conv)
    trained = tok.decode([t for t in labels if t != -100])
    assert trained == conv[-1]["content"] + tok.eos_token
    prompt = tok.apply_chat_template(conv[:2], tokenize=False, add_generation_prompt=True)
    n = len(tok(prompt, add_special_tokens=False)["input_ids"])
    assert ids[:n] == tok(prompt, add_special_tokens=False)["input_ids"] and set(labels[:n]) == {-100}


def test_truncation_is_counted():
    rows, stats = encode_rows(char_tokenizer(), [conversation(1, 2), conversation(100000, 2)], cutoff_len=90)
    assert stats["truncated_rows"] == 2 and all(len(r["input_ids"]) == 90 for r in rows)


@pytest.mark.parametrize("attn", ["sdpa", "eager"])
def test_packed_loss_equals_rows_alone(attn):
    tok = char_tokenizer()
    model = tiny_qwen2(tok, attn_implementation=attn)
    model.config.use_cache = False
    rows, _ = encode_rows(tok, [conversation(a, b) for a, b in [(1, 2), (30, 4), (5, 600), (7, 8), (9, 10)]], 512)
    with torch.no_grad():
        batch = PackedCollator(tok.pad_token_id, max_len=512)(rows)
        assert batch["input_ids"].shape[0] < len(rows)  # rows really share sequences
        packed = model(**batch).loss.item()
        sums = [token_loss_sum(model, r["input_ids"], r["labels"]) for r in rows]
    assert abs(packed - sum(s for s, _ in sums) / sum(n for _, n in sums)) < 1e-5


def test_malformed_row_names_file_and_line(tmp_path):
    p = tmp_path / "train_messages.jsonl"
    p.write_text(json.dumps({"messages": conversation(1, 1)}) + "\n" + json.dumps({"messages": [{"role": "user"}]}) + "\n")
    with pytest.raises(SkyT1Error, match=r"train_messages.jsonl:2: message 0 must be an object"):
        read_messages(p)


def test_train_stage_end_to_end(tmp_path, base):
    "run_train in this process: the student loads with AutoModelForCausalLM and generates; log, summary, manifest, no-op rerun."
    d = make_run(tmp_path, base, "run")
    rec = load_recipe("nano", SETTINGS | {"train.base_model": str(base), "train.save_every": None})
    run = RunDir.create(d, rec)
    counts = run_train(rec, run)
    assert counts["rows"] == 48 and counts["steps"] == STEPS and counts["truncated_rows"] == 0
    model = AutoModelForCausalLM.from_pretrained(d / "model", local_files_only=True)
    tok = AutoTokenizer.from_pretrained(d / "model", local_files_only=True)
    assert tok.chat_template and model.config.use_cache
    enc = tok(tok.apply_chat_template(conversation(1, 2)[:2], tokenize=False, add_generation_prompt=True), return_tensors="pt")
    out = model.generate(**enc, max_new_tokens=5, do_sample=False)
    assert out.shape[1] > enc["input_ids"].shape[1]
    summary = json.loads((d / "model" / "train_summary.json").read_text())
    for k in ("wall_seconds", "trained_tokens", "rows", "truncated_rows", "steps", "world_size", "device", "precision",
              "distributed_type", "final_loss", "method"):
        assert k in summary, k
    assert summary["world_size"] == 1 and summary["precision"] == "fp32"
    log = [json.loads(x) for x in (d / "model" / "train_log.jsonl").read_text().splitlines()]
    assert len(log) == STEPS and all(r["grad_norm"] is not None and r["tokens_per_s"] for r in log[1:])
    assert log[-1]["loss"] < log[0]["loss"] and abs(log[-1]["lr"]) < log[1]["lr"]  # cosine to 0 after warm-up
    assert run.manifest()["stages"]["train"]["status"] == "done"
    from sky_t1.report import read_train_log, read_train_summary, training_figure
    assert len(read_train_log(d)) == STEPS and read_train_summary(d)["steps"] == STEPS
    training_figure(read_train_log(d))
    mtime = (d / "model" / "train_summary.json").stat().st_mtime
    assert run_train(rec, run) == counts and (d / "model" / "train_summary.json").stat().st_mtime == mtime  # no-op


@pytest.mark.slow
def test_resume_after_kill_9(tmp_path, base, reference):
    "SIGKILL mid-run, with a torn checkpoint on top; the rerun resumes from the last complete one, same data order, same losses."
    d = make_run(tmp_path, base, "run")
    p = sft(d, base, wait=False)
    ckpts = d / "model" / "checkpoints"
    deadline = time.time() + 200
    while time.time() < deadline and p.poll() is None:
        c = last_checkpoint(ckpts)
        if c is not None and int(c.name.split("-")[1]) >= 3:
            break
        time.sleep(0.01)
    p.send_signal(signal.SIGKILL)
    p.communicate()
    assert p.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    done = int(last_checkpoint(ckpts).name.split("-")[1])
    assert 3 <= done < STEPS
    torn = ckpts / f"checkpoint-{done + 1}"  # what a kill during a save leaves
    torn.mkdir(exist_ok=True)
    (torn / "model.safetensors").write_bytes(b"\0" * 10)
    sft(d, base)
    summary = json.loads((d / "model" / "train_summary.json").read_text())
    assert summary["resumed_from"] == f"checkpoint-{done}" and summary["steps"] == STEPS
    assert losses(d) == pytest.approx(losses(reference), abs=1e-5)
    assert losses(d, "grad_norm") == pytest.approx(losses(reference, "grad_norm"), rel=1e-4)


@pytest.mark.slow
def test_two_processes_gloo_match_one(tmp_path, base, reference):
    "torchrun, 2 CPU processes on gloo: same rows per optimizer step, same loss curve as 1 process."
    d = make_run(tmp_path, base, "run")
    launcher = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2", "--master_port", str(free_port())]
    sft(d, base, launcher=launcher)
    summary = json.loads((d / "model" / "train_summary.json").read_text())
    assert summary["world_size"] == 2 and summary["grad_accum"] == 1 and summary["distributed_type"] == "MULTI_CPU"
    ref = json.loads((reference / "model" / "train_summary.json").read_text())
    assert ref["grad_accum"] == 2 and summary["trained_tokens"] == ref["trained_tokens"]
    print("1 vs 2 processes, largest relative difference of loss, gradient norm:",
          *(max(abs(a - b) / a for a, b in zip(losses(d, k), losses(reference, k), strict=True)) for k in ("loss", "grad_norm")))
    assert losses(d) == pytest.approx(losses(reference), rel=1e-3)
    assert losses(d, "grad_norm") == pytest.approx(losses(reference, "grad_norm"), rel=1e-3)
    AutoModelForCausalLM.from_pretrained(d / "model", local_files_only=True)


def test_lora_merge_and_save(tmp_path, base):
    "LoRA: the adapter in model/adapter, the merged model in model/ (a plain model: no peft needed to load it)."
    d = make_run(tmp_path, base, "run")
    rec = load_recipe("nano", SETTINGS | {"train.base_model": str(base), "train.method": "lora", "train.save_every": None,
                                          "train.max_steps": 3, "train.lora": {"r": 4, "alpha": 8, "target_modules": "all-linear"}})
    counts = run_train(rec, RunDir.create(d, rec))
    assert counts["steps"] == 3 and (d / "model" / "adapter" / "adapter_config.json").is_file()
    summary = json.loads((d / "model" / "train_summary.json").read_text())
    assert summary["method"] == "lora" and summary["trainable_parameters"] < summary["parameters"]
    merged = AutoModelForCausalLM.from_pretrained(d / "model", local_files_only=True)
    assert not any("lora" in k for k in merged.state_dict())
    original = AutoModelForCausalLM.from_pretrained(base, local_files_only=True)
    assert any(not torch.equal(merged.state_dict()[k], v) for k, v in original.state_dict().items())


# ---------------------------------------------------------------- the one launcher (sky-t1 train, the pipeline)
def my_recipe(path: Path, **settings) -> Path:
    "A recipe file that keeps the packaged nano's name but not its settings."
    rec = load_recipe("nano", settings)
    path.write_text(yaml.safe_dump(rec.model_dump(mode="json"), sort_keys=False))
    return path


def cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    "`sky-t1 ARGS` with this checkout's sky_t1 (as a subprocess: the console script's code path)."
    env = os.environ | {"PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false",
                        "HF_HUB_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-c", "import sys; from sky_t1.cli import main; sys.exit(main())", *args],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_print_launch_trains_my_yaml_and_matches_the_pipeline(tmp_path, monkeypatch, capsys):
    "--print-launch with --recipe my.yaml names the run's stored copy of my.yaml; the pipeline's train stage builds the same command."
    from sky_t1.cli import main
    from sky_t1.stages import stage
    from sky_t1.train.launch import launch_train, train_command

    monkeypatch.chdir(tmp_path)
    f = my_recipe(tmp_path / "my.yaml", **{"train.epochs": 1, "train.framework": "ddp"})
    assert main(["train", "--recipe", "my.yaml", "--run-dir", "run", "--processes", "2", "--print-launch"]) == 0
    printed = capsys.readouterr().out.strip()
    cmd = printed.split()
    stored = (tmp_path / "run" / "recipe.yaml").resolve()
    assert cmd[cmd.index("--recipe") + 1] == str(stored) and cmd[cmd.index("--run-dir") + 1] == str(stored.parent)
    assert load_recipe(stored).train == load_recipe(f).train != load_recipe("nano").train  # my.yaml, not the packaged nano
    assert cmd[1:6] == ["-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2"]
    # the pipeline: the registry's train function is the launcher; the stage notebook calls it, and nothing else launches
    assert stage("train").function() is launch_train
    import nbformat

    from sky_t1.pipeline import pipeline_dir
    code = "\n".join(c.source for c in nbformat.read(pipeline_dir() / stage("train").notebook, as_version=4).cells
                     if c.cell_type == "code")
    assert "launch_train(rec, run, processes" in code and "subprocess" not in code and "run_train" not in code
    # what the notebook does with the run's stored recipe, and what the inline pipeline does with my.yaml
    nb_rec = load_recipe(stored)
    assert shlex.join(train_command(nb_rec, RunDir.create(stored.parent, nb_rec), 2)) == printed
    assert shlex.join(train_command(load_recipe(f), RunDir.create(tmp_path / "run", load_recipe(f)), 2)) == printed
    # single: one process, whatever the caller asks
    f1 = my_recipe(tmp_path / "one.yaml", **{"train.epochs": 1})
    assert main(["train", "--recipe", str(f1), "--run-dir", "run1", "--print-launch"]) == 0
    assert capsys.readouterr().out.split()[1:3] == ["-m", "sky_t1.train.sft"]
    assert main(["train", "--recipe", str(f1), "--run-dir", "run1", "--processes", "2", "--print-launch"]) == 2
    assert "single runs one process" in capsys.readouterr().err


@pytest.mark.slow
def test_launch_train_failure_shows_the_log_tail(tmp_path):
    "A child that fails: SkyT1Error with the command and the tail of its log; the manifest says failed."
    from sky_t1.train.launch import launch_train

    d = make_run(tmp_path, tmp_path, "run")
    rec = load_recipe("nano", {"train.base_model": str(tmp_path / "no-such-model"), "train.max_steps": 1})
    with pytest.raises(SkyT1Error, match=r"(?s)training failed \(exit status 1.*sky_t1.train.sft --recipe .*recipe.yaml.*last \d+ lines.*no-such-model"):
        launch_train(rec, d, log=lambda _: None)
    assert RunDir(d).manifest()["stages"]["train"]["status"] == "failed"


@pytest.mark.slow
def test_cli_train_ddp_two_processes(tmp_path, base, capsys):
    """`sky-t1 train` honours train.framework: ddp with 2 CPU processes (torchrun, gloo) trains my.yaml end to end;
    the log shows world size 2; the printed summary is the launcher's; the stage notebook launches the same command."""
    from sky_t1.cli import main
    from sky_t1.pipeline import execute_stage
    from sky_t1.stages import stage
    from sky_t1.train.launch import launch_train

    d = make_run(tmp_path, base, "run")
    f = my_recipe(tmp_path / "my.yaml", **(SETTINGS | {"train.base_model": str(base), "train.framework": "ddp",
                                                       "train.save_every": None}))
    assert main(["train", "--recipe", str(f), "--run-dir", str(d), "--processes", "2", "--print-launch"]) == 0
    printed = capsys.readouterr().out.strip()
    r = cli("train", "--recipe", str(f), "--run-dir", str(d), "--processes", "2")
    assert r.returncode == 0, r.stderr[-3000:]
    assert f"launch: {printed}" in r.stderr.splitlines()  # the command --print-launch prints
    assert "48 rows, 2 process(es), accumulation 1" in r.stderr  # world size 2, in the log
    summary = json.loads(r.stdout.strip().splitlines()[-1])
    assert summary["world_size"] == 2 and summary["distributed_type"] == "MULTI_CPU" and summary["steps"] == STEPS
    assert summary == json.loads((d / "model" / "train_summary.json").read_text())
    run = RunDir(d)
    assert run.manifest()["stages"]["train"]["counts"]["world_size"] == 2
    lines = []
    assert launch_train(load_recipe(f), run, 2, log=lines.append) == summary  # done: a no-op child, the same summary
    assert lines[0] == f"launch: {printed}"
    # the pipeline's stage notebook, on the same run: the same command, the same (no-op) result
    out = execute_stage(stage("train"), run, run.file("recipe"), {"processes": 2})
    text = out.read_text()
    assert json.dumps(f"launch: {printed}")[1:-1] in text
    assert json.loads((d / "model" / "train_summary.json").read_text()) == summary
    AutoModelForCausalLM.from_pretrained(d / "model", local_files_only=True)
