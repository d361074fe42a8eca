"""Time whole `commit` processes at several plan sizes, next to their floors and peers.

    python benchmarks/run.py                       # bundled plan, 1k, 10k, 100k; 5 runs each
    python benchmarks/run.py --sizes 100 --runs 1 --no-peers   # the CI smoke test
    python benchmarks/run.py --sizes bundled --histories bundled:1000,10k:200   # history

For each size it generates a plan (benchmarks/generate.py), then times `commit validate`,
`commit status` and `commit export --format json`, cold (an empty cache for every run) and
warm (the cache filled by the warm-up); `commit list milestones` and `commit timeline` warm
and piped; one edit (`commit note` on a milestone of the first PPC file, on a copy of the
plan: every run writes a new note, so the touched file is parsed and checked again while the
other files, and the checks across files, come from the cache) and the first `commit status`
after such an edit; the first `commit status` after a hand edit of one field (a milestone's
title); and the six-monthly summary report for 2006-H1 as Markdown and as an HTML file
(warm; the HTML's size is in the row's name); and `commit site` (issue 28): the whole
site into an empty folder, its size on disk, and `--incremental` after one `commit note`
(from 50k milestones up, one run after the warm-up: a run takes minutes there, and only the
site's memory has a target); and a warm `commit status` on the same plan with warnings
(--warnings), in turn with a warm status on the plan without them. In the same run it
times the floors (`python -c pass`; importing typer + rich + pydantic, the floor start-up
targets are ratios of; a bare PyYAML C parse of the plan's files with
the collector paused, as `commit` parses) and `commit --help`, and, when installed,
TaskJuggler (`tj3`) scheduling the equivalent project and Taskwarrior's `task list` over
the equivalent tasks. For each history (`--histories`, built by
benchmarks/history.py) it times `commit changes` over the whole history, cold and warm. Each
figure is min / median / max wall time of several runs after one warm-up, and the peak
resident memory of the process. It prints a table, then each target of issue 15 next to
the figure it is a ratio of (TARGETS), and writes JSON (--json).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def in_own_process(script: str, *args: str) -> None:
    """Run a benchmarks/ script in a process of its own. The harness stays small: a child's
    peak RSS as wait4 reports it starts from the parent's RSS at the fork, so generating a
    100k plan in this process would add ~200 MB to every figure measured after it."""
    subprocess.run(
        [sys.executable, str(HERE / script), *args], check=True, stdout=subprocess.DEVNULL
    )


def generate(count: int, out: Path, warnings: int = 0) -> Path:
    """benchmarks/generate.py's plan of `count` milestones under `out` (with `warnings`
    warnings spread over its files); its plan folder."""
    in_own_process("generate.py", str(count), str(out), "--warnings", str(warnings))
    return out / "plan"


WARNED_STATUS = "commit status (warm, plan with warnings)"
WARNED_BASE = "commit status (warm, interleaved with the plan with warnings)"


def bench_warnings(
    label: str,
    plain_dir: Path,
    count: int,
    warnings: int,
    runs: int,
    work: Path,
    results: list[Timing],
) -> None:
    """A warm `commit status` on the same plan with `warnings` warnings, interleaved with a
    warm `commit status` on the plan without them: a target is that the warnings cost
    nothing, and a ratio of two figures taken in turn is not skewed by a busy moment that
    fell on one of them (as two figures measured minutes apart can be). `plain_dir` is the
    plan without warnings (`count` milestones, as generated with the same seed)."""
    plan_dir = generate(count, work / f"n{count}-warnings", warnings)
    env = clean_env({"NO_COLOR": "1", "COMMIT_CACHE_DIR": str(work / f"cache-warned-{label}")})
    rows = [
        (name, [*commit_command(), "status", "--plan", str(plan), "--as-of", "2006-06-30"])
        for name, plan in ((WARNED_BASE, plain_dir), (WARNED_STATUS, plan_dir))
    ]
    for _, argv in rows:
        run_once(argv, env)  # fill the cache, as a user's earlier command would have
    results.extend(measure_interleaved(rows, label, env, runs))
    print(f"  {label}: plan with {warnings} warnings done", file=sys.stderr)


def build_history(commits: int, out: Path, milestones: int | None) -> Path:
    """benchmarks/history.py's repository of `commits` commits at `out`."""
    extra = ["--milestones", str(milestones)] if milestones is not None else []
    in_own_process("history.py", str(commits), str(out), *extra)
    return out


