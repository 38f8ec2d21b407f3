"Security of the code sandbox: each hostile program is contained, gets the right verdict, and this process survives."
import json
import os
import socket
import threading
import time
from pathlib import Path

import pytest
from conftest import REPO

from sky_t1.problem import Tests as UnitTests
from sky_t1.problems import load_problems
from sky_t1.verify.code import run_tests, run_tests_many
from sky_t1.verify.sandbox import Limits, Sandbox, probe_isolation

STDIN = UnitTests(inputs=["1 2\n"], outputs=["3\n"])
FAST = Limits(timeout=2.0)


def verdict(code: str, tests: UnitTests = STDIN, limits: Limits = FAST):
    return run_tests(code, tests, limits)


def test_infinite_loop_times_out():
    t0 = time.monotonic()
    v = verdict("while True:\n    pass\n")
    assert (v.correct, v.detail) == (False, "timeout")
    assert time.monotonic() - t0 < 10


def test_sleeping_program_times_out_on_wall_clock():
    v = verdict("import time\ntime.sleep(60)\n")
    assert v.detail == "timeout"


def _processes_named(marker: str) -> list[int]:
    out = []
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                if marker.encode() in (p / "cmdline").read_bytes():
                    out.append(int(p.name))
            except OSError:
                pass
    return out


def test_fork_bomb_is_contained_and_leaves_nothing_behind(monkeypatch):
    import tempfile

    import sky_t1.verify.sandbox as sandbox

    roots: list[str] = []  # this test's sandbox folders: other runs on the machine may have sandboxes of their own
    real = tempfile.mkdtemp
    monkeypatch.setattr(sandbox.tempfile, "mkdtemp", lambda *a, **k: roots.append(real(*a, **k)) or roots[-1])
    code = ("import os, time\nMARK = 'skyt1forkbomb'\n"
            "while True:\n    try:\n        os.fork()\n    except OSError:\n        time.sleep(0.01)\n")
    v = verdict(code)
    assert not v.correct and v.detail in ("timeout", "runtime_error")
    assert roots, "the sandbox was not made in this process"
    time.sleep(0.5)
    # every forked copy died with the sandbox: no process runs the harness of that sandbox any more
    assert not [p for r in roots for p in _processes_named(r) if p != os.getpid()]


def test_allocating_10_gb_is_a_memory_verdict():
    v = verdict("x = bytearray(10 * 1024 ** 3)\nprint(3)\n")
    assert (v.correct, v.detail) == (False, "memory")


def test_writing_a_1_gb_file_is_stopped(tmp_path):
    code = ("with open('big.bin', 'wb') as f:\n    for _ in range(1024):\n        f.write(b'x' * (1 << 20))\nprint(3)\n")
    v = verdict(code)
    assert not v.correct and v.detail == "runtime_error"


def test_writing_outside_the_working_directory_is_refused():
    home = Path.home() / f"sky_t1_sandbox_escape_{os.getpid()}.txt"
    repo_file = REPO / f"sky_t1_sandbox_escape_{os.getpid()}.txt"
    for target in (home, repo_file):
        v = verdict(f"open({str(target)!r}, 'w').write('pwned')\nprint(3)\n")
        assert not v.correct and v.detail == "runtime_error", v
        assert not target.exists()
        target.unlink(missing_ok=True)


def test_working_directory_is_fresh_and_removed():
    roots = []
    with Sandbox(FAST) as sb:
        roots.append(sb.root)
        sb.load("import os\nopen('left.txt', 'w').write('x')\nprint(sorted(os.listdir('.')))\n")
        r = sb.run("")
        assert "left.txt" in r["stdout"]
    assert not Path(roots[0]).exists()


