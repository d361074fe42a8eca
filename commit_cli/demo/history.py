"""`commit demo DIR`: a git repository holding the bundled plan and a fictional history of
progress through the plan period, so that reports have something to say.

The first commit is the bundled plan, labelled as illustrative (`notice:` in plan.yaml, which
every report prints on its first line). Then one commit per reporting period, dated inside
it, records what the story (`demo.story`) says happened in it, through the editing library
(`edit.operations` for each fact, `edit.session.run_edit` to check and write each PPC file),
exactly as `commit done`, `postpone`, `record`, `update` and `note` would. The result is the
same bytes every time: no clock, no random state but the story's seed, and git's author,
committer and dates fixed.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from commit_cli import git_process
from commit_cli.atomic import write_atomically
from commit_cli.core.model import Plan
from commit_cli.core.periods import ReportingPeriod
from commit_cli.demo import story as tale
from commit_cli.demo.bundled import bundled_plan_dir
from commit_cli.demo.story import Fate, Story, build_story, commit_day
from commit_cli.edit import books, operations
from commit_cli.edit.session import DECISION, Edit, run_edit
from commit_cli.errors import EnvironmentFailure, InvalidPlan, UsageError
from commit_cli.plan.cache import ResultCache
from commit_cli.plan.load import load_plan
from commit_cli.plan.sources import DECISIONS_FILE, FolderSource

NOTICE = "Illustrative data: a fictional history made by commit demo, not a record of events."
AUTHOR = ("COMMIT Secretariat (demo)", "secretariat@example.org")
TIME_OF_DAY = "17:00:00+07:00"
README = """\
# A demonstration of `commit`

This repository was made by `commit demo`. It holds the COMMIT Sub-regional Plan of Action
2005-2007 and an **invented** history of progress: one commit per six-monthly reporting
period, recording milestones held, attendance, postponements, indicator values and the
secretariat's narratives. None of it happened. Every report made from it says so on its
first line.

Try:

    commit status --as-of 2006-06-30
    commit report summary --period 2006-H1
    commit report ppc ppc-1 --format html -o ppc-1.html
    commit report final
    git log --stat
"""


@dataclass(frozen=True)
class DemoResult:
    folder: Path
    commits: list[tuple[str, str]]  # (date, subject)


class Git:
    """git in one folder, with a fixed identity, the fixed configuration of every git
    process (`git_process`) and no user or system configuration."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        binary = git_process.find_git()
        if binary is None:
            raise EnvironmentFailure("commit demo needs git, and git is not installed")
        self.binary = binary

    def run(self, *arguments: str, when: str | None = None) -> str:
        identity = {
            "GIT_AUTHOR_NAME": AUTHOR[0],
            "GIT_AUTHOR_EMAIL": AUTHOR[1],
            "GIT_COMMITTER_NAME": AUTHOR[0],
            "GIT_COMMITTER_EMAIL": AUTHOR[1],
        }
        if when is not None:
            identity["GIT_AUTHOR_DATE"] = identity["GIT_COMMITTER_DATE"] = when
        git_dir = str(self.folder.absolute() / ".git")
        where = () if arguments[0] == "init" else ("--git-dir", git_dir, "--work-tree", ".")
        command = git_process.git_command(
            self.binary, *where, *arguments, settings=("init.defaultBranch=main",)
        )
        try:
            done = subprocess.run(
                command,
                cwd=self.folder,
                env=git_process.git_environment(identity),
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise EnvironmentFailure(f"git {arguments[0]} failed: {exc}") from None
        if done.returncode != 0:
            reason = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise EnvironmentFailure(f"git {arguments[0]} failed: {reason}")
        return done.stdout

    def commit(self, subject: str, body: str, day: date) -> None:
        self.run("add", "--all")
        self.run("commit", "--quiet", "-m", subject, "-m", body, when=f"{day}T{TIME_OF_DAY}")


def _prepare(folder: Path) -> None:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(f"{folder} exists and is not an empty folder; name a new one")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EnvironmentFailure(f"cannot create {folder}: {exc.strerror or exc}") from None


def _copy_plan(target: Path) -> None:
    source = bundled_plan_dir()
    shutil.copytree(source, target / "plan", ignore=shutil.ignore_patterns("__pycache__"))
    header = target / "plan" / "plan.yaml"
    lines = header.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("short_title:")) + 1
    lines.insert(at, f"notice: '{NOTICE}'\n")
    header.write_text("".join(lines), encoding="utf-8")
    (target / "README.md").write_text(README, encoding="utf-8")


