"""Differences in plain data, as deep as the data is keyed."""

from __future__ import annotations

from commit_cli.history.deltas import deltas


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
