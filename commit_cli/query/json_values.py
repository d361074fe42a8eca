"""How query results write values in JSON, the same in every `--json` document: dates as
ISO text and whole numbers as ints (`core.record.iso`, `json_number`: the machine formats
every JSON writer shares), windows as their start and end."""

from __future__ import annotations

from typing import Any

from commit_cli.core.periods import Span
from commit_cli.core.record import iso

JsonDict = dict[str, Any]


def window_json(window: Span | None) -> JsonDict | None:
    return None if window is None else {"start": window.start.isoformat(), "end": iso(window.end)}
