"""Fixtures that build small plans in tmp_path."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from commit_cli.core.model import Plan
from commit_cli.plan.load import load_plan
from commit_cli.plan.sources import FolderSource

REPO = Path(__file__).resolve().parents[1]

HEADER = """\
id: test-plan
title: Test plan
period: {start: 2005-01-01, end: 2007-12-31}
reporting:
  cadence_months: 6
countries:
  - code: KH
    name: Cambodia
  - code: TH
    name: Thailand
partners:
  - id: uniap
    name: UNIAP
    kind: un_agency
areas:
  - id: area-1
    number: 1
    title: Policy and Cooperation
activities:
  - id: act-1
    number: 1
    area: area-1
    title: Seminar on information exchange
  - id: act-2
    number: 2
    area: area-1
    title: Seminar on bilateral agreements
"""

# The last line of each test PPC: its provisions for evaluation (validate warns when a PPC
# that has started has none).
EVALUATION = "evaluation: Reviewed against its indicators.\n"

PPC_1 = """\
# PPC 1 – a small test PPC
id: ppc-1
label: PPC 1
title: Activity 1
short_title: Information exchange
activities: [act-1]
objective: Exchange information.
milestones:
  - id: ppc1-assessment
    title: Assessment of information systems
    kind: assessment
    phase: preparation
    window: 2005-H2
    lead: uniap
  - id: ppc1-seminar
    title: Regional seminar
    kind: seminar
    phase: core
    window: {start: 2006-H1, end: 2006}
    min_duration_days: 2
    participants: {min: 20, max: 30}
    countries: [KH, TH]
    depends_on: [ppc1-assessment]
indicators:
  - id: ppc1-seminars-held
    title: Seminars held
    unit: seminars
    baseline: 0
    target: 1
evaluation: Reviewed against its indicators.
"""

assert PPC_1.endswith(EVALUATION)

PPC_2 = """\
id: ppc-2
label: PPC 2
title: Activity 2
short_title: Bilateral agreements
activities: [act-2]
objective: Share experience of bilateral agreements.
linkages:
  - to: ppc-1
    note: builds on the information exchange seminar
milestones:
  - id: ppc2-workshop
    title: Bilateral workshop
    kind: workshop
    phase: core
    window: 2007
    country_pairs: [[KH, TH]]
    depends_on: [ppc1-seminar]
indicators:
  - id: ppc2-workshops-held
    title: Workshops held
    unit: workshops
    target: 1
evaluation: Reviewed against its indicators.
"""


# A PPC with unsafe text and every kind of number: for tests of what is written out.
TRICKY_PPC = """\
id: ppc-x
label: "PPC \\u202eX"
title: "Title with \\x1b[31m colour and \\"quotes\\""
short_title: Short
activities: [act-1]
objective: "Ünïcode ✓, Khmer ខ្មែរ and a \\u2028 separator"
milestones:
  - id: m-1
    title: Seminar
    kind: seminar
    phase: core
    window: 2006-H1
    country_pairs: [[KH, TH]]
    status: done
    actual: {start: 2006-03-01, end: 2006-03-02}
    attended: {total: 12, women: 5, by_country: {KH: 4}}
    log: [{date: 2006-03-03, by: sok, text: held}]
indicators:
  - id: i-1
    title: Share
    unit: percent
    baseline: 0.1
    target: 2.5
    target_max: 1000000000000000
    values: {2006-H1: 3, 2006-H2: {KH: 1.25, TH: -0.0}, 2007: 0.00001}
    allow_negative: true
updates:
  2006-H1: {progress: Under way}
"""


def write_plan(root: Path, header: str = HEADER, ppcs: dict[str, str] | None = None) -> Path:
    """Write a plan folder under `root` and return it."""
    plan_dir = root / "plan"
    (plan_dir / "ppcs").mkdir(parents=True, exist_ok=True)
    (plan_dir / "plan.yaml").write_text(header, encoding="utf-8")
    for name, text in (ppcs if ppcs is not None else {"ppc-01": PPC_1, "ppc-02": PPC_2}).items():
        (plan_dir / "ppcs" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return plan_dir


@pytest.fixture
def plan_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small valid plan in tmp_path; the current folder is tmp_path."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COMMIT_PLAN", raising=False)
    return write_plan(tmp_path)


@pytest.fixture(autouse=True)
def isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets its own empty result cache, never the user's."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("COMMIT_CACHE_DIR", str(folder))
    monkeypatch.delenv("COMMIT_NO_CACHE", raising=False)
    return folder


@pytest.fixture(autouse=True)
def no_timer_left() -> Iterator[None]:
    """No test leaves the render watchdog's timer or handler behind: left, it would stop
    whatever runs next (pytest's own reporting too)."""
    before = signal.getsignal(signal.SIGALRM)  # SIG_DFL, or SIG_IGN inherited
    yield
    timer = signal.getitimer(signal.ITIMER_REAL)
    handler = signal.getsignal(signal.SIGALRM)
    if timer != (0.0, 0.0) or handler != before:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before if before is not None else signal.SIG_DFL)
        pytest.fail(f"a timer was left running ({timer}) or a SIGALRM handler set ({handler})")


