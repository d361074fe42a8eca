"""What is shown of one indicator: its verdict against the target."""

from __future__ import annotations

import pytest

from commit_cli.core.indicators import verdict
from commit_cli.query.rows import IndicatorRow


@pytest.mark.parametrize(
    ("target", "cumulative", "met"),
    [(40, 40, True), (40, 39.5, False), (40, 41, True), (None, 40, None), (40, None, None)],
)
def test_an_indicator_is_met_from_its_target_on(
    target: float | None, cumulative: float | None, met: bool | None
) -> None:
    judged = verdict(cumulative, 0, target)
    row = IndicatorRow(
        id="i",
        ppc="ppc-1",
        title="t",
        unit="u",
        baseline=0,
        target=target,
        target_max=None,
        latest_period=None if cumulative is None else "2006-H1",
        latest_value=cumulative,
        order=1,
        cumulative=cumulative,
        verdict=judged,
    )
    assert row.met is met
