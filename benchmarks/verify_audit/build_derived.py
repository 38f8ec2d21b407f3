"""Build `derived_math.jsonl`: audit rows made from real benchmark references, labelled by construction.

Reads the benchmark copies in `../shared/data/eval` (MATH-500, AIME 2024, OlympiadBench; see
`shared/data/SOURCES.md` for their origins) and writes labelled (reference, response) pairs:

- a reference solution against its own answer is correct (label true); the same solution against
  another problem's answer of a different value, or against its answer changed by one, is wrong;
- OlympiadBench's prose solutions (no box) end with a stated final answer in one of the forms models
  use; several answers are boxed one by one; sets are reordered (still correct), ordered tuples
  swapped (wrong), lists of *all* values reordered (still correct); decimals written with a decimal comma, large integers with thousands separators.

Every row says where it came from and why it has its label. The output is committed; this script is
only needed to rebuild it (deterministic: seeded). Run from the repository root:

    .venv/bin/python benchmarks/verify_audit/build_derived.py
"""
import json
import random
import re
from pathlib import Path

from sky_t1.verify.math_guards import _split_top as split_top  # commas outside brackets, as the judge

HERE = Path(__file__).resolve().parent
EVAL = HERE.parents[2] / "shared" / "data" / "eval"
INT = re.compile(r"^-?\d+$")
DEC = re.compile(r"^-?\d+\.\d+$")


def read(name):
    return [json.loads(x) for x in (EVAL / name).read_text().splitlines() if x.strip()]


def row(rows, category, answer, response, label, origin, why):
    rows.append({"id": f"dv-{category}-{sum(r['category'] == category for r in rows) + 1:03d}", "category": category,
                 "domain": "math", "answer": answer, "response": response, "label": label, "origin": origin, "why": why})


STYLES = ["\n\nFinal Answer: The final answer is {x}. I hope it is correct.", "\n\nTherefore, the answer is {x}.",
          "\n\n**Answer:** {x}", "\n\nSo the final answer is {x}."]


