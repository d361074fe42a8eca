"""Reading the plan at a revision from git objects: the repository, commits, the source."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from conftest import GitRepo

from commit_cli.errors import EnvironmentFailure, NotFound
from commit_cli.history.git import Repository, ShallowHistory, pr_number
from commit_cli.history.objects import tree_entries
from commit_cli.history.source import RevisionSource
from commit_cli.plan.cache import ResultCache
from commit_cli.plan.load import load_plan


def test_the_repository_knows_where_the_plan_folder_is(plan_repo: GitRepo) -> None:
    with Repository.of(plan_repo.root / "plan") as repo:
        assert repo.root == plan_repo.root.resolve()
        assert repo.prefix == "plan"
        assert repo.shallow is False


def test_a_revision_reads_the_plan_as_committed_there(plan_repo: GitRepo) -> None:
    plan_repo.edit("plan/plan.yaml", "title: Test plan", "title: Renamed plan")
    second = plan_repo.commit("Rename the plan (#7)", when="2006-02-01", who="malee")
    with Repository.of(plan_repo.root) as repo:
        old = RevisionSource(repo, "HEAD~1")
        new = RevisionSource(repo, "HEAD")
        old_result, new_result = load_plan(old), load_plan(new)
        assert new.commit.oid == second
        assert (new.commit.author, new.commit.day, new.commit.pr) == (
            "Malee Somchai",
            date(2006, 2, 1),
            7,
        )
    assert old_result.plan is not None
    assert old_result.plan.title == "Test plan"
    assert new_result.plan is not None
    assert new_result.plan.title == "Renamed plan"
    assert old.files().ppcs == ["HEAD~1:plan/ppcs/ppc-01.yaml", "HEAD~1:plan/ppcs/ppc-02.yaml"]
    assert (plan_repo.root / "plan" / "plan.yaml").read_text().startswith("id: test-plan")
    assert plan_repo.git("status", "--porcelain") == ""


def test_problems_at_a_revision_are_located_in_that_revision(plan_repo: GitRepo) -> None:
    plan_repo.edit("plan/ppcs/ppc-01.yaml", "    lead: uniap", "    status: finished")
    plan_repo.commit("Break it")
    plan_repo.edit("plan/ppcs/ppc-01.yaml", "    status: finished", "    lead: uniap")
    plan_repo.commit("Fix it")
    with Repository.of(plan_repo.root) as repo:
        result = load_plan(RevisionSource(repo, "HEAD~1"))
    assert [p.format() for p in result.errors] == [
        "HEAD~1:plan/ppcs/ppc-01.yaml:14:13: error: unknown status 'finished'; expected one"
        " of planned, in_progress, done, postponed, cancelled; did you mean 'done'?"
    ]


def test_blobs_are_cached_by_id_and_not_read_again(
    plan_repo: GitRepo, isolated_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = ResultCache(isolated_cache)
    with Repository.of(plan_repo.root) as repo:
        assert load_plan(RevisionSource(repo, "HEAD"), cache).plan is not None
        reads: list[str] = []
        monkeypatch.setattr(RevisionSource, "read", lambda self, name: reads.append(name))
        assert load_plan(RevisionSource(repo, "main"), cache).plan is not None
    assert reads == []


def test_an_unknown_revision_names_the_closest_refs(plan_repo: GitRepo) -> None:
    with Repository.of(plan_repo.root) as repo, pytest.raises(NotFound) as caught:
        repo.commit("mian")
    assert caught.value.message == (
        "unknown revision 'mian' (no commit, branch or tag of that name); closest: main"
    )


def test_a_revision_without_the_plan_says_so(plan_repo: GitRepo) -> None:
    plan_repo.write("README.md", "notes\n")
    plan_repo.git("rm", "-rq", "plan")
    plan_repo.commit("Remove the plan")
    plan_repo.git("checkout", "-q", "HEAD~1", "--", "plan")
    with Repository.of(plan_repo.root / "plan") as repo, pytest.raises(EnvironmentFailure) as e:
        RevisionSource(repo, "HEAD")
    assert e.value.message.startswith("revision HEAD has no plan: no plan/plan.yaml in that")


def test_a_moved_plan_folder_is_followed(plan_repo: GitRepo) -> None:
    plan_repo.git("mv", "plan", "data")
    plan_repo.commit("Move the plan")
    plan_repo.git("mv", "data", "plan")
    plan_repo.commit("Move it back")
    with Repository.of(plan_repo.root / "plan") as repo:
        source = RevisionSource(repo, "HEAD~1")
        assert source.moved == "data"
        assert source.files().header == "HEAD~1:data/plan.yaml"
        assert load_plan(source).plan is not None


def test_not_a_git_repository(plan_dir: Path) -> None:
    with pytest.raises(EnvironmentFailure) as caught:
        Repository.of(plan_dir)
    assert "is not in a git repository" in caught.value.message


def test_git_not_installed(plan_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(plan_repo.root / "nowhere"))
    with pytest.raises(EnvironmentFailure) as caught:
        Repository.of(plan_repo.root)
    assert caught.value.message.startswith("git is not installed")


def test_a_shallow_clone_says_to_fetch_the_whole_history(
    plan_repo: GitRepo, tmp_path: Path
) -> None:
    plan_repo.edit("plan/ppcs/ppc-01.yaml", "    lead: uniap", "    lead: uniap\n    notes: x")
    plan_repo.commit("Note")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{plan_repo.root}", str(clone)], check=True
    )
    with Repository.of(clone / "plan") as repo:
        assert repo.shallow
        with pytest.raises(ShallowHistory) as caught:
            repo.commit("HEAD~1")
    assert "shallow clone" in caught.value.message
    assert "fetch-depth: 0" in caught.value.message


@pytest.mark.parametrize(
    ("message", "number"),
    [
        ("Merge pull request #12 from org/ppc-1\n\nRecord the seminar", 12),
        ("Record the seminar (#34)", 34),
        ("Record the seminar\n\nSee merge request plans/commit!56", 56),
        ("Record seminar #2 of 6", None),
    ],
)
def test_pull_request_numbers_from_messages(message: str, number: int | None) -> None:
    assert pr_number(message) == number


def test_tree_entries_parse_raw_trees() -> None:
    oid = "ab" * 20
    raw = b"100644 plan.yaml\0" + bytes.fromhex(oid) + b"40000 ppcs\0" + bytes.fromhex(oid)
    entries = tree_entries(raw)
    assert [(e.mode, e.name, e.oid, e.is_tree) for e in entries] == [
        ("100644", "plan.yaml", oid, False),
        ("40000", "ppcs", oid, True),
    ]


def test_a_committed_file_over_the_size_limit_is_refused(
    plan_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from commit_cli.plan import sources

    monkeypatch.setattr(sources, "MAX_FILE_BYTES", 64)
    with Repository.of(plan_repo.root) as repo:
        result = load_plan(RevisionSource(repo, "HEAD"))
    assert result.plan is None
    assert {p.code for p in result.problems} == {"refused-file"}
    assert all("larger than" in p.message for p in result.problems)
