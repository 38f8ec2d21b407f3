"""The nano world: problems (determinism, disjoint splits, references that the real verifiers accept),
the character tokenizer, and a tiny build that is cached and loads offline."""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import pytest
import torch

import sky_t1.nano.build as nano_build_module
from sky_t1.core import load_recipe
from sky_t1.machine import PORTABLE_NUMERICS
from sky_t1.nano.build import (
    ROLES,
    TINY,
    NanoConfig,
    build_dir,
    build_hash,
    build_student,
    build_teacher,
    load_nano,
    nano_build,
    weights_sha256,
)
from sky_t1.nano.problems import (
    CODE_TASKS,
    SPLITS,
    code_problem,
    column_lines,
    make_problems,
    reference_trace,
    sample_problem,
    split_of,
)
from sky_t1.nano.tokenizer import build_tokenizer
from sky_t1.nano.train import encode_examples, sample_replies, score_replies
from sky_t1.pipeline import run_pipeline
from sky_t1.rundir import RunDir
from sky_t1.verify.answers import extract_code
from sky_t1.verify.code import judge
from sky_t1.verify.math import verify_math
from sky_t1.verify.sandbox import Sandbox


def test_problems_are_deterministic():
    for split in SPLITS:
        a, b = make_problems(split, 200, seed=3), make_problems(split, 200, seed=3)
        assert [p.model_dump() for p in a] == [p.model_dump() for p in b]
        assert len({p.id for p in a}) == len({p.question for p in a}) == 200
    assert [p.id for p in make_problems("train", 50, seed=0)] != [p.id for p in make_problems("train", 50, seed=1)]
    assert make_problems("test", 10, domain="code") == make_problems("test", 10, domain="code")


def test_splits_are_disjoint():
    questions = {s: {p.question for seed in range(3) for p in make_problems(s, 1000, seed=seed)} for s in SPLITS}
    assert not questions["train"] & questions["test"]
    assert not questions["pretrain"] & (questions["train"] | questions["test"] | questions["dev"])
    assert not questions["dev"] & (questions["train"] | questions["test"])  # the tuning split (issue 15)
    for s, qs in questions.items():
        assert {split_of(q) for q in qs} == {s}
    code = {s: {code_problem(i).question for i in range(len(CODE_TASKS)) if code_problem(i).meta["split"] == s}
            for s in SPLITS}
    assert sum(map(len, code.values())) == len(CODE_TASKS) and all(len(qs) >= 35 for qs in code.values())
    assert not code["train"] & code["test"] and not code["pretrain"] & (code["train"] | code["test"] | code["dev"])
    assert not code["dev"] & (code["train"] | code["test"])
    for s, qs in code.items():
        assert {p.question for p in make_problems(s, len(qs), domain="code")} == qs


def test_training_draws_stay_in_pretrain():
    rng = random.Random(0)
    drawn = [sample_problem(rng, "pretrain", d) for d in ["math"] * 500 + ["code"] * 100]
    assert {p.meta["split"] for p in drawn} == {"pretrain"}


def test_column_arithmetic_is_exact():
    rng = random.Random(0)
    for _ in range(3000):
        a, b = rng.randint(0, 9999), rng.randint(0, 9999)
        assert column_lines(a, b, "+")[-1].split("-> ")[1] == str(a + b)
        hi, lo = max(a, b), min(a, b)
        assert column_lines(hi, lo, "-")[-1].split("-> ")[1] == str(hi - lo)


def test_every_math_reference_trace_verifies():
    problems = [p for s in SPLITS for p in make_problems(s, 150, seed=7)]
    for p in problems:
        v = verify_math(reference_trace(p), p.answer)
        assert v.correct, (p.id, reference_trace(p), v)
        assert not verify_math(reference_trace(p).replace(f"{{{p.answer}}}", f"{{{int(p.answer) + 1}}}"), p.answer).correct


@pytest.mark.slow
def test_every_code_reference_passes_the_sandbox():
    with Sandbox() as sb:
        for i in range(len(CODE_TASKS)):
            p = code_problem(i)
            v = judge(sb, extract_code(reference_trace(p)), p.tests, all_tests=True)
            assert v.correct and v.tests_passed == len(p.tests.inputs) >= 3, (p.id, v)


