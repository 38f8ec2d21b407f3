"""Emit the hand-written verifier audit sets as JSONL.

The rows live in the _rows_*.py modules; each row's response, gold answer and
label were written and decided by hand. This script only serialises them,
numbers the ids and checks the files are well formed. It does not run any
verifier.
"""
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _rows_multi_prose import MULTI_BOXED, PROSE  # noqa: E402
from _rows_decimal_unordered import DECIMAL_COMMA, UNORDERED  # noqa: E402
from _rows_equation_units import EQUATION_TIME, UNITS_NOTATION  # noqa: E402
from _rows_mcq import MCQ  # noqa: E402

ORIGIN = "written for this audit"


def make(prefix, category, domain, rows):
    out = []
    for i, (answer, response, label, why) in enumerate(rows, 1):
        assert isinstance(label, bool)
        assert answer.strip() and response.strip() and why.strip()
        out.append({
            "id": f"hw-{prefix}-{i:03d}",
            "category": category,
            "domain": domain,
            "answer": answer,
            "response": response,
            "label": label,
            "origin": ORIGIN,
            "why": why,
        })
    return out


def write(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def check(path):
    ids, rows = set(), []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            r = json.loads(line)
            assert r["id"] not in ids, (path, n, r["id"])
            ids.add(r["id"])
            rows.append(r)
    return rows


def main():
    math_rows = []
    for cat, rows in [("multi_boxed", MULTI_BOXED), ("prose", PROSE),
                      ("decimal_comma", DECIMAL_COMMA), ("unordered", UNORDERED),
                      ("equation_time", EQUATION_TIME), ("units_notation", UNITS_NOTATION)]:
        math_rows += make(cat, cat, "math", rows)
    mcq_rows = make("mcq", "mcq", "mcq", MCQ)

    math_path = HERE / "handwritten_math.jsonl"
    mcq_path = HERE / "handwritten_mcq.jsonl"
    write(math_path, math_rows)
    write(mcq_path, mcq_rows)

    for path in (math_path, mcq_path):
        rows = check(path)
        c = Counter((r["category"], r["label"]) for r in rows)
        print(path.name, len(rows))
        for cat in sorted({k[0] for k in c}):
            print(f"  {cat:16s} true={c[(cat, True)]:3d} false={c[(cat, False)]:3d}")


if __name__ == "__main__":
    main()
