"""Benchmark: training on one GPU, measured: MFU, packing against padding, Liger, checkpointing, the memory planner, the launch configs.

One script, one run, in this order (issue 17's priority), each part writing the results so far to
benchmarks/results/train_gpu.json (train_gpu_tiny.json with --tiny) with the machine, and skipped
with a note when the time budget (--budget seconds) would be passed:

1. **matmul**: the bf16 rate of an 8192^3 matmul on this GPU, the denominator of MFU (not a datasheet figure).
2. **throughput**: Qwen2.5-1.5B and -3B architectures (random weights from the shipped configs,
   sky_t1/data/model_configs; nothing downloaded), bf16 autocast over fp32 weights (the Trainer's mixed
   precision), AdamW, on synthetic rows whose lengths follow reasoning traces (lognormal, median 2,048
   tokens, sigma 1, capped at 16,384; the first 20% of a row is prompt, label -100):
   - *padded*: the unpacked `Trainer` baseline, micro-batch 1 (one row per step, as LLaMA-Factory ran Sky-T1);
   - *packed*: the project's path: `sky_t1.train.data.pack_bins` (first-fit decreasing) groups rows into
     16,384-token bins and `PackedCollator` lays each bin out as one sequence with position ids
     restarting per row; no attention across rows: flash-attention-2's varlen kernel when `flash_attn`
     imports, else SDPA with the block-diagonal causal mask transformers builds from the position ids
     (the result names which);
   - packed with activation checkpointing on and off (off only where the planner says it fits);
   - packed with Liger kernels (`liger_kernel`, when it imports: RMSNorm, SwiGLU, RoPE, fused linear
     cross-entropy).
   Reports non-padding tokens/s, MFU = FLOPs/token x tokens/s / the measured matmul rate, with FLOPs/token =
   6N + 6 x layers x hidden x l (l: the token-weighted mean row length; `sky_t1.plan_memory.train_flops_per_token`),
   and `torch.cuda.max_memory_allocated`.
3. **packing_loss**: packed and padded losses on the same rows from the same weights, for the first
   optimizer steps (fixed seed): equal within bf16 tolerance on the GPU (fp32 on CPU: 1e-4 relative).
4. **planner**: `sky_t1.plan_memory`'s predicted allocated peak beside the measured one for every run above
   (goal: within 15%).
5. **launch**: the shipped launch configs (`fsdp2`, `deepspeed_zero3`, `deepspeed_zero3_offload`) and
   `single`, each through `sky_t1.train.launch.launch_train` (the recipe's own launcher) at world size 1,
   20 steps of a Qwen2.5-0.5B-wide model (12 layers, a character vocabulary); each loss curve against `single`'s.

    python benchmarks/bench_train_gpu.py            # one GPU (NOT RUN YET: no GPU has been lent to this project)
    python benchmarks/bench_train_gpu.py --tiny     # the same logic on CPU with tiny configs (< 2 minutes)
"""
from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import random
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

import torch
import transformers
from transformers import Qwen2Config, Qwen2ForCausalLM, Trainer, TrainerCallback, TrainingArguments

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's sky_t1 first
from sky_t1.plan_memory import Arch, Setup, memory_plan, setup_from_train, train_flops_per_token  # noqa: E402
from sky_t1.train.data import PackedCollator, pack_bins, padded_collator  # noqa: E402

DATASHEET_TFLOPS = {"H100": 989.0, "H200": 989.0, "A100": 312.0}  # dense bf16, for the planner's time (cost.PEAK_TFLOPS)
TINY = dict(hidden_size=64, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2, intermediate_size=128,
            vocab_size=512, tie_word_embeddings=True)
CKPT_ARG = "activation_checkpointing" if "activation_checkpointing" in TrainingArguments.__dataclass_fields__ \
    else "gradient_checkpointing"  # renamed in transformers 5


