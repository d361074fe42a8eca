"""JSON Schemas for the plan's files, generated from the models (never written by hand), for
editors: VS Code's YAML extension reads the `# yaml-language-server: $schema=…` line at the
top of each plan file, then completes keys and shows each field's description.

The schema says what a file may look like; `commit validate` still has the last word (ids
that exist, dates in order, windows inside the plan). Where the YAML accepts more than the
model's stored form, the schema accepts it too: a window may be a period spec (`2006-H1`,
`2006`) as well as `{start, end}`, and a window's ends may be period specs.
"""

from __future__ import annotations

import json
from typing import Any

from commit_cli.core.schema import PPC, DecisionBook, PlanHeader, Translations

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
# File name → (model, title of the schema).
PlanFileModel = type[PlanHeader] | type[PPC] | type[DecisionBook] | type[Translations]
SCHEMAS: dict[str, tuple[PlanFileModel, str]] = {
    "plan.schema.json": (PlanHeader, "plan/plan.yaml: the plan's header"),
    "ppc.schema.json": (PPC, "plan/ppcs/*.yaml: one PPC"),
    "decisions.schema.json": (DecisionBook, "plan/decisions.yaml: the meetings' decisions"),
    "i18n.schema.json": (Translations, "plan/i18n/<lang>.yaml: the plan's titles in a language"),
}
PERIOD_SPEC = {
    "anyOf": [{"type": "string"}, {"type": "integer"}],
    "description": "A period spec: YYYY, YYYY-H1/H2, YYYY-Q1..Q4, YYYY-MM or YYYY-MM-DD.",
}
WINDOW_REF = "#/$defs/Window"


def schema_for(model: PlanFileModel, title: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of plan file."""
    schema = model.model_json_schema(mode="validation")
    schema = {"$schema": SCHEMA_DIALECT, **schema, "title": title}
    window = schema.get("$defs", {}).get("Window")
    if window is not None:
        for end in ("start", "end"):
            field = window["properties"][end]
            field.pop("format", None)
            field.pop("type", None)
            field["anyOf"] = PERIOD_SPEC["anyOf"]
    widened: dict[str, Any] = _widen_window_refs(schema)
    return widened


def _widen_window_refs(node: Any) -> Any:
    """Every place a window goes accepts a period spec as well as `{start, end}`."""
    if isinstance(node, dict):
        if node.get("$ref") == WINDOW_REF and len(node) == 1:
            return {"anyOf": [node, PERIOD_SPEC]}
        return {key: _widen_window_refs(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_widen_window_refs(item) for item in node]
    return node


def schema_texts() -> dict[str, str]:
    """File name → the schema as it is committed under `schema/` (sorted keys, 2-space
    indent, final newline), so a stale copy shows as a diff."""
    return {
        name: json.dumps(schema_for(model, title), indent=2, ensure_ascii=False) + "\n"
        for name, (model, title) in SCHEMAS.items()
    }
