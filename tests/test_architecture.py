"""The package's layout rules, checked by scanning its imports (see docs/architecture.md).

1. No private name crosses a package line. A private module or subpackage directly under
   ``probtables`` (``_kernels``, ``_validate``, ``_display``) is a shared internal, importable from anywhere in the
   package. Any other private name (``_name`` defined in a module, or a private module inside a
   subpackage such as ``table._product``) may be imported only from inside the same subpackage, or,
   for a top-level module, only by that module itself.
2. Imports are deferred into a function body only (a) in a method of ``Table``, ``Factorization``,
   ``Independence`` or an explanation/report object that hands off to another module, (b) for an
   optional third-party library, (c) in the command line (``cli.py``, ``__main__.py``).
3. ``import probtables`` loads neither pandas nor networkx and stays fast.

Run as a script (``python tests/test_architecture.py``) to print every import that breaks a rule.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "probtables"

# private modules and subpackages directly under probtables (_kernels, _display, _validate):
# the package's shared internals, which every module of the package may import
SHARED_INTERNALS = {
    path.stem if path.is_file() else path.name
    for path in PACKAGE.iterdir()
    if path.name.startswith("_")
    and not path.name.startswith("__")
    and (path.suffix == ".py" or (path / "__init__.py").exists())
}

# (b) optional third-party libraries, loaded where they are used
OPTIONAL_LIBRARIES = {
    "matplotlib",
    "dask",
    "distributed",
    "tqdm",
    "hypothesis",
    "pgmpy",
    "pyagrum",
    "xarray",
    "scipy",
    "IPython",
}

# (a) classes whose methods hand off to a topic's module
FACADE_CLASSES = {
    "Table",
    "Factorization",
    "Independence",
    "Explanation",
    "IndependenceReport",
    "IndependenceCheck",
    "Derivation",
}

# (c) the command line
COMMAND_LINE = {"probtables.cli", "probtables.__main__"}

# the one exception, with its reason: errors.py is loaded by ``import probtables``, and difflib is
# needed only to word a message once an error is being raised
LIGHT_IMPORT = {("probtables.errors", "difflib")}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def unit(module: str) -> str:
    """The package line a module sits inside: ``probtables.table`` for ``probtables.table._chain``,
    the module itself for a top-level module such as ``probtables.check``."""
    parts = module.split(".")
    return ".".join(parts[:2])


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_crossing(importer: str, target: str, names: list[str]) -> list[str]:
    """What ``importer`` takes from ``target`` that is private to another package line."""
    problems = []
    parts = target.split(".")
    if parts[0] != "probtables":
        return problems
    for depth, part in enumerate(parts[1:], start=1):
        if not is_private(part):
            continue
        if depth == 1 and part in SHARED_INTERNALS:
            continue
        owner = unit(".".join(parts[: depth + 1]) if depth == 1 else ".".join(parts[:depth]))
        if unit(importer) != owner:
            problems.append(f"private module {'.'.join(parts[: depth + 1])}")
    for name in names:
        full = f"{target}.{name}"
        if is_private(name):
            if target == "probtables":
                if name in SHARED_INTERNALS:
                    continue
                owner = full
            else:
                owner = unit(target)
            if unit(importer) != owner:
                problems.append(f"private name {full}")
    return problems


def resolve(importer_path: Path, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module_name(importer_path).split(".")
    if importer_path.name != "__init__.py":
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def scan() -> tuple[list[str], list[str]]:
    """Every private crossing and every deferred import that no rule allows, as readable lines."""
    crossings: list[str] = []
    deferred: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        importer = module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        parents: dict[ast.AST, ast.AST] = {}
        for parent in ast.walk(tree):
            for child in ast.iter_child_nodes(parent):
                parents[child] = parent
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets = [(alias.name, []) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                targets = [(resolve(path, node), [alias.name for alias in node.names])]
            else:
                continue
            where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
            for target, names in targets:
                for problem in private_crossing(importer, target, names):
                    crossings.append(f"{where}: {importer} imports {problem}")
            function = parents.get(node)
            while function is not None and not isinstance(
                function, (ast.FunctionDef, ast.AsyncFunctionDef)
            ):
                function = parents.get(function)
            if function is None:
                continue
            if importer in COMMAND_LINE:
                continue
            roots = {target.split(".")[0] for target, _ in targets}
            if roots <= OPTIONAL_LIBRARIES or {(importer, root) for root in roots} <= LIGHT_IMPORT:
                continue
            owner = parents.get(function)
            if (
                isinstance(owner, ast.ClassDef)
                and owner.name in FACADE_CLASSES
                and all(target.startswith("probtables.") and target != importer for target, _ in targets)
            ):
                continue
            names = ", ".join(target for target, _ in targets)
            deferred.append(f"{where}: {importer}.{function.name} defers import of {names}")
    return crossings, deferred


def test_no_private_name_crosses_a_package_line():
    crossings, _ = scan()
    assert crossings == []


def test_imports_are_deferred_only_where_allowed():
    _, deferred = scan()
    assert deferred == []


def test_import_probtables_is_light_and_fast():
    code = (
        "import sys, time\n"
        "start = time.perf_counter()\n"
        "import probtables\n"
        "elapsed = time.perf_counter() - start\n"
        "print(elapsed, 'pandas' in sys.modules, 'networkx' in sys.modules)\n"
    )
    times = []
    for _ in range(3):
        result = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            cwd=PACKAGE.parent,
        )
        elapsed, pandas_loaded, networkx_loaded = result.stdout.split()
        assert (pandas_loaded, networkx_loaded) == ("False", "False")
        times.append(float(elapsed))
    assert min(times) < 0.3


if __name__ == "__main__":
    found_crossings, found_deferred = scan()
    print(*found_crossings, sep="\n")
    print(*found_deferred, sep="\n")
    print(
        f"{len(found_crossings)} private crossings, {len(found_deferred)} deferred imports not allowed"
    )


def test_facades_keep_the_full_signature_of_what_they_call():
    import inspect

    from probtables import bif, dag, estimate, plot
    from probtables.dag import Explanation
    from probtables.factorization import Factorization
    from probtables.table import Table

    def options(function, skip):
        parameters = list(inspect.signature(function).parameters.values())[skip:]
        return [(p.name, p.kind, p.default, p.annotation) for p in parameters]

    pairs = [
        (Factorization.fit, estimate.fit),
        (Factorization.log_likelihood, estimate.log_likelihood),
        (Factorization.bic, estimate.bic),
        (Factorization.sample, estimate.sample),
        (Factorization.independencies, dag.independencies),
        (Factorization.draw, plot.draw_factorization),
        (Factorization.to_bif, bif.write_bif),
        (Table.plot, plot.plot_table),
        (Explanation.draw, plot.draw_explanation),
    ]
    for method, function in pairs:
        assert options(method, 1) == options(function, 1), method.__qualname__
        returns = (
            inspect.signature(method).return_annotation,
            inspect.signature(function).return_annotation,
        )
        assert returns[0] == returns[1], method.__qualname__
    assert (
        inspect.signature(Factorization.markov_blanket).return_annotation
        == inspect.signature(dag.markov_blanket).return_annotation
    )


def test_no_raise_of_the_bare_base_class():
    # every error is a specific class that also subclasses a builtin (errors.py); ProbTablesError alone is not
    bare = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                func = node.exc.func
                if isinstance(func, ast.Name) and func.id == "ProbTablesError":
                    bare.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert bare == []