@dataclass
class Timing:
    name: str
    size: str
    runs: int
    min_ms: float
    median_ms: float
    max_ms: float
    peak_mb: float
    status: str = "ok"


TIMEOUT_S = 600.0


def run_once(
    argv: list[str], env: dict[str, str], cwd: Path | None = None
) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB and the exit code of one process (-9: killed at timeout)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    timer = threading.Timer(TIMEOUT_S, process.kill)
    timer.start()
    try:
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        timer.cancel()
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024, process.returncode


def measure(
    name: str,
    size: str,
    argv: list[str],
    env: dict[str, str],
    runs: int,
    before_each: object = None,
    cwd: Path | None = None,
    ok_codes: tuple[int, ...] = (0,),
) -> Timing:
    times: list[float] = []
    peaks: list[float] = []
    for index in range(runs + 1):
        if callable(before_each):
            before_each()
        elapsed, peak, code = run_once(argv, env, cwd)
        if code == -9:
            return Timing(name, size, 0, 0, 0, 0, 0, status=f"killed after {TIMEOUT_S:.0f} s")
        if code not in ok_codes:
            return Timing(name, size, 0, 0, 0, 0, 0, status=f"exit {code}")
        if index:  # the first run is the warm-up
            times.append(elapsed * 1000)
            peaks.append(peak)
    return Timing(
        name,
        size,
        runs,
        round(min(times), 1),
        round(statistics.median(times), 1),
        round(max(times), 1),
        round(max(peaks), 1),
    )


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """This environment, with Python's bytecode cache on (as for a user) and `extra`."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, **(extra or {})}


def commit_command() -> list[str]:
    found = shutil.which("commit", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "commit_cli"]


def first_milestone(plan_dir: Path) -> str:
    """The id of the first milestone of the first PPC file."""
    first = sorted((plan_dir / "ppcs").glob("*.yaml"))[0]
    for line in first.read_text(encoding="utf-8").splitlines():
        if line.startswith("  - id: ") and "milestones:" in first.read_text(encoding="utf-8"):
            return line.removeprefix("  - id: ").strip()
    raise SystemExit(f"no milestone in {first}")


def bench_edit(label: str, plan_dir: Path, runs: int, work: Path, results: list[Timing]) -> None:
    """`commit note` on one milestone (the edit itself), and the first `commit status` after
    such an edit (each run after a new note: one file changed, the others cached)."""
    copy = work / f"edit-{label}" / "plan"
    shutil.rmtree(copy.parent, ignore_errors=True)
    shutil.copytree(plan_dir, copy)
    env = clean_env(
        {"NO_COLOR": "1", "COLUMNS": "120", "COMMIT_CACHE_DIR": str(work / f"cache-edit-{label}")}
    )
    ident = first_milestone(copy)
    argv = [*commit_command(), "note", ident, "Benchmark note.", "--on", "2006-01-02"]
    argv += ["--by", "benchmark", "--plan", str(copy)]
    warm = [*commit_command(), "status", "--plan", str(copy), "--as-of", "2006-06-30"]
    run_once(warm, env)  # fill the cache, as a user's earlier command would have
    results.append(measure(f"commit note {ident} (edit, warm)", label, argv, env, runs))

    def edit() -> None:
        run_once(argv, env)

    results.append(measure("commit status (first after commit note)", label, warm, env, runs, edit))
    print(f"  {label}: edit done", file=sys.stderr)


def bench_status_after_edit(
    label: str, plan_dir: Path, runs: int, work: Path, results: list[Timing]
) -> None:
    """The first `commit status` after a hand edit of one field (the first milestone's title,
    new text every run): the edited file is parsed again, the rest comes from the cache."""
    copy = work / f"edit-status-{label}" / "plan"
    shutil.rmtree(copy.parent, ignore_errors=True)
    shutil.copytree(plan_dir, copy)
    env = clean_env({"NO_COLOR": "1", "COMMIT_CACHE_DIR": str(work / f"cache-edit-{label}")})
    first = sorted((copy / "ppcs").glob("*.yaml"))[0]
    text = first.read_text(encoding="utf-8")
    found = re.search(r"^  - id: .*\n(?:    .*\n)*?    title: (.*)$", text, re.MULTILINE)
    if found is None:
        return
    start, end = found.span(1)
    edits = iter(range(1_000_000))

    def edit() -> None:
        retitled = f"{text[:start]}{found.group(1)} (edit {next(edits)}){text[end:]}"
        first.write_text(retitled, encoding="utf-8")

    status = [*commit_command(), "status", "--plan", str(copy), "--as-of", "2006-06-30"]
    run_once(status, env)  # fill the cache, as a user's earlier command would have
    name = "commit status (first after a hand edit)"
    results.append(measure(name, label, status, env, runs, edit))
    print(f"  {label}: status after an edit done", file=sys.stderr)


REPORT_STATUS = "commit status (warm, interleaved with the reports)"
REPORT_MD = "commit report summary md (warm)"
REPORT_HTML = "commit report summary html (warm)"
HISTORY_COLD = "commit changes (cold)"
REPORT_HTML_SIZE = "commit report summary html size (MB, in the ms columns)"


def measure_interleaved(
    rows: list[tuple[str, list[str]]], size: str, env: dict[str, str], runs: int
) -> list[Timing]:
    """Each command of `rows` run in turn, `runs` rounds after one warm-up round, so that
    ratios between them are measured under the same load (a busy moment slows all alike)."""
    times: dict[str, list[float]] = {name: [] for name, _ in rows}
    peaks: dict[str, list[float]] = {name: [] for name, _ in rows}
    failed: dict[str, str] = {}
    for index in range(runs + 1):
        for name, argv in rows:
            if name in failed:
                continue
            elapsed, peak, code = run_once(argv, env)
            if code != 0:
                failed[name] = f"killed after {TIMEOUT_S:.0f} s" if code == -9 else f"exit {code}"
            elif index:  # the first round is the warm-up
                times[name].append(elapsed * 1000)
                peaks[name].append(peak)
    return [
        Timing(name, size, 0, 0, 0, 0, 0, status=failed[name])
        if name in failed
        else Timing(
            name,
            size,
            runs,
            round(min(times[name]), 1),
            round(statistics.median(times[name]), 1),
            round(max(times[name]), 1),
            round(max(peaks[name]), 1),
        )
        for name, _ in rows
    ]


def bench_reports(label: str, plan_dir: Path, runs: int, work: Path, results: list[Timing]) -> None:
    """The six-monthly summary for 2006-H1, warm, as Markdown on stdout and as an HTML file,
    interleaved with a warm `status` on the same plan (the targets are ratios to it), and
    the HTML file's size (the target is under 2 MB at 10k milestones)."""
    env = clean_env({"NO_COLOR": "1", "COMMIT_CACHE_DIR": str(work / f"cache-{label}")})
    summary = ["report", "summary", "--period", "2006-H1", "--as-of", "2006-06-30"]
    base = [*commit_command(), *summary, "--plan", str(plan_dir)]
    html = work / f"summary-{label}.html"
    status = [*commit_command(), "status", "--plan", str(plan_dir)]
    run_once(status, env)  # fill the cache
    rows = [
        (REPORT_STATUS, status),
        (REPORT_MD, base),
        (REPORT_HTML, [*base, "-f", "html", "-o", str(html)]),
    ]
    results.extend(measure_interleaved(rows, label, env, runs))
    size = round(html.stat().st_size / 1_000_000, 2) if html.exists() else 0.0
    results.append(Timing(REPORT_HTML_SIZE, label, 1, size, size, size, 0.0))
    print(f"  {label}: reports done", file=sys.stderr)


