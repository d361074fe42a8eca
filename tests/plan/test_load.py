"""Loading a plan (`plan.load`): every kind of bad input gives located problems, in order,
never a traceback; the plan as an edit would leave it reads again only the changed file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import PPC_1, PPC_2, write_plan

from commit_cli.plan import file_read
from commit_cli.plan import load as load_module
from commit_cli.plan.cache import ResultCache
from commit_cli.plan.file_read import FileRead
from commit_cli.plan.load import load_plan, reload
from commit_cli.plan.sources import FolderSource, OverlaySource, PlanSource
from commit_cli.problems import Problem


def problems_of(plan_dir: Path) -> list[str]:
    return [p.format() for p in load_plan(FolderSource(plan_dir)).problems]


def test_valid_plan_loads_with_no_problems(plan_dir: Path) -> None:
    result = load_plan(FolderSource(plan_dir))
    assert result.problems == ()
    assert result.plan is not None
    assert [ppc.id for ppc in result.plan.ppcs] == ["ppc-1", "ppc-2"]
    seminar = result.plan.ppcs[0].milestones[1]
    assert seminar.window is not None
    assert (str(seminar.window.start), str(seminar.window.end)) == ("2006-01-01", "2006-12-31")


def ppc1_with(old: str, new: str) -> str:
    assert old in PPC_1
    return PPC_1.replace(old, new, 1)


BAD_PPC_1 = [
    pytest.param(
        "id: ppc-1\nlabel: PPC 1: extra\n",
        "2:8",
        "a ': ' inside a value starts a new key; put the text in quotes: label: 'PPC 1: extra'",
        id="yaml-syntax",
    ),
    pytest.param(
        ppc1_with("    lead: uniap", "\tlead: uniap"),
        "14:1",
        "indented with spaces, not tabs",
        id="tab-indentation",
    ),
    pytest.param(
        ppc1_with("    phase: preparation\n", "    phase: preparation\n    phase: core\n"),
        "13:5",
        "duplicate key 'phase' (first written on line 12)",
        id="duplicate-key",
    ),
    pytest.param(
        ppc1_with("    kind: assessment", "    knd: assessment"),
        "11:5",
        "unknown key 'knd'; did you mean 'kind'?",
        id="misspelt-key",
    ),
    pytest.param(
        ppc1_with("min_duration_days: 2", "min_duration_days: two"),
        "20:24",
        "min_duration_days: expected a whole number, found 'two'",
        id="wrong-type",
    ),
    pytest.param(
        ppc1_with("window: 2005-H2", "window: 2006-13-45"),
        "13:13",
        "'2006-13-45' has month 13",
        id="impossible-date",
    ),
    pytest.param(
        ppc1_with("    lead: uniap", "    status: finished"),
        "14:13",
        "unknown status 'finished'; expected one of planned, in_progress, done, postponed,"
        " cancelled",
        id="unknown-status",
    ),
    pytest.param(
        ppc1_with("    lead: uniap", "    lead: unicef"),
        "14:11",
        "lead: unknown partner or role 'unicef'",
        id="dangling-reference",
    ),
    pytest.param(
        ppc1_with("    lead: uniap", "    lead: uniap\n    depends_on: [ppc1-seminar]"),
        "15:18",
        "dependency cycle: ppc1-assessment → ppc1-seminar → ppc1-assessment",
        id="dependency-cycle",
    ),
    pytest.param(
        "id: ppc-1\n<<<<<<< HEAD\nlabel: PPC 1\n=======\nlabel: PPC one\n>>>>>>> branch\n",
        "2:1",
        "git merge-conflict marker",
        id="merge-conflict",
    ),
    pytest.param("", "1:1", "the file is empty", id="empty-file"),
    pytest.param("# only a comment\n", "1:1", "the file is empty", id="only-comments"),
    pytest.param("- id: ppc-1\n", "1:1", "holds a list", id="list-at-top"),
    pytest.param("just some text\n", "1:1", "holds a single line of text", id="scalar-at-top"),
    pytest.param(
        ppc1_with("{min: 20, max: 30}", "[20, 30]"),
        "21:19",
        "participants: expected a mapping (key: value lines), found a list",
        id="list-where-a-mapping-belongs",
    ),
    pytest.param(
        ppc1_with("activities: [act-1]", "activities: act-1"),
        "6:13",
        "activities: expected a list, found 'act-1'",
        id="scalar-where-a-list-belongs",
    ),
    pytest.param(
        ppc1_with(
            "objective: Exchange information.",
            "objective: !!python/object/apply:os.system ['touch pwned']",
        ),
        "7:12",
        "tag '!!python/object/apply:os.system' is not allowed",
        id="python-tag",
    ),
    pytest.param(
        ppc1_with("milestones:", "objective2: &a [1]\nmilestones:"),
        "",
        "unknown key 'objective2'",
        id="anchor-without-alias-is-plain-data",
    ),
]


@pytest.mark.parametrize(("ppc_text", "position", "message"), BAD_PPC_1)
def test_bad_input_is_located(plan_dir: Path, ppc_text: str, position: str, message: str) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(ppc_text, encoding="utf-8")
    problems = problems_of(plan_dir)
    matching = [p for p in problems if message in p]
    assert matching, problems
    if position:
        assert matching[0].startswith(f"plan/ppcs/ppc-01.yaml:{position}: error: "), matching
    assert not Path("pwned").exists()
    assert all(p.startswith("plan/ppcs/ppc-01.yaml:") for p in problems), "spurious problems"


def test_every_problem_of_a_file_is_reported_in_order(plan_dir: Path) -> None:
    text = ppc1_with("    kind: assessment", "    knd: assessment").replace(
        "phase: core", "phase: middle"
    )
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(text, encoding="utf-8")
    (plan_dir / "ppcs" / "ppc-02.yaml").write_text(
        PPC_2.replace("kind: workshop", "kind: workshp"), encoding="utf-8"
    )
    problems = problems_of(plan_dir)
    assert [p.split(": error")[0] for p in problems] == [
        "plan/ppcs/ppc-01.yaml:9:5",  # missing kind (the milestone mapping)
        "plan/ppcs/ppc-01.yaml:11:5",  # unknown key knd
        "plan/ppcs/ppc-01.yaml:18:12",  # unknown phase
        "plan/ppcs/ppc-02.yaml:13:11",  # unknown kind
    ]


def test_a_load_that_shows_no_problem_does_not_place_them(
    plan_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`locate=False` (for `commit log`, which prints none of them): the same problems and
    the same verdict, but no file composed again to find their lines."""
    text = ppc1_with("    kind: assessment", "    knd: assessment")
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(text, encoding="utf-8")
    placed = load_plan(FolderSource(plan_dir))

    def never(*args: Any) -> Any:
        raise AssertionError("problems placed")

    monkeypatch.setattr(load_module, "located", never)
    unplaced = load_plan(FolderSource(plan_dir), locate=False)
    assert placed.plan is None
    assert unplaced.plan is None
    assert unplaced.readable == placed.readable

    def found(problems: tuple[Problem, ...]) -> list[tuple[str, str, str, str]]:
        return sorted((p.file, p.code, p.message, p.severity) for p in problems)

    assert found(unplaced.problems) == found(placed.problems)
    assert all(p.line for p in placed.problems)
    assert not all(p.line for p in unplaced.problems)


