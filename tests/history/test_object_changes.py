"""How each kind of change to one object reads: one test per kind, through the diff of two
states."""

from __future__ import annotations

from conftest import HEADER, PPC_1
from diff_helpers import header, one_ppc, ppc, seminar_with, summaries

from commit_cli.history.diff import diff_states


def test_status_transition_with_its_date() -> None:
    done = seminar_with("    status: done\n    actual: {start: 2006-03-13, end: 2006-03-14}\n")
    assert one_ppc(PPC_1, done) == [
        ("status", "ppc1-seminar", "planned → done on 2006-03-14"),
        ("actual", "ppc1-seminar", "actual dates set: 2006-03-13 to 2006-03-14"),
    ]


def test_attendance_recorded() -> None:
    held = seminar_with(
        "    status: done\n    actual: {start: 2006-03-13, end: 2006-03-14}\n"
        "    attended: {total: 27, women: 12, men: 15, by_country: {KH: 5, TH: 6}}\n"
    )
    changes = one_ppc(PPC_1, held)
    assert (
        "attended",
        "ppc1-seminar",
        "attendance recorded: 27 (12 women; 15 men; KH 5, TH 6)",
    ) in changes


def test_postponement_with_reason_and_the_window_slip() -> None:
    postponed = PPC_1.replace("window: 2005-H2", "window: 2006-H1").replace(
        "    lead: uniap\n",
        "    lead: uniap\n    status: postponed\n"
        "    postponed: {date: 2005-11-02, reason: No funds yet., from_window: 2005-H2}\n",
    )
    assert one_ppc(PPC_1, postponed) == [
        ("window", "ppc1-assessment", "window moved: 2005-H2 → 2006-H1 (slip +181 days)"),
        ("status", "ppc1-assessment", "planned → postponed on 2005-11-02"),
        ("postponed", "ppc1-assessment", "postponed on 2005-11-02: No funds yet. (from 2005-H2)"),
    ]


POSTPONED = "    postponed: {date: 2005-11-02, reason: No funds yet., from_window: 2005-H2"


def _postponed(extra: str = "") -> str:
    return PPC_1.replace("window: 2005-H2", "window: 2006-H1").replace(
        "    lead: uniap\n",
        f"    lead: uniap\n    status: postponed\n{POSTPONED}{extra}}}\n",
    )


def test_a_postponement_that_cites_a_decision_says_so() -> None:
    changes = diff_states({"p": ppc(PPC_1)}, {"p": ppc(_postponed(", decision: som3-d4"))})
    (postponed,) = [c for c in changes if c.kind == "postponed"]
    assert postponed.summary == (
        "postponed on 2005-11-02 (decision som3-d4): No funds yet. (from 2005-H2)"
    )
    assert postponed.decision == "som3-d4"
    assert all(c.decision is None for c in changes if c is not postponed)


def test_a_decision_cited_later_is_its_own_change_and_one_dropped_too() -> None:
    plain, cited = _postponed(), _postponed(", decision: som3-d4")
    assert one_ppc(plain, cited) == [
        ("postponed", "ppc1-assessment", "postponement now cites a decision (decision som3-d4)")
    ]
    assert one_ppc(cited, plain) == [
        ("postponed", "ppc1-assessment", "postponement no longer cites decision som3-d4")
    ]


def test_a_cited_decision_reads_with_its_meeting_and_day_from_the_book() -> None:
    from datetime import date

    from commit_cli.core.model import Decision
    from commit_cli.history.changes import citing

    som = Decision(id="som3-d4", meeting="SOM 3", date=date(2006, 5, 17), text="Later.")
    changes = diff_states({"p": ppc(PPC_1)}, {"p": ppc(_postponed(", decision: som3-d4"))})
    worded = {c.kind: c.summary for c in citing(changes, [som])}
    assert worded["postponed"] == (
        "postponed on 2005-11-02 (decision som3-d4, SOM 3, 2006-05-17): No funds yet."
        " (from 2005-H2)"
    )
    assert worded["window"] == "window moved: 2005-H2 → 2006-H1 (slip +181 days)"
    other = Decision(id="som3-d", meeting="SOM 3", date=date(2006, 5, 17), text="Other.")
    assert citing(changes, [other]) == changes  # a decision the book does not hold: its id


def test_a_cancellation_that_cites_a_decision_says_so() -> None:
    cancelled = seminar_with(
        "    status: cancelled\n"
        "    cancelled: {date: 2006-02-01, reason: Host withdrew., decision: imm2-d1}\n"
    )
    assert one_ppc(PPC_1, cancelled)[1] == (
        "cancelled",
        "ppc1-seminar",
        "cancelled on 2006-02-01 (decision imm2-d1): Host withdrew.",
    )