SITE = "commit site (whole, warm)"
SITE_INCREMENTAL = "commit site --incremental (first after commit note)"
SITE_DISK = "commit site folder on disk (MB, in the ms columns)"


def folder_mb(folder: Path) -> float:
    """What the folder's files take on disk (allocated blocks), in MB."""
    blocks = sum(p.stat().st_blocks for p in folder.rglob("*") if p.is_file())
    return round(blocks * 512 / 1_000_000, 1)


def bench_site(label: str, plan_dir: Path, runs: int, work: Path, results: list[Timing]) -> None:
    """`commit site` as of 2006-06-30: the whole site into an empty folder (warm cache), the
    size of that folder on disk, and `--incremental` after one `commit note` (on a copy of
    the plan, a new note before every run)."""
    copy = work / f"site-{label}" / "plan"
    shutil.rmtree(copy.parent, ignore_errors=True)
    shutil.copytree(plan_dir, copy)
    out = work / f"site-{label}" / "public"
    env = clean_env({"NO_COLOR": "1", "COMMIT_CACHE_DIR": str(work / f"cache-site-{label}")})
    site = [*commit_command(), "site", "-o", str(out), "--as-of", "2006-06-30", "--plan", str(copy)]
    run_once([*commit_command(), "status", "--plan", str(copy)], env)  # fill the cache

    def empty() -> None:
        shutil.rmtree(out, ignore_errors=True)

    results.append(measure(SITE, label, site, env, runs, empty))
    mb = folder_mb(out) if out.exists() else 0.0
    results.append(Timing(SITE_DISK, label, 1, mb, mb, mb, 0.0))
    ident = first_milestone(copy)
    note = [*commit_command(), "note", ident, "Benchmark note.", "--on", "2006-01-02"]
    note += ["--by", "benchmark", "--plan", str(copy)]

    def edit() -> None:
        run_once(note, env)

    incremental = [*site, "--incremental"]
    results.append(measure(SITE_INCREMENTAL, label, incremental, env, runs, edit))
    print(f"  {label}: site done", file=sys.stderr)


