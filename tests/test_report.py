"""The report page end to end: a run directory made by the real data stages, rendered offline into one
HTML page, opened in headless Chromium (Debian's `chromium`, which `make browser` installs; no test installs packages).

The data stages run for real (nano recipe, a few problems; the teacher is the stand-in of
test_pipeline_data, which writes the nano reference traces with planted mistakes, so no model is built).
The evaluate stage runs for real too (`run_evaluate`, with stand-in models that write the reference
traces of the held-out problems, wrong for a share set per model), so the report reads
eval/summary.json exactly as that stage writes it. The train stage is built elsewhere
(test_train.py): its files (model/train_log.jsonl, model/train_summary.json) are written here in the
contract's shape, with made-up values, to check that the page shows what the files say."""
import contextlib
import hashlib
import io
import json
import os
import re
import shutil
from argparse import Namespace
from pathlib import Path

import nbformat
import pytest
import yaml
from browser import Page, chromium_binary
from conftest import REPO
from test_pipeline_data import N_CODE, N_MATH, ReferenceTeacher

from sky_t1.cli import cmd_report, run_data_stages
from sky_t1.core import SkyT1Error, load_recipe
from sky_t1.engines import Completion
from sky_t1.evaluate import run_evaluate
from sky_t1.evaluate_bench import load_benchmark
from sky_t1.nano.problems import reference_trace
from sky_t1.report import cost_table, eval_table, funnel, headline, read_eval, render_report
from sky_t1.rundir import RunDir


@pytest.fixture(scope="session")
def chromium() -> str:
    "Debian's chromium, which `make test` installs (`make browser`); without it the test fails in CI and skips elsewhere."
    binary = chromium_binary()
    if binary:
        return binary
    why = "headless Chromium is needed: run `make browser` (as root), or install Debian's `chromium`"
    if os.environ.get("CI"):
        pytest.fail(why)
    pytest.skip(why)


def test_quarto_project_renders_the_report_notebook():
    cfg = yaml.safe_load((REPO / "_quarto.yml").read_text())
    assert cfg["project"]["render"] == ["sky_t1/report_nb/index.ipynb"]  # package data: it ships in the wheel
    assert cfg["format"]["html"]["embed-resources"] is True and cfg["execute"]["echo"] is False
    nb = nbformat.read(REPO / "sky_t1" / "report_nb" / "index.ipynb", as_version=4)
    front = yaml.safe_load(nb.cells[0].source.strip().strip("-"))
    assert nb.cells[0].cell_type == "raw" and front["format"]["html"]["embed-resources"] is True
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1 and re.search(r"^run_dir\s*=", params[0].source, flags=re.M)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")  # committed without outputs


def _train_files(run: Path) -> None:
    "Train outputs in the contract's shape (values made up here: the train stage is tested in test_train.py)."
    (run / "model").mkdir()
    (run / "model" / "train_log.jsonl").write_text("".join(json.dumps(
        {"step": s, "epoch": s / 20, "loss": 2.0 / s ** 0.5, "lr": 1e-3 * min(1.0, s / 4), "grad_norm": 1.0 / s,
         "tokens": 4096, "tokens_per_s": 2048.0, "step_seconds": 2.0}) + "\n" for s in range(1, 41)))
    (run / "model" / "train_summary.json").write_text(json.dumps(
        {"rows": 30, "truncated_rows": 0, "trained_tokens": 163840, "steps": 40, "world_size": 1,
         "wall_seconds": 80.0, "tokens_per_s": 2048.0, "device": "cpu"}))


WRONG = {"teacher": 0.1, "student (base)": 0.8, "student (distilled)": 0.4}  # share of wrong samples by model


class NanoStandIn:
    """A stand-in model for the evaluate stage (the Engine protocol): the nano reference trace of each held-out
    problem, made wrong for a share of samples set by its label, so the summary has known differences."""
    name = "stand-in"

    def __init__(self, label: str, problems: dict):
        self.model, self.wrong, self.by_id = label, WRONG[label], problems

    def generate(self, requests, sampling):
        out = []
        for r in requests:
            p = self.by_id[r.id]
            for j in range(sampling.n):
                text = reference_trace(p)
                if int(hashlib.md5(f"{self.model}/{r.id}/{j}".encode()).hexdigest(), 16) % 100 < 100 * self.wrong:
                    text = text.replace("\\boxed{", "\\boxed{9") if p.domain == "math" else "no code, sorry"
                out.append(Completion(r.id, j, text, "stop", 10, 20, 0.01, None, self.model, self.name))
        return out


def small_nano(math: int = 30, code: int = 4):
    "The nano recipe, small: the reference teacher, a few training problems, a few held-out problems per benchmark."
    return load_recipe("nano", {
        "teacher.model": "nano-reference",
        "problems.sources": [{"name": "nano", "split": "train", "options": {"math": N_MATH, "code": N_CODE, "seed": 0}}],
        "evaluate.models": {label: f"stand-in:{label}" for label in WRONG},  # not nano:*, which would build them
        "evaluate.bootstrap": 300,
        "evaluate.benchmarks": [
            {"name": "nano_math", "source": {"name": "nano", "split": "test", "options": {"math": math, "code": 0, "seed": 0}}},
            {"name": "nano_code", "source": {"name": "nano", "split": "test", "options": {"math": 0, "code": code, "seed": 0}}}]})


