"""One writer per run directory (issue 14): the run-directory lock, processes that die with `sky-t1 run`,
one torn-last-line rule for every JSONL reader, and a train summary that adds up its attempts."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import yaml

from sky_t1.core import load_recipe

SKY = str(Path(sys.executable).parent / "sky-t1")


def small_nano(tmp_path: Path, math: int = 10, code: int = 2) -> str:
    "The nano recipe on a few problems (the cached nano teacher), as a recipe file."
    rec = load_recipe("nano", {"problems.sources": [{"name": "nano", "split": "train",
                                                 "options": {"math": math, "code": code, "seed": 1}}],
                               "teacher.sampling.n": 2})
    path = tmp_path / f"small-{math}.yaml"
    path.write_text(yaml.safe_dump(rec.model_dump(mode="json"), sort_keys=False))
    return str(path)


def hold_lock(run_dir: Path, command: str = "sky-t1 run nano") -> subprocess.Popen:
    "A process that holds the run directory's lock until killed; returns once it holds it."
    env = {k: v for k, v in os.environ.items() if k != "SKY_T1_RUN_LOCKS"}
    code = ("import sys, time\nfrom sky_t1.rundir import run_lock\n"
            f"with run_lock({str(run_dir)!r}, {command!r}):\n    print('held', flush=True)\n    time.sleep(600)\n")
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)
    assert p.stdout.readline().strip() == "held"
    return p


def wait_for(cond, timeout: float = 120, every: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(every)
    return False


def alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


# 1. the lock

def test_a_second_writer_is_refused_with_the_holders_pid(tmp_path):
    from sky_t1.pipeline import run_pipeline
    from sky_t1.rundir import RunDir, RunDirBusy

    d = tmp_path / "run"
    holder = hold_lock(d)
    try:
        recipe = small_nano(tmp_path)
        msg = f"run directory {d} is in use by pid {holder.pid} (sky-t1 run nano)"
        with pytest.raises(RunDirBusy) as e:
            run_pipeline(recipe, d, log=lambda _: None, progress_bar=False, until="problems", executor="inline")
        assert msg in str(e.value)
        with pytest.raises(RunDirBusy, match=f"pid {holder.pid}"):  # a stage function, called directly
            with RunDir(d).stage("problems", "h"):
                pass
        for argv in (["generate", "--recipe", recipe, "--run-dir", str(d)],
                     ["problems", "--recipe", recipe, "--run-dir", str(d)],
                     ["curate", "--recipe", recipe, "--run-dir", str(d)],
                     ["run", recipe, "--run-dir", str(d)]):
            r = subprocess.run([SKY, *argv], capture_output=True, text=True, timeout=120)
            assert r.returncode == 2 and msg in r.stderr and "Traceback" not in r.stderr, (argv, r.stderr)
        assert not (d / "manifest.json").exists() and not (d / "problems.jsonl").exists()  # nothing written
    finally:
        holder.kill()
        holder.wait()
    # the holder is gone (killed: the OS dropped its lock): the directory is free
    out = run_pipeline(small_nano(tmp_path), d, log=lambda _: None, progress_bar=False, until="problems",
                       executor="inline")
    assert out["stages"]["problems"].startswith("done")


def test_two_sky_t1_runs_on_one_directory(tmp_path):
    "The second `sky-t1 run` is refused while the first runs; the first's stage kernels run under its lock."
    from sky_t1.rundir import RunDir, lock_holder

    d = tmp_path / "run"
    recipe = small_nano(tmp_path)
    cmd = [SKY, "run", recipe, "--run-dir", str(d), "--until", "problems"]
    first = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for(lambda: (lock_holder(d) or {}).get("pid") == first.pid or first.poll() is not None)
        second = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        assert second.returncode == 2, second.stderr
        assert f"is in use by pid {first.pid} (sky-t1 run {recipe}" in second.stderr, second.stderr
        _, err = first.communicate(timeout=300)
        assert first.returncode == 0, err[-3000:]  # its kernel wrote, under the lock its parent holds
    finally:
        if first.poll() is None:
            first.kill()
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "[problems] skip" in again.stderr, again.stderr[-3000:]
    run = RunDir(d)
    ids = [r["id"] for r in run.store("problems")]
    assert len(ids) == len(set(ids)) == 12
    assert lock_holder(d) is None  # released: the lock file names no one


# 2. processes die with `sky-t1 run`

def kernel_with_workers(proc: subprocess.Popen) -> list[psutil.Process] | None:
    "The stage kernel of `sky-t1 run` and its forked pool workers, once it has some (None before)."
    try:
        kernels = [k for k in psutil.Process(proc.pid).children() if "ipykernel" in " ".join(k.cmdline())]
        workers = [w for k in kernels for w in k.children() if "ipykernel" in " ".join(w.cmdline())]  # forked copies
        return kernels + workers if workers else None
    except psutil.Error:
        return None


def test_killed_run_leaves_no_kernel_or_pool_worker(tmp_path):
    """kill -9 of `sky-t1 run` mid-verify: its papermill kernel (own session) and the kernel's worker pool die with it.

    The verify stage lasts a few seconds, so on a fast (or a busy) machine one try can end before its workers are
    seen: the samples are generated once, then verify alone is rerun (a changed `verify.math_timeout`, which only
    verify hashes) until one try is caught with its pool up."""
    d = tmp_path / "run"
    recipe = small_nano(tmp_path, math=60, code=4)
    gen = subprocess.run([SKY, "run", recipe, "--run-dir", str(d), "--until", "generate"], capture_output=True,
                         text=True, timeout=900)
    assert gen.returncode == 0, gen.stderr[-3000:]
    kids: list = []
    for attempt in range(8):
        cmd = [SKY, "run", recipe, "--run-dir", str(d), "--until", "verify", "--rerun-changed",
               "--option", f"verify.math_timeout={5 + attempt / 100}", "--option", "verify.workers=2"]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            def settled(proc=proc):  # the same workers twice, 0.3 s apart (not a fork on its way to exec)
                first = kernel_with_workers(proc)
                time.sleep(0.3)
                again = kernel_with_workers(proc)
                kids[:] = [k for k in again or [] if k.pid in {x.pid for x in first or []}][:99]
                return len(kids) >= 2 or proc.poll() is not None
            assert wait_for(settled, timeout=300, every=0.02)
            if proc.poll() is not None or not kids:  # this try's verify ended first: try again
                assert proc.wait() == 0
                kids.clear()
                continue
            assert os.getsid(kids[0].pid) != os.getsid(proc.pid)  # a kernel in its own session: killpg would miss it
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            assert wait_for(lambda: not any(alive(k.pid) for k in kids), timeout=5), \
                [k.cmdline() for k in kids if alive(k.pid)]
            return
        finally:
            if proc.poll() is None:
                proc.kill()
            for k in kids:
                if alive(k.pid):
                    k.kill()
    pytest.fail("in 8 tries the run ended before its verify pool could be seen")


def test_sigterm_of_sky_t1_run_kills_its_kernel(tmp_path):
    d = tmp_path / "run"
    recipe = small_nano(tmp_path, math=60, code=4)
    cmd = [SKY, "run", recipe, "--run-dir", str(d), "--until", "generate", "--option", "teacher.problems_per_call=2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        gens = d / "generations.jsonl"
        assert wait_for(lambda: gens.exists() and gens.stat().st_size > 0 or proc.poll() is not None)
        kids = psutil.Process(proc.pid).children(recursive=True)
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=30)
        assert proc.returncode != 0
        assert wait_for(lambda: not any(alive(k.pid) for k in kids), timeout=5)
    finally:
        for k in psutil.Process().children(recursive=True):
            k.kill()


def test_math_pool_workers_die_with_their_process(tmp_path):
    "The verify stage's worker pool: kill -9 of the process that made it, the workers follow."
    code = ("import time\nfrom sky_t1.verify.score import MathScorer\n"
            "m = MathScorer(2)\nex = m._executor()\nex.submit(int, 1).result()\n"
            "print(' '.join(str(p) for p in ex._processes), flush=True)\ntime.sleep(600)\n")
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    workers = [int(x) for x in p.stdout.readline().split()]
    assert len(workers) == 2 and all(alive(w) for w in workers)
    p.kill()
    p.wait()
    try:
        assert wait_for(lambda: not any(alive(w) for w in workers), timeout=5)
    finally:
        for w in workers:
            if alive(w):
                os.kill(w, signal.SIGKILL)


# 3. one torn-last-line rule for every JSONL reader

def test_torn_last_line_rule_for_every_reader(tmp_path):
    "A torn last line (a full disk) is skipped with a warning by every reader; damage before it names file and line."
    from sky_t1.problem import RowError, read_jsonl
    from sky_t1.report import read_train_log
    from sky_t1.store import RecordStore
    from sky_t1.train.data import read_messages

    (tmp_path / "model").mkdir()
    log = tmp_path / "model" / "train_log.jsonl"
    log.write_text('{"step": 1, "loss": 2.0}\n{"step": 2, "loss": 1.0}\n{"step": 3, "lo')
    with pytest.warns(UserWarning, match=r"train_log\.jsonl:3: dropping a torn last line"):
        assert list(read_train_log(tmp_path)["step"]) == [1, 2]
    with pytest.warns(UserWarning, match="torn last line"):
        assert [r["step"] for _, r in read_jsonl(log)] == [1, 2]
    msgs = tmp_path / "train_messages.jsonl"
    msgs.write_text(json.dumps({"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]})
                    + '\n{"messages": [{"role": "us')
    with pytest.warns(UserWarning, match="torn last line"):
        assert len(read_messages(msgs)) == 1
    log.write_text('{"step": 1, "loss": 2.0}\n{"step": 2, "lo\n{"step": 3, "loss": 1.0}\n')  # in the middle: an error
    with pytest.raises(RowError, match=r"train_log\.jsonl:2: not valid JSON"):
        read_train_log(tmp_path)
    store = RecordStore(tmp_path / "gen.jsonl")
    store.append([{"problem_id": "a", "sample_index": 0}])
    with open(store.path, "ab") as f:
        f.write(b'{"problem_id": "b", "sam')
    with pytest.warns(UserWarning, match="torn last line"):
        assert len(RecordStore(store.path)) == 1


# 4. the train summary after a resume: every attempt

def test_train_log_resume_and_summary_over_attempts(tmp_path):
    """A resume whose train_log.jsonl ends in a torn line (it was a JSONDecodeError) trains on; the summary adds up
    both attempts (tokens, seconds, tokens/s) and the final loss is the last logged step's."""
    from sky_t1.engines.hf import char_tokenizer, tiny_qwen2
    from sky_t1.rundir import RunDir
    from sky_t1.train.log import last_checkpoint
    from sky_t1.train.sft import run_train

    base = tmp_path / "base"
    tok = char_tokenizer()
    tiny_qwen2(tok, hidden_size=32, layers=2).save_pretrained(base)
    tok.save_pretrained(base)
    d = tmp_path / "run"
    (d / "sft").mkdir(parents=True)
    rows = [[{"role": "user", "content": f"What is {a}+{b}?"}, {"role": "assistant", "content": f"\\boxed{{{a + b}}}"}]
            for a in range(8) for b in range(4)]
    (d / "sft" / "train_messages.jsonl").write_text("".join(json.dumps({"messages": m}) + "\n" for m in rows))
    rec = load_recipe("nano", {"train.base_model": str(base), "train.epochs": 1, "train.global_batch_size": 4,
                               "train.micro_batch_size": 4, "train.cutoff_len": 64, "train.save_every": 1,
                               "train.packing": False})
    run = RunDir.create(d, rec)
    run_train(rec, run)  # 8 steps; then pretend the first attempt was killed after step 7, mid-write of step 8's line
    ckpts = d / "model" / "checkpoints"
    import shutil
    shutil.rmtree(ckpts / "checkpoint-8")
    assert last_checkpoint(ckpts).name == "checkpoint-7"
    log = d / "model" / "train_log.jsonl"
    first = [json.loads(x) for x in log.read_text().splitlines()]
    log.write_text("".join(json.dumps(r) + "\n" for r in first[:7]) + json.dumps(first[7])[:20])  # torn
    run._update_stage("train", status="failed")
    with pytest.warns(UserWarning, match="torn last line"):
        run_train(rec, run)
    logged = [json.loads(x) for x in log.read_text().splitlines()]
    assert [r["step"] for r in logged] == list(range(1, 9))
    assert {r["attempt"] for r in logged} == {1, 2} and [r["attempt"] for r in logged[6:]] == [1, 2]
    summary = json.loads((d / "model" / "train_summary.json").read_text())
    seconds = sum(r["step_seconds"] for r in logged)
    assert summary["attempts"] == 2 and summary["resumed_from"] == "checkpoint-7"
    assert summary["trained_tokens"] == logged[-1]["tokens"] == first[-1]["tokens"]
    assert summary["train_seconds"] == pytest.approx(seconds, abs=1e-2)
    assert summary["tokens_per_s"] == pytest.approx(logged[-1]["tokens"] / seconds, rel=1e-2)
    assert summary["final_loss"] == logged[-1]["loss"]
    assert [a["steps"] for a in summary["per_attempt"]] == [7, 1]