FILL_WORKBOOK = """\
import sys
from pathlib import Path
from openpyxl import load_workbook
from commit_cli.sheets.read import read_workbook
source, target, count = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
cells = [c for c in read_workbook(source.name, source.read_bytes()).cells if c.field == "note"]
book = load_workbook(source)
for i, cell in enumerate(cells[:count]):
    book[cell.sheet][cell.ref].value = f"Benchmark note {i}."
book.save(target)
"""


def bench_sheets(label: str, plan_dir: Path, runs: int, work: Path, results: list[Timing]) -> None:
    """`commit sheet export --country` (the plan's first country, 2006-H2) and `commit sheet
    apply` of that workbook with 100 cells changed (a new note on each of 100 milestones), on
    a copy of the plan put back before each run; both warm, as ratios to a warm status."""
    copy = work / f"sheet-{label}" / "plan"
    shutil.rmtree(copy.parent, ignore_errors=True)
    shutil.copytree(plan_dir, copy)
    pristine = work / f"sheet-{label}" / "pristine"
    shutil.copytree(plan_dir, pristine)
    env = clean_env({"NO_COLOR": "1", "COMMIT_CACHE_DIR": str(work / f"cache-sheet-{label}")})
    found = re.search(r"^  - code: (\w+)", (copy / "plan.yaml").read_text(encoding="utf-8"), re.M)
    country = found.group(1) if found else "KH"
    book = copy.parent / f"{country.lower()}.xlsx"
    filled = copy.parent / f"{country.lower()}-filled.xlsx"
    export = [*commit_command(), "sheet", "export", "--country", country, "--period", "2006-H2"]
    export += ["-o", str(book), "--plan", str(copy)]
    run_once([*commit_command(), "status", "--plan", str(copy)], env)  # fill the cache
    results.append(measure("commit sheet export --country (warm)", label, export, env, runs))
    subprocess.run([sys.executable, "-c", FILL_WORKBOOK, str(book), str(filled), "100"], check=True)
    apply = [*commit_command(), "sheet", "apply", str(filled), "--plan", str(copy)]

    def put_back() -> None:
        for path in (pristine / "ppcs").glob("*.yaml"):
            target = copy / "ppcs" / path.name
            if target.read_bytes() != path.read_bytes():
                shutil.copyfile(path, target)

    name = "commit sheet apply, 100 cells (warm)"
    results.append(measure(name, label, apply, env, runs, put_back))
    print(f"  {label}: sheets done", file=sys.stderr)


