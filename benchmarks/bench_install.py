"""Benchmark: a fresh `make demo` venv installed by the Makefile (pip picks torch's wheel, uv installs) against pip alone.

`make demo`'s time is counted from a fresh clone, so the venv's install is part of it. Both sides start from nothing:
a new venv in a temporary folder, pip's cache off, uv's cache an empty folder, the machine's own pip configuration
(local wheels, indexes) as it is:

- `pip` (baseline): what the Makefile did before: `pip install --upgrade pip`, `pip install torch==2.13.0`,
  `pip install -e .`, each compiling every module to bytecode as pip does by default;
- `makefile`: the Makefile's own rule for the run's venv (`make VENV=<tmp> <tmp>/.installed-run`): pip installs uv
  (not compiled) and picks torch's wheel (`pip download`), then `uv pip install <that wheel> -e .` resolves,
  downloads and installs everything else in parallel, compiling nothing; `make demo` then runs the stages with
  PYTHONDONTWRITEBYTECODE unset, so the first process to import a module writes its bytecode.

Each side's time also includes two imports of what a stage imports (`sky_t1.train`, torch, transformers, peft,
papermill), each in a new process, as `make demo` runs them: the first with PYTHONDONTWRITEBYTECODE unset on the
`makefile` side (it compiles what it imports, once), the second as the next stage's process, which must find nothing
left to compile (with PYTHONDONTWRITEBYTECODE set, as here, a module without bytecode is compiled again by every
process). The two venvs must hold the same versions of every package they share. Prints seconds and the ratio, writes benchmarks/results/install.json with
the machine. One process each side, one after the other; downloads go over this machine's network, so run it on an
otherwise idle machine, and run it again before trusting a small difference:

    python3 benchmarks/bench_install.py
"""
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results"
FIRST_IMPORT = "import sky_t1.train, torch, transformers, peft, papermill"


def _run(cmd: list[str], env: dict, cwd: Path = ROOT) -> float:
    "Run one install command, fail loudly, return its seconds."
    t0 = time.perf_counter()
    r = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{r.stdout[-2000:]}\n{r.stderr[-3000:]}")
    return time.perf_counter() - t0


def _freeze(python: Path) -> dict[str, str]:
    "name -> version of a venv's packages."
    r = subprocess.run([str(python), "-m", "pip", "freeze", "--exclude-editable"], capture_output=True, text=True)
    return dict(line.split("==", 1) for line in r.stdout.splitlines() if "==" in line)


def side(name: str, tmp: Path) -> dict:
    "Install one side's venv from nothing, then time its first import."
    venv = tmp / name / ".venv"
    env = os.environ | {"PIP_NO_CACHE_DIR": "1", "UV_CACHE_DIR": str(tmp / name / "uv-cache")}
    steps = {}
    if name == "pip":
        py = venv / "bin" / "python"
        steps["venv"] = _run([sys.executable, "-m", "venv", str(venv)], env)
        steps["pip upgrade"] = _run([str(py), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], env)
        steps["torch"] = _run([str(py), "-m", "pip", "install", "--quiet", "torch==2.13.0"], env)
        steps["package"] = _run([str(py), "-m", "pip", "install", "--quiet", "-e", "."], env)
    else:
        steps["make"] = _run(["make", f"PYTHON={sys.executable}", f"VENV={venv}", f"{venv}/.installed-run"], env)
    py = venv / "bin" / "python"
    first_env = env if name == "pip" else {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as make demo
    steps["first import"] = _run([str(py), "-c", FIRST_IMPORT], first_env)
    steps["second import"] = _run([str(py), "-c", FIRST_IMPORT], env)
    return {"seconds": round(sum(steps.values()), 1), "steps_s": {k: round(v, 1) for k, v in steps.items()},
            "packages": _freeze(py)}


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from sky_t1.machine import cores, cpu_identity
    with tempfile.TemporaryDirectory(prefix="sky_t1-install-") as t:
        base = side("pip", Path(t))
        new = side("makefile", Path(t))
    shared = sorted(set(base["packages"]) & set(new["packages"]))
    differ = {p: [base["packages"][p], new["packages"][p]] for p in shared if base["packages"][p] != new["packages"][p]}
    ratio = round(base["seconds"] / new["seconds"], 2)
    print(f"pip      {base['seconds']:6.1f} s  (baseline: pip for everything, bytecode compiled at install) {base['steps_s']}")
    print(f"makefile {new['seconds']:6.1f} s  x{ratio:.2f} faster  (pip for uv and torch's wheel, uv installs, the first "
          f"import compiles) {new['steps_s']}")
    print(f"{len(shared)} packages in both venvs, {len(differ)} at different versions {differ or ''}")
    out = {"benchmark": "a fresh make-demo venv: the Makefile (pip + uv) against pip alone, two imports included",
           "baseline": {k: v for k, v in base.items() if k != "packages"} | {"tool": "pip, one process"},
           "makefile": {k: v for k, v in new.items() if k != "packages"} | {"tool": "pip (uv; torch's wheel) then uv (parallel)"},
           "PYTHONDONTWRITEBYTECODE": os.environ.get("PYTHONDONTWRITEBYTECODE", ""),
           "speedup": ratio, "packages_in_both": len(shared), "versions_differ": differ,
           "machine": {"cpu": cpu_identity(), "cores": cores(), "python": platform.python_version()},
           "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    (OUT / "install.json").write_text(json.dumps(out, indent=1) + "\n")
    print("wrote benchmarks/results/install.json")
    if differ:
        raise SystemExit("the two installs resolved different versions")


if __name__ == "__main__":
    main()