def main():
    rng = random.Random(0)
    rows = []
    m500 = read("math500.jsonl")
    order = list(range(len(m500)))
    rng.shuffle(order)
    # boxed: MATH-500 reference solutions, their own answers (true) and another problem's integer answer (false)
    for i in order[:300]:
        r = m500[i]
        row(rows, "boxed", r["answer"], r["solution"], True, f"MATH-500 {r['unique_id']}: reference solution and answer",
            "the reference solution's boxed answer is the benchmark's answer")
    ints = [i for i in order if INT.match(m500[i]["answer"].strip())]
    for k, i in enumerate(ints[:150]):
        j = ints[(k + 7) % len(ints)]
        a, b = m500[i], m500[j]
        if int(a["answer"]) == int(b["answer"]):
            continue
        row(rows, "boxed", b["answer"], a["solution"], False,
            f"MATH-500 {a['unique_id']} solution against the answer of {b['unique_id']}",
            f"the solution reaches {a['answer']}, the reference given is {b['answer']}, a different integer")
    for r in read("aime24.jsonl"):
        row(rows, "boxed", str(r["answer"]), r["solution"], True, f"AIME 2024 id {r['id']}: AoPS solution and zero-padded answer",
            "the AoPS solution reaches the answer; 073 and 73 are the same AIME answer")
        row(rows, "boxed", f"{int(r['answer']) + 1:03d}", r["solution"], False, f"AIME 2024 id {r['id']}: answer changed by one",
            f"the solution reaches {int(r['answer'])}, the reference given is {int(r['answer']) + 1}")
    oly = read("olympiadbench_math_en.jsonl")
    # prose: OlympiadBench solutions (no box) with a stated final answer
    single = [r for r in oly if not r["is_multiple_answer"] and r["answer_type"] in ("Numerical", "Expression") and not r["unit"]]
    for k, r in enumerate(single[:160]):
        fa = r["final_answer"][0]
        row(rows, "prose", fa, r["solution"][0].rstrip() + STYLES[k % 4].format(x=fa), True,
            f"OlympiadBench id {r['id']}: reference solution, then its final answer stated in prose ({STYLES[k % 4].strip()[:20]}...)",
            "the stated final answer is the reference answer")
    for k, r in enumerate([r for r in single if INT.match(r["final_answer"][0].strip("$ "))][:110]):
        v = int(r["final_answer"][0].strip("$ ")) + 1
        row(rows, "prose", r["final_answer"][0], r["solution"][0].rstrip() + STYLES[k % 4].format(x=f"${v}$"), False,
            f"OlympiadBench id {r['id']}: reference solution, then a final answer changed by one",
            f"the final answer stated last is {v}, not the reference {r['final_answer'][0].strip('$ ')}")
    # multi_boxed: several answers, one box each
    oly = [r for r in oly if r["final_answer"][0].count("$") % 2 == 0]  # id 2349's '$221,$8$' has a stray $: a data error
    multi = [r for r in oly if r["is_multiple_answer"] and r["answer_type"] == "Numerical"]
    for k, r in enumerate(multi):
        vals = [v.strip("$ ") for v in split_top(r["final_answer"][0].replace("$", ""))]
        if len(vals) < 2 or not all(INT.match(v) or DEC.match(v) or re.fullmatch(r"-?\\frac\{\d+\}\{\d+\}|-?\d+/\d+|\\sqrt\{\d+\}", v) for v in vals):
            continue
        boxes = [f"$\\boxed{{{v}}}$" for v in vals]
        joined = ", ".join(boxes[:-1]) + " and " + boxes[-1] if k % 2 else "\n".join(boxes)
        row(rows, "multi_boxed", r["final_answer"][0], r["solution"][0].rstrip() + "\n\nThe answers are " + joined + ".", True,
            f"OlympiadBench id {r['id']}: reference solution, each of its {len(vals)} answers boxed", "every answer is there, once")
        row(rows, "multi_boxed", r["final_answer"][0], r["solution"][0].rstrip() + "\n\nThe answers are " + ", ".join(boxes[:-1]) + ".",
            False, f"OlympiadBench id {r['id']}: the last of its {len(vals)} answers left out", f"the answer {vals[-1]} is missing")
        if INT.match(vals[0]):
            wrong = [f"$\\boxed{{{int(vals[0]) + 1 if str(int(vals[0]) + 1) not in vals else int(vals[0]) + 100}}}$"] + boxes[1:]
            row(rows, "multi_boxed", r["final_answer"][0], r["solution"][0].rstrip() + "\n\nThe answers are " + " and ".join(wrong) + ".",
                False, f"OlympiadBench id {r['id']}: its first answer changed", f"{vals[0]} is replaced by a value that is not an answer")
    # unordered: sets of tuples reordered (true); single ordered tuples swapped (false); lists reordered (true)
    for r in oly:
        fa = r["final_answer"][0]
        items = split_top(fa.replace("$", ""))
        if r["answer_type"] == "Tuple" and r["is_multiple_answer"] and len(items) >= 2:
            row(rows, "unordered", fa, r["solution"][0].rstrip() + f"\n\nAll solutions: $\\boxed{{{', '.join(reversed(items))}}}$.", True,
                f"OlympiadBench id {r['id']}: its set of tuples in reverse order", "a set of solutions: the order of the tuples is free")
        elif r["answer_type"] == "Tuple" and len(items) == 1:
            inner = split_top(items[0].strip()[1:-1])
            if len(inner) >= 2 and inner[0] != inner[1]:
                swapped = "(" + ", ".join([inner[1], inner[0]] + inner[2:]) + ")"
                row(rows, "unordered", fa, r["solution"][0].rstrip() + f"\n\nHence $\\boxed{{{swapped}}}$.", False,
                    f"OlympiadBench id {r['id']}: its one ordered tuple with the first two entries swapped",
                    "an ordered tuple: the entries are not interchangeable")
                row(rows, "unordered", fa, r["solution"][0].rstrip() + f"\n\nHence $\\boxed{{{items[0]}}}$.", True,
                    f"OlympiadBench id {r['id']}: its one ordered tuple, in order", "the tuple as the reference has it")
        elif (r["is_multiple_answer"] and r["answer_type"] == "Numerical" and len(items) >= 2 and len(set(items)) == len(items)
              and all(INT.match(v.strip()) for v in items) and re.search(r"(?i)\ball\b", r["question"])):
            # only questions that ask for *all* values: "determine a and b" asks for an ordered answer
            row(rows, "unordered", fa, r["solution"][0].rstrip() + f"\n\nThe values are $\\boxed{{{', '.join(reversed(items))}}}$.", True,
                f"OlympiadBench id {r['id']}: its list of values in reverse order", "all values of a set of answers: order is free")
    # decimal_comma: decimals written with a comma (true, or with other digits: false); thousands separators
    nums = [(f"MATH-500 {r['unique_id']}", r["answer"].strip()) for r in m500] + \
           [(f"OlympiadBench id {r['id']}", r["final_answer"][0].strip("$ ")) for r in oly if not r["is_multiple_answer"]]
    decs = [(o, a) for o, a in nums if DEC.match(a)]
    for o, a in decs:
        whole, frac = a.split(".")
        if len(frac) == 3 and whole.strip("-") != "0":
            continue  # 1,125 reads as a thousand and more: not a decimal comma anyone would write for 1.125
        row(rows, "decimal_comma", a, f"Computing, we get $\\boxed{{{a.replace('.', ',')}}}$.", True, f"{o}: its decimal answer with a decimal comma",
            f"{a.replace('.', ',')} is {a} written with a decimal comma")
        if frac[::-1] != frac:
            bad = whole + "," + frac[::-1]
            row(rows, "decimal_comma", a, f"Computing, we get $\\boxed{{{bad}}}$.", False, f"{o}: a decimal comma with other digits",
                f"{bad} is {bad.replace(',', '.')}, not {a}")
    bigs = [(o, a) for o, a in nums if INT.match(a) and abs(int(a)) >= 1000]
    for o, a in bigs:
        row(rows, "decimal_comma", a, f"The total is $\\boxed{{{int(a):,}}}$.", True, f"{o}: its integer answer with thousands separators",
            f"{int(a):,} groups the digits of {a}")
        row(rows, "decimal_comma", a, f"The total is $\\boxed{{{int(a) + 10:,}}}$.", False, f"{o}: its answer plus 10, with separators",
            f"{int(a) + 10:,} is not {a}")
    # units_notation: OlympiadBench answers with a unit, boxed with their unit (true) or one more (false)
    for r in oly:
        if r["unit"] and not r["is_multiple_answer"]:
            fa, unit = r["final_answer"][0].strip("$ "), r["unit"].replace("$", "").strip()
            u = r"\%" if unit == "%" else unit if unit.startswith("^") else f"\\text{{ {unit}}}"
            row(rows, "units_notation", r["final_answer"][0], f"{r['solution'][0].rstrip()}\n\nSo the answer is $\\boxed{{{fa}{u}}}$.", True,
                f"OlympiadBench id {r['id']}: its answer with its unit ({unit})", "the unit does not change the value")
    out = HERE / "derived_math.jsonl"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    from collections import Counter
    print(out, len(rows), dict(Counter((r["category"], r["label"]) for r in rows)))


if __name__ == "__main__":
    main()
