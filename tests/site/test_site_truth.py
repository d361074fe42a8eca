"""The truth invariant of issue 21 applied to the site: nothing dated after the as-of day.
Over random plans with random recorded histories (`plan_histories`), every file of a site
built as of a day (each page, the JSON and CSV exports, the calendar, the search index)
holds no recorded fact dated after that day. In these plans every recorded fact falls on a
day that is neither the first nor the last of its month, and every planned window and due
date on one that is, so any other date after the day is a leak."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plan_histories import RandomPlan, later_facts, random_plans
from site_helpers import build, files

pytestmark = pytest.mark.slow


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=random_plans(), day=st.dates(date(2005, 1, 1), date(2008, 3, 31)))
def test_nothing_dated_after_the_day(tmp_path: Path, plan: RandomPlan, day: date) -> None:
    folder = tmp_path / f"p{abs(hash((id(plan), day)))}"
    written = plan.write(folder)
    site = folder / "site"
    build(written, site, "--as-of", day.isoformat())
    everything = files(site)
    assert len(everything) > 20
    for name, data in everything.items():
        text = data.decode("utf-8")
        assert later_facts(text, day, ics=name.endswith(".ics")) == [], name


def test_the_check_sees_a_later_fact() -> None:
    assert later_facts("done 2006-05-14", date(2006, 5, 13)) == ["2006-05-14"]
    assert later_facts("due 2006-05-31", date(2006, 5, 13)) == []
    assert later_facts("DTSTART:20060514", date(2006, 5, 13), ics=True) == ["20060514"]


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=random_plans(), day=st.dates(date(2005, 1, 1), date(2008, 3, 31)))
def test_what_changed_holds_nothing_after_the_day(
    tmp_path: Path, plan: RandomPlan, day: date
) -> None:
    """With the plan's history in git (each period's events committed on its last day),
    the periods' record of changes holds no change committed, nor fact recorded, after the
    day."""
    folder = tmp_path / f"g{abs(hash((id(plan), day)))}"
    folder.mkdir()
    plan.commit_history(folder)
    site = tmp_path / f"s{abs(hash((id(plan), day)))}"
    build(folder / "plan", site, "--as-of", day.isoformat())
    for name, data in files(site).items():
        if name.startswith("period/"):
            text = data.decode("utf-8")
            assert "history could not be read" not in text
            assert later_facts(text, day) == [], name
