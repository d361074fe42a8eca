"""JSON as every command writes it, and the whole validated plan as one JSON document."""

from __future__ import annotations

import json
from typing import Any

from commit_cli.core.model import Plan
from commit_cli.safetext import json_safe


def json_text(document: Any) -> str:
    """One JSON document: 2-space indented, UTF-8 (\\u escapes only for control, bidi and
    line-separator characters, which must not reach a terminal raw), strictly valid (no
    NaN), with a final newline."""
    return json_safe(json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False)) + "\n"


def plan_document(plan: Plan) -> dict[str, Any]:
    """The plan as JSON-ready data (dates as ISO strings), in the model's field order."""
    return plan.model_dump(mode="json")
