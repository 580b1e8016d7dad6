"""The package's layers: ``core/`` and ``jekyll/`` never import Sphinx or
docutils, directly or through a module of the Sphinx layer."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "sphinx_blogposts"
NAME = "sphinx_blogposts"
#: the folders that must stay importable without Sphinx and docutils
PURE = ("core", "jekyll")
FORBIDDEN = ("sphinx", "docutils")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(source: str, module: str, is_package: bool) -> set[str]:
    """The absolute names of the modules *source* imports when it runs
    (imports under ``if TYPE_CHECKING:`` are for type checkers only)."""
    tree = ast.parse(source)
    for_type_checkers = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and _is_type_checking(node)
        for stmt in node.body
        for inner in ast.walk(stmt)
    }
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in for_type_checkers:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                prefix = ".".join(parts + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            found.add(prefix)
            # "from . import x" may import the submodule x
            found.update(f"{prefix}.{alias.name}" for alias in node.names)
    return found


def layer_problems(module: str, imported: set[str]) -> list[str]:
    """What in *imported* a pure module may not import."""
    problems = []
    for name in sorted(imported):
        top = name.split(".")[0]
        if top in FORBIDDEN:
            problems.append(f"{module} imports {name}")
        elif top == NAME and name != NAME:
            layer = name.split(".")[1]
            # the package's own __init__ (its version) is fine; a module of
            # the Sphinx layer is not
            if layer not in PURE and name != f"{NAME}.__version__":
                problems.append(f"{module} imports {name}, outside {', '.join(PURE)}")
    return problems


def _pure_modules() -> list[Path]:
    return sorted(p for folder in PURE for p in (PACKAGE / folder).rglob("*.py"))


def test_the_pure_layers_exist():
    names = {_module_name(p) for p in _pure_modules()}
    assert {"sphinx_blogposts.core.post", "sphinx_blogposts.core.feed_formats",
            "sphinx_blogposts.jekyll.convert", "sphinx_blogposts.jekyll.permalinks"} <= names


@pytest.mark.parametrize("path", _pure_modules(), ids=lambda p: _module_name(p))
def test_pure_module_imports_no_sphinx(path):
    module = _module_name(path)
    imported = imports_of(path.read_text(encoding="utf-8"), module, path.name == "__init__.py")
    assert layer_problems(module, imported) == []


def test_the_package_init_imports_nothing_of_sphinx_when_run():
    init = PACKAGE / "__init__.py"
    imported = imports_of(init.read_text(encoding="utf-8"), NAME, True)
    assert not [n for n in imported if n.split(".")[0] in FORBIDDEN]


def test_the_check_finds_what_it_must():
    """The checker itself: each kind of forbidden import is reported."""
    source = (
        "from __future__ import annotations\n"
        "from typing import TYPE_CHECKING\n"
        "from docutils import nodes\n"
        "from ..read import scan\n"
        "from ..config import blog_config\n"
        "from . import post\n"
        "if TYPE_CHECKING:\n    from sphinx.application import Sphinx\n"
        "def f():\n    import sphinx.util\n"
    )
    problems = layer_problems("sphinx_blogposts.core.x", imports_of(source, "sphinx_blogposts.core.x", False))
    assert any("docutils" in p for p in problems)
    assert any("sphinx_blogposts.read" in p for p in problems)
    assert any("sphinx_blogposts.config" in p for p in problems)
    assert any("imports sphinx.util" in p for p in problems)  # inside a function: still imported when run
    assert not any("sphinx.application" in p for p in problems)  # for type checkers only
    assert not any("core.post" in p for p in problems)


def test_importing_every_pure_module_loads_no_sphinx():
    """At run time too: importing all of core/ and jekyll/ (and so whatever
    they import, however indirectly) leaves Sphinx and docutils unloaded."""
    names = [_module_name(p) for p in _pure_modules()]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(len(bad), bad[:5])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=PACKAGE.parent)
    assert done.stdout.split()[0] == "0", done.stdout
