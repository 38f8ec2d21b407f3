"""The package's import graph, read from the source with `ast`: the layers of DESIGN.md hold.

Every `import` and `from ... import` inside `sky_t1/` is an edge, marked *module-level* (run when the
module is imported: the module body, class bodies, top-level `if`/`try`) or *lazy* (inside a function,
run when it is called). The picture (DESIGN.md, "Layers"):

    base (core, recipe_schema, redact, store, rundir, rundir_lock, machine, problem, cost, evaluate_stats)
      -> stage registry (stages)
      -> engines, verify
      -> stage modules (sources, generate, generate_shards, reformat, curate, export, train, evaluate, evaluate_bench)
      -> pipeline, plan (+ plan_memory), report, cli
    nano: a leaf; it may import any layer, and only the short list below imports it.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

import sky_t1

ROOT = Path(sky_t1.__file__).parent

# Layers, lowest first: a module may import its own layer and those below, never one above.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("base", ("sky_t1", "sky_t1._modidx", "sky_t1.core", "sky_t1.recipe_schema", "sky_t1.redact", "sky_t1.store", "sky_t1.rundir",
              "sky_t1.rundir_lock",
              "sky_t1.machine", "sky_t1.problem", "sky_t1.cost", "sky_t1.evaluate_stats")),
    ("stage registry", ("sky_t1.stages",)),
    ("engines, verify", ("sky_t1.engines", "sky_t1.verify")),
    # verify.score is the verify stage's module (its judges are the rest of verify): it joins generate's shards first
    ("stage modules", ("sky_t1.verify.score", "sky_t1.problems", "sky_t1.sources_registry", "sky_t1.sources_math",
                       "sky_t1.sources_code", "sky_t1.generate", "sky_t1.generate_shards", "sky_t1.reformat", "sky_t1.curate",
                       "sky_t1.export", "sky_t1.train", "sky_t1.evaluate", "sky_t1.evaluate_bench")),
    ("pipeline, plan, report, cli", ("sky_t1.pipeline", "sky_t1.plan", "sky_t1.plan_memory", "sky_t1.report", "sky_t1.cli", "sky_t1.sweep")),
    ("nano", ("sky_t1.nano",)),
]

# The only imports of the nano world from outside it: each lazy (inside a function), each with its reason.
NANO_ALLOWED: dict[tuple[str, str], str] = {
    ("sky_t1.cli.tools", "sky_t1.nano.build"): "`sky-t1 nano build`: the command that builds the nano models",
    ("sky_t1.machine", "sky_t1.nano.build"): "`resolve_model`: `nano:teacher` / `nano:student` are the nano builds",
    ("sky_t1.machine", "sky_t1.nano.config"): "`nano_builds_named`: which nano builds a run used (no torch)",
    ("sky_t1.problems", "sky_t1.nano.problems"): "the `nano` source: the nano recipe's problems are made by code",
}


@dataclass(frozen=True)
class Edge:
    importer: str
    target: str
    lazy: bool  # inside a function: runs when called, not when the importer is imported
    line: int

    def __str__(self) -> str:
        return f"{self.importer} -> {self.target} ({'lazy' if self.lazy else 'module-level'}, line {self.line})"


def module_files() -> dict[str, Path]:
    "Every module of the package by dotted name (a package by its own name)."
    out = {}
    for f in sorted(ROOT.rglob("*.py")):
        parts = ["sky_t1", *f.relative_to(ROOT).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = f
    return out


MODULES = module_files()


def _resolve(importer: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    "The sky_t1 modules a `from ... import` reaches: `from a import b` is `a.b` when that is a module, else `a`."
    if node.level:
        base = importer.split(".") if is_package else importer.split(".")[:-1]
        base = base[:len(base) - (node.level - 1)]
        source = ".".join(base + ([node.module] if node.module else []))
    else:
        source = node.module or ""
    if source != "sky_t1" and not source.startswith("sky_t1."):
        return []
    return sorted({f"{source}.{a.name}" if f"{source}.{a.name}" in MODULES else source for a in node.names})


class _Imports(ast.NodeVisitor):
    def __init__(self, importer: str, is_package: bool):
        self.importer, self.is_package, self.depth, self.edges = importer, is_package, 0, []

    def _function(self, node):
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def visit_Import(self, node: ast.Import):
        for a in node.names:
            if a.name == "sky_t1" or a.name.startswith("sky_t1."):
                self.edges.append(Edge(self.importer, a.name, self.depth > 0, node.lineno))

    def visit_ImportFrom(self, node: ast.ImportFrom):
        for target in _resolve(self.importer, self.is_package, node):
            self.edges.append(Edge(self.importer, target, self.depth > 0, node.lineno))


def import_graph() -> list[Edge]:
    "Every import of a sky_t1 module by a sky_t1 module, module-level and lazy."
    edges = []
    for name, f in MODULES.items():
        v = _Imports(name, f.name == "__init__.py")
        v.visit(ast.parse(f.read_text(), str(f)))
        edges += [e for e in v.edges if e.target != name]
    return edges


EDGES = import_graph()


def within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def layer(module: str) -> int:
    "The index of a module's layer (its longest matching prefix)."
    best = max(((len(p), i) for i, (_, ps) in enumerate(LAYERS) for p in ps if within(module, p)), default=None)
    if best is None:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS in tests/test_imports.py and to DESIGN.md")
    return best[1]


def cycles(edges: list[Edge]) -> list[list[str]]:
    "The strongly connected components with more than one module (Tarjan), each a cycle or several."
    graph: dict[str, set[str]] = {}
    for e in edges:
        graph.setdefault(e.importer, set()).add(e.target)
        graph.setdefault(e.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(n: str):
        index[n] = low[n] = len(index)
        stack.append(n)
        on_stack.add(n)
        for m in sorted(graph[n]):
            if m not in index:
                visit(m)
                low[n] = min(low[n], low[m])
            elif m in on_stack:
                low[n] = min(low[n], index[m])
        if low[n] == index[n]:
            comp = []
            while True:
                m = stack.pop()
                on_stack.discard(m)
                comp.append(m)
                if m == n:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for n in sorted(graph):
        if n not in index:
            visit(n)
    return out


def _show(comps: list[list[str]], edges: list[Edge]) -> str:
    return "\n".join(f"cycle among {c}:\n  " + "\n  ".join(str(e) for e in edges if e.importer in c and e.target in c)
                     for c in comps)


def test_graph_reads_the_package():
    "The parser finds the package and knows both kinds of import (else every check below passes vacuously)."
    assert {"sky_t1.core", "sky_t1.stages", "sky_t1.engines.hf", "sky_t1.nano.build", "sky_t1.verify.score"} <= set(MODULES)
    pairs = {(e.importer, e.target, e.lazy) for e in EDGES}
    assert ("sky_t1.curate", "sky_t1.stages", False) in pairs  # `from .stages import ...`
    assert ("sky_t1.nano.build", "sky_t1.nano.train", False) in pairs  # relative, within a subpackage
    assert ("sky_t1.verify.sandbox", "sky_t1.verify.harness", False) in pairs  # `from . import harness`
    assert ("sky_t1.cli.tools", "sky_t1.nano.build", True) in pairs  # inside a function


def test_no_module_level_cycles():
    "(a) Importing any module never re-enters a module still being imported."
    eager = [e for e in EDGES if not e.lazy]
    assert not (found := cycles(eager)), _show(found, eager)


def test_lazy_imports_close_no_cycle_but_the_nano_ones():
    "A lazy import that closes a cycle is one refactor from an import error; only the allowed nano imports may."
    edges = [e for e in EDGES if (e.importer, e.target) not in NANO_ALLOWED]
    assert not (found := cycles(edges)), _show(found, edges)


def test_nano_is_a_leaf():
    "(b) Outside `sky_t1.nano`, only the allow-list imports the nano world, and only lazily."
    outside = [e for e in EDGES if within(e.target, "sky_t1.nano") and not within(e.importer, "sky_t1.nano")]
    assert not (bad := [str(e) for e in outside if (e.importer, e.target) not in NANO_ALLOWED]), \
        "imports of the nano world outside it (a general module may reach it only through an allow-listed " \
        "lazy import):\n  " + "\n  ".join(bad)
    assert not (eager := [str(e) for e in outside if not e.lazy]), "module-level imports of the nano world:\n  " + \
        "\n  ".join(eager)
    assert not (stale := set(NANO_ALLOWED) - {(e.importer, e.target) for e in outside}), \
        f"allow-listed imports that no longer exist (remove them): {sorted(stale)}"


def _stage_modules() -> set[str]:
    "The modules holding a stage's run function, from the stage registry."
    from sky_t1.stages import STAGES
    return {s.run.split(":")[0] for s in STAGES}


def test_stage_registry_names_real_modules():
    assert _stage_modules() <= set(MODULES)


@pytest.mark.parametrize("engine", sorted(m for m in MODULES if within(m, "sky_t1.engines")))
def test_engines_import_no_stage_verify_or_nano(engine):
    "(c) An engine turns requests into completions: it needs no stage, verifier or nano model to do so."
    forbidden = ("sky_t1.stages", "sky_t1.verify", "sky_t1.nano", "sky_t1.pipeline", "sky_t1.cli", "sky_t1.report",
                 "sky_t1.plan", *sorted(_stage_modules()))
    bad = [str(e) for e in EDGES if e.importer == engine and any(within(e.target, f) for f in forbidden)]
    assert not bad, "\n  ".join(["an engine imports a stage, the verifiers or the nano world:", *bad])


def test_imports_follow_the_layers():
    "Every import (module-level or lazy) goes to the importer's own layer or one below; the nano allow-list aside."
    for m in MODULES:
        layer(m)  # every module has its place
    up = [f"{e}: {LAYERS[layer(e.importer)][0]} imports {LAYERS[layer(e.target)][0]}"
          for e in EDGES if layer(e.target) > layer(e.importer) and (e.importer, e.target) not in NANO_ALLOWED]
    assert not up, "imports against the layers (DESIGN.md, Layers):\n  " + "\n  ".join(up)


def test_the_pipeline_looks_nano_builds_up_without_torch():
    "`sky-t1 run` records the nano builds a run used after each stage: a lookup of JSON files, no torch or transformers."
    import subprocess
    import sys

    code = ("import sys\nimport sky_t1.pipeline\nfrom sky_t1.machine import nano_builds_named\n"
            "nano_builds_named({'teacher': {'model': 'nano:teacher'}, 'train': {'base_model': 'nano:student'}})\n"
            "print(sorted(m for m in ('torch', 'transformers') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", out