def evaluate_for_real(recipe, run: RunDir) -> dict:
    "The real evaluate stage on the run (stand-in models): eval/summary.json as the stage writes it."
    problems = {p.id: p for b in recipe.evaluate.benchmarks for p in load_benchmark(recipe, b)[0]}
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        run_evaluate(recipe, run, engine_factory=lambda label, model: NanoStandIn(label, problems), workers=2)
    return json.loads((run.file("eval") / "summary.json").read_text())


def _pct(e: dict) -> str:
    return f"{100 * e['value']:.1f} [{100 * e['lo']:.1f}, {100 * e['hi']:.1f}]"


def test_report_reads_the_evaluate_stage_output(tmp_path):
    "read_eval on eval/summary.json as the real evaluate stage writes it: fractions shown in percent, nothing guessed."
    recipe = small_nano()
    run = RunDir.create(tmp_path / "run", recipe)
    summary = evaluate_for_real(recipe, run)
    ev = read_eval(run.path)
    rows = {(r["model"], r["benchmark"]): r for r in summary["measured"]}
    assert len(rows) == 6
    table = eval_table(ev)
    for (model, bench), r in rows.items():
        assert table.loc[bench, model] == _pct(r["avg@n"])
        assert int(table.loc[bench, "problems"]) == r["problems"] and int(table.loc[bench, "samples/problem"]) == 2
    assert eval_table(ev, "pass@2").loc["nano_math", "teacher"] == _pct(rows["teacher", "nano_math"]["pass@k"]["2"])
    assert rows["teacher", "nano_math"]["avg@n"]["value"] > rows["student (base)", "nano_math"]["avg@n"]["value"]
    d = summary["differences"]
    assert [(x["a"], x["b"], x["benchmark"]) for x in d] == [("student (distilled)", "student (base)", b) for b in ("nano_math", "nano_code")]
    assert headline(ev)[0] == (f"student (distilled) − student (base) on nano_math (avg@n): {100 * d[0]['difference']:+.1f} points, "
                               f"95% CI [{100 * d[0]['lo']:+.1f}, {100 * d[0]['hi']:+.1f}], which "
                               f"{'excludes' if d[0]['excludes_zero'] else 'includes'} zero.")
    assert cost_table(run.path).set_index("item").loc["evaluation completion tokens", "measured"] == 20 * 2 * 34 * 3

    # another layout is refused, naming the file, never rescaled or read under other names
    path = run.file("eval") / "summary.json"
    for bad in (summary | {"unit": "percent"},
                summary | {"measured": [{**r, "avg@n": {**r["avg@n"], "value": 100 * r["avg@n"]["value"] + 1}} for r in summary["measured"]]},
                summary | {"measured": [{("avg_at_n" if k == "avg@n" else k): v for k, v in r.items()} for r in summary["measured"]]},
                {k: v for k, v in summary.items() if k != "differences"}):
        path.write_text(json.dumps(bad))
        with pytest.raises(SkyT1Error, match=re.escape(f"{path}: not an evaluation summary")):
            read_eval(run.path)