# --- a plan with every milestone status, for `status`, `show`, `list` and `timeline` ------

STATUS_HEADER = (
    HEADER.replace(
        "    title: Policy and Cooperation\n",
        "    title: Policy and Cooperation\n"
        "  - id: area-2\n"
        "    number: 2\n"
        "    title: Protection\n"
        "    sub_areas:\n"
        "      - id: sub-2-1\n"
        "        number: '2.1'\n"
        "        title: Shelters\n",
    ).replace(
        "partners:\n",
        "roles:\n"
        "  - id: reporting-officer\n"
        "    title: Reporting Officer\n"
        "    organisation: uniap\n"
        "partners:\n",
    )
    + """\
  - id: act-3
    number: 3
    area: area-2
    title: Support for victims
"""
)

# File order is not dependency order on purpose: ppc3-evaluation is listed first and starts
# first, but depends on ppc3-training.
PPC_3 = """\
id: ppc-3
label: PPC 3
title: Activity 3
short_title: Victim support
activities: [act-3]
sub_areas: [sub-2-1]
countries: [TH]
objective: Support victims.
linkages:
  - to: ppc-1
    note: uses the seminar's findings
milestones:
  - id: ppc3-evaluation
    title: Evaluation of the training
    kind: assessment
    phase: follow_up
    window: {start: 2005, end: 2007}
    depends_on: [ppc3-training]
  - id: ppc3-guidelines
    title: Guidelines drafted
    kind: report
    phase: preparation
    window: 2005-H1
    partners: [uniap]
    status: done
    actual: {start: 2005-02-01, end: 2005-05-31}
    attended: {total: 12, women: 7, men: 5}
    outcome: Guidelines adopted by the task force.
    report: https://example.org/ppc3/guidelines.pdf
  - id: ppc3-training
    title: Training of social workers
    kind: training
    phase: core
    window: {start: 2005-H2, end: 2006-H1}
    status: in_progress
    actual: {start: 2005-08-01}
    lead: reporting-officer
    depends_on: [ppc3-guidelines]
  - id: ppc3-visit
    title: Study visit
    kind: meeting
    phase: core
    window: 2006-Q1
    status: cancelled
    cancelled: {date: 2005-11-20, reason: The host ministry withdrew its invitation.}
  - id: ppc3-review
    title: Review of shelters
    kind: assessment
    phase: core
    window: 2006-H2
    status: postponed
    postponed: {date: 2006-05-15, reason: The survey team was not funded., from_window: 2006-H1}
  - id: ppc3-followup
    title: Follow-up meeting
    kind: meeting
    phase: follow_up
    window: 2007-H1
    countries: [KH]
    depends_on: [ppc3-training, ppc1-seminar]
  - id: ppc3-handbook
    title: Handbook
    kind: publication
    phase: follow_up
indicators:
  - id: ppc3-workers-trained
    title: Social workers trained
    unit: workers
    baseline: 0
    target: 40
    values: {2005-H2: 10, 2006-H1: 25, 2007-H1: 45}
"""


@pytest.fixture
def status_plan_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """PPC 1 and 2 of `plan_dir` and PPC 3, whose milestones have every status (and one has
    no window); a second area with a sub-area, and a role. The current folder is tmp_path."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COMMIT_PLAN", raising=False)
    return write_plan(tmp_path, STATUS_HEADER, {"ppc-01": PPC_1, "ppc-02": PPC_2, "ppc-03": PPC_3})


@pytest.fixture
def plan(status_plan_dir: Path) -> Plan:
    """The plan of `status_plan_dir`, loaded and valid."""
    result = load_plan(FolderSource(status_plan_dir))
    assert result.plan is not None, [p.format() for p in result.problems]
    return result.plan


def ids(refs: Iterable[Any]) -> list[str]:
    """The ids of a list of refs or rows."""
    return [ref.id for ref in refs]


# --- git repositories holding a plan, for the history stage --------------------------------

AUTHORS = {
    "sok": ("Sok Chan", "sok@example.org"),
    "malee": ("Malee Somchai", "malee@example.org"),
}


class GitRepo:
    """A git repository in a folder, committed to with fixed names and dates."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, env: dict[str, str] | None = None) -> str:
        done = subprocess.run(
            ["git", "-C", str(self.root), *args],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, **(env or {})},
        )
        return done.stdout.strip()

    def write(self, relative: str, text: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def commit(self, message: str, when: str = "2006-01-15", who: str = "sok") -> str:
        """Commit everything as `who` on the day `when` (noon UTC); the new commit's id."""
        name, email = AUTHORS[who]
        stamp = f"{when}T12:00:00+00:00" if len(when) == 10 else when
        env = {
            "GIT_AUTHOR_NAME": name,
            "GIT_AUTHOR_EMAIL": email,
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_NAME": name,
            "GIT_COMMITTER_EMAIL": email,
            "GIT_COMMITTER_DATE": stamp,
        }
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, env=env)
        return self.git("rev-parse", "HEAD")


