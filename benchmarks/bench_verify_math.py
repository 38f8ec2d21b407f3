"""Benchmark: scoring MATH-500 reference solutions with `sky-t1 verify` vs a plain math-verify loop.

Both judge the 500 MATH-500 reference solutions against their answers (right), and the same
solutions against the next problem's answer (mostly wrong: the path where our verdict does more
work, since every reading and rule is tried before saying wrong), in one run:

- **ours**: the scoring stage (`sky_t1.verify.score.score_file`, what `sky-t1 verify` runs, with its
  defaults: the faithful verdict) with a pool of `--workers` processes (one per core), and again
  with 1 worker process, the baseline's resources; also timed end to end as the `sky-t1 verify` command;
- **baseline**: a plain loop, `verify(parse(gold), parse(solution))` with math-verify, one row
  after another in one process.

Both are timed warm (see the warm-up below); the CLI figure includes its cold start.

Prints rows/s of each, the ratio, and how many verdicts agree; writes
benchmarks/results/verify_math.json. Run from the repository root (needs ../shared/data):

    .venv/bin/python benchmarks/bench_verify_math.py [--workers 2] [--repeat 2]
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from math_verify import parse, verify

from sky_t1.verify.sandbox import default_workers
from sky_t1.verify.score import score_file

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "eval" / "math500.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", type=int, default=default_workers())
    ap.add_argument("--repeat", type=int, default=2, help="copies of the 500 rows (distinct keys)")
    ap.add_argument("--out", type=Path, default=Path("benchmarks/results/verify_math.json"))
    args = ap.parse_args()
    m500 = [json.loads(x) for x in DATA.read_text().splitlines()]
    rows = [r | {"sample_index": k} for k in range(args.repeat) for r in m500]  # right answers
    rows += [r | {"answer": m500[(i + 1) % 500]["answer"], "sample_index": args.repeat + k}  # another problem's answer
             for k in range(args.repeat) for i, r in enumerate(m500)]
    tmp = Path(tempfile.mkdtemp())
    inp = tmp / "in.jsonl"
    inp.write_text("".join(json.dumps({"problem_id": r["unique_id"], "sample_index": r["sample_index"], "domain": "math",
                                       "answer": r["answer"], "response": r["solution"]}) + "\n" for r in rows))
    print(f"{len(rows)} rows (MATH-500 reference solutions x {args.repeat} against their answers, x {args.repeat} against "
          f"the next problem's), {args.workers} workers")
    # Warm-up, untimed: math-verify's LaTeX parser (ANTLR) builds its decision tables on first use, so the
    # first few hundred parses of a process are slower. Both timed runs below start warm (our workers are
    # forked from this process), as every long scoring job is after its first minute.
    for r in rows[:500]:
        verify(parse(f"${r['answer']}$"), parse(r["solution"]))

    t0 = time.perf_counter()
    base = [bool(verify(parse(f"${r['answer']}$"), parse(r["solution"]))) for r in rows]
    t_base = time.perf_counter() - t0

    t0 = time.perf_counter()
    score_file(inp, tmp / "out.jsonl", workers=args.workers)
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    score_file(inp, tmp / "out1.jsonl", workers=1)
    t_ours1 = time.perf_counter() - t0
    ours = [json.loads(x)["correct"] for x in (tmp / "out.jsonl").read_text().splitlines()]

    t0 = time.perf_counter()
    cli = Path(sys.executable).parent / "sky-t1"
    subprocess.run([cli, "verify", "--input", inp, "--output", tmp / "cli.jsonl", "--workers", str(args.workers)],
                   check=True, capture_output=True)
    t_cli = time.perf_counter() - t0

    agree = sum(a == b for a, b in zip(ours, base, strict=True))
    res = {"rows": len(rows), "workers": args.workers,
           "processes": {"ours": args.workers, "ours_1": 1, "cli": args.workers, "baseline": 1},
           "ours_seconds": round(t_ours, 2), "ours_rows_per_s": round(len(rows) / t_ours, 1),
           "ours_1_process_seconds": round(t_ours1, 2), "ours_1_process_rows_per_s": round(len(rows) / t_ours1, 1),
           "speedup_1_process": round(t_base / t_ours1, 2),
           "cli_seconds": round(t_cli, 2), "cli_rows_per_s": round(len(rows) / t_cli, 1),
           "baseline_seconds": round(t_base, 2), "baseline_rows_per_s": round(len(rows) / t_base, 1),
           "speedup": round(t_base / t_ours, 2), "speedup_cli_end_to_end": round(t_base / t_cli, 2),
           "ours_correct": sum(ours), "baseline_correct": sum(base), "verdicts_agreeing": agree,
           "disagreements": [{"id": r["unique_id"], "answer": r["answer"], "ours": o, "baseline": b}
                             for r, o, b in zip(rows, ours, base, strict=True) if o != b],
           "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "python": platform.python_version()}}
    print(f"ours (stage):     {res['ours_rows_per_s']:7.1f} rows/s ({t_ours:.1f} s, {args.workers} worker processes)")
    print(f"ours (stage, 1):  {res['ours_1_process_rows_per_s']:7.1f} rows/s ({t_ours1:.1f} s, 1 worker process)")
    print(f"ours (CLI, e2e):  {res['cli_rows_per_s']:7.1f} rows/s ({t_cli:.1f} s, including start-up)")
    print(f"baseline loop:    {res['baseline_rows_per_s']:7.1f} rows/s ({t_base:.1f} s, 1 process)")
    print(f"speedup: {res['speedup']:.2f}x (stage, {args.workers} processes vs 1), {res['speedup_1_process']:.2f}x "
          f"(stage, 1 process vs 1), {res['speedup_cli_end_to_end']:.2f}x (CLI end to end); "
          f"correct: ours {sum(ours)}, baseline {sum(base)}; agreeing verdicts {agree}/{len(rows)}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=2) + "\n")


if __name__ == "__main__":
    main()
