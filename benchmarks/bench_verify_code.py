"""Benchmark: judging code samples with the sandbox pool vs the SkyThought way.

Both judge the same batch of >= 200 code samples (real APPS and LiveCodeBench problems; for each,
a right program, a wrong one, one that raises and one that loops forever), in one run:

- **ours**: `sky_t1.verify.code.run_tests_many`, a bounded pool of sandboxes (one per core), one
  harness process per sample that compiles once and forks per test, stopping at the first failure;
- **baseline** (the SkyThought/APPS way): one fresh `multiprocessing` process per sample, which
  runs all of the sample's tests sequentially in-process (stdin patched, output captured, a
  per-test timer), samples one after another.

Prints samples/s of each, the ratio, and whether every verdict agrees; writes the figures to
benchmarks/results/verify_code.json. Run from the repository root:

    .venv/bin/python benchmarks/bench_verify_code.py [--rounds 9] [--timeout 0.5] [--workers 2]
"""
import argparse
import contextlib
import io
import json
import multiprocessing as mp
import os
import platform
import signal
import sys
import time
from importlib.resources import files
from pathlib import Path

from sky_t1.problem import Tests
from sky_t1.problems import load_problems
from sky_t1.verify.code import compare_call, compare_stdout, run_tests_many
from sky_t1.verify.harness import CALL_PREAMBLE
from dataclasses import replace
from statistics import median

from sky_t1.verify.sandbox import Limits, Sandbox, default_workers, probe_isolation

LCB_RIGHT = ("t = int(input())\nfor _ in range(t):\n    s = input().strip()\n"
             "    print('YES' if sum(a != b for a, b in zip(s, 'abc')) <= 2 else 'NO')\n")


def batch(rounds: int) -> list[tuple[str, Tests, bool]]:
    "(code, tests, expected to pass) for real problems x {right, wrong, raises, loops} x rounds."
    samples = files("sky_t1") / "data" / "samples"
    rows = [json.loads(x) for x in (samples / "apps.jsonl").read_text().splitlines()]
    apps, _ = load_problems("apps", [str(samples / "apps.jsonl")], split="train")
    lcb, _ = load_problems("livecodebench", [str(samples / "livecodebench.jsonl")])
    cases = [(json.loads(r["solutions"])[0], p) for r, p in zip(rows, apps, strict=True)] + [(LCB_RIGHT, lcb[0])]
    out = []
    for _ in range(rounds):
        for right, p in cases:
            if p.tests.fn_name:
                wrong = f"class Solution:\n    def {p.tests.fn_name}(self, *a):\n        return -12345\n" \
                    f"def {p.tests.fn_name}(*a):\n    return -12345\n"
            else:
                wrong = "print(-12345)\n"
            out += [(right, p.tests, True), (wrong, p.tests, False), ("raise ValueError('boom')\n", p.tests, False),
                    ("while True:\n    pass\n", p.tests, False)]
    return out


# ---- the baseline: one multiprocessing process per sample, all tests sequentially in-process ----

class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout


def _baseline_child(code: str, tests: dict, timeout: float, q) -> None:
    signal.signal(signal.SIGALRM, _alarm)
    results = []
    fn = tests.get("fn_name")
    for inp, want in zip(tests["inputs"], tests["outputs"], strict=True):
        out, old_in, old_out = io.StringIO(), sys.stdin, sys.stdout
        sys.stdin = io.StringIO("" if fn else inp if isinstance(inp, str) else "\n".join(map(str, inp)))
        sys.stdout = out
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            g = {"__name__": "__main__" if not fn else "solution"}
            exec((CALL_PREAMBLE if fn else "") + code, g)
            if fn:
                sol = g.get("Solution")
                f = getattr(sol(), fn) if isinstance(sol, type) and hasattr(sol, fn) else g[fn]
                value = f(*inp)
                value = json.loads(json.dumps(value, default=list))
                results.append("passed" if compare_call(value, want) else "wrong")
            else:
                sys.stdout = old_out
                results.append("passed" if compare_stdout(out.getvalue(), want) else "wrong")
        except _Timeout:
            results.append("timeout")
        except BaseException:
            results.append("runtime_error")
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            sys.stdin, sys.stdout = old_in, old_out
    q.put(results)


