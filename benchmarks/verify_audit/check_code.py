"""Check the code audit cases: every row scored by the real judge (`sky_t1.verify.score.score_file`) must
get the verdict its `label` says. Prints counts and each disagreement; exits 1 on any.

    .venv/bin/python benchmarks/verify_audit/check_code.py [benchmarks/verify_audit/code.jsonl]
"""
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

from sky_t1.verify.score import score_file


def main(path: str = str(Path(__file__).with_name("code.jsonl"))) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "scored.jsonl"
        summary = score_file(path, out)
        scored = [json.loads(x) for x in out.read_text().splitlines() if x.strip()]
    scored.sort(key=lambda r: r["input_line"])
    counts, bad = Counter(), []
    for r in scored:
        agree = bool(r["correct"]) == bool(r["label"])
        counts[(r["label"], r["detail"], agree)] += 1
        if not agree:
            bad.append(r)
    print(f"{path}: {len(scored)} rows, {sum(r['label'] for r in scored)} labelled true, "
          f"{summary['seconds']} s")
    for (label, detail, agree), n in sorted(counts.items(), key=str):
        print(f"  label {str(label):5}  verdict {detail:14} {'agrees' if agree else 'DISAGREES'}: {n}")
    for r in bad:
        print(f"DISAGREES {r['id']} (label {r['label']}): {r['detail']}: {str(r.get('message'))[:300]}")
    print(f"{len(scored) - len(bad)}/{len(scored)} agree with their labels")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