def make_demo(folder: Path) -> DemoResult:
    """Create the demo repository in `folder` (new or empty); see the module docs."""
    _prepare(folder)
    git = Git(folder)
    git.run("init", "--quiet")
    _copy_plan(folder)
    plan_dir = folder / "plan"
    plan = _load(plan_dir)
    story = build_story(plan)
    first = story.periods[0].start + timedelta(days=9)
    commits = [(first.isoformat(), "The plan as agreed, labelled as illustrative demo data")]
    git.commit(commits[0][1], "Fictional demonstration data made by `commit demo`.", first)
    # An indicator that counts milestones follows the milestones recorded: typing a value
    # for it too would only contradict them.
    counted = {i.id for ppc in plan.ppcs for i in ppc.indicators if i.counts is not None}
    values = {
        period: {ident: entries for ident, entries in typed.items() if ident not in counted}
        for period, typed in tale.indicator_values(story).items()
    }
    with tempfile.TemporaryDirectory(prefix="commit-demo-cache-") as cache_dir:
        cache = ResultCache(Path(cache_dir))
        for i, period in enumerate(story.periods):
            recorder = _PeriodRecorder(story, i, values.get(i, {}))
            for decision in recorder.decisions():
                book = plan_dir / DECISIONS_FILE
                if not book.exists():
                    write_atomically(book, books.NEW_DECISIONS_FILE.encode(), replace=False)
                run_edit(
                    plan_dir, Edit("demo", decision.keywords["ident"], (DECISION,), decision), cache
                )
            for ppc in plan.ppcs:
                operation = recorder.operation(ppc.id)
                if operation is not None:
                    run_edit(plan_dir, Edit("demo", ppc.id, ("ppc",), operation), cache)
            day = commit_day(period)
            subject = f"{period.label}: progress recorded (fictional demo data)"
            git.commit(subject, recorder.summary(), day)
            commits.append((day.isoformat(), subject))
    return DemoResult(folder, commits)


def _load(plan_dir: Path) -> Plan:
    result = load_plan(FolderSource(plan_dir))
    if result.plan is None:
        raise InvalidPlan("the bundled plan has errors; run `commit validate`", result.error_count)
    return result.plan


