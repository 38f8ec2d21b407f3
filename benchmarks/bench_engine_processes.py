"""Benchmark: the nano teacher's generate calls on one process against several (`TransformersEngine.processes`).

A tiny model on a CPU spends most of a `generate` call in Python's per-token work, so the engine can run whole calls
on worker processes side by side (`sky_t1.engines.hf`, section "Several processes on a CPU"); a call's samples are
its own whatever process runs it. Both sides run the nano recipe's teacher calls as its generate stage makes them
(`stream_completions` by `teacher.problems_per_call` problems, the recipe's sampling and batch size) on the first
`--problems` training problems of the nano recipe, each side in a fresh process, one after the other:

- `one-process` (baseline): `processes=1`, the calls one after the other in this process, on `cpu_threads()` torch
  threads (2);
- `workers`: `processes=N` (default: the engine's own choice, one per core), each worker on the same 2 threads,
  its start (spawning, importing torch, loading the model) included in its time.

Prints seconds, the ratio against the baseline and whether the samples are the same, and writes
benchmarks/results/engine_processes.json with the machine. From the repository root (after `make demo`, or any nano
build: the teacher comes from the build cache):

    .venv/bin/python benchmarks/bench_engine_processes.py [--problems 1560] [--processes N]
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

CHILD = """
import hashlib, json, sys, time
from sky_t1.machine import portable_numerics
portable_numerics()
from sky_t1.core import load_recipe
from sky_t1.engines import make_engine, stream_completions
from sky_t1.generate import make_request, templates_for
from sky_t1.machine import resolve_model
from sky_t1.problems import load_problems

def main():
    rec = load_recipe("nano")
    t, procs = rec.teacher, None if sys.argv[2] == "auto" else int(sys.argv[2])
    src = rec.problems.sources[0]
    problems = load_problems(src.name, split=src.split, options=src.options)[0][:int(sys.argv[1])]
    requests = [make_request(p, templates_for(rec, p), t.system_prompt) for p in problems]
    t0 = time.perf_counter()
    engine = make_engine("transformers", resolve_model(t.model), batch_size=t.batch_size, processes=procs)
    texts = [c.text for g in stream_completions(engine, requests, t.sampling, t.problems_per_call) for c in g]
    seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": round(seconds, 2), "processes": engine.processes, "samples": len(texts),
                      "samples_md5": hashlib.md5("\\x00".join(texts).encode()).hexdigest()}))

if __name__ == "__main__":
    main()
"""


def side(problems: int, processes: str) -> dict:
    "One side in a fresh process (the portable numerics, the MKL shim where the CPU needs it)."
    from sky_t1.machine import portable_env
    r = subprocess.run([sys.executable, "-c", CHILD, str(problems), processes], capture_output=True, text=True,
                       env=portable_env(force=True), cwd=ROOT)
    if r.returncode != 0:
        raise SystemExit(f"side processes={processes} failed:\n{r.stderr[-3000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--problems", type=int, default=1560, help="the nano recipe's training problems to ask (all: 1560)")
    ap.add_argument("--processes", default="auto", help="worker processes of the second side (auto: the engine's choice)")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from sky_t1.machine import cores, cpu_identity, cpu_threads
    base = side(args.problems, "1")
    work = side(args.problems, args.processes)
    same = base["samples_md5"] == work["samples_md5"]
    ratio = round(base["seconds"] / work["seconds"], 2)
    threads = cpu_threads()
    print(f"one-process {base['seconds']:6.1f} s  (baseline: 1 process, {threads} torch threads)")
    print(f"workers     {work['seconds']:6.1f} s  x{ratio:.2f} faster  ({work['processes']} worker processes, {threads} torch "
          f"threads each, their start included); samples {'the same' if same else 'DIFFERENT'}")
    out = {"benchmark": "nano teacher generate calls: one process against worker processes", "problems": args.problems,
           "samples": base["samples"], "baseline": base | {"processes": 1, "torch_threads": threads},
           "workers": work | {"torch_threads_each": threads}, "speedup": ratio, "same_samples": same,
           "machine": {"cpu": cpu_identity(), "cores": cores(), "python": platform.python_version(),
                       "torch": __import__("torch").__version__},
           "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    (OUT / "engine_processes.json").write_text(json.dumps(out, indent=1) + "\n")
    print("wrote benchmarks/results/engine_processes.json")
    if not same:
        raise SystemExit("the worker processes changed the samples")


if __name__ == "__main__":
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    main()