def bench_plan(
    label: str, plan_dir: Path, runs: int, work: Path, results: list[Timing], site_runs: int
) -> None:
    """Every command's figures on one plan; `site_runs` for the site, which takes minutes a
    run at 100k milestones, where only its peak memory has a target."""
    base_env = clean_env({"NO_COLOR": "1", "COLUMNS": "120"})
    cache_dir = work / f"cache-{label}"
    env = {**base_env, "COMMIT_CACHE_DIR": str(cache_dir)}
    commit = commit_command()
    commands = {
        "validate": ["validate", "--plan", str(plan_dir)],
        "status": ["status", "--plan", str(plan_dir), "--as-of", "2006-06-30"],
        "export json": ["export", "--format", "json", "--plan", str(plan_dir)],
    }
    warm_only = {
        "list milestones": ["list", "milestones", "--plan", str(plan_dir)],
        "timeline": ["timeline", "--plan", str(plan_dir), "--as-of", "2006-06-30"],
    }

    def empty_cache() -> None:
        shutil.rmtree(cache_dir, ignore_errors=True)

    bare_parse = (  # with the collector paused, as `commit` loads
        "import gc, sys, pathlib, yaml\n"
        "gc.disable()\n"
        "for f in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml')):\n"
        "    yaml.load(f.read_text(encoding='utf-8'), Loader=yaml.CSafeLoader)\n"
    )
    results.append(
        measure(
            BARE_PARSE,
            label,
            [sys.executable, "-c", bare_parse, str(plan_dir)],
            base_env,
            runs,
        )
    )
    for name, args in commands.items():
        results.append(
            measure(f"commit {name} (cold)", label, commit + args, env, runs, empty_cache)
        )
        results.append(measure(f"commit {name} (warm)", label, commit + args, env, runs))
        print(f"  {label}: {name} done", file=sys.stderr)
    for name, args in warm_only.items():
        results.append(measure(f"commit {name} (warm, piped)", label, commit + args, env, runs))
        print(f"  {label}: {name} done", file=sys.stderr)
    bench_edit(label, plan_dir, runs, work, results)
    bench_status_after_edit(label, plan_dir, runs, work, results)
    bench_reports(label, plan_dir, runs, work, results)
    bench_sheets(label, plan_dir, runs, work, results)
    bench_site(label, plan_dir, site_runs, work, results)


def bench_history(
    label: str, commits: int, milestones: int | None, runs: int, work: Path, results: list[Timing]
) -> None:
    """`commit changes` over a history of `commits` commits (benchmarks/history.py), cold
    (an empty cache: every blob parsed) and warm (every blob read from the cache), and a
    cold `commit log` of one PPC."""
    repo = build_history(commits, work / f"history-{label}", milestones)
    cache_dir = work / f"cache-history-{label}"
    env = clean_env({"NO_COLOR": "1", "COMMIT_CACHE_DIR": str(cache_dir)})
    argv = [*commit_command(), "changes", "--format", "json"]

    def empty_cache() -> None:
        shutil.rmtree(cache_dir, ignore_errors=True)

    name = f"{label} ({commits} commits)"
    results.append(measure(HISTORY_COLD, name, argv, env, runs, empty_cache, cwd=repo))
    results.append(measure("commit changes (warm)", name, argv, env, runs, cwd=repo))
    # `commit log` of the first PPC: the same walk, then the plan at HEAD read and checked.
    first_ppc = sorted((repo / "plan" / "ppcs").glob("*.yaml"))[0]
    found = re.search(r"^id: *([\w.-]+)", first_ppc.read_text(encoding="utf-8"), re.MULTILINE)
    assert found is not None, f"{first_ppc} names no id"
    log_argv = [*commit_command(), "log", found.group(1), "--format", "json"]
    results.append(measure("commit log (cold)", name, log_argv, env, runs, empty_cache, cwd=repo))
    print(f"  history {name} done", file=sys.stderr)


def bench_peers(label: str, out: Path, runs: int, results: list[Timing]) -> None:
    tj3 = shutil.which("tj3")
    if tj3:
        (out / "tj-out").mkdir(exist_ok=True)
        results.append(
            measure(
                "tj3 schedule + report",
                label,
                [
                    tj3,
                    "--silent",
                    "--no-color",
                    "-o",
                    str(out / "tj-out"),
                    str(out / "project.tjp"),
                ],
                dict(os.environ),
                runs,
            )
        )
    task = shutil.which("task")
    if task:
        data = out / "taskdata"
        if not data.exists():
            data.mkdir()
            rc = out / "taskrc"
            rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\n")
            env = {**os.environ, "TASKRC": str(rc)}
            started = time.perf_counter()
            try:
                subprocess.run(
                    [task, "import", str(out / "tasks.json")],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    check=False,
                    timeout=TIMEOUT_S,
                )
            except subprocess.TimeoutExpired:
                results.append(Timing("task import", label, 0, 0, 0, 0, 0, "timeout"))
                return
            seconds = time.perf_counter() - started
            print(f"  {label}: task import took {seconds:.1f} s (setup)", file=sys.stderr)
        env = {**os.environ, "TASKRC": str(out / "taskrc")}
        results.append(measure("task list", label, [task, "list"], env, runs, ok_codes=(0, 1)))


