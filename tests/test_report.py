"""The report page end to end: a run directory made by the real data stages, rendered offline into one
HTML page, opened in headless Chromium (Debian's `chromium`, which `make browser` installs; no test installs packages).

The data stages run for real (nano recipe, a few problems; the teacher is the stand-in of
test_pipeline_data, which writes the nano reference traces with planted mistakes, so no model is built).
The train and evaluate stages are built elsewhere: their files (model/train_log.jsonl,
model/train_summary.json, eval/summary.json) are written by this test in the contract's shape, with
made-up values, to check that the page shows what the files say."""
import contextlib
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
from sky_t1.report import funnel, render_report
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


def _contract_files(run: Path) -> None:
    "Train and evaluate outputs in the contract's shape (values made up here; those stages are built elsewhere)."
    (run / "model").mkdir()
    (run / "model" / "train_log.jsonl").write_text("".join(json.dumps(
        {"step": s, "epoch": s / 20, "loss": 2.0 / s ** 0.5, "lr": 1e-3 * min(1.0, s / 4), "grad_norm": 1.0 / s,
         "tokens": 4096, "tokens_per_s": 2048.0, "step_seconds": 2.0}) + "\n" for s in range(1, 41)))
    (run / "model" / "train_summary.json").write_text(json.dumps(
        {"rows": 30, "truncated_rows": 0, "trained_tokens": 163840, "steps": 40, "world_size": 1,
         "wall_seconds": 80.0, "tokens_per_s": 2048.0, "device": "cpu"}))
    (run / "eval").mkdir()
    models = {"teacher": 72.0, "student (base)": 21.0, "student (distilled)": 47.0}
    est = lambda v, d=4.0: {"value": v, "lo": v - d, "hi": v + d, "method": "bootstrap"}  # noqa: E731
    (run / "eval" / "summary.json").write_text(json.dumps({
        "recipe": "nano", "unit": "percent", "confidence": 0.95,
        "measured": [{"published": False, "model": m, "benchmark": b, "problems": 200 if b == "nano_math" else 24, "n": 4,
                      "samples": 4 * (200 if b == "nano_math" else 24), "mean_completion_tokens": 50.0,
                      "avg_at_n": est(v), "pass_at_k": {"1": est(v), "4": est(v + 10, 5.0)}}
                     for m, v in models.items() for b in ("nano_math", "nano_code")],
        "differences": [{"benchmark": "nano_math", "model": "student (distilled)", "baseline": "student (base)",
                         "metric": "avg@n", "difference": 26.0, "lo": 19.0, "hi": 33.0, "p_value": 0.0005,
                         "excludes_zero": True}],
        "published": []}))


@pytest.mark.slow
def test_report_renders_offline_and_opens_in_chromium(tmp_path, monkeypatch, chromium):
    recipe = load_recipe("nano", {"teacher.model": "nano-reference",
                                  "data.sources": [{"name": "nano", "split": "train",
                                                    "options": {"math": N_MATH, "code": N_CODE, "seed": 0}}]})
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

    # with the train and evaluate files: curves, table, differences, cost
    _contract_files(run.path)
    with contextlib.redirect_stdout(io.StringIO()):
        assert cmd_report(Namespace(run_dir=run.path, out=None, method=None)) == 0
    html = page.read_text()
    assert "student (distilled) − student (base) on nano_math (avg@n): +26.0 points, 95% CI [+19.0, +33.0], which excludes zero." in html
    assert "47.0 [43.0, 51.0]" in html  # the distilled student's avg@n on nano_math, from eval/summary.json
    assert "163840" in html and "134400" in html  # trained tokens; evaluation completion tokens: 50 x 4 x (200 + 24) x 3 models
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
        assert f"{data['problems']}" in text and "which excludes zero" in text
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

    import sky_t1.report as report
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
