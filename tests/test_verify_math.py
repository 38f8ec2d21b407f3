"Math answer equivalence: a broad table of equal and unequal pairs, the verdicts, and the time limit."
import signal
import threading
import time

import math_verify
import pytest

import sky_t1.verify.math as vm
from sky_t1.verify.math import RULES, MathVerdict, verify_math

# (reference, answer): equal in the sense a math grader means
EQUAL = [
    # fractions and decimals
    (r"\frac{1}{2}", "0.5"), (r"\frac12", r"\dfrac{1}{2}"), (r"\frac{1}{2}", r"\tfrac12"), ("0.5", r"\frac{2}{4}"),
    (r"\frac{3}{4}", "3/4"), (r"-\frac{3}{4}", "-0.75"), (r"\frac{-1}{2}", r"-\dfrac{1}{2}"), ("0.75", ".75"),
    (r"\frac{1}{3}", "0.333333"), ("25", "25.0"), ("25", "25."), ("7", r"\frac{14}{2}"),
    # negative numbers
    ("-3", "-3"), ("-3", "−3"), ("5", "+5"), ("-0.5", r"-\frac{1}{2}"),
    # percentages
    (r"50\%", "50"), ("50", r"50\%"), (r"50\%", "0.5"), ("0.125", r"12.5\%"), (r"12.5\%", "12.5"), ("12.5", r"12.5\%"),
    ("12.5", "12.5 percent"), ("4.2", "4.2%"),
    # intervals, sets, tuples
    ("(1,2)", r"\left(1,2\right)"), ("[1,2)", "[1, 2)"), (r"(-\infty, 2]", r"(-\infty,2]"), (r"x \le 2", r"(-\infty, 2]"),
    (r"[1,2]", r"x \in [1,2]"), (r"\{1,2\}", r"\{2,1\}"), ("1,2", "2,1"), (r"\{1,2\}", "1, 2"), (r"\pm 2", "2, -2"),
    (r"\left( 3, \frac{\pi}{2} \right)", r"(3, \pi/2)"), ("(1,8,19), (2,7,13)", "(2,7,13), (1,8,19)"),
    (r"(-\infty, 0) \cup \{1\}", r"(-\infty,0)\cup\{1\}."),
    # matrices
    (r"\begin{pmatrix} 1 \\ 2 \end{pmatrix}", r"\begin{bmatrix} 1 \\ 2 \end{bmatrix}"),
    (r"\begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix}", r"\begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix}"),
    # units
    ("15", r"15\text{ cm}^2"), ("15", r"15 \mathrm{~cm}^{2}"), ("3", r"3\,\mathrm{m/s}"), ("10", r"10\text{ meters per second}"),
    (r"\frac{1}{2}", r"\frac{1}{2} \text{ hour}"), (r"2\sqrt{3}", r"2\sqrt{3}\text{ units}"), ("15", r"\$15"),
    ("1000", r"\$1,000"), ("15", "€15"), ("15", "15 dollars"), ("1.5", r"\$1.50"),
    # degrees
    ("30", r"30^\circ"), ("30", r"30^{\circ}"), ("30", "30°"), ("30", "30 degrees"), (r"30^\circ", "30"), ("30", r"30^\circ C"),
    ("-40", "-40 °F"), ("30.5", r"30.5^\circ"),
    # zero padding (AIME), assignments
    ("025", "25"), ("25", "025"), ("073", r"\textbf{(073)}"), ("5", "x = 5"), ("x=5", "5"), ("25", "m + n = 25"),
    (r"2x+1", "y = 2x+1"), ("1", "k=1"),
    # thousands separators
    ("1000", "1,000"), ("1000", "1{,}000"), ("1234567", r"1\,234\,567"), ("1234567", "1 234 567"), ("12345.5", r"12\,345.5"),
    ("1000000", "1,000,000"), ("10^{6}", "1,000,000"),
    # scientific notation
    (r"6.6 \times 10^{-34}", "6.6e-34"), ("6.6e-34", r"6.6 \times 10^{-34}"), ("6.6E-34", r"6.6\cdot 10^{-34}"),
    ("1000000", "1e6"), ("1500", "1.5e3"), (r"3 \times 10^8", "300000000"), (r"6.02 \times 10^{23}", "6.02 × 10^23"),
    # expressions
    (r"2\sqrt{2}", r"\sqrt{8}"), (r"3\sqrt{3}", r"\sqrt{27}"), (r"\frac{1}{\sqrt{2}}", r"\frac{\sqrt{2}}{2}"),
    ("x^2+2x", "x(x+2)"), ("3+4i", "4i+3"), (r"\frac{\sqrt{3}}{2}", "0.8660254"), ("2^{1009}", "2^{1009}"),
    (r"4 \pi^{2}-1", r"4\pi^2 - 1"), (r"\binom{6}{2}", "15"),
    # text and choices
    (r"\text{Evelyn}", r"\text{Evelyn}"), (r"\text{(C)}", "C"), ("B", r"\text{(B)}"), (r"\text{yes}", "yes"),
    # repeating decimals, the empty set
    (r"\frac{1}{3}", r"0.\overline{3}"), (r"0.\overline{12}", r"\frac{4}{33}"), (r"\emptyset", r"\varnothing"), (r"\{\}", r"\emptyset"),
    # a set of pairs in any order and notation
    ("(1,2),(3,4)", r"\{(3,4),(1,2)\}"), (r"\{1,2\}", "2, 1"),
    # a set's elements listed in parentheses (the set-vs-tuple guard only protects a tuple reference)
    (r"\{1,2\}", "(1,2)"), (r"\{2, 3, 5\}", "(5, 3, 2)"),
    # inequalities against intervals, column vectors against tuples, the last side of an equation, unicode
    ("[1, 3)", r"1 \le x < 3"), (r"\begin{pmatrix} 1 \\ 2 \end{pmatrix}", "(1, 2)"), ("2.5", r"\frac{10}{4} = 2.5"),
    (r"2\sqrt{5}", "2√5"), ("1.22", "1,22"), ("45, 2", "k = 45, n = 2"), ("12:00", r"12:00 \text{ PM}"),
]

