"""The semantic diff: one test per kind of change, and what is no change at all."""

from __future__ import annotations

from typing import Any

from conftest import HEADER, PPC_1, PPC_2

from commit_cli.core.model import PPC, PlanHeader
from commit_cli.core.schema import validated
from commit_cli.history.diff import deltas, diff_states
from commit_cli.yamlio.reader import load_data

SEMINAR_END = "    depends_on: [ppc1-assessment]\n"


def ppc(text: str) -> PPC:
    return validated(PPC, load_data(text)[0])


def header(text: str = HEADER) -> PlanHeader:
    return validated(PlanHeader, load_data(text)[0])


def seminar_with(extra: str) -> str:
    return PPC_1.replace(SEMINAR_END, SEMINAR_END + extra)


def summaries(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(c.kind, c.id, c.summary) for c in diff_states(old, new)]


def one_ppc(before: str, after: str) -> list[tuple[str, str, str]]:
    return summaries({"ppcs/ppc-01.yaml": ppc(before)}, {"ppcs/ppc-01.yaml": ppc(after)})


def test_an_unchanged_plan_has_no_changes() -> None:
    state = {"plan.yaml": header(), "ppcs/ppc-01.yaml": ppc(PPC_1)}
    assert diff_states(state, dict(state)) == []


def test_reformatting_changes_nothing() -> None:
    reformatted = (
        PPC_1.replace("# PPC 1 – a small test PPC\n", "")
        .replace("window: 2005-H2", "window: {start: 2005-07-01, end: 2005-12-31}")
        .replace("activities: [act-1]", "activities:\n  - act-1")
    )
    assert one_ppc(PPC_1, reformatted) == []


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


def test_milestones_added_and_removed() -> None:
    added = PPC_1.replace(
        "indicators:\n",
        "  - id: ppc1-report\n    title: Seminar report\n    kind: report\n    phase: follow_up\n"
        "    window: 2007-H1\nindicators:\n",
    )
    assert one_ppc(PPC_1, added) == [("added", "ppc1-report", "added: Seminar report (2007-H1)")]
    assert one_ppc(added, PPC_1) == [
        ("removed", "ppc1-report", "removed: Seminar report (2007-H1)")
    ]


def test_a_renamed_id_whose_content_stayed_is_a_rename_and_its_references_follow() -> None:
    old = {"a": ppc(PPC_1), "b": ppc(PPC_2)}
    new = {
        "a": ppc(PPC_1.replace("id: ppc1-seminar\n", "id: ppc1-regional-seminar\n")),
        "b": ppc(PPC_2.replace("[ppc1-seminar]", "[ppc1-regional-seminar]")),
    }
    assert summaries(old, new) == [
        ("renamed", "ppc1-regional-seminar", "renamed from ppc1-seminar")
    ]


def test_an_indicator_renamed_and_a_changed_id_is_removed_and_added() -> None:
    renamed = PPC_1.replace("id: ppc1-seminars-held", "id: ppc1-held")
    assert one_ppc(PPC_1, renamed) == [("renamed", "ppc1-held", "renamed from ppc1-seminars-held")]
    changed = renamed.replace("unit: seminars", "unit: events")
    assert [kind for kind, _, _ in one_ppc(PPC_1, changed)] == ["added", "removed"]


def test_a_milestone_moved_to_another_ppc() -> None:
    block = PPC_1[PPC_1.index("  - id: ppc1-seminar") : PPC_1.index("indicators:")]
    old = {"a": ppc(PPC_1), "b": ppc(PPC_2)}
    new = {
        "a": ppc(PPC_1.replace(block, "")),
        "b": ppc(PPC_2.replace("indicators:", block + "indicators:")),
    }
    assert summaries(old, new) == [("moved", "ppc1-seminar", "moved from ppc-1 to ppc-2")]


def test_a_ppc_added_is_one_change() -> None:
    assert summaries({"a": ppc(PPC_1)}, {"a": ppc(PPC_1), "b": ppc(PPC_2)}) == [
        ("added", "ppc-2", "added: PPC 2 Bilateral agreements (1 milestones, 1 indicators)")
    ]
    assert summaries({"a": ppc(PPC_1), "b": ppc(PPC_2)}, {"a": ppc(PPC_1)}) == [
        ("removed", "ppc-2", "removed: PPC 2 Bilateral agreements")
    ]


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


def test_fields_the_model_gains_later_are_compared_generically() -> None:
    old = {"updates": {"2006-H1": {"progress": "Two courses held."}}}
    new = {"updates": {"2006-H1": {"progress": "Two courses held.", "obstacles": "Floods in May."}}}
    (delta,) = deltas((), old, new, {})
    assert (delta.path, delta.old, delta.new) == (
        ("updates", "2006-H1", "obstacles"),
        None,
        "Floods in May.",
    )
    log = [{"date": "2006-03-01", "text": "Venue booked."}]
    (added,) = deltas(("log",), log, [*log, {"date": "2006-03-09", "text": "Invitations out."}], {})
    assert added.new == {"date": "2006-03-09", "text": "Invitations out."}


def test_plan_wide_changes() -> None:
    more = HEADER.replace(
        "partners:\n", "partners:\n  - id: ilo\n    name: ILO\n    kind: un_agency\n"
    ).replace("title: Test plan", "title: Another title")
    assert summaries({"plan.yaml": header()}, {"plan.yaml": header(more)}) == [
        ("field", "test-plan", "title: “Test plan” → “Another title”"),
        ("added", "test-plan", "partners: ilo added"),
    ]


def test_an_unreadable_file_is_left_out() -> None:
    assert summaries({"a": ppc(PPC_1), "b": ppc(PPC_2)}, {"a": ppc(PPC_1), "b": None}) == []