class Report:
    "The results so far, written after every part; the clock that decides what still fits in the budget."

    def __init__(self, path: Path, budget: float, env: dict):
        self.path, self.budget, self.t0 = path, budget, time.perf_counter()
        self.data = {"environment": env, "parts": {}, "complete": False}

    def left(self) -> float:
        return self.budget - (time.perf_counter() - self.t0)

    def fits(self, need: float) -> bool:
        return self.left() >= need

    def put(self, key: str, value) -> None:
        self.data[key] = value
        self.data["elapsed_s"] = round(time.perf_counter() - self.t0, 1)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.data, indent=1) + "\n")
        tmp.replace(self.path)
        print(f"[{self.data['elapsed_s']:6.1f} s] {key}: written to {self.path}", flush=True)


def _free() -> None:
    gc.collect()
    if torch.cuda.is_available():
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats()


# ---------------------------------------------------------------- 1. matmul
def matmul_tflops(gpu: bool, n: int = 8192, reps: int = 20) -> dict:
    "The bf16 (GPU) or fp32 (CPU) rate of an n^3 matmul, TFLOP/s, best of `reps` after a warm-up."
    dev, dt = ("cuda", torch.bfloat16) if gpu else ("cpu", torch.float32)
    a, b = torch.randn(n, n, device=dev, dtype=dt), torch.randn(n, n, device=dev, dtype=dt)
    for _ in range(3):
        a @ b
    best = float("inf")
    for _ in range(reps):
        if gpu:
            torch.cuda.synchronize()
        t = time.perf_counter()
        a @ b
        if gpu:
            torch.cuda.synchronize()
        best = min(best, time.perf_counter() - t)
    return {"n": n, "dtype": str(dt), "tflops": round(2 * n ** 3 / best / 1e12, 2), "best_s": best}


# ---------------------------------------------------------------- rows
def synthetic_rows(n: int, vocab: int, median: int, cap: int, seed: int = 0, sigma: float = 1.0) -> list[dict]:
    "Rows of random token ids (1..vocab-1), lengths lognormal (median, sigma) capped at `cap`; the first 20% is prompt."
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        k = max(8, min(cap, int(rng.lognormvariate(math.log(median), sigma))))
        ids = [rng.randrange(1, vocab) for _ in range(k)]
        p = k // 5
        rows.append({"input_ids": ids, "labels": [-100] * p + ids[p:]})
    return rows


class _Tok:
    "The tokenizer attributes the collators and the Trainer's token count use (pad id 0, right padding)."
    pad_token_id = 0
    padding_side = "right"
    model_input_names = ["input_ids", "attention_mask"]

    def pad(self, features, padding=True, max_length=None, pad_to_multiple_of=None, return_tensors="pt", **kw):
        n = max(len(f["input_ids"]) for f in features)
        ids = torch.tensor([list(f["input_ids"]) + [0] * (n - len(f["input_ids"])) for f in features])
        mask = torch.tensor([[1] * len(f["input_ids"]) + [0] * (n - len(f["input_ids"])) for f in features])
        out = {"input_ids": ids, "attention_mask": mask}
        if "labels" in features[0]:
            out["labels"] = torch.tensor([list(f["labels"]) for f in features])
        return transformers.BatchEncoding(out)


class BinCollator:
    "One micro-batch = one bin of rows (made by `pack_bins`), laid out by the project's `PackedCollator`."

    def __init__(self, pack_len: int):
        self.inner = PackedCollator(0, pack_len)

    def __call__(self, items: list[dict]) -> dict:
        return self.inner([r for it in items for r in it["rows"]])


def packed_dataset(rows: list[dict], pack_len: int) -> list[dict]:
    return [{"rows": [rows[i] for i in b]} for b in pack_bins([len(r["input_ids"]) for r in rows], pack_len)]


