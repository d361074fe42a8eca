"""The layout's rules, read from the source: imports flow one way and never in a loop (inside
a package too), only the CLI's output module writes to the terminal, and only the command
context (cli/command_context.py) reads the clock or changes the garbage collector."""

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
    "git_process",
    "locking",
    "__init__",
    "__main__",
}
ALLOWED: dict[str, set[str]] = {
    "problems": set(),
    "safetext": set(),
    "atomic": set(),
    "git_process": set(),
    "locking": set(),
    "errors": set(),
    "__init__": set(),
    "core": set(),
    "wording": {"core"},  # reader text: anyone above core may word a value with it
    "yamlio": {"core"},
    "plan": {"core", "yamlio"},
    "query": {"core", "wording"},
    "export": {"core", "wording", "query"},
    # reports read a plan's templates/brand.yaml with the plan's own safe YAML reader
    "reports": {"core", "wording", "yamlio", "query", "export"},
    "site": {"core", "wording", "query", "export", "reports"},
    "edit": {"core", "yamlio", "plan", "query"},
    "history": {"core", "wording", "yamlio", "plan", "query"},
    "demo": {"core", "yamlio", "plan", "query", "edit"},
    "scaffold": {"core"},
    "sheets": {"core", "wording", "yamlio", "plan", "query", "edit"},
    "cli": {
        "core",
        "wording",
        "yamlio",
        "plan",
        "query",
        "export",
        "reports",
        "edit",
        "history",
        "demo",
        "scaffold",
        "sheets",
        "site",
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


def module_name(path: Path) -> str:
    """`commit_cli.plan.load` for commit_cli/plan/load.py, `commit_cli.plan` for its
    __init__.py."""
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_only(tree: ast.AST) -> set[ast.AST]:
    """The imports under `if TYPE_CHECKING:`: read by the type checker, never run."""
    skipped: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _last_name(node.test) == "TYPE_CHECKING":
            skipped |= {inner for statement in node.body for inner in ast.walk(statement)}
    return skipped


def import_edges(path: Path, source: str, known: set[str]) -> list[tuple[int, str]]:
    """The package's modules this file imports when it runs, with the line of each import:
    at module level or inside a function (a lazy import that runs closes a loop as surely),
    not under `if TYPE_CHECKING:`. `import a.b` and `from a import b` depend on a.b when it
    is a module; `from a import name` depends on a, whose __init__ must have defined the
    name (`from commit_cli.cli import output` in cli/ depends on cli/__init__.py too). The
    parent packages Python runs first for any import of a submodule are not counted: every
    module of a package would otherwise loop with an __init__ that imports it."""
    tree = ast.parse(source)
    me = module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    skipped = _type_checking_only(tree)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if node in skipped:
            continue
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return [(line, name) for line, name in found if name in known and name != me]


def import_loops(graph: dict[str, list[tuple[int, str]]], files: dict[str, str]) -> list[str]:
    """Each loop in `graph` (module → its imports with their lines), once, as the chain of
    its imports: `a.py:3 imports b → b.py:7 imports a`. One loop per strongly connected
    part of the graph (the shortest through its first module), so a tangle reads as one."""
    loops = []
    for part in _tangles(graph):
        start = min(part)
        chain = _shortest_way_back(graph, start, part)
        loops.append(
            " → ".join(f"{files[module]}:{line} imports {target}" for module, line, target in chain)
        )
    return loops


def _tangles(graph: dict[str, list[tuple[int, str]]]) -> list[set[str]]:
    """The strongly connected parts of more than one module (Tarjan's, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    parts: list[set[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted({t for _, t in graph.get(root, [])})))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    part = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        part.add(member)
                        if member == node:
                            break
                    if len(part) > 1:
                        parts.append(part)
            elif target not in index:
                index[target] = low[target] = len(index)
                stack.append(target)
                on_stack.add(target)
                work.append((target, iter(sorted({t for _, t in graph.get(target, [])}))))
            elif target in on_stack:
                low[node] = min(low[node], index[target])
    return parts


def _shortest_way_back(
    graph: dict[str, list[tuple[int, str]]], start: str, part: set[str]
) -> list[tuple[str, int, str]]:
    """The shortest chain of imports from `start` back to itself inside `part`."""
    came_from: dict[str, tuple[str, int]] = {}
    frontier = [start]
    while frontier:
        following = []
        for module in frontier:
            for line, target in sorted(graph.get(module, [])):
                if target not in part or target in came_from:
                    continue
                came_from[target] = (module, line)
                if target == start:
                    chain = []
                    at = start
                    while True:
                        before, at_line = came_from[at]
                        chain.append((before, at_line, at))
                        at = before
                        if at == start:
                            return chain[::-1]
                following.append(target)
        frontier = following
    raise AssertionError(f"no way back to {start} in {sorted(part)}")


def package_graph() -> tuple[dict[str, list[tuple[int, str]]], dict[str, str]]:
    paths = {module_name(path): path for path in modules()}
    known = set(paths)
    graph = {name: import_edges(path, path.read_text(), known) for name, path in paths.items()}
    files = {name: str(path.relative_to(REPO)) for name, path in paths.items()}
    return graph, files


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


# Runtime policy has one owner: the context of a command run reads the day and switches the
# collector; everything else is handed what it needs (a `today`, a cache) as arguments.
CONTEXT_MODULE = PACKAGE / "cli" / "command_context.py"
# The clock of the day: date.today, datetime.now/today/utcnow (referenced, not only called: a
# `default_factory=date.today` reads it later), time.time/time_ns, and the time functions that
# read the clock when given no time (the number of arguments that leaves it out). Durations
# (time.monotonic, perf_counter, process_time), sleeping, and converting a given time
# (datetime.fromtimestamp(t), time.localtime(t)) are not the day and stay allowed.
DAY_READERS = {"today", "now", "utcnow"}
TIME_READERS = {"time", "time_ns"}
TIME_READERS_WITHOUT_A_TIME = {"localtime": 0, "gmtime": 0, "ctime": 0, "asctime": 0, "strftime": 1}


def _bound_names(tree: ast.AST, module: str, names: set[str]) -> set[str]:
    """The names a module (`import time as clock`) or some of its members (`from datetime
    import date as Day`) are known by in this file."""
    found = set(names)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.asname for a in node.names if a.name == module and a.asname}
        elif isinstance(node, ast.ImportFrom) and node.module == module:
            found |= {a.asname for a in node.names if a.name in names and a.asname}
    return found


def _last_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def clock_reads(path: Path, source: str) -> list[str]:
    """Where the code reads the day from the system clock (see DAY_READERS)."""
    if path == CONTEXT_MODULE:
        return []
    tree = ast.parse(source)
    dates = _bound_names(tree, "datetime", {"date", "datetime"})
    times = _bound_names(tree, "time", {"time"})
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            owner = _last_name(node.value)
            if (node.attr in DAY_READERS and owner in dates) or (
                node.attr in TIME_READERS and owner in times
            ):
                found.append(f"{path.name}:{node.lineno}: {owner}.{node.attr}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            given = TIME_READERS_WITHOUT_A_TIME.get(node.func.attr)
            arguments = len(node.args) + len(node.keywords)
            if given is not None and _last_name(node.func.value) in times and arguments <= given:
                found.append(f"{path.name}:{node.lineno}: time.{node.func.attr}()")
        if isinstance(node, ast.ImportFrom) and node.module == "time":
            clocks = TIME_READERS | set(TIME_READERS_WITHOUT_A_TIME)
            found += [
                f"{path.name}:{node.lineno}: from time import {alias.name}"
                for alias in node.names
                if alias.name in clocks
            ]
    return found


def collector_changes(path: Path, source: str) -> list[str]:
    """Where the code imports or uses the `gc` module (the cyclic garbage collector)."""
    if path == CONTEXT_MODULE:
        return []
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import) and any(a.name == "gc" for a in node.names):
            found.append(f"{path.name}:{node.lineno}: import gc")
        elif isinstance(node, ast.ImportFrom) and node.module == "gc":
            found.append(f"{path.name}:{node.lineno}: from gc import …")
        elif isinstance(node, ast.Attribute) and _last_name(node.value) == "gc":
            found.append(f"{path.name}:{node.lineno}: gc.{node.attr}")
    return found


def test_every_module_belongs_to_a_known_part() -> None:
    assert {part_of(path) for path in modules()} <= set(ALLOWED)


def test_imports_flow_one_way() -> None:
    violations = [v for path in modules() for v in import_violations(path, path.read_text())]
    assert violations == []


def test_no_import_loops() -> None:
    graph, files = package_graph()
    loops = import_loops(graph, files)
    assert loops == [], "import loops:\n" + "\n".join(loops)


def _graph_of(sources: dict[str, str]) -> tuple[dict[str, list[tuple[int, str]]], dict[str, str]]:
    """The import graph of made-up files (path under commit_cli/ → source)."""
    paths = {module_name(PACKAGE / where): PACKAGE / where for where in sources}
    graph = {
        name: import_edges(path, sources[str(path.relative_to(PACKAGE))], set(paths))
        for name, path in paths.items()
    }
    return graph, {name: str(path.relative_to(REPO)) for name, path in paths.items()}


@pytest.mark.parametrize(
    ("sources", "loop"),
    [
        (
            {
                "plan/a.py": "from commit_cli.plan import b\n",
                "plan/b.py": "x = 1\n\n\ndef f():\n    from commit_cli.plan.a import y\n",
            },
            "commit_cli/plan/a.py:1 imports commit_cli.plan.b"
            " → commit_cli/plan/b.py:5 imports commit_cli.plan.a",
        ),
        (
            {
                "cli/__init__.py": "def main():\n    from commit_cli.cli.app import run\n",
                "cli/app.py": "from commit_cli.cli.exits import exit_code_for\n",
                "cli/exits.py": "from commit_cli.cli import output\n",
                "cli/output.py": "",
            },
            "commit_cli/cli/__init__.py:2 imports commit_cli.cli.app"
            " → commit_cli/cli/app.py:1 imports commit_cli.cli.exits"
            " → commit_cli/cli/exits.py:1 imports commit_cli.cli",
        ),
        (
            {
                "wording/__init__.py": "from commit_cli.wording.language import Wording\n",
                "wording/language.py": "from . import labels\n",
                "wording/labels.py": "",
            },
            "commit_cli/wording/__init__.py:1 imports commit_cli.wording.language"
            " → commit_cli/wording/language.py:1 imports commit_cli.wording",
        ),
        (
            {
                "wording/__init__.py": "from commit_cli.wording.language import Wording\n",
                "wording/language.py": "from commit_cli.wording.labels import ENGLISH\n",
                "wording/labels.py": "",
            },
            None,
        ),
        (
            {
                "query/a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                "    from commit_cli.query.b import B\n",
                "query/b.py": "from commit_cli.query.a import A\n",
            },
            None,
        ),
    ],
    ids=["lazy", "through-init", "relative", "no-loop", "type-checking"],
)
def test_the_loop_check_names_the_imports_of_a_loop(
    sources: dict[str, str], loop: str | None
) -> None:
    loops = import_loops(*_graph_of(sources))
    if loop is None:
        assert loops == []
    else:
        assert loops == [loop]


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


def test_only_the_command_context_reads_the_clock() -> None:
    violations = [v for path in modules() for v in clock_reads(path, path.read_text())]
    assert violations == []


def test_only_the_command_context_changes_the_collector() -> None:
    violations = [v for path in modules() for v in collector_changes(path, path.read_text())]
    assert violations == []


@pytest.mark.parametrize(
    ("source", "bad"),
    [
        ("from datetime import date\ndate.today()\n", True),
        ("import datetime\ndatetime.date.today()\n", True),
        ("from datetime import datetime\ndatetime.now()\n", True),
        ("import datetime\ndatetime.datetime.utcnow()\n", True),
        ("from datetime import date as Day\nDay.today()\n", True),
        ("from datetime import date\nx = field(default_factory=date.today)\n", True),
        ("import time\ntime.time()\n", True),
        ("import time as clock\nclock.time_ns()\n", True),
        ("import time\ntime.localtime()\n", True),
        ("import time\ntime.strftime('%Y')\n", True),
        ("from time import time\n", True),
        ("import time\ntime.monotonic()\n", False),
        ("import time\ntime.perf_counter()\n", False),
        ("import time\ntime.localtime(0)\n", False),
        ("from datetime import UTC, datetime\ndatetime.fromtimestamp(0, UTC)\n", False),
        ("from datetime import date\ndate(2006, 1, 1)\n", False),
        ("def f(context):\n    return context.today()\n", False),
        ("def f(today):\n    return today.isoformat()\n", False),
    ],
)
def test_the_clock_check_catches_a_reading_of_the_day(source: str, bad: bool) -> None:
    assert bool(clock_reads(PACKAGE / "reports" / "x.py", source)) is bad


@pytest.mark.parametrize(
    ("source", "bad"),
    [
        ("import gc\n", True),
        ("import gc as collector\n", True),
        ("from gc import disable\n", True),
        ("def f():\n    import gc\n\n    gc.disable()\n", True),
        ("gc.collect()\n", True),
        ("import os\nos.getpid()\n", False),
        ("def gc_pause(pages):\n    return pages.gc\n", False),
    ],
)
def test_the_collector_check_catches_a_change_of_the_collector(source: str, bad: bool) -> None:
    assert bool(collector_changes(PACKAGE / "plan" / "x.py", source)) is bad


def test_the_command_context_may_read_the_clock_and_change_the_collector() -> None:
    source = "import gc\nfrom datetime import date\ngc.disable()\ndate.today()\n"
    assert clock_reads(CONTEXT_MODULE, source) == []
    assert collector_changes(CONTEXT_MODULE, source) == []
    assert clock_reads(PACKAGE / "cli" / "app.py", source)
    assert collector_changes(PACKAGE / "cli" / "app.py", source)
