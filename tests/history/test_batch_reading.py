"""The history walk reads each blob through one `git cat-file --batch` process, re-reads an
edited version only where it differs from the one before (`yamlio.splice`) and validates
only the items that differ (`plan.validate.KnownItems`). Whatever it spares, what it finds
must be what reading each file on its own finds: a file shown by its own `git show`,
parsed whole and validated whole, with no cache."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import AUTHORS, HEADER, PPC_1, PPC_2, GitRepo
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commit_cli.core.model import PPC, PlanHeader
from commit_cli.core.record import Record
from commit_cli.history import walk
from commit_cli.history.git import Repository
from commit_cli.history.objects import ObjectReader
from commit_cli.history.walk import History, plan_history
from commit_cli.plan.cache import ResultCache
from commit_cli.plan.load import read_file
from commit_cli.plan.sources import PlanFiles
from commit_cli.problems import Problem

Found = tuple[Record | None, list[str]]


class ShownFiles:
    """Each file named `REV:path`, read by its own `git show`: the reader before the batch."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def files(self) -> PlanFiles:
        return PlanFiles(header="", ppcs=[], ignored=[])

    def read(self, name: str) -> bytes:
        done = subprocess.run(
            ["git", "-C", str(self.root), "show", name], capture_output=True, check=True
        )
        return done.stdout

    def content_id(self, name: str) -> str | None:
        return None


def walked(root: Path, cache: Path) -> tuple[History, dict[str, Found]]:
    """The history of the plan in `root`, and what the walk read of each blob it read."""
    seen: dict[str, Found] = {}

    def recording(source: Any, name: str, *args: Any) -> tuple[Any, list[Problem], Any]:
        found = read_file(source, name, *args)  # the function the walk calls
        seen[name] = (found[0], [p.format() for p in found[1]])
        return found

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(walk, "read_file", recording)
        with Repository.of(root / "plan") as repository:
            history = plan_history(repository, cache=ResultCache(cache))
    return history, seen


def alone(root: Path, name: str) -> Found:
    """The blob `name` (`REV:path`) read on its own, whole, as the walk should find it."""
    model: type[Record] = PlanHeader if name.endswith(":plan/plan.yaml") else PPC
    what = "the plan's header" if model is PlanHeader else "one PPC"
    record, problems, _ = read_file(ShownFiles(root), name, model, what)
    return record, [p.format() for p in problems]


def commit(repo: GitRepo, message: str, day: int) -> None:
    repo.commit(message, when=f"2006-{1 + day // 28:02d}-{1 + day % 28:02d}")


def dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


# One step of a history: an edit of one PPC's data, or a commit of broken bytes.
STATUSES = ["planned", "in_progress", "done", "bogus"]
TITLES = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
steps = st.lists(
    st.tuples(
        st.sampled_from(["ppc-01", "ppc-02"]),
        st.sampled_from(["title", "status", "add", "remove", "target", "broken", "not-utf8"]),
        st.integers(0, 5),
        TITLES,
    ),
    min_size=1,
    max_size=7,
)


def apply(data: dict[str, Any], kind: str, number: int, text: str) -> str | bytes:
    """The file's next text after the edit `kind` (its data changed in place), or broken
    bytes for this commit only."""
    milestones = data["milestones"]
    item = milestones[number % len(milestones)]
    if kind == "title":
        item["title"] = text
    elif kind == "status":
        item["status"] = STATUSES[number % len(STATUSES)]
    elif kind == "add":
        milestones.insert(number % (len(milestones) + 1), {**item, "id": f"{item['id']}-{number}"})
    elif kind == "remove" and len(milestones) > 1:
        milestones.remove(item)
    elif kind == "target":
        data["indicators"][0]["target"] = number - 2  # below zero: refused
    elif kind == "broken":
        return dump(data).replace("milestones:", "milestones: [", 1)
    elif kind == "not-utf8":
        return dump(data).encode() + b"notes: \xff\xfe\n"
    return dump(data)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=steps)
