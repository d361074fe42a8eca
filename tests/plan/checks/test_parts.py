"""The checks run in parts kept in the cache: an edit reruns only the parts whose inputs it
changes, and what the cached path reports is exactly what a fresh, uncached check reports."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import HEADER, PPC_1, PPC_2, REPO, write_plan
from test_rules import EXAMPLES, TODAY, example_plan

from commit_cli.core.vocabulary import Status
from commit_cli.plan.cache import ResultCache
from commit_cli.plan.checks import run as checks
from commit_cli.plan.checks.facts import plan_facts
from commit_cli.plan.load import LoadResult, load_plan
from commit_cli.plan.sources import FolderSource
from commit_cli.problems import Problem

sys.path.insert(0, str(REPO / "benchmarks"))

from generate import generate, hostile_ppc

ASSESSMENT_END = "    lead: uniap\n"


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often each part of the checks ran: `across`, and `file:<name>` per PPC file."""
    counted: Counter[str] = Counter()
    across, check_file = checks.check_across, checks.check_file

    def counting_across(*args: Any, **kwargs: Any) -> checks.Across:
        counted["across"] += 1
        return across(*args, **kwargs)

    def counting_file(header: Any, file: str, ppc: Any) -> list[Problem]:
        counted[f"file:{Path(file).stem}"] += 1
        return check_file(header, file, ppc)

    monkeypatch.setattr(checks, "check_across", counting_across)
    monkeypatch.setattr(checks, "check_file", counting_file)
    return counted


def load(plan_dir: Path, cache: ResultCache | None) -> LoadResult:
    return load_plan(FolderSource(plan_dir), cache, today=TODAY)


def shown(result: LoadResult) -> list[str]:
    """The problems as shown, in order, with their codes."""
    return [f"{p.format()} [{p.code}]" for p in result.problems]


def assert_cached_equals_fresh(plan_dir: Path, cache: ResultCache) -> LoadResult:
    cached = load(plan_dir, cache)
    fresh = load(plan_dir, None)
    assert cached.problems == fresh.problems
    assert shown(cached) == shown(fresh)
    return cached


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- what an edit reruns ------------------------------------------------------------------

PROGRESS_EDITS = {
    "note": ASSESSMENT_END + "    notes: Venue booked.\n",
    "status": ASSESSMENT_END + "    status: in_progress\n",
    "outcome": ASSESSMENT_END + "    outcome: Held as planned.\n",
    "done": ASSESSMENT_END + "    status: done\n    actual: {end: 2005-12-01}\n",
    "log": ASSESSMENT_END + "    log:\n      - {date: 2005-08-01, by: Dara, text: Booked.}\n",
}


@pytest.mark.parametrize("edit", sorted(PROGRESS_EDITS))
def test_recording_progress_does_not_rerun_the_rules_across_files(
    plan_dir: Path, tmp_path: Path, calls: Counter[str], edit: str
) -> None:
    cache = ResultCache(tmp_path / "cache")
    load(plan_dir, cache)
    assert calls == {"across": 1, "file:ppc-01": 1, "file:ppc-02": 1}
    rewrite(plan_dir / "ppcs" / "ppc-01.yaml", ASSESSMENT_END, PROGRESS_EDITS[edit])
    calls.clear()
    assert_cached_equals_fresh(plan_dir, cache)
    # the cached load ran only the edited file's own rules; the fresh one ran every part
    assert calls == {"file:ppc-01": 2, "file:ppc-02": 1, "across": 1}


def test_a_status_edit_is_compared_across_files_without_rerunning_them(
    plan_dir: Path, tmp_path: Path, calls: Counter[str]
) -> None:
    """ppc2-workshop depends on ppc1-seminar: taking it up while the seminar is planned warns,
    and recording the seminar's progress (in the other file) clears the warning."""
    cache = ResultCache(tmp_path / "cache")
    ppc_1, ppc_2 = plan_dir / "ppcs" / "ppc-01.yaml", plan_dir / "ppcs" / "ppc-02.yaml"
    load(plan_dir, cache)
    rewrite(
        ppc_2,
        "    depends_on: [ppc1-seminar]\n",
        "    depends_on: [ppc1-seminar]\n    status: in_progress\n",
    )
    calls.clear()
    result = assert_cached_equals_fresh(plan_dir, cache)
    assert [p.code for p in result.problems] == ["dependency-still-planned"]
    rewrite(
        ppc_1,
        "    depends_on: [ppc1-assessment]\n",
        "    depends_on: [ppc1-assessment]\n    status: in_progress\n",
    )
    result = assert_cached_equals_fresh(plan_dir, cache)
    assert [p.code for p in result.problems] == ["dependency-still-planned"]  # now the seminar's
    assert result.problems[0].file.endswith("ppc-01.yaml")
    assert calls["across"] == 2  # the two fresh loads only


