"""Benchmark: the nano build's numerics on this CPU: the portable path, MKL's own path, and MKL's vendor-neutral branch.

The portable numerics (`sky_t1.machine.portable_env`) pin ATen's kernels to AVX2, ask MKL for its reproducible
(CNR) branch on AVX2 (`MKL_CBWR=AVX2`) and, on a CPU not made by Intel, preload the MKL shim without which MKL
ignores that request and takes its own path. Each side trains the nano model for `--steps` steps of the build's
shared run (`NanoConfig().train`, seed 0, one torch thread, ATen on AVX2) in a fresh process, one side at a time:

- `portable`: the portable numerics as the build uses them (the baseline);
- `mkl-own-path`: the same without the shim (on an Intel CPU: the same process as the baseline);
- `compatible`: `MKL_CBWR=COMPATIBLE` (SSE2 kernels), the one MKL branch documented to give the same results on every
  vendor's CPU, without the shim: the alternative to it.

Prints seconds, the SHA-256 of the weights and the ratio against the baseline, and writes
benchmarks/results/numerics_<cpu>.json with the CPU (`sky_t1.machine.cpu_identity`). From the repository root:

    .venv/bin/python benchmarks/bench_numerics.py [--steps 150]
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results"
SIDES = ("portable", "mkl-own-path", "compatible")

CHILD = """
import hashlib, json, sys, time
import torch
from sky_t1.nano.build import NanoConfig
from sky_t1.nano.tokenizer import build_tokenizer
from sky_t1.nano.train import deterministic, make_model, train_model
cfg = NanoConfig()
tok = build_tokenizer(cfg.model.max_positions)
with deterministic(0, 1):
    model = make_model(cfg.model, tok, seed=0)
    t = time.perf_counter()
    train_model(model, tok, cfg.train.model_copy(update={"steps": int(sys.argv[1])}))
    seconds, threads = time.perf_counter() - t, torch.get_num_threads()
digest = hashlib.sha256(b"".join(p.detach().numpy().tobytes() for p in model.parameters())).hexdigest()
print(json.dumps({"seconds": round(seconds, 2), "weights_sha256": digest, "torch_threads": threads,
                  "aten": torch.backends.cpu.get_cpu_capability()}))
"""


def side(name: str, steps: int) -> dict:
    "One side in a fresh process, one torch thread, ATen on AVX2."
    from sky_t1.machine import MKL_SHIM_NAME, portable_env
    env = {k: v for k, v in portable_env(force=True).items() if k != "MKL_ENABLE_INSTRUCTIONS"}
    if name != "portable":  # without the shim: MKL's own choice on this CPU
        env["LD_PRELOAD"] = " ".join(x for x in env.get("LD_PRELOAD", "").split() if MKL_SHIM_NAME not in x)
    if name == "compatible":
        env["MKL_CBWR"] = "COMPATIBLE"
    r = subprocess.run([sys.executable, "-c", CHILD, str(steps)], capture_output=True, text=True, env=env, cwd=ROOT)
    if r.returncode != 0:
        raise SystemExit(f"side {name} failed:\n{r.stderr[-3000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1]) | {"MKL_CBWR": env["MKL_CBWR"], "shim": MKL_SHIM_NAME in env.get("LD_PRELOAD", ""),
                                                            "processes": 1}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=150)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from sky_t1.machine import cpu_identity, numerics_family
    sides = {b: side(b, args.steps) for b in SIDES}
    base = sides["portable"]["seconds"]
    for b, s in sides.items():
        s["ratio_to_baseline"] = round(s["seconds"] / base, 2)
        same = "same weights as" if s["weights_sha256"] == sides["portable"]["weights_sha256"] else "other weights than"
        print(f"{b:<13} {s['seconds']:6.1f} s  x{s['ratio_to_baseline']:.2f}  {s['weights_sha256'][:16]}  ({same} the "
              f"baseline; MKL_CBWR={s['MKL_CBWR']}, shim {s['shim']}; 1 process, {s['torch_threads']} torch thread, ATen {s['aten']})")
    cpu = cpu_identity()
    out = {"benchmark": "nano build steps under MKL's reproducibility branches", "steps": args.steps,
           "baseline": "portable (MKL_CBWR=AVX2, the MKL shim where the CPU needs it)", "sides": sides,
           "machine": {"cpu": cpu, "numerics_family": numerics_family(cpu, shim_loaded=sides["portable"]["shim"]), "cores": os.cpu_count(),
                       "python": platform.python_version(), "torch": __import__("torch").__version__},
           "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    vendor = {"GenuineIntel": "intel", "AuthenticAMD": "amd"}.get(cpu["vendor"] or "", "other")
    path = OUT / f"numerics_{vendor}-family{cpu['family']}.json"
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