def test_a_target_revised_by_a_decision_says_so_once() -> None:
    decided = PPC_1.replace("    target: 1\n", "    target: 2\n    target_decision: som3-d4\n")
    assert one_ppc(PPC_1, decided) == [
        ("target", "ppc1-seminars-held", "target revised: 1 → 2 (decision som3-d4)")
    ]
    cited = PPC_1.replace("    target: 1\n", "    target: 1\n    target_decision: som3-d4\n")
    assert one_ppc(PPC_1, cited) == [
        ("field", "ppc1-seminars-held", "target now cites a decision (decision som3-d4)")
    ]
    assert one_ppc(cited, PPC_1) == [
        ("field", "ppc1-seminars-held", "target no longer cites decision som3-d4")
    ]


def test_cancellation() -> None:
    cancelled = seminar_with(
        "    status: cancelled\n    cancelled: {date: 2006-02-01, reason: Host withdrew.}\n"
    )
    assert one_ppc(PPC_1, cancelled)[1] == (
        "cancelled",
        "ppc1-seminar",
        "cancelled on 2006-02-01: Host withdrew.",
    )


def test_indicator_values_recorded_and_revised() -> None:
    first = PPC_1.replace("    target: 1\n", "    target: 1\n    values: {2006-H1: 1}\n")
    second = PPC_1.replace(
        "    target: 1\n", "    target: 1\n    values: {2006-H1: 2, 2006-H2: {KH: 1, TH: 2}}\n"
    )
    assert one_ppc(PPC_1, first) == [
        ("value", "ppc1-seminars-held", "value for 2006-H1 recorded: 1")
    ]
    assert one_ppc(first, second) == [
        ("value", "ppc1-seminars-held", "value for 2006-H1 revised: 1 → 2"),
        ("value", "ppc1-seminars-held", "value for 2006-H2 recorded: KH 1, TH 2 (total 3)"),
    ]


def test_values_read_as_everywhere_else() -> None:
    """Numbers in history read as the terminal and reports write them (commit_cli.wording)."""
    first = PPC_1.replace("    target: 1\n", "    target: 1\n    values: {2006-H1: 1234}\n")
    second = PPC_1.replace("    target: 1\n", "    target: 1\n    values: {2006-H1: 12345.6}\n")
    assert one_ppc(first, second) == [
        ("value", "ppc1-seminars-held", "value for 2006-H1 revised: 1,234 → 12,345.6")
    ]


def test_target_revised() -> None:
    revised = PPC_1.replace("    target: 1\n", "    target: 2\n    target_max: 3\n")
    (change,) = diff_states({"p": ppc(PPC_1)}, {"p": ppc(revised)})
    assert (change.kind, change.summary) == ("target", "target revised: 1 → 2 to 3")
    assert (change.old, change.new) == (
        {"target": 1.0, "target_max": None},
        {"target": 2.0, "target_max": 3.0},
    )


def test_narratives_added() -> None:
    reviewed = PPC_1 + "review:\n  lessons:\n    - Hold the seminar after the assessment.\n"
    outcome = seminar_with("    outcome: A regional network was agreed.\n")
    assert one_ppc(PPC_1, reviewed) == [
        ("narrative", "ppc-1", "review.lessons added: “Hold the seminar after the assessment.”")
    ]
    assert one_ppc(PPC_1, outcome) == [
        ("narrative", "ppc1-seminar", "outcome added: “A regional network was agreed.”")
    ]


def test_any_other_field_is_a_field_change() -> None:
    bigger = PPC_1.replace("{min: 20, max: 30}", "{min: 20, max: 40}")
    assert one_ppc(PPC_1, bigger) == [("field", "ppc1-seminar", "participants.max: 30 → 40")]
    fewer = PPC_1.replace("countries: [KH, TH]", "countries: [KH]")
    assert one_ppc(PPC_1, fewer) == [("field", "ppc1-seminar", "countries: removed TH")]


def test_plan_wide_changes() -> None:
    more = HEADER.replace(
        "partners:\n", "partners:\n  - id: ilo\n    name: ILO\n    kind: un_agency\n"
    ).replace("title: Test plan", "title: Another title")
    assert summaries({"plan.yaml": header()}, {"plan.yaml": header(more)}) == [
        ("field", "test-plan", "title: “Test plan” → “Another title”"),
        ("added", "test-plan", "partners: ilo added"),
    ]