# The floor every start-up target is a ratio of: importing the libraries `commit` is built on.
FLOOR = "import typer + rich + pydantic"
FLOOR_CODE = "import typer, rich.table, rich.console; from pydantic import BaseModel"
BARE_PARSE = "PyYAML CSafeLoader bare parse (GC paused)"


def floors(runs: int, results: list[Timing]) -> None:
    python = sys.executable
    env = clean_env()
    results.append(measure("python -c pass", "-", [python, "-c", "pass"], env, runs))
    results.append(measure(FLOOR, "-", [python, "-c", FLOOR_CODE], env, runs))
    help_env = clean_env({"NO_COLOR": "1", "COLUMNS": "120"})
    results.append(measure("commit --help", "-", [*commit_command(), "--help"], help_env, runs))


@dataclass
class Target:
    what: str
    name: str  # the row measured
    size: str
    limit: float  # ms, or a ratio when `of` names the row it is a ratio of
    of: tuple[str, str] | None = None  # (row name, size)
    memory: bool = False  # the limit is on peak MB, over every commit row of the size
    unit: str = "ms"  # what the row's figures are in ("MB": a size, kept in the ms columns)


# Issue 15's targets, made stricter and added to by issue 29 (speed, round three).
TARGETS = [
    Target("bundled warm status ≤ 0.85× the floor", "commit status (warm)", "bundled", 0.85,
           (FLOOR, "-")),
    Target("commit --help ≤ 0.8× the floor", "commit --help", "-", 0.8, (FLOOR, "-")),
    Target("10k warm status ≤ 250 ms", "commit status (warm)", "10k", 250),
    Target("10k list milestones ≤ 2× warm status", "commit list milestones (warm, piped)", "10k",
           2.0, ("commit status (warm)", "10k")),
    Target("10k timeline ≤ 2× warm status", "commit timeline (warm, piped)", "10k", 2.0,
           ("commit status (warm)", "10k")),
    Target("10k export ≤ 1.5× warm status", "commit export json (warm)", "10k", 1.5,
           ("commit status (warm)", "10k")),
    Target("10k first status after a hand edit ≤ 1.2× warm status",
           "commit status (first after a hand edit)", "10k", 1.2, ("commit status (warm)", "10k")),
    Target("10k first status after `commit note` ≤ 1.2× warm status",
           "commit status (first after commit note)", "10k", 1.2, ("commit status (warm)", "10k")),
    Target("10k cold validate ≤ 1.5× the bare parse", "commit validate (cold)", "10k", 1.5,
           (BARE_PARSE, "10k")),
    Target("bundled sheet export ≤ 1,000 ms", "commit sheet export --country (warm)", "bundled",
           1000),
    Target("bundled sheet apply (100 cells) ≤ 1,000 ms", "commit sheet apply, 100 cells (warm)",
           "bundled", 1000),
    Target("10k sheet export --country ≤ 3,000 ms", "commit sheet export --country (warm)",
           "10k", 3000),
    Target("10k sheet export --country, as a ratio to warm status",
           "commit sheet export --country (warm)", "10k", 12.0, ("commit status (warm)", "10k")),
    Target("10k sheet apply (100 cells) ≤ 3,000 ms", "commit sheet apply, 100 cells (warm)",
           "10k", 3000),
    Target("10k sheet apply (100 cells), as a ratio to warm status",
           "commit sheet apply, 100 cells (warm)", "10k", 12.0, ("commit status (warm)", "10k")),
    Target("10k plan with warnings ≤ 1.05× the same plan without (warm status)", WARNED_STATUS,
           "10k", 1.05, (WARNED_BASE, "10k")),
    Target("10k report summary md ≤ 2× warm status (interleaved)", REPORT_MD, "10k", 2.0,
           (REPORT_STATUS, "10k")),
    Target("10k report summary html ≤ 2× warm status (interleaved)", REPORT_HTML, "10k", 2.0,
           (REPORT_STATUS, "10k")),
    Target("10k report summary html ≤ 2 MB", REPORT_HTML_SIZE, "10k", 2.0, unit="MB"),
    Target("100k report summary html ≤ 3,000 ms", REPORT_HTML, "100k", 3000),
    Target("100k report summary html peak memory ≤ 300 MB", REPORT_HTML, "100k", 300,
           memory=True),
    Target("bundled whole site ≤ 2,000 ms", SITE, "bundled", 2000),
    Target("10k whole site ≤ 20,000 ms", SITE, "10k", 20000),
    Target("10k site on disk ≤ 200 MB", SITE_DISK, "10k", 200, unit="MB"),
    Target("10k site --incremental after one note ≤ 2,000 ms", SITE_INCREMENTAL, "10k", 2000),
    Target("100k warm status ≤ 500 ms", "commit status (warm)", "100k", 500),
    Target("100k list milestones (piped) ≤ 1,200 ms", "commit list milestones (warm, piped)",
           "100k", 1200),
    Target("100k export ≤ 1,200 ms", "commit export json (warm)", "100k", 1200),
    Target("100k cold validate ≤ 1.5× the bare parse", "commit validate (cold)", "100k", 1.5,
           (BARE_PARSE, "100k")),
    Target("100k peak memory of every command ≤ 350 MB", "commit", "100k", 350, memory=True),
    Target("10k history of 300 commits: cold `changes` ≤ 1,500 ms", HISTORY_COLD,
           "10k (300 commits)", 1500),
    Target("10k history of 300 commits: cold `log` ≤ 1,500 ms", "commit log (cold)",
           "10k (300 commits)", 1500),
]  # fmt: skip


