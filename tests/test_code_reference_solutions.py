"""Correct programs pass the code judge through the real sandbox: reference solutions of APPS and TACO,
and solutions written here for LiveCodeBench problems (its rows carry tests but no solutions).

The call-based cases include the value shapes the reference judges (APPS/TACO testing_util, LiveCodeBench)
accept by Python equality: a bool where the tests expect 0/1 (and the other way), a tuple where they
expect a list. The stdin cases include programs that end with a top-level `return`, which
the reference judges run (they wrap every stdin program in a function) and so does ours. Data: the bundled samples in sky_t1/data/samples/ and tests/data/ (see its README.md).
"""
import json
from importlib.resources import files
from pathlib import Path

import pytest

from sky_t1.problem import Tests as UnitTests
from sky_t1.problems import load_problems
from sky_t1.verify.code import run_tests, run_tests_many
from sky_t1.verify.sandbox import Sandbox

SAMPLES = files("sky_t1") / "data" / "samples"
DATA = Path(__file__).parent / "data"


def _rows(name: str) -> list[dict]:
    return [json.loads(x) for x in (SAMPLES / f"{name}.jsonl").read_text().splitlines() if x.strip()]


def _summary(v) -> tuple:
    return v.correct, v.detail, v.tests_passed, v.tests_total, v.message


# --- APPS: the first reference solution of each bundled problem (3 stdin, 2 call-based) ---

def test_apps_reference_solutions_pass():
    problems, report = load_problems("apps", [str(SAMPLES / "apps.jsonl")], split="train")
    assert report.kept == 5
    refs = [json.loads(r["solutions"])[0] for r in _rows("apps")]
    verdicts = run_tests_many([(code, p.tests) for code, p in zip(refs, problems, strict=True)], workers=2)
    for p, v in zip(problems, verdicts, strict=True):
        assert v.correct, (p.id, _summary(v))
        assert v.tests_passed == v.tests_total == len(p.tests.inputs)
    kinds = {p.id: "call" if p.tests.fn_name else "stdin" for p in problems}
    assert sorted(kinds.values()) == ["call", "call", "stdin", "stdin", "stdin"]


def test_apps_is_prime_returning_ints_where_bools_are_expected():
    "APPS 4184 expects [true]/[false]; a C-style answer 1/0 passes, as it does in APPS's judge (1 == True)."
    problems, _ = load_problems("apps", [str(SAMPLES / "apps.jsonl")], split="train")
    prime = next(p for p in problems if p.tests.fn_name == "is_prime")
    assert {type(o[0]) for o in prime.tests.outputs} == {bool}
    code = ("def is_prime(n):\n"
            "    if n < 2:\n        return 0\n"
            "    d = 2\n"
            "    while d * d <= n:\n"
            "        if n % d == 0:\n            return 0\n"
            "        d += 1\n"
            "    return 1\n")
    v = run_tests(code, prime.tests)
    assert (v.correct, v.detail, v.tests_passed) == (True, "passed", 8), _summary(v)


# --- TACO: reference solutions of the bundled row, all 94 tests ---

@pytest.mark.slow
def test_taco_reference_solutions_pass_all_94_tests():
    problems, _ = load_problems("taco", [str(SAMPLES / "taco.jsonl")], split="train")
    (p,) = problems
    assert len(p.tests.inputs) == 94 and p.tests.fn_name is None
    sols = json.loads(_rows("taco")[0]["solutions"])
    assert len(sols) == 10
    # two of the row's ten reference solutions (the quickest); of the others, one ends with a top-level
    # `return` (see the next test) and one takes ~4 s on test 40
    verdicts = run_tests_many([(sols[6], p.tests), (sols[9], p.tests)], workers=2)
    for v in verdicts:
        assert (v.correct, v.detail, v.tests_passed, v.tests_total) == (True, "passed", 94, 94), _summary(v)


# --- stdin programs with a top-level `return`: the APPS and TACO judges run every stdin program as the
# body of a function, so these reference solutions pass there; our harness wraps them (only them) likewise ---

def _needs_wrapping(code: str) -> bool:
    try:
        compile(code, "solution.py", "exec")
    except SyntaxError as e:
        return e.msg == "'return' outside function"
    return False


