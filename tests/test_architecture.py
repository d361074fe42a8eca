"""The layout's rules, read from the source: imports flow one way, and only the CLI's output
module writes to the terminal."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO

PACKAGE = REPO / "commit_cli"

# What each part of the package may import from the package (besides itself). The top-level
# modules `problems`, `errors` and `__init__` are the bottom: anyone may import them.
BOTTOM = {
    "problems",
    "errors",
    "safetext",
    "atomic",
    "locking",
    "collector",
    "__init__",
    "__main__",
}
ALLOWED: dict[str, set[str]] = {
    "problems": set(),
    "safetext": set(),
    "atomic": set(),
    "locking": set(),
    "collector": set(),
    "errors": set(),
    "__init__": set(),
    "core": set(),
    "yamlio": {"core"},
    "plan": {"core", "yamlio"},
    "query": {"core"},
    "export": {"core", "query"},
    "reports": {"core", "query", "export"},
    "edit": {"core", "yamlio", "plan", "query"},
    "history": {"core", "yamlio", "plan", "query"},
    "demo": {"core", "yamlio", "plan", "query", "edit"},
    "scaffold": {"core"},
    "cli": {
        "core",
        "yamlio",
        "plan",
        "query",
        "export",
        "reports",
        "edit",
        "history",
        "demo",
        "scaffold",
    },
    "__main__": {"cli"},
}
# Only cli/ may use these libraries.
TERMINAL_LIBRARIES = ("typer", "rich", "click")


def part_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def modules() -> Iterator[Path]:
    yield from sorted(PACKAGE.rglob("*.py"))


def imported_names(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Every module an import statement names, anywhere in the file (lazy imports too)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def import_violations(path: Path, source: str) -> list[str]:
    part = part_of(path)
    found = []
    for line, name in imported_names(ast.parse(source)):
        words = name.split(".")
        if words[0] in TERMINAL_LIBRARIES and part != "cli":
            found.append(f"{path.name}:{line}: {part} imports {name}")
        if words[0] != "commit_cli" or len(words) == 1:
            continue
        target = words[1]
        if target != part and target not in BOTTOM and target not in ALLOWED[part]:
            found.append(f"{path.name}:{line}: {part} imports {name}")
    return found


WRITES = {("sys", "stdout"), ("sys", "stderr"), ("typer", "echo"), ("typer", "secho")}


def terminal_writes(path: Path, source: str) -> list[str]:
    """print(), typer.echo, sys.stdout/stderr and rich Consoles: only cli/output.py may."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("print", "Console", "echo")
        ):
            found.append(f"{path.name}:{node.lineno}: {node.func.id}(…)")
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and (node.value.id, node.attr) in WRITES
        ):
            found.append(f"{path.name}:{node.lineno}: {node.value.id}.{node.attr}")
        if isinstance(node, ast.ImportFrom) and node.module in ("sys", "typer"):
            for alias in node.names:
                if (node.module, alias.name) in WRITES:
                    found.append(
                        f"{path.name}:{node.lineno}: from {node.module} import {alias.name}"
                    )
    return found


def test_every_module_belongs_to_a_known_part() -> None:
    assert {part_of(path) for path in modules()} <= set(ALLOWED)


def test_imports_flow_one_way() -> None:
    violations = [v for path in modules() for v in import_violations(path, path.read_text())]
    assert violations == []


def test_only_the_output_module_writes_to_the_terminal() -> None:
    output_module = PACKAGE / "cli" / "output.py"
    violations = [
        v
        for path in modules()
        if path != output_module
        for v in terminal_writes(path, path.read_text())
    ]
    assert violations == []


@pytest.mark.parametrize(
    ("where", "source", "bad"),
    [
        ("query/x.py", "from commit_cli.plan.load import load_plan\n", True),
        ("query/x.py", "def f():\n    from commit_cli.cli import output\n", True),
        ("core/x.py", "import commit_cli.yamlio.reader\n", True),
        ("export/x.py", "from rich.table import Table\n", True),
        ("plan/x.py", "from commit_cli.query.index import PlanIndex\n", True),
        ("cli/x.py", "from commit_cli.plan.load import load_plan\n", False),
        ("plan/x.py", "from commit_cli.core.model import Plan\n", False),
        ("query/x.py", "from commit_cli.errors import NotFound\n", False),
        ("history/x.py", "from commit_cli.plan.load import read_file\n", False),
        ("history/x.py", "from commit_cli.cli import output\n", True),
        ("plan/x.py", "from commit_cli.history.git import Repository\n", True),
    ],
)
def test_the_import_check_catches_a_wrong_way_import(where: str, source: str, bad: bool) -> None:
    assert bool(import_violations(PACKAGE / where, source)) is bad


@pytest.mark.parametrize(
    "source",
    [
        "print('x')\n",
        "import sys\nsys.stdout.write('x')\n",
        "from sys import stderr\n",
        "import typer\ntyper.echo('x')\n",
        "from rich.console import Console\nConsole().print('x')\n",
    ],
)
def test_the_output_check_catches_a_terminal_write(source: str) -> None:
    assert terminal_writes(PACKAGE / "query" / "x.py", source)


def test_the_output_check_passes_plain_library_code() -> None:
    assert terminal_writes(PACKAGE / "query" / "x.py", "def f(x):\n    return str(x)\n") == []
