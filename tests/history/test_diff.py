"""The semantic diff of two states: objects matched by id wherever they sit (added, removed,
renamed, moved), and what is no change at all."""

from __future__ import annotations

from conftest import PPC_1, PPC_2
from diff_helpers import header, one_ppc, ppc, summaries

from commit_cli.history.diff import diff_states


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


def test_an_unreadable_file_is_left_out() -> None:
    assert summaries({"a": ppc(PPC_1), "b": ppc(PPC_2)}, {"a": ppc(PPC_1), "b": None}) == []
