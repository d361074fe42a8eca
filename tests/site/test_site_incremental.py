"""`--incremental` makes again only the pages whose inputs changed, and its result is byte
for byte what a build from nothing makes: after any edit (a note, a record, a postponement,
an indicator's value, a title, a decision, a dependency across PPCs, a count across PPCs, a
PPC file removed or added, a translation), after none, and whatever state the last build
left (none, another build's, tampered with, an interrupted build's)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import PPC_1, PPC_2, REPO, write_plan
from site_helpers import build, files, runner

import commit_cli.site.build as site_build
from commit_cli.cli.app import app
from commit_cli.core.periods import ReportingPeriod
from commit_cli.plan.load import load_plan
from commit_cli.plan.sources import FolderSource
from commit_cli.reports.context.facts import active_in, decided_in, ended_in
from commit_cli.site.build import MANIFEST
from commit_cli.site.folder import SiteFolder
from commit_cli.site.pages import Page, SiteData
from commit_cli.site.periods import period_lists
from commit_cli.site.planned import planned_pages

sys.path.insert(0, str(REPO / "benchmarks"))

from generate import generate

DAY = ["--as-of", "2007-06-30"]
Edit = Callable[[Path], None]


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "plan", tmp_path / "plan")
    return tmp_path / "plan"


def stamps(root: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and modification time in nanoseconds (the manifest's too)."""
    return {
        path.relative_to(root).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in root.rglob("*")
        if path.is_file()
    }


def command(*args: str) -> Edit:
    def edit(plan: Path) -> None:
        result = runner.invoke(app, [*args, "--plan", str(plan)])
        assert result.exit_code == 0, result.output

    return edit


def replace(name: str, old: str, new: str) -> Edit:
    def edit(plan: Path) -> None:
        path = plan / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def remove(name: str) -> Edit:
    def edit(plan: Path) -> None:
        (plan / name).unlink()

    return edit


def both(*edits: Edit) -> Edit:
    def edit(plan: Path) -> None:
        for one in edits:
            one(plan)

    return edit


def nothing(plan: Path) -> None:
    """No edit."""


def restore(plan: Path) -> None:
    """Every file put back as it was before the first build (kept in `../pristine`)."""
    shutil.rmtree(plan)
    shutil.copytree(plan.parent / "pristine", plan)


CROSS_DEPENDENCY = replace(
    "ppcs/ppc-02.yaml",
    "  - id: ppc2-legal-codes-summary\n",
    "  - id: ppc2-legal-codes-summary\n    depends_on: [ppc1-needs-assessments]\n",
)
CROSS_COUNT = replace(
    "ppcs/ppc-02.yaml",
    "counts: {milestones: [ppc2-victim-id-guidelines]}",
    "counts: {milestones: [ppc2-victim-id-guidelines, ppc1-assessment-review-meeting]}",
)
# Like PPC 2 (its milestone depends on one of PPC 1's), covering no activity.
PPC_3 = (
    PPC_2.replace("ppc-2", "ppc-3")
    .replace("PPC 2", "PPC 3")
    .replace("ppc2-", "ppc3-")
    .replace("activities: [act-2]", "activities: []")
)
KHMER = (
    "titles:\n"
    "  ppc1-needs-assessments:\n"
    "    source: Series of training needs assessments by partner organizations and agencies\n"
    "    title: ការវាយតម្លៃ\n"
)


def translated(text: str) -> Edit:
    def edit(plan: Path) -> None:
        (plan / "i18n").mkdir(exist_ok=True)
        (plan / "i18n" / "km.yaml").write_text(text, encoding="utf-8")

    return edit


