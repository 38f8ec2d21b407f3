"`benchmarks/readme_figures.py`: the README's figures section rewritten from a run directory's files, nothing else."
import contextlib
import importlib.util
import io
import json

import pytest
from conftest import REPO
from test_pipeline_data import ReferenceTeacher
from test_report import _pct, _train_files, evaluate_for_real, small_nano

from sky_t1.cli import run_data_stages
from sky_t1.core import SkyT1Error
from sky_t1.rundir import RunDir


def _script():
    spec = importlib.util.spec_from_file_location("readme_figures", REPO / "benchmarks" / "readme_figures.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_the_project_readme_has_one_figures_section():
    text = (REPO / "README.md").read_text()
    rf = _script()
    assert text.count(rf.BEGIN) == 1 and text.count(rf.END) == 1 and text.index(rf.BEGIN) < text.index(rf.END)


def test_readme_figures_are_rewritten_from_a_run_directory(tmp_path, monkeypatch):
    rf = _script()
    recipe = small_nano(math=12, code=3)
    run = RunDir.create(tmp_path / "run", recipe)
    import sky_t1.engines as engines
    teacher = ReferenceTeacher()
    monkeypatch.setattr(engines, "make_engine", lambda kind, model, **kw: teacher)
    with contextlib.redirect_stdout(io.StringIO()):
        totals = run_data_stages(recipe, run, workers=2)  # through the pipeline: wall_s recorded
    _train_files(run.path)
    summary = evaluate_for_real(recipe, run)  # the stage alone: its own timing only

    readme = tmp_path / "README.md"
    before, after = "# project\n\nintro\n\n## What the demo measured\n\nprose\n\n", "\n\n## Next\n\nmore\n"
    readme.write_text(before + rf.BEGIN + "\nold figures: 42 s\n" + rf.END + after)
    assert rf.main([str(run.path), "--readme", str(readme), "--check"]) == 1
    assert rf.main([str(run.path), "--readme", str(readme)]) == 0
    text = readme.read_text()
    assert text.startswith(before + rf.BEGIN) and text.endswith(rf.END + after) and "42 s" not in text
    section = text[text.index(rf.BEGIN):text.index(rf.END)]

    stages = run.manifest()["stages"]
    for name in ("problems", "generate", "verify", "reformat", "curate", "export"):
        w = stages[name]["wall_s"]
        assert f"{name} {w:.0f} s" in section if w >= 10 else f"{name} {w:.1f} s" in section
    assert "evaluate: the stage's own timing (`wall_seconds`)" in section
    assert f"{totals['problems']:,} problems (3 code, 12 math)" in section
    assert f"{totals['generated']:,} teacher samples" in section and f"{totals['kept']:,} kept" in section
    wrong = sum(1 for s in run.store("scores") if not s["correct"])
    assert f"{totals['verified']:,} verified (" in section and f" {wrong:,}" in section
    assert f"30 rows x {recipe.train.epochs:g} epochs, 40 optimizer steps, 163,840 tokens" in section  # epochs: the recipe's
    for r in summary["measured"]:
        assert _pct(r["avg@n"]) in section
    d = summary["differences"][0]
    assert f"{100 * d['difference']:+.1f} [{100 * d['lo']:+.1f}, {100 * d['hi']:+.1f}]" in section
    n = next(r["n"] for r in summary["measured"] if r["benchmark"] == "nano_math")
    assert f"{summary['benchmarks']['nano_math']} nano_math problems x {n} samples" in section

    # the same files again: nothing changes, and --check agrees
    assert rf.main([str(run.path), "--readme", str(readme), "--check"]) == 0
    assert readme.read_text() == text

    # the run names its CPU and the machines that compute as it does
    from sky_t1.machine import cpu_identity, numerics_family
    assert f"CPU {cpu_identity()['model']}, numerics family `{numerics_family()}`" in section

    # no markers, or an evaluation file in another layout: an error, the README left alone
    readme.write_text("no markers here\n")
    assert rf.main([str(run.path), "--readme", str(readme)]) == 2
    assert readme.read_text() == "no markers here\n"
    with pytest.raises(SkyT1Error, match="exactly one"):
        rf.rewrite("x", "y")
    (run.file("eval") / "summary.json").write_text(json.dumps(summary | {"unit": "percent"}))
    with pytest.raises(SkyT1Error, match="not an evaluation summary"):
        rf.figures(run.path)


def test_the_nano_build_line_names_each_models_weights():
    rf = _script()

    class Run:
        def manifest(self):
            return {"nano_build": {"student": {"sha256": "b" * 64, "accuracy": {"math": 0.0, "code": 0.0}},
                                   "teacher": {"sha256": "a" * 64, "accuracy": {"math": 0.45, "code": 0.533}}}}
    line = rf.build_line(Run())
    assert line.index("teacher `aaaaaaaaaaaaaaaa`") < line.index("student `bbbbbbbbbbbbbbbb`")
    assert "math 45.0%, code 53.3%" in line and "math 0.0%, code 0.0%" in line


def test_the_readme_sweep_section_is_what_the_committed_sweep_says(monkeypatch):
    rf = _script()
    monkeypatch.chdir(REPO)  # the section names the file as the script is run: from the repository root
    text = (REPO / "README.md").read_text()
    assert text.count(rf.SWEEP_BEGIN) == 1 and text.count(rf.SWEEP_END) == 1
    section = text[text.index(rf.SWEEP_BEGIN) + len(rf.SWEEP_BEGIN):text.index(rf.SWEEP_END)].strip("\n")
    assert section == rf.sweep_section(rf.SWEEP)  # rerun the script after a new sweep


def test_a_sweep_with_missing_runs_or_another_schema_is_refused(tmp_path):
    rf = _script()
    d = json.loads((REPO / rf.SWEEP).read_text())
    bad = tmp_path / "sweep.json"
    bad.write_text(json.dumps(d | {"missing": ["seed-3/eval/summary.json"]}))
    with pytest.raises(SkyT1Error, match="incomplete"):
        rf.sweep_section(bad)
    bad.write_text(json.dumps({"rows": []}))
    with pytest.raises(SkyT1Error, match="not a sweep summary"):
        rf.sweep_section(bad)
    one = d | {"aggregates": [d["aggregates"][0] | {"mean": 0.5, "sd": 0.0, "min": 0.25, "max": 0.75, "above_zero": 3,
                                                     "below_zero": 1, "seeds": [0, 1, 2, 3]}]}
    bad.write_text(json.dumps(one))
    assert f"| {d['aggregates'][0]['comparison']} | {d['aggregates'][0]['benchmark']} | 4 | +50.0 | 0.0 | +25.0 to +75.0 | 3 / 1 of 4 |" \
        in rf.sweep_section(bad)