@pytest.mark.slow
def test_taco_reference_solution_with_top_level_return_passes_all_94_tests():
    (p,), _ = load_problems("taco", [str(SAMPLES / "taco.jsonl")], split="train")
    sol = json.loads(_rows("taco")[0]["solutions"])[8]
    assert _needs_wrapping(sol)  # `if l < k: print(-1); return`
    v = run_tests(sol, p.tests)
    assert (v.correct, v.detail, v.tests_passed, v.tests_total) == (True, "passed", 94, 94), _summary(v)


def test_apps_2287_reference_solutions_with_top_level_return_pass():
    problems, _ = load_problems("apps", [str(SAMPLES / "apps.jsonl")], split="train")
    row = next(r for r in _rows("apps") if r["problem_id"] == 2287)
    p = next(p for p in problems if p.id == "apps/train/2287")
    sols = json.loads(row["solutions"])
    picked = [k for k, code in enumerate(sols) if _needs_wrapping(code)]
    assert picked == [2, 4, 9]  # each prints No and returns early on a contradiction
    verdicts = run_tests_many([(sols[k], p.tests) for k in picked], workers=2)
    for k, v in zip(picked, verdicts, strict=True):
        assert (v.correct, v.detail, v.tests_passed, v.tests_total) == (True, "passed", 3, 3), (k, _summary(v))


EARLY = """\
n = int(input())
print("start")
if n < 0:
    print("negative")
    return
total = 0

def add(k):
    global total
    total += k

for k in range(n + 1):
    add(k)
print(total)
"""
EARLY_TESTS = UnitTests(inputs=["4\n", "-3\n", "0\n"], outputs=["start\n10\n", "start\nnegative\n", "start\n0\n"])


def test_top_level_return_ends_the_program_keeping_its_output():
    with Sandbox() as sb:
        assert sb.load(EARLY) is None
        r = sb.run("-3\n")
        assert (r["status"], r["exit"], r["stdout"]) == ("ok", 0, "start\nnegative\n"), r
        r = sb.run("4\n")  # the rest of the program, `global` in a function included, runs as in a module
        assert (r["status"], r["exit"], r["stdout"]) == ("ok", 0, "start\n10\n"), r
    v = run_tests(EARLY, EARLY_TESTS, all_tests=True)
    assert (v.correct, v.detail, v.tests_passed) == (True, "passed", 3), _summary(v)
    v = run_tests(EARLY.replace('print("negative")', 'print("neg")'), EARLY_TESTS, all_tests=True)
    assert (v.correct, v.detail, v.tests_passed) == (False, "wrong", 2), _summary(v)


def test_wrapped_program_errors_name_the_programs_own_lines():
    v = run_tests(EARLY.replace("    total += k\n", "    total += k // (k - 2)\n"), EARLY_TESTS)
    assert (v.correct, v.detail) == (False, "runtime_error"), _summary(v)
    assert "ZeroDivisionError" in v.message and 'line 10, in add' in v.message, v.message


@pytest.mark.parametrize("code", [
    EARLY.replace("print(total)", "print(total"),  # a genuine syntax error beside the top-level return
    EARLY.replace("total = 0", "total = = 0"),
    EARLY.replace("print(total)", "print(total)\nyield total"),  # `yield` at the top level: not a program
])
def test_genuine_syntax_errors_still_fail_as_runtime_errors(code):
    v = run_tests(code, EARLY_TESTS)
    assert (v.correct, v.detail, v.tests_passed) == (False, "runtime_error", 0), _summary(v)
    assert v.message.startswith("SyntaxError: "), v.message


# --- LiveCodeBench: solutions written here ---

LCB_SHORT_SORT = """\
def can_sort(s):
    if s == "abc":
        return True
    for i in range(3):
        for j in range(i + 1, 3):
            t = list(s)
            t[i], t[j] = t[j], t[i]
            if "".join(t) == "abc":
                return True
    return False

for _ in range(int(input())):
    print("YES" if can_sort(input().strip()) else "NO")
"""

