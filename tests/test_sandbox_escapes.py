"""Escape classes of the code sandbox under strong isolation, each tried by a hostile program of our own.

Two layers are tested apart. `raw(...)` runs a program under the sandbox's bubblewrap command and
uid drop *without* the harness and its audit hook, as a program that switched the hook off would
run: what it cannot do there, the kernel forbids. The other tests go through the scorer as a user
would (`score_file`, `run_tests`) and check verdicts, the files, and that nothing is left behind.
"""
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest
from conftest import REPO

from sky_t1.problem import Tests as UnitTests
from sky_t1.verify.code import judge, run_tests, run_tests_many
from sky_t1.verify.sandbox import (
    SANDBOX_PYTHON,
    Isolation,
    IsolationError,
    Limits,
    Sandbox,
    SandboxError,
    _become_nobody,
    bwrap_command,
    isolation_used,
    probe_isolation,
)
from sky_t1.verify.score import score_file

ISO = probe_isolation()
# where strong isolation is missing these tests cannot run; in CI it must be there (`make test` installs it)
pytestmark = pytest.mark.skipif(not ISO.strong and not os.environ.get("CI"), reason=f"strong isolation is missing: {ISO.missing}")
STDIN = UnitTests(inputs=["1 2\n"], outputs=["3\n"])
FAST = Limits(timeout=3.0)


def test_strong_isolation_is_in_place():
    assert ISO.strong, ISO.missing
    assert ISO.describe().startswith("strong: bubblewrap")


def raw(program: str, timeout: float = 20, limits: Limits = FAST) -> subprocess.CompletedProcess:
    "The program under the sandbox's bubblewrap command and uid, with no harness and no audit hook."
    d = tempfile.mkdtemp()
    os.chmod(d, 0o755)
    try:
        cmd = bwrap_command(d, limits)
        cmd = cmd[:cmd.index("--") + 1] + [SANDBOX_PYTHON, "-I", "-S", "-c", program]
        return subprocess.run(cmd, env={}, capture_output=True, text=True, timeout=timeout,
                              preexec_fn=_become_nobody([], limits))
    finally:
        shutil.rmtree(d, ignore_errors=True)


def nobody_processes() -> list[int]:
    "Host processes running as the sandbox's uid."
    out = []
    for p in Path("/proc").iterdir():
        try:
            if p.name.isdigit() and p.stat().st_uid == 65534:
                out.append(int(p.name))
        except OSError:
            pass
    return out


# --- reading what the scorer holds: its files, its processes, its secrets ---

def test_the_scorer_input_with_expected_outputs_is_out_of_reach(tmp_path):
    secret_out = "4127\n"
    inp = tmp_path / "in.jsonl"
    hostile = (f"import os, re\nfor path in [{str(inp)!r}, '/proc/1/cmdline']:\n"
               "    try:\n        print(re.findall(r'4127', open(path).read())[0])\n        break\n"
               "    except Exception:\n        pass\nelse:\n    print(0)\n")
    rows = [{"problem_id": "p", "sample_index": 0, "domain": "code", "response": f"```python\n{hostile}```",
             "input_output": json.dumps({"inputs": ["x\n"], "outputs": [secret_out]})}]
    inp.write_text("".join(json.dumps(r) + "\n" for r in rows))
    counts = score_file(inp, tmp_path / "out.jsonl", workers=1, limits=FAST)
    out = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [r["correct"] for r in out] == [False] and counts["isolation"].startswith("strong")


