"""Benchmark: SFT throughput of the nano student on CPU, packed rows against padded rows, in one run.

The same rows (the nano export's `sft/train_messages.jsonl` with --run-dir, else nano problems with
their reference traces), the same micro-batch of rows per step, `transformers.Trainer` both times:

- **packed**: `sky_t1.train.data.PackedCollator`, rows binned into sequences of `--pack-len` tokens;
- **padded**: `DataCollatorForSeq2Seq`, one row per sequence, right-padded to the longest.

Reports non-padding tokens/s of each after a warm-up and the ratio; writes
benchmarks/results/train_cpu.json. Run from the repository root:

    .venv/bin/python benchmarks/bench_train_cpu.py [--run-dir runs/nano] [--steps 40] [--micro 8]
"""
import argparse
import json
import platform
import tempfile
import time
from pathlib import Path

import torch
import transformers
from transformers import AutoModelForCausalLM, AutoTokenizer, Trainer, TrainerCallback, TrainingArguments

from sky_t1.machine import free_cores, resolve_model
from sky_t1.nano.problems import make_problems, reference_trace
from sky_t1.train.data import PackedCollator, encode_rows, padded_collator, read_messages


class _Clock(TrainerCallback):
    def __init__(self, warmup: int):
        self.warmup, self.t0, self.tok0, self.t1, self.tok1 = warmup, None, 0, None, 0

    def on_step_end(self, args, state, control, **kw):
        if state.global_step == self.warmup:
            self.t0, self.tok0 = time.perf_counter(), state.num_input_tokens_seen
        self.t1, self.tok1 = time.perf_counter(), state.num_input_tokens_seen


def measure(path: str, tok, rows: list[dict], packed: bool, micro: int, pack_len: int, steps: int, warmup: int) -> dict:
    model = AutoModelForCausalLM.from_pretrained(path, local_files_only=True)
    model.config.use_cache = False
    coll = PackedCollator(tok.pad_token_id, pack_len) if packed else padded_collator(tok)
    clock = _Clock(warmup)
    with tempfile.TemporaryDirectory() as d:
        args = TrainingArguments(output_dir=d, per_device_train_batch_size=micro, max_steps=steps, learning_rate=1e-3,
                                 use_cpu=True, logging_steps=10**9, save_strategy="no", report_to="none",
                                 disable_tqdm=True, seed=0, include_num_input_tokens_seen="non_padding",
                                 remove_unused_columns=False, dataloader_num_workers=0)
        Trainer(model=model, args=args, train_dataset=rows, data_collator=coll, processing_class=tok,
                callbacks=[clock]).train()
    secs = clock.t1 - clock.t0
    return {"mode": "packed" if packed else "padded", "seconds": round(secs, 3), "tokens": clock.tok1 - clock.tok0,
            "tokens_per_s": round((clock.tok1 - clock.tok0) / secs, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run-dir", type=Path, help="a nano run directory with sft/train_messages.jsonl")
    ap.add_argument("--steps", type=int, default=40)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--micro", type=int, default=8, help="rows per step")
    ap.add_argument("--pack-len", type=int, default=512)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--out", type=Path, default=Path("benchmarks/results/train_cpu.json"))
    a = ap.parse_args()
    torch.set_num_threads(a.threads or free_cores())
    path = resolve_model("nano:student")
    tok = AutoTokenizer.from_pretrained(path, local_files_only=True)
    if a.run_dir:
        convs, source = read_messages(a.run_dir / "sft" / "train_messages.jsonl"), str(a.run_dir / "sft" / "train_messages.jsonl")
    else:
        probs = make_problems("train", 400, seed=0) + make_problems("train", 48, seed=0, domain="code")
        convs = [[{"role": "user", "content": p.question}, {"role": "assistant", "content": reference_trace(p)}] for p in probs]
        source = "nano train problems with reference traces"
    rows, stats = encode_rows(tok, convs, a.pack_len)
    res = {m: measure(path, tok, rows, m == "packed", a.micro, a.pack_len, a.steps, a.warmup) for m in ("padded", "packed")}
    res["ratio"] = round(res["packed"]["tokens_per_s"] / res["padded"]["tokens_per_s"], 3)
    lengths = [len(r["input_ids"]) for r in rows]
    res["rows"] = {"source": source, "count": len(rows), "mean_tokens": round(sum(lengths) / len(lengths), 1),
                   "min_tokens": min(lengths), "max_tokens": max(lengths)}
    res["settings"] = {"steps": a.steps, "warmup": a.warmup, "micro_rows": a.micro, "pack_len": a.pack_len,
                       "threads": torch.get_num_threads()}
    res["environment"] = {"torch": torch.__version__, "transformers": transformers.__version__,
                          "platform": platform.platform(), "processor": platform.processor()}
    print(json.dumps(res, indent=1))
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(res, indent=1) + "\n")


if __name__ == "__main__":
    main()
