"The JSONL record store: survives kill -9, drops only a torn last line, never duplicates a key, keeps secrets out."
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import REPO

from sky_t1.redact import REDACTED, SECRET_ENV_NAME
from sky_t1.store import CorruptRecordError, RecordStore, write_atomic

OPENAI = "sk-test-" + "A1b2C3d4E5f6G7h8I9j0" * 3
HF = "hf_" + "ZyXwVuTsRqPoNmLkJiHg" * 2


@pytest.fixture(autouse=True)
def no_ambient_secrets(monkeypatch):
    "Unset secret-looking variables of the machine, so that redaction only acts on the values a test sets."
    for name in list(os.environ):
        if SECRET_ENV_NAME.search(name):
            monkeypatch.delenv(name)


@pytest.fixture
def secrets(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", OPENAI)
    monkeypatch.setenv("HF_TOKEN", HF)
    return [OPENAI, HF]


# --- rows whose every field is deterministic from the index; every line has the same length -------------------

def key(i: int) -> tuple[str, int]:
    return (f"p{i // 4:05d}", i % 4)


def payload(i: int, size: int) -> str:
    unit = hashlib.sha256(f"row-{i}".encode()).hexdigest()
    return (unit * (size // len(unit) + 1))[:size]


def row(i: int, size: int) -> dict:
    pid, s = key(i)
    return {"problem_id": pid, "sample_index": s, "payload": payload(i, size)}


def line_len(size: int) -> int:
    return len(json.dumps(row(0, size), ensure_ascii=False) + "\n")


def rows(n: int, size: int = 16) -> list[dict]:
    return [row(i, size) for i in range(n)]


def lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text().splitlines()]


# --- kill -9 ------------------------------------------------------------------------------------------------------

CHILD = textwrap.dedent('''
    import hashlib, sys, time
    from sky_t1.store import RecordStore

    path, n, size, batch, pause = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])

    def payload(i):
        unit = hashlib.sha256(f"row-{i}".encode()).hexdigest()
        return (unit * (size // len(unit) + 1))[:size]

    keys = {(f"p{i // 4:05d}", i % 4): i for i in range(n)}
    store = RecordStore(path)
    todo = [keys[k] for k in store.pending(keys)]
    for j in range(0, len(todo), batch):
        chunk = todo[j:j + batch]
        store.append([{"problem_id": f"p{i // 4:05d}", "sample_index": i % 4, "payload": payload(i)} for i in chunk])
        if pause:
            time.sleep(pause)
''')


class Child:
    "Runs the writer script on `path` in a fresh interpreter; only this test's own processes are ever killed."

    def __init__(self, tmp_path: Path, path: Path, n: int, size: int, batch: int = 1, pause: float = 0.0):
        self.script = tmp_path / "writer.py"
        self.script.write_text(CHILD)
        self.args = [sys.executable, str(self.script), str(path), str(n), str(size), str(batch), str(pause)]
        env = {k: v for k, v in os.environ.items() if not SECRET_ENV_NAME.search(k)}
        env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
        self.env, self.path, self.stderr = env, path, []

    def start(self) -> subprocess.Popen:
        return subprocess.Popen(self.args, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def size(self) -> int:
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def kill_when(self, cond, timeout: float = 10.0) -> int | None:
        "Start a writer and SIGKILL it as soon as `cond(file size)` holds; the file size at the kill, None if it finished."
        p = self.start()
        deadline = time.monotonic() + timeout
        killed_at = None
        try:
            while p.poll() is None and time.monotonic() < deadline:
                size = self.size()
                if cond(size):
                    os.kill(p.pid, signal.SIGKILL)
                    killed_at = size
                    break
        finally:
            if p.poll() is None and killed_at is None:
                os.kill(p.pid, signal.SIGKILL)
            _, err = p.communicate()
            self.stderr.append(err.decode())
        assert p.returncode in (0, -signal.SIGKILL), f"writer failed (rc {p.returncode}):\n{self.stderr[-1]}"
        return killed_at if p.returncode == -signal.SIGKILL else None  # 0: it finished just before the kill

    def finish(self, tries: int = 3) -> None:
        "Restart the writer until it exits 0."
        for _ in range(tries):
            p = self.start()
            _, err = p.communicate(timeout=60)
            self.stderr.append(err.decode())
            if p.returncode == 0:
                return
        raise AssertionError(f"writer did not finish (rc {p.returncode}):\n{self.stderr[-1]}")


def check_complete(path: Path, n: int, size: int) -> None:
    data = path.read_bytes()
    assert data.endswith(b"\n")
    got = lines(path)
    found = [(r["problem_id"], r["sample_index"]) for r in got]
    assert len(found) == len(set(found)), "a key was written twice"
    assert sorted(found) == sorted(key(i) for i in range(n)), "a key is missing"
    by_key = {(r["problem_id"], r["sample_index"]): r for r in got}
    for i in range(n):
        assert by_key[key(i)] == row(i, size), f"record {key(i)} differs from its expected payload"
    assert len(data) == n * line_len(size)
    assert len(RecordStore(path)) == n


def test_kill9_at_several_points_then_resume(tmp_path):
    n, size = 300, 1000
    path, ll = tmp_path / "gen.jsonl", line_len(size)
    child = Child(tmp_path, path, n, size, pause=0.002)
    for frac in (0.1, 0.5, 0.9):
        target = int(frac * n)
        at = child.kill_when(lambda s, t=target: s >= t * ll)
        assert at is not None, f"the writer finished before the kill point {frac:.0%}"
        on_disk = child.size() // ll
        assert target <= on_disk < n, (frac, on_disk)
        assert len(RecordStore(path).pending([key(i) for i in range(n)])) <= n - target
    child.finish()
    check_complete(path, n, size)


def test_kill9_mid_write_of_large_rows(tmp_path):
    "200 KB rows in batches of 4: kill as soon as the file holds part of a line (or after a short random delay)."
    n, size = 48, 200_000
    path, ll = tmp_path / "gen.jsonl", line_len(size)
    child = Child(tmp_path, path, n, size, batch=4)
    rng = random.Random(20250101)
    torn = 0
    for _ in range(8):
        start = child.size()
        deadline = time.monotonic() + 0.15 + rng.uniform(0.0, 0.25)  # the writer's start-up, then a random delay
        at = child.kill_when(lambda s, s0=start, d=deadline: (s != s0 and s % ll != 0) or time.monotonic() > d)
        if at is None:  # finished before any kill: nothing more to interrupt
            break
        if child.size() % ll:
            torn += 1
            p = child.start()  # the next writer warns, cuts the torn line and redoes its record
            _, err = p.communicate(timeout=60)
            child.stderr.append(err.decode())
            assert p.returncode == 0
            assert "torn last line" in child.stderr[-1]
            break
    child.finish()
    check_complete(path, n, size)
    print(f"kills that left a torn last line: {torn}")


# --- damaged files ------------------------------------------------------------------------------------------------

def test_torn_last_line_is_dropped_with_a_warning_then_cut_and_redone(tmp_path):
    path = tmp_path / "gen.jsonl"
    store = RecordStore(path)
    assert store.append(rows(3)) == 3
    whole = path.read_bytes()
    torn = json.dumps(row(3, 16))[:25]
    path.write_bytes(whole + torn.encode())

    store = RecordStore(path)
    with pytest.warns(UserWarning, match=r"gen\.jsonl:4: dropping a torn last line"):
        assert [(r["problem_id"], r["sample_index"]) for r in store] == [key(i) for i in range(3)]
    with pytest.warns(UserWarning, match="torn"):
        assert store.pending([key(i) for i in range(5)]) == [key(3), key(4)]
    assert path.read_bytes() == whole + torn.encode(), "reading alone must not change the file"

    with pytest.warns(UserWarning, match=r"cutting a torn last line \(25 bytes\)"):
        assert store.append(rows(5)) == 2
    assert path.read_bytes().startswith(whole)
    assert lines(path) == rows(5)
    assert path.read_bytes().endswith(b"\n")
    assert RecordStore(path).keys() == {key(i) for i in range(5)}


def test_torn_line_that_is_valid_json_without_its_newline_is_redone(tmp_path):
    path = tmp_path / "gen.jsonl"
    RecordStore(path).append(rows(2))
    with open(path, "a") as f:
        f.write(json.dumps(row(2, 16)))  # the whole object, but the crash came before "\n"
    store = RecordStore(path)
    with pytest.warns(UserWarning, match="torn"):
        assert len(store) == 2
        assert store.append(rows(3)) == 1
    assert lines(path) == rows(3)


def test_repair_without_a_torn_line_changes_nothing(tmp_path):
    path = tmp_path / "gen.jsonl"
    store = RecordStore(path)
    assert store.repair() == 0 and not path.exists()
    store.append(rows(2))
    before = path.read_bytes()
    assert store.repair() == 0
    assert path.read_bytes() == before


def test_corrupt_middle_line_names_file_and_line(tmp_path):
    path = tmp_path / "gen.jsonl"
    good = [json.dumps(r) for r in rows(4)]
    path.write_text("\n".join([good[0], good[1], '{"problem_id": "p00000", "sample', good[2], good[3]]) + "\n")
    with pytest.raises(CorruptRecordError, match=r"gen\.jsonl:3\b"):
        list(RecordStore(path))
    with pytest.raises(CorruptRecordError, match=r"gen\.jsonl:3\b"):
        RecordStore(path).append(rows(6))
    assert path.read_text().count("\n") == 5, "a damaged file must not be written to"


def test_corrupt_last_line_with_its_newline_is_not_a_torn_line(tmp_path):
    path = tmp_path / "gen.jsonl"
    path.write_text(json.dumps(row(0, 16)) + "\n" + "{not json\n")
    with pytest.raises(CorruptRecordError, match=r"gen\.jsonl:2\b"):
        RecordStore(path).keys()


def test_line_numbers_count_blank_lines(tmp_path):
    path = tmp_path / "gen.jsonl"
    path.write_text(json.dumps(row(0, 16)) + "\n\n" + json.dumps(row(1, 16)) + "\n[1, 2]\n")
    with pytest.raises(CorruptRecordError, match=r"gen\.jsonl:4: a record is a JSON object, got list"):
        list(RecordStore(path))


def test_row_without_key_field_is_corrupt(tmp_path):
    path = tmp_path / "gen.jsonl"
    path.write_text(json.dumps(row(0, 16)) + "\n" + json.dumps({"problem_id": "p1"}) + "\n")
    with pytest.raises(CorruptRecordError, match=r"gen\.jsonl:2: .*sample_index"):
        list(RecordStore(path))
    with pytest.raises(KeyError, match="sample_index"):
        RecordStore(tmp_path / "other.jsonl").append([{"problem_id": "p1"}])


def test_duplicate_key_in_file_names_both_lines(tmp_path):
    path = tmp_path / "gen.jsonl"
    r = rows(3)
    path.write_text("".join(json.dumps(x) + "\n" for x in [r[0], r[1], r[2], dict(r[1], payload="other")]))
    with pytest.raises(CorruptRecordError) as e:
        RecordStore(path).keys()
    msg = str(e.value)
    assert "gen.jsonl:4" in msg and "line 2" in msg and "p00000" in msg


# --- uniqueness ---------------------------------------------------------------------------------------------------

def test_append_never_writes_a_key_twice(tmp_path):
    path = tmp_path / "gen.jsonl"
    store = RecordStore(path)
    first = rows(3)
    assert store.append(first + [dict(first[0], payload="again")]) == 3  # same call
    assert store.append(rows(5)) == 2  # across calls
    assert store.append(rows(5)) == 0
    assert store.append([]) == 0
    assert lines(path) == rows(5)

    reopened = RecordStore(path)  # across reopen
    assert len(reopened) == 5 and key(4) in reopened and key(5) not in reopened
    assert reopened.append([dict(r, payload="again") for r in rows(7)]) == 2
    assert [(x["problem_id"], x["sample_index"]) for x in lines(path)] == [key(i) for i in range(7)]
    assert lines(path)[:5] == rows(5)
    assert len(RecordStore(path)) == 7


def test_pending_and_custom_key(tmp_path):
    store = RecordStore(tmp_path / "problems.jsonl", key=("id",))
    store.append([{"id": "a"}, {"id": "b"}])
    assert store.pending([("a",), ("c",)]) == [("c",)]
    assert store.pending([{"id": "a"}, {"id": "c"}], key=lambda d: (d["id"],)) == [{"id": "c"}]
    assert RecordStore(tmp_path / "absent.jsonl").pending([("a",)]) == [("a",)]
    assert not (tmp_path / "absent.jsonl").exists()


# --- secrets ------------------------------------------------------------------------------------------------------

def test_secrets_never_reach_the_file(tmp_path, secrets):
    path = tmp_path / "gen.jsonl"
    store = RecordStore(path)
    store.append([
        {"problem_id": "p1", "sample_index": 0, "response": f"the key is {OPENAI}, the token {HF}."},
        {"problem_id": "p1", "sample_index": 1, "api_key": "short", "authorization": "Bearer xyz",
         "headers": {"Authorization": f"Bearer {HF}", "X-Api-Key": OPENAI}},
        {"problem_id": "p2", "sample_index": 0, "messages": [{"role": "user", "content": [OPENAI, (HF, 1)]}]},
    ])
    store.append([{"problem_id": "p3", "sample_index": 0, "log": f"{OPENAI}{HF}", "api_key": None}])
    text = path.read_text()
    for s in secrets:
        assert s not in text
    got = lines(path)
    assert got[0]["response"] == f"the key is {REDACTED}, the token {REDACTED}."
    assert got[1]["api_key"] == got[1]["authorization"] == REDACTED  # secret-named fields, whatever the value
    assert got[1]["headers"] == {"Authorization": REDACTED, "X-Api-Key": REDACTED}
    assert got[2]["messages"][0]["content"] == [REDACTED, [REDACTED, 1]]
    assert got[3]["log"] == REDACTED * 2 and got[3]["api_key"] is None


@pytest.mark.parametrize("field", ["dict_key", "exception", "set"])
def test_secrets_in_keys_and_non_string_values_never_reach_the_file(tmp_path, secrets, field):
    value = {"dict_key": {OPENAI: 1}, "exception": ValueError(f"401 for {OPENAI}"), "set": {OPENAI}}[field]
    path = tmp_path / "gen.jsonl"
    RecordStore(path).append([{"problem_id": "p1", "sample_index": 0, "meta": value}])
    assert OPENAI not in path.read_text()


def test_key_holding_a_secret_is_not_written_twice_after_reopen(tmp_path, secrets):
    path = tmp_path / "gen.jsonl"
    r = {"problem_id": f"p-{OPENAI}", "sample_index": 0}
    RecordStore(path).append([r])
    store = RecordStore(path)  # a resumed run: redo what is pending
    for pid, s in store.pending([(r["problem_id"], 0)]):
        store.append([{"problem_id": pid, "sample_index": s}])
    assert len(RecordStore(path)) == 1


def test_write_atomic_leaves_no_temp_file_and_scrubs(tmp_path, secrets):
    target = tmp_path / "sub" / "manifest.json"
    assert write_atomic(target, f"a {OPENAI} b {HF}\n") == target
    assert target.read_text() == f"a {REDACTED} b {REDACTED}\n"
    write_atomic(target, "second\n")
    assert target.read_text() == "second\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["manifest.json"]


def test_write_atomic_failure_keeps_old_file_and_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "manifest.json"
    write_atomic(target, "old\n")

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "new\n")
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.json"]