def baseline(items, timeout: float) -> list[str]:
    "Verdict per sample: 'passed' or the kind of the first failing test."
    verdicts = []
    ctx = mp.get_context("fork")
    for code, tests, _ in items:
        q = ctx.Queue()
        p = ctx.Process(target=_baseline_child, args=(code, tests.model_dump(), timeout, q))
        p.start()
        p.join(timeout=(timeout + 1) * len(tests.inputs) + 5)
        if p.is_alive():
            p.kill()
            p.join()
        try:
            results = q.get(timeout=1)
        except Exception:
            results = ["timeout"]
        verdicts.append(next((r for r in results if r != "passed"), "passed"))
    return verdicts


def per_program_ms(isolation, n: int = 30) -> float:
    "Median milliseconds to start a sandbox, run `print(1)` in it and close it, one after another (1 process)."
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        with Sandbox(Limits(timeout=2, isolation="weak"), isolation) as sb:
            sb.load("print(1)")
            assert sb.run("")["stdout"] == "1\n"
        times.append(time.perf_counter() - t0)
    return round(1000 * median(times), 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--timeout", type=float, default=0.5, help="per-test time limit, seconds (both ways)")
    ap.add_argument("--workers", type=int, default=default_workers())
    ap.add_argument("--out", type=Path, default=Path("benchmarks/results/verify_code.json"))
    args = ap.parse_args()
    items = batch(args.rounds)
    print(f"{len(items)} samples ({sum(e for *_, e in items)} expected to pass), per-test limit {args.timeout}s, "
          f"{args.workers} workers, isolation: {probe_isolation().describe()}")

    t0 = time.perf_counter()
    ours = run_tests_many([(c, t) for c, t, _ in items], workers=args.workers, limits=Limits(timeout=args.timeout))
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    base = baseline(items, args.timeout)
    t_base = time.perf_counter() - t0

    iso = probe_isolation()
    cost = {"strong_ms": per_program_ms(iso) if iso.strong else None,
            "weak_ms": per_program_ms(replace(iso, strong=False))}
    print(f"one sandbox, print(1), start to close: strong {cost['strong_ms']} ms, weak {cost['weak_ms']} ms (median of 30)")
    ours_d = [v.detail for v in ours]
    agree = sum(a == b for a, b in zip(ours_d, base, strict=True))
    expected_ok = all(v.correct == e for v, (_, _, e) in zip(ours, items, strict=True))
    res = {"samples": len(items), "per_test_timeout_s": args.timeout, "workers": args.workers,
           "ours_seconds": round(t_ours, 2), "baseline_seconds": round(t_base, 2),
           "ours_samples_per_s": round(len(items) / t_ours, 2), "baseline_samples_per_s": round(len(items) / t_base, 2),
           "speedup": round(t_base / t_ours, 2), "verdicts_identical": agree == len(items), "verdicts_agreeing": agree,
           "verdicts_as_expected": expected_ok, "processes": {"ours": f"{args.workers} sandboxes at a time",
                                                             "baseline": "1 process per sample, one at a time"},
           "per_program_ms": cost,
           "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "python": platform.python_version(),
                       "isolation": probe_isolation().describe()}}
    print(f"ours:     {res['ours_samples_per_s']:7.2f} samples/s ({t_ours:.1f} s)")
    print(f"baseline: {res['baseline_samples_per_s']:7.2f} samples/s ({t_base:.1f} s)")
    print(f"speedup:  {res['speedup']:.2f}x; identical verdicts: {agree}/{len(items)}; as expected: {expected_ok}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=2) + "\n")


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