def test_secrets_of_the_parent_are_not_visible(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-parent-secret-0123456789")
    monkeypatch.setenv("HF_TOKEN", "hf_parent_secret_0123456789")
    code = "import os\nprint(os.environ.get('OPENAI_API_KEY'), os.environ.get('HF_TOKEN'))\n"
    tests = UnitTests(inputs=[""], outputs=["sk-parent-secret-0123456789 hf_parent_secret_0123456789"])
    v = verdict(code, tests)
    assert (v.correct, v.detail) == (False, "wrong")
    assert "got 'None None" in v.message
    with Sandbox(FAST) as sb:
        sb.load("import os\nprint(dict(os.environ))\n")
        out = sb.run("")["stdout"]
    assert "sk-parent-secret" not in out and "hf_parent_secret" not in out and "OPENAI" not in out


def test_connecting_to_a_local_listener_fails():
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    srv.settimeout(0.2)
    port = srv.getsockname()[1]
    accepted = []

    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
                accepted.append(conn)
            except OSError:
                pass

    th = threading.Thread(target=accept, daemon=True)
    th.start()
    code = (f"import socket\ns = socket.create_connection(('127.0.0.1', {port}), timeout=1)\n"
            "s.sendall(b'hello')\nprint(3)\n")
    v = verdict(code)
    stop.set()
    th.join(5)
    srv.close()
    assert not v.correct and v.detail == "runtime_error"
    assert accepted == []


def test_killing_the_parent_is_contained():
    v = verdict("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nprint(3)\n")
    assert not v.correct and v.detail == "runtime_error"
    assert os.getpid() > 0  # this process is alive and the next sandbox works
    assert verdict("print(sum(map(int, input().split())))\n").correct


def test_killing_every_process_of_the_user_is_contained():
    v = verdict("import os, signal\ntry:\n    os.kill(-1, signal.SIGKILL)\nexcept Exception as e:\n    print(e)\n")
    assert not v.correct
    assert verdict("print(3)\n").correct


def test_exit_before_printing_is_wrong():
    v = verdict("import sys\nsys.exit(0)\nprint(3)\n")
    assert (v.correct, v.detail) == (False, "wrong")


def test_exit_with_error_status_is_a_runtime_error():
    v = verdict("import sys\nprint(3)\nsys.exit(3)\n")
    assert v.detail == "runtime_error"


def test_printing_100_mb_is_capped_and_fast():
    t0 = time.monotonic()
    v = verdict("import sys\nchunk = 'x' * (1 << 20) + '\\n'\nfor _ in range(100):\n    sys.stdout.write(chunk)\n",
                limits=Limits(timeout=10.0))
    assert not v.correct and v.detail == "runtime_error"
    assert time.monotonic() - t0 < 10


def test_deep_recursion_is_a_runtime_error():
    v = verdict("def f(n):\n    return f(n + 1) + 1\nprint(f(0))\n")
    assert (v.correct, v.detail) == (False, "runtime_error") and "RecursionError" in v.message
    # with the limit lifted, the frames fill memory or time: contained either way
    v = verdict("import sys\nsys.setrecursionlimit(10 ** 7)\ndef f(n):\n    return f(n + 1) + 1\nprint(f(0))\n")
    assert not v.correct and v.detail in ("runtime_error", "memory", "timeout")


def test_reading_stdin_past_its_end():
    v = verdict("a = input()\nb = input()\nprint(3)\n")
    assert (v.correct, v.detail) == (False, "runtime_error")
    assert "EOFError" in v.message
    ok = verdict("import sys\ndata = sys.stdin.read()\nprint(sum(map(int, data.split())))\nprint(sys.stdin.read() == '')\n",
                 UnitTests(inputs=["1 2\n"], outputs=["3\nTrue\n"]))
    assert ok.correct


def test_closing_stdout_is_contained():
    v = verdict("import os, sys\nos.close(1)\nprint(3)\nsys.stdout.flush()\n")
    assert not v.correct and v.detail in ("wrong", "runtime_error")
    v = verdict("import sys\nprint(3)\nsys.stdout.close()\n")
    assert v.detail in ("passed", "runtime_error")


def test_starting_programs_and_ctypes_are_refused():
    assert verdict("import subprocess\nprint(subprocess.check_output(['echo', '3']).decode())\n").detail == "runtime_error"
    assert verdict("import os\nos.system('echo 3')\n").detail in ("runtime_error", "wrong")
    assert verdict("import ctypes\nctypes.CDLL(None).puts(b'3')\n").detail == "runtime_error"


def test_isolation_is_reported():
    iso = probe_isolation()
    assert iso.describe()
    if os.geteuid() == 0:  # on these machines (root): namespaces and a pids cgroup are available
        assert iso.netns and iso.pidns


# ---- right answers must pass, near misses must fail -------------------------------------------

@pytest.fixture(scope="module")
def apps_rows(request):
    from conftest import SHARED
    f = SHARED / "data" / "train_samples" / "apps_train_sample.jsonl"
    rows = [json.loads(x) for x in f.read_text().splitlines()]
    problems, _ = load_problems("apps", [str(f)], split="train")
    return rows, problems


def test_apps_reference_solutions_pass(apps_rows):
    rows, problems = apps_rows
    items = [(json.loads(r["solutions"])[0], p.tests) for r, p in zip(rows, problems, strict=True)]
    verdicts = run_tests_many(items, workers=2, limits=Limits(timeout=6))
    assert [v.detail for v in verdicts] == ["passed"] * len(items)


@pytest.mark.slow
def test_taco_reference_solutions_pass_all_94_tests(shared_data):
    f = shared_data / "train_samples" / "taco_train_hf_schema_sample.jsonl"
    row = json.loads(f.read_text().splitlines()[0])
    (p,), _ = load_problems("taco", [str(f)], split="train")
    sols = json.loads(row["solutions"])
    # two real solutions (each takes seconds: 94 tests of a DP), and the stored one with a
    # module-level `return`, which does not compile standalone; the harness runs it as the body of a
    # function, as TACO's judge does (see verify.harness)
    verdicts = run_tests_many([(sols[0], p.tests), (sols[1], p.tests), (sols[8], p.tests)], workers=2,
                              limits=Limits(timeout=6))
    assert [(v.detail, v.tests_passed) for v in verdicts] == [("passed", 94)] * 3


def test_livecodebench_row_with_private_tests(shared_data):
    f = shared_data / "eval" / "livecodebench_code_generation_lite_sample.jsonl"
    (p,), _ = load_problems("livecodebench", [str(f)])
    right = ("t = int(input())\nfor _ in range(t):\n    s = input().strip()\n"
             "    print('YES' if sum(a != b for a, b in zip(s, 'abc')) <= 2 else 'NO')\n")
    near = ("t = int(input())\nfor _ in range(t):\n    s = input().strip()\n"
            "    print('YES' if s in ('abc', 'acb', 'bac') else 'NO')\n")  # forgets cba
    right_v, near_v = run_tests_many([(right, p.tests), (near, p.tests)], workers=2)
    assert right_v.detail == "passed" and right_v.tests_passed == len(p.tests.inputs) == 5
    assert near_v.detail == "wrong"


def test_near_misses_fail(apps_rows):
    rows, problems = apps_rows
    kth, prime = problems[3], problems[4]
    off_by_one = ("class Solution:\n    def findKthPositive(self, arr, k):\n        s = set(arr); n = 0\n"
                  "        while k:\n            n += 1\n            k -= n not in s\n        return n + 1\n")
    assert run_tests(off_by_one, kth.tests).detail == "wrong"
    wrong_name = "def isprime(n):\n    return n > 1 and all(n % d for d in range(2, int(n ** 0.5) + 1))\n"
    assert run_tests(wrong_name, prime.tests).detail == "runtime_error"
    right = "def is_prime(n):\n    return n > 1 and all(n % d for d in range(2, int(n ** 0.5) + 1))\n"
    assert run_tests(right, prime.tests).detail == "passed"


def test_all_tests_mode_counts_every_test():
    tests = UnitTests(inputs=["1\n", "2\n", "3\n"], outputs=["1\n", "4\n", "3\n"])
    code = "print(int(input()))\n"
    first = run_tests(code, tests)
    every = run_tests(code, tests, all_tests=True)
    assert (first.tests_passed, first.detail) == (1, "wrong")
    assert (every.tests_passed, every.tests_total, every.detail) == (2, 3, "wrong")


def test_verdicts_come_back_in_input_order():
    items = [(f"import time\ntime.sleep({0.1 * (5 - i)})\nprint({i})\n", UnitTests(inputs=[""], outputs=[str(i)])) for i in range(5)]
    assert [v.correct for v in run_tests_many(items, workers=2)] == [True] * 5
    items[2] = (None, items[2][1])
    assert [v.detail for v in run_tests_many(items, workers=2)][2] == "no_code"


def test_run_many_closes_every_sandbox_before_it_returns(monkeypatch):
    "`run_many` closes each finished sandbox on another thread; by its return every folder, cgroup and process is gone."
    import tempfile

    import sky_t1.verify.sandbox as sandbox

    probe_isolation()  # its self-test's sandbox is not this test's
    roots: list[str] = []  # this test's sandbox folders (other runs on the machine may have their own)
    real = tempfile.mkdtemp
    monkeypatch.setattr(sandbox.tempfile, "mkdtemp", lambda *a, **k: roots.append(real(*a, **k)) or roots[-1])
    cgroups: list[Path] = []
    enter = sandbox.Sandbox._enter_strong

    def spy(self):
        out = enter(self)
        cgroups.extend(self.cgroups)
        return out

    monkeypatch.setattr(sandbox.Sandbox, "_enter_strong", spy)
    code = "a, b = map(int, input().split())\nprint(a + b)\n"
    items = [(code, STDIN)] * 3 + [(f"print({i} + 3)\n", STDIN) for i in range(6)]  # 6 programs: 1 right, 5 wrong
    got = [v.detail for v in run_tests_many(items, workers=2)]
    assert got == ["passed"] * 3 + ["passed"] + ["wrong"] * 5
    assert len(roots) == 7  # the repeated program is judged once
    assert not [r for r in roots if Path(r).exists()]
    assert not [d for d in cgroups if d.exists()]
    assert not [p for r in roots for p in _processes_named(r) if p != os.getpid()]