@pytest.mark.slow
def test_report_renders_offline_and_opens_in_chromium(tmp_path, monkeypatch, chromium):
    recipe = small_nano()
    run = RunDir.create(tmp_path / "run", recipe)
    teacher = ReferenceTeacher()
    import sky_t1.engines as engines
    monkeypatch.setattr(engines, "make_engine", lambda kind, model, **kw: teacher)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        data = run_data_stages(recipe, run, workers=2)
    expected = "quarto" if shutil.which("quarto") else "nbconvert"

    # the data stages alone: training and evaluation show as not run
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cmd_report(Namespace(run_dir=run.path, out=None, method=None)) == 0
    said = out.getvalue()
    assert ("quarto render" if expected == "quarto" else "Quarto is not installed") in said
    page = run.file("report")
    html = page.read_text()
    assert "Not run: no model/train_log.jsonl" in html and "Not run: no eval/summary.json" in html
    assert run.manifest()["stages"]["report"]["counts"]["method"] == expected

    # with the train files and the evaluate stage's own output: curves, table, differences, cost
    _train_files(run.path)
    summary = evaluate_for_real(recipe, run)
    with contextlib.redirect_stdout(io.StringIO()):
        assert cmd_report(Namespace(run_dir=run.path, out=None, method=None)) == 0
    html = page.read_text()
    said = headline(read_eval(run.path))
    assert len(said) == 2 and said[0] in html
    distilled = next(r for r in summary["measured"] if r["model"] == "student (distilled)" and r["benchmark"] == "nano_math")
    assert _pct(distilled["avg@n"]) in html  # the distilled student's avg@n on nano_math, from eval/summary.json
    assert "163840" in html and "4080" in html  # trained tokens; evaluation completion tokens: 20 x 2 x (30 + 4) x 3 models
    if expected == "nbconvert":
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "the page must not fetch anything"
    totals = funnel(run.path).loc["total"]
    assert totals["problems"] == data["problems"] and totals["kept"] == data["kept"]

    with Page(chromium) as browser:
        browser.open(page.resolve().as_uri())
        assert browser.evaluate("document.title").startswith("sky_t1 report")
        headings = browser.evaluate("Array.from(document.querySelectorAll('h2')).map(h => h.textContent.replace('¶', '').trim())")
        for h in ("Recipe", "Stages", "Data funnel", "Training", "Evaluation", "Cost", "Environment"):
            assert h in headings
        images = browser.evaluate("Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.naturalHeight])")
        assert len(images) == 3, images  # the funnel, the training curves, the evaluation bars
        assert all(done and w > 0 and h > 0 for done, w, h in images), images
        assert browser.errors() == []
        assert [u for u in browser.requests() if not u.startswith(("file:", "data:"))] == []
        text = browser.evaluate("document.body.innerText")
        assert f"{data['problems']}" in text and said[0].split(":")[0] in text
        shot = browser.screenshot(tmp_path / "report.png")
    assert shot.stat().st_size > 10_000
    if dest := os.environ.get("SKY_T1_REPORT_SCREENSHOT"):  # refresh the docs image: nbs/images/report.png
        shutil.copyfile(shot, dest)

    # a damaged file: one error naming it and its line, recorded as the report stage's failure
    (run.path / "eval" / "summary.json").write_text('{"measured": [\n  {"model": }\n]}\n')
    with pytest.raises(SkyT1Error, match=r"eval/summary.json:2: not valid JSON"):
        render_report(run.path, method="nbconvert")
    report = run.manifest()["stages"]["report"]
    assert report["status"] == "failed" and "summary.json:2" in report["error"]


def test_report_stage_records_the_rendering_time(tmp_path, monkeypatch):
    "The report stage's wall time is the rendering's (it used to be the 0.0 s of its bookkeeping), in the pipeline too."
    import time

    import sky_t1.report.render as report  # the module render_report looks its helpers up in
    from sky_t1.pipeline import run_pipeline

    def slow_render(run, notebook, out, timeout):  # stands for papermill + nbconvert
        time.sleep(0.3)
        out.write_text("<html></html>")
    monkeypatch.setattr(report, "_render_nbconvert", slow_render)
    monkeypatch.setattr(report.shutil, "which", lambda name: None)  # no quarto: nbconvert
    run_pipeline("samples", tmp_path / "run", log=lambda _: None, progress_bar=False, executor="inline")
    st = RunDir(tmp_path / "run").manifest()["stages"]["report"]
    assert st["status"] == "done" and st["counts"]["method"] == "nbconvert"
    assert 0.3 <= st["wall_seconds"] == pytest.approx(st["counts"]["render_seconds"], abs=1e-3)
    assert st["wall_s"] >= st["wall_seconds"]  # the pipeline's clock around the whole stage

    def broken(run, notebook, out, timeout):
        time.sleep(0.2)
        raise SkyT1Error("eval/summary.json:2: not valid JSON")
    monkeypatch.setattr(report, "_render_nbconvert", broken)
    with pytest.raises(SkyT1Error, match="summary.json:2"):
        render_report(tmp_path / "run")
    st = RunDir(tmp_path / "run").manifest()["stages"]["report"]
    assert st["status"] == "failed" and st["wall_seconds"] >= 0.2


@pytest.mark.parametrize("gpu_type, peak", [("H100", 989e12), ("A100", 312e12), ("L40S", 362e12), ("H200", 989e12),
                                            ("MI300X", None), (None, None)])
def test_report_mfu_divides_by_the_peak_of_the_recipe_gpu_type(tmp_path, gpu_type, peak):
    "The MFU row uses train.gpu_type's dense bf16 peak; an unknown or missing type gives no MFU and says why."
    from sky_t1.report import cost_table

    recipe = load_recipe("nano", {"train.gpus": 4, "train.global_batch_size": 32, "train.gpu_type": gpu_type})
    run = RunDir.create(tmp_path / "run", recipe)
    (run.path / "model").mkdir()
    (run.path / "model" / "train_summary.json").write_text(json.dumps(
        {"trained_tokens": 7_200_000, "wall_seconds": 1800.0, "tokens_per_s": 4000.0, "parameters": 1_500_000_000,
         "device": "cuda"}))
    row = cost_table(run.path).set_index("item").loc["training MFU"]
    if peak is None:
        assert row["measured"] is None
        assert ("unknown GPU type 'MI300X'" if gpu_type else "no GPU type given") in row["from"]
    else:
        assert row["measured"] == pytest.approx(6 * 1.5e9 * 4000 / (4 * peak), abs=1e-4)
        assert f"{peak / 1e12:g} TFLOP/s" in row["from"] and gpu_type in row["from"]