class _PeriodRecorder:
    """What one reporting period records in each PPC file, as one edit per file."""

    def __init__(self, story: Story, index: int, values: dict[str, Any]) -> None:
        self.story = story
        self.index = index
        self.period: ReportingPeriod = story.periods[index]
        self.values = values
        self.rng = random.Random(f"{tale.SEED}-{self.period.label}")
        self.counts = {"done": 0, "started": 0, "postponed": 0, "cancelled": 0, "values": 0}
        self.counts.update(decisions=0, funding=0, spending=0)

    def summary(self) -> str:
        c = self.counts
        return (
            f"Fictional demo data. Recorded: {c['done']} milestones done, {c['started']} started,"
            f" {c['postponed']} postponed, {c['cancelled']} cancelled, {c['values']} indicator"
            " values, and each PPC's progress narrative."
        ) + self._books_summary()

    def _books_summary(self) -> str:
        c = self.counts
        if not (c["decisions"] or c["funding"] or c["spending"]):
            return ""
        return (
            f" Books: {c['decisions']} decisions, {c['funding']} funding entries,"
            f" {c['spending']} spending figures."
        )

    def decisions(self) -> list[partial[str]]:
        """The decisions of the meetings held this period (`tale.DECISIONS`), as edits of
        the decisions file."""
        found = []
        for ident, meeting_id, meeting, text, moved in tale.DECISIONS:
            held = self.story.fates[meeting_id]
            if held.period != self.index or held.end is None:
                continue
            self.counts["decisions"] += 1
            found.append(
                partial(
                    books.decide,
                    ident=ident,
                    meeting=meeting,
                    date=held.end.isoformat(),
                    text=text,
                    milestones=[moved],
                    ppcs=[self.story.fates[moved].ppc.id],
                )
            )
        return found

    def fates(self, ppc_id: str) -> list[Fate]:
        return [fate for fate in self.story.fates.values() if fate.ppc.id == ppc_id]

    def operation(self, ppc_id: str) -> Callable[[dict[str, Any]], str] | None:
        steps = self._steps(ppc_id)
        if not steps:
            return None

        def apply(ppc: dict[str, Any]) -> str:
            for step in steps:
                step(ppc)
            return f"{ppc_id}: {self.period.label} recorded"

        return apply

    def _steps(self, ppc_id: str) -> list[Callable[[dict[str, Any]], Any]]:
        steps: list[Callable[[dict[str, Any]], Any]] = []
        fates = self.fates(ppc_id)
        if self._needs_evaluation(ppc_id):
            steps.append(_set_evaluation)
        if self.index == 1:
            steps.extend(self._schedule(fate) for fate in fates if self._needs_window(fate))
        for fate in fates:
            steps.extend(self._milestone_steps(fate))
        for indicator, entries in self.values.items():
            if self._owner(indicator) == ppc_id:
                steps.extend(self._record(indicator, country, value) for country, value in entries)
        steps.extend(self._books(ppc_id))
        narrative = self._narrative(fates)
        if narrative is not None:
            steps.append(narrative)
        if self.index == len(self.story.periods) - 1:
            steps.append(self._review(fates))
        return steps

    def _needs_evaluation(self, ppc_id: str) -> bool:
        """Whether the PPC records its provisions for evaluation now: with its first
        progress, when the plan gives none (validate warns about a PPC started without)."""
        ppc = next(p for p in self.story.plan.ppcs if p.id == ppc_id)
        return not ppc.evaluation and tale.first_progress(self.story, ppc_id) == self.index

    def _owner(self, indicator: str) -> str | None:
        for ppc in self.story.plan.ppcs:
            if any(i.id == indicator for i in ppc.indicators):
                return ppc.id
        return None

    # funding and spending (`tale.FUNDING`, `tale.SPENDING`)

    def _books(self, ppc_id: str) -> list[Callable[[dict[str, Any]], Any]]:
        steps: list[Callable[[dict[str, Any]], Any]] = []
        for index, ppc, source, status, amount, day, reference in tale.FUNDING:
            if index == self.index and ppc == ppc_id:
                self.counts["funding"] += 1
                steps.append(
                    partial(
                        books.fund,
                        source=source,
                        status=status,
                        amount=amount,
                        currency="USD",
                        date=day,
                        reference=reference,
                    )
                )
        spent = tale.SPENDING.get(self.index, {}).get(ppc_id)
        if spent is not None:
            self.counts["spending"] += 1
            steps.append(
                partial(books.spend, period=self.period.label, amount=spent, currency="USD")
            )
        return steps

    # the agreed schedule (recorded with the SOM 3 period)

    def _needs_window(self, fate: Fate) -> bool:
        window, span = fate.milestone.window, self.story.plan.period
        whole = window is not None and window.start == span.start and window.end == span.end
        return whole and fate.planned is not None and fate.planned >= 1 and fate.postponed_in != 0

    def _schedule(self, fate: Fate) -> Callable[[dict[str, Any]], Any]:
        label = self.story.periods[fate.planned or 1].label

        def step(ppc: dict[str, Any]) -> None:
            _milestone(ppc, fate.milestone.id)["window"] = label

        return step

    # milestones

    def _milestone_steps(self, fate: Fate) -> list[Callable[[dict[str, Any]], Any]]:
        changes: list[Callable[[dict[str, Any]], str]] = []
        here = self.period.span
        for day, author, text in fate.notes:
            if here.contains(day):
                changes.append(partial(operations.note, text=text, on=day.isoformat(), by=author))
        if fate.postponed_in == self.index and fate.reason and fate.postponed_to:
            day = self.period.start + timedelta(days=self.rng.randint(30, 120))
            changes.append(
                partial(
                    operations.postpone,
                    to=fate.postponed_to,
                    reason=fate.reason,
                    on=day.isoformat(),
                    decision=_cited(fate.milestone.id),
                )
            )
            self.counts["postponed"] += 1
        if fate.outcome == "cancelled" and fate.period == self.index and fate.end and fate.reason:
            changes.append(partial(operations.cancel, reason=fate.reason, on=fate.end.isoformat()))
            self.counts["cancelled"] += 1
        if fate.start is not None and fate.period is not None and fate.end is not None:
            if here.contains(fate.start) and fate.period != self.index:
                changes.append(partial(operations.start, on=fate.start.isoformat()))
                self.counts["started"] += 1
            if fate.period == self.index:
                changes.append(partial(self._done, fate=fate))
                self.counts["done"] += 1
        return [_on(fate.milestone.id, change) for change in changes]

    def _done(self, milestone: dict[str, Any], fate: Fate) -> str:
        attended = fate.attended or {}
        already_started = (
            isinstance(milestone.get("actual"), dict) and "start" in milestone["actual"]
        )
        return operations.done(
            milestone,
            on=fate.end.isoformat() if fate.end else "",
            started=None if already_started or fate.start is None else fate.start.isoformat(),
            attended=attended.get("total"),  # type: ignore[arg-type]
            women=attended.get("women"),  # type: ignore[arg-type]
            men=attended.get("men"),  # type: ignore[arg-type]
            by_country=attended.get("by_country", ()),  # type: ignore[arg-type]
            outcome=tale.outcome_text(fate.milestone),
            report=tale.report_url(fate.milestone, self.rng),
        )

    # indicators

    def _record(
        self, indicator: str, country: str | None, value: float
    ) -> Callable[[dict[str, Any]], Any]:
        self.counts["values"] += 1

        def step(ppc: dict[str, Any]) -> None:
            target = next(i for i in ppc["indicators"] if i.get("id") == indicator)
            operations.record(target, str(value), self.period.label, country)

        return step

    # narratives and reviews

    def _narrative(self, fates: list[Fate]) -> Callable[[dict[str, Any]], Any] | None:
        here = self.period.span
        done = [
            f
            for f in fates
            if f.period == self.index and f.outcome in ("done", "postponed") and f.end
        ]
        started = [
            f for f in fates if f.start and here.contains(f.start) and f.period != self.index
        ]
        moved = [f for f in fates if f.postponed_in == self.index]
        dropped = [f for f in fates if f.outcome == "cancelled" and f.period == self.index]
        upcoming = [
            f
            for f in fates
            if f.planned == self.index + 1
            and f.outcome in ("done", "postponed")
            and f.period != self.index
        ]
        if not (done or started or moved or dropped or upcoming):
            return None
        progress = _progress_text(done, started, dropped)
        obstacles = [f"{f.milestone.title}: {f.reason}" for f in moved]
        if (done or moved) and self.rng.random() < 0.35:
            obstacles.append(self.rng.choice(tale.OBSTACLES))
        next_steps = [f"{f.milestone.title}." for f in upcoming[:3]]

        def step(ppc: dict[str, Any]) -> None:
            operations.update(ppc, self.period.label, progress, obstacles, next_steps)

        return step

    def _review(self, fates: list[Fate]) -> Callable[[dict[str, Any]], Any]:
        reasons = list(
            dict.fromkeys(f.reason for f in fates if f.postponed_in is not None and f.reason)
        )
        obstacles = reasons[:2] or [self.rng.choice(tale.OBSTACLES)]
        unfinished = [f for f in fates if f.outcome in ("cancelled", "open")]
        failures = [self.rng.choice(tale.FAILURES)] if unfinished else []
        lessons = self.rng.sample(tale.LESSONS, 2)
        recommendations = self.rng.sample(tale.RECOMMENDATIONS, 2)

        def step(ppc: dict[str, Any]) -> None:
            operations.review(ppc, obstacles, failures, lessons, recommendations)

        return step