def test_the_sloppy_code_slip_fails_in_the_sandbox():
    "The teacher's slip in code (numbers read as strings) fails the tests of arithmetic tasks, and changes no word task."
    tasks = {kind: [i for i, t in enumerate(CODE_TASKS) if t[0] == kind] for kind in ("one_int", "two_ints", "word")}
    with Sandbox() as sb:
        for kind, idx in tasks.items():
            for i in idx[::max(1, len(idx) // 4)][:4]:
                p = code_problem(i)
                v = judge(sb, extract_code(reference_trace(p, sloppy=True)), p.tests, all_tests=True)
                assert v.correct == (kind == "word"), (p.id, p.question, v)


def test_score_replies_uses_the_real_verifiers():
    problems = make_problems("test", 3) + make_problems("test", 2, domain="code")
    assert score_replies(problems, [reference_trace(p) for p in problems]) == [True] * 5
    assert score_replies(problems, ["\\boxed{-1}"] * 3 + ["```python\nprint(0)\n```", "no code"]) == [False] * 5


def test_tokenizer_round_trip(tmp_path):
    from transformers import AutoTokenizer, Qwen2Config
    tok = build_tokenizer()
    texts = ["What is 47 + 38?\nones: 7+8=15 -> 5\n\\boxed{85}", "x ≤ 3, café\t ", "  two  spaces\n\n",
             "<|begin_of_thought|>\nhm\n<|end_of_thought|>\n\n<|begin_of_solution|>ok<|end_of_solution|>"]
    for text in texts:
        assert tok.decode(tok(text)["input_ids"]) == text
    digits = [t for t in tok.convert_ids_to_tokens(tok("What is 47 + 38? 1205")["input_ids"]) if t.strip("Ġ").isdigit()]
    assert digits == list("47381205")  # merges never join digits: one token each
    assert len(tok("What is 47 + 38?")["input_ids"]) < len("What is 47 + 38?")  # but words and symbols merge
    tok.save_pretrained(tmp_path)
    alone = AutoTokenizer.from_pretrained(tmp_path, local_files_only=True)
    Qwen2Config(vocab_size=len(tok)).save_pretrained(tmp_path)  # beside a model, AutoTokenizer picks Qwen2Tokenizer
    beside = AutoTokenizer.from_pretrained(tmp_path, local_files_only=True)
    msgs = [{"role": "user", "content": "What is 1 + 1?"}]
    for back in (alone, beside):
        for text in texts:
            assert back(text)["input_ids"] == tok(text)["input_ids"]
            assert back.decode(back(text)["input_ids"]) == text
        assert back.apply_chat_template(msgs, add_generation_prompt=True, tokenize=False) == \
            "<|im_start|>user\nWhat is 1 + 1?<|im_end|>\n<|im_start|>assistant\n"
        assert (back.eos_token, back.pad_token, len(back)) == ("<|im_end|>", "<|endoftext|>", len(tok))
    (ids, plen), = encode_examples(beside, make_problems("test", 1), "trace")
    assert ids[-1] == beside.eos_token_id and beside.decode(ids[plen:-1]).endswith("}")


def test_tiny_build_is_cached_and_loads(tmp_path, monkeypatch):
    monkeypatch.setenv("SKY_T1_CACHE", str(tmp_path / "cache"))
    first = nano_build(cfg=TINY)  # no time bound here: speed is the benchmarks' (a loaded machine is slower)
    assert Path(first["dir"]) == tmp_path / "cache" / "nano" / build_hash(TINY) == build_dir(TINY)
    assert not first["cached"] and (first["teacher"]["steps"], first["student"]["steps"]) == (6, 6)
    assert {"math", "code"} <= set(first["teacher"]["accuracy"]) and {"math", "code"} <= set(first["student"]["accuracy"])
    with monkeypatch.context() as m:  # found in the cache: no build process is started
        m.setattr(nano_build_module, "_launch", lambda *a, **k: pytest.fail("a cached build was built again"))
        assert nano_build(cfg=TINY)["cached"]
        assert build_teacher(TINY)["cached"] and build_student(TINY)["cached"]
    report = json.loads((Path(first["teacher"]["path"]) / "build.json").read_text())
    assert report["hash"] == build_hash(TINY) and report["config"]["student"]["trace_share"] == 0
    for role in ("teacher", "student"):  # issue 13: not transformers 5's TokenizersBackend, which 4.x cannot load
        saved = json.loads((Path(first[role]["path"]) / "tokenizer_config.json").read_text())
        assert saved["tokenizer_class"] == "PreTrainedTokenizerFast"
    teacher, _ = load_nano(first["teacher"]["path"])
    student, tok = load_nano(first["student"]["path"])
    assert student.config.model_type == "qwen2" and tok.eos_token == "<|im_end|>"
    assert tok("What is 7 + 8?\n")["input_ids"] == build_tokenizer()("What is 7 + 8?\n")["input_ids"]
    assert any(not torch.equal(a, b) for a, b in zip(teacher.parameters(), student.parameters(), strict=True))
    (reply,) = sample_replies(student, tok, make_problems("test", 1), max_new_tokens=8)
    assert isinstance(reply, str)
    forced = build_teacher(TINY, force=True)
    assert not forced["cached"] and Path(forced["path"]).is_dir()
    assert not list(Path(first["dir"]).glob(".*tmp*"))  # no half-written build left behind


def test_load_nano_names_the_fix(tmp_path):
    from sky_t1.core import SkyT1Error
    with pytest.raises(SkyT1Error, match="nano build"):
        load_nano(tmp_path)


def test_build_weights_do_not_depend_on_the_machine(tmp_path, monkeypatch):
    """Issue 15: the same config gives the same weights whatever this process's threads and RNG state, and whatever
    vector instructions the caller's environment would have torch's kernels and MKL take."""
    saved = torch.get_num_threads()
    try:
        torch.set_num_threads(1)
        one = nano_build(tmp_path / "one", cfg=TINY)
        torch.set_num_threads(2)
        random.random(), torch.rand(3)  # other global RNG state: the build seeds its own
        monkeypatch.setenv("ATEN_CPU_CAPABILITY", "default")  # what a caller might have chosen: the build overrides it
        monkeypatch.setenv("MKL_CBWR", "COMPATIBLE")
        monkeypatch.setenv("MKL_ENABLE_INSTRUCTIONS", "SSE4_2")
        two = nano_build(tmp_path / "two", cfg=TINY)
        assert torch.get_num_threads() == 2  # this process's setting is its own
    finally:
        torch.set_num_threads(saved)
    assert one["hash"] == two["hash"] and not (one["cached"] or two["cached"])
    for role in ROLES:
        assert one[role]["sha256"] == two[role]["sha256"], role
        assert one[role]["accuracy"] == two[role]["accuracy"]
        report = json.loads((Path(one[role]["path"]) / "build.json").read_text())
        assert report["weights_sha256"] == one[role]["sha256"] == weights_sha256(one[role]["path"])
        assert report["threads"] == nano_build_module.BUILD_THREADS
        assert report["numerics"] == PORTABLE_NUMERICS | {"cpu_capability": "AVX2", "family": "x86-avx2"}
    assert one["teacher"]["sha256"] != one["student"]["sha256"]
    assert nano_build(tmp_path / "one", cfg=TINY)["teacher"]["sha256"] == one["teacher"]["sha256"]  # cached: the same


_TWO_RANKS = """
import sys, torch, torch.distributed as dist
from sky_t1.nano.tokenizer import build_tokenizer
from sky_t1.nano.train import ModelSpec, TrainSpec, deterministic, make_model, shard_backward, train_model, training_data
rank, store, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
tok, spec = build_tokenizer(), ModelSpec(hidden_size=32, layers=1, heads=2, intermediate_size=64)
dist.init_process_group("gloo", init_method=f"file://{store}", rank=rank, world_size=2)
with deterministic(0):
    m = make_model(spec, tok, seed=0)
    loss = shard_backward(m, training_data(tok, TrainSpec(steps=1, batch_size=5))[:5], tok.pad_token_id, 2)
    grads = {n: p.grad.clone() for n, p in m.named_parameters()}
    m = make_model(spec, tok, seed=0)
    run = train_model(m, tok, TrainSpec(steps=3, batch_size=5, code_share=0.5), world=2)
torch.save({"loss": loss, "grads": grads, "state": m.state_dict(), "run": run}, out)
dist.destroy_process_group()
"""


def test_the_shared_run_in_two_processes_takes_the_one_process_step(tmp_path):
    """The build's shared run splits each batch across two processes (`shard_backward`): both end with the same
    weights, bit for bit, and each step's loss and gradient are those of the whole batch in one process (up to the
    order of the float sums). An odd batch: the halves differ in size."""
    import subprocess
    import sys

    from sky_t1.nano.train import (
        ModelSpec,
        TrainSpec,
        collate,
        deterministic,
        make_model,
        train_model,
        training_data,
    )
    procs = [subprocess.Popen([sys.executable, "-c", _TWO_RANKS, str(r), str(tmp_path / "store"), str(tmp_path / f"{r}.pt")])
             for r in (0, 1)]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    a, b = (torch.load(tmp_path / f"{r}.pt") for r in (0, 1))
    for k in a["state"]:  # the two processes took the same steps
        assert torch.equal(a["state"][k], b["state"][k]), k
    assert a["run"]["loss"] == b["run"]["loss"] and a["run"]["processes"] == 2
    tok, spec = build_tokenizer(), ModelSpec(hidden_size=32, layers=1, heads=2, intermediate_size=64)
    with deterministic(0):
        m = make_model(spec, tok, seed=0)
        whole = m(**collate(training_data(tok, TrainSpec(steps=1, batch_size=5))[:5], tok.pad_token_id)).loss
        whole.backward()
        one = train_model(make_model(spec, tok, seed=0), tok, TrainSpec(steps=3, batch_size=5, code_share=0.5))
    assert torch.allclose(a["loss"], whole.detach(), rtol=1e-5), (a["loss"], whole)
    for n, p in m.named_parameters():
        assert torch.allclose(a["grads"][n], p.grad, rtol=1e-4, atol=1e-7), n
        assert torch.equal(a["grads"][n], b["grads"][n]), n
    assert a["run"]["loss"][-1][1] == pytest.approx(one["loss"][-1][1], rel=1e-3)  # the same three steps' mean loss


def test_the_unpinned_numerics_would_differ(tmp_path):
    "The control: the same build on this CPU's own choice of kernels (AVX-512 here) gives other weights."
    import subprocess
    import sys
    env = {k: v for k, v in os.environ.items() if k not in PORTABLE_NUMERICS}
    cap = subprocess.run([sys.executable, "-c", "import torch; print(torch.backends.cpu.get_cpu_capability())"],
                         env=env, capture_output=True, text=True, check=True).stdout.strip()
    if cap in ("AVX2", "DEFAULT"):
        pytest.skip(f"this CPU's own kernels ({cap}) are the portable ones, or no vector kernels at all")
    nano_build_module._launch(TINY, tmp_path / "fast", False, None, env, pin=False)  # the same two processes, unpinned
    pinned = nano_build(tmp_path / "pinned", cfg=TINY)
    assert weights_sha256(tmp_path / "fast" / "teacher") != pinned["teacher"]["sha256"]


def test_without_the_mkl_shim_another_vendors_cpu_builds_other_weights(tmp_path, monkeypatch):
    "The control for the MKL shim: on a CPU not made by Intel, MKL's own path (shim off) gives other weights."
    from sky_t1.machine import mkl_shim, mkl_shim_needed
    if not mkl_shim_needed() or mkl_shim() is None:
        pytest.skip("an Intel CPU (MKL already on its Intel path), or no C compiler to build the shim")
    pinned = nano_build(tmp_path / "pinned", cfg=TINY)
    monkeypatch.setenv("SKY_T1_MKL_SHIM", "0")
    own = nano_build(tmp_path / "own", cfg=TINY)
    assert own["teacher"]["sha256"] != pinned["teacher"]["sha256"]
    assert json.loads((Path(own["teacher"]["path"]) / "build.json").read_text())["numerics"]["family"].endswith("mkl-own-path")


@pytest.mark.slow
def test_the_default_build_has_the_readmes_weights():
    """The README's figures name the nano weights a fresh clone must build; this machine builds the same ones (the
    default build is cached by the tests before this one, or built here: about 4 minutes on 2 cores)."""
    import re
    section = (Path(__file__).parents[1] / "README.md").read_text().split("<!-- figures:begin -->")[1]
    published = dict(re.findall(r"(teacher|student) `([0-9a-f]{16})`", section.split("<!-- figures:end -->")[0]))
    assert set(published) == {"teacher", "student"}, published
    built = nano_build()
    assert {r: built[r]["sha256"][:16] for r in ROLES} == published


def test_pipeline_records_the_nano_weights_in_the_manifest(tmp_path, monkeypatch):
    monkeypatch.setenv("SKY_T1_CACHE", str(tmp_path / "cache"))
    tiny = nano_build(tmp_path / "tiny", cfg=TINY)
    shutil.copytree(tiny["dir"], build_dir(NanoConfig()))  # the TINY build stands in for the default one
    rec = load_recipe("nano", {"problems.sources": [{"name": "nano", "split": "train",
                                                     "options": {"math": 3, "code": 1, "seed": 1}}]})
    run_pipeline(rec, tmp_path / "run", log=lambda _: None, progress_bar=False, until="problems", executor="inline")
    assert RunDir(tmp_path / "run").manifest()["nano_build"] == {
        r: {"path": str(build_dir(NanoConfig()) / r), "sha256": tiny[r]["sha256"], "accuracy": tiny[r]["accuracy"],
            "numerics_family": "x86-avx2"} for r in ROLES}