UNEQUAL = [
    ("025", "250"), ("0.25", "25"), ("10", "0.1"), ("-3", "3"), (r"\frac{1}{2}", r"\frac{1}{3}"), ("2", "3"),
    ("6", "x = 5"), ("5", "x=5, y=5"),
    (r"50\%", "5"), (r"12.5\%", "1.25"), ("12.5", r"12\%"),
    ("(1,2]", "[1,2)"), ("[1,2]", "(1,2)"), ("(1,2)", "(2,1)"), ("(1,2)", r"\{1,2\}"),
    ("(1,2,3)", r"\left\{1,2,3\right\}"), (r"\{1,2\}", r"\{1,2,3\}"), (r"\pm 3", "3"), (r"-\infty", r"\infty"),
    ("16", r"15\text{ cm}"), ("1.5", "15 dollars"), ("16", r"\$15"), ("3", "3 million"), ("3000000", "3 million"),
    ("36", r"36\pi \text{ cm}^2"),
    ("31", r"30^\circ"), (r"\frac{\pi}{6}", r"31^\circ"), ("31", r"30^\circ C"),
    ("1234", "(1, 234)"), ("1234", "(1,234)"), ("1234", r"1\,235"), ("1234567", r"1\,234\,5670"),
    (r"6.6 \times 10^{-34}", "6.6e-33"), (r"6.6 \times 10^{-34}", r"6.6 \times 10^{-33}"), ("0", "0.0000001"),
    ("1000000", "1e5"), ("2e", "2"),
    (r"2\sqrt{2}", r"\sqrt{6}"), ("x^2+2x", "x(x+1)"), (r"\frac{\sqrt{3}}{2}", "0.866"), (r"\frac{1}{3}", "0.333"),
    (r"\textbf{(7)}", "8"), (r"\begin{pmatrix} 1 \\ 2 \end{pmatrix}", r"\begin{pmatrix} 2 \\ 1 \end{pmatrix}"),
    (r"\text{Evelyn}", r"\text{Devon}"), (r"\frac{1}{3}", "0.3"), (r"\varnothing", r"\{0\}"),
    ("[1, 3)", r"1 < x < 3"), (r"\begin{pmatrix} 1 \\ 2 \end{pmatrix}", "(2, 1)"), ("1.22", "1,220"), ("1.2", "1, 2"),
    ("1234", "12 34"), ("(1, 2)", "x < 2"),
]


@pytest.mark.parametrize("gold,answer", EQUAL)
def test_equal(gold, answer):
    v = verify_math(answer, gold, extract=False)
    assert v.correct and v.detail == "passed", v


@pytest.mark.parametrize("gold,answer", UNEQUAL)
def test_unequal(gold, answer):
    v = verify_math(answer, gold, extract=False)
    assert not v.correct and v.detail == "wrong", v