@pytest.mark.parametrize(
    ("make", "what"), [("rmdir", "is missing"), ("file", "is a file, not a folder")]
)
def test_a_missing_ppcs_folder_is_named_once(tmp_path: Path, make: str, what: str) -> None:
    plan_dir = write_plan(tmp_path, ppcs={})
    (plan_dir / "ppcs").rmdir()
    if make == "file":
        (plan_dir / "ppcs").write_text("x", encoding="utf-8")
    result = load_plan(FolderSource(plan_dir))
    assert result.plan is None
    assert not result.cross_checked
    (problem,) = result.problems
    assert problem.code == "no-ppc-folder"
    assert problem.format().endswith(
        f"ppcs:1:1: error: the PPC folder {what}; PPC files go in plan/ppcs/*.yaml"
    )


# --- the plan as an edit would leave it ---------------------------------------------------


def counting_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files read (not taken from an earlier load), as they are read."""
    read: list[str] = []
    real = file_read.read_one

    def read_one(source: PlanSource, name: str, *args: Any, **kwargs: Any) -> FileRead:
        read.append(name)
        return real(source, name, *args, **kwargs)

    monkeypatch.setattr(load_module, "read_one", read_one)
    return read


def test_reload_reads_only_the_changed_file(
    plan_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = ResultCache(tmp_path / "cache")
    source = FolderSource(plan_dir)
    loaded = load_plan(source, cache)
    name = loaded.files[1].name
    new = ppc1_with("    lead: uniap", "    lead: unicef").encode()
    read = counting_reads(monkeypatch)
    would = reload(loaded, source, {name: new}, cache)
    assert read == [name]
    expected = load_plan(OverlaySource(source, {name: new}))
    assert [p.format() for p in would.problems] == [p.format() for p in expected.problems]
    assert [p.code for p in would.problems] == ["unknown-reference"]
    assert would.readable == expected.readable
    assert would.files[2] is loaded.files[2]
    assert (plan_dir / "ppcs" / "ppc-01.yaml").read_text(encoding="utf-8") == PPC_1


def test_reload_reads_again_a_file_that_failed_validation(
    plan_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (plan_dir / "ppcs" / "ppc-02.yaml").write_text(
        PPC_2.replace("kind: workshop", "kind: workshp"), encoding="utf-8"
    )
    source = FolderSource(plan_dir)
    loaded = load_plan(source)
    first, second = (read.name for read in loaded.files[1:])
    read = counting_reads(monkeypatch)
    would = reload(loaded, source, {first: ppc1_with("target: 1", "target: 2").encode()})
    assert read == [first, second]
    assert would.left_out == loaded.left_out == (second,)


def test_reload_refuses_a_file_the_plan_does_not_have(plan_dir: Path) -> None:
    source = FolderSource(plan_dir)
    with pytest.raises(ValueError, match="not a file of the plan"):
        reload(load_plan(source), source, {"plan/ppcs/ppc-09.yaml": b"id: x\n"})


def test_a_load_result_cannot_be_changed(plan_dir: Path) -> None:
    result = load_plan(FolderSource(plan_dir))
    with pytest.raises(AttributeError):
        result.plan = None  # type: ignore[misc]
    with pytest.raises(TypeError):
        result.ppc_file_of["ppc-1"] = "elsewhere"  # type: ignore[index]
    assert isinstance(result.problems, tuple)
    assert isinstance(result.files, tuple)