@pytest.fixture
def plan_repo(plan_dir: Path) -> GitRepo:
    """`plan_dir` committed to a new git repository at tmp_path (the current folder), on
    2005-01-10 by Sok Chan."""
    repo = GitRepo(plan_dir.parent)
    repo.commit("Add the plan", when="2005-01-10")
    return repo


SEMINAR_DONE = (
    "    depends_on: [ppc1-assessment]\n"
    "    status: done\n"
    "    actual: {start: 2006-03-13, end: 2006-03-14}\n"
    "    attended: {total: 27, women: 12, men: 15, by_country: {KH: 15, TH: 12}}\n"
)


@pytest.fixture
def history_repo(plan_repo: GitRepo) -> GitRepo:
    """A plan with a history of progress through 2006, one kind of change per commit:

    2006-03-20 sok    Seminar held (#12)             status, actual dates, attendance
    2006-04-02 malee  Raise the seminar target        target 1 -> 2, a rationale in the body
    2006-05-15 sok    Assessment postponed            window 2005-H2 -> 2006-H2, postponed,
                                                      value 2006-H1 recorded
    2006-07-10 malee  Rename the workshop             ppc2-workshop -> ppc2-bilateral-workshop
    2006-08-01 sok    Broken YAML                     ppc-02.yaml does not parse
    2006-08-02 sok    Lessons learned                 fixed, and a review lesson added

    tagged report/2006-H1 at the postponement."""
    repo = plan_repo
    repo.edit("plan/ppcs/ppc-01.yaml", "    depends_on: [ppc1-assessment]\n", SEMINAR_DONE)
    repo.commit("Seminar held (#12)", when="2006-03-20")
    repo.edit("plan/ppcs/ppc-01.yaml", "    target: 1\n", "    target: 2\n")
    repo.commit(
        "Raise the seminar target\n\nMinistries asked for a second seminar.",
        when="2006-04-02",
        who="malee",
    )
    repo.edit("plan/ppcs/ppc-01.yaml", "    window: 2005-H2\n", "    window: 2006-H2\n")
    repo.edit(
        "plan/ppcs/ppc-01.yaml",
        "    lead: uniap\n",
        "    lead: uniap\n    status: postponed\n"
        "    postponed: {date: 2005-11-02, reason: No funds yet., from_window: 2005-H2}\n",
    )
    repo.edit(
        "plan/ppcs/ppc-01.yaml", "    target: 2\n", "    target: 2\n    values: {2006-H1: 1}\n"
    )
    repo.commit("Assessment postponed", when="2006-05-15")
    repo.git("tag", "report/2006-H1")
    repo.edit("plan/ppcs/ppc-02.yaml", "id: ppc2-workshop", "id: ppc2-bilateral-workshop")
    repo.commit("Rename the workshop", when="2006-07-10", who="malee")
    repo.edit("plan/ppcs/ppc-02.yaml", "objective: Share", "objective: [Share")
    repo.commit("Broken YAML", when="2006-08-01")
    repo.edit("plan/ppcs/ppc-02.yaml", "objective: [Share", "objective: Share")
    (repo.root / "plan/ppcs/ppc-02.yaml").write_text(
        (repo.root / "plan/ppcs/ppc-02.yaml").read_text()
        + "review:\n  lessons:\n    - Pair countries that share a border.\n",
        encoding="utf-8",
    )
    repo.commit("Lessons learned", when="2006-08-02")
    return repo


# --- golden files and the demo repository -------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite the golden files under tests/**/golden/ from what the code makes now"
        " (then review the diff like code).",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Any:
    """`golden(path, text)`: compare `text` with the golden file, or rewrite it when pytest
    runs with --update-golden."""
    update = bool(request.config.getoption("--update-golden"))

    def check(path: Path, text: str) -> None:
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="")
            return
        assert path.is_file(), f"{path} is missing; run pytest --update-golden and review it"
        expected = path.read_text(encoding="utf-8")
        assert text == expected, f"{path.name} differs; run pytest --update-golden and review"

    return check


@pytest.fixture(scope="session")
def demo_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository `commit demo` makes, built once per test session (needs git)."""
    import shutil

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    from commit_cli.demo.history import make_demo

    folder = tmp_path_factory.mktemp("demo") / "commit-demo"
    make_demo(folder)
    return folder


def checkout(repo: Path, revision: str, target: Path) -> Path:
    """A copy of `repo` at `revision` (a new clone, so the original stays as it is)."""
    import subprocess

    subprocess.run(["git", "clone", "--quiet", str(repo), str(target)], check=True)
    subprocess.run(["git", "-C", str(target), "checkout", "--quiet", revision], check=True)
    return target


@pytest.fixture(scope="session")
def demo_at_period(demo_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """`demo_at_period("2006-H1")`: the demo repository as committed for that period."""
    import subprocess

    made: dict[str, Path] = {}

    def at(label: str) -> Path:
        if label not in made:
            log = subprocess.run(
                ["git", "-C", str(demo_repo), "log", "--format=%H %s"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            revision = next(
                line.split()[0] for line in log.splitlines() if line.split()[1] == f"{label}:"
            )
            made[label] = checkout(demo_repo, revision, tmp_path_factory.mktemp("at") / label)
        return made[label]

    return at
