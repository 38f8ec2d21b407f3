"""`sky-t1 run` from a wheel install, outside the repository: the stage notebooks and the report page are
package data. The wheel is built offline from a copy of the source, installed without dependencies into a
fresh venv (the running interpreter's packages made visible by a .pth file), and run from a temporary
directory, with nothing on the path that leads back to the repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import REPO

from sky_t1.core import load_recipe
from sky_t1.nano.build import cache_root


def _sh(cmd: list, cwd: Path, env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    p = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert p.returncode == 0, f"{' '.join(map(str, cmd))} exited {p.returncode}\n{p.stdout[-3000:]}\n{p.stderr[-3000:]}"
    return p


def build_wheel(dest: Path) -> Path:
    "The project's wheel, built offline (no index, no build isolation) from a copy of the source, so the repo stays untouched."
    src = dest / "src"
    shutil.copytree(REPO / "sky_t1", src / "sky_t1", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for f in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / f, src / f)
    _sh([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
         "-w", dest / "dist", src], cwd=dest)
    (wheel,) = (dest / "dist").glob("sky_t1-*.whl")
    return wheel


def fresh_venv(where: Path, wheel: Path) -> tuple[Path, Path]:
    "A venv with only the wheel installed; this interpreter's site-packages are appended to its path by a .pth file."
    _sh([sys.executable, "-m", "venv", "--without-pip", where], cwd=where.parent)
    py = where / "bin" / "python"
    site = Path(_sh([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=where).stdout.strip())
    deps = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))  # this interpreter's, not a fixed path
    (site / "_sky_t1_test_deps.pth").write_text("".join(f"{d}\n" for d in deps))  # plain lines: their .pth files stay unread
    _sh([sys.executable, "-m", "pip", "--python", py, "install", "--no-deps", "--no-index", "-q", wheel], cwd=where)
    return py, site


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_wheel_ships_the_notebooks_and_runs_nano_outside_the_repo(tmp_path):
    wheel = build_wheel(tmp_path / "wheel")
    names = zipfile.ZipFile(wheel).namelist()
    stage_nbs = sorted(n for n in names if n.startswith("sky_t1/pipeline_nbs/") and n.endswith(".ipynb"))
    assert len(stage_nbs) == 9 and "sky_t1/report_nb/index.ipynb" in names, stage_nbs
    assert "sky_t1/recipes/nano.yaml" in names

    py, site = fresh_venv(tmp_path / "venv", wheel)
    work = tmp_path / "elsewhere"
    work.mkdir()
    assert REPO not in work.parents
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV")}
    env |= {"PATH": f"{py.parent}{os.pathsep}{env.get('PATH', '')}",  # the kernel's `python` is the venv's
            "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter"),  # the dependencies' data (nbconvert templates)
            "SKY_T1_CACHE": str(cache_root().parent)}  # the nano models: built once, shared with the other tests
    where = _sh([py, "-c", "import sky_t1, sky_t1.pipeline as p; print(sky_t1.__file__); print(p.pipeline_dir())"],
                cwd=work, env=env).stdout.split()
    assert all(Path(w).is_relative_to(site) for w in where), where  # the installed copy, not the repository's

    recipe = load_recipe("nano", {"problems.sources": [{"name": "nano", "split": "train", "options": {"math": 6, "code": 2, "seed": 1}}],
                                  "teacher.sampling.n": 2})
    (work / "small.yaml").write_text(yaml.safe_dump(recipe.model_dump(mode="json"), sort_keys=False))
    sky = py.parent / "sky-t1"
    p = _sh([sky, "run", "small.yaml", "--run-dir", "run", "--until", "generate"], cwd=work, env=env, timeout=900)
    run = work / "run"
    assert (work / p.stdout.strip().splitlines()[-1]).resolve() == run / "manifest.json"  # the last line: where to look
    m = json.loads((run / "manifest.json").read_text())
    assert {s: m["stages"][s]["status"] for s in m["stages"]} == {"problems": "done", "generate": "done"}
    assert m["stages"]["problems"]["counts"]["problems"] == 8
    gens = (run / "generations.jsonl").read_text().splitlines()
    assert len(gens) == 16 and all(json.loads(g)["response"] for g in gens)
    assert sorted(x.name for x in (run / "notebooks").iterdir()) == ["01_problems.ipynb", "02_generate.ipynb"]
    # the last manifest write came from the generate notebook's kernel: its sky_t1 was the installed copy,
    # which lies in no git checkout (a repository's sky_t1 would record the repository's commit)
    assert m["environment"]["git"] == {"commit": None, "dirty": None}

    # the report page is package data too: rendered from the installed copy for this partial run
    p = _sh([sky, "report", "run"], cwd=work, env=env, timeout=600)
    page = run / "report" / "index.html"
    assert (work / p.stdout.strip().splitlines()[-1]).resolve() == page
    assert page.stat().st_size > 10_000 and "generate" in page.read_text(encoding="utf-8")