def mean_row_len(rows: list[dict]) -> float:
    "Token-weighted mean row length (the l of the attention FLOPs term): sum l^2 / sum l."
    ls = [len(r["input_ids"]) for r in rows]
    return sum(x * x for x in ls) / sum(ls)


# ---------------------------------------------------------------- 2. throughput
class _Clock(TrainerCallback):
    "Wall time and non-padding tokens of the optimizer steps after `warmup`."

    def __init__(self, warmup: int):
        self.warmup, self.t0, self.tok0, self.t1, self.tok1 = warmup, None, 0, None, 0

    def on_step_end(self, args, state, control, **kw):
        if torch.cuda.is_available():
            torch.cuda.synchronize()
        if state.global_step == self.warmup:
            self.t0, self.tok0 = time.perf_counter(), state.num_input_tokens_seen
        self.t1, self.tok1 = time.perf_counter(), state.num_input_tokens_seen


def attention_impl(gpu: bool) -> str:
    if gpu:
        try:
            import flash_attn  # noqa: F401
            return "flash_attention_2"
        except ImportError:
            pass
    return "sdpa"


def make_model(cfg_dict: dict, attn: str, gpu: bool, seed: int = 0) -> Qwen2ForCausalLM:
    cfg = Qwen2Config(**cfg_dict, max_position_embeddings=32768, use_cache=False, pad_token_id=0, bos_token_id=None,
                      eos_token_id=1)
    torch.manual_seed(seed)
    with torch.device("cuda" if gpu else "cpu"):
        return Qwen2ForCausalLM._from_config(cfg, attn_implementation=attn)


def planned(arch: Arch, seq: int, gpu: bool, ckpt: bool, attn: str, liger: bool, packing: bool, gpu_type: str | None) -> dict:
    s = Setup(cutoff_len=seq, micro_batch=1, precision="bf16" if gpu else "fp32", strategy="ddp", checkpointing=ckpt,
              packing=packing, attention="flash" if attn == "flash_attention_2" else "sdpa", liger=liger)
    return memory_plan(arch, s, gpu_type)


def measure(name: str, cfg_dict: dict, arch: Arch, rows: list[dict], mode: str, pack_len: int, steps: int, warmup: int,
            gpu: bool, ckpt: bool, liger: bool, peak_tflops: float, gpu_type: str | None) -> dict:
    "Train `steps` optimizer steps of one micro-batch in `mode` padded|packed; tokens/s after the warm-up, MFU, peak memory."
    attn = attention_impl(gpu)  # the same kernel both ways (micro-batch 1 pads nothing): the comparison is packing alone
    if mode == "packed":
        data, coll = packed_dataset(rows, pack_len), BinCollator(pack_len)
        random.Random(0).shuffle(data)  # first-fit decreasing makes the long-row bins first: take a fair sample
        trained = [r for it in data[:steps] for r in it["rows"]]
        seq = max(sum(len(r["input_ids"]) for r in d["rows"]) for d in data[:steps])
    else:
        data, coll = rows, padded_collator(_Tok())
        trained = rows[:steps]  # sequential order below: these are the rows trained
        seq = max(len(r["input_ids"]) for r in trained)
    plan = planned(arch, seq, gpu, ckpt, attn, liger, mode == "packed", gpu_type)
    out = {"arch": name, "mode": mode, "attention": attn, "checkpointing": ckpt, "liger": liger,
           "parameters": arch.params, "longest_sequence": seq, "planner_setup": plan["described"],
           "predicted_allocated_gib": plan["allocated_gib"], "predicted_fits": plan.get("fits")}
    if gpu and plan.get("fits") is False:
        return out | {"skipped": f"the planner predicts {plan['needed_gib']} GiB > {plan['gpu_gib']} GiB of this GPU"}
    _free()
    model = make_model(cfg_dict, attn, gpu)
    clock = _Clock(warmup)
    with tempfile.TemporaryDirectory() as d:
        args = TrainingArguments(output_dir=d, per_device_train_batch_size=1, max_steps=steps, learning_rate=1e-5,
                                 bf16=gpu, use_cpu=not gpu, logging_steps=10**9, save_strategy="no", report_to="none",
                                 disable_tqdm=True, seed=0, include_num_input_tokens_seen="non_padding",
                                 remove_unused_columns=False, dataloader_num_workers=0, **{CKPT_ARG: ckpt})
        trainer = Trainer(model=model, args=args, train_dataset=data, data_collator=coll, processing_class=_Tok(),
                          callbacks=[clock])
        trainer._get_train_sampler = lambda *a, **k: torch.utils.data.SequentialSampler(data)  # the same rows each run
        try:
            trainer.train()
        except torch.cuda.OutOfMemoryError as e:
            del trainer, model
            _free()
            return out | {"error": f"out of memory: {str(e)[:200]}"}
    secs = clock.t1 - clock.t0
    tps = (clock.tok1 - clock.tok0) / secs
    fpt = train_flops_per_token(arch, mean_row_len(trained))
    out |= {"timed_steps": steps - warmup, "seconds": round(secs, 3), "tokens": clock.tok1 - clock.tok0,
            "tokens_per_s": round(tps, 1), "flops_per_token": fpt,
            "mfu": round(fpt * tps / (peak_tflops * 1e12), 4),
            "mfu_6n": round(6 * arch.params * tps / (peak_tflops * 1e12), 4)}
    if gpu:
        out["measured_allocated_gib"] = round(torch.cuda.max_memory_allocated() / 2**30, 2)
    del trainer, model
    _free()
    return out


