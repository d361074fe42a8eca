"""The plan model: what a file may say, and the extensions the COMMIT text needed."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from commit_cli.core.conversion import validated
from commit_cli.core.indicators import period_total
from commit_cli.core.model import PPC, Activity, Indicator, Linkage, Milestone


def milestone(**fields: Any) -> Milestone:
    return validated(
        Milestone, {"id": "m1", "title": "Seminar", "kind": "seminar", "phase": "core", **fields}
    )


@pytest.mark.parametrize(
    ("window", "start", "end"),
    [
        ("2006-H1", date(2006, 1, 1), date(2006, 6, 30)),
        ("2006-H2", date(2006, 7, 1), date(2006, 12, 31)),
        (2007, date(2007, 1, 1), date(2007, 12, 31)),
        ("2006-Q3", date(2006, 7, 1), date(2006, 9, 30)),
        ("2006-02", date(2006, 2, 1), date(2006, 2, 28)),
        ({"start": "2005-H2", "end": 2007}, date(2005, 7, 1), date(2007, 12, 31)),
        ({"start": "2005-03-04", "end": "2005-03-08"}, date(2005, 3, 4), date(2005, 3, 8)),
    ],
)
def test_window_accepts_period_specs(window: object, start: date, end: date) -> None:
    parsed = milestone(window=window).window
    assert parsed is not None
    assert (parsed.start, parsed.end) == (start, end)


@pytest.mark.parametrize(
    ("window", "message"),
    [
        ("2006-H3", "is not a period"),
        ("2006-13", "has month 13"),
        ({"start": "2006-02-30", "end": 2006}, "valid date"),
        ({"start": 2007, "end": 2006}, "starts (2007-01-01) after it ends (2006-12-31)"),
    ],
)
def test_window_rejects_bad_specs(window: object, message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        milestone(window=window)


def test_unknown_keys_are_errors() -> None:
    with pytest.raises(ValidationError, match=r"extra_forbidden|Extra inputs"):
        milestone(titel="typo")


def test_cross_cutting_activity_has_no_area() -> None:
    activity = validated(Activity, {"id": "act-18", "number": 18, "title": "Maintain Task Forces"})
    assert activity.area is None


def test_linkage_may_name_no_target_but_then_needs_a_note() -> None:
    assert validated(Linkage, {"note": "links to reviews under other activities"}).to is None
    with pytest.raises(ValidationError, match="a linkage needs"):
        validated(Linkage, {})


def test_indicator_target_range() -> None:
    base = {"id": "i", "title": "Trained", "unit": "people"}
    ranged = validated(Indicator, {**base, "target": 120, "target_max": 180})
    assert (ranged.target, ranged.target_max) == (120, 180)
    with pytest.raises(ValidationError, match="target_max needs a target"):
        validated(Indicator, {**base, "target": 200, "target_max": 180})


def test_an_inferred_target_needs_a_target() -> None:
    base = {"id": "i", "title": "Trained", "unit": "people"}
    assert not validated(Indicator, {**base, "target": 1}).target_inferred
    assert validated(Indicator, {**base, "target": 1, "target_inferred": True}).target_inferred
    with pytest.raises(ValidationError, match="no target to infer"):
        validated(Indicator, {**base, "target_inferred": True})


def test_pairs_to_choose_cannot_exceed_the_pairs() -> None:
    with pytest.raises(ValidationError, match="only 1 country pairs"):
        milestone(country_pairs=[["LA", "TH"]], pairs_to_choose=2)


def test_ppc_requires_its_core_fields() -> None:
    with pytest.raises(ValidationError) as caught:
        validated(PPC, {"id": "ppc-1"})
    missing = {error["loc"][0] for error in caught.value.errors() if error["type"] == "missing"}
    assert missing == {"label", "title", "short_title", "activities", "objective"}


# --- recorded progress ---------------------------------------------------------------------


def test_attendance_by_sex_and_country() -> None:
    held = milestone(attended={"total": 27, "women": 12, "men": 15, "by_country": {"KH": 5}})
    assert held.attended is not None
    assert (held.attended.total, held.attended.women, held.attended.by_country) == (
        27,
        12,
        {"KH": 5},
    )


@pytest.mark.parametrize(
    ("attended", "message"),
    [
        ({"total": 20, "women": 12, "men": 9}, "women and men (21) are more than the total (20)"),
        ({"total": 5, "by_country": {"KH": 3, "TH": 3}}, "by country (6) is more than the total"),
        ({"total": -1}, "greater than or equal to 0"),
        ({"total": 5, "women": -2}, "greater than or equal to 0"),
        ({"total": 5, "by_country": {"kh": 1}}, "pattern"),
    ],
)
def test_attendance_parts_never_exceed_the_total(attended: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        milestone(attended=attended)


def test_postponement_keeps_the_window_it_replaced() -> None:
    slipped = milestone(
        status="postponed",
        window="2007-H1",
        postponed={"date": "2006-05-02", "reason": "No funds", "from_window": "2006-H1"},
    )
    assert slipped.postponed is not None
    assert slipped.postponed.from_window is not None
    assert slipped.postponed.from_window.start == date(2006, 1, 1)
    assert slipped.postponed.date == date(2006, 5, 2)
    with pytest.raises(ValidationError, match="reason"):
        milestone(status="cancelled", cancelled={"date": "2006-05-02"})


def test_indicator_values_by_country_total_their_sum() -> None:
    indicator = validated(
        Indicator,
        {"id": "i1", "title": "Plans", "unit": "plans", "values": {"2006-H1": {"KH": 1, "TH": 2}}},
    )
    assert period_total(indicator.values["2006-H1"]) == 3
    assert period_total(4) == 4


def test_a_milestone_log_holds_dated_notes() -> None:
    noted = milestone(log=[{"date": "2006-01-20", "by": "Dara", "text": "Venue booked."}])
    assert noted.log[0].date == date(2006, 1, 20)
    assert noted.log[0].by == "Dara"
    with pytest.raises(ValidationError, match="by"):
        milestone(log=[{"date": "2006-01-20", "text": "Who wrote this?"}])


def test_a_period_update_must_say_something() -> None:
    base = {"id": "ppc-1", "label": "PPC 1", "title": "T", "short_title": "S"}
    ppc = validated(
        PPC, {**base, "activities": [], "objective": "O", "updates": {2006: {"progress": "Held."}}}
    )
    assert list(ppc.updates) == ["2006"]  # a year key reads as its label
    with pytest.raises(ValidationError, match="an update needs"):
        validated(PPC, {**base, "activities": [], "objective": "O", "updates": {"2006-H1": {}}})


def test_indicators_may_allow_negative_numbers() -> None:
    indicator = validated(
        Indicator,
        {"id": "i1", "title": "Change", "unit": "cases", "allow_negative": True, "target": -3},
    )
    assert indicator.allow_negative
    assert indicator.target == -3


def test_field_order_follows_the_model() -> None:
    from commit_cli.core.fields import field_order

    assert field_order(PPC, ("milestones", 0))[:4] == ["id", "title", "kind", "phase"]  # type: ignore[index]
    assert field_order(PPC, ("milestones", 0, "window")) == ["start", "end"]
    assert field_order(PPC, ("indicators", 0, "values")) is None
    assert field_order(PPC, ("updates", "2006-H1")) == ["progress", "obstacles", "next_steps"]
