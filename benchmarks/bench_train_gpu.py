"""Benchmark: SFT throughput, packed rows (sky_t1.train) against a padded, unpacked Trainer baseline.

Qwen2.5-1.5B and Qwen2.5-3B architectures (random weights from their configs, nothing downloaded),
bf16 autocast, gradient checkpointing, one GPU, in one run:

- **packed**: `sky_t1.train.data.PackedCollator` bins rows into sequences of 16,384 tokens
  (position ids restart per row; flash-attention-2 when installed, else sdpa);
- **padded**: transformers' `DataCollatorForSeq2Seq`, one row per sequence (micro-batch 1, as the
  published LLaMA-Factory run), right-padded.

Both train with `transformers.Trainer` on the same synthetic rows (lengths drawn like long
reasoning traces, 20% prompt), and are timed over the steps after a warm-up. Reports non-padding
tokens/s and MFU = 6 x parameters x tokens/s / 989 TFLOP/s (H100 SXM dense bf16), and the ratio.
Writes benchmarks/results/train_gpu.json (train_gpu_tiny.json with --tiny).

    .venv/bin/python benchmarks/bench_train_gpu.py            # one H100 (NOT RUN YET: no GPU was available)
    .venv/bin/python benchmarks/bench_train_gpu.py --tiny     # the same logic on CPU with a tiny config
"""
import argparse
import json
import platform
import random
import tempfile
import time
from pathlib import Path

import torch
import transformers
from transformers import Qwen2Config, Qwen2ForCausalLM, Trainer, TrainerCallback, TrainingArguments

from sky_t1.train.data import PackedCollator, padded_collator

H100_BF16_FLOPS = 989e12
ARCHS = {  # the published configs of the two models (hidden, layers, heads, kv heads, MLP, vocabulary)
    "qwen2.5-1.5b": dict(hidden_size=1536, num_hidden_layers=28, num_attention_heads=12, num_key_value_heads=2,
                         intermediate_size=8960, vocab_size=151936, tie_word_embeddings=True),
    "qwen2.5-3b": dict(hidden_size=2048, num_hidden_layers=36, num_attention_heads=16, num_key_value_heads=2,
                       intermediate_size=11008, vocab_size=151936, tie_word_embeddings=True),
    "tiny": dict(hidden_size=64, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2,
                 intermediate_size=128, vocab_size=512, tie_word_embeddings=True),
}


class _Tok:
    "The two tokenizer attributes the collators use (the padded one calls `pad`)."
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


def synthetic_rows(n: int, vocab: int, lo: int, hi: int, seed: int = 0) -> list[dict]:
    "Rows of random token ids, lengths log-uniform in [lo, hi], the first 20% masked as the prompt."
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        k = int(lo * (hi / lo) ** rng.random())
        ids = [rng.randrange(1, vocab) for _ in range(k)]
        p = k // 5
        rows.append({"input_ids": ids, "labels": [-100] * p + ids[p:]})
    return rows


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


def measure(arch: str, rows: list[dict], mode: str, pack_len: int, steps: int, warmup: int, gpu: bool) -> dict:
    "Train `steps` optimizer steps (one micro-batch each) in `mode` packed|padded; tokens/s after the warm-up, MFU."
    cfg = Qwen2Config(**ARCHS[arch], max_position_embeddings=max(pack_len, 32768), use_cache=False,
                      pad_token_id=0, bos_token_id=None, eos_token_id=1)
    attn = "sdpa"
    if gpu:
        try:
            import flash_attn  # noqa: F401
            attn = "flash_attention_2"
        except ImportError:
            pass
    torch.manual_seed(0)
    with torch.device("cuda" if gpu else "cpu"):
        model = Qwen2ForCausalLM._from_config(cfg, attn_implementation=attn)
    params = sum(p.numel() for p in model.parameters())
    if mode == "packed":  # micro-batch: as many rows as fill one bin of pack_len on average
        mean = sum(len(r["input_ids"]) for r in rows) / len(rows)
        micro, coll = max(1, int(pack_len // mean)), PackedCollator(0, pack_len)
    else:
        micro, coll = 1, padded_collator(_Tok())
    clock = _Clock(warmup)
    with tempfile.TemporaryDirectory() as d:
        args = TrainingArguments(output_dir=d, per_device_train_batch_size=micro, max_steps=steps, learning_rate=1e-5,
                                 bf16=gpu, use_cpu=not gpu, gradient_checkpointing=gpu, logging_steps=10**9,
                                 save_strategy="no", report_to="none", disable_tqdm=True, seed=0,
                                 include_num_input_tokens_seen="non_padding", remove_unused_columns=False,
                                 dataloader_num_workers=0)
        Trainer(model=model, args=args, train_dataset=rows, data_collator=coll, processing_class=_Tok(),
                callbacks=[clock]).train()  # processing_class: its pad id lets the Trainer count non-padding tokens
    secs = clock.t1 - clock.t0
    tps = (clock.tok1 - clock.tok0) / secs
    out = {"arch": arch, "mode": mode, "attention": attn, "parameters": params, "micro_batch_rows": micro,
           "timed_steps": steps - warmup, "seconds": round(secs, 3), "tokens": clock.tok1 - clock.tok0,
           "tokens_per_s": round(tps, 1), "mfu": round(6 * params * tps / H100_BF16_FLOPS, 4) if gpu else None}
    del model
    if gpu:
        out["peak_memory_gib"] = round(torch.cuda.max_memory_allocated() / 2**30, 2)
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tiny", action="store_true", help="a tiny config on CPU: checks the logic, measures nothing useful")
    ap.add_argument("--steps", type=int, default=None)
    ap.add_argument("--out", type=Path, default=None)
    a = ap.parse_args()
    gpu = torch.cuda.is_available() and not a.tiny
    if not gpu and not a.tiny:
        raise SystemExit("no GPU here: run with --tiny to check the logic on CPU")
    archs = ["tiny"] if a.tiny else ["qwen2.5-1.5b", "qwen2.5-3b"]
    pack_len, lo, hi = (1024, 64, 512) if a.tiny else (16384, 1024, 16384)
    steps = a.steps or (6 if a.tiny else 30)
    warmup = 2 if a.tiny else 5
    results = []
    for arch in archs:
        rows = synthetic_rows(steps * max(1, pack_len // 256) + 64, ARCHS[arch]["vocab_size"], lo, hi)
        pair = {m: measure(arch, rows, m, pack_len, steps, warmup, gpu) for m in ("padded", "packed")}
        pair["ratio"] = round(pair["packed"]["tokens_per_s"] / pair["padded"]["tokens_per_s"], 3)
        print(json.dumps(pair), flush=True)
        results.append(pair)
    out = a.out or Path("benchmarks/results") / ("train_gpu_tiny.json" if a.tiny else "train_gpu.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    env = {"torch": torch.__version__, "transformers": transformers.__version__, "platform": platform.platform(),
           "gpu": torch.cuda.get_device_name(0) if gpu else None, "pack_len": pack_len, "row_lengths": [lo, hi]}
    out.write_text(json.dumps({"results": results, "environment": env}, indent=1) + "\n")


if __name__ == "__main__":
    main()