def test_the_walk_reads_every_blob_as_a_file_read_alone(
    history: list[tuple[str, str, int, str]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repo"
        root.mkdir()
        repo = GitRepo(root)
        data = {"ppc-01": yaml.safe_load(PPC_1), "ppc-02": yaml.safe_load(PPC_2)}
        repo.write("plan/plan.yaml", HEADER)
        for name, ppc in data.items():
            repo.write(f"plan/ppcs/{name}.yaml", dump(ppc))
        commit(repo, "Add the plan", 0)
        for day, (name, kind, number, text) in enumerate(history, start=1):
            written = apply(data[name], kind, number, text)
            path = root / "plan" / "ppcs" / f"{name}.yaml"
            if isinstance(written, bytes):
                path.write_bytes(written)
            else:
                path.write_text(written, encoding="utf-8")
            commit(repo, f"{kind} {name}", day)
        found, seen = walked(root, Path(folder) / "cache")
        assert seen  # the first commit's files, at least
        for name, read in seen.items():
            assert read == alone(root, name), name
        for item in found.unreadable:  # each at its commit, as read alone
            record, problems = alone(root, item.file)
            assert record is None
            first = next(p for p in problems if ": error: " in p)
            # A blob met again is reported with the label it was first read under.
            assert item.problem.split(":", 1)[1] == first.split(":", 1)[1]
        assert {i.file for i in found.unreadable} >= {n for n, r in seen.items() if r[0] is None}


def test_hostile_entries_at_one_commit_are_reported_and_the_walk_goes_on(
    plan_repo: GitRepo, isolated_cache: Path
) -> None:
    """Bad UTF-8, a file over the size limit, a link out of the plan and a submodule where
    PPC files should be: each is reported at its commit, never read whole, and the next
    commit is compared with the last version that could be read."""
    root = plan_repo.root
    ppc_1 = root / "plan" / "ppcs" / "ppc-01.yaml"
    ppc_1.write_bytes(PPC_1.encode().replace(b"Regional seminar", b"Regional \xff"))
    huge = root / "plan" / "ppcs" / "ppc-03.yaml"
    huge.write_bytes(b"id: ppc-3\nobjective: " + b"x" * (16 * 1024 * 1024) + b"\n")
    (root / "plan" / "ppcs" / "ppc-04.yaml").symlink_to("../../../outside.yaml")
    plan_repo.git("add", "-A")
    head = plan_repo.git("rev-parse", "HEAD")
    plan_repo.git("update-index", "--add", "--cacheinfo", f"160000,{head},plan/ppcs/ppc-05.yaml")
    name, email = AUTHORS["sok"]
    stamp = "2006-02-01T12:00:00+00:00"
    plan_repo.git(
        "commit",
        "-q",
        "-m",
        "Hostile",
        env={
            "GIT_AUTHOR_NAME": name,
            "GIT_AUTHOR_EMAIL": email,
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_NAME": name,
            "GIT_COMMITTER_EMAIL": email,
            "GIT_COMMITTER_DATE": stamp,
        },
    )
    hostile = plan_repo.git("rev-parse", "--short", "HEAD")
    plan_repo.git("rm", "-q", "--cached", "plan/ppcs/ppc-05.yaml")
    huge.unlink()
    (root / "plan" / "ppcs" / "ppc-04.yaml").unlink()
    ppc_1.write_text(PPC_1.replace("Regional seminar", "Regional meeting"), encoding="utf-8")
    plan_repo.commit("Repaired", when="2006-02-02")

    found, seen = walked(root, isolated_cache)

    problems = {item.file.split(":", 1)[1]: item.problem for item in found.unreadable}
    assert all(item.file.startswith(f"{hostile}:") for item in found.unreadable)
    assert set(problems) == {f"plan/ppcs/ppc-0{n}.yaml" for n in (1, 3, 4, 5)}
    assert "UTF-8" in problems["plan/ppcs/ppc-01.yaml"]
    assert "larger than 16 MiB" in problems["plan/ppcs/ppc-03.yaml"]
    assert "link" in problems["plan/ppcs/ppc-04.yaml"]
    assert "submodule" in problems["plan/ppcs/ppc-05.yaml"]
    repaired = [c for c in found.changes if c.by is not None and c.by.subject == "Repaired"]
    assert [(c.kind, c.id, c.summary) for c in repaired] == [
        ("field", "ppc1-seminar", "title: “Regional seminar” → “Regional meeting”")
    ]
    for name, read in seen.items():
        if not any(f"ppc-0{n}" in name for n in (3, 4, 5)):  # files, which `git show` reads
            assert read == alone(root, name), name


@pytest.mark.parametrize("reused", [True, False])
def test_an_invalid_item_among_known_ones_is_reported_as_read_alone(reused: bool) -> None:
    """KnownItems: items validated before are taken as they were, and a version with an
    invalid item is reported exactly as validating it alone reports it."""
    from commit_cli.plan.validate import KnownItems, validate

    data = yaml.safe_load(PPC_1)
    known = KnownItems()
    first = validate("ppc-01.yaml", data, PPC, known)
    assert first.record is not None
    edited = dict(data)
    kept = data["milestones"] if reused else [dict(item) for item in data["milestones"]]
    edited["milestones"] = [kept[0], {**kept[1], "status": "bogus"}]
    with_known = validate("ppc-01.yaml", edited, PPC, known)
    assert with_known.record is None
    assert with_known == validate("ppc-01.yaml", edited, PPC)
    edited["milestones"] = [kept[0], {**kept[1], "status": "done"}]
    fixed = validate("ppc-01.yaml", edited, PPC, known)
    assert fixed == validate("ppc-01.yaml", edited, PPC)
    assert isinstance(first.record, PPC)
    assert isinstance(fixed.record, PPC)
    # The unchanged item is the very record validated first only when it is the same object.
    assert (fixed.record.milestones[0] is first.record.milestones[0]) is reused


def summaries(found: History) -> list[tuple[str, str, str]]:
    return [(c.kind, c.id, c.summary) for c in found.changes] + [
        ("unreadable", u.file, u.problem) for u in found.unreadable
    ]


@pytest.mark.parametrize("first", ["2006-04-01", None])
def test_versions_stored_against_the_one_before_read_back_in_any_range(
    history_repo: GitRepo, isolated_cache: Path, first: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A later version is stored as what differs from the version before (history.versions);
    a walk over another range, where that version is not read first, reads it again."""
    from commit_cli.history import versions
    from commit_cli.history.walk import parse_bound

    hits: list[bool] = []
    real = versions.load

    def counted(*args: Any) -> Any:
        found = real(*args)
        hits.append(found is not None)
        return found

    monkeypatch.setattr(versions, "load", counted)

    def run(since: str | None, cache: ResultCache | None) -> History:
        with Repository.of(history_repo.root / "plan") as repository:
            return plan_history(repository, parse_bound(since, "--since"), cache=cache)

    cache = ResultCache(isolated_cache)
    for since in (first, "2006-04-01" if first is None else None, first):
        assert summaries(run(since, cache)) == summaries(run(since, None)), since
    assert any(hits)  # the last run read versions stored by the first


def test_a_version_entry_is_read_only_against_the_version_it_was_stored_against(
    isolated_cache: Path,
) -> None:
    from commit_cli.core.conversion import validated
    from commit_cli.history import versions

    cache = ResultCache(isolated_cache)
    before = validated(PPC, yaml.safe_load(PPC_1))
    data = yaml.safe_load(PPC_1)
    data["milestones"][1]["title"] = "Regional meeting"
    after = validated(PPC, data)
    shared = after.model_copy({"milestones": [before.milestones[0], after.milestones[1]]})
    versions.store(cache, "b" * 40, shared, "a" * 40, before)
    fewer = before.model_copy({"milestones": []})

    def read(*known: tuple[str, Record]) -> Callable[[str], Record | None]:
        return dict(known).get

    assert versions.load(cache, "b" * 40, PPC, read(("a" * 40, before))) == after
    assert versions.load(cache, "b" * 40, PPC, read()) is None  # not read in this walk
    assert versions.load(cache, "b" * 40, PPC, read(("a" * 40, fewer))) is None  # leads nowhere
    assert versions.load(cache, "b" * 40, PlanHeader, read(("a" * 40, before))) is None
    assert versions.load(cache, "c" * 40, PPC, read(("a" * 40, before))) is None


def test_the_walk_reads_no_file_beside_the_plan_files(
    plan_repo: GitRepo, isolated_cache: Path
) -> None:
    """A scan or a picture kept in the plan folder and changed in the same commits as the
    plan is never fetched from git: the read-ahead asks only for the header and PPC files."""
    root = plan_repo.root
    scan = root / "plan" / "docs" / "scan.pdf"
    scan.parent.mkdir()
    ppc_1 = root / "plan" / "ppcs" / "ppc-01.yaml"
    scans = []
    for day in range(1, 4):
        scan.write_bytes(bytes([day]) * 200_000)
        ppc_1.write_text(PPC_1.replace("Regional seminar", f"Regional seminar {day}"), "utf-8")
        plan_repo.commit(f"Scan {day}", when=f"2006-02-0{day}")
        scans.append(plan_repo.git("rev-parse", "HEAD:plan/docs/scan.pdf"))
    asked: list[str] = []
    real = ObjectReader.get_many

    def recording(self: ObjectReader, names: list[str], *args: Any, **kwargs: Any) -> Any:
        asked.extend(names)
        return real(self, names, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ObjectReader, "get_many", recording)
        found, _ = walked(root, isolated_cache)
    assert len([c for c in found.changes if c.id == "ppc1-seminar"]) == 3  # every title read
    assert not set(scans) & set(asked)