# (name, what is there before the first build, the edit, the site's language; "small": in
# English, on the tests' small plan instead of the bundled one)
CASES: list[tuple[str, Edit, Edit, str]] = [
    ("nothing", nothing, nothing, "en"),
    ("note", nothing, command("note", "ppc3-capacity-support", "Met.", "--on", "2007-05-02"), "en"),
    ("done", nothing, command("done", "ppc1-needs-assessments", "--on", "2006-03-02"), "en"),
    (
        "postpone",
        nothing,
        command(
            "postpone",
            "ppc1-needs-assessments",
            "--to",
            "2007-H2",
            "--reason",
            "Late.",
            "--on",
            "2006-05-02",
        ),
        "en",
    ),
    (
        "record",
        nothing,
        command(
            "record", "ppc1-ind-needs-assessments", "5", "--period", "2006-H1", "--country", "KH"
        ),
        "en",
    ),
    ("title", nothing, command("set", "ppc1-needs-assessments", "title", "Assessed"), "en"),
    ("ppc title", nothing, command("set", "ppc-2", "short_title", "Victims first"), "en"),
    (
        "decision",
        nothing,
        command(
            "decide",
            "som9-d1",
            "--meeting",
            "SOM 9",
            "--on",
            "2006-05-01",
            "--text",
            "Go.",
            "--ppc",
            "ppc-1",
        ),
        "en",
    ),
    ("dependency added across PPCs", nothing, CROSS_DEPENDENCY, "en"),
    ("dependency removed across PPCs", CROSS_DEPENDENCY, restore, "en"),
    (
        "a dependency's title in another PPC",
        CROSS_DEPENDENCY,
        command("set", "ppc1-needs-assessments", "title", "Assessed"),
        "en",
    ),
    (
        "a dependency's state in another PPC",
        CROSS_DEPENDENCY,
        command("done", "ppc1-needs-assessments", "--on", "2006-03-02"),
        "en",
    ),
    (
        "a counted milestone in another PPC",
        CROSS_COUNT,
        command("done", "ppc1-assessment-review-meeting", "--on", "2006-03-02"),
        "en",
    ),
    (
        "a counted title across PPCs",
        CROSS_COUNT,
        command("set", "ppc1-assessment-review-meeting", "title", "Reviewed"),
        "en",
    ),
    ("PPC file removed", nothing, remove("ppcs/ppc-03.yaml"), "small"),
    ("PPC file added", remove("ppcs/ppc-03.yaml"), restore, "small"),
    ("translation added", nothing, translated(KHMER), "km"),
    ("translation changed", translated(KHMER), translated(KHMER.replace("ការ", "ការការ")), "km"),
    (
        "translated title",
        translated(KHMER),
        command("set", "ppc1-needs-assessments", "title", "Assessed"),
        "km",
    ),
]


@pytest.mark.parametrize(
    ("name", "setup", "edit", "language"), CASES, ids=[case[0] for case in CASES]
)
def test_incremental_is_byte_identical_to_a_full_build(
    plan: Path, tmp_path: Path, name: str, setup: Edit, edit: Edit, language: str
) -> None:
    """The oracle: after the edit, `--incremental` leaves the folder byte for byte as a build
    from nothing makes it, and rewrites exactly the files whose bytes differ (none, and not
    even the manifest, after no edit)."""
    if language == "small":  # a plan of three PPCs, the third of which can go
        shutil.rmtree(plan)
        write_plan(tmp_path, ppcs={"ppc-01": PPC_1, "ppc-02": PPC_2, "ppc-03": PPC_3})
        language = "en"
    pristine = tmp_path / "pristine"
    shutil.copytree(plan, pristine)
    setup(plan)
    site, args = tmp_path / "site", [*DAY, "--lang", language]
    build(plan, site, *args)
    build(plan, site, *args, "--incremental")  # a state to start from, as after any build
    before, old = stamps(site), files(site)
    edit(plan)
    output = build(plan, site, *args, "--incremental")
    build(plan, tmp_path / "fresh", *args)
    new = files(site)
    assert new == files(tmp_path / "fresh")
    after = stamps(site)
    rewritten = {path for path in after if after[path] != before.get(path)}
    differ = {path for path in new if new[path] != old.get(path)}
    removed = set(old) - set(new)
    assert rewritten - {MANIFEST} == differ - removed
    if name == "nothing":
        assert rewritten == set()
        assert " 0 files written" in output
    else:
        assert differ  # the edit shows somewhere


