"""A check the picture tests share: a bar is drawn in proportion to its figures."""

from __future__ import annotations

from typing import Any

import pytest

from commit_cli.reports.context.pictures import PLOT_END, PLOT_START


def assert_drawn_in_proportion(bar: dict[str, Any]) -> None:
    """The bar runs from zero to the figure and the target mark stands at the target, on
    one scale inside the picture: the bar reaches the mark exactly when the figure reaches
    the target."""
    positions = [bar["zero"], bar["end"], bar["target_x"]]
    if bar["target_max_x"] is not None:
        positions.append(bar["target_max_x"])
    assert all(PLOT_START <= x <= PLOT_END for x in positions), bar
    assert bar["x"] == min(bar["zero"], bar["end"])
    assert bar["width"] == pytest.approx(abs(bar["end"] - bar["zero"]), abs=0.011)
    if bar["value"] >= bar["target"]:
        assert bar["end"] >= bar["target_x"], bar
    else:
        assert bar["end"] < bar["target_x"], bar
    span = bar["target_x"] - bar["zero"]
    if abs(span) >= 10:  # one scale: the figure is as far from zero as the target, in ratio
        ratio = bar["value"] / bar["target"]
        assert bar["end"] - bar["zero"] == pytest.approx(ratio * span, abs=0.02 * (1 + abs(ratio)))
