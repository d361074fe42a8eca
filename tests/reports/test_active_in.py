"""`facts.active_in`, which compares days as they are, is the test it replaced (each window
and each actual span made a `Span` and asked whether it overlaps), for any window, actual
dates, postponement and cancellation, and any span."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from commit_cli.core.periods import Span, span_of
from commit_cli.reports.context.facts import active_in

DAY = st.integers(0, 40).map(lambda n: date(2006, 1, 1) + timedelta(days=n))
SPAN = st.tuples(DAY, DAY).map(lambda days: Span(min(days), max(days)))
RECORD = st.none() | DAY.map(lambda day: SimpleNamespace(date=day))
MILESTONE = st.builds(
    SimpleNamespace,
    window=st.none() | SPAN,
    actual=st.none() | st.builds(SimpleNamespace, start=st.none() | DAY, end=st.none() | DAY),
    postponed=RECORD,
    cancelled=RECORD,
)


def active_in_as_it_was(milestone: Any, span: Span) -> bool:
    window, actual = milestone.window, milestone.actual
    if window is not None and span_of(window).overlaps(span):
        return True
    if actual is not None and actual.start is not None:
        end = actual.end or actual.start
        if Span(actual.start, max(end, actual.start)).overlaps(span):
            return True
    if actual is not None and actual.end is not None and span.contains(actual.end):
        return True
    for record in (milestone.postponed, milestone.cancelled):
        if record is not None and span.contains(record.date):
            return True
    return False


@settings(max_examples=400, deadline=None)
@given(MILESTONE, SPAN)
def test_active_in_is_the_overlap_of_spans(milestone: Any, span: Span) -> None:
    assert active_in(milestone, span) == active_in_as_it_was(milestone, span)