# ---------------------------------------------------------------- 3. packed loss == padded loss
def packing_loss(cfg_dict: dict, rows: list[dict], gpu: bool, steps: int = 3, per_step: int = 4) -> dict:
    "Losses of the first optimizer steps, packed and padded, same rows, same initial weights, same seed."
    attn = attention_impl(gpu)
    curves = {}
    for mode in ("padded", "packed"):
        model = make_model(cfg_dict, attn, gpu)
        model.train()
        opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
        coll = PackedCollator(0, 10**9) if mode == "packed" else padded_collator(_Tok())
        losses = []
        for s in range(steps):
            batch = {k: v.to(model.device) for k, v in coll(rows[s * per_step:(s + 1) * per_step]).items()}
            with torch.autocast("cuda", dtype=torch.bfloat16, enabled=gpu):
                loss = model(**batch).loss
            loss.backward()
            opt.step()
            opt.zero_grad(set_to_none=True)
            losses.append(loss.item())
        curves[mode] = losses
        del model, opt
        _free()
    rel = max(abs(a - b) / abs(b) for a, b in zip(curves["packed"], curves["padded"], strict=True))
    tol = 2e-2 if gpu else 1e-4
    return {"attention": attn, "rows_per_step": per_step, "losses": curves, "max_relative_difference": rel,
            "tolerance": tol, "equal": rel <= tol, "precision": "bf16 autocast" if gpu else "fp32"}


# ---------------------------------------------------------------- 5. launch configs
def conversations(n: int, seed: int, lo: int, hi: int) -> list[list[dict]]:
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz "
    return [[{"role": "user", "content": "".join(rng.choice(letters) for _ in range(rng.randrange(20, 60)))},
             {"role": "assistant", "content": "".join(rng.choice(letters) for _ in range(rng.randrange(lo, hi)))}]
            for _ in range(n)]


class BudgetOver(Exception):
    "The time budget ran out during a launched run."


def _alarm(signum, frame):
    raise BudgetOver("time budget over: the launched run was stopped")


