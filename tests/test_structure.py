"""Rules of the house that a convention alone would not keep: the engine never imports Qt, and
neither package has an import circle (as napari checks its import rules statically)."""
import ast
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import app
import network

REPO = Path(__file__).resolve().parents[1]


def test_no_module_of_network_imports_qt():
    """network/ is the engine: importing any of its modules in a fresh interpreter loads no Qt
    and no pyqtgraph (the window is one user of the engine, not part of it)."""
    modules = sorted(m.name for m in pkgutil.walk_packages(network.__path__, "network."))
    assert "network.data.preprocess" in modules and "network.cli.training" in modules and len(modules) > 30
    script = ("import importlib, json, sys\n"
              f"for name in {modules!r}:\n"
              "    importlib.import_module(name)\n"
              "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
              "('PySide6', 'PyQt5', 'PyQt6', 'PySide2', 'shiboken6', 'pyqtgraph'))))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def _modules(package, root=REPO):
    """{module name: its file} for every module of ``package`` (a folder in ``root``)."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(name, path, modules):
    """The modules of ``modules`` that module ``name`` imports anywhere in its file (in a function
    too: a circle that only works because an import is deferred is still a circle)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[:len(parts) - node.level + 1] + ([node.module] if node.module else []))
            found.update(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                         for alias in node.names)
    return {m for m in found if m in modules and m != name}


def _circles(graph):
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index, low, stack, on_stack, circles = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while not group or group[-1] != v:
                group.append(stack.pop())
                on_stack.discard(group[-1])
            if len(group) > 1:
                circles.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return circles


@pytest.mark.parametrize("package", ["network", "app"])
def test_no_import_circles(package):
    modules = _modules(package)
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    assert _circles(graph) == []


def test_the_check_finds_a_circle_through_a_deferred_import(tmp_path):
    """The check above can fail: p.a imports p.sub.b at the top, p.sub.b imports p.a in a function."""
    (tmp_path / "p" / "sub").mkdir(parents=True)
    (tmp_path / "p" / "__init__.py").write_text("")
    (tmp_path / "p" / "sub" / "__init__.py").write_text("")
    (tmp_path / "p" / "a.py").write_text("from .sub import b\n")
    (tmp_path / "p" / "sub" / "b.py").write_text("def f():\n    from ..a import g\n")
    (tmp_path / "p" / "c.py").write_text("from p.sub.b import f\n")
    modules = _modules("p", tmp_path)
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    assert graph["p.c"] == {"p.sub.b"}
    assert _circles(graph) == [["p.a", "p.sub.b"]]


def test_the_packages_are_what_pyproject_installs():
    """pyproject finds the packages itself: every folder of app/ and network/ is a package."""
    for package in (app, network):
        folders = {p.parent for p in Path(package.__path__[0]).rglob("*.py")}
        assert all((folder / "__init__.py").is_file() for folder in folders)
