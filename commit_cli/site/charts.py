"""An indicator's chart, measured: one bar per reporting period's value, and a line at
the target (and at the baseline), as positions in a fixed SVG view box. The template draws
it; the figures are the query layer's (`IndicatorRow.history`), and the page shows them as
a table too, which is the chart's text alternative."""

from __future__ import annotations

from typing import Any

from commit_cli import wording
from commit_cli.query.rows import IndicatorRow
from commit_cli.wording import gettext as _

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 16, 40  # margins: the scale on the left, periods below


def _y(value: float, top: float) -> float:
    """The height `value` is drawn at, 0 at the bottom of the plot and `top` at its top."""
    plot = HEIGHT - TOP - BOTTOM
    return round(HEIGHT - BOTTOM - plot * (value / top if top else 0.0), 1)


def indicator_chart(row: IndicatorRow) -> dict[str, Any] | None:
    """The chart of `row`'s values against its target; None when nothing is reported."""
    if not row.history:
        return None
    values = [reading.value for reading in row.history]
    marks = [v for v in (row.target, row.target_max, row.baseline) if v is not None]
    top = max([*values, *marks, 0.0])
    top = top * 1.1 if top > 0 else 1.0
    low = min([*values, 0.0])
    if low < 0:  # an indicator may allow negative values: bars start at the lowest one
        top -= low
    slot = (WIDTH - LEFT - RIGHT) / len(values)
    bars = []
    for number, reading in enumerate(row.history):
        y = _y(reading.value - low, top)
        zero = _y(-low, top)
        bars.append(
            {
                "x": round(LEFT + slot * number + slot * 0.15, 1),
                "width": round(slot * 0.7, 1),
                "y": min(y, zero),
                "height": round(abs(zero - y), 1),
                "label": reading.period.label,
                "label_x": round(LEFT + slot * number + slot / 2, 1),
                "value": wording.number(reading.value),
            }
        )
    lines = [
        {"kind": kind, "y": _y(value - low, top), "label": f"{name} {wording.number(value)}"}
        for kind, name, value in (
            ("target", _("target"), row.target),
            ("target", _("target (high end)"), row.target_max),
            ("baseline", _("baseline"), row.baseline),
        )
        if value is not None
    ]
    said = "; ".join(f"{r.period.label}: {wording.number(r.value)}" for r in row.history)
    description = (
        _("Values by reporting period against a target of %(target)s %(unit)s: %(values)s.")
        % {
            "target": wording.number_range(row.target, row.target_max),
            "unit": row.unit,
            "values": said,
        }
        if row.target is not None
        else _("Values by reporting period with no target set: %(values)s.") % {"values": said}
    )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "label_y": HEIGHT - BOTTOM + 18,
        "bars": bars,
        "lines": lines,
        "scale": [
            {"y": _y(value, top), "label": wording.number(round(value + low, 2))}
            for value in (0.0, top / 2, top)
        ],
        "description": description,
    }