def test_rules_are_named_in_the_verdict():
    assert verify_math("6.6e-34", r"6.6 \times 10^{-34}", extract=False).rule == "normalize_sci_notation"
    assert verify_math("5", "5", extract=False).rule is None
    assert set(vm.PAIR_RULES) >= {"strip_percent", "decimal_comma", "assignments_as_values", "last_side_of_equation",
                                  "inequality_as_interval", "column_vector_as_tuple"}
    assert set(RULES) >= {"normalize_sci_notation", "strip_thousands_separators", "strip_units",
                          "strip_degrees", "unwrap_text_numbers", "strip_trailing_punctuation", "expand_repeating_decimals",
                          "normalize_empty_set"}


def test_clock_times_in_a_time_context_and_ratios_without_one():
    times = "The train leaves at 9:00 AM and the trip takes 3 hours, so it arrives at"
    assert verify_math(f"{times} $\\boxed{{12:00}}$.", "12:00").correct
    assert verify_math(f"{times} noon.", "12:00").correct
    assert not verify_math(f"{times} $\\boxed{{5:00}}$.", "12:00").correct
    assert not verify_math("The bus takes 2 hours 20 minutes: $\\boxed{1:10}$", "3:30").correct
    assert verify_math("The ratio of red to blue is $\\boxed{3:30}$", "1:10").correct  # a ratio: math-verify's 1/10


def test_rules_do_not_apply_to_bare_decimals_and_products():
    assert RULES["strip_thousands_separators"]("3.141 592") == "3.141 592"
    assert RULES["normalize_sci_notation"]("e^{2}") == "e^{2}"
    assert RULES["strip_units"]("3 million") == "3 million"


def test_verdicts_from_responses():
    sky = ("<|begin_of_thought|>maybe $\\boxed{12}$<|end_of_thought|>"
           "<|begin_of_solution|>So the answer is $\\boxed{\\dfrac{14}{2}}$.<|end_of_solution|>")
    assert verify_math(sky, "7") == MathVerdict(True, r"\dfrac{14}{2}", "passed")
    assert verify_math("no box", "7").detail == "no_answer"
    assert verify_math(r"$\boxed{}$", "7").detail == "no_answer"
    assert verify_math("The final answer is 7.", "7", fallbacks=True).detail == "passed"
    assert verify_math(r"\boxed{7}", "").detail == "error"


def test_an_unparsable_reference_is_an_error():
    v = verify_math(r"\boxed{7}", "$")  # a lone delimiter: nothing for math-verify to read
    assert (v.correct, v.detail) == (False, "error") and "could not be parsed" in v.message


def test_an_engine_exception_is_an_error_verdict(monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("sympy fell over")
    monkeypatch.setattr(vm, "verify", boom)
    vm.clear_caches()
    v = verify_math(r"\boxed{7.0}", "7")  # (identical strings would still pass, as the same text)
    assert (v.correct, v.detail, v.extracted) == (False, "error", "7.0") and "sympy fell over" in v.message


# sympy does not finish this comparison in minutes; math-verify's alarm cuts it off
TOWER = r"$\boxed{9^{9^{9}}}$"


def test_timeout_in_the_main_thread():
    t0 = time.monotonic()
    v = verify_math(TOWER, "1", timeout=1)
    elapsed = time.monotonic() - t0
    assert (v.correct, v.detail, v.extracted) == (False, "timeout", "9^{9^{9}}")
    assert elapsed < 2.5, elapsed


def test_timeout_path_with_a_slow_engine(monkeypatch):
    def slow(*args, timeout_seconds=None, **kwargs):
        @math_verify.utils.timeout(timeout_seconds)
        def compare():
            time.sleep(30)
        return compare()
    monkeypatch.setattr(vm, "verify", slow)
    vm.clear_caches()
    t0 = time.monotonic()
    assert verify_math(r"\boxed{7}", "7", timeout=1).detail == "timeout"
    assert time.monotonic() - t0 < 2.5


def test_a_caller_alarm_survives():
    signal.setitimer(signal.ITIMER_REAL, 100)
    old = signal.signal(signal.SIGALRM, lambda *a: None)
    try:
        assert verify_math(r"\boxed{\frac12}", "0.5").correct
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 90 < left <= 100, left
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def test_outside_the_main_thread_no_signal_is_used():
    out = {}

    def work():
        try:
            out["v"] = verify_math(r"\boxed{\frac{1}{2}}", "0.5", timeout=1)
        except Exception as e:  # a signal call from this thread would raise ValueError
            out["v"] = e

    t = threading.Thread(target=work)
    t.start()
    t.join(30)
    assert out["v"] == MathVerdict(True, r"\frac{1}{2}", "passed")
