"""The history walk reads its blobs ahead on two cores (`history.read_ahead`): whatever it
reads ahead, and whatever the child does, `plan_history` finds what the walk finds reading
every blob itself, in its own order, and a later run finds the same in the cache the
readers wrote."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import HEADER, PPC_1, PPC_2, GitRepo
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commit_cli.history import read_ahead, two_cores, walk
from commit_cli.history.git import Repository
from commit_cli.history.walk import parse_bound, plan_history
from commit_cli.plan.cache import ResultCache

NAMES = ["ppc-01", "ppc-02", "ppc-03"]
# One step of a history: an edit of one PPC file; a copy of another file's bytes (one blob
# in two files); a version brought back (a blob met again); broken bytes; a file removed.
steps = st.lists(
    st.tuples(
        st.sampled_from(NAMES),
        st.sampled_from(
            ["title", "status", "add", "copy", "back", "broken", "not-utf8", "remove", "bogus"]
        ),
        st.integers(0, 5),
    ),
    min_size=1,
    max_size=8,
)
STATUSES = ["planned", "in_progress", "done"]


def dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def build(root: Path, history: list[tuple[str, str, int]]) -> None:
    repo = GitRepo(root)
    first = yaml.safe_load(PPC_2)
    first["id"], first["label"] = "ppc-3", "PPC 3"
    data = {"ppc-01": yaml.safe_load(PPC_1), "ppc-02": yaml.safe_load(PPC_2), "ppc-03": first}
    texts: dict[str, list[bytes]] = {name: [dump(ppc).encode()] for name, ppc in data.items()}
    repo.write("plan/plan.yaml", HEADER)
    for name, text in texts.items():
        (root / "plan" / "ppcs").mkdir(parents=True, exist_ok=True)
        (root / "plan" / "ppcs" / f"{name}.yaml").write_bytes(text[0])
    repo.commit("Add the plan", "2006-01-01")
    for day, (name, kind, number) in enumerate(history, start=1):
        path = root / "plan" / "ppcs" / f"{name}.yaml"
        milestones = data[name]["milestones"]
        item = milestones[number % len(milestones)]
        written = None
        if kind == "title":
            item["title"] = f"Meeting {number}"
        elif kind == "status":
            item["status"] = STATUSES[number % len(STATUSES)]
        elif kind == "bogus":
            item["status"] = "bogus"
        elif kind == "add":
            milestones.append({**item, "id": f"{item['id']}-{day}"})
        elif kind == "copy":
            written = texts[NAMES[(NAMES.index(name) + 1) % len(NAMES)]][-1]
        elif kind == "back":
            written = texts[name][number % len(texts[name])]
        elif kind == "broken":
            written = dump(data[name]).replace("milestones:", "milestones: [", 1).encode()
        elif kind == "not-utf8":
            written = dump(data[name]).encode() + b"notes: \xff\n"
        if kind == "remove":
            path.unlink(missing_ok=True)
        else:
            written = written if written is not None else dump(data[name]).encode()
            path.write_bytes(written)
            texts[name].append(written)
        repo.commit(f"{kind} {name}", f"2006-{1 + day // 28:02d}-{1 + day % 28:02d}")


def walked(root: Path, cache: Path | None, since: str | None = None) -> Any:
    with Repository.of(root / "plan") as repository:
        found = plan_history(
            repository,
            parse_bound(since, "--since"),
            cache=ResultCache(cache) if cache is not None else None,
        )
    return found.to_json(), list(found.ppc_titles.items())


@pytest.fixture
def on_two_cores(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every walk reads ahead, however short; the answers each took, counted."""
    monkeypatch.setattr(read_ahead, "MIN_READS", 0)
    monkeypatch.setattr(two_cores, "can_fork", lambda: True)
    answers: list[int] = []
    real = read_ahead.read_ahead

    def counted(*args: Any) -> Any:
        found = real(*args)
        answers.append(len(found))
        return found

    monkeypatch.setattr(walk, "read_ahead", counted)
    return answers


