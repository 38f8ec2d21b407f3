"benchmarks/bench_train_gpu.py's plumbing on CPU: packed loss equals padded loss (fp32), and the whole --tiny run writes every part."
import importlib.util
import json
import os
import subprocess
import sys

import pytest
from conftest import REPO

spec = importlib.util.spec_from_file_location("bench_train_gpu", REPO / "benchmarks" / "bench_train_gpu.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def test_packed_loss_equals_padded_loss_on_cpu():
    rows = bench.synthetic_rows(12, bench.TINY["vocab_size"], 64, 256, seed=1)
    r = bench.packing_loss(bench.TINY, rows, gpu=False)
    assert r["equal"] and r["max_relative_difference"] < 1e-4 and len(r["losses"]["packed"]) == 3


def test_rows_and_bins():
    rows = bench.synthetic_rows(200, 512, 128, 1024)
    lengths = sorted(len(r["input_ids"]) for r in rows)
    assert max(lengths) <= 1024 and 90 < lengths[100] < 180  # median ~128, capped
    data = bench.packed_dataset(rows, 1024)
    batch = bench.BinCollator(1024)(data[:1])
    assert batch["input_ids"].shape[0] == 1 and batch["input_ids"].shape[1] <= 1024
    assert sum(len(d["rows"]) for d in data) == 200


@pytest.mark.slow
def test_tiny_run_writes_every_part(tmp_path):
    out = tmp_path / "tiny.json"
    env = os.environ | {"PATH": f"{os.path.dirname(sys.executable)}{os.pathsep}{os.environ.get('PATH', '')}",
                        "OMP_NUM_THREADS": "1"}
    p = subprocess.run([sys.executable, str(REPO / "benchmarks" / "bench_train_gpu.py"), "--tiny", "--out", str(out)],
                       cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-3000:]
    d = json.loads(out.read_text())
    assert d["complete"] and d["matmul"]["tflops"] > 0 and d["packing_loss"]["equal"]
    modes = {(r["mode"], r["checkpointing"]) for r in d["throughput"]["runs"] if "tokens_per_s" in r}
    assert {("padded", True), ("packed", True), ("packed", False)} <= modes
    launched = {r["framework"]: r for r in d["launch"]}
    assert launched["single"]["steps"] == 6 and len(launched["single"]["losses"]) == 6
    assert set(launched) == {"single", "fsdp2", "deepspeed_zero3", "deepspeed_zero3_offload"}