def test_an_incremental_build_after_a_note_makes_few_pages(
    plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What makes `--incremental` fast: after a note, only the pages that read the PPC it
    is in (and those that read the whole plan) are made; the rest are not even made."""
    site = tmp_path / "site"
    build(plan, site, *DAY)
    made: list[str] = []
    digest = site_build.context_digest

    def counted(page: Page, templates: str) -> str:
        made.append(page.path)
        return digest(page, templates)

    monkeypatch.setattr(site_build, "context_digest", counted)
    command("note", "ppc3-capacity-support", "Met.", "--on", "2007-05-02")(plan)
    build(plan, site, *DAY, "--incremental")
    ppc3 = [path for path in made if path.startswith(("milestone/ppc3-", "indicator/ppc3-"))]
    others = [path for path in made if path.startswith(("milestone/", "indicator/", "ppc/"))]
    assert "milestone/ppc3-capacity-support.html" in ppc3
    assert set(others) == {*ppc3, "ppc/ppc-3.html"}  # PPC 3 shares no milestone with others
    assert "index.html" in made  # the pages that read the whole plan are made every time


def test_every_planned_page_goes_where_it_says(plan: Path) -> None:
    """A page is skipped by its planned path: the page made must go there."""
    loaded = load_plan(FolderSource(plan))
    assert loaded.plan is not None
    data = SiteData(loaded.plan, date(2007, 6, 30))
    planned = list(planned_pages(data))
    assert len(planned) > 100
    assert all(page.make().path == page.path for page in planned)


# --- a state that cannot be trusted: a full build, never a wrong page ------------------------


def cache_entries(cache: Path) -> list[Path]:
    return [p for p in cache.rglob("*") if p.is_file() and p.name != "signing-key"]


@pytest.mark.parametrize(
    "spoil",
    [
        "manifest of an older build",
        "manifest not JSON",
        "manifest removed",
        "state tampered",
        "state removed",
    ],
)
def test_a_state_that_does_not_vouch_gives_a_full_build(
    plan: Path, tmp_path: Path, isolated_cache: Path, spoil: str
) -> None:
    """The plan goes back to what it was after a build whose pages are in the folder: a
    manifest or state that no longer describes those pages must not keep them."""
    site = tmp_path / "site"
    build(plan, site, *DAY)
    first = (site / MANIFEST).read_bytes()
    ppc3 = plan / "ppcs" / "ppc-03.yaml"
    text = ppc3.read_text(encoding="utf-8")
    command("note", "ppc3-capacity-support", "Met the trainers.", "--on", "2007-05-02")(plan)
    states = {p: p.read_bytes() for p in cache_entries(isolated_cache)}
    build(plan, site, *DAY, "--incremental")
    assert "Met the trainers." in (site / "milestone/ppc3-capacity-support.html").read_text()
    ppc3.write_text(text, encoding="utf-8")  # the plan as at the first build
    if spoil == "manifest of an older build":
        (site / MANIFEST).write_bytes(first)
    elif spoil == "manifest not JSON":
        (site / MANIFEST).write_bytes(b'{"files": {"a-z.html": ')
    elif spoil == "manifest removed":
        (site / MANIFEST).unlink()
    else:
        changed = [p for p in cache_entries(isolated_cache) if states.get(p) != p.read_bytes()]
        assert changed  # the state the last build kept
        for path in changed:
            if spoil == "state tampered":
                data = bytearray(path.read_bytes())
                data[-2] ^= 1
                path.write_bytes(bytes(data))
            else:
                path.unlink()
    output = build(plan, site, *DAY, "--incremental")
    assert "Traceback" not in output
    build(plan, tmp_path / "fresh", *DAY)
    assert files(site) == files(tmp_path / "fresh")


def test_an_interrupted_build_leaves_no_manifest_to_trust(plan: Path, tmp_path: Path) -> None:
    """A build stopped after writing some pages must not leave the last manifest, which
    would vouch for pages it no longer describes."""
    site = tmp_path / "site"
    build(plan, site, *DAY)
    ppc3 = plan / "ppcs" / "ppc-03.yaml"
    text = ppc3.read_text(encoding="utf-8")
    command("note", "ppc3-capacity-support", "Met the trainers.", "--on", "2007-05-02")(plan)
    real = SiteFolder.put

    def once(self: SiteFolder, relative: str, data: bytes) -> bool:
        wrote = real(self, relative, data)
        if wrote:
            raise OSError("the disk is full")
        return wrote

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SiteFolder, "put", once)
        stopped = runner.invoke(
            app, ["site", "-o", str(site), "--plan", str(plan), *DAY, "--incremental"]
        )
    assert stopped.exit_code != 0
    assert not (site / MANIFEST).exists()
    ppc3.write_text(text, encoding="utf-8")
    build(plan, site, *DAY, "--incremental")
    build(plan, tmp_path / "fresh", *DAY)
    assert files(site) == files(tmp_path / "fresh")


# --- the period pages' lists, found in one pass ----------------------------------------------


def lists_by_filter(data: SiteData, period: ReportingPeriod) -> dict[str, list[str]]:
    """A period's lists as first defined: each milestone tested against the period."""
    span, day = period.span, data.day
    found: dict[str, list[str]] = {"done": [], "slipped": [], "cancelled": [], "open": []}
    for item in data.index.located():
        milestone = item.milestone
        shown = data.milestone(item)
        if ended_in(milestone, span) and shown["done"]:
            found["done"].append(milestone.id)
        if decided_in(milestone.postponed, span, day):
            found["slipped"].append(milestone.id)
        if decided_in(milestone.cancelled, span, day):
            found["cancelled"].append(milestone.id)
        window = shown["window"]
        if (
            window is not None
            and span.start.isoformat() <= window["end"] <= span.end.isoformat()
            and shown["status"] in ("planned", "in_progress", "postponed")
            and active_in(milestone, span)
        ):
            found["open"].append(milestone.id)
    return found


KINDS = ("done", "slipped", "cancelled", "open")


@pytest.mark.parametrize("day", ["2005-01-01", "2006-03-31", "2007-06-30", "2009-01-01"])
def test_period_lists_are_each_period_s_filters(tmp_path: Path, day: str) -> None:
    plans = [
        REPO / "plan",
        generate(600, tmp_path / "generated", seed=3, per_file=100),
    ]
    for folder in plans:
        loaded = load_plan(FolderSource(folder))
        assert loaded.plan is not None
        data = SiteData(loaded.plan, date.fromisoformat(day))
        lists = period_lists(data)
        assert list(lists) == [period.label for period in data.index.calendar.periods]
        for period in data.index.calendar.periods:
            made = {
                name: [item.milestone.id for item in found]
                for name, found in lists[period.label].items()
            }
            assert made == lists_by_filter(data, period)
        totals = [sum(len(found[name]) for found in lists.values()) for name in KINDS]
        if folder != REPO / "plan" and day > "2006":  # every list has milestones to list
            assert all(totals), totals


def test_a_download_changed_on_disk_is_not_copied_from(plan: Path, tmp_path: Path) -> None:
    """The parts of a download are copied from the file there only when its bytes are
    what the last build wrote."""
    site = tmp_path / "site"
    build(plan, site, *DAY)
    for name in ("data/plan.json", "data/milestones.csv", "data/calendar.ics"):
        data = (site / name).read_bytes()
        (site / name).write_bytes(data.replace(b"ppc", b"PPC"))
    command("note", "ppc3-capacity-support", "Met.", "--on", "2007-05-02")(plan)
    build(plan, site, *DAY, "--incremental")
    build(plan, tmp_path / "fresh", *DAY)
    assert files(site) == files(tmp_path / "fresh")


@pytest.mark.parametrize("fifo", [MANIFEST, "index.html", "data/plan.json"])
@pytest.mark.parametrize("incremental", [False, True])
def test_a_fifo_in_the_output_folder_does_not_hang_the_build(
    plan: Path, tmp_path: Path, fifo: str, incremental: bool
) -> None:
    """A FIFO where the manifest, a page or a download goes is never read (it would wait for
    a writer for ever): the build goes on and leaves the folder as a fresh build does."""
    site = tmp_path / "site"
    build(plan, site, *DAY)
    (site / fifo).unlink()
    os.mkfifo(site / fifo)
    argv = [sys.executable, "-m", "commit_cli", "site", "-o", str(site), "--plan", str(plan), *DAY]
    done = subprocess.run(
        [*argv, *(["--incremental"] if incremental else [])],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    build(plan, tmp_path / "fresh", *DAY)
    assert files(site) == files(tmp_path / "fresh")
