"""Every registered check rule has a plan that breaks it and a near miss that keeps it, so
deleting any rule fails this test."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import EVALUATION, HEADER, PPC_1, PPC_2, write_plan

from commit_cli.plan.checks.run import FAMILIES, RULES
from commit_cli.plan.load import load_plan
from commit_cli.plan.sources import FolderSource
from commit_cli.problems import Problem

Edit = tuple[str, str, str]  # (file: plan, ppc-01, ppc-02, decisions or km; old; new text)
DECISIONS = "decisions:\n  - {id: som1-d1, meeting: SOM 1, date: 2005-06-01, text: Start.}\n"
KHMER = "titles:\n"  # i18n/km.yaml, written only when an edit adds to it


def khmer_title(ident: str, source: str) -> Edit:
    """A Khmer title for `ident`, translated from the English `source`."""
    return ("km", KHMER, f"{KHMER}  {ident}: {{source: {source}, title: សិក្ខាសាលាថ្នាក់តំបន់}}\n")


ASSESSMENT_END = "    lead: uniap\n"  # the last line of PPC 1's first milestone
SEMINAR_END = "    depends_on: [ppc1-assessment]\n"  # …and of its second
INDICATOR_END = "    target: 1\n"  # the last line of PPC 1's indicator (seminars held)
TODAY = date(2006, 6, 30)  # the day the checks run, for the rules that depend on it


ASSESSMENT_DONE = "    status: done\n    actual: {end: 2005-12-01}\n"


def after_assessment(lines: str) -> Edit:
    return ("ppc-01", ASSESSMENT_END, ASSESSMENT_END + lines)


def after_seminar(lines: str) -> Edit:
    return ("ppc-01", SEMINAR_END, SEMINAR_END + lines)


def counted_seminar() -> list[Edit]:
    """The seminar done in 2006-H1, and the indicator of seminars held counting it."""
    return [
        after_assessment("    status: done\n    actual: {end: 2005-12-01}\n"),
        after_seminar("    status: done\n    actual: {start: 2006-05-04, end: 2006-05-05}\n"),
        ("ppc-01", INDICATOR_END, INDICATOR_END + "    counts: {milestones: [ppc1-seminar]}\n"),
    ]


def series(first: int, second: int | None, of: int) -> list[Edit]:
    edits = [after_assessment(f"    series: {{name: visits, number: {first}, of: {of}}}\n")]
    if second is not None:
        line = f"    series: {{name: visits, number: {second}, of: {of}}}\n"
        edits.append(("ppc-01", SEMINAR_END, SEMINAR_END + line))
    return edits


LOG = (
    "    log:\n"
    "      - {{date: {}, by: Dara, text: Venue booked.}}\n"
    "      - {{date: {}, by: Dara, text: Invitations sent.}}\n"
)
NEW_ACTIVITY = "  - id: act-3\n    number: 3\n    area: area-1\n    title: Another activity\n"


def decision(day: str, supersedes: str) -> Edit:
    """A second decision, taken on `day`, superseding `supersedes`."""
    line = (
        f"  - {{id: som2-d1, meeting: SOM 2, date: {day}, text: Later.,"
        f" supersedes: {supersedes}}}\n"
    )
    return ("decisions", DECISIONS, DECISIONS + line)


REQUIRE_FUNDING = ("plan", "period: {start", "require_funding: true\nperiod: {start")


def funding(status: str, amount: str, currency: str, spent: str | None = None) -> Edit:
    """PPC 2 funded by one entry, and (with `spent`) spending in 2006-H1 in USD."""
    lines = (
        "funding:\n"
        f"  - {{source: Sida, status: {status}, amount: {amount}, currency: {currency}}}\n"
    )
    if spent is not None:
        lines += f"spending:\n  2006-H1: {{USD: {spent}}}\n"
    return ("ppc-01", EVALUATION, EVALUATION + lines)


# code: (edits that break the rule, edits that come close and keep it)
EXAMPLES: dict[str, tuple[list[Edit], list[Edit]]] = {
    "duplicate-id": (
        [("ppc-02", "id: ppc2-workshops-held", "id: ppc1-seminars-held")],
        [("ppc-02", "id: ppc2-workshops-held", "id: ppc2-seminars-held")],
    ),
    "unknown-reference": (
        [("ppc-02", "depends_on: [ppc1-seminar]", "depends_on: [ppc1-seminr]")],
        [("ppc-02", "depends_on: [ppc1-seminar]", "depends_on: [ppc1-assessment]")],
    ),
    "wrong-reference": (
        [("ppc-01", "lead: uniap", "lead: act-1")],
        [("ppc-01", "lead: uniap", "lead: uniap")],
    ),
    "self-linkage": (
        [("ppc-02", "  - to: ppc-1", "  - to: ppc-2")],
        [("ppc-02", "  - to: ppc-1", "  - to: act-1")],
    ),
    "activity-outside-ppc": (
        [("ppc-01", SEMINAR_END, SEMINAR_END + "    activities: [act-2]\n")],
        [("ppc-01", SEMINAR_END, SEMINAR_END + "    activities: [act-1]\n")],
    ),
    "bad-pair": (
        [("ppc-02", "country_pairs: [[KH, TH]]", "country_pairs: [[KH, KH]]")],
        [("ppc-02", "country_pairs: [[KH, TH]]", "country_pairs: [[TH, KH]]")],
    ),
    "activity-twice": (
        [("ppc-02", "activities: [act-2]", "activities: [act-2, act-1]")],
        [("ppc-02", "activities: [act-2]", "activities: [act-2, act-2]")],
    ),
    "activity-uncovered": (
        [
            (
                "plan",
                "    title: Seminar on bilateral agreements\n",
                "    title: Seminar on bilateral agreements\n" + NEW_ACTIVITY,
            )
        ],
        [
            (
                "plan",
                "    title: Seminar on bilateral agreements\n",
                "    title: Seminar on bilateral agreements\n" + NEW_ACTIVITY,
            ),
            ("ppc-02", "activities: [act-2]", "activities: [act-2, act-3]"),
        ],
    ),
    "no-window": (
        [("ppc-01", "    window: 2005-H2\n", "")],
        [("ppc-01", "    window: 2005-H2\n", "    window: 2005\n")],
    ),
    "outside-period": (
        [("ppc-01", "window: 2005-H2", "window: 2008-H1")],
        [("ppc-01", "window: 2005-H2", "window: 2007-H2")],
    ),
    "actual-outside-period": (
        [after_assessment("    status: done\n    actual: {start: 2004-12-01, end: 2005-01-10}\n")],
        [after_assessment("    status: done\n    actual: {start: 2005-01-01, end: 2005-01-10}\n")],
    ),
    "done-without-date": (
        [after_assessment("    status: done\n    actual: {start: 2005-11-01}\n")],
        [after_assessment("    status: done\n    actual: {start: 2005-11-01, end: 2005-12-01}\n")],
    ),
    "dependency-still-planned": (
        [after_seminar("    status: in_progress\n    actual: {start: 2006-01-10}\n")],
        [
            after_seminar("    status: in_progress\n    actual: {start: 2006-01-10}\n"),
            after_assessment("    status: in_progress\n    actual: {start: 2005-08-01}\n"),
        ],
    ),
    "shorter-than-minimum": (
        [after_seminar("    status: done\n    actual: {start: 2006-03-01, end: 2006-03-01}\n")],
        [after_seminar("    status: done\n    actual: {start: 2006-03-01, end: 2006-03-02}\n")],
    ),
    "actual-in-future": (
        [after_assessment("    status: in_progress\n    actual: {start: 2006-07-01}\n")],
        [after_assessment("    status: in_progress\n    actual: {start: 2006-06-30}\n")],
    ),
    "value-contradicts-milestones": (
        [
            *counted_seminar(),
            ("ppc-01", INDICATOR_END, INDICATOR_END + "    values: {2006-H1: 2}\n"),
        ],
        [
            *counted_seminar(),
            ("ppc-01", INDICATOR_END, INDICATOR_END + "    values: {2006-H1: 1}\n"),
        ],
    ),
    "actual-not-started": (
        [after_assessment("    status: planned\n    actual: {start: 2005-08-01}\n")],
        [after_assessment("    status: in_progress\n    actual: {start: 2005-08-01}\n")],
    ),
    "actual-end-open": (
        [
            after_assessment(
                "    status: in_progress\n    actual: {start: 2005-08-01, end: 2005-09-01}\n"
            )
        ],
        [after_assessment("    status: done\n    actual: {start: 2005-08-01, end: 2005-09-01}\n")],
    ),
    "decision-unrecorded": (
        [after_assessment("    status: postponed\n")],
        [
            after_assessment(
                "    status: postponed\n    postponed: {date: 2005-06-01, reason: No funds}\n"
            )
        ],
    ),
    "cancellation-not-cancelled": (
        [
            after_assessment(
                "    status: planned\n    cancelled: {date: 2005-06-01, reason: Merged}\n"
            )
        ],
        [
            after_assessment(
                "    status: cancelled\n    cancelled: {date: 2005-06-01, reason: Merged}\n"
            )
        ],
    ),
    "attendance-outside-range": (
        [
            (
                "ppc-01",
                SEMINAR_END,
                SEMINAR_END
                + "    status: done\n    actual: {end: 2006-05-05}\n    attended: {total: 31}\n",
            )
        ],
        [
            (
                "ppc-01",
                SEMINAR_END,
                SEMINAR_END
                + "    status: done\n    actual: {end: 2006-05-05}\n    attended: {total: 30}\n",
            )
        ],
    ),
    "series-count": (series(1, None, 2), series(1, None, 1)),
    "series-number": (series(1, 1, 2), series(1, 2, 2)),
    "dependency-order": (
        [("ppc-01", "window: 2005-H2", "window: 2007-H1")],
        [("ppc-01", "window: 2005-H2", "window: 2006-H2")],
    ),
    "dependency-cycle": (
        [after_assessment("    depends_on: [ppc2-workshop]\n")],
        [after_assessment("    depends_on: []\n")],
    ),
    "no-indicators": (
        [("ppc-02", PPC_2[PPC_2.index("indicators:") :], "")],
        [("ppc-02", "    target: 1\n", "    target: 2\n")],
    ),
    "bad-period": (
        [("ppc-01", "    target: 1\n", "    target: 1\n    values: {2006-H3: 1}\n")],
        [("ppc-01", "    target: 1\n", "    target: 1\n    values: {2006-H2: 1}\n")],
    ),
    "negative-value": (
        [("ppc-01", "    target: 1\n", "    target: 1\n    values: {2006-H1: {KH: -1}}\n")],
        [
            (
                "ppc-01",
                "    target: 1\n",
                "    target: 1\n    allow_negative: true\n    values: {2006-H1: {KH: -1}}\n",
            )
        ],
    ),
    "update-period": (
        [("ppc-02", "    target: 1\n", "    target: 1\nupdates:\n  2008-H1: {progress: Held.}\n")],
        [("ppc-02", "    target: 1\n", "    target: 1\nupdates:\n  2007-H2: {progress: Held.}\n")],
    ),
    "log-order": (
        [after_assessment(LOG.format("2005-08-02", "2005-08-01"))],
        [after_assessment(LOG.format("2005-08-01", "2005-08-02"))],
    ),
    "no-evaluation": (
        [after_assessment(ASSESSMENT_DONE), ("ppc-01", EVALUATION, "")],
        [after_assessment(ASSESSMENT_DONE)],
    ),
    "inferred-target-unexplained": (
        [("ppc-01", INDICATOR_END, INDICATOR_END + "    target_inferred: true\n")],
        [
            (
                "ppc-01",
                INDICATOR_END,
                INDICATOR_END + "    target_inferred: true\n    notes: Inferred: one seminar.\n",
            )
        ],
    ),
    "value-outside-period": (
        [("ppc-01", "    target: 1\n", "    target: 1\n    values: {2008-H1: 1}\n")],
        [("ppc-01", "    target: 1\n", "    target: 1\n    values: {2007-H2: 1}\n")],
    ),
    "unknown-currency": (
        [funding("pledged", "'1500.50'", "USX")],
        [funding("pledged", "'1500.50'", "USD")],
    ),
    "spent-above-disbursed": (
        [funding("disbursed", "'1500.50'", "USD", spent="'1500.51'")],
        [funding("disbursed", "'1500.50'", "USD", spent="'1500.50'")],
    ),
    "bad-supersedes": (
        [decision("2006-06-01", "som9-d9")],  # supersedes a decision that does not exist
        [decision("2006-06-01", "som1-d1")],
    ),
    "stale-translation": (
        [khmer_title("ppc1-seminar", "Regional seminars")],  # the English says "seminar"
        [khmer_title("ppc1-seminar", "Regional seminar")],
    ),
    "done-without-funding": (
        [REQUIRE_FUNDING, after_assessment(ASSESSMENT_DONE), funding("sought", "1000", "USD")],
        [REQUIRE_FUNDING, after_assessment(ASSESSMENT_DONE), funding("pledged", "1000", "USD")],
    ),
}


def example_plan(root: Path, edits: list[Edit]) -> Path:
    """The base plan with `edits` made, written under `root`; its plan folder."""
    texts = {"plan": HEADER, "ppc-01": PPC_1, "ppc-02": PPC_2, "decisions": DECISIONS}
    texts["km"] = KHMER
    for file, old, new in edits:
        assert old in texts[file], (file, old)
        texts[file] = texts[file].replace(old, new, 1)
    decisions = texts.pop("decisions")
    khmer = texts.pop("km")
    plan_dir = write_plan(root, texts.pop("plan"), texts)
    (plan_dir / "decisions.yaml").write_text(decisions, encoding="utf-8")
    if khmer != KHMER:
        (plan_dir / "i18n").mkdir()
        (plan_dir / "i18n" / "km.yaml").write_text(khmer, encoding="utf-8")
    return plan_dir


def problems_of(root: Path, edits: list[Edit]) -> tuple[Problem, ...]:
    return load_plan(FolderSource(example_plan(root, edits)), today=TODAY).problems


def codes_of(root: Path, edits: list[Edit]) -> set[str]:
    return {problem.code for problem in problems_of(root, edits)}


def test_every_registered_rule_has_examples() -> None:
    assert set(EXAMPLES) == set(RULES)


def test_each_family_registers_its_own_codes_once() -> None:
    codes = [rule.code for family in FAMILIES for rule in family.RULES]
    assert len(codes) == len(set(codes)) == len(RULES)


def test_the_base_plan_breaks_no_rule(tmp_path: Path) -> None:
    assert codes_of(tmp_path, []) == set()


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_the_rule_fires_on_its_example_and_not_on_the_near_miss(tmp_path: Path, code: str) -> None:
    breaking, keeping = EXAMPLES[code]
    found = [p for p in problems_of(tmp_path / "breaks", breaking) if p.code == code]
    assert found
    assert {p.severity for p in found} == {RULES[code].severity}
    assert all(p.line > 0 for p in found)  # located in the file
    assert code not in codes_of(tmp_path / "keeps", keeping)


@pytest.mark.parametrize(
    ("progress", "warned"),
    [
        ("", False),  # nothing started yet (the bundled plan): no evaluation is asked for
        ("    status: in_progress\n    actual: {start: 2005-08-01}\n", True),
        ("    status: postponed\n", False),  # postponed is not started
    ],
)
def test_an_evaluation_is_asked_for_once_work_has_started(
    tmp_path: Path, progress: str, warned: bool
) -> None:
    edits = [after_assessment(progress), ("ppc-01", EVALUATION, "")]
    found = [p for p in problems_of(tmp_path, edits) if p.code == "no-evaluation"]
    assert bool(found) == warned
    assert all("commit set ppc-1 evaluation" in p.fix for p in found)


@pytest.mark.parametrize(
    ("day", "supersedes", "breaks"),
    [
        ("2005-05-31", "som1-d1", True),  # taken before the decision it supersedes
        ("2005-06-01", "som1-d1", False),  # the same day: earlier or not, it may
        ("2006-06-01", "som2-d1", True),  # itself
    ],
)
def test_a_decision_supersedes_only_an_earlier_one(
    tmp_path: Path, day: str, supersedes: str, breaks: bool
) -> None:
    found = [
        p for p in problems_of(tmp_path, [decision(day, supersedes)]) if p.code == "bad-supersedes"
    ]
    assert bool(found) == breaks
    assert all(p.file.endswith("decisions.yaml") and p.line == 3 for p in found)


@pytest.mark.parametrize(("cited", "breaks"), [("som9-d9", True), ("som1-d1", False)])
def test_a_postponement_cites_a_decision_that_exists(
    tmp_path: Path, cited: str, breaks: bool
) -> None:
    lines = (
        "    status: postponed\n"
        f"    postponed: {{date: 2005-07-01, reason: SOM 1 said so., decision: {cited}}}\n"
    )
    found = [
        p
        for p in problems_of(tmp_path, [after_assessment(lines)])
        if "unknown decision" in p.message
    ]
    assert bool(found) == breaks
    assert all(p.code == "unknown-reference" and p.line > 0 for p in found)