def launch_configs(root: Path, gpu: bool, steps: int, report: Report, frameworks: list[str], per_run_s: float) -> list[dict]:
    "Each framework through `launch_train` at world size 1 on the same rows and weights; the loss curve against `single`'s."
    from sky_t1.core import load_recipe
    from sky_t1.engines.hf import char_tokenizer
    from sky_t1.train.launch import launch_train

    base = root / "base"
    tok = char_tokenizer()
    size = dict(hidden_size=896, num_hidden_layers=12, num_attention_heads=14, num_key_value_heads=2,
                intermediate_size=4864) if gpu else TINY | {"vocab_size": len(tok)}
    torch.manual_seed(0)
    Qwen2ForCausalLM(Qwen2Config(**(size | {"vocab_size": len(tok), "tie_word_embeddings": True}), max_position_embeddings=8192,
                                 bos_token_id=None, eos_token_id=tok.eos_token_id,
                                 pad_token_id=tok.pad_token_id)).save_pretrained(base)
    tok.save_pretrained(base)
    rows = conversations(steps * 2, 0, *((1000, 4000) if gpu else (40, 120)))
    results, ref = [], None
    for fw in frameworks:
        if not report.fits(per_run_s):
            results.append({"framework": fw, "skipped": "time budget"})
            continue
        if fw.startswith("deepspeed") and report.data["environment"].get("deepspeed") is None:
            results.append({"framework": fw, "skipped": "deepspeed does not import here (carry its wheel)"})
            report.put("launch", results)
            continue
        run = root / fw
        (run / "sft").mkdir(parents=True)
        (run / "sft" / "train_messages.jsonl").write_text("".join(json.dumps({"messages": m}) + "\n" for m in rows))
        rec = load_recipe("nano", {"train.base_model": str(base), "train.framework": fw, "train.gpus": 1 if gpu else 0,
                                   "train.precision": "bf16" if gpu else "fp32", "train.max_steps": steps,
                                   "train.epochs": 1, "train.global_batch_size": 2, "train.micro_batch_size": 2,
                                   "train.cutoff_len": 4096 if gpu else 256, "train.packing": True,
                                   "train.learning_rate": 1e-4, "train.warmup_ratio": 0.0, "train.save_every": None,
                                   "train.gradient_checkpointing": True})
        t = time.perf_counter()
        lines: list[str] = []
        signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(max(1, int(report.left())))  # launch_train stops its job (process group) on the exception
        try:
            summary = launch_train(rec, run, log=lines.append)
        except Exception as e:  # noqa: BLE001 - recorded, the next config still runs
            results.append({"framework": fw, "error": str(e)[-300:], "log_tail": lines[-15:]})
            report.put("launch", results)
            continue
        finally:
            signal.alarm(0)
        log = [json.loads(x) for x in (run / "model" / "train_log.jsonl").read_text().splitlines()]
        loss = [r["loss"] for r in log if "loss" in r]
        plan = memory_plan(Arch.from_config(json.loads((base / "config.json").read_text()), "launch model"),
                           setup_from_train(rec.train), report.data["environment"].get("gpu_type"))
        out = {"framework": fw, "steps": summary.get("steps"), "wall_s": round(time.perf_counter() - t, 1),
               "tokens_per_s": summary.get("tokens_per_s"), "peak_memory_gib": summary.get("peak_memory_gib"),
               "distributed_type": summary.get("distributed_type"), "losses": loss,
               "planner_setup": plan["described"], "predicted_allocated_gib": plan["allocated_gib"]}
        if fw == "single":
            ref = loss
        elif ref:
            rel = max(abs(a - b) / abs(b) for a, b in zip(loss, ref, strict=False))
            tol = 3e-2 if gpu else 1e-3  # bf16: reductions in another order (sharded) drift a little per step
            out |= {"max_relative_difference_to_single": rel, "tolerance": tol,
                    "matches_single": rel <= tol and len(loss) == len(ref)}
        results.append(out)
        report.put("launch", results)
    return results