def test_other_processes_are_invisible_and_the_environment_is_empty(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-escape-test-0123456789abcdef")
    r = raw("import os\npids = [p for p in os.listdir('/proc') if p.isdigit()]\n"
            "print(len(pids), open('/proc/1/environ', 'rb').read(), sorted(os.environ))\n"
            "print(b''.join(open(f'/proc/{p}/cmdline', 'rb').read() for p in pids))")
    assert r.returncode == 0, r.stderr
    assert "sk-escape" not in r.stdout and "pytest" not in r.stdout and "OPENAI" not in r.stdout
    assert int(r.stdout.split()[0]) <= 3  # bubblewrap's init, the program, nothing of the host


def test_the_project_and_home_are_not_there():
    r = raw(f"import os\nprint(os.path.exists({str(REPO)!r}), os.path.exists('/root'), os.path.exists('/home'), "
            "os.path.exists('/sys'), sorted(os.listdir('/')))")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("False False False False")


# --- forging a verdict: the result channel and the output file ---

def test_the_harness_protocol_pipe_cannot_be_opened():
    hostile = ("import os\nn = 0\nfor p in os.listdir('/proc'):\n    if p.isdigit() and int(p) != os.getpid():\n"
               "        for fd in range(8):\n            try:\n                f = os.open(f'/proc/{p}/fd/{fd}', os.O_WRONLY)\n"
               "                os.write(f, b'{\"status\": \"ok\", \"stdout\": \"3\\\\n\"}\\n')\n                n += 1\n"
               "            except OSError:\n                pass\nprint(n)\n")
    v = run_tests(hostile, STDIN, FAST)
    assert (v.correct, v.detail) == (False, "wrong") and "got '0" in v.message


@pytest.mark.slow
def test_a_garbled_reply_fails_that_test_and_the_next_rows_are_scored():
    # a harness that answers garbage: the supervisor must not crash, and must not trust it
    with Sandbox(FAST) as sb:
        sb.proc.kill()
        sb.proc.wait()
        sb.proc = subprocess.Popen(["sh", "-c", "read x; echo '{not json'; read y; echo '[1, 2]'; sleep 5"],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        sb._buf = b""
        v = judge(sb, "print(3)", STDIN)
    assert (v.correct, v.detail) == (False, "runtime_error") and "malformed" in v.message
    items = [("print(3)", STDIN)] * 3
    assert [x.detail for x in run_tests_many(items, workers=2, limits=FAST)] == ["passed"] * 3


def test_the_output_file_cannot_be_appended_to(tmp_path):
    out = tmp_path / "out.jsonl"
    hostile = (f"import json\ntry:\n    open({str(out)!r}, 'a').write(json.dumps({{'problem_id': 'q', 'sample_index': 0, "
               "'correct': True, 'detail': 'passed'}) + '\\n')\nexcept OSError:\n    pass\nprint(0)\n")
    rows = [{"problem_id": p, "sample_index": 0, "domain": "code", "response": f"```python\n{hostile}```",
             "input_output": json.dumps({"inputs": ["x\n"], "outputs": ["1\n"]})} for p in ("p", "q")]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    score_file(tmp_path / "in.jsonl", out, workers=1, limits=FAST)
    got = [json.loads(x) for x in out.read_text().splitlines()]
    assert sorted(r["problem_id"] for r in got) == ["p", "q"] and not any(r["correct"] for r in got)


# --- the kernel, with no audit hook: files, devices, namespaces, network ---

def test_writes_outside_the_sandbox_fail_even_without_the_hook(tmp_path):
    r = raw("import os\nres = []\nfor path in ['/usr/x', '/x', '/dev/x', '/harness/x']:\n"
            "    try:\n        open(path, 'w').write('x')\n        res.append('wrote ' + path)\n    except OSError as e:\n"
            "        res.append(e.errno)\n"
            "d = os.open('/usr', os.O_RDONLY)\ntry:\n    os.open('y', os.O_WRONLY | os.O_CREAT, dir_fd=d)\n    res.append('dirfd')\n"
            "except OSError as e:\n    res.append(e.errno)\n"
            "for f in (lambda: os.mknod('/work/null', 0o20666, os.makedev(1, 3)), lambda: os.fchmod(os.open('/usr/bin/python3', os.O_RDONLY), 0o777),"
            " lambda: os.fchown(os.open('/usr/bin/python3', os.O_RDONLY), 65534, 65534)):\n"
            "    try:\n        f()\n        res.append('ok')\n    except OSError as e:\n        res.append(e.errno)\nprint(res)")
    assert r.returncode == 0, r.stderr
    assert "wrote" not in r.stdout and "dirfd" not in r.stdout and "'ok'" not in r.stdout, r.stdout


def test_joining_the_host_network_or_a_new_namespace_fails():
    r = raw("import ctypes, os\nlibc = ctypes.CDLL(None, use_errno=True)\n"
            "fd = os.open('/proc/1/ns/net', os.O_RDONLY)\nprint(libc.setns(fd, 0), ctypes.get_errno())\n"
            "print(libc.unshare(0x40000000), libc.unshare(0x10000000))\n"  # CLONE_NEWNET, CLONE_NEWUSER
            "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 22), timeout=1)\n    print('connected')\n"
            "except OSError as e:\n    print('no network', e.errno)\n")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].split()[0] == "-1" and lines[1] == "-1 -1" and lines[2].startswith("no network")


def test_a_local_listener_gets_nothing_even_without_the_hook():
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    srv.settimeout(3)
    port = srv.getsockname()[1]
    got = []
    th = threading.Thread(target=lambda: got.append(_accept(srv)), daemon=True)
    th.start()
    r = raw(f"import socket\ntry:\n    socket.create_connection(('127.0.0.1', {port}), timeout=1)\n    print('in')\n"
            "except OSError:\n    print('refused')\n")
    th.join(5)
    srv.close()
    assert r.stdout.strip() == "refused" and got == [None]


def _accept(srv):
    try:
        return srv.accept()
    except OSError:
        return None


def test_shared_memory_and_temporary_files_stay_inside():
    before = set(os.listdir("/dev/shm"))
    r = raw("import os\nopen('/dev/shm/sky_t1_escape', 'w').write('x')\nopen('/tmp/sky_t1_escape', 'w').write('x')\nprint('ok')")
    assert r.stdout.strip() == "ok"
    assert set(os.listdir("/dev/shm")) == before and not Path("/tmp/sky_t1_escape").exists()


# --- limits per sandbox, not per process ---

@pytest.mark.slow
def test_memory_spread_over_processes_is_limited_per_sandbox():
    hostile = ("import os, time\nkids = []\nfor i in range(6):\n    pid = os.fork()\n    if pid == 0:\n"
               "        x = bytearray(400 << 20)\n        time.sleep(2)\n        os._exit(0)\n    kids.append(pid)\n"
               "codes = [os.waitpid(k, 0)[1] for k in kids]\nprint(sum(c == 0 for c in codes))\n")
    with Sandbox(Limits(timeout=8, memory_mb=1024, disk_mb=16)) as sb:
        sb.load(hostile)
        try:
            r = sb.run("")
            survived = int(r["stdout"].split()[0]) if r["status"] == "ok" and r["stdout"].strip() else 0
        except SandboxError:
            survived = 0
        assert survived < 6 and (sb.oom_killed() or survived < 6)


def test_disk_is_a_quota_for_the_whole_sandbox():
    r = raw("import os\nn = 0\ntry:\n    while True:\n        open(f'/work/f{n}', 'wb').write(b'x' * 65536)\n        n += 1\n"
            "except OSError as e:\n    print(n * 65536 >> 20, e.errno)\n", limits=Limits(disk_mb=16))
    mb, errno = r.stdout.split()
    assert int(mb) <= 16 and int(errno) == 28  # ENOSPC


@pytest.mark.serial  # nobody_processes() sees every sandbox on the machine
def test_a_fork_bomb_stays_inside_its_pids_cgroup():
    v = run_tests("import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n", STDIN,
                  Limits(timeout=2))
    assert not v.correct
    assert run_tests("print(3)", STDIN, FAST).correct
    time.sleep(0.5)
    assert nobody_processes() == []


@pytest.mark.serial  # nobody_processes() sees every sandbox on the machine
def test_nothing_runs_after_the_verdict():
    v = run_tests("import os, time\nif os.fork() == 0:\n    os.setsid()\n    while True:\n        time.sleep(0.05)\nprint(3)\n",
                  STDIN, FAST)
    assert v.correct
    time.sleep(0.5)
    assert nobody_processes() == []


@pytest.mark.slow
@pytest.mark.serial  # a time limit under load: no other test's work beside it
def test_a_spinning_neighbour_does_not_time_out_a_correct_program():
    spin = "import os\nfor _ in range(3):\n    os.fork()\nwhile True:\n    pass\n"
    work = "s = 0\nfor i in range(3_000_000):\n    s += i\nprint(3)\n"  # well under a second alone
    items = [(spin, STDIN), (work, STDIN), (spin, STDIN), (work, STDIN)]
    verdicts = run_tests_many(items, workers=2, limits=Limits(timeout=4))
    assert [v.detail for v in verdicts][1::2] == ["passed", "passed"]


# --- refusing without strong isolation, and the explicit weak choice ---

def test_without_strong_isolation_the_sandbox_refuses():
    missing = Isolation(True, True, False, None, strong=False, missing=("bubblewrap (apt-get install -y bubblewrap)",))
    with pytest.raises(IsolationError, match="bubblewrap.*isolation: weak"):
        Sandbox(Limits(), missing)
    with Sandbox(Limits(isolation="weak"), missing) as sb:  # accepted explicitly: the earlier design runs
        sb.load("print(3)")
        assert sb.run("")["stdout"] == "3\n"


def test_the_isolation_used_is_recorded(tmp_path):
    assert isolation_used(Limits()).startswith("strong: bubblewrap")
    rows = [{"problem_id": "p", "sample_index": 0, "domain": "code", "response": "```python\nprint(3)\n```",
             "input_output": json.dumps({"inputs": ["1 2\n"], "outputs": ["3\n"]})}]
    (tmp_path / "in.jsonl").write_text(json.dumps(rows[0]) + "\n")
    r = subprocess.run([str(REPO / ".venv" / "bin" / "sky-t1"), "verify", "--input", str(tmp_path / "in.jsonl"),
                        "--output", str(tmp_path / "out.jsonl"), "--isolation", "weak"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout.splitlines()[-1])["isolation"].startswith("strong")  # strong is here: it is used


def test_weak_isolation_is_recorded_as_accepted(monkeypatch):
    import sky_t1.verify.sandbox as sandbox
    weak = Isolation(True, True, False, None, strong=False, missing=("bubblewrap (apt-get install -y bubblewrap)",))
    monkeypatch.setattr(sandbox, "probe_isolation", lambda: weak)
    assert "accepted with isolation: weak" in sandbox.isolation_used(Limits(isolation="weak"))
    assert sandbox.isolation_used(Limits()).startswith("refused: strong isolation is missing (bubblewrap")


def test_a_result_nested_past_the_recursion_limit_and_a_lone_surrogate_do_not_crash_the_scorer(tmp_path):
    deep = "def f(x):\n    r = []\n    for _ in range(5000):\n        r = [r]\n    return r\n"
    rows = [{"problem_id": "deep", "sample_index": 0, "domain": "code", "response": f"```python\n{deep}```",
             "input_output": json.dumps({"fn_name": "f", "inputs": [[1]], "outputs": [1]})},
            {"problem_id": "surrogate", "sample_index": 0, "domain": "code",
             "response": "```python\n# \ud800\nprint(3)\n```", "input_output": json.dumps({"inputs": ["1 2\n"], "outputs": ["3\n"]})},
            {"problem_id": "honest", "sample_index": 0, "domain": "code", "response": "```python\nprint(3)\n```",
             "input_output": json.dumps({"inputs": ["1 2\n"], "outputs": ["3\n"]})}]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    score_file(tmp_path / "in.jsonl", tmp_path / "out.jsonl", workers=2, limits=FAST)
    got = {r["problem_id"]: r for r in map(json.loads, (tmp_path / "out.jsonl").read_text().splitlines())}
    assert (got["deep"]["correct"], got["deep"]["detail"]) == (False, "runtime_error")
    assert got["honest"]["correct"] and "surrogate" in got
