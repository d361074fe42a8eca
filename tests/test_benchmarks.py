"""The benchmark harness: the generator writes valid, deterministic plans; the runner runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from commit_cli.plan.load import load_plan
from commit_cli.plan.sources import FolderSource

BENCHMARKS = REPO / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from generate import generate  # noqa: E402
from history import build  # noqa: E402


def test_generated_plan_is_valid_and_complete(tmp_path: Path) -> None:
    plan_dir = generate(250, tmp_path, seed=3, per_file=100)
    result = load_plan(FolderSource(plan_dir))
    assert result.problems == ()
    assert result.plan is not None
    milestones = [m for ppc in result.plan.ppcs for m in ppc.milestones]
    assert len(milestones) == 250
    assert len(result.plan.ppcs) == 3
    assert {m.status for m in milestones} == {
        "planned",
        "in_progress",
        "done",
        "postponed",
        "cancelled",
    }
    assert any(m.depends_on for m in milestones)
    assert any(i.values for ppc in result.plan.ppcs for i in ppc.indicators)


def test_generator_is_deterministic_for_a_seed(tmp_path: Path) -> None:
    first = generate(120, tmp_path / "a", seed=5)
    second = generate(120, tmp_path / "b", seed=5)
    other = generate(120, tmp_path / "c", seed=6)

    def texts(plan_dir: Path) -> list[str]:
        return [p.read_text() for p in sorted(plan_dir.rglob("*.yaml"))]

    assert texts(first) == texts(second)
    assert texts(first) != texts(other)


def test_peer_files_hold_the_same_work(tmp_path: Path) -> None:
    generate(150, tmp_path, seed=2)
    tasks = [json.loads(line) for line in (tmp_path / "tasks.json").read_text().splitlines()]
    assert len(tasks) == 150
    assert len({task["uuid"] for task in tasks}) == 150
    tjp = (tmp_path / "project.tjp").read_text()
    assert tjp.count("  task p") == 150
    depends = sum(1 for task in tasks if "depends" in task)
    assert tjp.count("depends ") == depends > 0


@pytest.mark.slow
def test_runner_smoke(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    done = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "run.py"),
            "--sizes",
            "60",
            "--runs",
            "1",
            "--no-peers",
            "--histories",
            "60:6",
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads(out.read_text())["results"]
    names = {r["name"] for r in results}
    assert {"python -c pass", "commit validate (cold)", "commit status (warm)"} <= names
    assert any(name.startswith("commit note") and "(edit, warm)" in name for name in names)
    assert {"commit changes (cold)", "commit changes (warm)", "commit log (cold)"} <= names
    assert "commit report summary md (warm)" in names
    assert {"commit sheet export --country (warm)", "commit sheet apply, 100 cells (warm)"} <= names
    assert {
        "commit status (warm, interleaved with the reports)",
        "commit report summary html (warm)",
        "commit report summary html size (MB, in the ms columns)",
    } <= names
    assert {
        "commit site (whole, warm)",
        "commit site folder on disk (MB, in the ms columns)",
        "commit site --incremental (first after commit note)",
    } <= names
    assert all(r["status"] == "ok" and r["median_ms"] > 0 for r in results)
    assert "| commit validate (cold) | 60 |" in done.stdout
    assert {
        "commit --help",
        "PyYAML CSafeLoader bare parse (GC paused)",
        "commit list milestones (warm, piped)",
        "commit timeline (warm, piped)",
        "commit status (first after commit note)",
        "commit status (first after a hand edit)",
    } <= names
    assert "| commit --help ≤ 0.8× the floor |" in done.stdout
    warned = {"commit status (warm, plan with warnings)"}
    assert warned | {"commit status (warm, interleaved with the plan with warnings)"} <= names


def test_each_target_is_judged_against_the_figure_it_is_a_ratio_of() -> None:
    from run import FLOOR, HISTORY_COLD, REPORT_HTML, Timing, verdicts

    def row(name: str, size: str, median: float, peak: float = 10) -> Timing:
        return Timing(name, size, 1, median, median, median, peak)

    results = [
        row(FLOOR, "-", 100),
        row("commit --help", "-", 81),
        row("commit status (warm)", "bundled", 85),
        row("commit status (warm)", "100k", 510, peak=340),
        row(REPORT_HTML, "100k", 2900, peak=310),
        row(HISTORY_COLD, "10k (300 commits)", 1400),
    ]
    table = verdicts(results)
    assert "| commit --help ≤ 0.8× the floor | 81 ms | 100 ms | 0.81× | missed |" in table
    assert "| bundled warm status ≤ 0.85× the floor | 85 ms | 100 ms | 0.85× | met |" in table
    assert "| 100k warm status ≤ 500 ms | 510 ms | - | - | missed |" in table
    assert "| 100k report summary html ≤ 3,000 ms | 2900 ms | - | - | met |" in table
    assert "≤ 300 MB | 310 MB (commit report summary html (warm)) | - | - | missed |" in table
    assert "≤ 350 MB | 340 MB (commit status (warm)) | - | - | met |" in table  # every command
    assert "| 10k history of 300 commits: cold `changes` ≤ 1,500 ms | 1400 ms |" in table
    assert "| 10k warm" not in table  # no figures, no verdict


def test_sizes_are_shown_in_mb_and_warnings_against_the_status_taken_in_turn() -> None:
    """A size kept in the ms columns is shown as MB (2.27 MB was printed as "2.27 ms"); the
    plan with warnings is a ratio to the status taken in turn with it, not to a status
    measured minutes before."""
    from run import REPORT_HTML_SIZE, SITE_DISK, WARNED_BASE, WARNED_STATUS, Timing, verdicts

    def row(name: str, median: float) -> Timing:
        return Timing(name, "10k", 1, median, median, median, 10)

    results = [
        row(REPORT_HTML_SIZE, 2.27),
        row(SITE_DISK, 145.2),
        row("commit status (warm)", 150),
        row(WARNED_BASE, 200),
        row(WARNED_STATUS, 205),
    ]
    table = verdicts(results)
    assert "| 10k report summary html ≤ 2 MB | 2.27 MB | - | - | missed |" in table
    assert "| 10k site on disk ≤ 200 MB | 145.2 MB | - | - | met |" in table
    assert "(warm status) | 205 ms | 200 ms | 1.02× | met |" in table  # not 205/150


def test_history_builder_records_progress_commit_by_commit(tmp_path: Path) -> None:
    from commit_cli.history.git import Repository
    from commit_cli.history.walk import plan_history

    repo = build(12, tmp_path / "repo", milestones=120, seed=3)
    assert load_plan(FolderSource(repo / "plan")).errors == ()
    with Repository.of(repo / "plan") as repository:
        found = plan_history(repository)
    assert found.commits == 12
    assert found.unreadable == []
    assert {c.by.author for c in found.changes if c.by} >= {"Sok Chan", "Malee Somchai"}
    kinds = {c.kind for c in found.changes}
    assert "added" in kinds
    assert len(kinds) >= 3


def test_readme_section_replaces_only_the_marked_table(tmp_path: Path) -> None:
    from run import FLOOR, README_END, README_START, Timing, readme_section, write_readme

    results = [
        Timing(FLOOR, "-", 1, 100, 100, 100, 10),
        Timing("commit --help", "-", 1, 70, 70, 70, 10),
        Timing("commit status (warm)", "bundled", 1, 90, 90, 90, 10),
    ]
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\nBefore.\n\n{README_START}\nOLD TABLE\n{README_END}\n\nAfter.\n")
    section = readme_section(results, "python benchmarks/run.py --sizes bundled", "2026-12-07")
    write_readme(readme, section)
    text = readme.read_text()
    assert text.startswith("# Title\n\nBefore.\n\n")
    assert text.endswith("\n\nAfter.\n")
    assert "OLD TABLE" not in text
    assert "| commit --help ≤ 0.8× the floor | 70 ms | 100 ms | 0.70× | met |" in text
    assert "| bundled warm status ≤ 0.85× the floor | 90 ms | 100 ms | 0.90× | missed |" in text
    assert "targets: 1 met, 1 missed, " in text
    assert "Not measured in that run: 10k warm status ≤ 250 ms;" in text
    write_readme(readme, section)  # again: the same text, the markers kept
    assert readme.read_text() == text

    unmarked = tmp_path / "OTHER.md"
    unmarked.write_text("# No markers\n")
    with pytest.raises(SystemExit):
        write_readme(unmarked, section)
    assert unmarked.read_text() == "# No markers\n"


def test_readme_table_is_the_harness_output_for_every_current_target() -> None:
    """The README's table was written by the harness with today's targets: each target is a
    row with a verdict, or named as not measured; a target renamed or added since makes the
    README stale until the harness runs again."""
    from run import README_END, README_START, TARGETS

    text = (REPO / "README.md").read_text(encoding="utf-8")
    start, end = text.index(README_START), text.index(README_END)
    section = text[start:end]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    judged = {line.split(" | ")[0][2:] for line in rows[1:]}
    assert all(line.endswith(("| met |", "| missed |")) for line in rows[1:])
    not_measured = section.partition("Not measured in that run: ")[2].rstrip(".\n")
    named = {what for what in not_measured.split("; ") if what}
    assert judged | named == {target.what for target in TARGETS}
    assert not judged & named


def test_the_readme_names_the_command_so_it_can_be_run_again() -> None:
    """An empty argument (`--histories ''`, no history) is quoted, not lost: the command the
    README shows, split as a shell splits it, gives the harness the same arguments."""
    import shlex

    from run import command_line

    arguments = ["--sizes", "bundled,10k", "--histories", "", "--runs", "3", "--readme", "R.md"]
    assert shlex.split(command_line(arguments)) == ["python", "benchmarks/run.py", *arguments]
