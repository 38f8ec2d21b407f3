"""Benchmark: where a second CPU core helps the nano recipe, measured before choosing a faster nano design.

Each side runs in a fresh process with the portable numerics (`sky_t1.machine.portable_env`) and a fixed torch
thread count, one side at a time (never two at once):

- **build step**: one AdamW step of the nano model (`NanoConfig().model`) on `pretrain` rows, as the build's shared
  run takes it: batch 8 on 1 thread (the build today: the baseline), batch 8 on 2 threads, and batch 4 on 1 thread
  (what each of two data-parallel processes would take: its ratio is a bound for such a pair, the all-reduce of
  the gradients not counted). Mean ms a step after a warm-up.
- **teacher generation**: the built nano teacher sampling `--problems` nano train problems x 3 at the nano recipe's
  settings (temperature 0.7, 320 tokens, batches of 128, seed 0), on 1 thread and on 2 threads; seconds, and how many
  of the samples differ between the two (0 means the thread count does not change the samples).

Prints each ratio against the 1-thread baseline and writes benchmarks/results/nano_threads.json with the machine.
Needs the nano build in the cache (`make demo`, or `.venv/bin/sky-t1 nano build`). From the repository root:

    .venv/bin/python benchmarks/bench_nano_threads.py [--steps 60] [--problems 400]
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).parent / "results" / "nano_threads.json"


def step_cost(threads: int, batch: int, steps: int, warmup: int = 10) -> dict:
    "Mean seconds of one training step of the nano model (this process: `threads` torch threads)."
    import random

    import torch

    from sky_t1.nano.build import NanoConfig
    from sky_t1.nano.tokenizer import build_tokenizer
    from sky_t1.nano.train import TrainSpec, collate, deterministic, length_batches, make_model, training_data
    cfg = NanoConfig()
    tok = build_tokenizer(cfg.model.max_positions)
    spec = TrainSpec(steps=steps + warmup, batch_size=batch, decay=0.0)
    with deterministic(0, threads):
        model = make_model(cfg.model, tok)
        data = training_data(tok, spec)
        batches = length_batches([len(x) for x, _ in data], batch, random.Random(0))[:steps + warmup]
        opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
        model.train()
        for i, idx in enumerate(batches):
            if i == warmup:
                t0 = time.perf_counter()
            model(**collate([data[j] for j in idx], tok.pad_token_id)).loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            opt.zero_grad(set_to_none=True)
        secs = time.perf_counter() - t0
    return {"threads": threads, "batch": batch, "steps": steps, "ms_per_step": round(1000 * secs / steps, 1)}


def generation(threads: int, problems: int) -> dict:
    "Seconds for the teacher's samples of `problems` nano train problems x 3, and the samples' texts."
    from sky_t1.engines import Request, SamplingParams
    from sky_t1.engines.hf import TransformersEngine
    from sky_t1.nano.build import nano_build
    from sky_t1.nano.problems import make_problems
    probs = make_problems("train", problems - problems // 10) + make_problems("train", problems // 10, domain="code")
    eng = TransformersEngine(nano_build()["teacher"]["path"], batch_size=128, threads=threads)
    reqs = [Request.from_prompt(p.id, p.question) for p in probs]
    t0 = time.perf_counter()
    out = eng.generate(reqs, SamplingParams(temperature=0.7, max_tokens=320, n=3, seed=0))
    return {"threads": threads, "samples": len(out), "seconds": round(time.perf_counter() - t0, 2),
            "texts": [c.text for c in out]}


def side(kind: str, **kw) -> dict:
    "One side in a fresh process with the portable numerics."
    from sky_t1.machine import portable_env
    code = (f"import json, sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import bench_nano_threads as b; "
            f"print(json.dumps(b.{kind}(**{kw!r})))")
    env = {k: v for k, v in portable_env(force=True).items() if k != "MKL_ENABLE_INSTRUCTIONS"}  # the MKL shim included
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--steps", type=int, default=60)
    ap.add_argument("--problems", type=int, default=400)
    a = ap.parse_args()
    import torch
    steps = [side("step_cost", threads=t, batch=b, steps=a.steps) for t, b in ((1, 8), (2, 8), (1, 4))]
    base = steps[0]["ms_per_step"]
    for s in steps:
        s["ratio_to_baseline"] = round(base / s["ms_per_step"], 2)
        half = s["batch"] < steps[0]["batch"]  # one rank's share of a batch of 8 split over 2 processes, one core each
        print(f"build step, batch {s['batch']} on {s['threads']} thread(s), 1 process: {s['ms_per_step']} ms "
              f"({s['ratio_to_baseline']}x the 1-thread batch-8 baseline" +
              (": the bound for 2 such processes taking a batch of 8 together, their all-reduce not counted)" if half else ")"))
    gens = [side("generation", threads=t, problems=a.problems) for t in (1, 2)]
    differ = sum(x != y for x, y in zip(gens[0].pop("texts"), gens[1].pop("texts"), strict=True))
    for g in gens:
        g["ratio_to_baseline"] = round(gens[0]["seconds"] / g["seconds"], 2)
        print(f"teacher generation, {g['samples']} samples on {g['threads']} thread(s), 1 process: {g['seconds']} s "
              f"({g['ratio_to_baseline']}x the 1-thread baseline)")
    print(f"samples that differ between 1 and 2 threads: {differ} of {gens[0]['samples']}")
    result = {"benchmark": "nano_threads", "build_step": steps, "generation": gens,
              "generation_samples_differing": differ,
              "machine": {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(),
                          "python": platform.python_version(), "torch": torch.__version__},
              "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
