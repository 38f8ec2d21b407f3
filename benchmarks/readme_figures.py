"""The README's "What the demo measured" figures, regenerated from a run directory's files.

Reads a run directory (default `runs/nano`, what `make demo` writes) with the report's own readers
(`sky_t1.report`): the stage wall times from `manifest.json` (`wall_s`: timed by `sky-t1 run` around
each stage, kernel start included, summed over attempts), the data funnel and the verifier's verdicts
from the stage files, the training summary from `model/train_summary.json`, and the held-out
evaluation from `eval/summary.json` (validated against `sky_t1.evaluate.EvalSummary`). It rewrites
the README between the markers

    <!-- figures:begin -->
    <!-- figures:end -->

and nothing else, so every figure there traces to a file of that run. Run from the repository root:

    .venv/bin/python benchmarks/readme_figures.py [RUN_DIR] [--readme README.md] [--check]

`--check` rewrites nothing and exits 1 when the README's section differs from what the files say.

`--sweep FILE` (default `benchmarks/results/nano_sweep/sweep.json`, what `sky-t1 sweep` writes, copied
there from `runs/nano-sweep/`) also rewrites the section between

    <!-- sweep:begin -->
    <!-- sweep:end -->

with the sweep's summary over seeds, when the README has those markers.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from sky_t1.core import SkyT1Error
from sky_t1.report import (
    drop_reasons,
    eval_table,
    funnel,
    open_run,
    read_eval,
    read_train_summary,
)

BEGIN, END = "<!-- figures:begin -->", "<!-- figures:end -->"
SWEEP_BEGIN, SWEEP_END = "<!-- sweep:begin -->", "<!-- sweep:end -->"
SWEEP = "benchmarks/results/nano_sweep/sweep.json"


def _s(x: float) -> str:
    return f"{x:.0f} s" if x >= 10 else f"{x:.1f} s"


def stage_times(run) -> str:
    "One line: the stages' total wall time and each stage's, from the manifest."
    stages = run.manifest().get("stages", {})
    parts, total, inner = [], 0.0, []
    for name, st in stages.items():
        w = st.get("wall_s")
        if w is None:  # run outside `sky-t1 run`: only the stage's own timing exists
            w = st.get("wall_seconds")
            inner.append(name)
        if w is None:
            continue
        total += float(w)
        n = len(st.get("wall_s_attempts") or []) or 1
        parts.append(f"{name} {_s(float(w))}" + (f" over {n} attempts" if n > 1 else ""))
    note = (f"; {', '.join(inner)}: the stage's own timing (`wall_seconds`), no kernel start" if inner else "")
    return (f"- **Stage wall times** (`manifest.json`, `wall_s`: each stage timed by `sky-t1 run` around its whole "
            f"notebook, kernel start included, summed over attempts{note}): {_s(total)} in all "
            f"({', '.join(parts)}).")


def funnel_line(run) -> str | None:
    "One line: the data funnel's totals and the verifier's and curation's drops, from the stage files."
    f = funnel(run.path, "domain")
    if f.empty:
        return None
    total = f.loc["total"]
    groups = [g for g in f.index if g != "total"]
    steps = [f"{int(total['problems']):,} problems (" + ", ".join(f"{int(f.loc[g, 'problems']):,} {g}" for g in groups) + ")"]
    drops = drop_reasons(run.path, "domain")
    def why(stage: str) -> str:
        d = drops[drops["stage"] == stage].groupby("reason", sort=False)["samples"].sum() if len(drops) else pd.Series(dtype=int)
        d = d.sort_values(ascending=False, kind="stable")
        return " (" + ", ".join(f"{r.replace('_', ' ')} {n:,}" for r, n in d.items()) + ")" if len(d) else ""
    labels = {"generated": "teacher samples", "verified": "verified" + why("verify"),
              "reformatted": "reformatted" + why("reformat"), "re-verified": "re-verified",
              "kept": "kept" + why("curate"), "exported": "training rows"}
    for col, label in labels.items():
        if col in total.index and not pd.isna(total[col]):
            steps.append(f"{int(total[col]):,} {label}")
    return ("- **Funnel** (`problems.jsonl`, `generations.jsonl`, `scores.jsonl`, `formatted.jsonl`, `curated.jsonl`, "
            "`sft/train_messages.jsonl`): " + " -> ".join(steps) + ".")


def training_line(run) -> str | None:
    "One line: rows, epochs, steps, tokens and device of the training run, from its summary."
    ts = read_train_summary(run.path)
    if ts is None:
        return None
    rec = run.recipe() if run.file("recipe").exists() else None
    epochs = f" x {rec.train.epochs:g} epochs" if rec is not None and rec.train is not None else ""
    bits = [f"{ts['rows']:,} rows{epochs}" if "rows" in ts else None,
            f"{ts['steps']:,} optimizer steps" if "steps" in ts else None,
            f"{ts['trained_tokens']:,} tokens" if "trained_tokens" in ts else None,
            f"{_s(float(ts['wall_seconds']))}" if "wall_seconds" in ts else None,
            f"on {ts['device']}" if "device" in ts else None]
    return "- **Training** (`model/train_summary.json`): " + ", ".join(b for b in bits if b) + "."


def evaluation_block(run) -> str | None:
    "The held-out evaluation: avg@n (%) with its interval by benchmark and model, and the paired differences."
    ev = read_eval(run.path)
    if ev is None or not len(ev["measured"]):
        return None
    s = ev["summary"]
    table = eval_table(ev, "avg@n")
    models = [c for c in table.columns if c not in ("problems", "samples/problem")]
    diffs = ev["differences"]
    pairs = list(dict.fromkeys(zip(diffs["a"], diffs["b"], strict=True))) if len(diffs) else []
    head = ["benchmark", *models, *(f"{a} - {b} (paired)" for a, b in pairs)]
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join("---" for _ in head) + " |"]
    for bench, row in table.iterrows():
        cells = [str(bench), *(str(row[m]) for m in models)]
        for a, b in pairs:
            d = diffs[(diffs["a"] == a) & (diffs["b"] == b) & (diffs["benchmark"] == bench)]
            cells.append("—" if d.empty else f"{d.iloc[0]['difference']:+.1f} [{d.iloc[0]['lo']:+.1f}, {d.iloc[0]['hi']:+.1f}]")
        lines.append("| " + " | ".join(cells) + " |")
    n_of = {r.benchmark: r.n for r in s.measured}  # samples per problem: a benchmark may set its own
    sizes = ", ".join(f"{n} {b} problems x {n_of.get(b, s.sampling.get('n'))} samples" for b, n in s.benchmarks.items())
    t = s.sampling.get("temperature")
    methods = sorted({r.avg_at_n.method for r in s.measured if r.avg_at_n is not None})
    intro = (f"- **Held-out evaluation** (`eval/summary.json`; {sizes}"
             + (f", at temperature {t}" if t is not None else "")
             + f"; avg@n in %, {round(100 * s.confidence)}% {' / '.join(methods)} interval over problems):")
    return intro + "\n\n" + "\n".join("  " + x for x in lines)


def build_line(run) -> str | None:
    "The nano models the run used: each one's weights hash and the accuracy its build measured (`manifest.json`)."
    builds = run.manifest().get("nano_build") or {}
    if not builds:
        return None
    parts = []
    for role, b in sorted(builds.items(), reverse=True):  # teacher first
        acc = b.get("accuracy") or {}
        own = ", ".join(f"{k} {100 * acc[k]:.1f}%" for k in ("math", "code") if k in acc)
        parts.append(f"{role} `{b['sha256'][:16]}`" + (f" (its build measured {own})" if own else ""))
    family = next((b["numerics_family"] for b in builds.values() if b.get("numerics_family")), None)
    where = (f"the same on every machine of numerics family `{family}`, `sky_t1.machine.numerics_family`" if family
             else "the same on any x86-64 CPU with AVX2")
    return ("- **Nano build** (`manifest.json`, `nano_build`: the SHA-256 of each model's weights; " + where + "): "
            + "; ".join(parts) + ".")


def figures(run_dir: str | Path) -> str:
    "The README's figures section for a run directory (the text between the markers)."
    run = open_run(run_dir)
    m = run.manifest()
    env = m.get("environment", {})
    git = env.get("git", {}).get("commit")
    head = (f"*Generated by `benchmarks/readme_figures.py` from the run directory `{run.path.name}/` (recipe "
            f"{m.get('recipe')}, created {m.get('created_at')}; Python "
            f"{env.get('python')}, {env.get('platform')}"
            + (f", CPU {env['cpu']}, numerics family `{env.get('numerics_family')}`" if env.get("cpu") else "")
            + (f", code at {git[:12]}" if git else "")
            + "). Do not edit by hand: rerun the script.*")
    parts = [head, "", stage_times(run)]
    parts += [x for x in (build_line(run), funnel_line(run), training_line(run)) if x]
    if (block := evaluation_block(run)) is not None:
        parts.append(block)
    return "\n".join(parts)


def _pts(x: float, sign: bool = True) -> str:
    return f"{100 * x:+.1f}" if sign else f"{100 * x:.1f}"


def sweep_section(path: str | Path) -> str:
    "The README's sweep section: each comparison's mean, sd and range over seeds, and how many seeds' intervals exclude zero."
    p = Path(path)
    try:
        d = json.loads(p.read_text(encoding="utf-8"))
        aggs, seeds = d["aggregates"], d["seeds"]
    except (OSError, ValueError, KeyError) as e:
        raise SkyT1Error(f"{p}: not a sweep summary ({e})") from e
    if d.get("missing"):
        raise SkyT1Error(f"{p}: the sweep is incomplete (missing: {d['missing']}); rerun sky-t1 sweep")
    conf = round(100 * d.get("confidence", 0.95))
    lines = [f"*Generated by `benchmarks/readme_figures.py` from `{p.as_posix()}` (recipe {d['recipe']}, "
             f"seeds {', '.join(map(str, seeds))}; ablations: {', '.join(d.get('ablations') or ['none'])}). "
             f"Points of avg@n; each seed's difference has its {conf}% paired bootstrap interval over problems.*", "",
             "| comparison | benchmark | seeds | mean | sd | min to max | intervals above / below zero |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for a in aggs:
        lines.append(f"| {a['comparison']} | {a['benchmark']} | {len(a['seeds'])} | {_pts(a['mean'])} | "
                     f"{_pts(a['sd'], False)} | {_pts(a['min'])} to {_pts(a['max'])} | "
                     f"{a['above_zero']} / {a['below_zero']} of {len(a['seeds'])} |")
    return "\n".join(lines)


def rewrite(readme: str, section: str, where: str = "README", begin: str = BEGIN, end: str = END) -> str:
    "The README text with the section between the markers `begin` and `end` replaced."
    if readme.count(begin) != 1 or readme.count(end) != 1 or readme.index(begin) > readme.index(end):
        raise SkyT1Error(f"{where}: needs exactly one {begin} before one {end}")
    start, stop = readme.index(begin) + len(begin), readme.index(end)
    return readme[:start] + "\n" + section.strip("\n") + "\n" + readme[stop:]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("run_dir", nargs="?", default="runs/nano", help="the run directory (default: runs/nano)")
    p.add_argument("--readme", default="README.md", help="the file to rewrite (default: README.md)")
    p.add_argument("--check", action="store_true", help="rewrite nothing; exit 1 when the README is out of date")
    p.add_argument("--sweep", default=SWEEP, help=f"the sweep summary for the sweep section (default: {SWEEP})")
    a = p.parse_args(argv)
    try:
        path = Path(a.readme)
        old = path.read_text(encoding="utf-8")
        new = rewrite(old, figures(a.run_dir), str(path))
        if SWEEP_BEGIN in new:
            new = rewrite(new, sweep_section(a.sweep), str(path), SWEEP_BEGIN, SWEEP_END)
    except (SkyT1Error, OSError) as e:
        print(f"readme_figures: {e}", file=sys.stderr)
        return 2
    if a.check:
        if new != old:
            print(f"{path}: the figures differ from {a.run_dir}; run benchmarks/readme_figures.py {a.run_dir}", file=sys.stderr)
            return 1
        print(f"{path}: the figures match {a.run_dir}")
        return 0
    if new != old:
        path.write_text(new, encoding="utf-8")
    print(f"{path}: figures {'rewritten' if new != old else 'unchanged'} from {a.run_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
