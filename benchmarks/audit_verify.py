"""The verifier audit: `sky-t1 verify` against math-verify alone, on the labelled cases in `benchmarks/verify_audit/`.

Every row of `benchmarks/verify_audit/*.jsonl` is a (reference, response) pair with a human label:
is the response's final answer right? (`origin` says where the row came from, `why` why it has its
label; `build_derived.py` there made the rows derived from real benchmark references, the others were
written and labelled by hand.) This script judges every row three ways, in one run:

- **sky-t1 verify**: the `sky-t1 verify` command as a user runs it (the faithful verdict, the default);
- **require_boxed**: `sky-t1 verify --require-boxed`, Sky-T1's rejection rule (only the final box);
- **math-verify**: math-verify 0.9 alone, `verify(parse("$" + answer + "$"), parse(response))` for math,
  its `StringExtractionConfig` on both sides for multiple choice (no column for code: it has no judge).

and prints, per category: rows, agreement with the labels, false passes (judged right, labelled
wrong) and false fails (judged wrong, labelled right), side by side. The cases in `stress/` were
written afterwards, by a reviewer trying to break the judge's own rules; they get a table of their
own, apart from the audit set. It writes the table to
`benchmarks/results/verify_audit.md` and the figures, with every disagreement, to
`benchmarks/results/verify_audit.json`. Run from the repository root:

    .venv/bin/python benchmarks/audit_verify.py [--workers 2]
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from math_verify import StringExtractionConfig, parse, verify

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "benchmarks" / "verify_audit"
ORDER = ["boxed", "multi_boxed", "prose", "decimal_comma", "unordered", "equation_time", "units_notation", "mcq", "code"]


def load_cases(folder: Path = CASES) -> list[dict]:
    "Every labelled row of the audit files in `folder`, with its file; ids must be unique."
    rows, seen = [], set()
    for path in sorted(folder.glob("*.jsonl")):
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if not line.strip():
                continue
            r = json.loads(line)
            if r["id"] in seen or not isinstance(r["label"], bool):
                raise SystemExit(f"{path}:{n}: duplicate id or non-boolean label: {r['id']}")
            seen.add(r["id"])
            rows.append(r | {"file": path.name})
    return rows


def math_verify_alone(r: dict) -> bool | None:
    "math-verify 0.9's own verdict (None where it has none: code)."
    response = r.get("response") or ""
    try:
        if r["category"] == "mcq":
            letters = tuple("ABCDEFGHIJ"[:max(4, "ABCDEFGHIJ".find(str(r["answer"]).strip()) + 1)])
            cfg = [StringExtractionConfig(strings=letters)]
            return bool(verify(parse(str(r["answer"]), cfg), parse(response, cfg)))
        if r["domain"] == "code":
            return None
        gold = str(r["answer"])
        return bool(verify(parse(gold if "$" in gold or "\\boxed" in gold else f"${gold}$"), parse(response)))
    except Exception:  # noqa: BLE001 - a crash of the library is a fail, as a user would see it
        return False


def sky_t1_score(rows: list[dict], workers: int, *flags: str) -> tuple[list[bool], float]:
    "The verdicts of the `sky-t1 verify` command on the rows, in order, and its wall time."
    tmp = Path(tempfile.mkdtemp())
    fields = ("domain", "answer", "response", "input_output", "choices")
    (tmp / "in.jsonl").write_text("".join(json.dumps({"problem_id": r["id"], "sample_index": 0}
                                                     | {k: r[k] for k in fields if r.get(k) is not None}) + "\n" for r in rows))
    cli = Path(sys.executable).parent / "sky-t1"
    t0 = time.perf_counter()
    subprocess.run([str(cli), "verify", "--input", str(tmp / "in.jsonl"), "--output", str(tmp / "out.jsonl"),
                    "--workers", str(workers), *flags], check=True, capture_output=True)
    seconds = time.perf_counter() - t0
    got = {json.loads(x)["problem_id"]: json.loads(x) for x in (tmp / "out.jsonl").read_text().splitlines()}
    return [bool(got[r["id"]]["correct"]) for r in rows], seconds


def tally(rows, verdicts) -> dict:
    "Agreement, false passes and false fails, per category and overall."
    out = defaultdict(lambda: {"rows": 0, "agree": 0, "false_pass": 0, "false_fail": 0})
    for r, v in zip(rows, verdicts, strict=True):
        if v is None:
            continue
        for key in (r["category"], "all math" if r["domain"] == "math" else None, "all"):
            if key is None:
                continue
            t = out[key]
            t["rows"] += 1
            t["agree"] += v == r["label"]
            t["false_pass"] += v and not r["label"]
            t["false_fail"] += r["label"] and not v
    return dict(out)


def pct(t) -> str:
    return f"{100 * t['agree'] / t['rows']:.1f}%" if t and t["rows"] else "—"


def audit(rows: list[dict], workers: int) -> tuple[str, dict, list[dict], dict]:
    "Judge the rows three ways; (markdown table, tallies, disagreements, seconds)."
    ours, t_ours = sky_t1_score(rows, workers)
    boxed, _ = sky_t1_score(rows, workers, "--require-boxed")
    t0 = time.perf_counter()
    mv = [math_verify_alone(r) for r in rows]
    t_mv = time.perf_counter() - t0
    judges = {"sky-t1 verify": tally(rows, ours), "math-verify": tally(rows, mv), "require_boxed": tally(rows, boxed)}
    cats = [c for c in ORDER if c in judges["sky-t1 verify"]] + sorted(set(judges["sky-t1 verify"]) - set(ORDER) - {"all math", "all"})
    labels = {c: sum(r["label"] for r in rows if r["category"] == c) for c in cats}
    lines = ["| category | rows (labelled right) | agreement: sky-t1 verify | math-verify | false passes: sky-t1 verify | math-verify "
             "| false fails: sky-t1 verify | math-verify | agreement: require_boxed |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for c in cats + ["all math", "all"]:
        o, m, b = (judges[j].get(c) for j in ("sky-t1 verify", "math-verify", "require_boxed"))
        fp = lambda t, k: str(t[k]) if t else "—"  # noqa: E731
        n = f"{o['rows']} ({labels[c]})" if c in labels else str(o["rows"])
        lines.append(f"| {c} | {n} | {pct(o)} | {pct(m)} | {fp(o, 'false_pass')} | {fp(m, 'false_pass')} "
                     f"| {fp(o, 'false_fail')} | {fp(m, 'false_fail')} | {pct(b)} |")
    disagreements = [{"id": r["id"], "file": r["file"], "category": r["category"], "label": r["label"], "sky_t1_score": o,
                      "math_verify": m, "answer": r.get("answer"), "why": r["why"]}
                     for r, o, m in zip(rows, ours, mv, strict=True) if o != r["label"] or (m is not None and m != r["label"])]
    seconds = {"sky-t1 verify (CLI, incl. start-up)": round(t_ours, 1), "math-verify alone": round(t_mv, 1)}
    return "\n".join(lines), judges, disagreements, seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "verify_audit")
    args = ap.parse_args()
    rows, stress = load_cases(), load_cases(CASES / "stress")
    table, judges, disagreements, seconds = audit(rows, args.workers)
    s_table, s_judges, s_disagreements, _ = audit(stress, args.workers)
    print(table)
    print(f"\nAdversarial cases ({len(stress)}, `stress/`: written to break the judge's own rules; not in the table above):\n")
    print(s_table)
    res = {"rows": len(rows), "files": sorted({r["file"] for r in rows}), "judges": judges, "seconds": seconds,
           "workers": {"sky-t1 verify": args.workers, "math-verify alone": 1}, "disagreements": disagreements,
           "stress": {"rows": len(stress), "judges": s_judges, "disagreements": s_disagreements},
           "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "python": platform.python_version()}}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(res, indent=1, ensure_ascii=False) + "\n")
    args.out.with_suffix(".md").write_text(
        f"Verifier audit: {len(rows)} labelled rows (`benchmarks/verify_audit/*.jsonl`), made by "
        f"`.venv/bin/python benchmarks/audit_verify.py`.\n\n{table}\n\n"
        f"Adversarial cases: {len(stress)} rows (`benchmarks/verify_audit/stress/`), written to break the judge's "
        f"own rules, reported apart from the audit set.\n\n{s_table}\n")
    print(f"\n{len(disagreements)} audit rows where a judge disagrees with the label: {args.out.with_suffix('.json')}")


if __name__ == "__main__":
    main()