# ---------------------------------------------------------------- main
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tiny", action="store_true", help="tiny configs on CPU: checks the plumbing, measures nothing useful")
    ap.add_argument("--budget", type=float, default=None, help="seconds for the whole run (default 420 on a GPU, 100 tiny)")
    ap.add_argument("--out", type=Path, default=None)
    a = ap.parse_args()
    gpu = torch.cuda.is_available() and not a.tiny
    if not gpu and not a.tiny:
        raise SystemExit("no GPU here: run with --tiny to check the logic on CPU")
    if not gpu:
        torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    name = torch.cuda.get_device_name(0) if gpu else None
    gpu_type = next((k for k in ("H200", "H100", "A100") if name and k in name.upper()), None)
    out = a.out or Path(__file__).resolve().parent / "results" / ("train_gpu_tiny.json" if a.tiny else "train_gpu.json")
    env = {"gpu": name, "gpu_type": gpu_type, "torch": torch.__version__, "transformers": transformers.__version__,
           "platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count(),
           "command": " ".join(["python", "benchmarks/bench_train_gpu.py", *sys.argv[1:]])}
    for mod in ("flash_attn", "liger_kernel", "deepspeed", "accelerate"):
        try:
            env[mod] = getattr(__import__(mod), "__version__", "?")
        except Exception:  # noqa: BLE001 - absent or broken: recorded as absent
            env[mod] = None
    rep = Report(out, a.budget or (420.0 if gpu else 100.0), env)
    rep.put("environment", env)

    # 1. the matmul rate
    mm = matmul_tflops(gpu, 8192 if gpu else 512, 20 if gpu else 5)
    rep.put("matmul", mm)
    peak = mm["tflops"]

    # 2. throughput, padded against packed, checkpointing on / off; Liger last (it patches transformers' Qwen2 for good)
    if gpu:
        archs = {"qwen2.5-1.5b": "Qwen2.5-1.5B", "qwen2.5-3b": "Qwen2.5-3B"}
        pack_len, median, steps, warmup = 16384, 2048, 12, 3
    else:
        archs, pack_len, median, steps, warmup = {"tiny": None}, 1024, 128, 5, 2
    cfgs = {k: (TINY if v is None else {kk: vv for kk, vv in json.loads(
        (Path(__file__).resolve().parents[1] / "sky_t1" / "data" / "model_configs" / f"{v}.json").read_text()).items()
        if kk in TINY}) for k, v in archs.items()}
    order = list(archs)[::-1]  # the 3B first: the goal is measured on it
    plan = [(k, m, c, False) for k in order for m, c in (("padded", True), ("packed", True))]
    plan += [(k, "packed", False, False) for k in order]  # checkpointing off: the planner skips what cannot fit
    try:
        from liger_kernel.transformers import apply_liger_kernel_to_qwen2
    except Exception:  # noqa: BLE001
        apply_liger_kernel_to_qwen2 = None
    if apply_liger_kernel_to_qwen2 is not None:
        plan += [(k, "packed", True, True) for k in order]
    runs, rows_of = [], {}
    liger_on = False
    for k, mode, ckpt, liger in plan:
        need = 40 if gpu else 8
        if not rep.fits(need + (30 if gpu else 10)):  # leave time for the loss check; the launch configs get the rest
            runs.append({"arch": k, "mode": mode, "checkpointing": ckpt, "liger": liger, "skipped": "time budget"})
            continue
        if liger and not liger_on:
            apply_liger_kernel_to_qwen2()
            liger_on = True
        arch = Arch.from_config(cfgs[k], k)
        rows = rows_of.setdefault(k, synthetic_rows(400 if gpu else 120, cfgs[k]["vocab_size"], median, pack_len))
        try:
            runs.append(measure(k, cfgs[k], arch, rows, mode, pack_len, steps if mode == "packed" else 2 * steps, warmup,
                                gpu, ckpt, liger, peak, gpu_type))
        except Exception as e:  # noqa: BLE001 - recorded; the next run still runs
            runs.append({"arch": k, "mode": mode, "checkpointing": ckpt, "liger": liger,
                         "error": "".join(traceback.format_exception_only(e))[-800:]})
        ratios = {}
        for kk in archs:
            pad = next((r for r in runs if r["arch"] == kk and r["mode"] == "padded" and "tokens_per_s" in r), None)
            pk = next((r for r in runs if r["arch"] == kk and r["mode"] == "packed" and r.get("checkpointing")
                       and not r.get("liger") and "tokens_per_s" in r), None)
            if pad and pk:
                ratios[kk] = round(pk["tokens_per_s"] / pad["tokens_per_s"], 3)
        rep.put("throughput", {"runs": runs, "packed_over_padded": ratios, "pack_len": pack_len,
                               "row_lengths": f"lognormal median {median} sigma 1, cap {pack_len}",
                               "mfu_denominator_tflops": peak, "mfu_flops": "6N + 6 x layers x hidden x l"})
        best = [r for r in runs if r["arch"] == ("qwen2.5-3b" if gpu else "tiny") and r["mode"] == "packed" and "mfu" in r]
        if gpu and best and gpu_type:
            b = max(best, key=lambda r: r["mfu"])
            dpeak = DATASHEET_TFLOPS[gpu_type]
            rep.put("mfu_for_plan", {"mfu": round(b["flops_per_token"] * b["tokens_per_s"] / (dpeak * 1e12), 4),
                                     "against": f"the {gpu_type} datasheet's {dpeak} TFLOP/s (sky_t1.cost.PEAK_TFLOPS)",
                                     "run": f"{b['arch']} packed 16K, checkpointing {'on' if b['checkpointing'] else 'off'}"
                                            + (", Liger" if b["liger"] else ""), "gpu": name})

    # 3. packing does not change the loss (before anything else patches the model; Liger runs are separate runs above)
    if rep.fits(30 if gpu else 10):
        cfg = cfgs[next(iter(cfgs))]
        rows = synthetic_rows(12, cfg["vocab_size"], 1024 if gpu else 64, 4096 if gpu else 256, seed=1)
        try:
            rep.put("packing_loss", packing_loss(cfg, rows, gpu))
        except Exception as e:  # noqa: BLE001
            rep.put("packing_loss", {"error": "".join(traceback.format_exception_only(e))[-800:]})
    else:
        rep.put("packing_loss", {"skipped": "time budget"})

    # 4. the planner against the measurements (the launch configs' rows are added after part 5)
    table = [{"config": f"{r['arch']} {r['mode']}, checkpointing {'on' if r['checkpointing'] else 'off'}"
                        + (", Liger" if r["liger"] else "") + f", {r['longest_sequence']:,} tokens",
              "planner_setup": r["planner_setup"], "predicted_gib": r["predicted_allocated_gib"],
              "measured_gib": r["measured_allocated_gib"],
              "ratio": round(r["measured_allocated_gib"] / r["predicted_allocated_gib"], 3)}
             for r in runs if "measured_allocated_gib" in r]
    rep.put("planner", table)

    # 5. the launch configs through the recipe's launcher
    fws = ["single", "fsdp2", "deepspeed_zero3", "deepspeed_zero3_offload"]
    with tempfile.TemporaryDirectory() as d:
        launched = launch_configs(Path(d), gpu, 20 if gpu else 6, rep, fws, 45 if gpu else 5)
    table += [{"config": f"launch model, {r['framework']} through launch_train", "planner_setup": r["planner_setup"],
               "predicted_gib": r["predicted_allocated_gib"], "measured_gib": r["peak_memory_gib"],
               "ratio": round(r["peak_memory_gib"] / r["predicted_allocated_gib"], 3)}
              for r in launched if r.get("peak_memory_gib") and r.get("predicted_allocated_gib")]
    rep.put("planner", table)
    rep.data["complete"] = True
    rep.put("complete", True)


if __name__ == "__main__":
    main()