def test_a_counted_milestone_s_status_is_compared_with_typed_values(
    tmp_path: Path, calls: Counter[str]
) -> None:
    ppc_1 = PPC_1.replace(
        "    target: 1\n",
        "    target: 1\n    counts: {milestones: [ppc1-seminar]}\n    values: {2006-H1: 1}\n",
    )
    plan_dir = write_plan(tmp_path, HEADER, {"ppc-01": ppc_1, "ppc-02": PPC_2})
    cache = ResultCache(tmp_path / "cache")
    assert [p.code for p in load(plan_dir, cache).problems] == ["value-contradicts-milestones"]
    rewrite(
        plan_dir / "ppcs" / "ppc-01.yaml",
        "    depends_on: [ppc1-assessment]\n",
        "    depends_on: [ppc1-assessment]\n    status: done\n"
        "    actual: {start: 2006-05-04, end: 2006-05-05}\n",
    )
    calls.clear()
    result = assert_cached_equals_fresh(plan_dir, cache)
    assert [p.code for p in result.problems] == ["dependency-still-planned"]
    assert calls["across"] == 1  # the fresh load only


FACT_EDITS: dict[str, tuple[str, str, str, str]] = {
    # what: (file, old, new, the code it brings)
    "id": ("ppc-02", "id: ppc2-workshops-held", "id: ppc1-seminars-held", "duplicate-id"),
    "depends_on": (
        "ppc-02",
        "depends_on: [ppc1-seminar]",
        "depends_on: [ppc1-seminr]",
        "unknown-reference",
    ),
    "series number": ("ppc-01", "number: 1, of: 2", "number: 2, of: 2", "series-number"),
    "counts": (
        "ppc-01",
        "    target: 1\n",
        "    target: 1\n    counts: {milestones: [ppc2-workshp]}\n",
        "unknown-reference",
    ),
    "window": ("ppc-01", "window: 2005-H2", "window: 2007-H1", "dependency-order"),
}


@pytest.mark.parametrize("what", sorted(FACT_EDITS))
def test_editing_a_fact_reruns_the_rules_across_files(
    plan_dir: Path, tmp_path: Path, calls: Counter[str], what: str
) -> None:
    cache = ResultCache(tmp_path / "cache")
    if what == "series number":  # a series of two, numbered 1 and 2
        rewrite(
            plan_dir / "ppcs" / "ppc-01.yaml",
            ASSESSMENT_END,
            ASSESSMENT_END + "    series: {name: visits, number: 1, of: 2}\n",
        )
        rewrite(
            plan_dir / "ppcs" / "ppc-02.yaml",
            "    depends_on: [ppc1-seminar]\n",
            "    depends_on: [ppc1-seminar]\n    series: {name: visits, number: 2, of: 2}\n",
        )
    assert load(plan_dir, cache).problems == ()
    file, old, new, code = FACT_EDITS[what]
    rewrite(plan_dir / "ppcs" / f"{file}.yaml", old, new)
    calls.clear()
    result = assert_cached_equals_fresh(plan_dir, cache)
    assert code in {p.code for p in result.problems}
    assert calls["across"] == 2  # the cached load reran them too


def test_editing_a_period_key_reruns_that_file_s_own_rules(
    plan_dir: Path, tmp_path: Path, calls: Counter[str]
) -> None:
    cache = ResultCache(tmp_path / "cache")
    ppc_1 = plan_dir / "ppcs" / "ppc-01.yaml"
    rewrite(ppc_1, "    target: 1\n", "    target: 1\n    values: {2006-H1: 1}\n")
    load(plan_dir, cache)
    rewrite(ppc_1, "{2006-H1: 1}", "{2006-H3: 1}")
    calls.clear()
    result = assert_cached_equals_fresh(plan_dir, cache)
    assert [p.code for p in result.problems] == ["bad-period"]
    assert calls == {"file:ppc-01": 2, "file:ppc-02": 1, "across": 1}


def test_editing_the_plan_period_reruns_every_file_s_own_rules(
    plan_dir: Path, tmp_path: Path, calls: Counter[str]
) -> None:
    cache = ResultCache(tmp_path / "cache")
    load(plan_dir, cache)
    rewrite(plan_dir / "plan.yaml", "end: 2007-12-31", "end: 2006-06-30")
    calls.clear()
    result = assert_cached_equals_fresh(plan_dir, cache)
    assert "outside-period" in {p.code for p in result.problems}
    assert calls == {"file:ppc-01": 2, "file:ppc-02": 2, "across": 1}


def test_the_facts_leave_out_progress_and_prose(plan_dir: Path) -> None:
    plan = load(plan_dir, None).plan
    assert plan is not None
    seminar = plan.ppcs[0].milestones[1]
    recorded = seminar.model_copy(
        {"status": Status.done, "notes": "Held.", "outcome": "Agreed.", "title": "Seminar"}
    )
    ppc = plan.ppcs[0].model_copy(
        {"milestones": [plan.ppcs[0].milestones[0], recorded], "objective": "Other."}
    )
    changed = plan.model_copy({"ppcs": [ppc, plan.ppcs[1]], "title": "Another title"})
    assert plan_facts(changed, changed.ppcs) == plan_facts(plan, plan.ppcs)
    moved = seminar.model_copy({"depends_on": []})
    ppc = plan.ppcs[0].model_copy({"milestones": [plan.ppcs[0].milestones[0], moved]})
    assert plan_facts(plan, [ppc, plan.ppcs[1]]) != plan_facts(plan, plan.ppcs)