def by_itself(root: Path, since: str | None = None) -> Any:
    """The walk reading every blob itself, with no cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(walk, "read_ahead", lambda *args: {})
        return walked(root, None, since)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=steps, since=st.sampled_from([None, "2006-01-02"]))
def test_read_ahead_finds_what_the_walk_finds_by_itself(
    on_two_cores: list[int], history: list[tuple[str, str, int]], since: str | None
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repo"
        root.mkdir()
        build(root, history)
        expected = by_itself(root, since)
        cache = Path(folder) / "cache"
        on_two_cores.clear()
        assert walked(root, cache, since) == expected  # cold: read ahead, cache written
        if since is None:  # the first commit's files, at least, were read ahead
            assert on_two_cores[0] > 0
        assert walked(root, cache, since) == expected  # warm: from what the readers stored
        # A warm walk reads ahead only what the cache does not hold (a blob that fails)
        assert on_two_cores[1] <= len(expected[0]["unreadable"])
        other = None if since else "2006-01-02"  # another range, in the same cache
        assert walked(root, cache, other) == by_itself(root, other)


def test_a_child_that_fails_leaves_its_half_to_the_walk(
    history_repo: GitRepo, isolated_cache: Path, on_two_cores: list[int]
) -> None:
    """The child's half is read by the walk itself when the child gives no answer; the
    history is the same."""
    expected = by_itself(history_repo.root)
    real = walk._Walk.reader

    def failing(self: walk._Walk, blobs: list[str], child: bool) -> Any:
        if child:
            raise RuntimeError("the child fails")
        return real(self, blobs, child)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(walk._Walk, "reader", failing)
        assert walked(history_repo.root, isolated_cache) == expected
    assert on_two_cores[0] > 0  # this process's half was read ahead
    assert walked(history_repo.root, isolated_cache) == expected


def test_a_blob_read_ahead_is_used_only_under_the_name_it_was_read_by() -> None:
    """A blob met twice (the same bytes in two files, or a version brought back) is left
    to the walk, which gives it the answer, and the name, of its first read."""
    reads = [
        ("a" * 40, "ppcs/one.yaml", "c1:plan/ppcs/one.yaml"),
        ("b" * 40, "ppcs/two.yaml", "c1:plan/ppcs/two.yaml"),
        ("c" * 40, "ppcs/one.yaml", "c2:plan/ppcs/one.yaml"),
        ("b" * 40, "ppcs/one.yaml", "c3:plan/ppcs/one.yaml"),
    ]
    assert read_ahead.versions(reads) == {
        "ppcs/one.yaml": [("a" * 40, "c1:plan/ppcs/one.yaml"), ("c" * 40, "c2:plan/ppcs/one.yaml")]
    }


def test_the_halves_hold_every_file_once_with_about_the_same_work() -> None:
    files = {f"f{n}": [(f"{n}-{k}", "x") for k in range(1 + n % 3)] for n in range(9)}
    theirs, mine = read_ahead.halves(files)
    assert sorted([*theirs, *mine]) == sorted(files)
    assert not set(theirs) & set(mine)

    def work(part: read_ahead.Versions) -> int:
        return sum(read_ahead.FIRST_READ_WEIGHT + len(found) - 1 for found in part.values())

    assert abs(work(theirs) - work(mine)) <= read_ahead.FIRST_READ_WEIGHT + 2


def test_broken_bytes_in_two_files_are_named_as_the_walk_first_met_them(
    isolated_cache: Path, on_two_cores: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same broken bytes committed in one file, then in another: the walk names the
    problem by the commit and file where it first met them, read ahead or not (the halves'
    readers read file by file, not in the walk's order)."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repo"
        root.mkdir()
        build(root, [("ppc-01", "title", 1), ("ppc-02", "broken", 0), ("ppc-01", "copy", 0)])
        expected = by_itself(root)
        monkeypatch.setattr(read_ahead, "halves", lambda files: ({}, files))  # all here
        assert walked(root, isolated_cache) == expected
        assert on_two_cores[0] > 0
        monkeypatch.undo()  # and in halves again, with no cache (--no-cache)
        monkeypatch.setattr(read_ahead, "MIN_READS", 0)
        monkeypatch.setattr(two_cores, "can_fork", lambda: True)
        assert walked(root, None) == expected
    unreadable = expected[0]["unreadable"]
    assert len(unreadable) == 2
    assert unreadable[0]["problem"].split(":")[:2] == unreadable[1]["problem"].split(":")[:2]


def test_a_warm_walk_reads_back_every_entry_both_processes_wrote(
    history_repo: GitRepo, isolated_cache: Path, on_two_cores: list[int]
) -> None:
    """The child's entries are signed with the key this process reads them with (the key
    is made before the fork): a warm walk parses no blob."""
    from commit_cli.plan import file_read

    expected = by_itself(history_repo.root)
    assert walked(history_repo.root, isolated_cache) == expected
    assert on_two_cores[0] > 0
    parsed: list[str] = []
    real = file_read._from_bytes

    def counted(name: str, *args: Any) -> Any:
        parsed.append(name)
        return real(name, *args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(file_read, "_from_bytes", counted)
        assert walked(history_repo.root, isolated_cache) == expected
    assert not parsed  # every answer, even a failure, came from the cache
