"The project's own consistency: notebooks and modules agree, notebooks are clean, configs parse."
import configparser
import filecmp
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import tomllib
import yaml
from conftest import REPO

BIN = Path(sys.executable).parent


def _copy_project(tmp_path: Path) -> Path:
    dst = tmp_path / "proj"
    shutil.copytree(REPO / "nbs", dst / "nbs")
    shutil.copytree(REPO / "sky_t1", dst / "sky_t1", ignore=shutil.ignore_patterns("__pycache__"))
    for f in ("settings.ini", "pyproject.toml"):
        shutil.copy(REPO / f, dst / f)
    return dst


def test_nbdev_export_changes_nothing(tmp_path):
    dst = _copy_project(tmp_path)
    subprocess.run([BIN / "nbdev_export"], cwd=dst, check=True, capture_output=True)
    cmp = filecmp.dircmp(REPO / "sky_t1", dst / "sky_t1", ignore=["__pycache__"])
    changed = cmp.diff_files + cmp.left_only + cmp.right_only
    assert not changed, f"sky_t1/ differs from what nbdev_export writes from nbs/: {changed}; run `make export`"
    assert (REPO / "pyproject.toml").read_text() == (dst / "pyproject.toml").read_text()


def test_notebooks_are_clean(tmp_path):
    dst = _copy_project(tmp_path)
    subprocess.run([BIN / "nbdev_clean"], cwd=dst, check=True, capture_output=True)
    shipped = ("sky_t1/pipeline_nbs", "sky_t1/report_nb")  # package data outside nbs/: `make export` cleans them too
    for d in shipped:
        subprocess.run([BIN / "nbdev_clean", "--fname", d], cwd=dst, check=True, capture_output=True)
    nbs = [*(REPO / "nbs").glob("*.ipynb"), *(p for d in shipped for p in (REPO / d).glob("*.ipynb"))]
    dirty = [str(p.relative_to(REPO)) for p in nbs if p.read_bytes() != (dst / p.relative_to(REPO)).read_bytes()]
    assert all(any((REPO / d).glob("*.ipynb")) for d in shipped) and not dirty, f"run make export (nbdev_clean) on: {dirty}"


def test_every_module_has_its_notebook():
    exported = {}
    for nb in (REPO / "nbs").glob("*.ipynb"):
        for cell in json.loads(nb.read_text())["cells"]:
            src = "".join(cell["source"])
            if src.startswith("#| default_exp"):
                exported[src.split()[2]] = nb.name
    modules = {".".join(p.relative_to(REPO / "sky_t1").with_suffix("").parts)
               for p in (REPO / "sky_t1").rglob("*.py")
               if not p.stem.startswith("_") or (p.stem == "__init__" and p.stat().st_size > 0)}
    assert modules == set(exported), (modules, exported)


def test_configs_parse_and_keep_no_value_twice():
    for f in ("_quarto.yml", "nbs/_quarto.yml", "nbs/nbdev.yml"):
        assert isinstance(yaml.safe_load((REPO / f).read_text()), dict), f
    for f in (REPO / "sky_t1" / "recipes").glob("*.yaml"):
        assert isinstance(yaml.safe_load(f.read_text()), dict), f
    ini = configparser.ConfigParser(interpolation=None)
    ini.read(REPO / "settings.ini")
    settings = dict(ini["DEFAULT"])
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    for key in ("version", "description", "license", "requirements", "min_python", "author", "keywords",
                "console_scripts", "dev_requirements"):
        assert key not in settings or key == "description", f"settings.ini repeats package metadata: {key}"
    assert settings.get("description") != project["description"]
    assert settings["lib_name"] == "sky_t1" and project["name"] == "sky-t1"


