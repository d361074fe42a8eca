"""How query results write values in JSON, the same in every `--json` document: dates as
ISO text, windows as their start and end, whole numbers as ints."""

from __future__ import annotations

from datetime import date
from typing import Any

from commit_cli.core.periods import Span

JsonDict = dict[str, Any]


def iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def window_json(window: Span | None) -> JsonDict | None:
    return None if window is None else {"start": window.start.isoformat(), "end": iso(window.end)}


def json_number(value: float | None) -> float | int | None:
    """Whole numbers as ints in JSON (3, not 3.0)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value