# --- the cached path reports exactly what a fresh check does ------------------------------


def prime_then_compare(
    plan_dir: Path, cache: ResultCache, primers: list[Callable[[], None]]
) -> None:
    """Load each primed version of the plan with the cache, restore the plan, and compare its
    cached load with a fresh one."""
    originals = {path: path.read_bytes() for path in plan_dir.rglob("*.yaml")}
    for primer in primers:
        primer()
        load(plan_dir, cache)
        for path, data in originals.items():
            path.write_bytes(data)
        assert_cached_equals_fresh(plan_dir, cache)


def comment_on(path: Path) -> Callable[[], None]:
    """A version of `path` that differs in its bytes only (its facts and record are the same)."""

    def rewrite() -> None:
        path.write_bytes(b"# another version\n" + path.read_bytes())

    return rewrite


@pytest.mark.parametrize("code", sorted(EXAMPLES))
@pytest.mark.parametrize("which", ["breaks", "keeps"])
def test_the_cached_path_reports_what_a_fresh_check_does_for_every_example(
    tmp_path: Path, code: str, which: str
) -> None:
    breaking, keeping = EXAMPLES[code]
    plan_dir = example_plan(tmp_path / "example", breaking if which == "breaks" else keeping)
    base = example_plan(tmp_path / "base", [])
    ppcs = plan_dir / "ppcs"

    def base_version() -> None:  # every file as the base plan has it
        for path in base.rglob("*.yaml"):
            shutil.copy(path, plan_dir / path.relative_to(base))

    primers = [
        base_version,
        comment_on(ppcs / "ppc-01.yaml"),
        comment_on(ppcs / "ppc-02.yaml"),
        comment_on(plan_dir / "decisions.yaml"),
    ]
    prime_then_compare(plan_dir, ResultCache(tmp_path / "cache"), primers)


def test_the_cached_path_reports_what_a_fresh_check_does_for_the_bundled_plan(
    tmp_path: Path,
) -> None:
    plan_dir = tmp_path / "plan"
    shutil.copytree(REPO / "plan", plan_dir)
    first = sorted((plan_dir / "ppcs").glob("*.yaml"))[0]

    def taken_up() -> None:
        rewrite(first, "status: planned", "status: in_progress")

    primers = [comment_on(first), taken_up, comment_on(plan_dir / "plan.yaml")]
    prime_then_compare(plan_dir, ResultCache(tmp_path / "cache"), primers)


@pytest.mark.parametrize("hostile", [None, "cycles", "series"])
def test_the_cached_path_reports_what_a_fresh_check_does_for_generated_plans(
    tmp_path: Path, hostile: str | None
) -> None:
    plan_dir = generate(600, tmp_path / "generated", seed=11, per_file=150)
    if hostile is not None:
        (plan_dir / "ppcs" / "ppc-hostile.yaml").write_text(
            hostile_ppc(hostile, 300), encoding="utf-8"
        )
    first = sorted((plan_dir / "ppcs").glob("*.yaml"))[0]

    def noted() -> None:
        rewrite(first, "    notes: ", "    notes: Another note. ")

    def taken_up() -> None:
        rewrite(first, "    status: planned\n", "    status: done\n")

    primers = [noted, taken_up, comment_on(plan_dir / "plan.yaml")]
    prime_then_compare(plan_dir, ResultCache(tmp_path / "cache"), primers)


def test_checking_from_cached_files_imports_no_pydantic(plan_dir: Path, tmp_path: Path) -> None:
    """Only a file that misses the cache needs pydantic: with every record cached, checking
    again (the whole result and each file's part dropped) reads the facts digests only."""
    cache = ResultCache(tmp_path / "cache")
    load(plan_dir, cache)
    dropped = [
        e
        for e in (tmp_path / "cache").rglob("*")
        if e.is_file() and (cache.get(e.name) or b"")[:1] == b"["
    ]
    assert len(dropped) == 3  # the whole result and the two files' parts
    for entry in dropped:
        entry.unlink()
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from commit_cli.plan.cache import ResultCache\n"
        "from commit_cli.plan.load import load_plan\n"
        "from commit_cli.plan.sources import FolderSource\n"
        "result = load_plan(FolderSource(Path(sys.argv[1])), ResultCache(Path(sys.argv[2])))\n"
        "assert result.plan is not None and not result.problems\n"
        "print(sorted(m for m in ('pydantic', 'commit_cli.plan.checks') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(plan_dir), str(tmp_path / "cache")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "['commit_cli.plan.checks']"