def test_pins_and_extras():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    dev = project["optional-dependencies"]["dev"]
    assert "nbdev==2.4.14" in dev and "fastcore>=1.12.3,<1.13" in dev and "execnb>=0.1.12,<0.2" in dev
    assert {"vllm", "ray", "deepspeed"} <= set(project["optional-dependencies"])
    torch = next(d for d in project["dependencies"] if d.startswith("torch"))
    from packaging.specifiers import SpecifierSet
    assert "2.13.0" in SpecifierSet(torch.removeprefix("torch"))
    assert project["scripts"]["sky-t1"] == "sky_t1.cli:main"


def test_installed_versions_are_the_pinned_ones():
    "Issue 13: transformers is pinned to the one tested release, and every pinned library installed satisfies its pin."
    from importlib.metadata import version

    from packaging.requirements import Requirement

    reqs = {r.name: r for r in map(Requirement, tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"])}
    assert str(reqs["transformers"].specifier) == "==5.25.0" and version("transformers") == "5.25.0"
    for name in ("torch", "tokenizers", "accelerate", "peft", "openai", "math-verify", "papermill"):
        spec = reqs[name].specifier
        assert any(s.operator == "<" for s in spec), f"{name} has no ceiling: {spec}"
        assert spec.contains(version(name).split("+")[0], prereleases=True), f"{name} {version(name)} is not {spec}"


def test_readme_has_the_two_commands_and_ci_calls_one():
    readme = (REPO / "README.md").read_text()
    assert "make demo" in readme and "make test" in readme
    ci = [line for line in (REPO / ".ci" / "run").read_text().splitlines() if line and not line.startswith(("#", "set ", "cd "))]
    assert ci == ["make test"]


def test_demo_installs_without_the_dev_tools():
    "`make demo` needs the package and its dependencies only; `make test` adds the dev tools on top of the same venv."
    make = (REPO / "Makefile").read_text()
    rule = lambda target: re.search(rf"^{re.escape(target)}:(.*)\n((?:\t.*\n)+)", make, flags=re.M)  # noqa: E731
    run, dev = rule("$(RUN_STAMP)"), rule("$(STAMP)")
    assert "pyproject.toml" in run[1] and "-e ." in run[2] and "[dev]" not in run[2]
    assert "$(RUN_STAMP)" in dev[1] and "pyproject.toml" in dev[1] and "'.[dev]'" in dev[2]
    assert "$(RUN_STAMP)" in rule("demo")[1] and "$(STAMP)" not in rule("demo")[1]
    assert "$(STAMP)" in rule("test")[1] and "$(STAMP)" in rule("test-fast")[1]
    # the demo compiles bytecode at first import (only what its stages import), the test venv all of it at install
    assert "--compile-bytecode" not in run[2] and "--compile-bytecode" in dev[2]
    assert "env -u PYTHONDONTWRITEBYTECODE $(BIN)/sky-t1 run nano" in rule("demo")[2]
    dev_only = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]["dev"]
    names = {re.split(r"[<>=\[ ]", d)[0].replace("-", "_") for d in dev_only}
    for f in sorted((REPO / "sky_t1").rglob("*.py")):  # no module imports a dev tool at its top level
        top = [line for line in f.read_text().splitlines() if line.startswith(("import ", "from "))]
        bad = [line for line in top if line.split()[1].split(".")[0] in names]
        assert not bad, f"{f.relative_to(REPO)} imports a dev-only package: {bad}"


def test_tests_stand_on_their_own():
    "No test reads files outside the repository (shared/ is copied into tests/data/shared) or installs packages."
    outside = re.compile(r"parents\[[2-9]\]|\.\./shared|REPO\.parent|parent\.parent\.parent")
    installs = re.compile(r"[\"'](apt-get|apt|dpkg|yum|dnf|brew|npm)[\"']|pip[\"'], [\"']install|pip\s+install")
    for f in sorted((REPO / "tests").glob("*.py")):
        text = f.read_text()
        assert not outside.search(text), f"{f.name} reads outside the repository: {outside.search(text)[0]}"
        assert not installs.search(text), f"{f.name} installs packages: {installs.search(text)[0]}"
    assert 'REPO / "tests" / "data" / "shared"' in (REPO / "tests" / "conftest.py").read_text()
    shared = REPO / "tests" / "data" / "shared"
    assert (shared / "reference" / "SKY_T1.md").is_file() and (shared / "data" / "SOURCES.md").is_file()


def make_rule(target: str) -> str:
    "The recipe lines of one Makefile rule."
    return re.search(rf"^{target}:.*\n((?:\t.*\n)+)", (REPO / "Makefile").read_text(), flags=re.M)[1]


def test_two_tiers():
    "`make test` runs the slow tier too (notebook cells flagged `slow`, tests marked `slow`); `make test-fast` leaves it out."
    assert "--flags slow" in make_rule("test") and "-m 'not slow'" not in make_rule("test")
    assert "--flags" not in make_rule("test-fast") and "-m 'not slow and not serial'" in make_rule("test-fast")
    ini = configparser.ConfigParser(interpolation=None)
    ini.read(REPO / "settings.ini")
    assert "slow" in ini["DEFAULT"]["tst_flags"].split("|")
    markers = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["markers"]
    assert any(m.startswith("slow:") for m in markers)
    assert any("@pytest.mark.slow" in f.read_text() for f in (REPO / "tests").glob("test_*.py")), "no test is in the slow tier"
    assert any('"#| slow' in f.read_text() for f in (REPO / "nbs").glob("*.ipynb")), "no notebook cell is in the slow tier"


# The stages whose recipe block has another name, and why: the generate stage runs the teacher (its model, engine
# and sampling), the export stage writes what the train block will train on, the report stage reads no recipe block.
BLOCK_OF = {"generate": "teacher", "export": "train", "report": None}


def test_one_name_per_stage():
    "A reader finds each stage's notebooks, module, command, recipe block and tests by the stage's name."
    from sky_t1.cli import build_parser
    from sky_t1.core import Recipe
    from sky_t1.stages import STAGES

    commands = build_parser()._subparsers._group_actions[0].choices
    for s in STAGES:
        n = s.name
        assert s.notebook.endswith(f"_{n}.ipynb") and (REPO / "sky_t1" / "pipeline_nbs" / s.notebook).is_file(), n
        module = s.run.split(":")[0]
        assert n in module.split("."), (n, module)  # sky_t1.problems, sky_t1.verify.score, sky_t1.train.sft, ...
        assert list((REPO / "nbs").glob(f"*_{n}*.ipynb")), f"no nbs/NN_{n}*.ipynb"
        assert n in commands, f"no command `sky-t1 {n}`"
        block = BLOCK_OF.get(n, n)
        assert block is None or block in Recipe.model_fields, (n, block)
        assert block is None or block in s.blocks, (n, block, s.blocks)
        assert (REPO / "tests" / f"test_{n}.py").is_file(), f"no tests/test_{n}.py"


def test_every_test_runs_once_in_parallel_or_alone():
    "`make test`: pytest in 2 workers on the tests not marked `serial`, then those alone; each tier covers every test once."
    passes = lambda target: [ln for ln in make_rule(target).splitlines() if "-m pytest" in ln]  # noqa: E731
    full, fast = passes("test"), passes("test-fast")
    assert "-n 2 -m 'not serial'" in full[0] and "-m serial" in full[1] and "-n" not in full[1].split("#")[0].split()
    assert "-n 2 -m 'not slow and not serial'" in fast[0] and "-m 'serial and not slow'" in fast[1]
    markers = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["markers"]
    assert any(m.startswith("serial:") for m in markers)
    dev = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]["dev"]
    assert any(d.startswith("pytest-xdist") for d in dev)
    serial = [f.name for f in (REPO / "tests").glob("test_*.py") if "pytest.mark.serial" in f.read_text()]
    assert "test_sandbox_escapes.py" in serial and "test_ray_cluster.py" in serial  # the whole-machine watchers