def _progress_text(done: list[Fate], started: list[Fate], dropped: list[Fate]) -> str:
    parts = []
    if done:
        held = "; ".join(f"{f.milestone.title} ({f.end})" for f in done[:4])
        more = f", and {len(done) - 4} more" if len(done) > 4 else ""
        parts.append(f"Completed: {held}{more}.")
    if started:
        parts.append("Work began on " + "; ".join(f.milestone.title for f in started[:3]) + ".")
    if dropped:
        parts.append("Dropped: " + "; ".join(f.milestone.title for f in dropped) + ".")
    return " ".join(parts) or "Preparations continued for the next period's work."


def _cited(milestone: str) -> str | None:
    """The decision (`tale.DECISIONS`) that moved `milestone`, if one did."""
    return next((ident for ident, *_, moved in tale.DECISIONS if moved == milestone), None)


def _set_evaluation(ppc: dict[str, Any]) -> None:
    ppc["evaluation"] = tale.EVALUATION


def _milestone(ppc: dict[str, Any], ident: str) -> dict[str, Any]:
    found: dict[str, Any] = next(m for m in ppc["milestones"] if m.get("id") == ident)
    return found


def _on(ident: str, change: Callable[[dict[str, Any]], Any]) -> Callable[[dict[str, Any]], Any]:
    def step(ppc: dict[str, Any]) -> Any:
        return change(_milestone(ppc, ident))

    return step
