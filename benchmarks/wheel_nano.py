"""Check: the main job from a wheel install, outside the repository (issue 14's "sky-t1 run nano works from a
wheel install outside the repo"). Not a benchmark of speed: it records whether every stage ran and how long the
run took, with the machine.

The wheel is built offline from a copy of the source and installed without dependencies into a fresh venv whose
path reaches this venv's packages through a .pth file (`tests/test_install.py` does the same for nano's first
stages); `sky-t1 run nano` then runs from a temporary directory with nothing on its path that leads back here.
Writes benchmarks/results/wheel_nano.json. Run from the repository root:

    .venv/bin/python benchmarks/wheel_nano.py
"""
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from test_install import build_wheel, fresh_venv  # noqa: E402

from sky_t1.nano.build import cache_root  # noqa: E402


def main() -> dict:
    with tempfile.TemporaryDirectory() as d:
        base = Path(d)
        wheel = build_wheel(base / "wheel")
        py, _ = fresh_venv(base / "venv", wheel)
        work = base / "elsewhere"
        work.mkdir()
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV")}
        env |= {"PATH": f"{py.parent}{os.pathsep}{env.get('PATH', '')}",
                "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter"), "SKY_T1_CACHE": str(cache_root().parent)}
        where = subprocess.run([str(py), "-c", "import sky_t1; print(sky_t1.__file__)"], env=env, cwd=work,
                               capture_output=True, text=True).stdout.strip()
        t0 = time.perf_counter()
        r = subprocess.run([str(py.parent / "sky-t1"), "run", "nano", "--run-dir", str(work / "nano")], cwd=work,
                           env=env, capture_output=True, text=True)
        seconds = round(time.perf_counter() - t0, 1)
        manifest = json.loads((work / "nano" / "manifest.json").read_text()) if (work / "nano" / "manifest.json").exists() else {}
        out = {"exit_status": r.returncode, "seconds": seconds, "wheel": wheel.name, "sky_t1_imported_from": where,
               "outside_the_repo": str(REPO) not in where,
               "stages": {n: s.get("status") for n, s in manifest.get("stages", {}).items()},
               "report": (work / "nano" / "report" / "index.html").is_file(),
               "nano_build_cached_before": "cached" if "step 100/" not in r.stderr else "built during the run",
               "machine": {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count()},
               "stderr_tail": r.stderr[-800:] if r.returncode else ""}
    dest = REPO / "benchmarks" / "results" / "wheel_nano.json"
    dest.write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps({k: v for k, v in out.items() if k != "stderr_tail"}, indent=1))
    return out


if __name__ == "__main__":
    sys.exit(0 if main()["exit_status"] == 0 else 1)
