"""The pictures of a report, laid out here so that a template only formats values it is given:
each indicator's figure as a bar against its target, and the participation table's cells with
a shade by level (a heat table).

A bar is drawn from the report's own indicator entry (`indicators.indicator_json`) and sits in
that entry's row of the indicator table, beside the same figures in words: the picture can
never say something the table does not, and it costs the printed report no space. Positions
are in the bar's own units (100 wide), rounded, so the SVG needs no arithmetic.

A heat table takes its counts from the report's participation table; a cell's level (0 for
none, then 1 to `LEVELS`) is a band of the largest count, and the bands are given with their
bounds so the legend states them in numbers.
"""

from __future__ import annotations

import math

from commit_cli.reports.context.pieces import JsonDict

PLOT_START, PLOT_END = 1.0, 97.0  # of a bar's 100 units: a target mark at either end shows
STEP = 0.01  # the positions' precision
LEVELS = 4  # shades of a heat table's cells, beside "none"


def with_bar(indicator: JsonDict) -> JsonDict:
    """The indicator entry with its `bar` (`target_bar`)."""
    return {**indicator, "bar": target_bar(indicator)}


def target_bar(indicator: JsonDict) -> JsonDict | None:
    """The figure an indicator is judged on as a bar from zero, with its target (or the ends
    of its target range) marked across it, on a scale of 100 units that holds zero, the
    figure and the target: positions `zero`, `end` (the figure), `target`, `target_max`.
    None when there is no figure yet or no target (the table says which). The bar carries
    the figures it draws (`value`, `target`, `target_max`, `percent_of_target`), taken from
    the entry, for its text alternative."""
    value, target = indicator["figure"]["value"], indicator["target"]
    target_max = indicator["target_max"]
    if value is None or target is None:
        return None
    ends = [value, target] + ([target_max] if target_max is not None else [])
    low, high = min(0, *ends), max(0, *ends)
    scale = high - low or 1

    def x(number: float) -> float:
        return round(PLOT_START + float(number - low) / scale * (PLOT_END - PLOT_START), 2)

    zero, end, target_x = x(0), x(value), x(target)
    if value < target and end >= target_x:  # short by less than the picture can show:
        if target_x - STEP >= PLOT_START:  # the bar still stops short of its mark
            end = round(target_x - STEP, 2)
        else:
            target_x = round(end + STEP, 2)
    target_max_x = None if target_max is None else max(x(target_max), target_x)
    return {
        "value": value,
        "rule_label": indicator["figure"]["label"],
        "target": target,
        "target_max": target_max,
        "percent_of_target": indicator["figure"]["percent_of_target"],
        "zero": zero,
        "end": end,
        "x": min(zero, end),
        "width": round(abs(end - zero), 2),
        "target_x": target_x,
        "target_max_x": target_max_x,
        # between the ends of a target range: shaded
        "range_width": None if target_max_x is None else round(target_max_x - target_x, 2),
    }


def heat_table(participation: JsonDict) -> JsonDict:
    """The participation table (`summary._participation`'s shape) with a level per count: the
    country cells and the unassigned column are shaded on one scale (the largest of them is
    the top level); the totals are not, as they add the others up."""
    counts = [n for row in participation["rows"] for n in [*row["cells"], row["unassigned"]]]
    top = max(counts, default=0)

    def cell(count: int) -> JsonDict:
        return {"count": count, "level": level(count, top)}

    return {
        "countries": participation["countries"],
        "rows": [
            {
                "ppc": row["ppc"],
                "label": row["label"],
                "short_title": row["short_title"],
                "cells": [cell(n) for n in row["cells"]],
                "unassigned": cell(row["unassigned"]),
                "total": row["total"],
            }
            for row in participation["rows"]
        ],
        "totals": participation["totals"],
        "unassigned": participation["unassigned"],
        "total": participation["total"],
        "bands": bands(top),
    }


def level(count: int, top: int) -> int:
    """0 for none; otherwise the band of `top` the count falls in, 1 to `LEVELS`."""
    if count <= 0 or top <= 0:
        return 0
    return min(LEVELS, math.ceil(LEVELS * count / top))


def bands(top: int) -> list[JsonDict]:
    """The levels a table uses, each with the lowest and highest count it holds (levels no
    count can reach, when the largest count is below `LEVELS`, are left out)."""
    found = [{"level": 0, "low": 0, "high": 0}]
    for shade in range(1, LEVELS + 1):
        low, high = (shade - 1) * top // LEVELS + 1, shade * top // LEVELS
        if low <= high:
            found.append({"level": shade, "low": low, "high": high})
    return found