def verdicts(results: list[Timing]) -> str:
    """Each target next to what it is measured against, from this run's figures."""
    rows = {(r.name, r.size): r for r in results if r.status == "ok"}
    lines = ["| target | measured | against | ratio | verdict |", "|---|---:|---:|---:|---|"]
    for target in TARGETS:
        if target.memory:
            peaks = [r for r in results if r.size == target.size and r.name.startswith(target.name)]
            if not peaks:
                continue
            worst = max(peaks, key=lambda r: r.peak_mb)
            verdict = "met" if worst.peak_mb <= target.limit else "missed"
            lines.append(
                f"| {target.what} | {worst.peak_mb} MB ({worst.name}) | - | - | {verdict} |"
            )
            continue
        row = rows.get((target.name, target.size))
        base = rows.get(target.of) if target.of else None
        if row is None or (target.of and base is None):
            continue
        if base is not None:
            ratio = row.median_ms / base.median_ms
            verdict = "met" if ratio <= target.limit else "missed"
            lines.append(
                f"| {target.what} | {row.median_ms} ms | {base.median_ms} ms | {ratio:.2f}× |"
                f" {verdict} |"
            )
        else:
            verdict = "met" if row.median_ms <= target.limit else "missed"
            measured = f"{row.median_ms} {target.unit}"
            lines.append(f"| {target.what} | {measured} | - | - | {verdict} |")
    return "\n".join(lines)


def unmeasured(results: list[Timing]) -> list[str]:
    """The targets this run has no figures for (a size or history it did not run)."""
    judged = verdicts(results)
    return [target.what for target in TARGETS if f"| {target.what} |" not in judged]


def tally(results: list[Timing]) -> str:
    """One line: how many targets this run met, missed and could not judge."""
    verdict_rows = verdicts(results).splitlines()[2:]
    met = sum(row.endswith("| met |") for row in verdict_rows)
    missed = len(verdict_rows) - met
    return (
        f"targets: {met} met, {missed} missed, {len(unmeasured(results))} not measured"
        f" (of {len(TARGETS)})"
    )


README_START = "<!-- speed targets: written by benchmarks/run.py --readme; do not edit -->"
README_END = "<!-- end of speed targets -->"


def readme_section(results: list[Timing], command: str, day: str) -> str:
    """The README's table of targets: this run's verdicts, what it did not measure, and the
    command and machine that measured them, so the table says where its figures come from."""
    about = machine()
    lines = [
        README_START,
        f"Measured on {day} with `{command}` ({about['cpus']} cores, {about['processor']},"
        f" Python {about['python']}); {tally(results)}.",
        "",
        verdicts(results),
    ]
    missing = unmeasured(results)
    if missing:
        lines += ["", "Not measured in that run: " + "; ".join(missing) + "."]
    return "\n".join([*lines, README_END])