LCB_FUNCTIONAL = {
    # returns a bool; the tests expect true/false
    "canBeEqual": """\
class Solution:
    def canBeEqual(self, s1: str, s2: str) -> bool:
        return sorted(s1[0::2]) == sorted(s2[0::2]) and sorted(s1[1::2]) == sorted(s2[1::2])
""",
    # returns a tuple; the tests expect a list
    "colorTheArray": """\
class Solution:
    def colorTheArray(self, n: int, queries: List[List[int]]) -> List[int]:
        nums, same, out = [0] * n, 0, []
        for i, c in queries:
            for j in (i - 1, i + 1):
                if 0 <= j < n and nums[i] and nums[j] == nums[i]:
                    same -= 1
            nums[i] = c
            for j in (i - 1, i + 1):
                if 0 <= j < n and nums[j] == c:
                    same += 1
            out.append(same)
        return tuple(out)
""",
    "isBalanced": """\
class Solution:
    def isBalanced(self, num: str) -> bool:
        return sum(map(int, num[0::2])) == sum(map(int, num[1::2]))
""",
    "differenceOfSums": """\
class Solution:
    def differenceOfSums(self, n: int, m: int) -> int:
        k = n // m
        return n * (n + 1) // 2 - 2 * (m * k * (k + 1) // 2)
""",
}


def test_livecodebench_stdin_solution_passes_public_and_private_tests():
    problems, _ = load_problems("livecodebench", [str(SAMPLES / "livecodebench.jsonl")])
    (p,) = problems
    assert p.tests.fn_name is None and p.meta["private_tests"] > 0
    v = run_tests(LCB_SHORT_SORT, p.tests)
    assert (v.correct, v.detail, v.tests_passed) == (True, "passed", len(p.tests.inputs)), _summary(v)


def test_livecodebench_functional_solutions_pass():
    problems, report = load_problems("livecodebench", [str(DATA / "livecodebench_functional.jsonl")])
    assert report.kept == len(LCB_FUNCTIONAL) and not report.invalid
    by_fn = {p.tests.fn_name: p for p in problems}
    assert set(by_fn) == set(LCB_FUNCTIONAL)
    assert {type(o) for o in by_fn["canBeEqual"].tests.outputs} == {bool}
    assert {type(o) for o in by_fn["colorTheArray"].tests.outputs} == {list}
    names = list(LCB_FUNCTIONAL)
    verdicts = run_tests_many([(LCB_FUNCTIONAL[n], by_fn[n].tests) for n in names], workers=2)
    for n, v in zip(names, verdicts, strict=True):
        assert (v.correct, v.detail, v.tests_passed) == (True, "passed", len(by_fn[n].tests.inputs)), (n, _summary(v))


# --- value shapes the reference judges accept by Python equality (problems written for this test) ---

LEAP = UnitTests(fn_name="is_leap", inputs=[[2000], [1900], [2024], [2023]], outputs=[1, 0, [1], [0]])
LEAP_BOOL = "def is_leap(y):\n    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)\n"
DIVMODS = UnitTests(fn_name="divmods", inputs=[[[[7, 2], [9, 3]]], [[[1, 5]]]], outputs=[[[3, 1], [3, 0]], [[[0, 1]]]])
DIVMODS_TUPLES = "def divmods(pairs):\n    return [divmod(a, b) for a, b in pairs]\n"


@pytest.mark.parametrize("code, tests, correct", [
    (LEAP_BOOL, LEAP, True),  # a bool where 0/1 is expected (some wrapped in [x], APPS style)
    ("def is_leap(y):\n    return (y % 4 == 0) + (y % 100 == 0)\n", LEAP, False),  # 2 for 1900: True == 1 only
    (DIVMODS_TUPLES, DIVMODS, True),  # a list of tuples where a list of lists is expected
    ("def divmods(pairs):\n    return tuple(divmod(a, b) for a, b in pairs)\n", DIVMODS, True),
    ("def divmods(pairs):\n    return [divmod(a, b)[::-1] for a, b in pairs]\n", DIVMODS, False),  # wrong order
    ("def divmods(pairs):\n    return [str(divmod(a, b)) for a, b in pairs]\n", DIVMODS, False),  # strings
])
def test_call_values_compare_by_python_equality(code, tests, correct):
    v = run_tests(code, tests, all_tests=True)
    assert v.correct is correct, _summary(v)
    assert v.detail == ("passed" if correct else "wrong")
