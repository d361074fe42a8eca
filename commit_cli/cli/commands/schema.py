"""`commit schema`: the JSON Schemas of the plan's files, for editors."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from commit_cli.cli import output
from commit_cli.cli.exits import OK, handle_errors
from commit_cli.cli.options import PlanOption


@handle_errors
def schema(
    output_dir: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            help="The folder to write plan.schema.json and ppc.schema.json into (created if"
            " missing).",
        ),
    ] = Path("schema"),
    plan: PlanOption = None,
) -> int:
    """Write JSON Schemas for plan.yaml and PPC files, generated from the model.

    Point a plan file at them with a first line such as
    `# yaml-language-server: $schema=../schema/plan.schema.json` and VS Code's YAML
    extension completes keys and shows each field's description.

    Example: commit schema -o schema/
    """
    from commit_cli.core.jsonschema import schema_texts
    from commit_cli.errors import EnvironmentFailure
    from commit_cli.export.files import check_outputs, make_output_folder, write_text_atomically
    from commit_cli.plan.sources import find_plan_dir

    try:
        plan_dir = find_plan_dir(plan)
    except EnvironmentFailure:
        plan_dir = Path("plan")
    make_output_folder(output_dir, plan_dir)
    texts = schema_texts()
    check_outputs([output_dir / name for name in texts], plan_dir)
    for name, text in texts.items():
        write_text_atomically(output_dir / name, text, plan_dir)
        output.error_line(f"wrote {output_dir / name}")
    return OK