def write_readme(readme: Path, section: str) -> None:
    """Put `section` in place of the README's marked one (its markers must be there: the
    harness never guesses where a table goes in someone's text)."""
    text = readme.read_text(encoding="utf-8")
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        raise SystemExit(f"{readme}: no section between {README_START!r} and {README_END!r}")
    readme.write_text(text[:start] + section + text[end + len(README_END) :], encoding="utf-8")


def table(results: list[Timing]) -> str:
    lines = [
        "| what | plan | runs | min ms | median ms | max ms | peak MB | status |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.name} | {r.size} | {r.runs} | {r.min_ms} | {r.median_ms} | {r.max_ms}"
            f" | {r.peak_mb} | {r.status} |"
        )
    return "\n".join(lines)


def machine() -> dict[str, str]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": str(os.cpu_count()),
        "processor": platform.processor() or platform.machine(),
    }


def parse_size(text: str) -> int:
    text = text.lower()
    return int(float(text[:-1]) * 1000) if text.endswith("k") else int(text)


def command_line(arguments: list[str]) -> str:
    """The harness's command as the README shows it, quoted so that it can be run again as
    written (`--histories ''` is an argument, not nothing)."""
    return shlex.join(["python", "benchmarks/run.py", *arguments])


def main() -> int:
    global TIMEOUT_S
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="bundled,1k,10k,100k",
        help="comma-separated: 'bundled' and/or milestone counts such as 1k, 10k, 250",
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs per figure")
    parser.add_argument(
        "--big-runs",
        type=int,
        default=3,
        help="timed runs per figure from 50k milestones up (the site: one)",
    )
    parser.add_argument(
        "--timeout", type=float, default=TIMEOUT_S, help="seconds before a run is killed"
    )
    parser.add_argument("--no-peers", action="store_true", help="skip tj3 and task")
    parser.add_argument(
        "--histories",
        default="bundled:1000,10k:300",
        help="`commit changes` over histories PLAN:COMMITS (PLAN: bundled or a milestone"
        " count); '' for none",
    )
    parser.add_argument(
        "--warnings",
        type=int,
        default=31,
        help="also time a warm status on each generated plan with this many warnings (at most"
        " one per 20 milestones; 0: not)",
    )
    parser.add_argument("--json", type=Path, default=None, help="write results here")
    parser.add_argument(
        "--readme",
        type=Path,
        default=None,
        help="put the targets' verdicts in this README's marked section (README.md)",
    )
    parser.add_argument("--work", type=Path, default=None, help="folder for generated plans")
    args = parser.parse_args()
    TIMEOUT_S = args.timeout

    work = args.work or Path(tempfile.mkdtemp(prefix="commit-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: list[Timing] = []
    floors(args.runs, results)
    for size in [s.strip() for s in args.sizes.split(",") if s.strip()]:
        if size == "bundled":
            bench_plan("bundled", REPO / "plan", args.runs, work, results, args.runs)
            continue
        count = parse_size(size)
        out = work / f"n{count}"
        print(f"generating {count} milestones in {out}", file=sys.stderr)
        plan_dir = generate(count, out)
        big = count >= 50_000
        runs = min(args.runs, args.big_runs) if big else args.runs
        bench_plan(size, plan_dir, runs, work, results, 1 if big else runs)
        warnings = min(args.warnings, count // 20)  # a small plan has room for fewer
        if warnings:
            bench_warnings(size, plan_dir, count, warnings, runs, work, results)
        if not args.no_peers:
            bench_peers(size, out, runs, results)
    for spec in [s.strip() for s in args.histories.split(",") if s.strip()]:
        plan, _, commits = spec.partition(":")
        milestones = None if plan == "bundled" else parse_size(plan)
        print(f"building a history of {commits} commits ({plan})", file=sys.stderr)
        bench_history(plan, int(commits), milestones, args.runs, work, results)
    print(table(results))
    print()
    print(verdicts(results))
    print(tally(results))
    if args.json:
        document = {
            "machine": machine(),
            "command": " ".join([Path(sys.executable).name, *sys.argv]),
            "results": [asdict(r) for r in results],
        }
        args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    if args.readme:  # after the JSON: a README without its markers loses no figures
        command = command_line(sys.argv[1:])
        write_readme(args.readme, readme_section(results, command, time.strftime("%Y-%m-%d")))
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if any(r.status != "ok" for r in results if r.name.startswith("commit")) else 0


if __name__ == "__main__":
    raise SystemExit(main())
