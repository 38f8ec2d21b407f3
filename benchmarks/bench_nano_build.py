"""Benchmark: the nano build's shared-run step, as nano version 4 took it and as version 5 takes it.

Three sides, each a step of the shared run (`NanoConfig().train`: batch 8 of `pretrain` examples, AdamW, clipping),
one side at a time, each in fresh processes with the portable numerics and one torch thread a process:

- **v4 (the baseline)**: one process takes the whole batch; one token per byte (`build_tokenizer(merges=0)`);
- **two processes**: the same tokens, each of two processes takes half of every batch and the gradients are
  all-reduced (`sky_t1.nano.train.shard_backward`, a gloo group on a local file), as the build's shared run does now;
- **v5**: two processes and the BPE tokenizer (`build_tokenizer()`: merges learnt from the nano text).

Prints each side's mean ms a step (after a warm-up; for two processes the slower rank's) and its ratio against the
baseline measured in the same run, with the mean tokens an example, and writes benchmarks/results/nano_build.json
with the machine. From the repository root:

    .venv/bin/python benchmarks/bench_nano_build.py [--steps 100]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OUT = Path(__file__).parent / "results" / "nano_build.json"


def step_cost(rank: int, world: int, merges: int, steps: int, store: str, warmup: int = 10) -> dict:
    "Mean ms of one shared-run step in this process (rank `rank` of `world`), and the mean tokens an example."
    import random

    import torch
    import torch.distributed as dist

    from sky_t1.nano.build import NanoConfig
    from sky_t1.nano.tokenizer import MERGES, build_tokenizer
    from sky_t1.nano.train import (
        collate,
        deterministic,
        length_batches,
        make_model,
        shard_backward,
        training_data,
    )
    cfg = NanoConfig()
    tok = build_tokenizer(cfg.model.max_positions, merges=MERGES if merges else 0)
    spec = cfg.train.model_copy(update={"steps": steps + warmup})
    if world > 1:
        dist.init_process_group("gloo", init_method=f"file://{store}", rank=rank, world_size=world)
    with deterministic(0, 1):
        model = make_model(cfg.model, tok)
        data = training_data(tok, spec)
        batches = length_batches([len(x) for x, _ in data], spec.batch_size, random.Random(0))[:steps + warmup]
        opt = torch.optim.AdamW(model.parameters(), lr=spec.lr)
        model.train()
        for i, idx in enumerate(batches):
            if i == warmup:
                t0 = time.perf_counter()
            examples = [data[j] for j in idx]
            if world == 1:
                model(**collate(examples, tok.pad_token_id)).loss.backward()
            else:
                shard_backward(model, examples, tok.pad_token_id, world)
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            opt.zero_grad(set_to_none=True)
        secs = time.perf_counter() - t0
    if world > 1:
        dist.destroy_process_group()
    return {"ms_per_step": round(1000 * secs / steps, 1), "tokens_per_example": round(sum(len(x) for x, _ in data) / len(data), 1)}


def side(name: str, world: int, merges: bool, steps: int) -> dict:
    "One side: `world` fresh processes with the portable numerics, one thread each; the slowest rank's step time."
    from sky_t1.machine import portable_env
    env = {k: v for k, v in portable_env(force=True).items() if k != "MKL_ENABLE_INSTRUCTIONS"}  # the MKL shim included
    store = Path(tempfile.mkdtemp()) / "store"
    procs = [subprocess.Popen([sys.executable, "-c",
                               f"import json, sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import bench_nano_build as b; "
                               f"print(json.dumps(b.step_cost({r}, {world}, {merges!r}, {steps}, {str(store)!r})))"],
                              env=env, stdout=subprocess.PIPE, text=True) for r in range(world)]
    outs = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
    if any(p.returncode for p in procs):
        raise SystemExit(f"side {name} failed")
    return {"side": name, "processes": world, "threads_per_process": 1, "tokenizer": "bpe" if merges else "bytes",
            "ms_per_step": max(o["ms_per_step"] for o in outs), "tokens_per_example": outs[0]["tokens_per_example"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--steps", type=int, default=100)
    a = ap.parse_args()
    import torch
    sides = [side("v4: 1 process, byte tokens (baseline)", 1, False, a.steps),
             side("2 processes, byte tokens", 2, False, a.steps),
             side("v5: 2 processes, BPE tokens", 2, True, a.steps)]
    base = sides[0]["ms_per_step"]
    for s in sides:
        s["ratio_to_baseline"] = round(base / s["ms_per_step"], 2)
        print(f"{s['side']}: {s['ms_per_step']} ms a step of batch 8 ({s['processes']} process(es) x 1 thread; "
              f"{s['tokens_per_example']} tokens an example): {s['ratio_to_baseline']}x the baseline")
    result = {"benchmark": "nano_build_step", "steps": a.steps, "sides": sides,
              "machine": {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(),
                          "python": platform.python_version(), "torch": torch.__version__},
              "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    try:
        from sky_t1.machine import cpu_identity
        result["machine"]["cpu"] = cpu_identity()["model"]
    except Exception:  # noqa: BLE001 (the platform's name will do)
        pass
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
