"""`plan_history`: the changes in a range of history, attributed to their commits."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import GitRepo

from commit_cli.errors import UsageError
from commit_cli.history.git import Repository
from commit_cli.history.walk import History, parse_bound, plan_history
from commit_cli.plan.cache import ResultCache


def history(repo: GitRepo, since: str | None = None, until: str | None = None) -> History:
    with Repository.of(repo.root / "plan") as repository:
        return plan_history(
            repository, parse_bound(since, "--since"), parse_bound(until, "--until")
        )


def rows(found: History) -> list[tuple[str, str, str, str, int | None]]:
    return [
        (
            c.by.subject if c.by else "",
            c.kind,
            c.id,
            c.by.author if c.by else "",
            c.by.pr if c.by else None,
        )
        for c in found.changes
    ]


def test_every_change_with_its_commit_author_and_pull_request(history_repo: GitRepo) -> None:
    found = history(history_repo, since="2006-01-01")
    assert [(subject, kind, ident) for subject, kind, ident, _, _ in rows(found)] == [
        ("Seminar held (#12)", "status", "ppc1-seminar"),
        ("Seminar held (#12)", "actual", "ppc1-seminar"),
        ("Seminar held (#12)", "attended", "ppc1-seminar"),
        ("Raise the seminar target", "target", "ppc1-seminars-held"),
        ("Assessment postponed", "window", "ppc1-assessment"),
        ("Assessment postponed", "status", "ppc1-assessment"),
        ("Assessment postponed", "postponed", "ppc1-assessment"),
        ("Assessment postponed", "value", "ppc1-seminars-held"),
        ("Rename the workshop", "renamed", "ppc2-bilateral-workshop"),
        ("Lessons learned", "narrative", "ppc-2"),
    ]
    assert found.commits == 6
    first = found.changes[0]
    assert first.by is not None
    assert (first.by.author, first.by.pr, first.by.day) == ("Sok Chan", 12, date(2006, 3, 20))
    target = found.changes[3]
    assert target.rationale == "Raise the seminar target\n\nMinistries asked for a second seminar."


def test_an_unreadable_revision_is_reported_and_the_walk_goes_on(history_repo: GitRepo) -> None:
    found = history(history_repo, since="2006-08-01")
    (broken,) = found.unreadable
    assert broken.by is not None
    assert broken.by.subject == "Broken YAML"
    short = broken.by.short
    assert broken.problem.startswith(f"{short}:plan/ppcs/ppc-02.yaml:6:")  # where it is wrong
    assert [c.kind for c in found.changes] == ["narrative"]


def test_a_period_and_revisions_bound_the_range(history_repo: GitRepo) -> None:
    in_h1 = history(history_repo, since="2006-01-01", until="2006-06-30")
    assert {c.by.subject for c in in_h1.changes if c.by} == {
        "Seminar held (#12)",
        "Raise the seminar target",
        "Assessment postponed",
    }
    after_tag = history(history_repo, since="report/2006-H1")
    assert {c.by.subject for c in after_tag.changes if c.by} == {
        "Rename the workshop",
        "Lessons learned",
    }
    up_to_tag = history(history_repo, since="HEAD~5", until="report/2006-H1")
    assert len({c.by.oid for c in up_to_tag.changes if c.by}) == 2


def test_since_after_until_is_refused(history_repo: GitRepo) -> None:
    with pytest.raises(UsageError, match="--since 2006-07-01 is after --until 2006-06-30"):
        history(history_repo, since="2006-07-01", until="2006-06-30")
    with pytest.raises(UsageError, match="--since HEAD is after --until HEAD~2"):
        history(history_repo, since="HEAD", until="HEAD~2")


def test_the_first_commit_adds_the_plan_and_its_ppcs(plan_repo: GitRepo) -> None:
    assert [c.summary for c in history(plan_repo).changes] == [
        "plan added: Test plan",
        "added: PPC 1 Information exchange (2 milestones, 1 indicators)",
        "added: PPC 2 Bilateral agreements (1 milestones, 1 indicators)",
    ]


def test_a_pull_request_merge_numbers_its_branch_commits(plan_repo: GitRepo) -> None:
    plan_repo.git("checkout", "-q", "-b", "record-seminar")
    plan_repo.edit(
        "plan/ppcs/ppc-01.yaml", "    min_duration_days: 2\n", "    min_duration_days: 3\n"
    )
    plan_repo.commit("Longer seminar", when="2006-02-01", who="malee")
    plan_repo.git("checkout", "-q", "main")
    plan_repo.write("NOTES.md", "main moved on\n")
    plan_repo.commit("Notes", when="2006-02-02")
    plan_repo.git(
        "merge",
        "-q",
        "--no-ff",
        "-m",
        "Merge pull request #21 from org/record-seminar",
        "record-seminar",
    )
    (change,) = history(plan_repo, since="2006-01-01").changes
    assert change.by is not None
    assert (change.by.author, change.by.pr, change.summary) == (
        "Malee Somchai",
        21,
        "min_duration_days: 2 → 3",
    )


def test_a_moved_plan_folder_is_followed(plan_repo: GitRepo) -> None:
    plan_repo.git("mv", "plan", "data")
    plan_repo.commit("Move the plan to data/", when="2005-06-01")
    plan_repo.edit("data/ppcs/ppc-01.yaml", "    target: 1\n", "    target: 3\n")
    plan_repo.commit("Target", when="2005-07-01")
    plan_repo.git("mv", "data", "plan")
    plan_repo.commit("Move it back", when="2005-08-01")
    found = history(plan_repo)
    assert [c.kind for c in found.changes] == ["added", "added", "added", "target"]
    assert len(found.notes) == 2
    assert found.notes[0].startswith("the plan folder moved from data/ to plan/ in ")


def test_blobs_are_parsed_once_across_runs(
    history_repo: GitRepo, isolated_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Repository.of(history_repo.root / "plan") as repository:
        first = plan_history(repository, cache=ResultCache(isolated_cache))
        import commit_cli.plan.file_read as file_read

        parsed: list[str] = []
        real = file_read._from_bytes

        def counted(name: str, *a: Any) -> Any:
            parsed.append(name)
            return real(name, *a)

        monkeypatch.setattr(file_read, "_from_bytes", counted)
        second = plan_history(repository, cache=ResultCache(isolated_cache))
    assert [c.summary for c in first.changes] == [c.summary for c in second.changes]
    assert all("ppc-02" in name for name in parsed)  # only the broken blob, never cached
    assert len(parsed) == 1
